"""Consoles for the command line: full width on a terminal, never cut or wrapped when piped."""

from __future__ import annotations

import sys

from rich.console import Console

# A file or another program reads piped output: a line must not be cut at 80 columns (rich's default
# without a terminal), so summaries such as `scenario compare`'s cost figures stay whole.
PIPED_WIDTH = 10_000


def make_console(stderr: bool = False) -> Console:
    stream = sys.stderr if stderr else sys.stdout
    return Console(stderr=stderr, width=None if stream.isatty() else PIPED_WIDTH)
