"""Staffing requirement: workload per shift, minimums, skill mix, long shifts, holidays, fixed plan."""

from __future__ import annotations

import datetime as dt
from datetime import time

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from bemanning.demo import build_demo_unit
from bemanning.model import (
    ActivityPlan,
    DayType,
    MinimumStaffing,
    RequirementEntry,
    ShiftKind,
    ShiftType,
    SkillMixRule,
    StaffingSettings,
    TaskCategory,
    TimeInterval,
    WeekdayValues,
)
from bemanning.model.staffing_result import StaffingInputError
from bemanning.planning.calendar import day_type_calendar, easter_sunday, norwegian_holidays
from bemanning.planning.demand import group_shift_codes, staffing_requirement
from staffing_fixtures import PLAN_DAY_TYPES, employee, make_unit, plan_of, shifts_dan, uniform_plan

Iv, C = TimeInterval, TaskCategory


def test_workload_divided_by_productive_hours_rounded_up() -> None:
    unit = make_unit(care=False)
    # 20 h in 09-12 on the day shift: 20 / (0.85 × 8 h) = 2.94 → 3 heads
    req = staffing_requirement(unit, uniform_plan("spl", Iv.H09_12, 20.0))
    row = next(r for r in req.rows if r.day_type is DayType.WEEKDAY and r.shift == "D" and r.group == "spl")
    assert row.task_hours == pytest.approx(20.0)
    assert row.required == 3 and row.reason == "workload"
    assert req.required(DayType.WEEKDAY, "A", "spl") == 0


def test_anytime_hours_spread_over_24_hours() -> None:
    unit = make_unit(care=False)
    req = staffing_requirement(unit, uniform_plan("spl", Iv.ANYTIME, 24.0))
    hours = {r.shift: r.task_hours for r in req.rows if r.day_type is DayType.WEEKDAY}
    assert hours == pytest.approx({"D": 8.0, "A": 8.0, "N": 8.0})


def test_handover_overlap_split_between_the_two_shifts() -> None:
    shifts = [
        ShiftType(code="D", name="Dag", kind=ShiftKind.DAY, start=time(7, 0), end=time(15, 0)),
        ShiftType(code="A", name="Aften", kind=ShiftKind.EVENING, start=time(14, 0), end=time(22, 0)),
    ]
    unit = make_unit(shifts=shifts, care=False)
    # 3 h evenly over 12-15: 1 h per clock hour; 14-15 is shared → D gets 2.5, A 0.5
    req = staffing_requirement(unit, uniform_plan("spl", Iv.H12_15, 3.0))
    hours = {r.shift: r.task_hours for r in req.rows if r.day_type is DayType.WEEKDAY}
    assert hours == pytest.approx({"D": 2.5, "A": 0.5})


def test_minimum_staffing_overrides_low_workload() -> None:
    staffing = StaffingSettings(minimums=[MinimumStaffing(shift="N", group="spl", minimum=2)])
    unit = make_unit(staffing=staffing, care=False)
    req = staffing_requirement(unit, uniform_plan("spl", Iv.H22_07, 1.0))
    row = next(r for r in req.rows if r.day_type is DayType.SUNDAY and r.shift == "N")
    assert row.from_workload == 1
    assert row.minimum == 2 and row.required == 2 and row.reason == "minimum"


def test_minimum_limited_to_day_types() -> None:
    staffing = StaffingSettings(
        minimums=[MinimumStaffing(shift="D", group="hfa", minimum=1, day_types=[DayType.WEEKDAY])]
    )
    req = staffing_requirement(make_unit(staffing=staffing, care=False), uniform_plan("spl", Iv.H09_12, 1.0))
    assert req.required(DayType.WEEKDAY, "D", "hfa") == 1
    assert req.required(DayType.SATURDAY, "D", "hfa") == 0


def test_skill_mix_puts_a_competent_group_on_every_named_shift() -> None:
    employees = [
        employee(1, "spl", competences=["legemiddel"]),
        employee(2, "hfa"),
        employee(3, "hfa"),
    ]
    staffing = StaffingSettings(skill_mix=[SkillMixRule(competence="legemiddel", minimum=1, shifts=["D", "A", "N"])])
    unit = make_unit(employees=employees, staffing=staffing, care=False)
    # all the work is health-care-worker work: without the rule no nurse would be needed
    req = staffing_requirement(unit, uniform_plan("hfa", Iv.ANYTIME, 30.0))
    for day_type in DayType:
        for shift in ("D", "A", "N"):
            assert req.required(day_type, shift, "spl") == 1
            assert req.required(day_type, shift, "hfa") >= 1
    assert {r.reason for r in req.rows if r.group == "spl"} == {"skill_mix"}


