"""The strong engine: rule objects, decomposition first, then large-neighbourhood search.

1. **Construction by decomposition.** Every hard constraint concerns one employee; only cover
   (soft) links employees. So a feasible roster is built one employee at a time: each
   one-employee model holds the full penalty with everyone else fixed, and is solved first for
   feasibility, then optimised (cheap: a few thousand variables). This never meets the failure of
   a monolithic model that finds no solution at all on the largest instances.
2. **Whole model from the hint** (small instances only): CP-SAT gets the full model with the
   constructed roster as a hint, for part of the time; it may prove optimality and gives a bound.
3. **Large-neighbourhood search** for the rest of the time: free a neighbourhood (a few
   employees over the whole horizon, every employee over a window of days, or a block of
   employees × days), fix everything else, re-solve with a short limit from the current roster
   as a hint, keep the result when it is no worse. Neighbourhood sizes adapt: grow after a
   sub-problem solved to optimality, shrink after a time-out.
"""

from __future__ import annotations

import random
import time
from dataclasses import dataclass

from ortools.sat.python import cp_model

from bemanning.model.curtois import CurtoisInstance

from .result import FEASIBLE, NO_SOLUTION, OPTIMAL, EngineResult, Progress, solver_params
from .rules import CurtoisRule, rules_for
from .submodel import Indexed, Solution, SubModel

# Tuning, measured on Instances 1-24 (docs/benchmarks/curtois.md)
FULL_MODEL_MAX_VARS = 1_000  # up to this many shift variables the whole model gets a hinted run
FULL_MODEL_SHARE = 0.3  # share of the remaining time for that run
CONSTRUCTION_SHARE = 0.5  # at most this share of the limit for the one-employee-at-a-time phase
SUB_LIMIT = 1.0  # seconds per neighbourhood at most
CONSTRUCTION_CELLS = 1  # free cells per construction step: 1 = one employee at a time (best measured)
FAST_CONSTRUCTION_ABOVE = 1500  # days × shift types above which construction is feasibility-first
START_CELLS = 120  # free (employee, day) cells of the first neighbourhoods
LP_HEAVY = True  # sub-problems: one worker with the full LP (see result.solver_params)


@dataclass
class _State:
    solution: Solution
    objective: int


def _solve(m: SubModel, limit: float, seed: int, *,
           first_only: bool = False) -> tuple[cp_model.CpSolverStatus, cp_model.CpSolver]:
    solver = cp_model.CpSolver()
    solver_params(solver, limit, seed, lp_heavy=LP_HEAVY and not first_only)
    if first_only:
        solver.parameters.stop_after_first_solution = True
    return solver.solve(m.model), solver


def _objective(m: SubModel, solver: cp_model.CpSolver) -> int:
    return round(solver.objective_value) if m.terms else m.offset


def _construct(ix: Indexed, rules: list[CurtoisRule], deadline: float, hard_deadline: float, seed: int,
               log: list[str]) -> _State | None:
    """One employee at a time, everyone else fixed (or still empty).

    Small horizons: the employee's model with the whole penalty, within a share of the time.
    Large ones (many days × shift types): feasibility only, first with the one shift type the
    cover needs most (a model of a few hundred variables, solved in a blink), then with all
    types; the penalty is left to the neighbourhood search."""
    solution = ix.empty()
    fast = ix.n_days * len(ix.shifts) > FAST_CONSTRUCTION_ABOVE
    demand = [0] * len(ix.shifts)
    for c in ix.instance.cover:
        demand[ix.s_index[c.shift]] += c.requirement
    employees = list(range(len(ix.employees)))
    for position, e in enumerate(employees):
        left = deadline - time.monotonic()
        share = max(left / (len(employees) - position), 0.5)
        free = {e: list(range(ix.n_days))}
        # (shift types allowed, with the penalty, time limit); later attempts only if earlier ones fail
        attempts: list[tuple[dict[int, set[int]] | None, bool, float]] = [(None, True, share)]
        if fast:
            attempts = [({e: {_neediest(ix, e, demand)}}, False, share)]
        attempts.append((None, False, max(share, 30.0)))
        for only, with_objective, limit in attempts:
            limit = min(limit, hard_deadline - time.monotonic())
            if limit <= 0:
                log.append(f"construction: time limit reached at employee {position + 1} of {len(employees)}")
                return None
            m = SubModel(ix, solution, free, with_objective=with_objective, only=only)
            m.finish(rules)
            status, solver = _solve(m, limit, seed + e, first_only=not with_objective)
            if status in (cp_model.OPTIMAL, cp_model.FEASIBLE):
                break
        else:
            log.append(f"construction: no roster for employee {ix.employees[e]} ({solver.status_name(status)})")
            return None
        solution = m.read(solver)
        for s in solution[e]:
            if s >= 0:
                demand[s] -= 1
    everything_fixed = SubModel(ix, solution, {})
    everything_fixed.finish(rules)
    return _State(solution, everything_fixed.value())


