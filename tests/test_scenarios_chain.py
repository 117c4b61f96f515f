"""The whole chain per unit (run_chain): sick leave enters the cost only through absence cover,
runs are independent (pickle, parallel = sequential), helper measures are hand-computed."""

from __future__ import annotations

import datetime as dt
import pickle

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from bemanning.model import Assignment, Roster
from bemanning.model.costs_result import CoverSource
from bemanning.model.scenario import FullTimeChange, Scenario, SickLeaveChange, TaskSharingChange
from bemanning.planning.chain import (
    COMPARISON_COLUMNS,
    ChainError,
    ChainResult,
    absence_places,
    long_shift_share,
    run_chain,
    weekends_worked,
)
from bemanning.planning.scenarios import apply_scenario
from bemanning.runtime.scenario_pool import ChainJob, run_jobs
from roster_helpers import START
from scenario_helpers import chain_unit

UNIT = chain_unit(nurses=6, helpers=5, weeks=3)
# Columns sick leave may change: FTE need with absence, and the cover of absent own staff.
SICK_LEAVE_COLUMNS = {"fte_need", "cost_overtime_nok", "cost_agency_nok", "cost_total_nok", "agency_hours"}

@pytest.fixture(scope="module")
def solved() -> ChainResult:
    return run_chain(UNIT, roster_budget=3, seed=0, scenario="Som i dag")

def test_chain_runs_every_stage(solved: ChainResult) -> None:
    assert solved.roster.assignments and solved.roster.unit_id == UNIT.id
    assert {g.group for g in solved.groups()} == {"spl", "hfa"}
    assert solved.training_needs and solved.training_needs[0].group == "hfa"
    assert solved.budget.year == 2027 and solved.cost_total > solved.cost_own_staff > 0
    row = solved.row()
    assert tuple(row) == COMPARISON_COLUMNS
    assert row["uncovered_shifts"] == sum(p.count for p in solved.uncovered)
    expected_total = solved.cost_own_staff + sum(solved.annual_cover(s) for s in CoverSource)
    assert solved.cost_total == pytest.approx(expected_total)

def test_sick_leave_only_changes_absence_cover_and_fte_need(solved: ChainResult) -> None:
    base_unit = apply_scenario(UNIT, Scenario(name="a", changes=[SickLeaveChange(share=0.08)]))
    sick_unit = apply_scenario(UNIT, Scenario(name="b", changes=[SickLeaveChange(share=0.16)]))
    base = run_chain(base_unit, roster=solved.roster)
    sick = run_chain(sick_unit, roster=solved.roster)
    # The same requirement, roster and compliance: sick leave does not change what must be covered.
    assert sick.requirement == base.requirement and sick.roster == base.roster
    assert sick.uncovered == base.uncovered
    before, after = base.row(), sick.row()
    assert {c for c in COMPARISON_COLUMNS if before[c] != after[c]} <= SICK_LEAVE_COLUMNS
    assert after["fte_need"] > before["fte_need"]
    assert len(sick.absence_places) > len(base.absence_places)
    cover_hours = (CoverSource.OVERTIME, CoverSource.AGENCY, CoverSource.POOL)
    assert sum(sick.annual_cover_hours(s) for s in cover_hours) > sum(base.annual_cover_hours(s) for s in cover_hours)
    assert after["cost_overtime_nok"] + after["cost_agency_nok"] > before["cost_overtime_nok"] + before[
        "cost_agency_nok"]
    assert after["agency_hours"] >= before["agency_hours"]
    assert after["cost_total_nok"] > before["cost_total_nok"]
    assert after["cost_own_staff_nok"] == before["cost_own_staff_nok"]

def test_no_sick_leave_means_no_absence_places(solved: ChainResult) -> None:
    unit = apply_scenario(UNIT, Scenario(name="a", changes=[SickLeaveChange(share=0)]))
    result = run_chain(unit, roster=solved.roster)
    assert result.absence_places == []
    assert sum(p.count for p in solved.absence_places) > 0

def test_result_pickles(solved: ChainResult) -> None:
    assert pickle.loads(pickle.dumps(solved)) == solved
    error = pickle.loads(pickle.dumps(ChainError("chain_no_allocation", reasons="x")))
    assert error.key == "chain_no_allocation" and error.context == {"reasons": "x"}

