"""Sick calls: repair with few changes, fill suggestions, explanations, CLI."""

from __future__ import annotations

import datetime as dt
import json
import subprocess
import sys
from pathlib import Path

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st
from typer.testing import CliRunner

from bemanning.cli import app
from bemanning.io.roster_csv import write_roster_csv
from bemanning.io.unit_file import save_unit
from bemanning.model import Assignment, Roster, SkillMixRule
from bemanning.planning.rostering import (
    Period,
    SolveOptions,
    build_context,
    check_context,
    check_roster,
    default_rules,
    period_for_unit,
    solve_roster,
)
from bemanning.planning.sickcalls import SickCall, repair_roster
from bemanning.planning.sickcalls.explain import eligible_groups, explain_infeasible, explain_uncovered
from bemanning.planning.sickcalls.fill import RANK, suggest_fill
from bemanning.planning.sickcalls.repair import CHANGE_SCALE, RepairSetup, lexicographic, plan_of, prepare, roster_of
from bemanning.planning.sickcalls.rules import SkillMixBeyondKnownGaps
from roster_helpers import START, small_unit

UNIT = small_unit(nurses=5, helpers=4, weeks=2, pct=(100, 80, 75, 60))
ONE_DAY = dt.timedelta(days=1)
SICK = SickCall("S1", START + dt.timedelta(days=3), START + dt.timedelta(days=6))


@pytest.fixture(scope="module")
def solved() -> Roster:
    return solve_roster(UNIT, None, SolveOptions.for_work(3, seed=3)).roster


def greedy_repair(setup: RepairSetup) -> tuple[int, int]:
    """Reference: take out the sick shifts, then for each open place in date order put the first
    free employee who keeps every hard rule and lowers the open places. Returns (changed
    assignments besides the sick days, coverage penalty: below the safe minimum weighs more)."""
    ctx, rules = setup.ctx, [r for r in setup.rules if r.code != "repair_change"]
    plan = {e: dict(days) for e, days in setup.start.items()}
    changes = 0

    def score(p: dict[str, dict[int, str]]) -> tuple[bool, int]:
        report = check_context(ctx, roster_of(p, ctx), rules)
        return report.ok, report.penalty_by_rule().get("coverage", 0)

    ok, open_places = score(plan)
    for place in check_context(ctx, roster_of(plan, ctx), rules).uncovered:
        day = ctx.index_of(dt.date.fromisoformat(place.date))
        if day in setup.frozen:
            continue
        for e in ctx.employees:
            if e.group not in eligible_groups(ctx, place.group) or (e.id, day) in setup.sick:
                continue
            trial = {k: dict(v) for k, v in plan.items()}
            trial.setdefault(e.id, {})[day] = place.shift
            t_ok, t_open = score(trial)
            if t_ok and t_open < open_places:
                plan, open_places = trial, t_open
                changes += 1
                break
    return changes, open_places


def test_repair_takes_sick_off_keeps_rules_and_frozen_days(solved: Roster) -> None:
    locked = START + dt.timedelta(days=4)
    result = repair_roster(UNIT, solved, [SICK], locked_until=locked, work_limit=6)
    sick_days = [a for a in result.roster.assignments if a.employee_id == "S1" and SICK.start <= a.date <= SICK.end]
    assert sick_days == []
    before_ok = check_roster(UNIT, solved).ok
    if before_ok:
        assert result.report.ok, [v.text() for v in result.report.hard]
    frozen = {(a.employee_id, a.date, a.shift_code) for a in solved.assignments if a.date <= locked}
    kept = {(a.employee_id, a.date, a.shift_code) for a in result.roster.assignments if a.date <= locked}
    # A night the evening before the first sick day runs into it: it is lost with the sick call.
    night_before = (SICK.start - ONE_DAY, "N")
    lost = {a for a in frozen if a[0] == "S1" and (a[1] >= SICK.start or (a[1], a[2]) == night_before)}
    assert frozen - lost == kept
    assert all(c.date > locked or c.weight == 0 for c in result.changes)


