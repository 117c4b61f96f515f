"""Hand-computed costs of a small roster, to the krone.

Unit: nurses (spl) at NOK 300/h, health-care workers (hfa) at NOK 200/h (below the allowance
floors), social-cost factor 1.35 (default). Allowances (defaults): evening/night 17–06 28 %
(min 70), weekend Sat 00–Sun 24 26 % (min 75), public holiday 133.33 %. All breaks paid.
Shifts: D 07–15 (8 h), A 14:30–22:00 (7.5 h), N 21:45–07:15 (9.5 h).
"""

from __future__ import annotations

import datetime as dt
from datetime import time

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from bemanning.model import (
    Activity,
    AgencyPrice,
    Assignment,
    CostSettings,
    Employee,
    ProfessionalGroup,
    Roster,
    ShiftKind,
    ShiftType,
    Unit,
    WeekdayValues,
)
from bemanning.model.costs import DateSpan
from bemanning.model.costs_result import CostBand, CoverSource, UncoveredPlace
from bemanning.planning.costing import (
    annual_roster_cost,
    cover_cost,
    public_holidays,
    roster_cost,
    salary_budget,
    shift_pay,
    split_minutes,
)

WED = dt.date(2027, 1, 6)
THU = dt.date(2027, 1, 7)
FRI = dt.date(2027, 1, 8)
SAT = dt.date(2027, 1, 9)
SUN = dt.date(2027, 1, 10)
MAY17 = dt.date(2027, 5, 17)  # Monday: Grunnlovsdag and Whit Monday
EASTER_MONDAY = dt.date(2027, 3, 29)
EASTER_SUNDAY = dt.date(2027, 3, 28)
MONDAY = dt.date(2027, 1, 4)


def make_unit(*, nurses: int = 2, helpers: int = 1, **cost_overrides: object) -> Unit:
    costs = {"hourly_pay": {"spl": 300, "hfa": 200},
             "agency": {"spl": AgencyPrice(ordinary=800, evening_night_weekend=1100, overtime=1400),
                        "hfa": AgencyPrice(ordinary=640, evening_night_weekend=940, overtime=1200)},
             **cost_overrides}
    employees = [Employee(id=f"S{i}", name=f"Spl {i}", group="spl", position_pct=100) for i in range(nurses)]
    employees += [Employee(id=f"H{i}", name=f"Hfa {i}", group="hfa", position_pct=80) for i in range(helpers)]
    return Unit(
        id="u1", name="Testpost",
        groups=[ProfessionalGroup(id="spl", name="Sykepleier", rank=1),
                ProfessionalGroup(id="hfa", name="Helsefagarbeider", rank=2)],
        shift_types=[
            ShiftType(code="D", name="Dag", kind=ShiftKind.DAY, start=time(7), end=time(15)),
            ShiftType(code="A", name="Aften", kind=ShiftKind.EVENING, start=time(14, 30), end=time(22)),
            ShiftType(code="N", name="Natt", kind=ShiftKind.NIGHT, start=time(21, 45), end=time(7, 15),
                      overnight=True),
        ],
        employees=employees,
        activity=Activity(beds=10, occupancy=WeekdayValues(mon=8, tue=8, wed=8, thu=8, fri=8, sat=8, sun=8)),
        costs=CostSettings.model_validate(costs),
    )


def one(unit: Unit, date: dt.date, code: str, employee: str = "S0") -> float:
    roster = Roster(unit_id=unit.id, start_date=date, days=2,
                    assignments=[Assignment(employee_id=employee, date=date, shift_code=code)])
    return roster_cost(unit, roster).total


# --- own staff, to the krone --------------------------------------------------------------


@pytest.mark.parametrize(
    ("date", "code", "expected", "why"),
    [
        (WED, "D", 3240.00, "8 h × 300 × 1.35"),
        (WED, "A", 3604.50, "(7.5 h × 300 + 5 h 17–22 × 84) × 1.35"),
        (WED, "N", 4783.05, "(9.5 h × 300 + 8.25 h night × 84) × 1.35"),
        (FRI, "N", 5546.475, "Fri night into Saturday: + 7.25 h Saturday × 78"),
        (SAT, "D", 4082.40, "(2400 + 8 h × 78) × 1.35"),
        (SUN, "D", 4082.40, "Sunday like Saturday"),
        (SUN, "N", 5019.975, "Sun 21:45–24 weekend only: (2850 + 693 + 2.25 × 78) × 1.35"),
        (MAY17, "D", 7559.892, "17 May: (2400 + 8 h × 399.99) × 1.35"),
        (EASTER_MONDAY, "D", 7559.892, "Easter Monday"),
        (EASTER_SUNDAY, "D", 7559.892, "Easter Sunday: holiday replaces the weekend allowance"),
    ],
)
def test_shift_cost_by_hand(date: dt.date, code: str, expected: float, why: str) -> None:
    assert one(make_unit(), date, code) == pytest.approx(expected, abs=0.005), why


