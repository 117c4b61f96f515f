"""The cost model: own-staff pay of a roster, cover of uncovered places, a salary budget.

Pure functions over the domain model. Every worked minute is placed exactly in the time
bands of the allowances (evening/night, weekend, public holiday); the numbers come from
``unit.costs`` (CostSettings) and the overtime limits from the rule set (AML §10-6).
"""

from __future__ import annotations

import datetime as dt
import functools
from collections import defaultdict
from collections.abc import Iterable
from dataclasses import dataclass, field
from typing import Protocol

import holidays as holiday_calendar
from dateutil.easter import easter

from bemanning.model import Assignment, Roster, ShiftType, Unit
from bemanning.model.costs import Allowance, CostSettings
from bemanning.model.costs_result import (
    BudgetLine,
    CostBand,
    CoverCost,
    CoverDecision,
    CoverSource,
    EmployeeCost,
    GroupCost,
    PayLine,
    RosterCost,
    SalaryBudget,
    UncoveredPlace,
)

DAY_MINUTES = 24 * 60
WEEK_MINUTES = 7 * DAY_MINUTES

Interval = tuple[int, int]  # [start, end) in minutes


# --- time bands -----------------------------------------------------------------------------


def public_holidays(years: Iterable[int]) -> frozenset[dt.date]:
    """Norwegian public holidays (helligdager) of the given years."""
    calendar = holiday_calendar.country_holidays("NO", years=sorted(set(years)), language="no")
    return frozenset(calendar.keys())


@functools.cache
def _eves(year: int) -> frozenset[dt.date]:
    """Christmas, New Year's, Easter and Whitsun eves of ``year`` (the holiday-eve allowance window)."""
    e = easter(year)
    return frozenset({dt.date(year, 12, 24), dt.date(year, 12, 31), e - dt.timedelta(days=1),
                      e + dt.timedelta(days=48)})


def _intersect(a: list[Interval], b: list[Interval]) -> list[Interval]:
    out = []
    for s1, e1 in a:
        for s2, e2 in b:
            s, e = max(s1, s2), min(e1, e2)
            if s < e:
                out.append((s, e))
    return out


def _subtract(a: list[Interval], b: list[Interval]) -> list[Interval]:
    out = list(a)
    for s2, e2 in b:
        nxt = []
        for s1, e1 in out:
            if e2 <= s1 or s2 >= e1:
                nxt.append((s1, e1))
                continue
            if s1 < s2:
                nxt.append((s1, s2))
            if e2 < e1:
                nxt.append((e2, e1))
        out = nxt
    return out


def _union_minutes(*sets: list[Interval]) -> int:
    merged = sorted(i for s in sets for i in s)
    total, cur_s, cur_e = 0, None, None
    for s, e in merged:
        if cur_e is None or s > cur_e:
            if cur_e is not None and cur_s is not None:
                total += cur_e - cur_s
            cur_s, cur_e = s, e
        else:
            cur_e = max(cur_e, e)
    if cur_e is not None and cur_s is not None:
        total += cur_e - cur_s
    return total


def _minutes(intervals: list[Interval]) -> int:
    return sum(e - s for s, e in intervals)


def _band_of_day(allowance: Allowance, day: dt.date) -> list[Interval]:
    """The allowance's band on ``day`` as minute intervals within [0, 1440)."""
    span = allowance.week_span
    if span is not None:
        start, end = span.start_minute_of_week, span.end_minute_of_week
        week = [(start, end)] if start < end else [(start, WEEK_MINUTES), (0, end)]
        offset = day.weekday() * DAY_MINUTES
        return [(s - offset, e - offset) for s, e in _intersect(week, [(offset, offset + DAY_MINUTES)])]
    start, end = round(allowance.start_hour * 60), round(allowance.end_hour * 60)
    if start < end:
        return [(start, end)]
    if start == end:  # a 24-hour window
        return [(0, DAY_MINUTES)]
    return [(0, end), (start, DAY_MINUTES)]


