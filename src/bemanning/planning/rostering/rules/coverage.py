"""Coverage of the staffing requirement, and the skill-mix minimum.

A worker on a composite shift (``ShiftType.covers``, e.g. a long shift L covering D and A) fills
one place of each shift it covers as well as its own: the model (``RosterModel.group_heads``), the
checker and the uncovered-places report all count heads through ``RosterContext.counted_as``.

A place of a group may be filled by anyone of a group ranked at or above it in the competence
order (``ProfessionalGroup.outranks_or_equals``); support groups (no rank) fill only their own
places. With a chain of ranks the places left open on a shift are
``max over k of (places ranked ≤ k − staff ranked ≤ k)`` (Hall's theorem on nested sets), which
is what the model charges; the checker finds the same number by filling the places greedily
from the most demanding group down and names the groups left short.

Shortfalls are soft with heavy weights, so a unit with too few staff still gets a roster.
"""

from __future__ import annotations

import datetime as dt
from collections import defaultdict
from collections.abc import Mapping
from dataclasses import dataclass
from typing import ClassVar

from ortools.sat.python import cp_model

from bemanning.model import Unit

from ..context import RosterContext
from ..model_builder import RosterModel
from ..view import RosterView
from .base import Rule, Violation

Chains = list[list[str]]


def chains(ctx: RosterContext) -> Chains:
    """Groups in competence chains: the ranked groups in rank order, each unranked group alone."""
    return ctx.memo("chains", lambda: _chains(ctx))


def _chains(ctx: RosterContext) -> Chains:
    groups = sorted({e.group for e in ctx.employees} | {r.group for r in ctx.demand})
    ranked = sorted(
        (g for g in groups if ctx.group_rank.get(g) is not None), key=lambda g: (ctx.group_rank[g], g)
    )
    out: Chains = [ranked] if ranked else []
    out += [[g] for g in groups if ctx.group_rank.get(g) is None]
    return out


def demand_by_shift(ctx: RosterContext) -> dict[tuple[int, str], dict[str, tuple[int, int]]]:
    return ctx.memo("demand_by_shift", lambda: _demand_by_shift(ctx))


def _demand_by_shift(ctx: RosterContext) -> dict[tuple[int, str], dict[str, tuple[int, int]]]:
    out: dict[tuple[int, str], dict[str, tuple[int, int]]] = defaultdict(dict)
    for r in ctx.demand:
        req, low = out[(r.day, r.shift)].get(r.group, (0, 0))
        out[(r.day, r.shift)][r.group] = (req + r.required, low + r.minimum)
    return out


@dataclass(frozen=True)
class UncoveredPlace:
    date: str
    shift: str
    group: str
    missing: int  # places short of the requirement
    below_minimum: int  # of which below the safe minimum


def fill(chain: list[str], heads: dict[str, int], wanted: dict[str, int]) -> dict[str, int]:
    """Places left open per group when staff fill places from the most demanding group down."""
    free = dict(heads)
    open_places: dict[str, int] = {}
    for i, group in enumerate(chain):
        need = wanted.get(group, 0)
        # own group first, then the nearest higher group
        for donor in [group, *reversed(chain[:i])]:
            take = min(need, free.get(donor, 0))
            free[donor] = free.get(donor, 0) - take
            need -= take
        if need:
            open_places[group] = need
    return open_places


def uncovered_places(view: RosterView) -> list[UncoveredPlace]:
    ctx = view.ctx
    heads = _heads(view)
    out = []
    for (day, shift), wanted in sorted(demand_by_shift(ctx).items()):
        for chain in chains(ctx):
            have = heads.get((day, shift), {})
            short = fill(chain, have, {g: v[0] for g, v in wanted.items()})
            short_min = fill(chain, have, {g: v[1] for g, v in wanted.items()})
            for group in chain:
                if short.get(group) or short_min.get(group):
                    out.append(
                        UncoveredPlace(
                            ctx.date_of(day).isoformat(),
                            shift,
                            group,
                            short.get(group, 0),
                            short_min.get(group, 0),
                        )
                    )
    return out


