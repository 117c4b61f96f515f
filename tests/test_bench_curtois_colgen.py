"""Column generation on the Curtois instances (``planning/benchmark/colgen.py``): its bound never
exceeds the optimum, its rosters pass the independent checker, and the product engine uses it."""

from __future__ import annotations

import random
import time
from collections import Counter

import pytest
from hypothesis import HealthCheck, event, given, settings
from hypothesis import strategies as st
from ortools.sat.python import cp_model

from bemanning.io.curtois import read_curtois
from bemanning.model.curtois import Cover, CurtoisInstance, Request
from bemanning.planning.benchmark.curtois_check import check_solution
from bemanning.planning.benchmark.product import context_from_curtois, rules_from_curtois, solve_product
from bemanning.planning.rostering import colgen, dp_pricing
from bemanning.planning.rostering.colgen import ColumnGeneration, MasterFailed, applies, solve_by_columns
from bemanning.planning.rostering.rules import Fairness, Wishes
from bemanning.planning.rostering.rules.contracts import WeightedCover
from bemanning.planning.rostering.solver import build_model
from test_bench_curtois_check import instance, staff, tiny_cases
from test_bench_curtois_cli import DATA, needs_data

Rows = list[tuple[str, int, str]]


def columns(inst: CurtoisInstance, seconds: float) -> tuple[Rows | None, int | None, list[str]]:
    ctx, rules = context_from_curtois(inst), rules_from_curtois(inst)
    log: list[str] = []
    plan, bound = solve_by_columns(ctx, rules, time.monotonic() + seconds, 1, log)
    rows = None if plan is None else [(e, d, s) for e, days in plan.items() for d, s in days.items()]
    return rows, bound, log


def optimum(inst: CurtoisInstance) -> tuple[str, int | None]:
    m = build_model(context_from_curtois(inst), rules_from_curtois(inst))
    solver = cp_model.CpSolver()
    solver.parameters.num_workers = 2
    solver.parameters.max_time_in_seconds = 10
    status = solver.solve(m.model)
    value = round(solver.objective_value) if status in (cp_model.OPTIMAL, cp_model.FEASIBLE) else None
    return solver.status_name(status), value


