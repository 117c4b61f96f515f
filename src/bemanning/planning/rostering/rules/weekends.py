"""Weekends and Sundays: whole weekends, every n-th weekend, N of M weekends, and the Sunday/holiday
rule of AML §10-8(4).

A weekend is worked when a shift starts on its Saturday or Sunday. Sunday/holiday work is any
shift that overlaps the Sunday/holiday period of AML §10-10: from 18:00 the day before (15:00 on
Christmas, Easter and Whitsun eves) to 22:00 on the day.
"""

from __future__ import annotations

import math
from dataclasses import dataclass
from typing import ClassVar

from bemanning.model import Unit

from ..context import DAY_MINUTES, EmployeeInfo, RosterContext
from ..model_builder import Lit, RosterModel
from ..view import RosterView
from .base import Rule, Violation


@dataclass
class WholeWeekends(Rule):
    """A worked weekend is a whole weekend: Saturday and Sunday both, or neither."""

    code: ClassVar[str] = "whole_weekends"
    setting: ClassVar[str] = "whole_weekends"

    def add_to_model(self, m: RosterModel) -> None:
        for e in m.employees:
            for sat, sun in m.ctx.weekends():
                a, b = m.works(e.id, sat), m.works(e.id, sun)
                m.clause(self, [m.neg(a), b], name=f"{e.id}_{sat}a")
                m.clause(self, [a, m.neg(b)], name=f"{e.id}_{sat}b")

    def check(self, view: RosterView) -> list[Violation]:
        out = []
        for e in view.employees():
            for sat, sun in view.ctx.weekends():
                if view.works(e, sat) != view.works(e, sun):
                    out.append(self.violation(view, e, [sat, sun]))
        return out


def _weekend_windows(ctx: RosterContext, nth: int) -> list[list[tuple[int, int]]]:
    weekends = ctx.weekends()
    if not weekends:
        return []
    if ctx.cyclic:
        # The pattern repeats: a window may hold the same weekend twice when the cycle is short.
        return [[weekends[(i + j) % len(weekends)] for j in range(nth)] for i in range(len(weekends))]
    size = min(nth, len(weekends))
    return [weekends[i : i + size] for i in range(len(weekends) - size + 1)]


@dataclass
class WeekendFrequency(Rule):
    """Work at most one weekend in every ``nth`` consecutive weekends (every third weekend)."""

    nth: int = 3
    code: ClassVar[str] = "weekend_frequency"
    setting: ClassVar[str] = "weekend_every_nth"

    @classmethod
    def from_unit(cls, unit: Unit) -> Rule:
        return cls.configured(
            unit,
            nth=int(unit.rules.number(cls.setting)),
        )

    def nth_for(self, e: EmployeeInfo) -> int:
        """The employee's own k (``Employee.weekend_every``), else the rule set's."""
        return e.weekend_every or self.nth

    def add_to_model(self, m: RosterModel) -> None:
        for e in m.employees:
            nth = self.nth_for(e)
            if nth <= 1:
                continue
            worked = _worked_weekends(m, e.id)
            for window in _weekend_windows(m.ctx, nth):
                m.at_most(self, [(1, worked[p]) for p in window], 1, name=f"{e.id}_{window[0][0]}")

    def check(self, view: RosterView) -> list[Violation]:
        out = []
        for e in view.ctx.employees:
            nth = self.nth_for(e)
            if nth <= 1:
                continue
            for window in _weekend_windows(view.ctx, nth):
                count = sum(1 for sat, sun in window if view.works(e.id, sat) or view.works(e.id, sun))
                if count > 1:
                    days = [d for pair in window for d in pair]
                    out.append(self.violation(view, e.id, days, amount=count - 1, count=count, nth=nth))
        return out


def _worked_weekends(m: RosterModel, employee: str) -> dict[tuple[int, int], Lit]:
    """A literal per weekend: the employee works its Saturday or Sunday (shared by the weekend rules)."""
    return {
        pair: m.or_of([m.works(employee, pair[0]), m.works(employee, pair[1])], f"we_{employee}_{pair[0]}")
        for pair in m.ctx.weekends()
    }


@dataclass
class WeekendCount(Rule):
    """At most ``most`` worked weekends in any ``window`` consecutive weekends ("2 of 6 weekends"); per
    employee (``Employee.weekends_max``/``weekends_window``) or from the rule set (0: off)."""

    most: int = 0
    window: int = 0
    code: ClassVar[str] = "weekend_count"
    setting: ClassVar[str] = "weekends_max_in_window"

    @classmethod
    def from_unit(cls, unit: Unit) -> Rule:
        return cls.configured(
            unit,
            most=int(unit.rules.number(cls.setting)),
            window=int(unit.rules.number("weekends_window")),
        )

    def limit_for(self, e: EmployeeInfo) -> tuple[int, int] | None:
        """(most, window) for the employee, or None when no such rule applies to them."""
        if e.weekends_max is not None and e.weekends_window is not None:
            return e.weekends_max, e.weekends_window
        return (self.most, self.window) if self.window > 0 else None

    def applies(self, ctx: RosterContext) -> bool:
        return any(self.limit_for(e) is not None for e in ctx.employees)

    def add_to_model(self, m: RosterModel) -> None:
        for e in m.employees:
            limit = self.limit_for(e)
            if limit is None:
                continue
            most, window = limit
            worked = _worked_weekends(m, e.id)
            for weekends in _weekend_windows(m.ctx, window):
                m.at_most(self, [(1, worked[p]) for p in weekends], most, name=f"{e.id}_{weekends[0][0]}")

    def check(self, view: RosterView) -> list[Violation]:
        out = []
        for e in view.ctx.employees:
            limit = self.limit_for(e)
            if limit is None:
                continue
            most, window = limit
            for weekends in _weekend_windows(view.ctx, window):
                count = sum(1 for sat, sun in weekends if view.works(e.id, sat) or view.works(e.id, sun))
                if count > most:
                    days = [d for pair in weekends for d in pair]
                    out.append(
                        self.violation(
                            view, e.id, days, amount=count - most, count=count, most=most, window=window
                        )
                    )
        return out


