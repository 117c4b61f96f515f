"""The rule catalogue. ``default_rules(unit)`` gives the rules a unit is planned and checked with."""

from __future__ import annotations

from bemanning.model import Unit

from . import messages  # noqa: F401  (registers the rule texts)
from .base import Rule, Violation
from .coverage import Coverage, OverCoverage, SkillMix, UncoveredPlace, uncovered_places
from .eligibility import (
    AbsenceRule,
    AllowedShifts,
    ArrangementRule,
    CompetenceShifts,
    LongShiftVolunteers,
    MaxShiftLength,
    OneShiftPerDay,
    ShiftDayTypes,
)
from .hours import AveragedHours, ContractHours, NightWorkAverage, WeeklyHours
from .limits import ShiftLimits
from .preferences import Fairness, LongShiftShare, Wishes
from .rest import DailyRest, WeeklyRest
from .sequences import (
    IsolatedDayOff,
    IsolatedWorkDay,
    MaxConsecutiveDays,
    MaxConsecutiveNights,
    RestAfterNights,
)
from .weekends import SundayHolidayWork, SundayOff, WeekendCount, WeekendFrequency, WholeWeekends

RULE_CLASSES: list[type[Rule]] = [
    OneShiftPerDay,
    AbsenceRule,
    ArrangementRule,
    AllowedShifts,
    ShiftDayTypes,
    CompetenceShifts,
    LongShiftVolunteers,
    MaxShiftLength,
    DailyRest,
    WeeklyRest,
    WeeklyHours,
    AveragedHours,
    ContractHours,
    NightWorkAverage,
    WholeWeekends,
    WeekendFrequency,
    WeekendCount,
    SundayHolidayWork,
    SundayOff,
    MaxConsecutiveDays,
    MaxConsecutiveNights,
    RestAfterNights,
    IsolatedWorkDay,
    IsolatedDayOff,
    LongShiftShare,
    ShiftLimits,
    Coverage,
    OverCoverage,
    SkillMix,
    Wishes,
    Fairness,
]


def default_rules(unit: Unit) -> list[Rule]:
    """One configured rule object per rule class, numbers and references from ``unit.rules``."""
    return [cls.from_unit(unit) for cls in RULE_CLASSES]


__all__ = [
    "RULE_CLASSES",
    "AllowedShifts",
    "ShiftDayTypes",
    "ShiftLimits",
    "WeekendCount",
    "AbsenceRule",
    "ArrangementRule",
    "AveragedHours",
    "CompetenceShifts",
    "ContractHours",
    "Coverage",
    "DailyRest",
    "Fairness",
    "IsolatedDayOff",
    "IsolatedWorkDay",
    "LongShiftShare",
    "LongShiftVolunteers",
    "MaxConsecutiveDays",
    "MaxConsecutiveNights",
    "MaxShiftLength",
    "NightWorkAverage",
    "OneShiftPerDay",
    "OverCoverage",
    "RestAfterNights",
    "Rule",
    "SkillMix",
    "SundayHolidayWork",
    "SundayOff",
    "UncoveredPlace",
    "Violation",
    "WeekendFrequency",
    "WeeklyHours",
    "WeeklyRest",
    "WholeWeekends",
    "Wishes",
    "default_rules",
    "uncovered_places",
]
