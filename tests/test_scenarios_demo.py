"""The demo's scenario and cost steps write their files (solving replaced by an empty roster)."""

from __future__ import annotations

import csv
from pathlib import Path

import pytest

from bemanning.demo import build_demo_unit
from bemanning.demo.chain import STEP_MODULES, DemoContext
from bemanning.demo.steps import costs_step, scenarios_step
from bemanning.io.scenarios_yaml import read_scenarios
from bemanning.planning.rostering import SolveOptions, solve_roster
from bemanning.planning.scenario_compare import CSV_COLUMNS
from demo_scenarios_helpers import without_solving
from roster_helpers import small_unit

UNIT = build_demo_unit()


def test_steps_are_in_order() -> None:
    roster = STEP_MODULES.index("bemanning.demo.steps.roster_step")
    assert STEP_MODULES[roster + 1] == "bemanning.demo.steps.costs_step"
    assert STEP_MODULES.index("bemanning.demo.steps.scenarios_step") > roster


def test_scenario_step_compares_the_four_demo_scenarios(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    calls = without_solving(monkeypatch)
    output = scenarios_step.run(DemoContext(unit=UNIT, out=tmp_path))
    # through runtime.scenario_pool.compare_scenarios (the one comparison): 4 scenarios × the seeds
    assert calls == [4 * scenarios_step.DEMO_SEEDS]
    assert len(read_scenarios(tmp_path / "scenarios.yaml").scenarios) == 4
    folder = tmp_path / "scenarioer"
    with (folder / "comparison.csv").open(encoding="utf-8") as handle:
        rows = list(csv.DictReader(handle))
    assert [r["scenario"] for r in rows] == ["Som i dag", "Oppgavedeling", "Oppgavedeling + 30 % langvakter",
                                             "Heltid"]
    assert tuple(rows[0]) == CSV_COLUMNS
    assert (folder / "comparison.xlsx").is_file() and (folder / "comparison.html").is_file()
    assert len(list(folder.glob("konsekvenser_*.md"))) == 3
    assert "utgangspunkt" in output.summary[0] and all(r["scenario"] in output.summary[i] for i, r in enumerate(rows))
    # The long-shift scenario says whether it reached its share, why not, and how FTE is affected.
    long_rows = [r for r in rows if r["long_shift_target"]]
    assert [r["scenario"] for r in long_rows] == ["Oppgavedeling + 30 % langvakter"]
    assert any("langvaktandelen ble" in line for line in output.summary)
    assert any("Langvakter endrer derfor ikke årsverksbehovet" in line for line in output.summary)


def test_cost_step_writes_costs_grid_and_calendars(tmp_path: Path) -> None:
    unit = small_unit(nurses=3, helpers=3, weeks=1)
    result = solve_roster(unit, _requirement(unit), SolveOptions(time_limit=2, num_workers=2))
    ctx = DemoContext(unit=unit, out=tmp_path, results={"roster": result.roster, "roster_result": result})
    output = costs_step.run(ctx)
    folder = tmp_path / "kostnader"
    for name in ("costs.csv", "cost_summary.json", "turnus.xlsx"):
        assert (folder / name).is_file(), name
    assert list((folder / "kalender").glob("*.ics"))
    assert not (tmp_path / "turnus").exists()  # the roster step's folder is left alone
    assert any("Lønnsbudsjett" in line for line in output.summary)


def test_cost_step_skips_without_a_roster(tmp_path: Path) -> None:
    output = costs_step.run(DemoContext(unit=UNIT, out=tmp_path))
    assert output.summary == ["Hoppet over: turnusen mangler"]


def _requirement(unit):  # type: ignore[no-untyped-def]
    from bemanning.planning.rostering import requirement_for_unit

    return requirement_for_unit(unit)
