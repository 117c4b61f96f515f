"""Figures that follow the conventions (issue 25 item 6): a group's own annual hours per FTE, the night
from 31 December, the holiday-eve window, the cost settings in `bemanning regler`, and a projection
that does not fall while activity grows."""

from __future__ import annotations

import datetime as dt

import pytest
from typer.testing import CliRunner

from bemanning.cli import app
from bemanning.cli.staffing import _activity_plans_for
from bemanning.demo import build_demo_unit
from bemanning.model import DEFAULT_RULES, Assignment, Roster, RuleSet, TimeInterval, WorkArrangement
from bemanning.model.costs_result import CostBand
from bemanning.planning.costing import annual_roster_cost, public_holidays, shift_pay
from bemanning.planning.demand import staffing_requirement
from bemanning.planning.fte import annual_hours_per_fte, fte_result
from bemanning.planning.projection import project
from staffing_fixtures import uniform_plan
from test_costs_model import make_unit
from test_staffing_fte import _one_post_unit

RULES = RuleSet()
NEW_YEARS_EVE = dt.date(2027, 12, 31)  # a Friday


def test_annual_hours_per_fte_follow_the_weekly_hours() -> None:
    assert annual_hours_per_fte(35.5, RULES) == pytest.approx(1846.25)
    assert annual_hours_per_fte(33.6, RULES) == pytest.approx(1747)
    assert annual_hours_per_fte(37.5, RULES) == pytest.approx(1950)
    assert 1747 < annual_hours_per_fte(34.5, RULES) < 1846.25
    for name in ("fte_year_hours_rotation", "fte_year_hours_three_shift"):
        assert DEFAULT_RULES[name].reference  # a setting with its reference, not a number in the code


def test_hour_gap_uses_the_groups_own_annual_hours() -> None:
    unit = _one_post_unit(WorkArrangement.ROTATION)
    row = fte_result(unit, staffing_requirement(unit, uniform_plan("spl", TimeInterval.ANYTIME, 0.0))).row("spl")
    assert row.weekly_hours == 35.5 and row.annual_hours_per_fte == pytest.approx(1846.25)
    assert row.gap_hours_per_year == pytest.approx(row.gap_fte * 1846.25, abs=0.1)
    assert row.gap_hours_per_year != pytest.approx(row.gap_fte * 1950, abs=0.1)


def test_night_from_new_years_eve_gets_the_holiday_allowance_after_midnight() -> None:
    unit = make_unit(nurses=1, helpers=0)
    night = unit.shift_type("N")  # 21:45–07:15, 9.5 h
    pay = shift_pay(unit, NEW_YEARS_EVE, night, 300, public_holidays([2027, 2028]))
    assert pay.band_hours[CostBand.PUBLIC_HOLIDAY] == pytest.approx(9.5)  # eve from 15:00, then 1 January
    no_eve = unit.model_copy(update={"costs": unit.costs.model_copy(update={"holiday_eve_from_hour": None})})
    after_midnight = shift_pay(no_eve, NEW_YEARS_EVE, night, 300, public_holidays([2027, 2028]))
    assert after_midnight.band_hours[CostBand.PUBLIC_HOLIDAY] == pytest.approx(7.25)
    # The year's budget prices that night with 1 January of the next year as a holiday.
    roster = Roster(unit_id="u1", start_date=dt.date(2027, 1, 4), days=7, cyclic=True,
                    assignments=[Assignment(employee_id="S0", date=dt.date(2027, 1, 8), shift_code="N")])
    year = annual_roster_cost(no_eve, roster, 2027)
    friday_nights = 53  # 2027 has 53 Fridays, the last one 31 December
    holiday_hours = year.line.band_hours.get(CostBand.PUBLIC_HOLIDAY, 0)
    # Friday nights touching a holiday in 2027: 1 January and Good Friday (2.25 h each before midnight),
    # 1 May and Christmas Day (7.25 h each after), and 31 December → 1 January 2028 (7.25 h).
    assert holiday_hours == pytest.approx(2 * 2.25 + 2 * 7.25 + 7.25)
    assert friday_nights * 9.5 == pytest.approx(year.line.hours)


def test_holiday_eve_window_is_a_setting() -> None:
    unit = make_unit(nurses=1, helpers=0)
    evening = unit.shift_type("A")  # 14:30–22:00
    eve = dt.date(2027, 12, 24)
    holidays = public_holidays([2027])
    assert shift_pay(unit, eve, evening, 300, holidays).band_hours[CostBand.PUBLIC_HOLIDAY] == pytest.approx(7.0)
    later = unit.model_copy(update={"costs": unit.costs.model_copy(update={"holiday_eve_from_hour": 18})})
    assert shift_pay(later, eve, evening, 300, holidays).band_hours[CostBand.PUBLIC_HOLIDAY] == pytest.approx(4.0)
    ordinary = dt.date(2027, 12, 23)
    assert shift_pay(unit, ordinary, evening, 300, holidays).band_hours[CostBand.PUBLIC_HOLIDAY] == 0


def test_regler_lists_the_cost_settings() -> None:
    done = CliRunner().invoke(app, ["regler"], env={"COLUMNS": "250"})
    assert done.exit_code == 0, done.output
    for name in ("evening_night.share", "weekend.min_nok_per_hour", "evening_night.window",
                 "holiday_eve_from_hour", "social_cost_factor", "overtime_share"):
        assert name in done.output


def test_projection_does_not_fall_while_activity_grows() -> None:
    """The demo unit, measures constant: no group's FTE need, with or without measures, falls from one
    year to the next (rounding and the competence order used to move heads between groups)."""
    unit = build_demo_unit()
    plan, as_is = _activity_plans_for(unit)
    projection = project(unit, plan, as_is, years=15)
    by_group: dict[str, list[tuple[int, float, float]]] = {}
    for r in projection.rows:
        by_group.setdefault(r.group, []).append(
            (r.year, r.fte_need_with_absence, r.fte_need_without_measures_with_absence))
    for group, rows in by_group.items():
        rows.sort()
        for (_, a0, b0), (year, a1, b1) in zip(rows, rows[1:], strict=False):
            assert a1 >= a0 - 1e-9 and b1 >= b0 - 1e-9, (group, year)
    totals = [projection.total(y) for y in range(1, 16)]
    assert totals == sorted(totals) and totals[-1] > totals[0]
