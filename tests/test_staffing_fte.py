"""FTE need: the DOMAIN.md worked example, weekly-hours rules, absence, gap, projection."""

from __future__ import annotations

import datetime as dt
from datetime import time

import pytest

from bemanning.model import (
    DayType,
    MinimumStaffing,
    RequirementRow,
    RuleSet,
    ShiftKind,
    ShiftType,
    StaffingRequirement,
    StaffingSettings,
    TimeInterval,
    WorkArrangement,
)
from bemanning.model.staffing_result import AgeGroupGrowth, GrowthModel
from bemanning.planning.calendar import day_type_calendar
from bemanning.planning.demand import staffing_requirement
from bemanning.planning.fte import fte_need, fte_result, three_shift_weekly_hours
from bemanning.planning.projection import project
from staffing_fixtures import employee, make_unit, uniform_plan

RULES = RuleSet()


def _one_post_unit(arrangement: WorkArrangement, **kw: object):  # type: ignore[no-untyped-def]
    """One head on D, A and N every day: a post around the clock (8 h + 8 h + 8 h, paid breaks)."""
    minimums = [MinimumStaffing(shift=s, group="spl", minimum=1) for s in ("D", "A", "N")]
    employees = [employee(i, "spl", arrangement=arrangement) for i in range(1, 6)]
    return make_unit(employees=employees, staffing=StaffingSettings(minimums=minimums), care=False, **kw)


def test_domain_worked_example_one_post_24_7() -> None:
    # 168 h/week at 35.5 h → 4.73 FTE; with 20 % unavailability ≈ 5.9 FTE
    assert fte_need(168, 35.5) == pytest.approx(4.73, abs=0.005)
    assert fte_need(168, 35.5, 0.20) == pytest.approx(5.92, abs=0.005)
    unit = _one_post_unit(WorkArrangement.ROTATION)
    req = staffing_requirement(unit, uniform_plan("spl", TimeInterval.ANYTIME, 0.0))
    row = fte_result(unit, req).row("spl")
    assert row.weekly_cover_hours == pytest.approx(168.0)
    assert row.weekly_hours == 35.5
    assert row.fte_need == pytest.approx(4.73, abs=0.005)
    assert row.unavailability == pytest.approx(5 / 52 + 0.08 + 0.015 + 0.01, abs=1e-4)  # ≈ 20 %
    assert row.fte_need_with_absence == pytest.approx(5.9, abs=0.05)


def test_gap_against_positions_in_fte_and_hours() -> None:
    unit = _one_post_unit(WorkArrangement.ROTATION, rules={"fte_year_hours": 1846})
    req = staffing_requirement(unit, uniform_plan("spl", TimeInterval.ANYTIME, 0.0))
    result = fte_result(unit, req)
    row = result.row("spl")
    assert row.fte_current == 5.0
    assert row.gap_fte == pytest.approx(row.fte_need_with_absence - 5.0, abs=1e-3)
    assert row.gap_hours_per_year == pytest.approx(row.gap_fte * 1846, abs=1.0)
    assert result.fte_year_hours == 1846


def test_three_shift_formula_and_bounds() -> None:
    assert three_shift_weekly_hours(0.0, 0.0, RULES) == 35.5  # ceiling
    assert three_shift_weekly_hours(1.0, 0.0, RULES) == 33.6  # floor
    assert three_shift_weekly_hours(0.0, 1.0, RULES) == 33.6
    assert three_shift_weekly_hours(0.1, 0.2, RULES) == pytest.approx(37.5 / (1 + 0.1 / 6 + 0.2 / 4))
    low, high = three_shift_weekly_hours(0.1, 0.25, RULES), three_shift_weekly_hours(0.15, 0.35, RULES)
    assert 33.6 < high < low < 35.5  # more night/Sunday → fewer hours


def _single_shift_unit(shift: ShiftType):  # type: ignore[no-untyped-def]
    return make_unit(shifts=[shift], employees=[employee(1, "spl")], care=False)


def test_night_share_from_the_night_window() -> None:
    night = ShiftType(
        code="N", name="Natt", kind=ShiftKind.NIGHT, start=time(23, 0), end=time(7, 0), overnight=True
    )
    unit = _single_shift_unit(night)
    req = StaffingRequirement(
        unit_id=unit.id,
        rows=[RequirementRow(day_type=d, shift="N", group="spl", minimum=0, required=1) for d in DayType],
    )
    row = fte_result(unit, req, calendar=day_type_calendar(2027)).row("spl")
    assert row.night_share == pytest.approx(7 / 8)  # 23-06 of 23-07 (AML §10-11: 21-06)
    assert row.weekly_hours == 33.6


