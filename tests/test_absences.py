"""Absences in every mode (issue 25 item 5): cyclic and calendar rosters, a night into an absence,
fill suggestions, the roster CSV's absence rows, contract-hour credit, and repair → check."""

from __future__ import annotations

import datetime as dt
import json
from pathlib import Path

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st
from typer.testing import CliRunner

from bemanning.cli import app
from bemanning.io.roster_csv import read_roster_csv, write_roster_csv
from bemanning.io.unit_file import save_unit
from bemanning.model import ABSENCE_CODES, Absence, AbsenceKind, Assignment, Roster, Unit
from bemanning.planning.rostering import (
    Period,
    SolveOptions,
    build_context,
    check_roster,
    default_rules,
    solve_roster,
)
from bemanning.planning.rostering.rules import AbsenceRule
from bemanning.planning.sickcalls import SickCall, repair_roster
from bemanning.planning.sickcalls.fill import suggest_fill
from roster_helpers import START, small_unit, with_shift

DAY = dt.timedelta(days=1)


def with_absence(unit: Unit, *absences: Absence) -> Unit:
    return unit.model_copy(update={"absences": [*unit.absences, *absences]})


def absent_rule_broken(report_violations: list, employee: str) -> bool:
    return any(v.rule == "absence" and v.employee == employee for v in report_violations)


# --- the model and the check ------------------------------------------------------------------


def test_absence_codes_are_defined_once_with_norwegian_labels() -> None:
    assert {code for code, _, _ in ABSENCE_CODES.values()} >= {"SYK", "FER", "PERM", "KURS"}
    assert AbsenceKind.from_code("syk") is AbsenceKind.SICK
    assert AbsenceKind.VACATION.label() == "Ferie"
    assert AbsenceKind.from_code("D") is None


def test_absence_binds_a_cyclic_roster_in_the_context_and_the_check() -> None:
    unit = with_absence(small_unit(), Absence(employee="S0", start=START + 2 * DAY, end=START + 3 * DAY, kind="sick"))
    period = Period.cycle(START, 2)
    ctx = build_context(unit, period)
    assert {2, 3} <= ctx.absent["S0"]
    roster = Roster(unit_id=unit.id, start_date=START, days=14, cyclic=True,
                    assignments=[Assignment(employee_id="S0", date=START + 2 * DAY, shift_code="D")])
    assert absent_rule_broken(check_roster(unit, roster).hard, "S0")


def test_a_night_into_the_first_vacation_day_is_work_during_the_absence() -> None:
    unit = with_absence(small_unit(), Absence(employee="S0", start=START + 5 * DAY, end=START + 8 * DAY))
    ctx = build_context(unit, Period.cycle(START, 2))
    banned = set(AbsenceRule().forbidden(ctx))
    assert ("S0", 4, "N") in banned  # 21:45 the evening before, runs 7.25 h into the vacation
    assert ("S0", 4, "D") not in banned and ("S0", 4, "A") not in banned
    assert ("S0", 8, "N") in banned and ("S0", 9, "D") not in banned
    night = Roster(unit_id=unit.id, start_date=START, days=14, cyclic=True,
                   assignments=[Assignment(employee_id="S0", date=START + 4 * DAY, shift_code="N")])
    report = check_roster(unit, night)
    assert absent_rule_broken(report.hard, "S0")


def test_the_rosters_own_absences_bind_the_check() -> None:
    unit = small_unit()
    roster = Roster(unit_id=unit.id, start_date=START, days=14, cyclic=True,
                    assignments=[Assignment(employee_id="H1", date=START + DAY, shift_code="D")])
    assert not absent_rule_broken(check_roster(unit, roster).hard, "H1")
    marked = roster.model_copy(update={"absences": [Absence(employee="H1", start=START + DAY, end=START + DAY,
                                                            kind="course")]})
    assert absent_rule_broken(check_roster(unit, marked).hard, "H1")


