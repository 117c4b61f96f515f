"""Who may work what: one shift per day, planned absence, work arrangement, long shifts, shift length."""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass
from typing import ClassVar

from bemanning.model import DayType, Unit, WorkArrangement

from ..context import EmployeeInfo, RosterContext
from ..model_builder import RosterModel
from ..view import RosterView
from .base import Rule, Violation


@dataclass
class OneShiftPerDay(Rule):
    """At most one shift starts per employee and day (the model is built that way)."""

    code: ClassVar[str] = "one_shift_per_day"
    setting: ClassVar[str] = "one_shift_per_day"

    def add_to_model(self, m: RosterModel) -> None:
        return None  # structural: the builder links the day's shifts with Σ x ≤ 1

    def check(self, view: RosterView) -> list[Violation]:
        return [
            self.violation(view, employee, [day], shifts=", ".join(codes))
            for employee, day, codes in view.duplicates
        ]


class _Forbidding(Rule):
    """A rule that forbids some (employee, day, shift) outright; soft: a penalty per such shift."""

    def bans(self, ctx: RosterContext, employee: EmployeeInfo, day: int, code: str) -> bool:
        raise NotImplementedError

    def forbidden(self, ctx: RosterContext) -> Iterable[tuple[str, int, str]]:
        if not self.hard:
            return
        for e in ctx.employees:
            for d in range(ctx.n):
                for code in ctx.shifts:
                    if self.bans(ctx, e, d, code):
                        yield e.id, d, code

    def add_to_model(self, m: RosterModel) -> None:
        if self.hard:
            return None  # the builder creates no variable for a forbidden shift
        for e in m.employees:
            for d in range(m.ctx.n):
                for code in m.ctx.shifts:
                    if self.bans(m.ctx, e, d, code):
                        m.clause(self, [m.neg(m.shift(e.id, d, code))], name=f"{e.id}_{d}")

    def check(self, view: RosterView) -> list[Violation]:
        out = []
        ctx = view.ctx
        for e in ctx.employees:
            for d, code in sorted(view.plan.get(e.id, {}).items()):
                if self.bans(ctx, e, d, code):
                    out.append(self.violation(view, e.id, [d], shift=code))
        return out


@dataclass
class AbsenceRule(_Forbidding):
    """No work during registered absence: no shift that overlaps an absence day in time (a night into
    the first vacation day counts), in cyclic and calendar rosters alike."""

    code: ClassVar[str] = "absence"
    setting: ClassVar[str] = "absence_respected"

    def bans(self, ctx: RosterContext, employee: EmployeeInfo, day: int, code: str) -> bool:
        return ctx.absent_during(employee.id, day, code)


@dataclass
class ArrangementRule(_Forbidding):
    """Day workers work day shifts on ordinary weekdays only; some staff work no nights."""

    code: ClassVar[str] = "work_arrangement"
    setting: ClassVar[str] = "work_arrangement_respected"

    def bans(self, ctx: RosterContext, employee: EmployeeInfo, day: int, code: str) -> bool:
        shift = ctx.shifts[code]
        if shift.is_night and not employee.works_nights:
            return True
        if employee.arrangement is WorkArrangement.DAY:
            info = ctx.days[day]
            return not shift.is_day or info.weekday >= 5 or info.holiday_name is not None
        return False


@dataclass
class LongShiftVolunteers(_Forbidding):
    """Long shifts (langvakter) only for volunteers."""

    code: ClassVar[str] = "long_shift_volunteers"
    setting: ClassVar[str] = "long_shift_volunteers_only"

    def applies(self, ctx: RosterContext) -> bool:
        return ctx.settings.rules.flag("long_shift_volunteers_only")

    def bans(self, ctx: RosterContext, employee: EmployeeInfo, day: int, code: str) -> bool:
        return ctx.shifts[code].is_long and not employee.long_shift_volunteer


@dataclass
class MaxShiftLength(_Forbidding):
    """No shift longer than the most working hours allowed per 24 h (12.5 h by averaging agreement)."""

    max_hours: float = 12.5
    code: ClassVar[str] = "max_hours_per_day"
    setting: ClassVar[str] = "averaged_max_hours_per_day"

    @classmethod
    def from_unit(cls, unit: Unit) -> Rule:
        s = unit.rules.get(cls.setting)
        limit = (
            min(s.value, unit.rules.number("long_shift_max_hours"))
            if isinstance(s.value, int | float)
            else 12.5
        )
        return cls(hard=s.hard, weight=max(s.weight, 1), reference=s.reference, max_hours=float(limit))

    def bans(self, ctx: RosterContext, employee: EmployeeInfo, day: int, code: str) -> bool:
        return ctx.shifts[code].work_minutes > round(self.max_hours * 60)

    def check(self, view: RosterView) -> list[Violation]:
        return [v for v in super().check(view)]


@dataclass
class AllowedShifts(_Forbidding):
    """Only the shift types the employee may work: their own list, else their group's (empty: all).
    This is how a unit says night-only, day-only (with or without weekends) or 'nurses never K'."""

    code: ClassVar[str] = "allowed_shifts"
    setting: ClassVar[str] = "allowed_shift_types_respected"

    def applies(self, ctx: RosterContext) -> bool:
        return any(e.allowed_shifts is not None for e in ctx.employees)

    def bans(self, ctx: RosterContext, employee: EmployeeInfo, day: int, code: str) -> bool:
        return employee.allowed_shifts is not None and code not in employee.allowed_shifts


@dataclass
class ShiftDayTypes(_Forbidding):
    """A shift type only on its day types (e.g. a weekend shift only on Saturday and Sunday)."""

    code: ClassVar[str] = "shift_day_types"
    setting: ClassVar[str] = "allowed_shift_types_respected"

    def applies(self, ctx: RosterContext) -> bool:
        return any(len(s.day_types) < len(DayType) for s in ctx.shifts.values())

    def bans(self, ctx: RosterContext, employee: EmployeeInfo, day: int, code: str) -> bool:
        return ctx.day_info(day).day_type not in ctx.shifts[code].day_types


@dataclass
class CompetenceShifts(_Forbidding):
    """A shift type that needs a competence (``ShiftType.required_competences``, e.g. a medication
    round) only for staff who hold it on the day the shift starts; a certification that has run out
    no longer counts."""

    code: ClassVar[str] = "competence_shifts"
    setting: ClassVar[str] = "competence_shift_holders_only"

    def applies(self, ctx: RosterContext) -> bool:
        return any(s.required_competences for s in ctx.shifts.values())

    def bans(self, ctx: RosterContext, employee: EmployeeInfo, day: int, code: str) -> bool:
        needed = ctx.shifts[code].required_competences
        if not needed:
            return False
        date = ctx.date_of(ctx.wrap(day))
        return not all(employee.holds_on(c, date) for c in needed)

    def check(self, view: RosterView) -> list[Violation]:
        out = []
        ctx = view.ctx
        for e in ctx.employees:
            for d, code in sorted(view.plan.get(e.id, {}).items()):
                if self.bans(ctx, e, d, code):
                    date = ctx.date_of(ctx.wrap(d))
                    missing = [c for c in ctx.shifts[code].required_competences if not e.holds_on(c, date)]
                    out.append(self.violation(view, e.id, [d], shift=code, competence=", ".join(missing)))
        return out
