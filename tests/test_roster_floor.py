"""The coverage floor (``bound.py``): no lawful roster leaves fewer open places, the engine stops
closing places once it is reached, and `bemanning solve` reports it."""

from __future__ import annotations

import json
from pathlib import Path

from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st
from ortools.sat.python import cp_model
from typer.testing import CliRunner

from bemanning.cli import app
from bemanning.io.unit_file import save_unit
from bemanning.planning.rostering import SolveOptions, build_context, default_rules, period_for_unit, solve_roster
from bemanning.planning.rostering.bound import coverage_floor
from bemanning.planning.rostering.budget import Budget
from bemanning.planning.rostering.rules.coverage import Coverage
from bemanning.planning.rostering.solver import build_model
from roster_helpers import small_unit


@settings(max_examples=6, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(
    nurses=st.integers(2, 5),
    helpers=st.integers(1, 3),
    minimum=st.integers(1, 2),
    pct=st.sampled_from([(100,), (100, 75), (80, 50, 100)]),
    day_worker=st.booleans(),
)
def test_no_lawful_roster_leaves_less_open_than_the_floor(
    nurses: int, helpers: int, minimum: int, pct: tuple[float, ...], day_worker: bool
) -> None:
    """The fewest open places, proved by a cover-only model of the hard rules, is never below the floor."""
    unit = small_unit(nurses=nurses, helpers=helpers, minimum=minimum, pct=pct, day_worker=day_worker)
    ctx = build_context(unit, period_for_unit(unit))
    rules = default_rules(unit)
    floor = coverage_floor(ctx, rules, Budget(wall=30.0))
    assert floor is not None
    m = build_model(ctx, [r for r in rules if r.hard or isinstance(r, Coverage)])
    solver = cp_model.CpSolver()
    solver.parameters.num_workers = 2
    solver.parameters.max_time_in_seconds = 30
    status = solver.solve(m.model)
    # Any roster it finds costs at least the floor; an optimal one is the fewest open places there are.
    if status in (cp_model.OPTIMAL, cp_model.FEASIBLE):
        assert floor.penalty <= round(solver.objective_value)
    result = solve_roster(unit, options=SolveOptions.for_work(1.0, seed=1))
    if result.lawful:
        assert result.report.penalty_by_rule().get("coverage", 0) >= floor.penalty
        assert result.report.uncovered_places >= floor.open_places


def test_the_engine_stops_closing_places_at_the_floor_and_reports_it() -> None:
    """Too few staff for the plan: the cover model reaches the floor, the windows that would try to
    close more places are left out, and the result names the floor."""
    unit = small_unit(nurses=5, helpers=3, weeks=2, pct=(100, 75))
    result = solve_roster(unit, options=SolveOptions.for_work(5.0, seed=3))
    assert result.lawful and result.floor is not None
    assert result.floor.open_places == result.report.uncovered_places == 16
    assert not any(line.startswith("cover first") for line in result.log)


def test_a_covered_place_is_not_traded_for_soft_points() -> None:
    """Cover first: between lawful rosters less open wins, whatever the soft rules add up to;
    a roster that breaks a hard rule is judged by its score alone (the relaxed phases)."""
    from bemanning.planning.rostering.checker import ComplianceReport
    from bemanning.planning.rostering.rules.base import Violation
    from bemanning.planning.rostering.solver import _better

    def report(cover: int, fairness: int, hard: bool = False) -> ComplianceReport:
        found = [
            Violation("coverage", False, "", None, (), {}, cover),
            Violation("fairness", False, "", None, (), {}, fairness),
        ]
        if hard:
            found.append(Violation("daily_rest", True, "AML § 10-8", "S1", (), {}, 0))
        return ComplianceReport(violations=found)

    covered, one_open = report(0, 3000), report(1000, 500)
    assert not _better(1500, one_open, 3000, covered)
    assert _better(3000, covered, 1500, one_open)
    assert _better(2900, report(0, 2900), 3000, covered)
    unlawful = report(1000, 500, hard=True)
    assert _better(1500, unlawful, 3000, report(0, 3000, hard=True))


def test_bemanning_solve_names_the_floor(tmp_path: Path) -> None:
    """`bemanning solve` on a unit with too few staff: the summary carries the floor and the last
    lines say those places need more staff, not a longer search."""
    unit_file = tmp_path / "unit.yaml"
    save_unit(small_unit(nurses=5, helpers=3, weeks=2, pct=(100, 75)), unit_file)
    done = CliRunner().invoke(app, ["solve", str(unit_file), "--out", str(tmp_path / "out"),
                                    "--work-limit", "3", "--seed", "3"])
    assert done.exit_code == 3, done.output  # written, with places below the safe minimum
    summary = json.loads((tmp_path / "out" / "summary.json").read_text())
    assert summary["open_places_floor"] == 16 and summary["below_minimum_floor"] == 16
    text = " ".join(done.output.split())
    assert "Minst 16 plasser står åpne i enhver lovlig turnus" in text and "flere ansatte" in text