@dataclass
class BandSplit:
    """Worked clock minutes of one shift: total and per band (holiday takes precedence per settings)."""

    total: int = 0
    bands: dict[CostBand, int] = field(default_factory=dict)
    any_band: int = 0  # minutes in at least one band (agency band price)
    holiday: int = 0  # minutes on a public holiday (raised overtime, holiday agency price)
    raised: int = 0  # minutes in raised-overtime periods or on holidays


def split_minutes(
    start: dt.datetime, end: dt.datetime, costs: CostSettings, holiday_dates: frozenset[dt.date]
) -> BandSplit:
    """Split the clock span [start, end) exactly by minute into the allowance bands."""
    split = BandSplit(bands={b: 0 for b in CostBand})
    cursor = start
    while cursor < end:
        day = cursor.date()
        day_end = dt.datetime.combine(day + dt.timedelta(days=1), dt.time(0))
        seg_end = min(end, day_end)
        seg = [
            (
                cursor.hour * 60 + cursor.minute,
                (seg_end - dt.datetime.combine(day, dt.time(0))) // dt.timedelta(minutes=1),
            )
        ]
        evening = _intersect(seg, _band_of_day(costs.evening_night, day))
        weekend = _intersect(seg, _band_of_day(costs.weekend, day))
        if day in holiday_dates:
            holiday = _intersect(seg, _band_of_day(costs.public_holiday, day))
        elif costs.holiday_eve_from_hour is not None and day in _eves(day.year):
            holiday = _intersect(seg, [(round(costs.holiday_eve_from_hour * 60), DAY_MINUTES)])
        else:
            holiday = []
        if costs.holiday_replaces_weekend:
            weekend = _subtract(weekend, holiday)
        split.total += _minutes(seg)
        split.bands[CostBand.EVENING_NIGHT] += _minutes(evening)
        split.bands[CostBand.WEEKEND] += _minutes(weekend)
        split.bands[CostBand.PUBLIC_HOLIDAY] += _minutes(holiday)
        split.any_band += _union_minutes(evening, weekend, holiday)
        split.holiday += _minutes(holiday)
        raised_period = any(p.contains(day) for p in costs.overtime_raised_periods)
        if raised_period:
            split.raised += _minutes(seg)
        elif costs.overtime_raised_on_holidays:
            split.raised += _minutes(holiday)
        cursor = seg_end
    return split


def shift_span(date: dt.date, shift: ShiftType) -> tuple[dt.datetime, dt.datetime]:
    start = dt.datetime.combine(date, shift.start)
    return start, start + dt.timedelta(minutes=shift.duration_minutes)


# --- pay of one shift -----------------------------------------------------------------------


def hourly_pay(unit: Unit, employee_id: str | None, group: str) -> float:
    return unit.costs.pay_for(group, employee_id)


def shift_pay(
    unit: Unit,
    date: dt.date,
    shift: ShiftType,
    pay_per_hour: float,
    holiday_dates: frozenset[dt.date],
    *,
    overtime: bool = False,
) -> PayLine:
    """Pay of one worked shift at ``pay_per_hour``: base, allowances per band, overtime premium
    (when ``overtime``) and social cost. Paid hours follow the shift's working hours; band
    hours are the clock minutes in each band scaled to the paid hours."""
    costs = unit.costs
    split = split_minutes(*shift_span(date, shift), costs, holiday_dates)
    scale = shift.working_hours * 60 / split.total
    hours = shift.working_hours
    band_hours = {b: m * scale / 60 for b, m in split.bands.items()}
    rates = {
        CostBand.EVENING_NIGHT: costs.evening_night,
        CostBand.WEEKEND: costs.weekend,
        CostBand.PUBLIC_HOLIDAY: costs.public_holiday,
    }
    allowances = {band: band_hours[band] * rates[band].per_hour(pay_per_hour) for band in CostBand}
    premium = 0.0
    if overtime:
        raised_hours = split.raised * scale / 60
        premium = pay_per_hour * (
            raised_hours * costs.overtime_raised_share + (hours - raised_hours) * costs.overtime_share
        )
    base = hours * pay_per_hour
    pay = base + sum(allowances.values()) + premium
    return PayLine(
        hours=hours,
        band_hours=band_hours,
        base_pay=base,
        allowances=allowances,
        overtime_premium=premium,
        social_cost=pay * (costs.social_cost_factor - 1),
    )