def test_absence_counts_toward_contract_hours_at_the_daily_share() -> None:
    """A full-time employee away one week of two works half the period's hours and passes; without
    the absence the same roster is far below contract."""
    unit = small_unit(pct=(100,))
    week = [START + i * DAY for i in range(7)]
    shifts = [Assignment(employee_id="S0", date=d, shift_code="D") for d in week[:5]]  # 5 × 7.5 h
    # 35.5 h / 7 per day: one week is 35.5 h; 5 × 7.5 = 37.5 h is outside 2 % → use 35.5 h worth: 4 D + 1 A
    shifts[4] = Assignment(employee_id="S0", date=week[4], shift_code="A")
    roster = Roster(unit_id=unit.id, start_date=START, days=14, cyclic=True, assignments=shifts)
    ctx = build_context(unit, Period.of_roster(roster))
    worked = sum(ctx.shifts[a.shift_code].work_minutes for a in shifts) / 60
    away = Absence(employee="S0", start=START + 7 * DAY, end=START + 13 * DAY, kind="vacation")
    credited = roster.model_copy(update={"absences": [away]})
    low, high, target = build_context(unit, Period.of_roster(credited), absences=[away]).contract_minutes(
        ctx.employee("S0"))
    assert target / 60 == pytest.approx(35.5)  # the absent week credited at 35.5 h / 7 per day
    contract = [v for v in check_roster(unit, roster).hard if v.rule == "contract_hours" and v.employee == "S0"]
    assert contract  # without the absence: 2 weeks' contract, one week's work
    with_away = [v for v in check_roster(unit, credited).hard if v.rule == "contract_hours" and v.employee == "S0"]
    assert (low <= worked * 60 <= high) == (not with_away)


# --- the solver ---------------------------------------------------------------------------


