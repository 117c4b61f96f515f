"""`python -m bemanning` is the same as the `bemanning` command."""

from bemanning.cli import main

main()