def _heads(view: RosterView) -> dict[tuple[int, str], dict[str, int]]:
    """Heads per (day, shift) and group; a composite shift counts on each shift it covers too."""
    out: dict[tuple[int, str], dict[str, int]] = defaultdict(lambda: defaultdict(int))
    for e in view.ctx.employees:
        for day, code in view.plan.get(e.id, {}).items():
            for target in view.ctx.counted_as(code):
                out[(day, target)][e.group] += 1
    return out


@dataclass
class Coverage(Rule):
    """Fill the required places (weight per open place) and the safe minimum (extra weight)."""

    minimum_weight: int = 10_000
    hard: bool = False
    code: ClassVar[str] = "coverage"
    setting: ClassVar[str] = "cover_required_weight"

    @classmethod
    def from_unit(cls, unit: Unit) -> Rule:
        s = unit.rules.get(cls.setting)
        low = unit.rules.get("cover_minimum_weight")
        return cls(hard=False, weight=max(s.weight, 1), reference=s.reference, minimum_weight=low.weight)

    def relaxed(self, weight: int) -> Rule:
        return self

    def add_to_model(self, m: RosterModel) -> None:
        ctx = m.ctx
        for (day, shift), wanted in sorted(demand_by_shift(ctx).items()):
            for chain in chains(ctx):
                req = sum(wanted.get(g, (0, 0))[0] for g in chain)
                low = sum(wanted.get(g, (0, 0))[1] for g in chain)
                if not req and not low:
                    continue
                # Per group: (staff fixed, staff variables); cumulative down the chain.
                heads = [m.group_heads(day, shift, g) for g in chain]
                if not any(lits for _, lits in heads):
                    continue  # fixed by the employees outside the model alone
                u_req = m.model.new_int_var(0, req, f"ureq_{day}_{shift}_{chain[0]}")
                u_min = m.model.new_int_var(0, low, f"umin_{day}_{shift}_{chain[0]}")
                cum_req = cum_low = const = 0
                staff: list = []
                for group, (fixed, lits) in zip(chain, heads, strict=True):
                    cum_req += wanted.get(group, (0, 0))[0]
                    cum_low += wanted.get(group, (0, 0))[1]
                    const += fixed
                    staff += lits
                    if group in wanted:
                        total = cp_model.LinearExpr.sum(staff) + const
                        if cum_req - const > 0:
                            m.model.add(u_req >= cum_req - total)
                        if cum_low - const > 0:
                            m.model.add(u_min >= cum_low - total)
                m.penalize(self, u_req, self.weight)
                if low:
                    m.penalize(self, u_min, self.minimum_weight)

    def check(self, view: RosterView) -> list[Violation]:
        ctx = view.ctx
        out = []
        for place in uncovered_places(view):
            day = ctx.index_of(dt.date.fromisoformat(place.date))
            penalty = self.weight * place.missing + self.minimum_weight * place.below_minimum
            v = self.violation(
                view,
                None,
                [day],
                shift=place.shift,
                group=place.group,
                missing=place.missing,
                below_minimum=place.below_minimum,
            )
            out.append(
                Violation(
                    rule=v.rule,
                    hard=False,
                    reference=v.reference,
                    employee=None,
                    dates=v.dates,
                    detail=v.detail,
                    penalty=penalty,
                )
            )
        return out


