"""Domain invariants: each broken invariant is a clear validation error with a stable code."""

from __future__ import annotations

from datetime import time
from typing import Any

import pytest
from pydantic import ValidationError

from bemanning.model import (
    Employee,
    RuleSet,
    ShiftKind,
    ShiftType,
    Task,
    TaskCategory,
    TimeInterval,
    Unit,
)


def _codes(exc: ValidationError) -> list[str]:
    return [e["type"] for e in exc.errors()]


def _unit_data(demo_unit: Unit) -> dict[str, Any]:
    return demo_unit.model_dump()


def test_task_without_eligible_group_is_rejected() -> None:
    with pytest.raises(ValidationError) as info:
        Task(id="t", name="Oppgave", category=TaskCategory.CLEANING, interval=TimeInterval.ANYTIME, minutes=5)
    assert "task_no_eligible_group" in _codes(info.value)


def test_shift_ending_before_start_must_be_overnight() -> None:
    with pytest.raises(ValidationError) as info:
        ShiftType(code="N", name="Natt", kind=ShiftKind.NIGHT, start=time(21, 45), end=time(7, 15))
    assert "shift_end_before_start" in _codes(info.value)
    night = ShiftType(code="N", name="Natt", kind=ShiftKind.NIGHT, start=time(21, 45), end=time(7, 15), overnight=True)
    assert night.duration_minutes == 570 and night.end_minute == 24 * 60 + 7 * 60 + 15


def test_overnight_flag_on_a_day_shift_is_rejected() -> None:
    with pytest.raises(ValidationError) as info:
        ShiftType(code="D", name="Dag", kind=ShiftKind.DAY, start=time(7), end=time(15), overnight=True)
    assert "shift_overnight_not_crossing" in _codes(info.value)


@pytest.mark.parametrize("pct", [0, -10, 100.5, 250])
def test_position_percentage_outside_0_100_is_rejected(pct: float) -> None:
    with pytest.raises(ValidationError) as info:
        Employee(id="E1", name="Test Testesen", group="spl", position_pct=pct)
    assert {"greater_than", "less_than_equal"} & set(_codes(info.value))


def test_unknown_group_in_a_task_is_rejected(demo_unit: Unit) -> None:
    data = _unit_data(demo_unit)
    data["tasks"][0]["eligible_groups"] = ["kirurg"]
    with pytest.raises(ValidationError) as info:
        Unit.model_validate(data)
    assert "unknown_group" in _codes(info.value)
    assert "kirurg" in str(info.value)


def test_unknown_group_of_an_employee_is_rejected(demo_unit: Unit) -> None:
    data = _unit_data(demo_unit)
    data["employees"][0]["group"] = "lege"
    with pytest.raises(ValidationError) as info:
        Unit.model_validate(data)
    assert "unknown_group" in _codes(info.value)


def test_duplicate_employee_id_is_rejected(demo_unit: Unit) -> None:
    data = _unit_data(demo_unit)
    data["employees"][1]["id"] = data["employees"][0]["id"]
    with pytest.raises(ValidationError) as info:
        Unit.model_validate(data)
    assert "duplicate_id" in _codes(info.value)


def test_pinned_group_must_be_eligible(demo_unit: Unit) -> None:
    data = _unit_data(demo_unit)
    medication = next(t for t in data["tasks"] if t["category"] == "medication")
    medication["pinned_group"] = "assistent"
    with pytest.raises(ValidationError) as info:
        Unit.model_validate(data)
    assert "pinned_not_eligible" in _codes(info.value)


def test_unknown_rule_setting_is_rejected() -> None:
    with pytest.raises(ValidationError) as info:
        RuleSet.model_validate({"daily_rest_hourz": 8})
    assert "unknown_rule" in _codes(info.value)


def test_rule_override_keeps_reference() -> None:
    rules = RuleSet.model_validate({"daily_rest_hours": 8, "weekly_rest_hours": {"value": 28}})
    assert rules.number("daily_rest_hours") == 8
    assert rules.get("daily_rest_hours").reference == "AML §10-8(1)"
    assert rules.overrides() == {"daily_rest_hours": 8, "weekly_rest_hours": 28}


def test_every_rule_setting_has_a_reference() -> None:
    for name, setting in RuleSet().settings.items():
        assert setting.reference.strip(), name


def test_competence_order_left_can_do_right_not_reverse(demo_unit: Unit) -> None:
    hfa_task = next(t for t in demo_unit.tasks if t.eligible_groups == ["helsefagarbeider"])
    eligible = demo_unit.eligible_groups(hfa_task, with_training=False)
    assert {"spl_overvakning", "spl_sengepost", "helsefagarbeider"} <= set(eligible)
    assert "assistent" not in eligible and "sekretaer" not in eligible
    nurse_task = next(t for t in demo_unit.tasks if t.category == TaskCategory.MEDICATION)
    assert "helsefagarbeider" not in demo_unit.eligible_groups(nurse_task, with_training=True)


def test_training_groups_count_only_with_training(demo_unit: Unit) -> None:
    ekg = next(t for t in demo_unit.tasks if "helsefagarbeider" in t.training)
    assert "helsefagarbeider" not in demo_unit.eligible_groups(ekg, with_training=False)
    assert "helsefagarbeider" in demo_unit.eligible_groups(ekg, with_training=True)


def test_support_groups_take_only_tasks_that_name_them(demo_unit: Unit) -> None:
    porter_task = next(t for t in demo_unit.tasks if t.eligible_groups == ["portor"])
    assert demo_unit.eligible_groups(porter_task, with_training=False) == ["portor"]


def test_demo_unit_matches_the_brief(demo_unit: Unit) -> None:
    assert len(demo_unit.employees) == 40
    average = sum(e.position_pct for e in demo_unit.employees) / len(demo_unit.employees)
    assert 80 <= average <= 88
    assert demo_unit.activity.beds == 24
    assert demo_unit.roster.cycle_weeks == 6
    assert {s.kind for s in demo_unit.shift_types} >= {ShiftKind.DAY, ShiftKind.EVENING, ShiftKind.NIGHT,
                                                       ShiftKind.LONG_DAY}
    assert len({t.category for t in demo_unit.tasks}) == 12
    assert len({t.interval for t in demo_unit.tasks}) == 8
