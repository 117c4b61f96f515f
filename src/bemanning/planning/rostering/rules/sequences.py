"""Sequences of days: consecutive working days and nights, rest after a night series, isolated days."""

from __future__ import annotations

from dataclasses import dataclass
from typing import ClassVar

from bemanning.model import Unit

from ..context import RosterContext
from ..model_builder import Lit, RosterModel
from ..view import RosterView
from .base import Rule, Violation


def _first_day(ctx: RosterContext, back: int) -> int:
    """First day a pattern reaching ``back`` days into the past may start on."""
    return 0 if ctx.cyclic else -min(back, ctx.history_days)


class _MaxRun(Rule):
    """At most ``limit`` matching days in a row: every ``limit + 1``-day window has a free day."""

    limit: int

    @classmethod
    def from_unit(cls, unit: Unit) -> Rule:
        return cls.configured(unit, limit=int(unit.rules.number(cls.setting)))

    def _is_match(self, ctx: RosterContext, code: str) -> bool:
        raise NotImplementedError

    def _lit(self, m: RosterModel, employee: str, day: int) -> Lit:
        codes = [c for c in m.ctx.shifts if self._is_match(m.ctx, c)]
        return m.works_any(employee, day, codes)

    def _windows(self, ctx: RosterContext) -> range:
        return range(_first_day(ctx, self.limit), ctx.n)

    def add_to_model(self, m: RosterModel) -> None:
        for e in m.employees:
            for d in self._windows(m.ctx):
                m.at_most(
                    self,
                    [(1, self._lit(m, e.id, d + k)) for k in range(self.limit + 1)],
                    self.limit,
                    name=f"{e.id}_{d}",
                )

    def check(self, view: RosterView) -> list[Violation]:
        ctx = view.ctx
        out = []
        for e in view.employees():
            full = []
            for d in self._windows(ctx):
                codes = [view.shift(e, d + k) for k in range(self.limit + 1)]
                if all(c is not None and self._is_match(ctx, c) for c in codes):
                    full.append(d)
            # One violation per run; the penalty counts the windows the run overfills.
            runs: list[list[int]] = []
            for d in full:
                if runs and d == runs[-1][-1] + 1:
                    runs[-1].append(d)
                else:
                    runs.append([d])
            for run in runs:
                days = range(run[0], run[-1] + self.limit + 1)
                out.append(self.violation(view, e, days, amount=len(run), length=len(days), limit=self.limit))
        return out


@dataclass
class MaxConsecutiveDays(_MaxRun):
    limit: int = 6
    code: ClassVar[str] = "max_consecutive_days"
    setting: ClassVar[str] = "max_consecutive_working_days"

    def _is_match(self, ctx: RosterContext, code: str) -> bool:
        return True

    def _lit(self, m: RosterModel, employee: str, day: int) -> Lit:
        return m.works(employee, day)


@dataclass
class MaxConsecutiveNights(_MaxRun):
    limit: int = 3
    code: ClassVar[str] = "max_consecutive_nights"
    setting: ClassVar[str] = "max_consecutive_nights"

    def _is_match(self, ctx: RosterContext, code: str) -> bool:
        return ctx.shifts[code].is_night


def _nights(ctx: RosterContext) -> list[str]:
    return [c for c, s in ctx.shifts.items() if s.is_night]


@dataclass
class RestAfterNights(Rule):
    """After the last night of a series, ``days`` days off (no shift starting on them)."""

    days: int = 2
    code: ClassVar[str] = "rest_after_nights"
    setting: ClassVar[str] = "rest_days_after_night_series"

    @classmethod
    def from_unit(cls, unit: Unit) -> Rule:
        return cls.configured(
            unit,
            days=int(unit.rules.number(cls.setting)),
        )

    def add_to_model(self, m: RosterModel) -> None:
        nights = _nights(m.ctx)
        for e in m.employees:
            for d in range(_first_day(m.ctx, self.days), m.ctx.n):
                night, next_night = m.works_any(e.id, d, nights), m.works_any(e.id, d + 1, nights)
                for k in range(1, self.days + 1):
                    m.clause(
                        self, [m.neg(night), next_night, m.neg(m.works(e.id, d + k))], name=f"{e.id}_{d}_{k}"
                    )

    def check(self, view: RosterView) -> list[Violation]:
        ctx = view.ctx
        nights = set(_nights(ctx))
        out = []
        for e in view.employees():
            for d in range(_first_day(ctx, self.days), ctx.n):
                if view.shift(e, d) in nights and view.shift(e, d + 1) not in nights:
                    worked = [
                        d + k
                        for k in range(1, self.days + 1)
                        if view.works(e, d + k) and (ctx.cyclic or d + k >= 0)
                    ]
                    if worked:
                        out.append(self.violation(view, e, [d, *worked], amount=len(worked), days=self.days))
        return out


@dataclass
class IsolatedWorkDay(Rule):
    """Avoid a single working day between two days off."""

    code: ClassVar[str] = "isolated_work_day"
    setting: ClassVar[str] = "isolated_work_day_penalty"
    work: ClassVar[bool] = True

    def applies(self, ctx: RosterContext) -> bool:
        return ctx.settings.rules.flag(self.setting)

    def _days(self, ctx: RosterContext) -> range:
        if ctx.cyclic:
            return range(ctx.n)
        return range(0, ctx.n - 1)

    def add_to_model(self, m: RosterModel) -> None:
        for e in m.employees:
            for d in self._days(m.ctx):
                if not m.ctx.known(d - 1):
                    continue
                before, today, after = m.works(e.id, d - 1), m.works(e.id, d), m.works(e.id, d + 1)
                if self.work:
                    m.clause(self, [before, m.neg(today), after], name=f"{e.id}_{d}")
                else:
                    m.clause(self, [m.neg(before), today, m.neg(after)], name=f"{e.id}_{d}")

    def check(self, view: RosterView) -> list[Violation]:
        out = []
        for e in view.employees():
            for d in self._days(view.ctx):
                if not view.ctx.known(d - 1):
                    continue
                pattern = (view.works(e, d - 1), view.works(e, d), view.works(e, d + 1))
                if pattern == ((False, True, False) if self.work else (True, False, True)):
                    out.append(self.violation(view, e, [d]))
        return out


@dataclass
class IsolatedDayOff(IsolatedWorkDay):
    """Avoid a single day off between two working days."""

    code: ClassVar[str] = "isolated_day_off"
    setting: ClassVar[str] = "isolated_day_off_penalty"
    work: ClassVar[bool] = False
