"""The Curtois instance on the product's roster engine (``--engine product``): the context and the
product rule objects agree with the independent Curtois checker, and the harness runs them."""

from __future__ import annotations

import csv
from pathlib import Path

from hypothesis import HealthCheck, event, given, settings
from hypothesis import strategies as st
from ortools.sat.python import cp_model
from typer.testing import CliRunner

from bemanning.cli import app
from bemanning.io.curtois import read_curtois, read_solution
from bemanning.model import Assignment, Roster
from bemanning.model.curtois import Cover, CurtoisInstance, Request
from bemanning.planning.benchmark.curtois_check import check_solution
from bemanning.planning.benchmark.product import (
    START,
    context_from_curtois,
    rules_from_curtois,
    solve_product,
)
from bemanning.planning.benchmark.result import FEASIBLE, OPTIMAL
from bemanning.planning.rostering.checker import check_context
from bemanning.planning.rostering.model_builder import RosterModel
from bemanning.planning.rostering.rules import AbsenceRule, Wishes
from bemanning.planning.rostering.solver import build_model
from test_bench_curtois_check import instance, staff, tiny_cases, work
from test_bench_curtois_cli import DATA, needs_data

Rows = list[tuple[str, int, str]]


def roster_of(inst: CurtoisInstance, rows: Rows) -> Roster:
    return Roster(unit_id=inst.name, start_date=START, days=inst.days, cyclic=False,
                  assignments=[Assignment(employee_id=e, date=context_from_curtois(inst).date_of(d), shift_code=s)
                               for e, d, s in rows])


def product_check(inst: CurtoisInstance, rows: Rows) -> tuple[set[str], int]:
    report = check_context(context_from_curtois(inst), roster_of(inst, rows), rules_from_curtois(inst))
    return {v.rule for v in report.hard}, report.penalty


def test_context_maps_days_shifts_and_requests() -> None:
    inst = instance(days=14, people=[staff("A"), staff("B")], days_off={"A": frozenset({3})},
                    on_requests=[Request("A", 1, "E", 2)], off_requests=[Request("B", 2, "N", 3)],
                    cover=[Cover(0, "E", 1, 100, 1)])
    ctx = context_from_curtois(inst)
    assert ctx.days[0].weekday == 0 and ctx.n == 14 and not ctx.cyclic
    assert ctx.weekends() == [(5, 6), (12, 13)]
    assert {c: s.work_minutes for c, s in ctx.shifts.items()} == {"E": 480, "N": 600}
    assert ctx.absent == {"A": {3}}
    assert [(w.employee, w.day, w.shift, w.want, w.weight) for w in ctx.wishes] == [
        ("A", 1, "E", True, 2), ("B", 2, "N", False, 3)]
    kinds = {type(r) for r in rules_from_curtois(inst)}
    assert AbsenceRule in kinds and Wishes in kinds  # product rules reused where they fit


def test_each_hard_family_is_caught_by_a_product_rule() -> None:
    inst = instance(days=14, people=[staff("A", max_shifts={"N": 1}, max_cons=3, min_cons=2, min_off=2,
                                           max_weekends=0, max_min=3000, min_min=500)],
                    days_off={"A": frozenset({10})})
    assert product_check(inst, [("A", 0, "N"), ("A", 1, "E")])[0] >= {"forbidden_succession"}
    assert "shift_type_limit" in product_check(inst, [("A", 0, "N"), ("A", 3, "N")])[0]
    assert "total_minutes" in product_check(inst, [])[0]  # below the minimum
    short = instance(days=14, people=[staff("A", max_min=900)])
    assert product_check(short, work("A", [0, 1]))[0] == {"total_minutes"}  # above the maximum
    assert "consecutive_shifts" in product_check(inst, work("A", range(4)))[0]  # too long
    assert "consecutive_shifts" in product_check(inst, work("A", [3]))[0]  # too short inside
    assert "consecutive_shifts" not in product_check(inst, work("A", [0]))[0]  # touches the start
    assert "min_days_off" in product_check(inst, work("A", [0, 1, 3, 4]))[0]
    assert "max_weekends" in product_check(inst, work("A", [1, 2]) + work("A", [5, 6]))[0]
    assert "absence" in product_check(inst, work("A", [10, 11]))[0]


