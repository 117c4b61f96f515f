"""The baseline: one straightforward monolithic CP-SAT model of the whole instance, solved once.

Deliberately written on its own, without the rule objects, hints or neighbourhood search, so
the report shows what the engine's improvements buy. Every constraint is a linear constraint or
a clause over x[e,d,s]; the soft terms form the objective.
"""

from __future__ import annotations

import time

from ortools.sat.python import cp_model

from bemanning.model.curtois import CurtoisInstance

from .result import FEASIBLE, INFEASIBLE, NO_SOLUTION, OPTIMAL, EngineResult, Progress, solver_params


def solve_plain(instance: CurtoisInstance, time_limit: float, *, seed: int = 1,
                progress: Progress | None = None) -> EngineResult:
    started = time.monotonic()
    inst = instance
    n = inst.days
    model = cp_model.CpModel()
    x: dict[tuple[str, int, str], cp_model.IntVar] = {}
    work: dict[tuple[str, int], cp_model.LinearExprT] = {}
    for e in inst.staff:
        for d in range(n):
            day = []
            for s in inst.shifts:
                if inst.may_work(e.id, d, s.id):
                    x[(e.id, d, s.id)] = model.new_bool_var(f"x_{e.id}_{d}_{s.id}")
                    day.append(x[(e.id, d, s.id)])
            if len(day) > 1:
                model.add(sum(day) <= 1)
            work[(e.id, d)] = sum(day)

    def xs(e: str, d: int, s: str) -> cp_model.LinearExprT:
        return x.get((e, d, s), 0)

    for e in inst.staff:
        for d in range(n - 1):  # forbidden successions (the day before the horizon is off)
            for s in inst.shifts:
                for b in s.cannot_follow:
                    if (e.id, d, s.id) in x and (e.id, d + 1, b) in x:
                        model.add_bool_or([x[(e.id, d, s.id)].negated(), x[(e.id, d + 1, b)].negated()])
        for s in inst.shifts:
            model.add(sum(xs(e.id, d, s.id) for d in range(n)) <= inst.max_shifts_of(e.id, s.id))
        minutes = sum(s.minutes * xs(e.id, d, s.id) for d in range(n) for s in inst.shifts)
        model.add(minutes >= e.min_total_minutes)
        model.add(minutes <= e.max_total_minutes)
        k = e.max_consecutive_shifts
        for d in range(n - k):
            model.add(sum(work[(e.id, d + j)] for j in range(k + 1)) <= k)
        # Minimum runs (shifts, days off) only for runs that start after day 0 and end before the last day.
        for d in range(1, n):
            for j in range(1, e.min_consecutive_shifts):
                if d + j < n:  # works d-1 or not d or works d+j
                    model.add(sum([work[(e.id, d - 1)], -work[(e.id, d)], work[(e.id, d + j)]]) >= 0)
            for j in range(1, e.min_consecutive_days_off):
                if d + j < n:  # off d-1 or works d or off d+j
                    model.add(sum([-work[(e.id, d - 1)], work[(e.id, d)], -work[(e.id, d + j)]]) >= -1)
        weekend_vars = []
        for days in inst.weekends():
            wk = model.new_bool_var(f"wk_{e.id}_{days[0]}")
            model.add_max_equality(wk, [work[(e.id, d)] for d in days])
            weekend_vars.append(wk)
        model.add(sum(weekend_vars) <= e.max_weekends)

    penalty: list[cp_model.LinearExprT] = []
    for r in inst.on_requests:
        penalty.append(r.weight * (1 - xs(r.employee, r.day, r.shift)))
    for r in inst.off_requests:
        penalty.append(r.weight * xs(r.employee, r.day, r.shift))
    staff = len(inst.staff)
    for c in inst.cover:
        under = model.new_int_var(0, c.requirement, f"u_{c.day}_{c.shift}")
        over = model.new_int_var(0, staff, f"o_{c.day}_{c.shift}")
        short = model.new_bool_var(f"short_{c.day}_{c.shift}")
        model.add(sum(xs(e.id, c.day, c.shift) for e in inst.staff) - c.requirement == over - under)
        model.add(under == 0).only_enforce_if(short.negated())  # keeps under/over exact in any solution
        model.add(over == 0).only_enforce_if(short)
        penalty.append(c.under_weight * under + c.over_weight * over)
    model.minimize(sum(penalty))

    solver = cp_model.CpSolver()
    solver_params(solver, time_limit - (time.monotonic() - started), seed)
    if progress:
        progress(f"plain: {len(x)} variables, solving")
    status = solver.solve(model)
    seconds = time.monotonic() - started
    if status in (cp_model.OPTIMAL, cp_model.FEASIBLE):
        rows = [key for key, var in x.items() if solver.boolean_value(var)]
        return EngineResult(rows, round(solver.objective_value), round(solver.best_objective_bound),
                            OPTIMAL if status == cp_model.OPTIMAL else FEASIBLE, seconds)
    return EngineResult([], None, None, INFEASIBLE if status == cp_model.INFEASIBLE else NO_SOLUTION, seconds)