@dataclass
class OverCoverage(Rule):
    """A small weight per head beyond the requirement, so spare hours spread over the days."""

    hard: bool = False
    code: ClassVar[str] = "over_coverage"
    setting: ClassVar[str] = "cover_over_weight"

    @classmethod
    def from_unit(cls, unit: Unit) -> Rule:
        s = unit.rules.get(cls.setting)
        return cls(hard=False, weight=s.weight, reference=s.reference)

    def relaxed(self, weight: int) -> Rule:
        return self

    def applies(self, ctx: RosterContext) -> bool:
        return self.weight > 0

    def add_to_model(self, m: RosterModel) -> None:
        ctx = m.ctx
        wanted_all = demand_by_shift(ctx)
        for chain in chains(ctx):
            for day in range(ctx.n):
                for shift in ctx.shifts:
                    const, lits = 0, []
                    for g in chain:
                        fixed, group_lits = m.group_heads(day, shift, g)
                        const += fixed
                        lits += group_lits
                    if not lits:
                        continue
                    req = sum(wanted_all.get((day, shift), {}).get(g, (0, 0))[0] for g in chain)
                    if const + len(lits) <= req:
                        continue
                    over = m.model.new_int_var(0, const + len(lits), f"over_{day}_{shift}_{chain[0]}")
                    m.model.add(over >= cp_model.LinearExpr.sum(lits) + const - req)
                    m.penalize(self, over)

    def check(self, view: RosterView) -> list[Violation]:
        ctx = view.ctx
        wanted_all = demand_by_shift(ctx)
        heads = _heads(view)
        out = []
        for chain in chains(ctx):
            for (day, shift), have in sorted(heads.items()):
                req = sum(wanted_all.get((day, shift), {}).get(g, (0, 0))[0] for g in chain)
                extra = sum(have.get(g, 0) for g in chain) - req
                if extra > 0:
                    out.append(
                        self.violation(
                            view, None, [day], amount=extra, shift=shift, group=chain[0], extra=extra
                        )
                    )
        return out


def skill_mix_count(ctx: RosterContext, plan: Mapping[str, Mapping[int, str]], day: int, shift: str,
                    competence: str) -> int:
    """Workers in ``plan`` holding ``competence`` on ``day`` (certifications: the day the shift starts) on
    ``shift`` or a composite shift covering it (``ctx.counting``): the checker's count and the repair's
    known skill-mix gaps; the model counts the same heads."""
    counting = ctx.counting(shift)
    return sum(1 for e in ctx.holders(competence, day) if plan.get(e, {}).get(day) in counting)


@dataclass
class SkillMix(Rule):
    """At least the skill-mix minimum of staff with a competence on each listed shift with demand.

    A certified competence counts only on the days it is valid (the day a shift starts): a nurse
    whose medication certificate runs out on the 20th counts on the night of the 20th, not the 21st.
    The model takes the holders of each day from the context; the checker asks each worker's own
    certifications for the date."""

    hard: bool = False
    code: ClassVar[str] = "skill_mix"
    setting: ClassVar[str] = "skill_mix_weight"

    def _slots(self, ctx: RosterContext) -> list[tuple[int, str, str, int]]:
        return ctx.memo(("skill_mix_slots",), lambda: self._make_slots(ctx))

    def _make_slots(self, ctx: RosterContext) -> list[tuple[int, str, str, int]]:
        with_demand = {(r.day, r.shift) for r in ctx.demand}
        out = []
        for rule in ctx.settings.staffing.skill_mix:
            for day, shift in sorted(with_demand):
                if not rule.shifts or shift in rule.shifts:
                    out.append((day, shift, rule.competence, rule.minimum))
        return out

    def add_to_model(self, m: RosterModel) -> None:
        for day, shift, competence, minimum in self._slots(m.ctx):
            holders = sorted(m.ctx.holders(competence, day))  # valid on the day the shift starts
            const, lits = 0, list[cp_model.IntVar]()
            for code in m.ctx.counting(shift):  # a composite shift counts on the shifts it covers
                more_const, more_lits = m.heads(day, code, holders)
                const, lits = const + more_const, lits + more_lits
            m.at_least(self, [(1, True)] * const + [(1, v) for v in lits], minimum, name=f"{day}_{shift}")

    def check(self, view: RosterView) -> list[Violation]:
        out = []
        for day, shift, competence, minimum in self._slots(view.ctx):
            count = skill_mix_count(view.ctx, view.plan, day, shift, competence)
            if count < minimum:
                out.append(
                    self.violation(
                        view,
                        None,
                        [day],
                        amount=minimum - count,
                        shift=shift,
                        competence=competence,
                        count=count,
                        minimum=minimum,
                    )
                )
        return out
