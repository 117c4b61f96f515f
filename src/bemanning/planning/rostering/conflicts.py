"""Why a unit's hard rules cannot all hold: the smallest conflicting set CP-SAT can prove.

Every hard rule's constraints get an enforcement literal per employee and week; CP-SAT with these
as assumptions returns a sufficient set for infeasibility, shrunk by deletion to a small set of
(rule, employee, week). The engine names it when it returns a roster that breaks hard rules
(``solve_context``); ``sickcalls.explain`` words it for a manager.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass
from typing import Any

from ortools.sat.python import cp_model

from .budget import Budget
from .context import RosterContext
from .model_builder import RosterModel
from .rules import Rule

SHRINK_STEP = 2.0  # work units (or seconds) for each deletion test


@dataclass(frozen=True)
class Conflict:
    """A hard rule of the smallest set that cannot hold together: for ``employee`` (None: several,
    or the unit) over ``dates`` (first and last day)."""

    rule: str
    reference: str
    employee: str | None = None
    dates: tuple[dt.date, ...] = ()


def _employees_and_days(proto: Any, index: dict[int, tuple[str, int]]) -> tuple[set[str], set[int], bool]:
    """Employees and days a constraint touches, and whether it defines an auxiliary variable."""
    if proto.has_bool_or() or proto.has_bool_and():
        lits = proto.bool_or.literals if proto.has_bool_or() else proto.bool_and.literals
        refs = [r if r >= 0 else -r - 1 for r in lits]
        defining = False
    else:
        refs = list(proto.linear.vars)
        domain = list(proto.linear.domain)
        defining = len(domain) == 2 and domain[0] == domain[1] and any(r not in index for r in refs)
    people = {index[r][0] for r in refs if r in index}
    days = {index[r][1] for r in refs if r in index}
    return people, days, defining


def find_conflicts(ctx: RosterContext, rules: list[Rule], budget: Budget) -> list[Conflict] | None:
    """The smallest set of (hard rule, employee, week) CP-SAT proves cannot all hold within
    ``budget``; None when the hard rules hold together or no proof was found."""
    live = [r for r in rules if r.applies(ctx)]
    m = RosterModel(ctx, set())
    index: dict[int, tuple[str, int]] = {}
    for (e, d, _), var in m.x.items():
        index[var.index] = (e, d)
    for (e, d), var in m.w.items():
        index[var.index] = (e, d)
    literals: dict[tuple[str, str | None, int], Any] = {}
    days_of: dict[tuple[str, str | None, int], set[int]] = {}
    by_code = {r.code: r for r in live}
    for rule in live:
        first = len(m.model.proto.constraints)
        rule.add_to_model(m)
        if not rule.hard:
            continue
        for e, d, code in rule.forbidden(ctx):
            m.model.add_bool_or([m.x[(e, d, code)].negated()])
        for i in range(first, len(m.model.proto.constraints)):
            proto = m.model.proto.constraints[i]
            if not (proto.has_bool_or() or proto.has_bool_and() or proto.has_linear()):
                continue
            people, days, defining = _employees_and_days(proto, index)
            if defining:
                continue
            who = next(iter(people)) if len(people) == 1 else None
            key = (rule.code, who, min(days) // 7 if days else 0)
            if key not in literals:
                literals[key] = m.model.new_bool_var(f"on_{rule.code}_{who}_{key[2]}")
                days_of[key] = set()
            days_of[key] |= days
            proto.enforcement_literal.append(literals[key].index)
    keys = list(literals)
    core = _core(m, [literals[k] for k in keys], budget)
    if core is None:
        return None
    core = _shrink(m, core, budget)
    by_index = {literals[k].index: k for k in keys}
    out = []
    for lit_index in core:
        code, who, _ = by_index[lit_index]
        dates = tuple(ctx.date_of(d) for d in sorted(days_of[by_index[lit_index]]))
        out.append(Conflict(rule=code, reference=by_code[code].reference, employee=who,
                            dates=(dates[0], dates[-1]) if dates else ()))
    return out


def _solve(m: RosterModel, assumptions: list[Any], budget: Budget, step: float) -> tuple[Any, cp_model.CpSolver]:
    m.model.clear_assumptions()
    m.model.add_assumptions(assumptions)
    solver = cp_model.CpSolver()
    solver.parameters.num_workers = 1  # a core of assumptions comes from the single-thread search
    budget.limit(solver.parameters, min(step, budget.left()))
    status = solver.solve(m.model)
    budget.charge(solver, m.model)
    return status, solver


def _core(m: RosterModel, assumptions: list[Any], budget: Budget) -> list[int] | None:
    status, solver = _solve(m, assumptions, budget, budget.left())
    if status != cp_model.INFEASIBLE:
        return None
    return list(solver.sufficient_assumptions_for_infeasibility())


def _shrink(m: RosterModel, core: list[int], budget: Budget) -> list[int]:
    """Deletion: drop each literal whose removal keeps the set infeasible (while the budget lasts)."""
    var = m.model.get_bool_var_from_proto_index
    kept = list(core)
    for lit in list(core):
        if budget.left() < 0.5 or len(kept) <= 1:
            break
        trial = [x for x in kept if x != lit]
        status, solver = _solve(m, [var(x) for x in trial], budget, SHRINK_STEP)
        if status == cp_model.INFEASIBLE:
            smaller = list(solver.sufficient_assumptions_for_infeasibility())
            kept = smaller if smaller and set(smaller) <= set(trial) else trial
    return kept