def test_sunday_share_counts_sunday_and_holiday_daytime() -> None:
    day = ShiftType(code="D", name="Dag", kind=ShiftKind.DAY, start=time(7, 0), end=time(15, 0))
    unit = _single_shift_unit(day)
    weekday_only = StaffingRequirement(
        unit_id=unit.id,
        rows=[RequirementRow(day_type=DayType.WEEKDAY, shift="D", group="spl", minimum=0, required=1)],
    )
    row = fte_result(unit, weekday_only, calendar=day_type_calendar(2027)).row("spl")
    assert row.sunday_share == 0 and row.night_share == 0 and row.weekly_hours == 35.5
    every_day = StaffingRequirement(
        unit_id=unit.id,
        rows=[RequirementRow(day_type=d, shift="D", group="spl", minimum=0, required=1) for d in DayType],
    )
    calendar = day_type_calendar(2027)
    row = fte_result(unit, every_day, calendar=calendar).row("spl")
    counts = calendar.counts()
    assert row.sunday_share == pytest.approx(
        (counts[DayType.SUNDAY] + counts[DayType.HOLIDAY]) / 365, abs=1e-4
    )
    assert row.weekly_hours == pytest.approx(min(35.5, 37.5 / (1 + row.sunday_share / 6)), abs=0.01)
    no_holidays = fte_result(unit, every_day, calendar=day_type_calendar(2027, holidays=[])).row("spl")
    assert no_holidays.sunday_share < row.sunday_share  # public holidays add Sunday/holiday hours


def test_saturday_evening_is_in_the_sunday_period() -> None:
    evening = ShiftType(code="A", name="Aften", kind=ShiftKind.EVENING, start=time(15, 0), end=time(21, 0))
    unit = _single_shift_unit(evening)
    saturday = StaffingRequirement(
        unit_id=unit.id,
        rows=[RequirementRow(day_type=DayType.SATURDAY, shift="A", group="spl", minimum=0, required=1)],
    )
    row = fte_result(unit, saturday, calendar=day_type_calendar(2027, holidays=[])).row("spl")
    # 18-21 of 15-21 (AML §10-10); on Easter and Whitsun eves (27 Mar, 15 May 2027) from 15:00: all 6 h
    assert row.sunday_share == pytest.approx((50 * 3 + 2 * 6) / (52 * 6), abs=1e-4)


def test_day_work_and_senior_vacation() -> None:
    employees = [
        employee(1, "sek", arrangement=WorkArrangement.DAY, senior=True),
        employee(2, "sek", arrangement=WorkArrangement.DAY),
    ]
    unit = make_unit(employees=employees, care=False)
    req = staffing_requirement(unit, uniform_plan("sek", TimeInterval.WEEKDAY_DAYTIME, 10.0))
    row = fte_result(unit, req).row("sek")
    assert row.weekly_hours == 37.5
    assert row.unavailability == pytest.approx(5.5 / 52 + 0.08 + 0.015 + 0.01, abs=1e-4)


def test_growth_model_default_is_30_percent_in_15_years() -> None:
    unit = make_unit(care=False)
    from bemanning.planning.projection import default_growth

    assert default_growth(unit).factor(15) == pytest.approx(1.30, abs=0.005)
    model = GrowthModel(
        age_groups=[
            AgeGroupGrowth(name="0-66", activity_share=0.5, annual_growth=0.0),
            AgeGroupGrowth(name="80+", activity_share=0.5, annual_growth=0.04),
        ]
    )
    assert model.factor(10) == pytest.approx(0.5 + 0.5 * 1.04**10)
    with pytest.raises(ValueError):
        GrowthModel(age_groups=[AgeGroupGrowth(name="x", activity_share=0.4, annual_growth=0.0)])


def test_projection_grows_and_compares_with_and_without_measures() -> None:
    unit = make_unit(employees=[employee(1, "spl"), employee(2, "hfa")], care=False)
    shared = uniform_plan("hfa", TimeInterval.ANYTIME, 60.0)  # after task sharing: on the health-care workers
    as_is = uniform_plan("spl", TimeInterval.ANYTIME, 60.0)  # today: on the nurses
    projection = project(unit, shared, as_is, years=15, calendar=day_type_calendar(2027))
    assert sorted({r.year for r in projection.rows}) == list(range(1, 16))
    totals = [projection.total(y) for y in range(1, 16)]
    assert totals == sorted(totals) and totals[-1] > totals[0]
    last = {r.group: r for r in projection.rows if r.year == 15}
    assert last["hfa"].fte_need > 0 and last["hfa"].fte_need_without_measures == 0
    assert last["spl"].fte_need_without_measures > 0 and last["spl"].fte_need == 0
    assert last["spl"].activity_factor == pytest.approx(1.0176**15, rel=1e-4)


def test_calendar_year_and_holidays_travel_with_the_requirement() -> None:
    unit = make_unit(care=False)
    req = staffing_requirement(
        unit, uniform_plan("spl", TimeInterval.ANYTIME, 8.0), holidays=[dt.date(2027, 6, 1)]
    )
    assert req.calendar is not None and list(req.calendar.holidays) == [dt.date(2027, 6, 1)]