@settings(max_examples=80, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(tiny_cases())
def test_product_rules_agree_with_the_independent_checker(
        case: tuple[CurtoisInstance, Rows, dict[int, list[int]] | None]) -> None:
    """Product checker: same verdict, same penalty. Product model with every variable fixed to the
    roster: feasible iff the checker accepts it, objective = the checker's penalty. With ``free``
    given, only those employees' listed days have variables and every other cell is a constant
    from the roster (the LNS neighbourhood case: day windows, blocks, whole employees)."""
    inst, rows, free = case
    check = check_solution(inst, rows)
    broken, penalty = product_check(inst, rows)
    assert (not broken) == check.feasible, (broken, [v.rule for v in check.violations])
    if check.feasible:
        assert penalty == check.penalty
    ctx, rules = context_from_curtois(inst), rules_from_curtois(inst)
    names = [p.id for p in inst.staff]
    active = None if free is None else {names[e] for e in free}
    free_days = None if free is None else {names[e]: set(days) for e, days in free.items()}
    plan: dict[str, dict[int, str]] = {}
    for e, d, s in rows:
        plan.setdefault(e, {})[d] = s
    forbidden = {t for r in rules for t in r.forbidden(ctx)}
    m = RosterModel(ctx, forbidden, active=active, fixed=plan, free_days=free_days)
    for r in rules:
        r.add_to_model(m)
    m.model.minimize(m.objective())
    free_rows = [(e, d, s) for e, d, s in rows if m.is_free(e, d)]
    if any((e, d, s) not in m.x for e, d, s in free_rows):
        assert not check.feasible  # a forbidden cell worked: no variable can express it
        return
    for (e, d, s), var in m.x.items():
        m.model.add(var == int(plan.get(e, {}).get(d) == s))
    solver = cp_model.CpSolver()
    solver.parameters.num_workers = 1
    status = solver.solve(m.model)
    event(f"feasible={check.feasible} whole={active is None}")
    if check.feasible:
        assert status == cp_model.OPTIMAL
        assert round(solver.objective_value) == check.penalty
    elif active is None:
        assert status == cp_model.INFEASIBLE


@settings(max_examples=40, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(tiny_cases(), st.integers(0, 1000))
def test_every_roster_the_product_models_find_passes_the_checker_at_the_models_value(
        case: tuple[CurtoisInstance, Rows, dict[int, list[int]] | None], pick: int) -> None:
    """Solve the whole product model, then a day-window neighbourhood of its solution (one
    employee's days from ``pick`` on, the rest constants, the solution as hint): each roster the
    solver returns is accepted by the independent checker at the solver's objective."""
    inst = case[0]
    ctx, rules = context_from_curtois(inst), rules_from_curtois(inst)
    whole = build_model(ctx, rules)
    solver = cp_model.CpSolver()
    solver.parameters.num_workers = 1
    solver.parameters.max_time_in_seconds = 5
    status = solver.solve(whole.model)
    event(f"whole model {solver.status_name(status)}")
    if status not in (cp_model.OPTIMAL, cp_model.FEASIBLE):
        return
    rows = [key for key, var in whole.x.items() if solver.value(var)]
    check = check_solution(inst, rows)
    assert check.feasible, check.violations
    whole_value = round(solver.objective_value)
    assert check.penalty == whole_value
    who = inst.staff[pick % 2].id
    plan: dict[str, dict[int, str]] = {}
    for e, d, s in rows:
        plan.setdefault(e, {})[d] = s
    free = {who: set(range(pick % inst.days, inst.days))}
    part = RosterModel(ctx, {t for r in rules for t in r.forbidden(ctx)}, active={who}, fixed=plan, free_days=free)
    for r in rules:
        r.add_to_model(part)
    part.model.minimize(part.objective())
    for (e, d, s), var in part.x.items():
        part.model.add_hint(var, plan.get(e, {}).get(d) == s)
    assert solver.solve(part.model) == cp_model.OPTIMAL  # the hint is feasible, so this cannot fail
    new = {e: {d: s for d, s in days.items() if not part.is_free(e, d)} for e, days in plan.items()}
    for (e, d, s), var in part.x.items():
        if solver.value(var):
            new.setdefault(e, {})[d] = s
    check = check_solution(inst, [(e, d, s) for e, days in new.items() for d, s in days.items()])
    assert check.feasible and check.penalty == round(solver.objective_value) <= whole_value


def test_product_engine_solves_a_tiny_instance_at_the_checked_value() -> None:
    inst = instance(days=7, people=[staff("A", min_min=960, max_cons=3), staff("B", min_min=960, max_cons=3)],
                    on_requests=[Request("A", 1, "E", 2)], off_requests=[Request("B", 1, "E", 3)],
                    cover=[Cover(d, "E", 1, 100, 1) for d in range(7)])
    result = solve_product(inst, 3.0)
    assert result.status in (OPTIMAL, FEASIBLE) and result.objective is not None
    check = check_solution(inst, result.assignments)
    assert check.feasible and check.penalty == result.objective


@needs_data
def test_cli_product_engine_on_instances_1_to_3(tmp_path: Path) -> None:
    result = CliRunner().invoke(app, ["bench", "curtois", "--instances", "1-3", "--time-limit", "3", "--engine",
                                      "product", "--out", str(tmp_path), "--data-dir", str(DATA)])
    assert result.exit_code == 0, result.output
    with (tmp_path / "results.csv").open(newline="", encoding="utf-8") as handle:
        rows = list(csv.DictReader(handle))
    assert [r["instance"] for r in rows] == ["Instance1", "Instance2", "Instance3"]
    for row in rows:
        assert row["status"] in (OPTIMAL, FEASIBLE)
        check = check_solution(read_curtois(DATA / f"{row['instance']}.txt"),
                               read_solution(tmp_path / f"{row['instance']}.csv"))
        assert check.feasible and int(row["objective"]) == check.penalty
    assert int(rows[0]["objective"]) >= 607
