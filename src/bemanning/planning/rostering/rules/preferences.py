"""Wishes (ønsketurnus), fair shares of unpopular shifts, and the share of long shifts."""

from __future__ import annotations

from dataclasses import dataclass
from typing import ClassVar

from ortools.sat.python import cp_model

from bemanning.model import Unit, WorkArrangement

from ..context import EmployeeInfo, RosterContext, WishItem
from ..model_builder import Lit, RosterModel
from ..view import RosterView
from .base import Rule, Violation


@dataclass
class Wishes(Rule):
    """A wanted shift or day off not given, or an unwanted one given, costs ``weight`` × the wish's weight."""

    hard: bool = False
    code: ClassVar[str] = "wish"
    setting: ClassVar[str] = "wish_weight"

    def relaxed(self, weight: int) -> Rule:
        return self

    def _granted_lit(self, m: RosterModel, wish: WishItem) -> Lit:
        lit = (
            m.works(wish.employee, wish.day)
            if wish.shift is None
            else m.shift(wish.employee, wish.day, wish.shift)
        )
        # "want a day off" is granted when not working; "want shift s" when working s.
        granted_when_true = wish.want if wish.shift is not None else not wish.want
        return lit if granted_when_true else m.neg(lit)

    def add_to_model(self, m: RosterModel) -> None:
        # Every employee's wishes: a constant day (fixed employee or outside a window) is charged
        # as a constant, so the model's objective is the roster's whole penalty in a sub-model too.
        known = {e.id for e in m.ctx.employees}
        refused = 0
        for i, wish in enumerate(m.ctx.wishes):
            if wish.employee not in known:
                continue
            lit = self._granted_lit(m, wish)
            if lit is True:
                continue
            if lit is False:
                refused += self.weight * wish.weight
                continue
            v = m.model.new_bool_var(f"wish_{i}")
            m.model.add_bool_or([lit, v])
            m.penalize(self, v, self.weight * wish.weight)
        if refused:
            m.penalize(self, m.model.new_constant(1), refused)

    def check(self, view: RosterView) -> list[Violation]:
        out = []
        known = {e.id for e in view.ctx.employees}
        for wish in view.ctx.wishes:
            if wish.employee not in known:
                continue
            code = view.shift(wish.employee, wish.day)
            granted = (code is None) == wish.want if wish.shift is None else (code == wish.shift) == wish.want
            if not granted:
                out.append(
                    self.violation(
                        view,
                        wish.employee,
                        [wish.day],
                        amount=wish.weight,
                        wish=wish.shift or "-",
                        want=wish.want,
                    )
                )
        return out


CATEGORIES = ("evening", "night", "weekend", "long")


def in_category(ctx: RosterContext, category: str, day: int, code: str) -> bool:
    shift = ctx.shifts[code]
    if category == "evening":
        return shift.is_evening
    if category == "night":
        return shift.is_night
    if category == "long":
        return shift.is_long
    return ctx.days[day].weekday >= 5


def _category_table(ctx: RosterContext, category: str) -> set[tuple[int, str]]:
    """The plan's (day, shift) pairs that count in ``category``."""
    return ctx.memo(
        ("fair_category", category),
        lambda: {(d, c) for d in range(ctx.n) for c in ctx.shifts if in_category(ctx, category, d, c)},
    )


def eligible(ctx: RosterContext, employee: EmployeeInfo, category: str) -> bool:
    if employee.arrangement is WorkArrangement.DAY:
        return False
    allowed = employee.allowed_shifts
    if allowed is not None and category != "weekend":
        # Night-only or day-only staff: the count is set by what they may work, not a fair share.
        inside = [c for c in allowed if c in ctx.shifts and in_category(ctx, category, 0, c)]
        if not inside or len(inside) == len(allowed):
            return False
    if category == "night":
        return employee.works_nights
    if category == "long":
        return employee.long_shift_volunteer or not ctx.settings.rules.flag("long_shift_volunteers_only")
    return True


def share_coefficient(employee: EmployeeInfo) -> int:
    """Counts are compared per full-time equivalent: ×1000/position %, rounded half up."""
    return int(1000 / employee.position_pct + 0.5)


