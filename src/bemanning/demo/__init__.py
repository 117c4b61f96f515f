"""The embedded demo unit."""

from .medical_ward import build_demo_unit

__all__ = ["build_demo_unit"]