# --- own staff ------------------------------------------------------------------------------


def _years(start: dt.date, days: int) -> range:
    return range(start.year, (start + dt.timedelta(days=days)).year + 1)


def roster_cost(unit: Unit, roster: Roster, holiday_dates: frozenset[dt.date] | None = None) -> RosterCost:
    """Own-staff cost of the roster's assignments on their own dates."""
    holiday_dates = (
        holiday_dates
        if holiday_dates is not None
        else public_holidays(_years(roster.start_date, roster.days))
    )
    return _cost_assignments(
        unit, roster.unit_id, roster.start_date, roster.days, _worked(roster.assignments), holiday_dates
    )


class _Sum:
    """Running sum of pay lines in plain floats (building pydantic objects per shift is slow)."""

    def __init__(self) -> None:
        self.hours = self.base = self.premium = self.social = 0.0
        self.band_hours = {b: 0.0 for b in CostBand}
        self.allowances = {b: 0.0 for b in CostBand}
        self.shifts = 0

    def add(self, line: PayLine) -> None:
        self.hours += line.hours
        self.base += line.base_pay
        self.premium += line.overtime_premium
        self.social += line.social_cost
        for b in CostBand:
            self.band_hours[b] += line.band_hours.get(b, 0.0)
            self.allowances[b] += line.allowances.get(b, 0.0)
        self.shifts += 1

    def line(self) -> PayLine:
        return PayLine(
            hours=self.hours,
            band_hours=dict(self.band_hours),
            base_pay=self.base,
            allowances=dict(self.allowances),
            overtime_premium=self.premium,
            social_cost=self.social,
        )


Worked = tuple[str, dt.date, str]  # employee id, date, shift code


def _cost_assignments(
    unit: Unit,
    unit_id: str,
    start: dt.date,
    days: int,
    assignments: Iterable[Worked],
    holiday_dates: frozenset[dt.date],
    months: dict[int, float] | None = None,
) -> RosterCost:
    shifts = {s.code: s for s in unit.shift_types}
    employees = {e.id: e for e in unit.employees}
    pay_of = {e.id: hourly_pay(unit, e.id, e.group) for e in unit.employees}
    sums: dict[str, _Sum] = defaultdict(_Sum)
    cache: dict[tuple[dt.date, str, float], PayLine] = {}
    for employee_id, date, code in assignments:
        pay = pay_of[employee_id]
        key = (date, code, pay)
        line = cache.get(key)
        if line is None:
            line = cache[key] = shift_pay(unit, date, shifts[code], pay, holiday_dates)
        sums[employee_id].add(line)
        if months is not None:
            months[date.month] = months.get(date.month, 0.0) + line.total
    order = {g.id: i for i, g in enumerate(unit.groups_by_rank())}
    employee_costs = sorted(
        (
            EmployeeCost(
                employee_id=eid,
                group=employees[eid].group,
                hourly_pay=pay_of[eid],
                shifts=acc.shifts,
                line=acc.line(),
            )
            for eid, acc in sums.items()
        ),
        key=lambda c: (order[c.group], c.employee_id),
    )
    group_sums: dict[str, _Sum] = defaultdict(_Sum)
    group_people: dict[str, int] = defaultdict(int)
    total_sum = _Sum()
    for eid, acc in sums.items():
        group = employees[eid].group
        group_people[group] += 1
        for target in (group_sums[group], total_sum):
            target.hours += acc.hours
            target.base += acc.base
            target.premium += acc.premium
            target.social += acc.social
            target.shifts += acc.shifts
            for b in CostBand:
                target.band_hours[b] += acc.band_hours[b]
                target.allowances[b] += acc.allowances[b]
    groups = [
        GroupCost(group=g, employees=group_people[g], shifts=group_sums[g].shifts, line=group_sums[g].line())
        for g in sorted(group_sums, key=lambda g: order[g])
    ]
    missing = sorted({c.group for c in employee_costs if c.hourly_pay == 0}, key=lambda g: order[g])
    return RosterCost(
        unit_id=unit_id,
        start_date=start,
        days=days,
        employees=employee_costs,
        groups=groups,
        line=total_sum.line(),
        missing_pay_groups=missing,
    )