@settings(max_examples=4, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(
    st.lists(
        st.tuples(st.sampled_from(["S0", "S1", "S2", "H0", "H1"]), st.integers(0, 13), st.integers(0, 4),
                  st.sampled_from(list(AbsenceKind))),
        min_size=1,
        max_size=3,
    ),
    st.booleans(),
)
def test_no_returned_roster_works_during_an_absence(
    absences: list[tuple[str, int, int, AbsenceKind]], cyclic: bool
) -> None:
    """Random absences on a small unit, cyclic or calendar: no shift of the returned roster overlaps an
    absence in time, and a shift injected into one is caught by the checker."""
    registered = [
        Absence(employee=e, start=START + d * DAY, end=START + (d + length) * DAY, kind=kind)
        for e, d, length, kind in absences
    ]
    unit = with_absence(small_unit(), *registered)
    period = Period.cycle(START, 2) if cyclic else Period.calendar(START, START + 13 * DAY)
    result = solve_roster(unit, None, SolveOptions.for_work(3, seed=1, num_workers=2, period=period))
    ctx = build_context(unit, period)
    for a in result.roster.assignments:
        assert not ctx.absent_during(a.employee_id, ctx.index_of(a.date), a.shift_code), a
    assert not absent_rule_broken(result.report.violations, registered[0].employee)
    who, first = registered[0].employee, registered[0].start
    injected = with_shift(result.roster, who, first - DAY, "N")  # the night before the first absent day
    if first - DAY >= START:
        assert absent_rule_broken(check_roster(unit, injected).hard, who)
    on_day = with_shift(result.roster, who, first, "D")
    assert absent_rule_broken(check_roster(unit, on_day).hard, who)


# --- fill suggestions -----------------------------------------------------------------------


def test_fill_suggestions_never_offer_an_absent_employee() -> None:
    unit = small_unit(nurses=4, helpers=3)
    roster = solve_roster(unit, None, SolveOptions.for_work(3, seed=2)).roster

    def free_nurses(date: dt.date) -> list[str]:
        return [e.id for e in unit.employees if e.group == "spl" and roster.shift_on(e.id, date) is None
                and roster.shift_on(e.id, date - DAY) != "N"]

    # A day (not the first: the night before counts) on which a nurse is off, whatever roster the engine made.
    date = next(START + d * DAY for d in range(1, 14) if free_nurses(START + d * DAY))
    free = free_nurses(date)
    before = {c.employee for c in suggest_fill(unit, roster, date, "D", "spl")}
    who = next(e for e in free if e in before) if set(free) & before else free[0]
    # Even a soft absence rule never lets the suggestions offer someone away.
    away = with_absence(unit, Absence(employee=who, start=date, end=date, kind="sick"))
    soft = away.model_copy(deep=True)
    soft.rules.settings["absence_respected"] = soft.rules.get("absence_respected").model_copy(
        update={"hard": False, "weight": 1})
    assert not default_rules(soft)[[r.code for r in default_rules(soft)].index("absence")].hard
    for variant in (away, soft):
        offered = {c.employee for c in suggest_fill(variant, roster, date, "D", "spl")}
        assert who not in offered
        night_before = {c.employee for c in suggest_fill(variant, roster, date - DAY, "N", "spl")}
        assert who not in night_before


# --- the roster CSV ---------------------------------------------------------------------------


def test_roster_csv_carries_absence_rows(tmp_path: Path) -> None:
    unit = small_unit()
    roster = Roster(
        unit_id=unit.id, start_date=START, days=14, cyclic=True,
        assignments=[Assignment(employee_id="S0", date=START, shift_code="D")],
        absences=[
            Absence(employee="S1", start=START + DAY, end=START + 3 * DAY, kind="vacation"),
            Absence(employee="H0", start=START + 2 * DAY, end=START + 2 * DAY, kind="sick", credit_hours=7.5),
        ],
    )
    path = tmp_path / "roster.csv"
    write_roster_csv(roster, unit, path)
    text = path.read_text()
    assert "S1,2027-01-05,FER,,," in text and "H0,2027-01-06,SYK,,,7.5" in text
    back = read_roster_csv(path, unit)
    assert back.absences == roster.absences and back.assignments == roster.assignments


# --- repair → check ---------------------------------------------------------------------------


@pytest.fixture(scope="module")
def repaired(tmp_path_factory: pytest.TempPathFactory) -> tuple[Path, Path, Path]:
    unit = small_unit(nurses=5, helpers=4, weeks=2, pct=(100, 80, 75, 60))
    folder = tmp_path_factory.mktemp("repair")
    roster = solve_roster(unit, None, SolveOptions.for_work(3, seed=3)).roster
    assert check_roster(unit, roster).ok
    save_unit(unit, folder / "unit.yaml")
    write_roster_csv(roster, unit, folder / "roster.csv")
    out = folder / "out"
    sick = f"S1:{START + 3 * DAY}:{START + 6 * DAY}"
    done = CliRunner().invoke(app, ["repair", str(folder / "unit.yaml"), str(folder / "roster.csv"), "--absent",
                                    sick, "--out", str(out), "--time-limit", "6"])
    below = json.loads((out / "summary.json").read_text())["below_minimum_places"]
    assert done.exit_code == (3 if below else 0), done.output  # 3: places below the safe minimum
    return folder / "unit.yaml", out / "roster.csv", out


def test_repaired_roster_carries_the_sick_days_and_passes_check(repaired: tuple[Path, Path, Path]) -> None:
    unit_file, roster_file, _ = repaired
    assert ",SYK," in roster_file.read_text()
    done = CliRunner().invoke(app, ["check", str(unit_file), str(roster_file), "--tillat-under-minimum"])
    assert done.exit_code == 0, done.output


def test_repair_says_unchanged_only_when_nothing_is_left_open(tmp_path: Path) -> None:
    """A night whose only nurse calls in sick on a locked day cannot be covered: the repair must not say
    "uendret", it says how many places could not be covered, and why."""
    unit = small_unit(nurses=5, helpers=4, weeks=2, pct=(100, 80, 75, 60))
    roster = solve_roster(unit, None, SolveOptions.for_work(3, seed=3)).roster
    nights: dict[dt.date, list[str]] = {}
    for a in roster.assignments:
        if a.shift_code == "N":
            nights.setdefault(a.date, []).append(a.employee_id)
    date, (who,) = next((d, e) for d, e in sorted(nights.items()) if len(e) == 1 and d > START + DAY)
    result = repair_roster(unit, roster, [SickCall(who, date, date)], locked_until=date, work_limit=4)
    assert result.left_open >= 1 and result.status != "unchanged"
    save_unit(unit, tmp_path / "unit.yaml")
    write_roster_csv(roster, unit, tmp_path / "roster.csv")
    done = CliRunner().invoke(app, ["repair", str(tmp_path / "unit.yaml"), str(tmp_path / "roster.csv"),
                                    "--absent", f"{who}:{date}", "--locked-until", str(date), "--out",
                                    str(tmp_path / "out"), "--work-limit", "4"])
    assert done.exit_code == 3, done.output  # the night left open is below the safe minimum
    assert "1 plass kunne ikke dekkes" in done.output
    assert done.output.strip().splitlines()[-1].startswith("RØDT: 17 plasser under forsvarlig minimum")
    assert '"left_open": 1' in (tmp_path / "out" / "summary.json").read_text()


def test_repair_with_nothing_lost_is_unchanged() -> None:
    unit = small_unit(nurses=5, helpers=4, weeks=2, pct=(100, 80, 75, 60))
    roster = solve_roster(unit, None, SolveOptions.for_work(3, seed=3)).roster
    ctx = build_context(unit, Period.of_roster(roster))
    who, day = next((e.id, d) for e in ctx.employees for d in range(2, ctx.n)
                    if roster.shift_on(e.id, ctx.date_of(d)) is None
                    and roster.shift_on(e.id, ctx.date_of(d - 1)) != "N")
    result = repair_roster(unit, roster, [SickCall(who, ctx.date_of(day), ctx.date_of(day))], work_limit=4)
    assert result.status == "unchanged" and result.left_open == 0
