"""Rest: daily rest between shifts (AML §10-8(1)) and weekly rest in fixed 7-day periods (§10-8(2))."""

from __future__ import annotations

from dataclasses import dataclass
from typing import ClassVar

from bemanning.model import Unit

from ..context import DAY_MINUTES, WEEK_MINUTES, RosterContext
from ..model_builder import RosterModel
from ..view import RosterView
from .base import Rule, Violation


def _rest_hours(unit: Unit, normal: str, agreed: str) -> float:
    """The legal minimum, or the agreed lower one when the unit has a §10-8(3) agreement."""
    if unit.rules.flag("rest_by_agreement"):
        return unit.rules.number(agreed)
    return unit.rules.number(normal)


@dataclass
class DailyRest(Rule):
    """At least ``min_hours`` between the end of one shift and the start of the next."""

    min_hours: float = 11.0
    code: ClassVar[str] = "daily_rest"
    setting: ClassVar[str] = "daily_rest_hours"

    @classmethod
    def from_unit(cls, unit: Unit) -> Rule:
        return cls.configured(
            unit,
            min_hours=_rest_hours(unit, "daily_rest_hours", "daily_rest_min_by_agreement"),
        )

    def _bad_pairs(self, ctx: RosterContext) -> list[tuple[int, str, str]]:
        return ctx.memo(("daily_rest_pairs", self.min_hours), lambda: self._make_bad_pairs(ctx))

    def _make_bad_pairs(self, ctx: RosterContext) -> list[tuple[int, str, str]]:
        limit = round(self.min_hours * 60)
        out = []
        for k in (1, 2):
            for s, first in ctx.shifts.items():
                for t, second in ctx.shifts.items():
                    if k * DAY_MINUTES + second.start - first.end < limit:
                        out.append((k, s, t))
        return out

    def add_to_model(self, m: RosterModel) -> None:
        ctx = m.ctx
        pairs = self._bad_pairs(ctx)
        first_day = 0 if ctx.cyclic else -2
        for e in m.employees:
            for d in range(first_day, ctx.n):
                for k, s, t in pairs:
                    m.clause(
                        self,
                        [m.neg(m.shift(e.id, d, s)), m.neg(m.shift(e.id, d + k, t))],
                        name=f"{e.id}_{d}_{k}",
                    )

    def check(self, view: RosterView) -> list[Violation]:
        ctx = view.ctx
        limit = round(self.min_hours * 60)
        out = []
        for e in view.employees():
            shifts = view.intervals(e)
            for (_, end, d1, s1), (start, _, d2, s2) in zip(shifts, shifts[1:], strict=False):
                in_plan = 0 <= d1 < ctx.n if ctx.cyclic else d2 >= 0
                if in_plan and start - end < limit:
                    out.append(
                        self.violation(
                            view,
                            e,
                            [d1, d2],
                            first=s1,
                            second=s2,
                            hours=round((start - end) / 60, 2),
                            limit=self.min_hours,
                        )
                    )
        return out


@dataclass
class WeeklyRest(Rule):
    """At least ``min_hours`` continuous rest inside each fixed 7-day period."""

    min_hours: float = 35.0
    code: ClassVar[str] = "weekly_rest"
    setting: ClassVar[str] = "weekly_rest_hours"

    @classmethod
    def from_unit(cls, unit: Unit) -> Rule:
        return cls.configured(
            unit,
            min_hours=_rest_hours(unit, "weekly_rest_hours", "weekly_rest_min_by_agreement"),
        )

    def _options(self, ctx: RosterContext) -> list[tuple[int, list[list[tuple[int, str]]]]]:
        return ctx.memo(("weekly_rest_options", self.min_hours), lambda: self._make_options(ctx))

    def _make_options(self, ctx: RosterContext) -> list[tuple[int, list[list[tuple[int, str]]]]]:
        """Per fixed week: the candidate rest periods, each as the shifts that would break it.

        A longest free period starts at the week's start or at the end of some shift, so checking
        every such start is exact."""
        rest = round(self.min_hours * 60)
        ends = sorted({s.end for s in ctx.shifts.values()})
        out = []
        for start in ctx.week_starts():
            stop = start + WEEK_MINUTES
            candidates = {start}
            for d in range(start // DAY_MINUTES - 2, stop // DAY_MINUTES + 1):
                for end in ends:
                    a = d * DAY_MINUTES + end
                    if start < a and a + rest <= stop:
                        candidates.add(a)
            options: list[list[tuple[int, str]]] = []
            seen: set[tuple[tuple[int, str], ...]] = set()
            for a in sorted(candidates):
                blockers = tuple(
                    (d, code)
                    for d in range(a // DAY_MINUTES - 2, (a + rest) // DAY_MINUTES + 1)
                    for code in ctx.shifts
                    if ctx.interval(d, code)[0] < a + rest and ctx.interval(d, code)[1] > a
                )
                if blockers not in seen:
                    seen.add(blockers)
                    options.append(list(blockers))
            # An option whose blockers include another option's is never needed.
            sets = [set(o) for o in options]
            kept = [
                o
                for i, o in enumerate(options)
                if not any(j != i and sets[j] < sets[i] for j in range(len(sets)))
            ]
            out.append((start, kept))
        return out

    def add_to_model(self, m: RosterModel) -> None:
        for start, options in self._options(m.ctx):
            for e in m.employees:
                lits: list = []
                for blockers in options:
                    values = [m.shift(e.id, d, code) for d, code in blockers]
                    if any(v is True for v in values):
                        continue
                    real = [v for v in values if v is not False]
                    if not real:
                        lits = [True]
                        break
                    r = m.model.new_bool_var(f"wr_{e.id}_{start}")
                    for v in real:
                        m.model.add_implication(r, m.neg(v))  # type: ignore[arg-type]
                    lits.append(r)
                m.clause(self, lits, name=f"{e.id}_{start}")

    def check(self, view: RosterView) -> list[Violation]:
        ctx = view.ctx
        rest = round(self.min_hours * 60)
        out = []
        for e in view.employees():
            shifts = view.intervals(e)
            for start in ctx.week_starts():
                stop = start + WEEK_MINUTES
                longest, cursor = 0, start
                for lo, hi, _, _ in shifts:
                    if hi <= start or lo >= stop:
                        continue
                    longest = max(longest, max(lo, start) - cursor)
                    cursor = max(cursor, min(hi, stop))
                longest = max(longest, stop - cursor)
                if longest < rest:
                    first = start // DAY_MINUTES
                    out.append(
                        self.violation(
                            view,
                            e,
                            range(first, first + 7),
                            hours=round(longest / 60, 2),
                            limit=self.min_hours,
                            week=ctx.date_of(first).isoformat(),
                        )
                    )
        return out