def test_allowance_floors_apply_below_the_threshold_pay() -> None:
    unit = make_unit()
    # hfa at 200: 28 % = 56 < 70 and 26 % = 52 < 75, so the NOK floors apply.
    assert one(unit, WED, "A", "H0") == pytest.approx((7.5 * 200 + 5 * 70) * 1.35, abs=0.005)
    assert one(unit, SAT, "D", "H0") == pytest.approx((8 * 200 + 8 * 75) * 1.35, abs=0.005)


def test_holiday_can_stack_with_weekend_when_configured() -> None:
    unit = make_unit(holiday_replaces_weekend=False)
    assert one(unit, EASTER_SUNDAY, "D") == pytest.approx((2400 + 8 * 399.99 + 8 * 78) * 1.35, abs=0.005)


def test_band_bounds_are_settings() -> None:
    unit = make_unit(evening_night={"share": 0.28, "min_nok_per_hour": 70, "start_hour": 20, "end_hour": 6})
    assert one(unit, WED, "A") == pytest.approx((2250 + 2 * 84) * 1.35, abs=0.005)
    span = {"start_weekday": 4, "start_hour": 18, "end_weekday": 6}
    friday_evening = make_unit(weekend={"share": 0.26, "min_nok_per_hour": 75, "week_span": span})
    # Fri A 14:30–22:00: 5 h evening (17–22) and 4 h weekend (18–22).
    assert one(friday_evening, FRI, "A") == pytest.approx((2250 + 5 * 84 + 4 * 78) * 1.35, abs=0.005)


def test_night_split_by_minute_across_midnight() -> None:
    unit = make_unit()
    start = dt.datetime(2027, 1, 8, 21, 45)
    end = start + dt.timedelta(hours=9, minutes=30)
    split = split_minutes(start, end, unit.costs, public_holidays([2027]))
    assert split.total == 570
    assert split.bands[CostBand.EVENING_NIGHT] == 135 + 360
    assert split.bands[CostBand.WEEKEND] == 435
    assert split.any_band == 570


def test_employee_pay_override() -> None:
    unit = make_unit(employee_hourly_pay={"S1": 350})
    assert one(unit, WED, "D", "S1") == pytest.approx(8 * 350 * 1.35, abs=0.005)


def test_roster_totals_per_week_and_annualised() -> None:
    unit = make_unit()
    roster = Roster(unit_id="u1", start_date=MONDAY, days=14, assignments=[
        Assignment(employee_id="S0", date=WED, shift_code="D"),
        Assignment(employee_id="S0", date=FRI, shift_code="N"),
        Assignment(employee_id="S1", date=WED, shift_code="A"),
        Assignment(employee_id="H0", date=SAT, shift_code="D"),
    ])
    cost = roster_cost(unit, roster)
    total = 3240 + 5546.475 + 3604.5 + (8 * 200 + 8 * 75) * 1.35
    assert cost.total == pytest.approx(total, abs=0.005)
    assert cost.per_week == pytest.approx(total / 2, abs=0.005)
    assert cost.annualised() == pytest.approx(total / 2 * 52, abs=0.01)
    spl = next(g for g in cost.groups if g.group == "spl")
    assert spl.employees == 2 and spl.shifts == 3
    assert spl.line.hours == pytest.approx(8 + 9.5 + 7.5)
    assert spl.line.allowances[CostBand.WEEKEND] == pytest.approx(7.25 * 78)
    assert [e.employee_id for e in cost.employees] == ["S0", "S1", "H0"]
    assert cost.line.social_cost == pytest.approx(cost.line.pay * 0.35)


def test_missing_pay_is_reported() -> None:
    unit = make_unit(hourly_pay={"spl": 300})
    roster = Roster(unit_id="u1", start_date=WED, days=1,
                    assignments=[Assignment(employee_id="H0", date=WED, shift_code="D")])
    assert roster_cost(unit, roster).missing_pay_groups == ["hfa"]


# --- uncovered places --------------------------------------------------------------------


