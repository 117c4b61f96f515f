"""The embedded demo units: the medical ward (default) and the surgical ward."""

from .medical_ward import build_demo_unit
from .surgical_ward import build_surgical_unit

DEMO_UNITS = {"medisinsk": build_demo_unit, "kirurgisk": build_surgical_unit}

__all__ = ["DEMO_UNITS", "build_demo_unit", "build_surgical_unit"]
