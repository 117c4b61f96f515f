"""The demo ward: activity plan sums, as-is/to-be and plausibility against the seed's findings."""

from __future__ import annotations

import pytest

from bemanning.demo import build_demo_unit
from bemanning.model import DayType, TaskCategory, TimeInterval
from bemanning.model.task_sharing_result import AllocationStatus
from bemanning.planning.activity_plan import build_activity_plan, clock_hours, weekly_hours
from bemanning.planning.task_sharing_report import nurse_groups
from bemanning.planning.tasksharing import allocate_tasks


@pytest.fixture(scope="module")
def demo():
    unit = build_demo_unit()
    result = allocate_tasks(unit, time_limit_s=10)
    assert result.status is AllocationStatus.OPTIMAL
    assert result.allocation is not None
    return unit, result, build_activity_plan(unit, result.allocation)


def test_activity_plan_hours_equal_allocation_hours(demo):
    unit, result, plan = demo
    total = sum(e.hours_per_week for e in result.allocation.entries)
    assert weekly_hours(plan) == pytest.approx(total)
    for group in {e.group for e in result.allocation.entries}:
        assert weekly_hours(plan, group=group) == pytest.approx(
            sum(e.hours_per_week for e in result.allocation.entries if e.group == group)
        )
    assert {e.day_type for e in plan.entries} == {DayType.WEEKDAY, DayType.SATURDAY, DayType.SUNDAY}


def test_clock_hours_spread_keeps_the_total(demo):
    _, _, plan = demo
    spread = clock_hours(plan)
    assert sum(spread.values()) == pytest.approx(sum(e.hours for e in plan.entries))
    assert {k[1] for k in spread} <= set(TimeInterval) - {TimeInterval.ANYTIME, TimeInterval.WEEKDAY_DAYTIME}


def test_patient_day_tasks_follow_occupancy(demo):
    unit, _, plan = demo
    # Breakfast (t52) is per patient-day: Saturday (19 patients) has less than the mean weekday (23).
    nutrition = {
        d: plan.hours(category=TaskCategory.NUTRITION, interval=TimeInterval.H07_09, day_type=d)
        for d in (DayType.WEEKDAY, DayType.SATURDAY)
    }
    assert nutrition[DayType.SATURDAY] / nutrition[DayType.WEEKDAY] == pytest.approx(19 / 23)


def test_nurse_groups_derived_from_medication_tasks(demo):
    unit, _, _ = demo
    assert nurse_groups(unit) == ["spl_overvakning", "spl_sengepost"]


def test_nurse_work_is_medication_rounds_and_advanced_care(demo):
    """Seed finding: what nurses must do is mainly medication, rounds and advanced procedures/observation."""
    unit, result, _ = demo
    nurses = set(nurse_groups(unit))
    tasks = {t.id: t for t in unit.tasks}
    nurse_entries = [e for e in result.allocation.entries if e.group in nurses]
    hours = sum(e.hours_per_week for e in nurse_entries)
    core = {TaskCategory.MEDICATION, TaskCategory.PROCEDURES, TaskCategory.PATIENT_CARE}
    core_hours = sum(e.hours_per_week for e in nurse_entries if tasks[e.task_id].category in core)
    assert core_hours / hours > 0.75
    # All medication handling and the ward round (legevisitt) stay with nurses.
    for t in unit.tasks:
        if t.category is TaskCategory.MEDICATION or "Legevisitt" in t.name:
            assert result.allocation.group_of(t.id) in nurses


def test_non_clinical_categories_move_to_other_groups(demo):
    """Seed finding: ordering, cleaning, nutrition and routine checks can be done by others."""
    unit, result, _ = demo
    nurses = set(nurse_groups(unit))
    tasks = {t.id: t for t in unit.tasks}
    categories = (
        TaskCategory.ORDERING,
        TaskCategory.CLEANING,
        TaskCategory.NUTRITION,
        TaskCategory.ROUTINE_CHECKS,
    )
    entries = [e for e in result.allocation.entries if tasks[e.task_id].category in categories]
    before = sum(e.hours_per_week for e in entries if tasks[e.task_id].current_group in nurses)
    assert before > 20  # today nurses spend real time on this work ...
    for category in categories:  # ... and afterwards none of it is nurse work
        assert not [e.task_id for e in entries if tasks[e.task_id].category is category and e.group in nurses]
    # Assistants and support staff take a real part of it, not only health-care workers.
    others = sum(
        e.hours_per_week for e in entries if e.group in {"assistent", "sekretaer", "farmasoyt", "renhold"}
    )
    assert others / sum(e.hours_per_week for e in entries) > 0.4


def test_as_is_to_be_comparison(demo):
    unit, result, _ = demo
    c = result.comparison
    assert c is not None
    assert c.freed_nurse_hours > 0 and 0.3 < c.freed_nurse_share < 0.7
    assert c.freed_nurse_fte == pytest.approx(
        c.freed_nurse_hours / unit.rules.number("weekly_hours_three_shift_max")
    )
    assert c.patients_per_nurse_to_be > c.patients_per_nurse_as_is
    assert sum(c.hours_as_is.values()) == pytest.approx(sum(c.hours_to_be.values()))
    moved_out = sum(
        m.hours_per_week
        for m in c.moves
        if m.from_group in c.nurse_groups and m.to_group not in c.nurse_groups
    )
    assert moved_out == pytest.approx(c.freed_nurse_hours)


def test_training_plan_per_group(demo):
    _, result, _ = demo
    by_group = result.training_by_group()
    assert set(by_group) == {"helsefagarbeider", "assistent"}
    assert {n.task_id for n in by_group["helsefagarbeider"]} == {"t08", "t14", "t21", "t50"}
