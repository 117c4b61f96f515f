"""Cell-neighbourhood LNS with steps in parallel threads (``lp_heavy``, ``num_workers`` = 2): steps
really overlap; a step built on a roster that another step has replaced since is solved again on
the new roster (re-based, once), so the model decides what is lawful; the result is checked."""

from __future__ import annotations

import threading
import time

import pytest

from bemanning.model.curtois import Cover
from bemanning.planning.benchmark.curtois_check import check_solution
from bemanning.planning.benchmark.product import context_from_curtois, rules_from_curtois
from bemanning.planning.rostering import solver as solver_module
from bemanning.planning.rostering.budget import Budget
from bemanning.planning.rostering.checker import check_context
from bemanning.planning.rostering.solver import SolveOptions, _roster, _Search, solve_context
from test_bench_curtois_check import instance, staff

DAYS = 7


def one_nurse_week():
    """One employee, at most three days in a row, an early shift wanted every day (100 per gap)."""
    return instance(days=DAYS, people=[staff("A", max_cons=3)], cover=[Cover(d, "E", 1, 100, 1) for d in range(DAYS)])


def search_on(inst, plan: dict[str, dict[int, str]]) -> _Search:
    ctx, rules = context_from_curtois(inst), rules_from_curtois(inst)
    options = SolveOptions(time_limit=30, seed=3)
    relax = ctx.settings.rules.get("relaxed_hard_weight").weight
    search = _Search(ctx, rules, options, Budget(wall=30), relax)
    assert search.tactics.neighbourhoods == "cells" and search.tactics.lp_heavy  # chosen from the rule set
    assert search.offer(plan) and search.report is not None and search.report.ok
    return search


def run_step(search: _Search, free_days: dict[str, set[int]], hint: dict[str, dict[int, str]] | None = None):
    """Build a step on the current roster and solve it, as ``improve_cells`` does (not yet applied)."""
    rules = [r for r in search.rules if r.applies(search.ctx)]
    job = search._cell_model("days", free_days, rules, hint=hint)
    solver, status = search._solve_model(job.model.model, 5.0, True, job.seed)
    return job, solver, status


class Shapes:
    def solved(self, *args: object, **kwargs: object) -> None:
        pass


def test_a_step_on_an_unchanged_roster_is_kept() -> None:
    search = search_on(one_nurse_week(), {"A": {0: "E", 1: "E", 2: "E"}})  # days 3-6 open: 400
    job, solver, status = run_step(search, {"A": {4, 5, 6}})
    search._cell_result(job, solver, status, Shapes(), 0.0)  # type: ignore[arg-type]
    assert search.score == 100 and search.plan["A"] == {0: "E", 1: "E", 2: "E", 4: "E", 5: "E", 6: "E"}


def rebase(search: _Search, merged) -> None:  # type: ignore[no-untyped-def]
    """What ``improve_cells`` does with a stale step: solve it again on the current roster."""
    stale, hint = merged
    job, solver, status = run_step(search, stale.free_days, hint)
    assert search._cell_result(job, solver, status, Shapes(), 0.0) is None  # type: ignore[arg-type]


def test_a_stale_step_that_would_break_a_hard_rule_when_merged_is_re_based_lawfully() -> None:
    search = search_on(one_nurse_week(), {"A": {0: "E", 1: "E", 2: "E"}})
    job, solver, status = run_step(search, {"A": {4, 5, 6}})  # works 4-6: lawful on this roster
    # Meanwhile another step moved A's first run to days 1-3 (same penalty, a different roster).
    search.plan = {"A": {1: "E", 2: "E", 3: "E"}}
    merged = search._cell_result(job, solver, status, Shapes(), 0.0)  # type: ignore[arg-type]
    # Not applied: merged, A would work days 1-6 (six in a row, at most three).
    assert merged is not None and merged[1]["A"] == {d: "E" for d in range(1, 7)}
    assert search.plan == {"A": {1: "E", 2: "E", 3: "E"}}
    rebase(search, merged)
    # On the new roster the model keeps day 4 off: days 0 and 4 open, lawful, checked.
    assert search.plan["A"] == {1: "E", 2: "E", 3: "E", 5: "E", 6: "E"} and search.score == 200
    report = check_context(search.ctx, _roster(search.ctx, search.plan), search.rules)
    assert report.ok and report.penalty == 200


def test_a_stale_step_is_re_based_once_and_kept_when_better() -> None:
    search = search_on(one_nurse_week(), {"A": {0: "E", 1: "E", 2: "E"}})
    job, solver, status = run_step(search, {"A": {4, 5, 6}})
    search.plan = {"A": {0: "E", 1: "E"}}  # replaced (a worse roster, to see the merge, not the step)
    search.score = 500
    merged = search._cell_result(job, solver, status, Shapes(), 0.0)  # type: ignore[arg-type]
    assert merged is not None and search.score == 500
    rebase(search, merged)
    assert search.plan["A"] == {0: "E", 1: "E", 4: "E", 5: "E", 6: "E"} and search.score == 200
    # A re-based step that comes back stale again is dropped, not re-based a second time.
    again, solver, status = run_step(search, {"A": {2, 3}}, hint=search.plan)
    search.plan = dict(search.plan)
    search.score = 300
    assert search._cell_result(again, solver, status, Shapes(), 0.0) is None  # type: ignore[arg-type]
    assert search.score == 300


def test_steps_run_in_parallel_and_the_result_passes_the_checker(monkeypatch: pytest.MonkeyPatch) -> None:
    people = [staff(p, max_cons=4, min_off=2, max_weekends=2) for p in "ABCDEF"]
    inst = instance(days=28, people=people,
                    cover=[Cover(d, s, 2, 100, 1) for d in range(28) for s in ("E", "N")])
    ctx, rules = context_from_curtois(inst), rules_from_curtois(inst)
    in_flight, most = 0, 0
    lock = threading.Lock()
    original = solver_module._Search._solve_model

    def counting(self, model, limit, presolve=True, seed=None, charge=True):  # type: ignore[no-untyped-def]
        nonlocal in_flight, most
        with lock:
            in_flight += 1
            most = max(most, in_flight)
        try:
            time.sleep(0.05)  # long enough for the other thread to start its step
            return original(self, model, limit, presolve, seed, charge)
        finally:
            with lock:
                in_flight -= 1

    monkeypatch.setattr(solver_module._Search, "_solve_model", counting)
    monkeypatch.setattr(solver_module, "FULL_MODEL_MAX_VARS", 0)  # straight to the LNS (the phase under test)
    first = solve_context(ctx, rules, SolveOptions(time_limit=3, seed=1, stop_after_first=True))
    assert first.report.ok
    result = solve_context(ctx, rules, SolveOptions(time_limit=4, seed=1, hint=first.roster))
    assert most == 2
    assert result.report.ok and result.objective <= first.objective
    rows = [(a.employee_id, ctx.index_of(a.date), a.shift_code) for a in result.roster.assignments]
    check = check_solution(inst, rows)
    assert check.feasible and check.penalty == result.objective