def _worked(assignments: Iterable[Assignment]) -> list[Worked]:
    return [(a.employee_id, a.date, a.shift_code) for a in assignments]


def _unfold_worked(roster: Roster, start: dt.date, days: int) -> list[Worked]:
    if not roster.cyclic:
        end = start + dt.timedelta(days=days)
        return [(a.employee_id, a.date, a.shift_code) for a in roster.assignments if start <= a.date < end]
    by_offset: dict[int, list[Assignment]] = defaultdict(list)
    for a in roster.assignments:
        by_offset[(a.date - roster.start_date).days % roster.days].append(a)
    out = []
    for i in range(days):
        date = start + dt.timedelta(days=i)
        for a in by_offset.get((date - roster.start_date).days % roster.days, []):
            out.append((a.employee_id, date, a.shift_code))
    return out


def unfold(roster: Roster, start: dt.date, days: int) -> list[Assignment]:
    """The roster's assignments on the dates start .. start+days-1: a cyclic roster repeats its
    pattern (aligned on its own start date); a calendar roster keeps only the dates it has."""
    return [
        Assignment(employee_id=e, date=d, shift_code=c) for e, d, c in _unfold_worked(roster, start, days)
    ]


def annual_roster_cost(
    unit: Unit, roster: Roster, year: int, months: dict[int, float] | None = None
) -> RosterCost:
    """Own-staff cost over a calendar year: a cyclic roster is rolled over every date of the
    year so the year's real holidays are priced; a calendar roster is scaled up to the year
    from the days it covers. ``months`` (when given) receives the total per month."""
    first = dt.date(year, 1, 1)
    days = (dt.date(year + 1, 1, 1) - first).days
    holiday_dates = public_holidays([year, year + 1])  # a night from 31 December runs into 1 January
    by_month: dict[int, float] = {}
    cost = _cost_assignments(
        unit, roster.unit_id, first, days, _unfold_worked(roster, first, days), holiday_dates, by_month
    )
    factor = 1.0
    if not roster.cyclic:
        covered = len([d for d in roster.dates() if d.year == year])
        factor = days / covered if covered else 0.0
        cost = _scaled_cost(cost, factor)
    if months is not None:
        months.update({m: by_month.get(m, 0.0) * factor for m in range(1, 13)})
    return cost


def _scaled_cost(cost: RosterCost, factor: float) -> RosterCost:
    return cost.model_copy(
        update={
            "employees": [e.model_copy(update={"line": e.line.scaled(factor)}) for e in cost.employees],
            "groups": [g.model_copy(update={"line": g.line.scaled(factor)}) for g in cost.groups],
            "line": cost.line.scaled(factor),
        }
    )


# --- cover of uncovered places ---------------------------------------------------------------


class CoverageGap(Protocol):
    """A place the compliance check found open (``ComplianceReport.uncovered``)."""

    @property
    def date(self) -> str: ...
    @property
    def shift(self) -> str: ...
    @property
    def group(self) -> str: ...
    @property
    def missing(self) -> int: ...
    @property
    def below_minimum(self) -> int: ...