def sunday_period(ctx: RosterContext, day: int) -> tuple[int, int]:
    """The Sunday/holiday period of ``day`` in absolute minutes (AML §10-10(1))."""
    rules = ctx.settings.rules
    eve = day - 1
    start_hour = (
        rules.number("holiday_eve_start_hour")
        if eve in ctx.holiday_eves
        else rules.number("sunday_period_start_hour_day_before")
    )
    return eve * DAY_MINUTES + round(start_hour * 60), day * DAY_MINUTES + round(
        rules.number("sunday_period_end_hour") * 60
    )


def sunday_days(ctx: RosterContext) -> list[int]:
    return [info.index for info in ctx.days if info.is_sunday_or_holiday]


def _overlapping(ctx: RosterContext, day: int) -> list[tuple[int, str]]:
    return ctx.memo(("sunday_overlap", day), lambda: _make_overlapping(ctx, day))


def _make_overlapping(ctx: RosterContext, day: int) -> list[tuple[int, str]]:
    lo, hi = sunday_period(ctx, day)
    return [
        (d, code)
        for d in (day - 2, day - 1, day)
        for code in ctx.shifts
        if ctx.interval(d, code)[0] < hi and ctx.interval(d, code)[1] > lo
    ]


def _model_sunday_work(m: RosterModel, employee: str, day: int) -> Lit:
    return m.or_of(
        [m.shift(employee, d, code) for d, code in _overlapping(m.ctx, day)], f"sh_{employee}_{day}"
    )


def _view_sunday_work(view: RosterView, employee: str, day: int) -> bool:
    return any(view.shift(employee, d) == code for d, code in _overlapping(view.ctx, day))


@dataclass
class SundayHolidayWork(Rule):
    """Who works a Sunday/holiday has the next one off, averaged (by agreement) over the period:
    at most half of the period's Sundays and holidays worked."""

    code: ClassVar[str] = "sunday_holiday"
    setting: ClassVar[str] = "sunday_off_after_sunday_work"

    def applies(self, ctx: RosterContext) -> bool:
        return ctx.settings.rules.flag(self.setting)

    def add_to_model(self, m: RosterModel) -> None:
        days = sunday_days(m.ctx)
        limit = math.ceil(len(days) / 2)
        for e in m.employees:
            m.at_most(self, [(1, _model_sunday_work(m, e.id, d)) for d in days], limit, name=e.id)

    def check(self, view: RosterView) -> list[Violation]:
        days = sunday_days(view.ctx)
        limit = math.ceil(len(days) / 2)
        out = []
        for e in view.employees():
            worked = [d for d in days if _view_sunday_work(view, e, d)]
            if len(worked) > limit:
                out.append(
                    self.violation(
                        view, e, worked, amount=len(worked) - limit, count=len(worked), total=len(days)
                    )
                )
        return out


@dataclass
class SundayOff(Rule):
    """The weekly time off falls on a Sunday at least every ``weeks``-th week."""

    weeks: int = 4
    code: ClassVar[str] = "sunday_off"
    setting: ClassVar[str] = "sunday_off_every_nth_week"

    @classmethod
    def from_unit(cls, unit: Unit) -> Rule:
        return cls.configured(
            unit,
            weeks=int(unit.rules.number(cls.setting)),
        )

    def _windows(self, ctx: RosterContext) -> list[list[int]]:
        sundays = [i.index for i in ctx.days if i.weekday == 6]
        if ctx.cyclic:
            return (
                [[sundays[(i + j) % len(sundays)] for j in range(self.weeks)] for i in range(len(sundays))]
                if sundays
                else []
            )
        return [sundays[i : i + self.weeks] for i in range(len(sundays) - self.weeks + 1)]

    def add_to_model(self, m: RosterModel) -> None:
        for e in m.employees:
            for window in self._windows(m.ctx):
                m.at_most(
                    self,
                    [(1, _model_sunday_work(m, e.id, d)) for d in window],
                    len(window) - 1,
                    name=f"{e.id}_{window[0]}",
                )

    def check(self, view: RosterView) -> list[Violation]:
        out = []
        for e in view.employees():
            for window in self._windows(view.ctx):
                if all(_view_sunday_work(view, e, d) for d in window):
                    out.append(self.violation(view, e, window, weeks=self.weeks))
        return out
