"""bemanning: workforce planning for Norwegian hospital units."""

__version__ = "0.1.0"