def empty_roster(days: int = 28, assignments: list[Assignment] | None = None) -> Roster:
    return Roster(unit_id="u1", start_date=MONDAY, days=days, assignments=assignments or [])


def test_overtime_cost_by_hand() -> None:
    unit = make_unit(nurses=1)
    cover = cover_cost(unit, empty_roster(), [UncoveredPlace(date=WED, shift_code="D", group="spl")])
    (decision,) = cover.decisions
    assert decision.source is CoverSource.OVERTIME and decision.employee_id == "S0"
    assert decision.cost == pytest.approx((2400 + 0.5 * 300 * 8) * 1.35, abs=0.005)  # 4860


def test_overtime_on_holiday_is_raised() -> None:
    unit = make_unit(nurses=1, agency={})  # agency (8 × 1100) would be cheaper here
    roster = Roster(unit_id="u1", start_date=dt.date(2027, 5, 10), days=14)
    cover = cover_cost(unit, roster, [UncoveredPlace(date=MAY17, shift_code="D", group="spl")])
    assert cover.decisions[0].cost == pytest.approx((2400 + 8 * 399.99 + 300 * 8 * 1.0) * 1.35, abs=0.005)


def test_raised_overtime_period() -> None:
    unit = make_unit(nurses=1, agency={}, overtime_raised_periods=[DateSpan(start=WED, end=WED)])
    cover = cover_cost(unit, empty_roster(), [UncoveredPlace(date=WED, shift_code="D", group="spl")])
    assert cover.decisions[0].cost == pytest.approx((2400 + 2400) * 1.35, abs=0.005)


def test_agency_priced_by_band() -> None:
    unit = make_unit(nurses=0)
    cover = cover_cost(unit, empty_roster(), [
        UncoveredPlace(date=WED, shift_code="D", group="spl"),
        UncoveredPlace(date=WED, shift_code="A", group="spl"),
        UncoveredPlace(date=FRI, shift_code="N", group="spl"),
    ])
    assert all(d.source is CoverSource.AGENCY for d in cover.decisions)
    costs = {d.shift_code: d.cost for d in cover.decisions}
    assert costs["D"] == pytest.approx(8 * 800)
    assert costs["A"] == pytest.approx(2.5 * 800 + 5 * 1100)
    assert costs["N"] == pytest.approx(9.5 * 1100)
    assert cover.hours(CoverSource.AGENCY) == pytest.approx(25)


def test_weekly_overtime_limit_sends_the_rest_to_agency() -> None:
    unit = make_unit(nurses=1)  # §10-6(4): 10 h a week, one 8-h shift fits
    cover = cover_cost(unit, empty_roster(), [UncoveredPlace(date=WED, shift_code="D", group="spl"),
                                              UncoveredPlace(date=FRI, shift_code="D", group="spl")])
    assert sorted(d.source for d in cover.decisions) == [CoverSource.AGENCY, CoverSource.OVERTIME]
    assert cover.cost() == pytest.approx(4860 + 6400, abs=0.005)


def test_four_week_overtime_limit() -> None:
    unit = make_unit(nurses=1)  # 25 h per 4 weeks: three 8-h shifts, not four
    places = [UncoveredPlace(date=WED + dt.timedelta(days=7 * w), shift_code="D", group="spl")
              for w in range(4)]
    cover = cover_cost(unit, empty_roster(), places)
    assert cover.count(CoverSource.OVERTIME) == 3 and cover.count(CoverSource.AGENCY) == 1
    agreed = cover_cost(make_unit(nurses=1, overtime_by_agreement=True), empty_roster(), places)
    assert agreed.count(CoverSource.OVERTIME) == 4


def test_overtime_keeps_daily_rest() -> None:
    unit = make_unit(nurses=1)
    roster = empty_roster(assignments=[Assignment(employee_id="S0", date=THU, shift_code="D")])
    cover = cover_cost(unit, roster, [UncoveredPlace(date=WED, shift_code="N", group="spl")])
    assert cover.decisions[0].source is CoverSource.AGENCY  # N ends Thu 07:15, D starts 07:00


def test_pool_is_used_when_cheaper_and_within_its_hours() -> None:
    unit = make_unit(nurses=1, pool_available=True, pool_hourly_price={"spl": 520}, pool_max_hours_per_week=8)
    cover = cover_cost(unit, empty_roster(), [UncoveredPlace(date=WED, shift_code="D", group="spl", count=3)])
    assert sorted(d.source for d in cover.decisions) == [CoverSource.AGENCY, CoverSource.OVERTIME,
                                                         CoverSource.POOL]
    assert cover.cost() == pytest.approx(8 * 520 + 4860 + 6400, abs=0.005)


