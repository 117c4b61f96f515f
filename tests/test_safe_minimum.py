"""The safe minimum (forsvarlig bemanning) is never hidden (issue 25 item 3): red below the minimum,
amber between minimum and requirement, green when covered — in the checker, `solve`'s summary and exit
code, `check`'s exit code, the web page and the costs."""

from __future__ import annotations

import datetime as dt
import json
import subprocess
import sys
from pathlib import Path

import pytest

from bemanning.io.roster_csv import write_roster_csv
from bemanning.io.unit_file import save_unit
from bemanning.model import Assignment, DayType, RequirementRow, Roster, StaffingRequirement
from bemanning.model.costs_result import CoverSource, UncoveredPlace
from bemanning.planning.costing import cover_cost, salary_budget
from bemanning.planning.rostering import check_roster
from roster_helpers import START, small_unit
from test_costs_model import WED, empty_roster, make_unit

ROOT = Path(__file__).resolve().parents[1]
DAY = dt.timedelta(days=1)


def _cli(*args: str) -> subprocess.CompletedProcess[str]:
    return subprocess.run(
        [sys.executable, "-c", "from bemanning.cli import main; main()", *args],
        capture_output=True,
        text=True,
        env={"PYTHONPATH": str(ROOT / "src"), "PATH": "/usr/bin:/bin", "COLUMNS": "200"},
        timeout=300,
    )


def requirement(minimum: int, required: int) -> StaffingRequirement:
    """Day shifts of nurses only: ``minimum`` safe, ``required`` wanted, every day type."""
    return StaffingRequirement(
        unit_id="test",
        rows=[RequirementRow(day_type=d, shift="D", group="spl", minimum=minimum, required=required)
              for d in DayType],
    )


def day_roster(nurses_per_day: int) -> Roster:
    return Roster(
        unit_id="test", start_date=START, days=7, cyclic=True,
        assignments=[Assignment(employee_id=f"S{i}", date=START + d * DAY, shift_code="D")
                     for d in range(7) for i in range(nurses_per_day)],
    )


@pytest.mark.parametrize(
    ("heads", "status", "below", "between", "uncovered"),
    [(0, "red", 7, 7, 14), (1, "amber", 0, 7, 7), (2, "green", 0, 0, 0)],
)
def test_cover_status_red_amber_green(heads: int, status: str, below: int, between: int, uncovered: int) -> None:
    unit = small_unit(nurses=3, weeks=1)
    report = check_roster(unit, day_roster(heads), requirement(minimum=1, required=2))
    assert report.cover_status == status
    assert report.below_minimum_places == below
    summary = report.safety_summary()
    assert summary["below_required_places"] == between
    assert len(summary["below_minimum_dates"]) == (7 if status == "red" else 0)  # type: ignore[arg-type]
    assert report.uncovered_places == uncovered


@pytest.fixture(scope="module")
def understaffed(tmp_path_factory: pytest.TempPathFactory) -> tuple[Path, Path, subprocess.CompletedProcess[str]]:
    """One nurse for a night minimum of one every night and a day minimum of two: below the minimum."""
    folder = tmp_path_factory.mktemp("understaffed")
    unit = small_unit(nurses=1, helpers=2, weeks=1, minimum=2)
    save_unit(unit, folder / "unit.yaml")
    done = _cli("solve", str(folder / "unit.yaml"), "--out", str(folder / "out"), "--time-limit", "3")
    return folder / "unit.yaml", folder / "out", done


def test_solve_below_minimum_is_red_with_exit_3(
    understaffed: tuple[Path, Path, subprocess.CompletedProcess[str]],
) -> None:
    _, out, done = understaffed
    assert done.returncode == 3, done.stdout + done.stderr
    summary = json.loads((out / "summary.json").read_text())
    assert summary["cover_status"] == "red" and summary["below_minimum_places"] > 0
    assert summary["below_minimum_dates"][0] == START.isoformat()
    assert "RØDT" in done.stdout.strip().splitlines()[-1]
    assert (out / "roster.csv").is_file()  # the roster is written all the same


def test_check_below_minimum_exits_1_unless_allowed(
    understaffed: tuple[Path, Path, subprocess.CompletedProcess[str]],
) -> None:
    unit_file, out, _ = understaffed
    refused = _cli("check", str(unit_file), str(out / "roster.csv"))
    assert refused.returncode == 1 and "RØDT" in refused.stdout
    allowed = _cli("check", str(unit_file), str(out / "roster.csv"), "--tillat-under-minimum")
    assert allowed.returncode == 0, allowed.stdout
    assert "RØDT" in allowed.stdout  # allowed, still shown red


def test_check_shows_green_when_every_place_is_covered(tmp_path: Path) -> None:
    unit = small_unit(nurses=3, weeks=1, minimum=0)
    save_unit(unit, tmp_path / "unit.yaml")
    write_roster_csv(Roster(unit_id=unit.id, start_date=START, days=7, cyclic=True), unit, tmp_path / "r.csv")
    done = _cli("check", str(tmp_path / "unit.yaml"), str(tmp_path / "r.csv"))
    assert "GRØNT" in done.stdout


# --- costs ----------------------------------------------------------------------------------


def test_below_minimum_places_are_priced_as_the_cover_they_need() -> None:
    """No nurse and no agency hire planned: a place above the minimum stays unfilled at 0, a place
    below the minimum is priced at the agency rate it would need all the same."""
    unit = make_unit(nurses=0, agency_allowed=False)
    plain = cover_cost(unit, empty_roster(), [UncoveredPlace(date=WED, shift_code="D", group="spl")])
    assert plain.decisions[0].source is CoverSource.UNFILLED and plain.cost() == 0
    needed = cover_cost(unit, empty_roster(),
                        [UncoveredPlace(date=WED, shift_code="D", group="spl", count=2, below_minimum=1)])
    below = [d for d in needed.decisions if d.below_minimum]
    assert len(below) == 1 and below[0].cost == pytest.approx(8 * 800)  # the agency's ordinary rate
    budget = salary_budget(unit, empty_roster(days=7), 2027, needed)
    assert budget.lines[0].unfilled == pytest.approx(6400 * 365 / 7)
    without_agency = make_unit(nurses=0, agency={})
    overtime = cover_cost(without_agency, empty_roster(),
                          [UncoveredPlace(date=WED, shift_code="D", group="spl", below_minimum=1)])
    assert overtime.cost() == pytest.approx((2400 + 0.5 * 300 * 8) * 1.35, abs=0.005)  # overtime pay