def open_places(gaps: Iterable[CoverageGap]) -> list[UncoveredPlace]:
    """The open places of a compliance check as places to cover (heads short of the requirement)."""
    return [
        UncoveredPlace(
            date=dt.date.fromisoformat(g.date), shift_code=g.shift, group=g.group, count=g.missing,
            below_minimum=g.below_minimum,  # priced as the cover they need (docs/trust.md)
        )
        for g in gaps
        if g.missing > 0
    ]


@dataclass
class _Ledger:
    """Hours used so far per employee and window, for the AML §10-6 overtime limits."""

    overtime: dict[tuple[str, str, int], float] = field(default_factory=lambda: defaultdict(float))
    worked_week: dict[tuple[str, int], float] = field(default_factory=lambda: defaultdict(float))
    pool_week: dict[int, float] = field(default_factory=lambda: defaultdict(float))
    extra: dict[str, dict[dt.date, str]] = field(default_factory=lambda: defaultdict(dict))


def _overtime_limits(unit: Unit, roster: Roster) -> dict[str, tuple[int, float]]:
    """Window length (days) and hour cap per limit. For a cyclic roster that repeats all year
    the 52-week cap is shared pro rata by each cycle."""
    rules = unit.rules
    prefix = "overtime_agreed_max_per_" if unit.costs.overtime_by_agreement else "overtime_max_per_"
    year_cap = rules.number(prefix + "52_weeks")
    if roster.cyclic:
        year_cap *= min(1.0, roster.days / 364)
    return {
        "week": (7, rules.number(prefix + "week")),
        "4weeks": (28, rules.number(prefix + "4_weeks")),
        "52weeks": (364, year_cap),
    }


def _rest_ok(unit: Unit, shifts_of: dict[dt.date, str], date: dt.date, shift: ShiftType) -> bool:
    """Daily rest (AML §10-8(1)) before and after the extra shift; no second shift that day."""
    if date in shifts_of:
        return False
    rest = dt.timedelta(hours=unit.rules.number("daily_rest_hours"))
    start, end = shift_span(date, shift)
    for offset in (-1, 1):
        other_day = date + dt.timedelta(days=offset)
        code = shifts_of.get(other_day)
        if code is None:
            continue
        o_start, o_end = shift_span(other_day, unit.shift_type(code))
        if offset < 0 and o_end + rest > start:
            return False
        if offset > 0 and end + rest > o_start:
            return False
    return True


def _agency_price(
    unit: Unit, date: dt.date, shift: ShiftType, group: str, holiday_dates: frozenset[dt.date]
) -> float | None:
    costs = unit.costs
    price = costs.agency.get(group)
    if price is None or not costs.agency_allowed:
        return None
    split = split_minutes(*shift_span(date, shift), costs, holiday_dates)
    scale = shift.working_hours / split.total  # paid hours per clock minute
    holiday_price = price.public_holiday if price.public_holiday is not None else price.evening_night_weekend
    band_minutes = split.any_band - split.holiday
    ordinary_minutes = split.total - split.any_band
    return scale * (
        ordinary_minutes * price.ordinary
        + band_minutes * price.evening_night_weekend
        + split.holiday * holiday_price
    )


def agency_shift_price(
    unit: Unit, date: dt.date, shift: ShiftType, group: str, holiday_dates: frozenset[dt.date]
) -> float | None:
    """Agency price of one head on ``shift`` of ``date`` for ``group`` (None: no price or not allowed)."""
    return _agency_price(unit, date, shift, group, holiday_dates)