def test_no_price_means_unfilled() -> None:
    unit = make_unit(nurses=0, agency={})
    cover = cover_cost(unit, empty_roster(), [UncoveredPlace(date=WED, shift_code="D", group="spl")])
    assert cover.decisions[0].source is CoverSource.UNFILLED and cover.cost() == 0


# --- salary budget ------------------------------------------------------------------------


def test_salary_budget_prices_the_real_holidays_of_the_year() -> None:
    unit = make_unit(nurses=1, helpers=0)
    roster = Roster(unit_id="u1", start_date=MONDAY, days=7, cyclic=True,
                    assignments=[Assignment(employee_id="S0", date=MONDAY, shift_code="D")])
    # 52 Mondays in 2027, two of them holidays (Easter Monday, 17 May/Whit Monday).
    expected = 50 * 3240 + 2 * 7559.892
    assert annual_roster_cost(unit, roster, 2027).total == pytest.approx(expected, abs=0.01)
    budget = salary_budget(unit, roster, 2027)
    assert budget.total == pytest.approx(expected, abs=0.01)
    assert sum(budget.months.values()) == pytest.approx(expected, abs=0.01)
    # Mondays in May 2027: 3, 10, 17 (holiday), 24, 31.
    assert budget.months[5] == pytest.approx(4 * 3240 + 7559.892, abs=0.01)
    assert budget.lines[0].fte == 1.0


def test_salary_budget_includes_cover_scaled_to_the_year() -> None:
    unit = make_unit(nurses=0, helpers=0)
    roster = Roster(unit_id="u1", start_date=MONDAY, days=7, cyclic=True)
    cover = cover_cost(unit, roster, [UncoveredPlace(date=WED, shift_code="D", group="spl")])
    budget = salary_budget(unit, roster, 2027, cover)
    assert budget.lines[0].agency == pytest.approx(6400 * 365 / 7)


# --- properties -----------------------------------------------------------------------------

UNIT = make_unit(nurses=3, helpers=2)
HOLIDAYS = public_holidays([2027])
EMPLOYEES = [e.id for e in UNIT.employees]

assignment_lists = st.lists(
    st.tuples(st.sampled_from(EMPLOYEES), st.integers(0, 364), st.sampled_from(["D", "A", "N"])),
    max_size=25,
    unique_by=lambda t: (t[0], t[1]),
)


def _roster(items: list[tuple[str, int, str]]) -> Roster:
    start = dt.date(2027, 1, 1)
    return Roster(unit_id="u1", start_date=start, days=366, assignments=[
        Assignment(employee_id=e, date=start + dt.timedelta(days=d), shift_code=c) for e, d, c in items])


@settings(max_examples=40, deadline=None)
@given(assignment_lists, st.integers(0, 25))
def test_cost_is_additive_over_assignments(items: list[tuple[str, int, str]], cut: int) -> None:
    whole = roster_cost(UNIT, _roster(items), HOLIDAYS).total
    parts = roster_cost(UNIT, _roster(items[:cut]), HOLIDAYS).total + roster_cost(
        UNIT, _roster(items[cut:]), HOLIDAYS).total
    assert whole == pytest.approx(parts, abs=1e-6)


@settings(max_examples=40, deadline=None)
@given(assignment_lists, st.sampled_from(EMPLOYEES), st.integers(0, 364), st.sampled_from(["D", "A", "N"]))
def test_adding_an_assignment_never_lowers_cost(items: list[tuple[str, int, str]], employee: str, day: int,
                                                code: str) -> None:
    if any(e == employee and d == day for e, d, _ in items):
        return
    before = roster_cost(UNIT, _roster(items), HOLIDAYS).total
    after = roster_cost(UNIT, _roster([*items, (employee, day, code)]), HOLIDAYS).total
    assert after >= before + 8 * 200 * 1.35 - 1e-6  # at least the base pay of the cheapest shift


@settings(max_examples=60, deadline=None)
@given(st.integers(0, 364), st.sampled_from(["D", "A", "N"]))
def test_band_minutes_within_the_shift(day: int, code: str) -> None:
    shift = UNIT.shift_type(code)
    date = dt.date(2027, 1, 1) + dt.timedelta(days=day)
    line = shift_pay(UNIT, date, shift, 300, HOLIDAYS)
    assert all(0 <= h <= shift.working_hours + 1e-9 for h in line.band_hours.values())
    assert line.total >= shift.working_hours * 300 * 1.35 - 1e-6