def test_skill_mix_counts_heads_already_there_and_raises_least_competent_holder() -> None:
    employees = [employee(1, "spl", competences=["k"]), employee(2, "hfa", competences=["k"])]
    staffing = StaffingSettings(skill_mix=[SkillMixRule(competence="k", minimum=2, shifts=["D"])])
    unit = make_unit(employees=employees, staffing=staffing, care=False)
    req = staffing_requirement(unit, uniform_plan("spl", Iv.H09_12, 5.0))  # spl needs 1 on D by workload
    assert req.required(DayType.WEEKDAY, "D", "spl") == 1
    assert req.required(DayType.WEEKDAY, "D", "hfa") == 1  # the lower holder fills the gap


def test_skill_mix_without_holder_is_an_input_error() -> None:
    staffing = StaffingSettings(skill_mix=[SkillMixRule(competence="ukjent", minimum=1)])
    unit = make_unit(employees=[employee(1, "spl")], staffing=staffing, care=False)
    with pytest.raises(StaffingInputError) as info:
        staffing_requirement(unit, uniform_plan("spl", Iv.H09_12, 5.0))
    assert info.value.key == "skill_mix_no_group"


def test_long_shift_covers_two_intervals() -> None:
    shifts = [
        ShiftType(code="L", name="Langvakt", kind=ShiftKind.LONG_DAY, start=time(7, 0), end=time(19, 0)),
        ShiftType(code="N", name="Natt", kind=ShiftKind.NIGHT, start=time(19, 0), end=time(7, 0), overnight=True),
    ]
    unit = make_unit(shifts=shifts, care=False)
    plan = plan_of(
        [
            ("spl", Iv.H09_12, C.PROCEDURES, DayType.WEEKDAY, 10.0),
            ("spl", Iv.H15_18, C.MEDICATION, DayType.WEEKDAY, 10.0),
        ]
    )
    req = staffing_requirement(unit, plan)
    long_row = next(r for r in req.rows if r.shift == "L" and r.day_type is DayType.WEEKDAY)
    assert long_row.task_hours == pytest.approx(20.0)  # both intervals on the one long shift
    assert long_row.required == 2  # 20 / (0.85 × 12) = 1.96
    assert req.required(DayType.WEEKDAY, "N", "spl") == 0


def test_long_shifts_replace_the_day_shift_they_contain() -> None:
    unit = build_demo_unit()
    assert group_shift_codes(unit, "spl_sengepost") == ["D", "A", "N"]
    assert group_shift_codes(unit, "spl_sengepost", long_shifts=True) == ["A", "N", "L"]
    assert group_shift_codes(unit, "sekretaer") == ["K"]  # day work: the office day
    assert group_shift_codes(unit, "assistent") == ["D", "A"]  # no night workers
    plan = uniform_plan("spl_sengepost", Iv.H09_12, 10.0)
    req = staffing_requirement(unit, plan, long_shifts=True)
    row = next(r for r in req.rows if r.shift == "L" and r.group == "spl_sengepost" and r.day_type is DayType.WEEKDAY)
    assert row.minimum == 2  # the day shift's forsvarlig minimum moves to the long shift
    assert req.required(DayType.WEEKDAY, "D", "spl_sengepost") == 0


def test_norwegian_holidays_give_the_holiday_day_type() -> None:
    holidays = norwegian_holidays(2027)
    assert dt.date(2027, 5, 17) in holidays
    assert easter_sunday(2027) == dt.date(2027, 3, 28)
    calendar = day_type_calendar(2027)
    assert calendar.day_type_of(dt.date(2027, 5, 17)) is DayType.HOLIDAY  # a Monday
    assert calendar.day_type_of(dt.date(2027, 3, 29)) is DayType.HOLIDAY  # Easter Monday
    assert calendar.day_type_of(dt.date(2027, 5, 18)) is DayType.WEEKDAY
    assert calendar.day_type_of(dt.date(2027, 5, 15)) is DayType.SATURDAY
    counts = calendar.counts()
    assert sum(counts.values()) == 365 and counts[DayType.HOLIDAY] == len(holidays)


def test_holiday_rows_use_sunday_plan_unless_the_plan_has_holiday_entries() -> None:
    unit = make_unit(care=False)
    plan = plan_of(
        [
            ("spl", Iv.H09_12, C.PATIENT_CARE, DayType.WEEKDAY, 30.0),
            ("spl", Iv.H09_12, C.PATIENT_CARE, DayType.SUNDAY, 10.0),
        ]
    )
    req = staffing_requirement(unit, plan)
    assert req.required(DayType.HOLIDAY, "D", "spl") == req.required(DayType.SUNDAY, "D", "spl") == 2
    assert req.calendar is not None and dt.date(2027, 5, 17) in req.calendar.holidays
    with_holiday = plan.model_copy(
        update={
            "entries": [
                *plan.entries,
                *plan_of([("spl", Iv.H09_12, C.PATIENT_CARE, DayType.HOLIDAY, 4.0)]).entries,
            ]
        }
    )
    assert staffing_requirement(unit, with_holiday).required(DayType.HOLIDAY, "D", "spl") == 1