@settings(max_examples=30, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(tiny_cases())
def test_column_generation_bound_never_exceeds_the_optimum_and_its_roster_passes_the_checker(
        case: tuple[CurtoisInstance, Rows, dict[int, list[int]] | None]) -> None:
    inst = case[0]
    status, best = optimum(inst)
    rows, bound, _ = columns(inst, 10.0)
    event(f"whole model {status}")
    if status == "INFEASIBLE":
        assert rows is None  # every hard rule concerns one employee: one of them has no roster
        return
    if status != "OPTIMAL":
        return
    assert rows is not None and best is not None
    check = check_solution(inst, rows)
    assert check.feasible, check.violations
    assert check.penalty >= best
    event(f"bound {'given' if bound is not None else 'none (≤ 0)'}")
    assert bound is None or bound <= best


def test_column_costs_add_up_to_the_checked_penalty() -> None:
    """Wish costs per column plus cover priced as in the master equal the checker's penalty of the
    roster the dive fixes (a wrong sign or weight in the pricing costs would break this)."""
    people = [staff(e, min_min=2400, max_cons=4, min_off=2) for e in ("A", "B")]
    requests = [Request(e, d, s, 1 + (d + len(s) + ord(e)) % 3) for e in ("A", "B") for d in range(0, 14, 3)
                for s in ("E", "N")]
    inst = instance(days=14, people=people, on_requests=[r for r in requests if r.weight % 2],
                    off_requests=[r for r in requests if not r.weight % 2],
                    cover=[Cover(d, s, 1 if s == "E" else d % 2, 100, 1) for d in range(14) for s in ("E", "N")])
    ctx, rules = context_from_curtois(inst), rules_from_curtois(inst)
    cg = ColumnGeneration(ctx, rules)
    try:
        for who, pricer in cg.pricers.items():
            cg.add(who, pricer.price({})[0][0])
        cg.dive(time.monotonic() + 10)
        assert len(cg.fixed) == 2
        chosen = {who: cg.columns[who][k] for who, k in cg.fixed.items()}
    finally:
        cg.close()
    heads = Counter(cell for column in chosen.values() for cell in column)
    cover = sum(t.under_weight * max(t.required - heads[c], 0) + t.over_weight * max(heads[c] - t.required, 0)
                for c, t in cg.targets.items())
    own = sum(cg.pricers[who].cost(column) for who, column in chosen.items()) + cover
    check = check_solution(inst, [(who, d, s) for who, column in chosen.items() for d, s in column])
    assert check.feasible and check.penalty == own and own > 0
    assert cg.penalty({who: dict(column) for who, column in chosen.items()}) == own  # how dives are compared


def test_column_generation_applies_only_to_separable_penalties() -> None:
    inst = instance(days=7)
    ctx, rules = context_from_curtois(inst), rules_from_curtois(inst)
    assert applies(ctx, rules)
    assert not applies(ctx, [*rules, Fairness(hard=False, weight=1, reference="test")])  # not per employee
    assert not applies(ctx, [r for r in rules if not isinstance(r, Wishes | WeightedCover)])
    twice = instance(days=7, cover=[Cover(0, "E", 1, 100, 1), Cover(0, "E", 2, 100, 1)])
    assert not applies(ctx, rules_from_curtois(twice))  # two targets on one cell: not one master row


@needs_data
def test_column_generation_bounds_instance5_near_the_best_known_value() -> None:
    """The compact model's relaxation bounds Instance5 at 1; the column relaxation at 1141 (the
    best lower bound published, best known roster 1143)."""
    rows, bound, log = columns(read_curtois(DATA / "Instance5.txt"), 40.0)  # ends when the dive does (~6 s)
    assert bound == 1141, log
    assert rows is not None and check_solution(read_curtois(DATA / "Instance5.txt"), rows).penalty >= 1143


@needs_data
def test_product_engine_builds_its_first_roster_by_columns_and_reports_the_bound() -> None:
    result = solve_product(read_curtois(DATA / "Instance1.txt"), 5.0)
    assert any("column generation" in line for line in result.log)
    assert result.lower_bound is not None and result.lower_bound <= 607 <= result.objective  # type: ignore[operator]


def test_out_of_time_column_generation_still_returns_a_lawful_roster() -> None:
    """No time left after the first columns: each employee gets a lawful column, never no roster."""
    inst = instance(days=14, people=[staff(e, min_min=2400, max_cons=4, min_off=2) for e in ("A", "B", "C")],
                    cover=[Cover(d, "E", 2, 100, 1) for d in range(14)])
    rows, bound, log = columns(inst, 0.0)
    assert rows is not None and "column generation: out of time, fixed or first columns" in log, log
    check = check_solution(inst, rows)
    assert check.feasible, check.violations
    assert {e for e, _, _ in rows} == {"A", "B", "C"}  # everyone works the minimum minutes


def test_a_failed_master_lp_gives_way_to_the_construction(monkeypatch: pytest.MonkeyPatch) -> None:
    """GLOP not reaching optimality is no crash: column generation says so, the engine builds the
    roster one employee at a time instead."""
    def fail(self: ColumnGeneration) -> None:
        raise MasterFailed("master LP not solved to optimality: status 5")

    monkeypatch.setattr(ColumnGeneration, "solve_lp", fail)
    inst = instance(days=14, people=[staff(e, min_min=2400, max_cons=4, min_off=2) for e in ("A", "B")],
                    cover=[Cover(d, "E", 1, 100, 1) for d in range(14)])
    rows, bound, log = columns(inst, 5.0)
    assert rows is None and bound is None and any("not used" in line for line in log), log
    result = solve_product(inst, 5.0)
    check = check_solution(inst, result.assignments)
    assert check.feasible and result.objective == check.penalty


def test_column_generation_steps_aside_when_pricing_is_too_large(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(colgen, "PRICING_WORK_LIMIT", 0)
    rows, _, log = columns(instance(days=7), 5.0)
    assert rows is None and any("pricing too large" in line for line in log), log


def test_more_dives_never_give_a_worse_roster_than_the_first() -> None:
    """Later dives start from the root with the ranking shuffled; the best roster is kept."""
    inst = instance(days=14, people=[staff(e, min_min=2400, max_cons=4, min_off=2) for e in "ABCD"],
                    on_requests=[Request(e, d, "N", 2) for e in "AB" for d in range(0, 14, 2)],
                    cover=[Cover(d, s, 1 + d % 2, 100, 1) for d in range(14) for s in ("E", "N")])
    rows, bound, log = columns(inst, 10.0)

    def logged(prefix: str) -> int:
        return int(next(line for line in log if line.startswith(prefix)).rsplit(" ", 1)[1])

    first, best = logged("column generation: first dive"), logged("column generation: best of")
    assert rows is not None and best <= first
    assert check_solution(inst, rows).penalty == best
    dives = int(next(line for line in log if "best of" in line).split()[4])
    assert dives > 1 or (bound is not None and best <= bound), log  # more dives unless the first is optimal


def _first_columns(cg: ColumnGeneration) -> dict[str, dict[int, str]] | None:
    plan = {}
    for who, pricer in cg.pricers.items():
        found, _ = pricer.price({})
        if not found:
            return None
        plan[who] = dict(found[0])
    return plan


@settings(max_examples=30, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(tiny_cases(), st.integers(0, 3), st.booleans())
def test_best_responses_never_worsen_a_roster_and_keep_it_lawful(
        case: tuple[CurtoisInstance, Rows, dict[int, list[int]] | None], seed: int, relax_weekends: bool) -> None:
    """Also with weekends priced by a multiplier instead of carried (as on a year's horizon)."""
    inst = case[0]
    saved = dp_pricing.WEEKEND_RESOURCE_CELLS
    dp_pricing.WEEKEND_RESOURCE_CELLS = 0 if relax_weekends else saved
    try:
        cg = ColumnGeneration(context_from_curtois(inst), rules_from_curtois(inst))
    finally:
        dp_pricing.WEEKEND_RESOURCE_CELLS = saved
    try:
        start = _first_columns(cg)
        if start is None:
            return  # an employee has no lawful roster
        better = cg.best_responses(start, time.monotonic() + 10, random.Random(seed))
    finally:
        cg.close()
    rows = [(who, d, s) for who, days in better.items() for d, s in days.items()]
    check = check_solution(inst, rows)
    assert check.feasible, check.violations
    assert check.penalty == cg.penalty(better) <= cg.penalty(start)


def test_best_responses_close_the_cover_holes_of_two_identical_rosters() -> None:
    """Both employees start on the same roster (one head too many on its days, none on the others):
    re-rostering one of them given the other fills the empty days, reaching the optimum."""
    inst = instance(days=14, people=[staff(e, min_min=2400, max_cons=4, min_off=2) for e in ("A", "B")],
                    cover=[Cover(d, "E", 1, 100, 1) for d in range(14)])
    cg = ColumnGeneration(context_from_curtois(inst), rules_from_curtois(inst))
    try:
        start = _first_columns(cg)
        assert start is not None
        start["B"] = dict(start["A"])
        better = cg.best_responses(start, time.monotonic() + 10, random.Random(1))
    finally:
        cg.close()
    status, best = optimum(inst)
    assert status == "OPTIMAL"
    assert cg.penalty(start) > cg.penalty(better) == best
    assert check_solution(inst, [(w, d, s) for w, days in better.items() for d, s in days.items()]).penalty == best


def test_a_constructed_roster_is_improved_by_best_responses(monkeypatch: pytest.MonkeyPatch) -> None:
    """When column generation steps aside (a year's horizon: pricing rounds too large), the
    constructed roster gets best responses before the LNS; the log shows the penalty before and after."""
    monkeypatch.setattr(colgen, "PRICING_WORK_LIMIT", 0)
    inst = instance(days=14, people=[staff(e, min_min=2400, max_cons=4, min_off=2) for e in "ABC"],
                    cover=[Cover(d, s, 1, 100, 1) for d in range(14) for s in ("E", "N")])
    result = solve_product(inst, 4.0)
    line = next(line for line in result.log if line.startswith("best responses:"))
    before, after = (int(x) for x in line.split(": ")[1].split(" in ")[0].split(" → "))
    assert after <= before
    rows = [(e, d, s) for e, d, s in result.assignments]
    assert check_solution(inst, rows).penalty == result.objective <= after
