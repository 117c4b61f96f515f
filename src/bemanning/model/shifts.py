"""Shift types (vakttyper) with real clock times."""

from __future__ import annotations

from datetime import time

from pydantic import Field, model_validator

from .base import DomainModel, Identifier, Name, domain_error
from .enums import DayType, ShiftKind


def _minutes(t: time) -> int:
    return t.hour * 60 + t.minute


class ShiftType(DomainModel):
    """A shift type. A shift whose end is at or before its start must be marked ``overnight``."""

    code: Identifier
    name: Name
    kind: ShiftKind
    start: time
    end: time
    overnight: bool = False
    break_minutes: int = Field(default=30, ge=0, le=120)
    break_paid: bool = Field(
        default=True, description="Break counts as working time when staff cannot leave the ward (AML §10-9)"
    )
    paid_hours: float | None = Field(default=None, gt=0, le=24)
    covers: list[Identifier] = Field(
        default_factory=list,
        description="Composite cover: one worker on this shift fills one place of each listed shift of the group",
    )
    day_types: list[DayType] = Field(
        default_factory=lambda: list(DayType),
        description="Day types the shift may be worked on (e.g. only saturday and sunday)",
    )
    required_competences: list[Identifier] = Field(
        default_factory=list,
        description="Only staff holding every listed competence on the day may work the shift",
    )

    @model_validator(mode="after")
    def _check_times(self) -> ShiftType:
        crosses = _minutes(self.end) <= _minutes(self.start)
        if crosses and not self.overnight:
            raise domain_error(
                "shift_end_before_start",
                "shift '{code}' ends ({end}) before it starts ({start}) but is not marked overnight",
                code=self.code,
                start=self.start.strftime("%H:%M"),
                end=self.end.strftime("%H:%M"),
            )
        if self.overnight and not crosses:
            raise domain_error(
                "shift_overnight_not_crossing",
                "shift '{code}' is marked overnight but does not cross midnight",
                code=self.code,
            )
        if self.code in self.covers:
            raise domain_error("shift_covers_itself", "shift '{code}' lists itself in 'covers'", code=self.code)
        if not self.day_types:
            raise domain_error("shift_no_day_types", "shift '{code}' has no day types", code=self.code)
        if self.break_minutes >= self.duration_minutes:
            raise domain_error("shift_break_too_long", "shift '{code}': break is as long as the shift", code=self.code)
        return self

    @property
    def start_minute(self) -> int:
        """Minutes after midnight of the shift's own day."""
        return _minutes(self.start)

    @property
    def end_minute(self) -> int:
        """Minutes after midnight of the shift's own day; above 1440 when it crosses midnight."""
        end = _minutes(self.end)
        return end + 24 * 60 if self.overnight else end

    @property
    def duration_minutes(self) -> int:
        return self.end_minute - self.start_minute

    @property
    def duration_hours(self) -> float:
        return self.duration_minutes / 60

    @property
    def working_hours(self) -> float:
        """Hours counted as working time (break included when it is paid)."""
        if self.paid_hours is not None:
            return self.paid_hours
        unpaid = 0 if self.break_paid else self.break_minutes
        return (self.duration_minutes - unpaid) / 60

    @property
    def is_long(self) -> bool:
        return self.kind.is_long

    @property
    def is_night(self) -> bool:
        return self.kind.is_night