def test_parallel_runs_give_the_same_rows_as_sequential(solved: ChainResult) -> None:
    scenarios = {
        "Som i dag": [TaskSharingChange(enabled=False)],
        "Oppgavedeling": [TaskSharingChange()],
        "Sykefravær": [SickLeaveChange(share=0.12)],
        "Heltid": [FullTimeChange()],
    }
    jobs = [
        ChainJob(scenario=name, unit=apply_scenario(UNIT, Scenario(name=name, changes=changes)),  # type: ignore[arg-type]
                 roster=solved.roster)
        for name, changes in scenarios.items()
    ]
    sequential = run_jobs(jobs, workers=1)
    parallel = run_jobs(jobs, workers=2)
    assert [r.scenario for r in parallel] == list(scenarios)
    assert [r.row() for r in parallel] == [r.row() for r in sequential]
    assert parallel == sequential

def test_parallel_solves_are_independent() -> None:
    """Solving in two processes: each scenario's roster-independent numbers match its own unit."""
    units = {
        "Som i dag": UNIT,
        "Heltid": apply_scenario(UNIT, Scenario(name="h", changes=[FullTimeChange()])),
    }
    jobs = [ChainJob(scenario=n, unit=u, roster_budget=2) for n, u in units.items()]
    results = run_jobs(jobs, workers=2)
    for result, (name, unit) in zip(results, units.items(), strict=True):
        assert result.scenario == name and result.roster.assignments
        assert result.avg_position_pct == pytest.approx(sum(e.position_pct for e in unit.employees) / len(
            unit.employees))
    assert results[1].fte_current > results[0].fte_current

# --- measures, hand-computed ----------------------------------------------------------------

def _roster(assignments: list[tuple[str, int, str]], days: int = 14) -> Roster:
    return Roster(
        unit_id=UNIT.id, start_date=START, days=days, cyclic=True,
        assignments=[Assignment(employee_id=e, date=START + dt.timedelta(days=d), shift_code=c)
                     for e, d, c in assignments],
    )

def test_absence_places_spread_by_running_total() -> None:
    # Ten day shifts of nurses (S0) at 25 %: running totals round up at heads 2, 6 and 10.
    roster = _roster([("S0", d, "D") for d in range(10)])
    places = absence_places(UNIT, roster, 0.25)
    assert [(p.date, p.shift_code, p.group, p.count) for p in places] == [
        (START + dt.timedelta(days=d), "D", "spl", 1) for d in (1, 5, 9)
    ]

@settings(max_examples=40, deadline=None)
@given(
    heads=st.lists(st.tuples(st.integers(0, 13), st.sampled_from(["D", "A", "N"]), st.sampled_from(["S0", "H1"])),
                   max_size=40, unique=True),
    low=st.floats(0, 0.5),
    high=st.floats(0, 0.5),
)
def test_absence_places_count_is_rounded_share_and_monotone(
    heads: list[tuple[int, str, str]], low: float, high: float
) -> None:
    low, high = sorted((low, high))
    roster = _roster([(e, d, c) for d, c, e in heads])
    for share in (low, high):
        places = absence_places(UNIT, roster, share)
        for code in ("D", "A", "N"):
            for employee, group in (("S0", "spl"), ("H1", "hfa")):
                planned = sum(1 for _, c, e in heads if c == code and e == employee)
                placed = sum(p.count for p in places if p.shift_code == code and p.group == group)
                assert placed == (int(planned * share + 0.5) if share > 0 else 0)
    assert sum(p.count for p in absence_places(UNIT, roster, low)) <= sum(
        p.count for p in absence_places(UNIT, roster, high))

def test_weekends_and_long_shift_share() -> None:
    # Two weeks from a Monday: weekends are days 5-6 and 12-13. S0 works both, S1 one (Sunday only).
    roster = _roster([("S0", 5, "D"), ("S0", 6, "D"), ("S0", 12, "N"), ("S1", 13, "A"), ("S1", 2, "D")])
    weekends, per_employee = weekends_worked(UNIT, roster)
    assert weekends == 2
    assert per_employee == pytest.approx(3 / len(UNIT.employees))
    assert long_shift_share(UNIT, roster) == 0.0
