"""Closed vocabularies of the domain (codes in English, labels in i18n)."""

from __future__ import annotations

from datetime import time
from enum import StrEnum


class TaskCategory(StrEnum):
    """The 12 task categories of the seed-004 activity plan."""

    PATIENT_CARE = "patient_care"
    PROCEDURES = "procedures"
    DOCUMENTATION = "documentation"
    MEDICATION = "medication"
    RELATIVES = "relatives"
    SAMPLES = "samples"
    NUTRITION = "nutrition"
    ROUTINE_CHECKS = "routine_checks"
    TRAINING = "training"
    ORDERING = "ordering"
    CLEANING = "cleaning"
    ADMINISTRATION = "administration"


class TimeInterval(StrEnum):
    """The 8 time intervals of the seed-004 activity plan."""

    ANYTIME = "anytime"  # no fixed time, all day all week
    WEEKDAY_DAYTIME = "weekday_daytime"  # can be done in daytime on ordinary weekdays
    H07_09 = "07-09"
    H09_12 = "09-12"
    H12_15 = "12-15"
    H15_18 = "15-18"
    H18_22 = "18-22"
    H22_07 = "22-07"

    @property
    def span(self) -> tuple[time, time]:
        """Clock span the interval's work falls in (end may be before start: crosses midnight)."""
        return INTERVAL_SPANS[self]

    @property
    def hours(self) -> float:
        start, end = self.span
        minutes = (end.hour * 60 + end.minute) - (start.hour * 60 + start.minute)
        if minutes <= 0:
            minutes += 24 * 60
        return minutes / 60


INTERVAL_SPANS: dict[TimeInterval, tuple[time, time]] = {
    TimeInterval.ANYTIME: (time(0, 0), time(0, 0)),
    TimeInterval.WEEKDAY_DAYTIME: (time(8, 0), time(15, 0)),
    TimeInterval.H07_09: (time(7, 0), time(9, 0)),
    TimeInterval.H09_12: (time(9, 0), time(12, 0)),
    TimeInterval.H12_15: (time(12, 0), time(15, 0)),
    TimeInterval.H15_18: (time(15, 0), time(18, 0)),
    TimeInterval.H18_22: (time(18, 0), time(22, 0)),
    TimeInterval.H22_07: (time(22, 0), time(7, 0)),
}

# The six clock intervals that tile the day (the other two are spread over them).
CLOCK_INTERVALS: tuple[TimeInterval, ...] = (
    TimeInterval.H07_09,
    TimeInterval.H09_12,
    TimeInterval.H12_15,
    TimeInterval.H15_18,
    TimeInterval.H18_22,
    TimeInterval.H22_07,
)


class Weekday(StrEnum):
    MON = "mon"
    TUE = "tue"
    WED = "wed"
    THU = "thu"
    FRI = "fri"
    SAT = "sat"
    SUN = "sun"

    @classmethod
    def from_index(cls, index: int) -> Weekday:
        return list(cls)[index % 7]

    @property
    def number(self) -> int:
        """0 for Monday .. 6 for Sunday, as ``date.weekday()``."""
        return list(Weekday).index(self)


class DayType(StrEnum):
    """Day types of the activity plan and staffing requirement."""

    WEEKDAY = "weekday"
    SATURDAY = "saturday"
    SUNDAY = "sunday"
    HOLIDAY = "holiday"


class DayPattern(StrEnum):
    """On which days a task occurs."""

    ALL = "all"
    WEEKDAYS = "weekdays"
    WEEKENDS = "weekends"

    def occurs_on(self, day: DayType) -> bool:
        if self is DayPattern.ALL:
            return True
        if self is DayPattern.WEEKDAYS:
            return day is DayType.WEEKDAY
        return day is not DayType.WEEKDAY


class FrequencyBasis(StrEnum):
    """What a task's frequency counts per."""

    DAY = "day"
    PATIENT_DAY = "patient_day"
    SHIFT = "shift"
    WEEK = "week"
    ADMISSION = "admission"
    DISCHARGE = "discharge"
    OPERATION = "operation"
    OUTPATIENT_VISIT = "outpatient_visit"


class WorkArrangement(StrEnum):
    """Working-time arrangement that sets the weekly-hours basis (Spekter area 10)."""

    DAY = "day"  # day work, 37.5 h
    ROTATION = "rotation"  # two-shift rotation with weekends, 35.5 h
    THREE_SHIFT = "three_shift"  # round-the-clock rotation, 33.6-35.5 h


class ShiftKind(StrEnum):
    DAY = "day"
    EVENING = "evening"
    NIGHT = "night"
    LONG_DAY = "long_day"
    LONG_NIGHT = "long_night"

    @property
    def is_long(self) -> bool:
        return self in (ShiftKind.LONG_DAY, ShiftKind.LONG_NIGHT)

    @property
    def is_night(self) -> bool:
        return self in (ShiftKind.NIGHT, ShiftKind.LONG_NIGHT)


class PlanningMode(StrEnum):
    CYCLIC = "cyclic"  # grunnturnus: an N-week pattern that wraps around
    CALENDAR = "calendar"  # årsturnus/period on real dates