def cover_cost(
    unit: Unit,
    roster: Roster,
    uncovered: list[UncoveredPlace],
    holiday_dates: frozenset[dt.date] | None = None,
) -> CoverCost:
    """Cover every uncovered head by the cheapest lawful option: overtime by an own employee of
    the group (rest and §10-6 limits kept), the staffing-centre pool (when available, within
    its weekly hours) or agency hire. Places where overtime saves the most get it first."""
    if holiday_dates is None:
        holiday_dates = public_holidays(_years(roster.start_date, roster.days))
    shifts = {s.code: s for s in unit.shift_types}
    worked = roster.by_employee()
    limits = _overtime_limits(unit, roster)
    week_cap = unit.rules.number("total_max_hours_per_week")
    ledger = _Ledger()
    for a in roster.assignments:
        ledger.worked_week[(a.employee_id, _index(roster, a.date, 7))] += shifts[a.shift_code].working_hours

    heads: list[tuple[float, UncoveredPlace, bool]] = []  # (saving, place, below the minimum)
    for place in uncovered:
        shift = shifts[place.shift_code]
        group_pay = unit.costs.hourly_pay.get(place.group, 0.0)
        ot = shift_pay(unit, place.date, shift, group_pay, holiday_dates, overtime=True).total
        alternatives = [
            c
            for c in (
                _pool_price(unit, place.group, shift),
                _agency_price(unit, place.date, shift, place.group, holiday_dates),
            )
            if c is not None
        ]
        saving = (min(alternatives) if alternatives else float("inf")) - ot
        below = min(place.below_minimum, place.count)
        heads += [(saving, place, True)] * below + [(saving, place, False)] * (place.count - below)
    heads.sort(key=lambda h: (-h[0], h[1].date, h[1].shift_code, h[1].group, not h[2]))

    decisions = []
    for _, place, below_minimum in heads:
        decision = _cover_one(
            unit, roster, place, shifts[place.shift_code], worked, ledger, limits, week_cap, holiday_dates
        )
        if below_minimum:
            decision = _needed_cover(unit, decision, shifts[place.shift_code], holiday_dates)
        decisions.append(decision)
    decisions.sort(key=lambda d: (d.date, d.shift_code, d.group, d.source.value, d.employee_id or ""))
    return CoverCost(decisions=decisions)


def _needed_cover(
    unit: Unit, decision: CoverDecision, shift: ShiftType, holiday_dates: frozenset[dt.date]
) -> CoverDecision:
    """A head below the safe minimum must be covered (forsvarlig drift): when no lawful option was
    found it is still priced as the cover it needs, the agency rate (even where agency hire is not
    planned) or else the group's overtime pay, never 0."""
    if decision.source is not CoverSource.UNFILLED:
        return decision.model_copy(update={"below_minimum": True})
    cost = needed_cover_price(unit, decision.date, shift, decision.group, holiday_dates)
    return decision.model_copy(update={"cost": cost, "below_minimum": True})


def needed_cover_price(
    unit: Unit, date: dt.date, shift: ShiftType, group: str, holiday_dates: frozenset[dt.date]
) -> float:
    """What one head on ``shift`` of ``date`` for ``group`` costs when it must be covered: the group's
    agency price (even where agency hire is not planned), or else the group's overtime pay."""
    if group in unit.costs.agency:
        allowed = unit.model_copy(update={"costs": unit.costs.model_copy(update={"agency_allowed": True})})
        return _agency_price(allowed, date, shift, group, holiday_dates) or 0.0
    pay = unit.costs.hourly_pay.get(group, 0.0)
    return shift_pay(unit, date, shift, pay, holiday_dates, overtime=True).total


def _index(roster: Roster, date: dt.date, window_days: int) -> int:
    return (date - roster.start_date).days // window_days


def _pool_price(unit: Unit, group: str, shift: ShiftType) -> float | None:
    costs = unit.costs
    if not costs.pool_available or group not in costs.pool_hourly_price:
        return None
    return costs.pool_hourly_price[group] * shift.working_hours