def test_fixed_requirement_is_the_requirement() -> None:
    fixed = [RequirementEntry(day_type=d, shift=s, group="spl", required=3) for d in DayType for s in ("D", "A", "N")]
    staffing = StaffingSettings(minimums=[MinimumStaffing(shift="N", group="spl", minimum=2)], fixed_requirement=fixed)
    req = staffing_requirement(make_unit(staffing=staffing, care=False), uniform_plan("spl", Iv.H09_12, 50.0))
    assert req.fixed
    assert {(r.day_type, r.shift, r.group): r.required for r in req.rows} == {
        (e.day_type, e.shift, e.group): 3 for e in fixed
    }
    assert next(r for r in req.rows if r.shift == "D" and r.day_type is DayType.WEEKDAY).from_workload == 8


def test_fixed_requirement_below_minimum_is_rejected() -> None:
    fixed = [RequirementEntry(day_type=d, shift="N", group="spl", required=1) for d in DayType]
    staffing = StaffingSettings(minimums=[MinimumStaffing(shift="N", group="spl", minimum=2)], fixed_requirement=fixed)
    with pytest.raises(StaffingInputError) as info:
        staffing_requirement(make_unit(staffing=staffing, care=False), uniform_plan("spl", Iv.H09_12, 1.0))
    assert info.value.key == "fixed_below_minimum"


def test_substitution_follows_the_competence_order() -> None:
    unit = make_unit(care=False)
    plan = plan_of([(g, Iv.H09_12, C.PATIENT_CARE, DayType.WEEKDAY, 5.0) for g in ("spl", "hfa", "sek")])
    req = staffing_requirement(unit, plan)
    covered = {s.group: s.covered_by for s in req.substitutions}
    assert covered == {"spl": [], "hfa": ["spl"], "sek": ["spl", "hfa"]}


def test_care_level_floor_raises_direct_care_only_when_switched_on() -> None:
    plan = uniform_plan("spl", Iv.ANYTIME, 24.0)  # 24 h direct care; care levels: 20 × 4.5 h = 90 h
    off = staffing_requirement(make_unit(), plan)
    on = staffing_requirement(make_unit(rules={"care_level_floor": True}), plan)
    check = next(c for c in on.care_check if c.day_type is DayType.WEEKDAY)
    assert check.care_level_hours == pytest.approx(90.0)
    assert check.plan_direct_care_hours == pytest.approx(24.0)
    assert check.floor_added_hours == pytest.approx(66.0)
    assert all(r.care_floor_hours == 0 for r in off.rows)
    assert sum(r.care_floor_hours for r in on.rows if r.day_type is DayType.WEEKDAY) == pytest.approx(66.0)
    assert on.required(DayType.WEEKDAY, "D", "spl") > off.required(DayType.WEEKDAY, "D", "spl")


def _rows(req):  # type: ignore[no-untyped-def]
    return {(r.day_type, r.shift, r.group): r for r in req.rows}