def test_repair_changes_no_more_than_greedy(solved: Roster) -> None:
    result = repair_roster(UNIT, solved, [SICK], work_limit=6)
    setup = prepare(UNIT, solved, [SICK])
    greedy_changes, greedy_open = greedy_repair(setup)
    # Both measured on the repair's own target: the places the sick call opened.
    rules = [r for r in setup.rules if r.code != "repair_change"]
    ours_open = check_context(setup.ctx, result.roster, rules).penalty_by_rule().get("coverage", 0)
    assert ours_open <= greedy_open
    if ours_open == greedy_open:
        assert result.changed_assignments <= greedy_changes


def test_repair_restores_coverage_by_swapping() -> None:
    """Two nurses on evening while the night lost its nurse: one evening becomes... the cheapest fix."""
    unit = small_unit(nurses=4, helpers=2, weeks=1, pct=(100,))
    roster = solve_roster(unit, None, SolveOptions.for_work(3, seed=1)).roster
    day = 3
    date = START + dt.timedelta(days=day)
    on_day = [a for a in roster.assignments if a.date == date and a.employee_id.startswith("S")]
    if not on_day:
        pytest.skip("no nurse works that day")
    sick = SickCall(on_day[0].employee_id, date, date)
    result = repair_roster(unit, roster, [sick], work_limit=5)
    assert not any(a.employee_id == sick.employee and a.date == date for a in result.roster.assignments)
    before = check_roster(unit, roster).uncovered_places
    assert result.report.uncovered_places <= before + 1


# --- fill suggestions ----------------------------------------------------------------------


@st.composite
def random_rosters(draw: st.DrawFn) -> Roster:
    unit = UNIT
    codes = [s.code for s in unit.shift_types]
    assignments = []
    for e in unit.employees:
        for d in range(14):
            code = draw(st.sampled_from([None, None, *codes]))
            if code is not None:
                assignments.append(Assignment(employee_id=e.id, date=START + dt.timedelta(days=d), shift_code=code))
    return Roster(unit_id=unit.id, start_date=START, days=14, cyclic=True, assignments=assignments)


