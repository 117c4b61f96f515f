"""Per-person limits on shift types from the unit's ``shift_limits`` (local agreements): at most a
count, and/or at most a share of the person's own shifts, per period of ``period_weeks`` weeks.

Each limit carries its own reference, hard flag and weight; one rule object holds them all and
adds or checks each with those (``_entry``). Periods are blocks of ``period_weeks`` weeks from the
plan's first day (the whole plan when not set); a calendar plan's last block may be short, a cyclic
plan's wraps around like the pattern does.
"""

from __future__ import annotations

from dataclasses import dataclass, replace
from typing import ClassVar

from bemanning.model import ShiftLimit, Unit

from ..context import EmployeeInfo, RosterContext
from ..model_builder import Lit, RosterModel
from ..view import RosterView
from .base import Rule, Violation


def limit_periods(ctx: RosterContext, weeks: int | None) -> list[range]:
    """The (unwrapped) day ranges a limit is counted over."""
    if weeks is None or 7 * weeks >= ctx.n and ctx.cyclic:
        return [range(ctx.n)]
    size = 7 * weeks
    return [range(d, d + size if ctx.cyclic else min(d + size, ctx.n)) for d in range(0, ctx.n, size)]


@dataclass
class ShiftLimits(Rule):
    """Every ``ShiftLimit`` of the unit, each for the employees it names (or everyone)."""

    limits: tuple[ShiftLimit, ...] = ()
    relaxed_weight: int | None = None  # set when the hard rules together are infeasible
    code: ClassVar[str] = "shift_limit"
    setting: ClassVar[str] = "allowed_shift_types_respected"

    @classmethod
    def from_unit(cls, unit: Unit) -> Rule:
        return cls(hard=True, weight=1, reference="", limits=tuple(unit.shift_limits))

    def applies(self, ctx: RosterContext) -> bool:
        return bool(self.limits)

    def relaxed(self, weight: int) -> Rule:
        return replace(self, hard=False, relaxed_weight=weight)

    def _entry(self, limit: ShiftLimit) -> Rule:
        """This rule with one limit's reference, hard flag and weight (what the model and violations use)."""
        if self.relaxed_weight is not None and limit.hard:
            return replace(self, hard=False, weight=self.relaxed_weight, reference=limit.reference)
        return replace(self, hard=limit.hard, weight=limit.weight, reference=limit.reference)

    def _pairs(self, ctx: RosterContext) -> list[tuple[ShiftLimit, EmployeeInfo]]:
        return [(lim, e) for lim in self.limits for e in ctx.employees if lim.applies_to(e.id, e.group)]

    def add_to_model(self, m: RosterModel) -> None:
        active = {e.id for e in m.employees}
        for limit, e in self._pairs(m.ctx):
            if e.id not in active:
                continue
            rule = self._entry(limit)
            counted = set(limit.shifts)
            for days in limit_periods(m.ctx, limit.period_weeks):
                name = f"{limit.id}_{e.id}_{days.start}"
                if limit.max_count is not None:
                    terms: list[tuple[int, Lit]] = [
                        (1, m.shift(e.id, d, c)) for d in days for c in limit.shifts
                    ]
                    m.at_most(rule, terms, limit.max_count, name=f"{name}_n")
                if limit.max_share is not None:
                    # 1000·(counted shifts) ≤ share‰ · (all shifts), per started 1000 over when soft
                    per_mille = round(limit.max_share * 1000)
                    share_terms: list[tuple[int, Lit]] = [
                        ((1000 if c in counted else 0) - per_mille, m.shift(e.id, d, c))
                        for d in days
                        for c in m.ctx.shifts
                    ]
                    m.at_most(rule, share_terms, 0, unit=1000, name=f"{name}_s")

    def check(self, view: RosterView) -> list[Violation]:
        out = []
        for limit, e in self._pairs(view.ctx):
            rule = self._entry(limit)
            for days in limit_periods(view.ctx, limit.period_weeks):
                worked = [(d, view.shift(e.id, d)) for d in days if view.works(e.id, d)]
                hits = [d for d, c in worked if c in limit.shifts]
                ends = [days.start, days.stop - 1]
                if limit.max_count is not None and len(hits) > limit.max_count:
                    out.append(
                        rule.violation(
                            view, e.id, ends, amount=len(hits) - limit.max_count, limit_id=limit.id,
                            shifts=", ".join(limit.shifts), count=len(hits), limit=limit.max_count,
                            kind="count",
                        )
                    )
                if limit.max_share is not None:
                    excess = 1000 * len(hits) - round(limit.max_share * 1000) * len(worked)
                    if excess > 0:
                        out.append(
                            rule.violation(
                                view, e.id, ends, amount=-(-excess // 1000), limit_id=limit.id,
                                shifts=", ".join(limit.shifts), count=len(hits), total=len(worked),
                                limit=f"{round(limit.max_share * 100)} %", kind="share",
                            )
                        )
        return out