@settings(max_examples=25, deadline=None)
@given(
    occupancy=st.floats(min_value=1, max_value=30),
    hours=st.lists(st.floats(min_value=0, max_value=20), min_size=4, max_size=4),
    floor=st.booleans(),
)
def test_doubling_occupancy_raises_only_the_per_patient_day_part(
    occupancy: float, hours: list[float], floor: bool
) -> None:
    plan = plan_of(
        [
            ("spl", Iv.H07_09, C.PATIENT_CARE, DayType.WEEKDAY, hours[0]),
            ("spl", Iv.H22_07, C.MEDICATION, DayType.SUNDAY, hours[1]),
            ("hfa", Iv.ANYTIME, C.NUTRITION, DayType.WEEKDAY, hours[2]),
            ("hfa", Iv.H15_18, C.ROUTINE_CHECKS, DayType.SATURDAY, hours[3]),
        ]
    )
    rules = {"care_level_floor": floor}
    base = staffing_requirement(make_unit(occupancy=occupancy, rules=rules), plan)
    unit2 = make_unit(occupancy=occupancy, rules=rules)
    unit2 = unit2.model_copy(
        update={
            "activity": unit2.activity.model_copy(
                update={
                    "occupancy": WeekdayValues(
                        **{d: occupancy * 2 for d in ("mon", "tue", "wed", "thu", "fri", "sat", "sun")}
                    )
                }
            )
        }
    )
    doubled = staffing_requirement(unit2, plan)
    for a, b in zip(base.care_check, doubled.care_check, strict=True):
        assert b.care_level_hours == pytest.approx(2 * a.care_level_hours)  # the per-patient-day part
        assert b.plan_direct_care_hours == pytest.approx(a.plan_direct_care_hours)
        assert b.floor_added_hours >= a.floor_added_hours - 1e-9
    rows_a, rows_b = _rows(base), _rows(doubled)
    for key in rows_a.keys() | rows_b.keys():
        a, b = rows_a.get(key), rows_b.get(key)
        task_a, task_b = (a.task_hours if a else 0.0), (b.task_hours if b else 0.0)
        assert task_a == pytest.approx(task_b)  # nothing else moves
        assert (b.care_floor_hours if b else 0.0) >= (a.care_floor_hours if a else 0.0) - 1e-9
        if not floor:
            assert (a.required if a else 0) == (b.required if b else 0)
    # Heads on a shift never go down (per group they may: more nurse work can leave a nurse's spare
    # time doing helper work, see share_remainder_downwards).
    for day_type, shift in {(d, s) for d, s, _ in rows_a.keys() | rows_b.keys()}:
        heads_a = sum(r.required for r in base.rows if (r.day_type, r.shift) == (day_type, shift))
        heads_b = sum(r.required for r in doubled.rows if (r.day_type, r.shift) == (day_type, shift))
        assert heads_a <= heads_b
    if floor and any(c.care_level_hours > c.plan_direct_care_hours + 0.01 for c in doubled.care_check):
        # The floor binds somewhere after doubling, so it must carry more hours than before.
        assert sum(r.care_floor_hours for r in doubled.rows) > sum(r.care_floor_hours for r in base.rows)


def test_shifts_fixture_is_24_hours() -> None:
    assert sum(s.working_hours for s in shifts_dan()) == 24


def _two_groups_plan(nurse_hours: float, helper_hours: float) -> ActivityPlan:
    return plan_of(
        [
            (g, Iv.H09_12, C.PATIENT_CARE, d, h)
            for g, h in (("spl", nurse_hours), ("hfa", helper_hours))
            for d in PLAN_DAY_TYPES
        ]
    )


def test_leftover_work_goes_to_the_spare_time_of_a_more_competent_head() -> None:
    """Day shift, 0.85 × 8 h = 6.8 productive hours a head. Nurses 8.0 h → 2 heads with 5.6 h spare;
    the helpers' 3.0 h fit in it, so no helper head is rounded up for them. Per group it would be 2 + 1."""
    unit = make_unit(care=False)
    req = staffing_requirement(unit, _two_groups_plan(8.0, 3.0))
    nurse = next(r for r in req.rows if r.day_type is DayType.WEEKDAY and r.shift == "D" and r.group == "spl")
    helper = next(r for r in req.rows if r.day_type is DayType.WEEKDAY and r.shift == "D" and r.group == "hfa")
    assert nurse.required == 2 and nurse.shared_hours == 0
    assert helper.required == 0 and helper.shared_hours == pytest.approx(3.0)
    # More helper work than the spare time: only what is left over is rounded up.
    req = staffing_requirement(unit, _two_groups_plan(8.0, 9.0))
    assert req.required(DayType.WEEKDAY, "D", "hfa") == 1  # (9.0 − 5.6) / 6.8 → 1
    # The setting off: every group rounds up on its own.
    off = make_unit(care=False, rules={"share_remainder_downwards": False})
    assert staffing_requirement(off, _two_groups_plan(8.0, 3.0)).required(DayType.WEEKDAY, "D", "hfa") == 1


def test_a_minimum_head_is_not_spare_time_and_a_lower_group_does_not_help_a_higher_one() -> None:
    staffing = StaffingSettings(minimums=[MinimumStaffing(shift="D", group="spl", minimum=3)])
    unit = make_unit(staffing=staffing, care=False)
    # Nurses: 6.8 h of work = exactly 1 head, 2 more for the minimum; those 2 are not free for helper work.
    req = staffing_requirement(unit, _two_groups_plan(6.8, 3.0))
    assert req.required(DayType.WEEKDAY, "D", "spl") == 3
    assert req.required(DayType.WEEKDAY, "D", "hfa") == 1
    # Helpers' spare time never does nurse work.
    req = staffing_requirement(make_unit(care=False), _two_groups_plan(3.0, 4.0))
    assert req.required(DayType.WEEKDAY, "D", "spl") == 1