def _neediest(ix: Indexed, e: int, demand: list[int]) -> int:
    """The shift type with the most uncovered demand that this employee can work day after day
    and enough times to reach the minimum minutes."""
    staff = ix.instance.staff[e]
    usable = [s for s in range(len(ix.shifts))
              if s not in ix.banned_after[s]
              and staff.max_shifts.get(ix.shifts[s], ix.n_days) * ix.minutes[s] >= staff.min_total_minutes]
    return max(usable, key=lambda s: demand[s]) if usable else -1


class _Neighbourhoods:
    """Random neighbourhoods of about ``cells`` free (employee, day) cells, in three shapes, each
    with its own adaptive size. Day windows over every employee are tried most often: they
    re-balance cover directly and were the most productive shape in measurements."""

    SHAPES = ("days", "days", "block", "block", "employees")

    def __init__(self, ix: Indexed, rng: random.Random):
        self.ix = ix
        self.rng = rng
        start = float(min(START_CELLS, len(ix.employees) * ix.n_days))
        self.cells = {shape: start for shape in set(self.SHAPES)}

    def next(self) -> tuple[str, dict[int, list[int]]]:
        ix, rng = self.ix, self.rng
        n_emp, n_days = len(ix.employees), ix.n_days
        kind = rng.choice(self.SHAPES)
        cells = int(self.cells[kind])
        if kind == "employees":
            k = max(1, min(n_emp, round(cells / n_days)))
            chosen = rng.sample(range(n_emp), k)
            return kind, {e: list(range(n_days)) for e in chosen}
        if kind == "days":
            length = max(2, min(n_days, round(cells / n_emp)))
            start = rng.randrange(0, n_days - length + 1)
            return kind, {e: list(range(start, start + length)) for e in range(n_emp)}
        length = min(n_days, rng.choice((7, 14, 21, 28)))
        k = max(1, min(n_emp, round(cells / length)))
        start = rng.randrange(0, n_days - length + 1)
        chosen = rng.sample(range(n_emp), k)
        return kind, {e: list(range(start, start + length)) for e in chosen}

    def grow(self, kind: str) -> None:
        self.cells[kind] = min(self.cells[kind] * 1.1, float(len(self.ix.employees) * self.ix.n_days))

    def shrink(self, kind: str) -> None:
        self.cells[kind] = max(self.cells[kind] * 0.85, float(min(2 * len(self.ix.employees), 40)))


def solve_ours(instance: CurtoisInstance, time_limit: float, *, seed: int = 1,
               progress: Progress | None = None) -> EngineResult:
    started = time.monotonic()
    deadline = started + time_limit
    log: list[str] = []

    def say(message: str) -> None:
        log.append(message)
        if progress:
            progress(message)

    ix = Indexed(instance)
    rules = rules_for(ix)
    state = _construct(ix, rules, started + CONSTRUCTION_SHARE * time_limit, deadline, seed, log)
    if state is None:
        return EngineResult([], None, None, NO_SOLUTION, time.monotonic() - started, log)
    say(f"construction: {state.objective} after {time.monotonic() - started:.1f} s")

    lower_bound: int | None = None
    n_vars = sum(len(day) for row in ix.allowed for day in row)
    if n_vars <= FULL_MODEL_MAX_VARS:
        m = SubModel(ix, state.solution, None)
        m.finish(rules)
        m.hint(state.solution)
        status, solver = _solve(m, FULL_MODEL_SHARE * (deadline - time.monotonic()), seed)
        if status in (cp_model.OPTIMAL, cp_model.FEASIBLE):
            lower_bound = round(solver.best_objective_bound)
            value = _objective(m, solver)
            if value <= state.objective:
                state = _State(m.read(solver), value)
            say(f"full model: {state.objective} (bound {lower_bound})")
            if status == cp_model.OPTIMAL:
                return _result(ix, state, lower_bound, OPTIMAL, started, log)

    rng = random.Random(seed)
    shapes = _Neighbourhoods(ix, rng)
    iteration = 0
    while True:
        left = deadline - time.monotonic()
        if left < 0.3:
            break
        iteration += 1
        kind, free = shapes.next()
        m = SubModel(ix, state.solution, free)
        m.finish(rules)
        m.hint(state.solution)
        status, solver = _solve(m, min(SUB_LIMIT, left - 0.1), seed + iteration)
        if status == cp_model.OPTIMAL:
            shapes.grow(kind)
        elif status == cp_model.FEASIBLE or status == cp_model.UNKNOWN:
            shapes.shrink(kind)
        if status in (cp_model.OPTIMAL, cp_model.FEASIBLE):
            value = _objective(m, solver)
            if value < state.objective:
                say(f"LNS {iteration} ({kind}, {int(shapes.cells[kind])} cells): {value}")
            if value <= state.objective:
                state = _State(m.read(solver), value)
    log.append(f"LNS iterations: {iteration}")
    if lower_bound is not None and lower_bound >= state.objective:
        return _result(ix, state, lower_bound, OPTIMAL, started, log)
    return _result(ix, state, lower_bound, FEASIBLE, started, log)


def _result(ix: Indexed, state: _State, bound: int | None, status: str, started: float,
            log: list[str]) -> EngineResult:
    return EngineResult(ix.to_assignments(state.solution), state.objective, bound, status,
                        time.monotonic() - started, log)
