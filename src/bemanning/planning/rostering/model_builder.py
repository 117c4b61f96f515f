"""The CP-SAT model a roster is solved on: one Boolean per (employee, day, shift) and the
helpers rules use to add themselves, hard or soft.

A literal here is a ``BoolVar``, its negation, or a Python ``bool`` for a day whose roster is
fixed (history) or impossible (forbidden shift, day after a calendar period).
"""

from __future__ import annotations

from collections.abc import Container, Iterable, Sequence
from dataclasses import dataclass
from typing import TYPE_CHECKING, Any

from ortools.sat.python import cp_model

from .context import RosterContext

if TYPE_CHECKING:
    from .rules.base import Rule

Lit = Any  # a BoolVar, its negation, or a bool constant


@dataclass
class PenaltyTerm:
    rule: str
    weight: int
    var: cp_model.IntVar


class RosterModel:
    def __init__(
        self,
        ctx: RosterContext,
        forbidden: Container[tuple[str, int, str]],
        active: set[str] | None = None,
        fixed: dict[str, dict[int, str]] | None = None,
        free_days: dict[str, set[int]] | None = None,
    ):
        """Variables for the ``active`` employees (default: all); the others keep their shifts in
        ``fixed`` (employee → day → shift) as constants. That is how the solver decomposes by group
        and runs large-neighbourhood search with the same rules.

        ``free_days`` (employee → plan days) narrows an active employee's variables to those days;
        their other days are constants from ``fixed`` too (a day-window or block neighbourhood).
        Rules see such a day through ``shift``/``works``/``heads``/``fixed_plan``, never in ``x``."""
        self.ctx = ctx
        self.model = cp_model.CpModel()
        self.employees = [e for e in ctx.employees if active is None or e.id in active]
        self.fixed = fixed or {}
        self._active = {e.id for e in self.employees}
        self.free_days = {e: days for e, days in (free_days or {}).items() if e in self._active}
        self._n, self._cyclic = ctx.n, ctx.cyclic
        self._groups: dict[tuple[int, str, str], tuple[int, list[cp_model.IntVar]]] | None = None
        self.x: dict[tuple[str, int, str], cp_model.IntVar] = {}
        self.w: dict[tuple[str, int], cp_model.IntVar] = {}
        self.by_employee: dict[str, list[tuple[int, str, cp_model.IntVar]]] = {}
        self.terms: list[PenaltyTerm] = []
        self._cache: dict[tuple[object, ...], Lit] = {}
        self._fixed_plans: dict[str, dict[int, str]] = {}
        for e in self.employees:
            for d in sorted(self.free_days.get(e.id, range(ctx.n))):
                day_vars = []
                for code in ctx.shifts:
                    if (e.id, d, code) in forbidden:
                        continue
                    var = self.model.new_bool_var(f"x_{e.id}_{d}_{code}")
                    self.x[(e.id, d, code)] = var
                    self.by_employee.setdefault(e.id, []).append((d, code, var))
                    day_vars.append(var)
                work = self.model.new_bool_var(f"w_{e.id}_{d}")
                # One shift per day is structural: a day has at most one shift.
                self.model.add(sum(day_vars) == work)
                self.w[(e.id, d)] = work

    # --- literals -------------------------------------------------------------------------
    def _plan_day(self, day: int) -> int | None:
        """The plan's day index for ``day``, or None when it is history or after the period."""
        if self._cyclic:
            return day % self._n
        return day if 0 <= day < self._n else None

    def is_active(self, employee: str) -> bool:
        """Whether ``employee`` has variables in this model (else the fixed plan holds)."""
        return employee in self._active

    def is_free(self, employee: str, day: int) -> bool:
        """Whether plan day ``day`` of ``employee`` has variables."""
        if employee not in self._active:
            return False
        days = self.free_days.get(employee)
        return days is None or day in days

    def span(self, employee: str) -> tuple[int, int] | None:
        """First and last plan day with variables for ``employee`` (None: none)."""
        if employee not in self._active:
            return None
        days = self.free_days.get(employee)
        if days is None:
            return (0, self._n - 1) if self._n else None
        return (min(days), max(days)) if days else None

    def fixed_plan(self, employee: str) -> dict[int, str]:
        """The constant days (day → shift) of an employee: all of them without variables, the days
        outside ``free_days`` for an active one."""
        plan = self.fixed.get(employee, {})
        if employee not in self._active:
            return plan
        days = self.free_days.get(employee)
        if days is None:
            return {}
        # Several rules ask for it per employee; computed once (a long horizon made this add up).
        if employee not in self._fixed_plans:
            self._fixed_plans[employee] = {d: c for d, c in plan.items() if d not in days}
        return self._fixed_plans[employee]

    def group_heads(self, day: int, code: str, group: str) -> tuple[int, list[cp_model.IntVar]]:
        """Staff of ``group`` filling a place of shift ``code`` on plan day ``day``: (fixed count,
        variables). A composite shift fills a place of each shift it covers (``ctx.counted_as``)."""
        if self._groups is None:
            table: dict[tuple[int, str, str], tuple[int, list[cp_model.IntVar]]] = {}
            group_of = {e.id: e.group for e in self.ctx.employees}
            counted_as = {c: self.ctx.counted_as(c) for c in self.ctx.shifts}
            for e in self.ctx.employees:
                for d, c, var in self.by_employee.get(e.id, ()):
                    for target in counted_as[c]:
                        table.setdefault((d, target, e.group), (0, []))[1].append(var)
                for d, c in self.fixed_plan(e.id).items():
                    for target in counted_as[c]:
                        const, lits = table.get((d, target, group_of[e.id]), (0, []))
                        table[(d, target, group_of[e.id])] = (const + 1, lits)
            self._groups = table
        return self._groups.get((day, code, group), (0, []))

    def heads(self, day: int, code: str, employees: Iterable[str]) -> tuple[int, list[cp_model.IntVar]]:
        """Staff among ``employees`` on shift ``code`` of plan day ``day``: (fixed count, variables).

        The fast path of the whole-unit rules (coverage, skill mix, long-shift share, fairness):
        employees without variables count as a constant instead of one literal each."""
        const = 0
        lits = []
        x, active, fixed = self.x, self._active, self.fixed
        free_days = self.free_days
        for e in employees:
            if e in active and (e not in free_days or day in free_days[e]):
                var = x.get((e, day, code))
                if var is not None:
                    lits.append(var)
            elif fixed.get(e, {}).get(day) == code:
                const += 1
        return const, lits

    def shift(self, employee: str, day: int, code: str) -> Lit:
        d = self._plan_day(day)
        if d is None:
            return self.ctx.history_shift(employee, day) == code
        if not self.is_free(employee, d):
            return self.fixed.get(employee, {}).get(d) == code
        return self.x.get((employee, d, code), False)

    def works(self, employee: str, day: int) -> Lit:
        d = self._plan_day(day)
        if d is None:
            return self.ctx.history_shift(employee, day) is not None
        if not self.is_free(employee, d):
            return d in self.fixed.get(employee, {})
        return self.w[(employee, d)]

    def works_any(self, employee: str, day: int, codes: Sequence[str]) -> Lit:
        """True when the employee works one of ``codes`` on ``day`` (a cached Boolean)."""
        d = self._plan_day(day)
        if d is None:
            return self.ctx.history_shift(employee, day) in codes
        if not self.is_free(employee, d):
            return self.fixed.get(employee, {}).get(d) in codes
        key = ("any", employee, d, tuple(codes))
        if key not in self._cache:
            lits = [self.x[(employee, d, c)] for c in codes if (employee, d, c) in self.x]
            if not lits:
                self._cache[key] = False
            elif len(lits) == 1:
                self._cache[key] = lits[0]
            else:
                var = self.model.new_bool_var(f"any_{employee}_{d}")
                self.model.add(sum(lits) == var)
                self._cache[key] = var
        return self._cache[key]

    def or_of(self, lits: Iterable[Lit], name: str = "or") -> Lit:
        """A literal equal to the OR of ``lits``."""
        real = []
        for lit in lits:
            if lit is True:
                return True
            if lit is not False:
                real.append(lit)
        if not real:
            return False
        if len(real) == 1:
            return real[0]
        var = self.model.new_bool_var(name)
        self.model.add_max_equality(var, real)
        return var

    @staticmethod
    def neg(lit: Lit) -> Lit:
        if isinstance(lit, bool):
            return not lit
        return lit.negated()

    @staticmethod
    def value(lit: Lit) -> cp_model.LinearExprT:
        if isinstance(lit, bool):
            return int(lit)
        return lit

    # --- constraints, hard or soft ---------------------------------------------------------
    def penalize(self, rule: Rule, var: cp_model.IntVar, weight: int | None = None) -> None:
        self.terms.append(PenaltyTerm(rule.code, rule.weight if weight is None else weight, var))

    def clause(self, rule: Rule, lits: Iterable[Lit], name: str = "v") -> None:
        """At least one of ``lits`` holds; soft: one penalty when none does."""
        real = []
        for lit in lits:
            if lit is True:
                return
            if lit is not False:
                real.append(lit)
        if not real:
            return  # fixed by history alone: nothing the plan can change
        if rule.hard:
            self.model.add_bool_or(real)
        else:
            v = self.model.new_bool_var(f"{rule.code}_{name}")
            self.model.add_bool_or([*real, v])
            self.penalize(rule, v)

    def at_most(
        self, rule: Rule, terms: Iterable[tuple[int, Lit]], bound: int, *, unit: int = 1, name: str = "s"
    ) -> None:
        """Σ coef·lit ≤ bound; soft: a penalty per started ``unit`` above the bound."""
        expr, const, top = self._linear(terms)
        if top + const <= bound or top == 0 and not isinstance(expr, cp_model.LinearExpr):
            return  # always holds, or fixed by history/other employees alone
        if rule.hard:
            self.model.add(expr + const <= bound)
        else:
            slack = self.model.new_int_var(0, (top + const - bound) // unit + 1, f"{rule.code}_{name}")
            self.model.add(expr + const <= bound + unit * slack)
            self.penalize(rule, slack)

    def at_least(
        self, rule: Rule, terms: Iterable[tuple[int, Lit]], bound: int, *, unit: int = 1, name: str = "s"
    ) -> None:
        """Σ coef·lit ≥ bound (coefficients ≥ 0); soft: a penalty per started ``unit`` below it."""
        expr, const, top = self._linear(terms)
        if top == 0 and not isinstance(expr, cp_model.LinearExpr):
            return
        if rule.hard:
            self.model.add(expr + const >= bound)
        else:
            slack = self.model.new_int_var(0, max(bound - const, 0) // unit + 1, f"{rule.code}_{name}")
            self.model.add(expr + const + unit * slack >= bound)
            self.penalize(rule, slack)

    def _linear(self, terms: Iterable[tuple[int, Lit]]) -> tuple[Any, int, int]:
        """(expression over variables, constant part, largest possible variable part)."""
        coefs: list[int] = []
        lits: list[cp_model.IntVar] = []
        const = 0
        top = 0
        for coef, lit in terms:
            if isinstance(lit, bool):
                const += coef * int(lit)
            else:
                coefs.append(coef)
                lits.append(lit)
                top += max(coef, 0)
        expr = cp_model.LinearExpr.weighted_sum(lits, coefs) if lits else 0
        return expr, const, top

    def objective(self) -> cp_model.LinearExprT:
        if not self.terms:
            return 0
        return cp_model.LinearExpr.weighted_sum([t.var for t in self.terms], [t.weight for t in self.terms])