@dataclass
class Fairness(Rule):
    """Within each group, the spread (max − min) of evenings, nights, weekend shifts and long shifts per
    FTE, history carried in, costs ``weight`` per unit (a full-timer's shift ≈ 10 units)."""

    hard: bool = False
    code: ClassVar[str] = "fairness"
    setting: ClassVar[str] = "fairness_weight"

    def relaxed(self, weight: int) -> Rule:
        return self

    def _pools(self, ctx: RosterContext) -> list[tuple[str, str, list[EmployeeInfo]]]:
        return ctx.memo(("fair_pools",), lambda: self._make_pools(ctx))

    def _make_pools(self, ctx: RosterContext) -> list[tuple[str, str, list[EmployeeInfo]]]:
        out = []
        for group in sorted({e.group for e in ctx.employees}):
            for category in CATEGORIES:
                members = [e for e in ctx.employees if e.group == group and eligible(ctx, e, category)]
                if len(members) >= 2 and any(
                    in_category(ctx, category, 0, c) or category == "weekend" for c in ctx.shifts
                ):
                    out.append((group, category, members))
        return out

    def add_to_model(self, m: RosterModel) -> None:
        ctx = m.ctx
        for group, category, members in self._pools(ctx):
            if not any(m.is_active(e.id) for e in members):
                continue
            scores = []
            for e in members:
                coef = share_coefficient(e)
                carry = ctx.carry.get(e.id, {}).get(category, 0)
                lits = []
                if m.is_active(e.id):
                    table = _category_table(ctx, category)
                    lits = [var for d, c, var in m.by_employee.get(e.id, ()) if (d, c) in table]
                # The constant days: all of an inactive employee's, those outside a window otherwise.
                carry += sum(1 for d, c in m.fixed_plan(e.id).items() if in_category(ctx, category, d, c))
                scores.append((coef, lits, coef * carry))
            top = max(coef * (len(lits) + 1) + base for coef, lits, base in scores)
            high = m.model.new_int_var(0, top, f"fair_hi_{group}_{category}")
            low = m.model.new_int_var(0, top, f"fair_lo_{group}_{category}")
            for coef, lits, base in scores:
                expr = coef * cp_model.LinearExpr.sum(lits) + base
                m.model.add(high >= expr)
                m.model.add(low <= expr)
            spread = m.model.new_int_var(0, top, f"fair_{group}_{category}")
            m.model.add(spread == high - low)
            m.penalize(self, spread)

    def check(self, view: RosterView) -> list[Violation]:
        ctx = view.ctx
        out = []
        for group, category, members in self._pools(ctx):
            scores = {}
            for e in members:
                count = sum(1 for d, c in view.plan.get(e.id, {}).items() if in_category(ctx, category, d, c))
                scores[e.id] = share_coefficient(e) * (count + ctx.carry.get(e.id, {}).get(category, 0))
            spread = max(scores.values()) - min(scores.values())
            if spread > 0:
                out.append(
                    self.violation(
                        view, None, [], amount=spread, group=group, category=category, spread=spread
                    )
                )
        return out


@dataclass
class LongShiftShare(Rule):
    """Long shifts are at most ``share`` of all shifts in the plan."""

    share: float = 0.3
    code: ClassVar[str] = "long_shift_share"
    setting: ClassVar[str] = "long_shift_max_share"

    @classmethod
    def from_unit(cls, unit: Unit) -> Rule:
        return cls.configured(unit, share=unit.rules.number(cls.setting))

    def applies(self, ctx: RosterContext) -> bool:
        return any(s.is_long for s in ctx.shifts.values())

    def add_to_model(self, m: RosterModel) -> None:
        per_mille = round(self.share * 1000)
        coef = {c: (1000 if s.is_long else 0) - per_mille for c, s in m.ctx.shifts.items()}
        const = 0
        terms: list[tuple[int, Lit]] = []
        for e in m.ctx.employees:
            terms += [(coef[c], var) for _, c, var in m.by_employee.get(e.id, ())]
            const += sum(coef[c] for c in m.fixed_plan(e.id).values())
        m.at_most(self, [(const, True), *terms], 0, unit=1000)

    def check(self, view: RosterView) -> list[Violation]:
        ctx = view.ctx
        codes = [c for plan in view.plan.values() for c in plan.values()]
        long_count = sum(1 for c in codes if ctx.shifts[c].is_long)
        excess = 1000 * long_count - round(self.share * 1000) * len(codes)
        if excess > 0:
            return [
                self.violation(
                    view,
                    None,
                    [],
                    amount=-(-excess // 1000),
                    count=long_count,
                    total=len(codes),
                    share=self.share,
                )
            ]
        return []
