"""The second demo unit (issue 24): a surgical ward of 41 staff with long shifts for volunteers
and composite cover; the current engine's roster passes the checker with the new rules."""

from __future__ import annotations

from collections import Counter
from collections.abc import Callable
from pathlib import Path
from subprocess import CompletedProcess

import pytest

from bemanning.demo import build_surgical_unit
from bemanning.io.unit_file import load_unit, save_unit
from bemanning.model import Roster, Unit
from bemanning.planning.rostering import RosterResult, SolveOptions, check_roster, solve_roster

Cli = Callable[..., CompletedProcess[str]]


@pytest.fixture(scope="module")
def surgical() -> Unit:
    return build_surgical_unit()


@pytest.fixture(scope="module")
def solved(surgical: Unit) -> RosterResult:
    return solve_roster(surgical, options=SolveOptions(time_limit=20, seed=1, num_workers=2))


def test_the_ward_is_the_one_described(surgical: Unit) -> None:
    groups = Counter(e.group for e in surgical.employees)
    assert groups == {"sykepleier": 28, "helsefagarbeider": 12, "sekretaer": 1}
    times = {s.code: (s.start.strftime("%H:%M"), s.end.strftime("%H:%M")) for s in surgical.shift_types}
    assert times == {"D": ("07:00", "15:00"), "A": ("14:30", "22:00"), "N": ("21:45", "07:15"),
                     "L": ("07:30", "20:00"), "K": ("08:00", "15:30")}
    assert surgical.shift_type("L").covers == ["D", "A"] and surgical.shift_type("L").working_hours == 12.5
    assert surgical.roster.cycle_weeks == 6
    rules = surgical.rules
    assert rules.number("daily_rest_hours") == 11 and rules.number("weekly_rest_hours") == 35
    assert rules.number("weekend_every_nth") == 3 and rules.number("max_consecutive_working_days") == 5
    assert rules.number("max_consecutive_nights") == 3 and rules.number("contract_hours_tolerance_hours") == 8
    assert any(e.shift_types == ["N"] for e in surgical.employees)
    assert any(e.shift_types == ["D"] for e in surgical.employees)
    assert any(e.position_pct < 100 for e in surgical.employees)


def test_yaml_and_excel_round_trips_keep_the_new_fields(surgical: Unit, tmp_path: Path) -> None:
    save_unit(surgical, tmp_path / "unit.yaml")
    save_unit(load_unit(tmp_path / "unit.yaml"), tmp_path / "unit.xlsx")
    again = load_unit(tmp_path / "unit.xlsx")
    assert again == surgical
    assert [lim.id for lim in again.shift_limits] == ["langvakt_andel", "langvakt_antall"]


def test_the_engine_returns_a_lawful_roster_that_respects_who_may_work_what(
    surgical: Unit, solved: RosterResult
) -> None:
    roster: Roster = solved.roster
    report = check_roster(surgical, roster)
    assert report.ok, [v.text("en") for v in report.hard][:5]
    assert report.penalty == round(solved.objective)  # the checker recomputes the solver's objective
    people = {e.id: e for e in surgical.employees}
    worked: dict[str, set[str]] = {}
    for a in roster.assignments:
        worked.setdefault(a.employee_id, set()).add(a.shift_code)
        if a.shift_code == "K":
            assert a.date.weekday() < 5
    for employee_id, codes in worked.items():
        e = people[employee_id]
        allowed = set(e.shift_types or surgical.group(e.group).shift_types)
        assert codes <= allowed, (employee_id, codes)
        if "L" in codes:
            assert e.long_shift_volunteer
    assert worked[next(e.id for e in surgical.employees if e.group == "sekretaer")] == {"K"}


def test_unknown_demo_unit_is_a_usage_error(cli: Cli) -> None:
    result = cli("demo", "--enhet", "ortopedisk")
    assert result.returncode == 2
    assert "ukjent demoenhet «ortopedisk»" in result.stderr and "kirurgisk" in result.stderr


def test_demo_writes_the_surgical_unit_file(tmp_path: Path, cli: Cli) -> None:
    out = tmp_path / "kir"
    result = cli("demo", "--enhet", "kirurgisk", "--out", str(out), "--tidsgrense", "5")
    assert result.returncode == 0, result.stderr
    unit = load_unit(out / "unit.yaml")
    assert unit == build_surgical_unit()
    assert (out / "turnus" / "roster.csv").is_file()


def test_costs_count_the_open_places_the_checker_reports(surgical: Unit, solved: RosterResult) -> None:
    """The cost of open places covers exactly the heads the report (with composite cover) leaves open."""
    import datetime as dt

    from bemanning.model.costs_result import UncoveredPlace
    from bemanning.planning.costing import cover_cost

    report = check_roster(surgical, solved.roster)
    places = [
        UncoveredPlace(date=dt.date.fromisoformat(p.date), shift_code=p.shift, group=p.group, count=p.missing)
        for p in report.uncovered
        if p.missing > 0
    ]
    assert "L" not in {p.shift_code for p in places}  # L has no places of its own: it fills D and A
    covered = cover_cost(surgical, solved.roster, places)
    assert len(covered.decisions) == report.uncovered_places
