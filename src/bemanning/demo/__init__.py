"""The embedded demo units: the medical ward (default) and the surgical ward."""

from bemanning.i18n import register

from .medical_ward import build_demo_unit
from .surgical_ward import build_surgical_unit

DEMO_UNITS = {"medisinsk": build_demo_unit, "kirurgisk": build_surgical_unit}

register(
    {
        "demo_unknown_unit": {
            "no": "ukjent demoenhet «{name}»; velg en av {choices}",
            "en": "unknown demo unit '{name}'; choose one of {choices}",
        }
    }
)

__all__ = ["DEMO_UNITS", "build_demo_unit", "build_surgical_unit"]
