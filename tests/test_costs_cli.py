"""`bemanning kostnad` and `bemanning eksport`."""

from __future__ import annotations

import csv
import datetime as dt
import json
import os
import subprocess
import sys
from pathlib import Path

import pytest
from typer.testing import CliRunner

from bemanning.cli import app
from bemanning.demo import build_demo_unit
from bemanning.io.roster_csv import write_roster_csv
from bemanning.io.unit_file import save_unit
from bemanning.model import Assignment, Roster

SRC = str(Path(__file__).resolve().parents[1] / "src")


@pytest.fixture
def files(tmp_path: Path) -> dict[str, Path]:
    unit = build_demo_unit()
    start = unit.roster.start_date
    roster = Roster(
        unit_id=unit.id,
        start_date=start,
        days=42,
        cyclic=True,
        assignments=[
            Assignment(employee_id="E07", date=start + dt.timedelta(days=2), shift_code="D"),  # Wednesday
            Assignment(employee_id="E07", date=start + dt.timedelta(days=5), shift_code="D"),  # Saturday
            Assignment(employee_id="E23", date=start + dt.timedelta(days=2), shift_code="N"),
        ],
    )
    paths = {
        "unit": tmp_path / "unit.yaml",
        "roster": tmp_path / "roster.csv",
        "uncovered": tmp_path / "u.csv",
    }
    save_unit(unit, paths["unit"])
    write_roster_csv(roster, unit, paths["roster"])
    paths["uncovered"].write_text(
        "date,shift_code,group,count\n2027-01-06,D,spl_sengepost,2\n2027-01-07,D,spl_overvakning\n",
        encoding="utf-8",
    )
    return paths


def test_kostnad_writes_csv_and_summary(files: dict[str, Path], tmp_path: Path) -> None:
    out = tmp_path / "out"
    result = CliRunner().invoke(
        app,
        [
            "kostnad",
            str(files["unit"]),
            str(files["roster"]),
            "--uncovered",
            str(files["uncovered"]),
            "--out",
            str(out),
        ],
    )
    assert result.exit_code == 0, result.output
    rows = list(csv.DictReader((out / "costs.csv").open(encoding="utf-8")))
    e07 = next(r for r in rows if r["id"] == "E07")
    # Sykepleier sengepost at 300/h: Wed D 2400, Sat D 2400 + 8 × 78 weekend; × 1.35.
    assert float(e07["total"]) == pytest.approx((2400 + 2400 + 8 * 78) * 1.35, abs=0.01)
    assert float(e07["allowance_weekend"]) == pytest.approx(624)
    assert {r["level"] for r in rows} == {"employee", "group", "total"}
    summary = json.loads((out / "cost_summary.json").read_text(encoding="utf-8"))
    assert (
        summary["cover"]["overtime"]["places"]
        + summary["cover"]["pool"]["places"]
        + summary["cover"]["agency"]["places"]
        == 3
    )
    assert summary["total"] == pytest.approx(
        summary["own_staff"]["total"] + summary["cover"]["total"], abs=0.02
    )
    assert summary["salary_budget"]["year"] == 2027
    assert "Egne ansatte" in result.output


def test_eksport_writes_grid_and_calendars(files: dict[str, Path], tmp_path: Path) -> None:
    out = tmp_path / "exp"
    result = CliRunner().invoke(app, ["eksport", str(files["unit"]), str(files["roster"]), "--out", str(out)])
    assert result.exit_code == 0, result.output
    assert (out / "turnus.xlsx").is_file()
    assert sorted(p.name for p in (out / "kalender").iterdir()) == ["E07.ics", "E23.ics"]


def run_main(*args: str) -> subprocess.CompletedProcess[str]:
    env = {**os.environ, "PYTHONPATH": SRC}
    return subprocess.run(
        [sys.executable, "-c", "from bemanning.cli import main; main()", *args],
        capture_output=True,
        text=True,
        env=env,
        timeout=120,
    )


def test_bad_input_exits_2_with_a_message(files: dict[str, Path], tmp_path: Path) -> None:
    bad = tmp_path / "bad.csv"
    bad.write_text("date,shift_code,group\n2027-01-06,X,spl_sengepost\n", encoding="utf-8")
    result = run_main(
        "kostnad",
        str(files["unit"]),
        str(files["roster"]),
        "--uncovered",
        str(bad),
        "--out",
        str(tmp_path / "o"),
    )
    assert result.returncode == 2
    assert "shift_code" in result.stderr and "Traceback" not in result.stderr
    missing = run_main(
        "eksport", str(files["unit"]), str(tmp_path / "none.csv"), "--out", str(tmp_path / "o")
    )
    assert missing.returncode == 2 and "Finner ikke filen" in missing.stderr


def test_kostnad_includes_cover_of_open_places_by_default(files: dict[str, Path], tmp_path: Path) -> None:
    """Without --uncovered the places the roster check finds open are covered and priced, and it says so."""
    from bemanning.io.roster_csv import read_roster_csv
    from bemanning.io.unit_file import load_unit
    from bemanning.planning.costing import open_places
    from bemanning.planning.rostering import check_roster

    unit = load_unit(files["unit"])
    expected = open_places(check_roster(unit, read_roster_csv(files["roster"], unit)).uncovered)
    assert expected  # three shifts in six weeks leave most places open
    out = tmp_path / "standard"
    result = CliRunner().invoke(app, ["kostnad", str(files["unit"]), str(files["roster"]), "--out", str(out)])
    assert result.exit_code == 0, result.output
    summary = json.loads((out / "cost_summary.json").read_text(encoding="utf-8"))
    covered = sum(summary["cover"][source]["places"] for source in ("overtime", "pool", "agency", "unfilled"))
    assert covered == sum(p.count for p in expected)
    assert summary["cover"]["total"] > 0 and summary["cover"]["places_from"] == "roster_check"
    assert summary["total"] == pytest.approx(summary["own_staff"]["total"] + summary["cover"]["total"], abs=0.02)
    line = " ".join(result.output.split())
    assert f"Dekning tatt med: {len(expected)} udekkede plasser" in line

    own_only = tmp_path / "egne"
    result = CliRunner().invoke(app, ["kostnad", str(files["unit"]), str(files["roster"]), "--uten-dekning",
                                      "--out", str(own_only)])
    assert result.exit_code == 0, result.output
    assert "IKKE tatt med" in " ".join(result.output.split())
    summary_own = json.loads((own_only / "cost_summary.json").read_text(encoding="utf-8"))
    assert summary_own["total"] == pytest.approx(summary_own["own_staff"]["total"], abs=0.02)
