"""The Curtois & Qu (2014) shift-scheduling benchmark instance, as neutral data (no I/O, no solver).

Ids are kept as in the file (employee "A", shift "D"); days are 0-based and day 0 is a Monday.
The penalty and the hard constraints are defined in ``benchmarks/data/curtois/SOURCES.md`` §3;
``bemanning.planning.benchmark.curtois_check`` computes them.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from functools import cached_property


@dataclass(frozen=True)
class CurtoisShift:
    id: str
    minutes: int
    cannot_follow: tuple[str, ...]  # shift ids that may not be worked on the day after this one


@dataclass(frozen=True)
class CurtoisStaff:
    id: str
    max_shifts: dict[str, int]  # per shift id; a shift id missing here may be worked without limit
    max_total_minutes: int
    min_total_minutes: int
    max_consecutive_shifts: int
    min_consecutive_shifts: int
    min_consecutive_days_off: int
    max_weekends: int


@dataclass(frozen=True)
class Request:
    """A shift-on or shift-off request: ``weight`` is charged when it is not met."""

    employee: str
    day: int
    shift: str
    weight: int


@dataclass(frozen=True)
class Cover:
    day: int
    shift: str
    requirement: int
    under_weight: int
    over_weight: int


@dataclass
class CurtoisInstance:
    name: str
    days: int
    shifts: list[CurtoisShift]
    staff: list[CurtoisStaff]
    days_off: dict[str, frozenset[int]] = field(default_factory=dict)
    on_requests: list[Request] = field(default_factory=list)
    off_requests: list[Request] = field(default_factory=list)
    cover: list[Cover] = field(default_factory=list)

    @cached_property
    def shift_by_id(self) -> dict[str, CurtoisShift]:
        return {s.id: s for s in self.shifts}

    @cached_property
    def staff_by_id(self) -> dict[str, CurtoisStaff]:
        return {e.id: e for e in self.staff}

    @property
    def days_off_count(self) -> int:
        return sum(len(v) for v in self.days_off.values())

    def weekends(self) -> list[tuple[int, ...]]:
        """Days 5 and 6 of each week (Saturday, Sunday), clipped to the horizon."""
        out = []
        for start in range(5, self.days, 7):
            out.append(tuple(d for d in (start, start + 1) if d < self.days))
        return out

    def max_shifts_of(self, employee: str, shift: str) -> int:
        return self.staff_by_id[employee].max_shifts.get(shift, self.days)

    def may_work(self, employee: str, day: int, shift: str) -> bool:
        """False when a days-off entry or a zero max-shifts limit rules the shift out up front."""
        return day not in self.days_off.get(employee, frozenset()) and self.max_shifts_of(employee, shift) > 0
