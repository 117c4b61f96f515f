"""Roster planning settings, wishes and known absence."""

from __future__ import annotations

import datetime as dt
from enum import StrEnum

from pydantic import Field, model_validator

from .base import DomainModel, Identifier, domain_error
from .enums import PlanningMode


class RosterSettings(DomainModel):
    mode: PlanningMode = PlanningMode.CYCLIC
    cycle_weeks: int = Field(default=6, ge=1, le=52)
    start_date: dt.date = Field(default=dt.date(2027, 1, 4), description="A Monday; first day of the plan")
    end_date: dt.date | None = Field(default=None, description="Calendar mode: last day (inclusive)")

    @model_validator(mode="after")
    def _check(self) -> RosterSettings:
        if self.end_date is not None and self.end_date < self.start_date:
            raise domain_error("roster_end_before_start", "roster end date is before its start date")
        return self


class Wish(DomainModel):
    """A wish (ønsketurnus): on a day, want or not want a shift (or a day off when ``shift`` is empty).

    ``day`` is the 0-based day of the cycle (cyclic mode); ``date`` a calendar date.
    """

    employee: Identifier
    day: int | None = Field(default=None, ge=0, le=366)
    date: dt.date | None = None
    shift: Identifier | None = None
    want: bool = True
    weight: int = Field(default=1, ge=1, le=100)

    @model_validator(mode="after")
    def _check(self) -> Wish:
        if (self.day is None) == (self.date is None):
            raise domain_error("wish_day_or_date", "a wish needs exactly one of 'day' and 'date'")
        return self


class AbsenceKind(StrEnum):
    VACATION = "vacation"
    SICK = "sick"
    COURSE = "course"
    LEAVE = "leave"
    OTHER = "other"

    @property
    def code(self) -> str:
        """The absence code in roster files (the ``shift_code`` of an absence row)."""
        return ABSENCE_CODES[self][0]

    def label(self, lang: str = "no") -> str:
        return ABSENCE_CODES[self][1 if lang == "no" else 2]

    @classmethod
    def from_code(cls, code: str) -> AbsenceKind | None:
        """The kind of an absence code (case-insensitive), None when ``code`` is no absence code."""
        return _KIND_OF_CODE.get(code.strip().upper())


# The one list of absence codes (docs/roster.md, docs/trust.md): kind → (code, Norwegian, English).
ABSENCE_CODES: dict[AbsenceKind, tuple[str, str, str]] = {
    AbsenceKind.SICK: ("SYK", "Sykefravær", "Sick leave"),
    AbsenceKind.VACATION: ("FER", "Ferie", "Vacation"),
    AbsenceKind.LEAVE: ("PERM", "Permisjon", "Leave"),
    AbsenceKind.COURSE: ("KURS", "Kurs", "Course"),
    AbsenceKind.OTHER: ("ANNET", "Annet fravær", "Other absence"),
}
_KIND_OF_CODE = {code: kind for kind, (code, _, _) in ABSENCE_CODES.items()}


class Absence(DomainModel):
    """Known absence from ``start`` to ``end`` (both included). It binds cyclic and calendar rosters on
    its dates. Sick leave is health data: shown only to roles that need it."""

    employee: Identifier
    start: dt.date
    end: dt.date
    kind: AbsenceKind = AbsenceKind.VACATION
    credit_hours: float | None = Field(
        default=None, ge=0, le=24,
        description="Hours credited per day toward contract hours instead of the contract's daily share "
        "(a repair credits the shift the sick day took away; 0 for a planned day off)",
    )

    @model_validator(mode="after")
    def _check(self) -> Absence:
        if self.end < self.start:
            raise domain_error("absence_end_before_start", "absence of '{employee}' ends before it starts",
                               employee=self.employee)
        return self

    def covers(self, date: dt.date) -> bool:
        return self.start <= date <= self.end