@settings(max_examples=12, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(
    roster=random_rosters(),
    day=st.integers(0, 13),
    shift=st.sampled_from(["D", "A", "N"]),
    group=st.sampled_from(["spl", "hfa"]),
)
def test_fill_never_breaks_a_hard_rule(roster: Roster, day: int, shift: str, group: str) -> None:
    date = START + dt.timedelta(days=day)
    found = suggest_fill(UNIT, roster, date, shift, group)
    assert [c.rank for c in found] == sorted(c.rank for c in found)
    before = {(v.rule, v.employee, v.dates) for v in check_roster(UNIT, roster).hard}
    for c in found:
        if c.employee is None:
            continue
        assert not any(a.employee_id == c.employee and a.date == date for a in roster.assignments)
        extra = Assignment(employee_id=c.employee, date=date, shift_code=shift)
        after = roster.model_copy(update={"assignments": [*roster.assignments, extra]})
        new = [v for v in check_roster(UNIT, after).hard if (v.rule, v.employee, v.dates) not in before]
        assert [v.rule for v in new if v.rule != "contract_hours"] == []


def test_fill_ranking_own_before_overtime_and_higher_group_allowed(solved: Roster) -> None:
    unit = UNIT.model_copy(deep=True)
    unit.costs.pool_available = True
    unit.costs.pool_hourly_price = {"hfa": 500.0}
    date = START + dt.timedelta(days=5)
    found = suggest_fill(unit, solved, date, "D", "hfa")
    ranks = [c.rank for c in found]
    assert ranks == sorted(ranks)
    assert any(c.source.value == "pool" for c in found)
    # a nurse (higher group) may take a health worker's place, never the other way round
    nurse_place = suggest_fill(unit, solved, date, "N", "spl")
    assert all(c.group == "spl" for c in nurse_place if c.employee is not None)
    assert set(RANK) and all(c.cost >= 0 for c in found)


# --- explanations --------------------------------------------------------------------------


def test_infeasible_unit_names_binding_rule_people_and_days() -> None:
    unit = small_unit(nurses=2, helpers=2, weeks=1, pct=(60,))
    ctx = build_context(unit, period_for_unit(unit))
    found = explain_infeasible(unit, ctx, default_rules(unit), time_limit=10)
    assert found
    assert any(x.rule == "contract_hours" for x in found)
    assert all(x.employee for x in found) and all(x.dates for x in found)
    assert "AML" in found[0].reference or "Spekter" in found[0].reference


def test_uncovered_place_explained_with_rule_and_reference() -> None:
    unit = small_unit(nurses=1, helpers=1, weeks=1, pct=(100,))
    # S0 works an evening on Monday; an open night the same day needs another nurse
    roster = Roster(
        unit_id=unit.id,
        start_date=START,
        days=7,
        cyclic=False,
        assignments=[Assignment(employee_id="S0", date=START, shift_code="A")],
    )
    ctx = build_context(unit, Period.of_roster(roster))
    report = check_context(ctx, roster, default_rules(unit))
    places = [p for p in report.uncovered if p.date == (START + dt.timedelta(days=1)).isoformat() and p.shift == "D"]
    found = explain_uncovered(unit, roster, None, places)
    rest = [x for x in found if x.employee == "S0" and x.rule == "daily_rest"]
    assert rest and "AML §10-8" in rest[0].message and "22:00" in rest[0].message


# --- CLI -----------------------------------------------------------------------------------


@pytest.fixture(scope="module")
def files(tmp_path_factory: pytest.TempPathFactory, solved: Roster) -> tuple[Path, Path]:
    folder = tmp_path_factory.mktemp("sick")
    save_unit(UNIT, folder / "unit.yaml")
    write_roster_csv(solved, UNIT, folder / "roster.csv")
    return folder / "unit.yaml", folder / "roster.csv"


def test_cli_repair_writes_files(files: tuple[Path, Path], tmp_path: Path) -> None:
    unit_file, roster_file = files
    result = CliRunner().invoke(
        app,
        [
            "repair",
            str(unit_file),
            str(roster_file),
            "--absent",
            f"S1:{SICK.start}:{SICK.end}",
            "--out",
            str(tmp_path),
            "--time-limit",
            "4",
        ],
    )
    summary = json.loads((tmp_path / "summary.json").read_text())
    # 3: written, but places below the safe minimum (the small unit's base roster already has some)
    assert result.exit_code == (3 if summary["below_minimum_places"] else 0), result.output
    for name in ("roster.csv", "changes.csv", "coverage.csv", "compliance.csv", "summary.json"):
        assert (tmp_path / name).is_file()
    assert "employee_id,date,before,after" in (tmp_path / "changes.csv").read_text()


@pytest.mark.parametrize(("minimum", "code", "last"), [(1, 3, "RØDT: 25 plasser under forsvarlig minimum"),
                                                       (0, 0, "GRØNT: ")])
def test_cli_repair_exits_3_when_places_are_below_the_safe_minimum(
    tmp_path: Path, minimum: int, code: int, last: str
) -> None:
    """Like `solve`: the last line is the safe-minimum status, and places below it give exit 3."""
    unit = small_unit(nurses=1, helpers=1, weeks=1, pct=(100,), minimum=minimum)
    roster = Roster(unit_id=unit.id, start_date=START, days=7, cyclic=False,
                    assignments=[Assignment(employee_id="S0", date=START, shift_code="D")])
    save_unit(unit, tmp_path / "unit.yaml")
    write_roster_csv(roster, unit, tmp_path / "roster.csv")
    result = CliRunner().invoke(app, ["repair", str(tmp_path / "unit.yaml"), str(tmp_path / "roster.csv"),
                                      "--absent", f"S0:{START}", "--locked-until", str(START),
                                      "--out", str(tmp_path / "out"), "--work-limit", "1"])
    assert result.exit_code == code, result.output
    assert result.output.strip().splitlines()[-1].startswith(last), result.output
    summary = json.loads((tmp_path / "out" / "summary.json").read_text())
    assert summary["cover_status"] == ("red" if minimum else "green")


def test_cli_fill_lists_candidates(files: tuple[Path, Path]) -> None:
    unit_file, roster_file = files
    result = CliRunner().invoke(
        app,
        [
            "fyll",
            str(unit_file),
            str(roster_file),
            "--date",
            str(START + dt.timedelta(days=2)),
            "--shift",
            "D",
            "--group",
            "hfa",
            "--top",
            "3",
        ],
    )
    assert result.exit_code == 0, result.output


@pytest.mark.parametrize(
    "args",
    [
        ["repair", "{unit}", "{roster}", "--absent", "NOPE:2027-01-05", "--out", "{out}"],
        ["repair", "{unit}", "{roster}", "--absent", "S1:2027-13-05", "--out", "{out}"],
        ["fyll", "{unit}", "{roster}", "--date", "2027-01-05", "--shift", "X", "--group", "hfa"],
        ["fyll", "{unit}", "{roster}", "--date", "1999-01-05", "--shift", "D", "--group", "hfa"],
    ],
)
def test_cli_bad_input_exits_2(files: tuple[Path, Path], tmp_path: Path, args: list[str]) -> None:
    unit_file, roster_file = files
    filled = [a.format(unit=unit_file, roster=roster_file, out=tmp_path) for a in args]
    code = "from bemanning.cli import main; main()"
    done = subprocess.run(
        [sys.executable, "-c", code, *filled],
        capture_output=True,
        text=True,
        env={"PYTHONPATH": "src", "PATH": "/usr/bin:/bin"},
        timeout=120,
    )
    assert done.returncode == 2, done.stdout + done.stderr
    assert "Traceback" not in done.stderr


def test_plan_round_trip(solved: Roster) -> None:
    ctx = build_context(UNIT, Period.of_roster(solved))
    assert {(a.employee_id, a.date, a.shift_code) for a in roster_of(plan_of(solved, ctx), ctx).assignments} == {
        (a.employee_id, a.date, a.shift_code) for a in solved.assignments
    }


def test_repair_targets_only_what_the_sick_call_took(solved: Roster) -> None:
    """Places open before the sick call are not the repair's target (no reshuffle to close old gaps),
    but the result is still reported against the full requirement, so old gaps are not hidden."""
    before = check_roster(UNIT, solved)
    setup = prepare(UNIT, solved, [SICK])
    missing_before = sum(p.missing for p in before.uncovered)
    assert sum(r.required for r in setup.ctx.demand) == sum(r.required for r in setup.full_demand) - missing_before
    full = prepare(UNIT, solved, [SICK], only_lost=False)
    assert [r.required for r in full.ctx.demand] == [r.required for r in full.full_demand]
    result = repair_roster(UNIT, solved, [SICK], work_limit=6)
    assert result.report.uncovered_places == check_roster(UNIT, result.roster).uncovered_places


# --- the repair never makes things worse; old shortfalls are not its target -----------------


@pytest.mark.parametrize(
    "call",
    [
        SickCall("S2", START + dt.timedelta(days=1), START + dt.timedelta(days=1)),
        SickCall("H1", START + dt.timedelta(days=5), START + dt.timedelta(days=8)),
        SickCall("S0", START, START + dt.timedelta(days=13)),
    ],
)
def test_repair_is_never_worse_than_changing_nothing(solved: Roster, call: SickCall) -> None:
    """By the repair's own penalties (coverage first, then changes, then the rest), the result is at
    least as good as the roster with the sick shifts simply taken out."""
    result = repair_roster(UNIT, solved, [call], work_limit=3)
    setup = result.setup
    rules = lexicographic(setup.rules)
    start = check_context(setup.ctx, roster_of(setup.start, setup.ctx), rules)
    after = check_context(setup.ctx, result.roster, rules)
    assert after.penalty <= start.penalty


def test_change_cost_checker_counts_what_the_model_charges(solved: Roster) -> None:
    setup = prepare(UNIT, solved, [SICK])
    rule = lexicographic([setup.change_rule])[0]
    moved = {e: dict(days) for e, days in setup.start.items()}
    day = max(d for d in range(setup.ctx.n) if d not in setup.frozen and d not in moved.get("H0", {}))
    moved.setdefault("H0", {})[day] = "D"
    weight = setup.change_rule.change_weight(setup.ctx, day, None, "D")
    assert check_context(setup.ctx, roster_of(moved, setup.ctx), [rule]).penalty == weight * CHANGE_SCALE


def test_old_skill_mix_shortfalls_are_reported_not_repaired() -> None:
    """A skill-mix gap that was there before the sick call is not the repair's target (no reshuffle
    to close it), yet it stays in the report; a sick call that takes nothing changes nothing."""
    # The roster was planned without the skill-mix rule, so under it some day shifts lack a second nurse.
    unit = UNIT.model_copy(deep=True)
    unit.staffing.skill_mix = [SkillMixRule(competence="legemiddel", minimum=2, shifts=["D"])]
    gapped = solve_roster(UNIT, None, SolveOptions.for_work(3, seed=3)).roster
    ctx = build_context(unit, Period.of_roster(gapped))
    plan = plan_of(gapped, ctx)
    before = check_roster(unit, gapped)
    assert any(v.rule == "skill_mix" for v in before.violations)
    off_day = next(d for d in range(7, ctx.n) if d not in plan.get("H0", {}))
    call = SickCall("H0", ctx.date_of(off_day), ctx.date_of(off_day))
    setup = prepare(unit, gapped, [call])
    assert any(isinstance(r, SkillMixBeyondKnownGaps) and r.known_gaps for r in setup.rules)
    result = repair_roster(unit, gapped, [call], work_limit=4)
    assert result.changed_assignments == 0
    assert sum(1 for v in result.report.violations if v.rule == "skill_mix") == sum(
        1 for v in before.violations if v.rule == "skill_mix"
    )


def test_a_long_shift_covering_the_day_shift_is_no_skill_mix_gap() -> None:
    """A nurse on L (covers D and A of the group) holds the medication competence on D that day: the
    repair's known gaps count composite cover as the checker does, so no gap is reported for it."""
    from datetime import time

    from bemanning.model import ShiftKind, ShiftType
    from bemanning.planning.sickcalls.rules import skill_mix_gaps

    unit = small_unit(nurses=2, helpers=1, weeks=1, pct=(100,))
    unit.shift_types.append(ShiftType(code="L", name="Langvakt", kind=ShiftKind.LONG_DAY, start=time(7, 30),
                                      end=time(20), covers=["D", "A"]))
    unit.staffing.skill_mix = [SkillMixRule(competence="legemiddel", minimum=1, shifts=["D"])]
    roster = Roster(unit_id=unit.id, start_date=START, days=7, cyclic=False,
                    assignments=[Assignment(employee_id="S0", date=START, shift_code="L"),
                                 Assignment(employee_id="S1", date=START + ONE_DAY, shift_code="A")])
    ctx = build_context(unit, Period.of_roster(roster))
    gaps = skill_mix_gaps(ctx, plan_of(roster, ctx))
    assert (0, "D", "legemiddel") not in gaps  # L on day 0 covers its D
    assert gaps[(1, "D", "legemiddel")] == 1  # an evening does not
    checked = {(ctx.index_of(v.dates[0]), v.detail.get("shift")) for v in check_roster(unit, roster).violations
               if v.rule == "skill_mix"}
    assert {(day, shift) for day, shift, _ in gaps} == checked  # the same places as the checker


def test_repair_may_move_the_group_of_a_place_the_sick_call_left_open(solved: Roster) -> None:
    """A nurse off sick may leave a health worker's place open (she covered it); health workers can
    take it, so they are in the repair's neighbourhood although nurses outrank them."""
    from dataclasses import replace as with_

    from bemanning.planning.rostering.rules.coverage import Coverage
    from bemanning.planning.sickcalls.repair import neighbourhood

    setup = prepare(UNIT, solved, [SICK])
    ctx = setup.ctx
    helpers = {e.id for e in ctx.employees if e.group == "hfa"}
    cover = [r for r in setup.rules if isinstance(r, Coverage)]

    def without_helpers(day: int, shift: str) -> dict[str, dict[int, str]]:
        return {e: {d: c for d, c in days.items() if not (e in helpers and d == day and c == shift)}
                for e, days in setup.start.items()}

    # A health workers' place left open (not one a nurse over the requirement still fills).
    start = next(
        plan for r in ctx.demand if r.group == "hfa" and r.required > 0 and r.day not in setup.frozen
        for plan in [without_helpers(r.day, r.shift)]
        if any(p.group == "hfa" for p in check_context(ctx, roster_of(plan, ctx), cover).uncovered)
    )
    assert "hfa" not in eligible_groups(ctx, "spl")  # the sick nurse's own chain does not reach them
    assert helpers <= neighbourhood(with_(setup, start=start))
