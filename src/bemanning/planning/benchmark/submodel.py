"""A CP-SAT model over part of a Curtois roster: the free cells get variables, the rest are constants.

A cell is (employee index, day). The free cells carry one Boolean per allowed shift; every other
cell is fixed to the shift of a base solution. Rules add themselves through the helpers here,
which fold constants away, so the same rule code builds the full model (every cell free), a
one-employee model (decomposition) or a large-neighbourhood sub-problem. The objective always
holds the whole penalty (fixed parts as a constant), so the solver's value is the roster's value.
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass
from typing import TYPE_CHECKING, Union

from ortools.sat.python import cp_model

from bemanning.model.curtois import CurtoisInstance

if TYPE_CHECKING:
    from .rules import CurtoisRule

Var = Union[cp_model.IntVar, cp_model.NotBooleanVariable]  # noqa: UP007
Lit = Union[Var, bool]  # noqa: UP007  (a constant for a fixed cell)
Solution = list[list[int]]  # solution[employee][day] = shift index, or -1 for a day off


@dataclass
class Indexed:
    """The instance with integer indexes, computed once per instance."""

    instance: CurtoisInstance

    def __post_init__(self) -> None:
        inst = self.instance
        self.n_days = inst.days
        self.employees = [e.id for e in inst.staff]
        self.shifts = [s.id for s in inst.shifts]
        self.e_index = {e: i for i, e in enumerate(self.employees)}
        self.s_index = {s: i for i, s in enumerate(self.shifts)}
        self.minutes = [s.minutes for s in inst.shifts]
        self.banned_after = [[self.s_index[b] for b in s.cannot_follow] for s in inst.shifts]
        # Shifts with the same banned successors form one group: one succession row per group.
        groups: dict[tuple[int, ...], list[int]] = {}
        for si, banned in enumerate(self.banned_after):
            if banned:
                groups.setdefault(tuple(sorted(banned)), []).append(si)
        self.succession_groups = [(firsts, list(after)) for after, firsts in groups.items()]
        # allowed[e][d]: the shift indexes employee e may take on day d (days off and zero limits removed)
        self.allowed = []
        for e in inst.staff:
            usable = [si for si, s in enumerate(self.shifts) if e.max_shifts.get(s, inst.days) > 0]
            off = inst.days_off.get(e.id, frozenset())
            self.allowed.append([[] if d in off else usable for d in range(inst.days)])

    def empty(self) -> Solution:
        return [[-1] * self.n_days for _ in self.employees]

    def to_assignments(self, solution: Solution) -> list[tuple[str, int, str]]:
        return [(self.employees[e], d, self.shifts[s]) for e, row in enumerate(solution)
                for d, s in enumerate(row) if s >= 0]

    def from_assignments(self, rows: Iterable[tuple[str, int, str]]) -> Solution:
        solution = self.empty()
        for e, d, s in rows:
            solution[self.e_index[e]][d] = self.s_index[s]
        return solution


class SubModel:
    def __init__(self, ix: Indexed, base: Solution, free: dict[int, list[int]] | None, *,
                 with_objective: bool = True, only: dict[int, set[int]] | None = None):
        """``free`` maps employee index → free days (sorted); None frees every cell. ``only``
        restricts an employee's free cells to some shift types (a small model for construction)."""
        self.ix = ix
        self.base = base
        self.model = cp_model.CpModel()
        self.with_objective = with_objective
        if free is None:
            free = {e: list(range(ix.n_days)) for e in range(len(ix.employees))}
        self.free = {e: days for e, days in free.items() if days}
        self.free_sets = {e: set(days) for e, days in self.free.items()}
        self.x: dict[tuple[int, int, int], cp_model.IntVar] = {}
        self.w: dict[tuple[int, int], cp_model.IntVar] = {}
        self.offset = 0
        self.terms: list[tuple[int, Var]] = []
        for e, days in self.free.items():
            for d in days:
                lits = []
                for s in ix.allowed[e][d]:
                    if only is not None and e in only and s not in only[e]:
                        continue
                    var = self.model.new_bool_var(f"x{e}_{d}_{s}")
                    self.x[(e, d, s)] = var
                    lits.append(var)
                if lits:
                    work = self.model.new_bool_var(f"w{e}_{d}")
                    self.model.add(sum(lits) == work)  # at most one shift per day, by construction
                    self.w[(e, d)] = work

    # --- literals -----------------------------------------------------------------------------
    def is_free(self, e: int, d: int) -> bool:
        return d in self.free_sets.get(e, ())

    def shift(self, e: int, d: int, s: int) -> Lit:
        if not 0 <= d < self.ix.n_days:
            return False  # the days around the horizon are off
        if self.is_free(e, d):
            return self.x.get((e, d, s), False)
        return self.base[e][d] == s

    def works(self, e: int, d: int) -> Lit:
        if not 0 <= d < self.ix.n_days:
            return False
        if self.is_free(e, d):
            return self.w.get((e, d), False)
        return self.base[e][d] >= 0

    def span(self, e: int) -> tuple[int, int]:
        """First and last free day of employee ``e``."""
        days = self.free[e]
        return days[0], days[-1]

    @staticmethod
    def neg(lit: Lit) -> Lit:
        return (not lit) if isinstance(lit, bool) else lit.negated()  # type: ignore[return-value]

    # --- constraints ----------------------------------------------------------------------------
    def clause(self, lits: Iterable[Lit]) -> None:
        real = []
        for lit in lits:
            if lit is True:
                return
            if lit is not False:
                real.append(lit)
        self.model.add_bool_or(real)  # an empty clause makes the model infeasible, as it should

    def linear(self, terms: Iterable[tuple[int, Lit]]) -> tuple[list[tuple[int, Var]], int]:
        variables = []
        const = 0
        for coef, lit in terms:
            if isinstance(lit, bool):
                const += coef * int(lit)
            else:
                variables.append((coef, lit))
        return variables, const

    def between(self, terms: Iterable[tuple[int, Lit]], low: int | None, high: int | None) -> None:
        """low ≤ Σ coef·lit ≤ high (either bound optional), constants folded."""
        variables, const = self.linear(terms)
        if not variables:
            if (low is not None and const < low) or (high is not None and const > high):
                self.model.add_bool_or([])
            return
        expr = cp_model.LinearExpr.weighted_sum([v for _, v in variables], [c for c, _ in variables])
        top = sum(max(c, 0) for c, _ in variables) + const
        bottom = sum(min(c, 0) for c, _ in variables) + const
        if high is not None and top > high:
            self.model.add(expr + const <= high)
        if low is not None and bottom < low:
            self.model.add(expr + const >= low)

    # --- objective ----------------------------------------------------------------------------
    def charge(self, weight: int, lit: Lit) -> None:
        """Add ``weight`` to the penalty when ``lit`` holds."""
        if isinstance(lit, bool):
            self.offset += weight * int(lit)
        else:
            self.terms.append((weight, lit))

    def charge_int(self, weight: int, var: cp_model.IntVar) -> None:
        self.terms.append((weight, var))

    def finish(self, rules: Iterable[CurtoisRule]) -> None:
        for rule in rules:
            if rule.hard or self.with_objective:
                rule.add_to_model(self)
        if self.with_objective and self.terms:
            self.model.minimize(cp_model.LinearExpr.weighted_sum([v for _, v in self.terms],
                                                                [w for w, _ in self.terms]) + self.offset)

    def value(self) -> int:
        """The penalty when nothing is free (every cell a constant)."""
        return self.offset

    def hint(self, solution: Solution) -> None:
        for (e, d, s), var in self.x.items():
            self.model.add_hint(var, int(solution[e][d] == s))
        for (e, d), var in self.w.items():
            self.model.add_hint(var, int(solution[e][d] >= 0))

    def read(self, solver: cp_model.CpSolver) -> Solution:
        solution = [row[:] for row in self.base]
        for e, days in self.free.items():
            for d in days:
                solution[e][d] = -1
        for (e, d, s), var in self.x.items():
            if solver.boolean_value(var):
                solution[e][d] = s
        return solution