def _cover_one(
    unit: Unit,
    roster: Roster,
    place: UncoveredPlace,
    shift: ShiftType,
    worked: dict[str, dict[dt.date, str]],
    ledger: _Ledger,
    limits: dict[str, tuple[int, float]],
    week_cap: float,
    holiday_dates: frozenset[dt.date],
) -> CoverDecision:
    hours = shift.working_hours
    options: list[tuple[float, int, str, CoverSource, str | None]] = []
    for employee in unit.employees:
        if employee.group != place.group:
            continue
        shifts_of = {**worked.get(employee.id, {}), **ledger.extra[employee.id]}
        if not _rest_ok(unit, shifts_of, place.date, shift):
            continue
        if ledger.worked_week[(employee.id, _index(roster, place.date, 7))] + hours > week_cap:
            continue
        if any(
            ledger.overtime[(employee.id, name, _index(roster, place.date, days))] + hours > cap
            for name, (days, cap) in limits.items()
        ):
            continue
        pay = hourly_pay(unit, employee.id, employee.group)
        cost = shift_pay(unit, place.date, shift, pay, holiday_dates, overtime=True).total
        used = sum(v for (eid, _, _), v in ledger.overtime.items() if eid == employee.id)
        options.append((cost, 0, f"{used:08.2f}{employee.id}", CoverSource.OVERTIME, employee.id))
    pool = _pool_price(unit, place.group, shift)
    cap = unit.costs.pool_max_hours_per_week
    week = _index(roster, place.date, 7)
    if pool is not None and (cap is None or ledger.pool_week[week] + hours <= cap):
        options.append((pool, 1, "", CoverSource.POOL, None))
    agency = _agency_price(unit, place.date, shift, place.group, holiday_dates)
    if agency is not None:
        options.append((agency, 2, "", CoverSource.AGENCY, None))
    base = {"date": place.date, "shift_code": place.shift_code, "group": place.group, "hours": hours}
    if not options:
        return CoverDecision(**base, source=CoverSource.UNFILLED, cost=0.0)
    cost, _, _, source, employee_id = min(options, key=lambda o: (round(o[0], 6), o[1], o[2]))
    if source is CoverSource.OVERTIME and employee_id is not None:
        ledger.extra[employee_id][place.date] = place.shift_code
        ledger.worked_week[(employee_id, week)] += hours
        for name, (days, _) in limits.items():
            ledger.overtime[(employee_id, name, _index(roster, place.date, days))] += hours
    elif source is CoverSource.POOL:
        ledger.pool_week[week] += hours
    return CoverDecision(**base, source=source, employee_id=employee_id, cost=cost)


# --- salary budget --------------------------------------------------------------------------


def salary_budget(unit: Unit, roster: Roster, year: int, cover: CoverCost | None = None) -> SalaryBudget:
    """Salary budget for ``year`` from the plan: own staff priced on the year's real dates, and the
    cover of uncovered places (for the roster's period) scaled to a year."""
    months: dict[int, float] = {}
    own = annual_roster_cost(unit, roster, year, months)
    days_in_year = (dt.date(year + 1, 1, 1) - dt.date(year, 1, 1)).days
    cover_factor = days_in_year / roster.days
    lines = []
    by_group = {g.group: g for g in own.groups}
    groups = [
        g.id
        for g in unit.groups_by_rank()
        if g.id in by_group
        or any(e.group == g.id for e in unit.employees)
        or (cover is not None and any(d.group == g.id for d in cover.decisions))
    ]
    for group in groups:
        line = by_group[group].line if group in by_group else PayLine()
        cover_of = [d for d in (cover.decisions if cover else []) if d.group == group]

        def source_cost(source: CoverSource, decisions: list[CoverDecision] = cover_of) -> float:
            return sum(d.cost for d in decisions if d.source == source) * cover_factor

        lines.append(
            BudgetLine(
                group=group,
                fte=sum(e.fte for e in unit.employees if e.group == group),
                hours=line.hours,
                base_pay=line.base_pay,
                allowances=sum(line.allowances.values()),
                social_cost=line.social_cost,
                overtime=source_cost(CoverSource.OVERTIME),
                pool=source_cost(CoverSource.POOL),
                agency=source_cost(CoverSource.AGENCY),
                unfilled=source_cost(CoverSource.UNFILLED),
            )
        )
    return SalaryBudget(unit_id=roster.unit_id, year=year, lines=lines, months=months)
