"""Violations injected into a lawful roster are caught by the right rule; the check CLI's exit codes."""

from __future__ import annotations

import datetime as dt
import json
import subprocess
import sys
from pathlib import Path

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from bemanning.io.roster_csv import write_roster_csv
from bemanning.io.unit_file import save_unit
from bemanning.model import Roster, Unit
from bemanning.planning.rostering import SolveOptions, check_roster, solve_roster
from roster_helpers import START, small_unit, with_shift

ROOT = Path(__file__).resolve().parents[1]


@pytest.fixture(scope="module")
def solved() -> tuple[Unit, Roster]:
    unit = small_unit(weeks=3)
    result = solve_roster(unit, options=SolveOptions(time_limit=5, seed=3))
    assert check_roster(unit, result.roster).ok
    return unit, result.roster


def hard_rules(unit: Unit, roster: Roster, employee: str) -> set[str]:
    return {v.rule for v in check_roster(unit, roster).hard if v.employee in (employee, None)}


@settings(max_examples=15, deadline=None, suppress_health_check=list(HealthCheck))
@given(data=st.data())
def test_day_after_evening_breaks_daily_rest(solved: tuple[Unit, Roster], data: st.DataObject) -> None:
    unit, roster = solved
    employee = data.draw(st.sampled_from(["S0", "S1", "S2", "H0", "H1", "H2"]))
    day = data.draw(st.integers(0, roster.days - 1))
    date = START + dt.timedelta(days=day)
    nxt = START + dt.timedelta(days=(day + 1) % roster.days)  # wraps: the roster is cyclic
    bad = with_shift(with_shift(roster, employee, date, "A"), employee, nxt, "D")
    assert "daily_rest" in hard_rules(unit, bad, employee)


@settings(max_examples=10, deadline=None, suppress_health_check=list(HealthCheck))
@given(data=st.data())
def test_four_nights_break_the_night_series_limit(solved: tuple[Unit, Roster], data: st.DataObject) -> None:
    unit, roster = solved
    employee = data.draw(st.sampled_from(["S0", "S1", "S2"]))
    day = data.draw(st.integers(0, roster.days - 1))
    bad = roster
    for k in range(4):
        bad = with_shift(bad, employee, START + dt.timedelta(days=(day + k) % roster.days), "N")
    assert "max_consecutive_nights" in hard_rules(unit, bad, employee)


@settings(max_examples=10, deadline=None, suppress_health_check=list(HealthCheck))
@given(data=st.data())
def test_seven_days_in_a_row_break_the_limit(solved: tuple[Unit, Roster], data: st.DataObject) -> None:
    unit, roster = solved
    employee = data.draw(st.sampled_from(["S0", "H1"]))
    day = data.draw(st.integers(0, roster.days - 1))
    bad = roster
    for k in range(7):
        bad = with_shift(bad, employee, START + dt.timedelta(days=(day + k) % roster.days), "D")
    assert "max_consecutive_days" in hard_rules(unit, bad, employee)


def test_two_weekends_in_a_row_break_the_weekend_rule(solved: tuple[Unit, Roster]) -> None:
    unit, roster = solved
    bad = roster
    for day in (5, 6, 12, 13):
        bad = with_shift(bad, "H0", START + dt.timedelta(days=day), "D")
    assert "weekend_frequency" in hard_rules(unit, bad, "H0")


def test_swap_onto_a_forbidden_night(solved: tuple[Unit, Roster]) -> None:
    unit, roster = solved
    unit = unit.model_copy(
        update={
            "employees": [
                e.model_copy(update={"works_nights": False}) if e.id == "H2" else e for e in unit.employees
            ]
        }
    )
    bad = with_shift(roster, "H2", START, "N")
    assert "work_arrangement" in hard_rules(unit, bad, "H2")


def test_a_week_without_35_hours_rest(solved: tuple[Unit, Roster]) -> None:
    unit, roster = solved
    bad = roster
    # D, D, off, D, D, off, D: the longest rest is 40 h (15:00 → 07:00 next-but-one day)...
    for day, code in enumerate(["A", "N", None, "A", "A", "N", None]):
        bad = with_shift(bad, "S1", START + dt.timedelta(days=7 + day), code)
    # ...evening, night, a day off, evenings: the free stretches are all under 35 h.
    assert "weekly_rest" in hard_rules(unit, bad, "S1")


def _cli(*args: str) -> subprocess.CompletedProcess[str]:
    code = "from bemanning.cli import main; main()"
    return subprocess.run(
        [sys.executable, "-c", code, *args],
        capture_output=True,
        text=True,
        cwd=ROOT,
        env={"PYTHONPATH": str(ROOT / "src"), "PATH": "/usr/bin:/bin"},
        timeout=120,
    )


def test_check_cli_exit_codes(solved: tuple[Unit, Roster], tmp_path: Path) -> None:
    unit, roster = solved
    unit = unit.model_copy(update={"roster": unit.roster.model_copy(update={"cycle_weeks": 3})})
    save_unit(unit, tmp_path / "unit.yaml")
    write_roster_csv(roster, unit, tmp_path / "good.csv")
    bad = with_shift(with_shift(roster, "S0", START, "A"), "S0", START + dt.timedelta(days=1), "D")
    write_roster_csv(bad, unit, tmp_path / "bad.csv")
    below = check_roster(unit, roster).below_minimum_places
    good = _cli("check", str(tmp_path / "unit.yaml"), str(tmp_path / "good.csv"))
    assert good.returncode == (1 if below else 0)  # places below the safe minimum fail the check
    allowed = _cli("check", str(tmp_path / "unit.yaml"), str(tmp_path / "good.csv"), "--tillat-under-minimum")
    assert allowed.returncode == 0
    failed = _cli("--lang", "en", "check", str(tmp_path / "unit.yaml"), str(tmp_path / "bad.csv"))
    assert failed.returncode == 1
    assert "Daily rest" in failed.stdout and "§10-8(1)" in failed.stdout
    assert _cli("check", str(tmp_path / "unit.yaml"), str(tmp_path / "missing.csv")).returncode == 2


def test_solve_cli_writes_the_files(tmp_path: Path) -> None:
    unit = small_unit(weeks=1)
    save_unit(unit, tmp_path / "unit.yaml")
    done = _cli("solve", str(tmp_path / "unit.yaml"), "--out", str(tmp_path / "out"), "--time-limit", "3")
    summary = json.loads((tmp_path / "out" / "summary.json").read_text())
    below = summary["below_minimum_places"]
    assert done.returncode == (3 if below else 0), done.stderr  # 3: written, but below the safe minimum
    for name in ("roster.csv", "compliance.csv", "coverage.csv", "summary.json"):
        assert (tmp_path / "out" / name).is_file()
    checked = _cli("check", str(tmp_path / "unit.yaml"), str(tmp_path / "out" / "roster.csv"))
    assert checked.returncode == (1 if below else 0)
