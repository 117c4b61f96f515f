"""The faster roster engine: cached rule tables, per-profile construction with week rotation,
whole-model LNS. Correctness only (no timing assertions): the checker stays the judge."""

from __future__ import annotations

from ortools.sat.python import cp_model

from bemanning.planning.rostering import (
    SolveOptions,
    build_context,
    build_model,
    check_roster,
    period_for_unit,
    solve_roster,
)
from bemanning.planning.rostering.budget import Budget
from bemanning.planning.rostering.rules import default_rules
from bemanning.planning.rostering.solver import _Search
from roster_helpers import small_unit


def test_first_roster_of_identical_staff_is_lawful_and_rotated() -> None:
    # Four identical full-time nurses: one lawful pattern, moved by whole weeks per nurse.
    unit = small_unit(nurses=4, helpers=1, weeks=4, pct=(100,))
    result = solve_roster(unit, options=SolveOptions(time_limit=5, stop_after_first=True))
    report = check_roster(unit, result.roster)
    assert report.ok, [v.text("en") for v in report.hard]
    assert result.timeline and result.timeline[0].hard_violations == 0
    days = {
        e: frozenset((a.date, a.shift_code) for a in result.roster.assignments if a.employee_id == e)
        for e in ("S0", "S1", "S2", "S3")
    }
    assert len(set(days.values())) > 1  # not everyone on the same days


def test_lns_timeline_improves_and_ends_at_the_checker_penalty() -> None:
    unit = small_unit(nurses=4, helpers=3, weeks=2)
    result = solve_roster(unit, options=SolveOptions(time_limit=4, seed=3))
    report = check_roster(unit, result.roster)
    assert report.ok
    objectives = [p.objective for p in result.timeline]
    assert objectives == sorted(objectives, reverse=True)
    # The timeline holds the model's objective, never below what the checker charges.
    assert result.objective == report.penalty <= objectives[-1]


def test_whole_model_objective_of_a_roster_equals_checker_penalty() -> None:
    # The fast coverage/fairness/long-shift faces must charge exactly what the checker finds.
    unit = small_unit(nurses=3, helpers=2, weeks=2)
    result = solve_roster(unit, options=SolveOptions(time_limit=3, seed=1))
    ctx = build_context(unit, period_for_unit(unit))
    m = build_model(ctx, default_rules(unit))
    worked = {(a.employee_id, ctx.index_of(a.date), a.shift_code) for a in result.roster.assignments}
    for key, var in m.x.items():
        m.model.add(var == int(key in worked))
    solver = cp_model.CpSolver()
    solver.parameters.num_workers = 2
    solver.parameters.max_time_in_seconds = 10
    assert solver.solve(m.model) == cp_model.OPTIMAL
    assert solver.objective_value == check_roster(unit, result.roster).penalty


def test_sub_model_with_fixed_staff_charges_the_same_as_the_whole_model() -> None:
    # Employees outside a neighbourhood count as constants: the sub-model's objective for the
    # same roster equals the whole model's up to the rules with no variable left (never more).
    unit = small_unit(nurses=3, helpers=2, weeks=2)
    result = solve_roster(unit, options=SolveOptions(time_limit=3, seed=2))
    ctx = build_context(unit, period_for_unit(unit))
    rules = default_rules(unit)
    search = _Search(ctx, rules, SolveOptions(time_limit=10), Budget(wall=10), 10**6)
    plan: dict[str, dict[int, str]] = {}
    for a in result.roster.assignments:
        plan.setdefault(a.employee_id, {})[ctx.index_of(a.date)] = a.shift_code
    whole = search._model({e.id for e in ctx.employees}, {}, relaxed=False)
    others = {e: days for e, days in plan.items() if e not in {"S0", "H0"}}
    part = search._model({"S0", "H0"}, others, relaxed=False)
    whole_value = search._complete(whole, plan)
    part_value = search._complete(part, plan)
    assert whole_value is not None and part_value is not None
    assert whole_value[1] == check_roster(unit, result.roster).penalty
    assert part_value[1] <= whole_value[1]


def test_context_caches_rule_tables_once() -> None:
    unit = small_unit()
    ctx = build_context(unit, period_for_unit(unit))
    calls: list[int] = []

    def make() -> list[int]:
        calls.append(1)
        return [1, 2]

    first = ctx.memo("k", make)
    second = ctx.memo("k", make)
    assert first is second and calls == [1]
    assert ctx.week_starts() == ctx.week_starts()


def test_warm_start_from_a_roster_never_gets_worse() -> None:
    # The sick-call repair builds on the hint: the search starts from the given roster.
    unit = small_unit(nurses=4, helpers=3, weeks=2)
    first = solve_roster(unit, options=SolveOptions(time_limit=3, seed=4))
    again = solve_roster(unit, options=SolveOptions(time_limit=3, seed=5, hint=first.roster))
    assert check_roster(unit, again.roster).ok
    assert again.objective is not None and first.objective is not None
    assert again.objective <= first.objective
