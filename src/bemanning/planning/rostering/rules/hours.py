"""Working hours: per 7-day period, averaged, and contract hours over the period."""

from __future__ import annotations

from dataclasses import dataclass
from typing import ClassVar

from bemanning.model import Unit

from ..context import DAY_MINUTES, WEEK_MINUTES, EmployeeInfo, RosterContext
from ..model_builder import Lit, RosterModel
from ..view import RosterView
from .base import Rule, Violation


def _week_days(start: int) -> range:
    """Days whose shifts count in the fixed week starting at ``start`` (a shift counts where it starts)."""
    first = -(-start // DAY_MINUTES)  # first day starting at or after the boundary
    return range(first, (start + WEEK_MINUTES - 1) // DAY_MINUTES + 1)


def _terms(m: RosterModel, employee: str, days: range) -> list[tuple[int, Lit]]:
    return [
        (s.work_minutes, m.shift(employee, d, code))
        for d in days
        for code, s in m.ctx.shifts.items()
        if s.start + d * DAY_MINUTES >= days.start * DAY_MINUTES
    ]


def _minutes(view: RosterView, employee: str, days: range) -> int:
    total = 0
    for d in days:
        code = view.shift(employee, d)
        if code is not None:
            total += view.ctx.shifts[code].work_minutes
    return total


@dataclass
class WeeklyHours(Rule):
    """At most ``max_hours`` in any single fixed 7-day period (AML §10-5(2))."""

    max_hours: float = 54.0
    code: ClassVar[str] = "max_hours_week"
    setting: ClassVar[str] = "max_hours_single_week"

    @classmethod
    def from_unit(cls, unit: Unit) -> Rule:
        s = unit.rules.get(cls.setting)
        return cls(hard=s.hard, weight=max(s.weight, 1), reference=s.reference, max_hours=float(s.value))

    def add_to_model(self, m: RosterModel) -> None:
        for e in m.employees:
            for start in m.ctx.week_starts():
                m.at_most(
                    self,
                    _terms(m, e.id, _week_days(start)),
                    round(self.max_hours * 60),
                    unit=60,
                    name=f"{e.id}_{start}",
                )

    def check(self, view: RosterView) -> list[Violation]:
        out = []
        limit = round(self.max_hours * 60)
        for e in view.employees():
            for start in view.ctx.week_starts():
                days = _week_days(start)
                total = _minutes(view, e, days)
                if total > limit:
                    out.append(
                        self.violation(
                            view,
                            e,
                            days,
                            amount=-(-(total - limit) // 60),
                            hours=round(total / 60, 2),
                            limit=self.max_hours,
                        )
                    )
        return out


@dataclass
class AveragedHours(Rule):
    """On average at most ``max_hours`` a week over ``weeks`` consecutive fixed weeks (AML §10-6(8))."""

    max_hours: float = 48.0
    weeks: int = 8
    code: ClassVar[str] = "averaged_hours"
    setting: ClassVar[str] = "total_max_hours_per_week"

    @classmethod
    def from_unit(cls, unit: Unit) -> Rule:
        s = unit.rules.get(cls.setting)
        return cls(
            hard=s.hard,
            weight=max(s.weight, 1),
            reference=s.reference,
            max_hours=float(s.value),
            weeks=int(unit.rules.number("averaging_weeks")),
        )

    def _windows(self, ctx: RosterContext) -> list[list[int]]:
        starts = ctx.week_starts()
        size = min(self.weeks, len(starts))
        if ctx.cyclic:
            return [
                [
                    starts[(i + j) % len(starts)] + WEEK_MINUTES * len(starts) * ((i + j) // len(starts))
                    for j in range(size)
                ]
                for i in range(len(starts))
            ]
        return [starts[i : i + size] for i in range(len(starts) - size + 1)]

    def _model_windows(self, ctx: RosterContext) -> list[list[int]]:
        """The windows to constrain. In a cycle no longer than the averaging period every window
        holds the same days (wrapped), so a hard rule needs only one of each."""
        windows = self._windows(ctx)
        if not (self.hard and ctx.cyclic):
            return windows
        seen: set[tuple[int, ...]] = set()
        out = []
        for window in windows:
            days = tuple(sorted(d % ctx.n for start in window for d in _week_days(start)))
            if days not in seen:
                seen.add(days)
                out.append(window)
        return out

    def add_to_model(self, m: RosterModel) -> None:
        windows = self._model_windows(m.ctx)
        for e in m.employees:
            for window in windows:
                terms = [t for start in window for t in _terms(m, e.id, _week_days(start))]
                m.at_most(
                    self, terms, round(self.max_hours * 60) * len(window), unit=60, name=f"{e.id}_{window[0]}"
                )

    def check(self, view: RosterView) -> list[Violation]:
        out = []
        for e in view.employees():
            for window in self._windows(view.ctx):
                total = sum(_minutes(view, e, _week_days(start)) for start in window)
                limit = round(self.max_hours * 60) * len(window)
                if total > limit:
                    first = window[0] // DAY_MINUTES
                    out.append(
                        self.violation(
                            view,
                            e,
                            [first, first + 7 * len(window) - 1],
                            amount=-(-(total - limit) // 60),
                            hours=round(total / 60 / len(window), 2),
                            limit=self.max_hours,
                        )
                    )
        return out


@dataclass
class ContractHours(Rule):
    """Planned hours = position % × weekly hours × weeks within the tolerance (hours or percent), in
    each settlement period (``RosterContext.contract_periods``: the whole plan, each cycle length or
    each calendar month); an absence day is credited at the contract's daily share."""

    code: ClassVar[str] = "contract_hours"
    setting: ClassVar[str] = "contract_hours_tolerance_pct"

    def bounds(self, ctx: RosterContext, e: EmployeeInfo) -> tuple[int, int, float]:
        """(lowest, highest, target) planned minutes over the whole plan for ``e``."""
        return ctx.contract_minutes(e)

    def period_bounds(self, ctx: RosterContext, e: EmployeeInfo, days: range) -> tuple[int, int, float]:
        """(lowest, highest, target) planned minutes of ``e`` in the settlement period ``days``; a plan
        settled as a whole goes through ``bounds`` (which the sick-call repair overrides)."""
        if len(ctx.contract_periods()) == 1:
            return self.bounds(ctx, e)
        return ctx.contract_minutes_in(e, days)

    def add_to_model(self, m: RosterModel) -> None:
        ctx = m.ctx
        for e in m.employees:
            for days in ctx.contract_periods():
                low, high, _ = self.period_bounds(ctx, e, days)
                terms = _terms(m, e.id, days)
                m.at_most(self, terms, high, unit=60, name=f"{e.id}_{days.start}_hi")
                m.at_least(self, terms, low, unit=60, name=f"{e.id}_{days.start}_lo")

    def check(self, view: RosterView) -> list[Violation]:
        ctx = view.ctx
        out = []
        for e in ctx.employees:
            for days in ctx.contract_periods():
                low, high, target = self.period_bounds(ctx, e, days)
                total = _minutes(view, e.id, days)
                if total > high or total < low:
                    gap = total - high if total > high else low - total
                    out.append(
                        self.violation(
                            view,
                            e.id,
                            [days.start, days.stop - 1],
                            amount=-(-gap // 60),
                            hours=round(total / 60, 2),
                            target=round(target / 60, 2),
                            low=round(low / 60, 2),
                            high=round(high / 60, 2),
                            credit=round(ctx.absence_credit(e, days) / 60, 2),
                        )
                    )
        return out


@dataclass
class NightWorkAverage(Rule):
    """Staff who work nights average at most ``max_hours`` per 24 h over 4 weeks (AML §10-11(5)).

    Read literally (hours over every 24 h of the 4 weeks) this binds only with very long weeks;
    it is checked so that an imported roster with extreme night blocks is flagged.
    """

    max_hours: float = 8.0
    code: ClassVar[str] = "night_average"
    setting: ClassVar[str] = "night_worker_avg_max_hours_per_day"

    @classmethod
    def from_unit(cls, unit: Unit) -> Rule:
        s = unit.rules.get(cls.setting)
        return cls(hard=s.hard, weight=max(s.weight, 1), reference=s.reference, max_hours=float(s.value))

    def _windows(self, ctx: RosterContext) -> list[range]:
        if ctx.cyclic:
            return [range(d, d + 28) for d in range(0, ctx.n, 7)]
        return [range(d, d + 28) for d in range(0, max(ctx.n - 27, 1), 7)]

    def add_to_model(self, m: RosterModel) -> None:
        for e in m.employees:
            if not e.works_nights:
                continue
            for days in self._windows(m.ctx):
                m.at_most(
                    self,
                    _terms(m, e.id, days),
                    round(self.max_hours * 60) * len(days),
                    unit=60,
                    name=f"{e.id}_{days.start}",
                )

    def check(self, view: RosterView) -> list[Violation]:
        out = []
        for e in view.ctx.employees:
            if not e.works_nights:
                continue
            for days in self._windows(view.ctx):
                total = _minutes(view, e.id, days)
                limit = round(self.max_hours * 60) * len(days)
                if total > limit:
                    out.append(
                        self.violation(
                            view,
                            e.id,
                            [days.start, days.stop - 1],
                            amount=-(-(total - limit) // 60),
                            hours=round(total / 60, 2),
                        )
                    )
        return out
