"""FTE need per group from a staffing requirement (DOMAIN.md "From staffing plan to FTE").

- Weekly cover hours ``H``: the requirement's heads × paid hours, over every date of the
  reference year (each date by its day type), divided by the weeks of that year.
- Weekly-hours basis per group by the agreement: day work, two-shift rotation, or three-shift
  ``h = clamp(base / (1 + s·(f_s − 1) + n·(f_n − 1)), min, max)``, with ``s`` the share of
  Sunday/holiday hours that are not night hours and ``n`` the share of night hours (an hour
  counts once, as night when it is both), ``f_s``/``f_n`` the Sunday and night factors.
  With the defaults this is ``clamp(37.5 / (1 + s/6 + n/4), 33.6, 35.5)``.
- FTE need ``H / h``; with room for absence ``H / (h × (1 − u))``, ``u`` = vacation
  (weeks, +1 for staff 60+, weighted by their FTE) + sick leave + courses + other.
- Gap: need with absence minus the positions of the group (Σ position % / 100), in FTE and in
  hours per year by the FTE-year convention (rule setting ``fte_year_hours``).
"""

from __future__ import annotations

import datetime as dt
from collections import Counter
from dataclasses import dataclass

from bemanning.model import DayType, RuleSet, ShiftKind, ShiftType, StaffingRequirement, Unit, WorkArrangement
from bemanning.model.staffing_result import (
    DayTypeCalendar,
    FteResult,
    FteRow,
    StaffingInputError,
    Unavailability,
)

from .calendar import day_type_calendar, is_great_holiday_eve

DAY_MINUTES = 24 * 60
SUNDAY_LIKE = (DayType.SUNDAY, DayType.HOLIDAY)


def fte_need(weekly_cover_hours: float, weekly_hours: float, unavailability: float = 0.0) -> float:
    """FTE to cover ``weekly_cover_hours`` at ``weekly_hours`` per FTE, with ``unavailability`` in [0, 1)."""
    if weekly_hours <= 0 or not 0 <= unavailability < 1:
        raise StaffingInputError(
            "bad_fte_basis",
            "weekly hours {hours} / unavailability {u} cannot be used",
            hours=weekly_hours,
            u=unavailability,
        )
    return weekly_cover_hours / (weekly_hours * (1 - unavailability))


def three_shift_weekly_hours(sunday_share: float, night_share: float, rules: RuleSet) -> float:
    """Weekly hours of a three-shift rotation from its Sunday/holiday and night shares (Spekter A2)."""
    base = rules.number("weekly_hours_day_work")
    weighted = (
        1
        + sunday_share * (rules.number("sunday_hour_factor") - 1)
        + night_share * (rules.number("night_hour_factor") - 1)
    )
    low, high = rules.number("weekly_hours_three_shift_min"), rules.number("weekly_hours_three_shift_max")
    return min(high, max(low, base / weighted))


def unavailability(unit: Unit, group: str, year: int) -> Unavailability:
    rules = unit.rules
    staff = [e for e in unit.employees if e.group == group]
    total_fte = sum(e.fte for e in staff)
    senior_share = sum(e.fte for e in staff if e.is_senior(year)) / total_fte if total_fte else 0.0
    weeks = rules.number("vacation_weeks") + rules.number("vacation_weeks_extra_60_plus") * senior_share
    return Unavailability(
        vacation=weeks / rules.number("weeks_per_year"),
        sick_leave=rules.number("sick_leave_share"),
        courses=rules.number("course_share"),
        other=rules.number("other_absence_share"),
    )


# --- classifying the hours of the year ---------------------------------------------------------


@dataclass
class _Hours:
    total: float = 0.0
    sunday: float = 0.0  # Sunday/holiday period hours that are not night hours
    night: float = 0.0

    def add(self, other: _Hours, times: float) -> None:
        self.total += other.total * times
        self.sunday += other.sunday * times
        self.night += other.night * times


def _in_window(clock: int, start: int, end: int) -> bool:
    return start <= clock < end if start < end else clock >= start or clock < end


def _shift_hours(
    shift: ShiftType, rules: RuleSet, today_sunday: bool, next_sunday: bool, eve: bool
) -> _Hours:
    """Paid hours of one shift, split into Sunday/holiday and night hours (AML §10-10, §10-11)."""
    night_start, night_end = (int(rules.number(k) * 60) for k in ("night_start_hour", "night_end_hour"))
    period_end = int(rules.number("sunday_period_end_hour") * 60)
    day_before = int(
        rules.number("holiday_eve_start_hour" if eve else "sunday_period_start_hour_day_before") * 60
    )
    night = sunday = 0
    for minute in range(shift.start_minute, shift.end_minute):
        clock, tomorrow = minute % DAY_MINUTES, minute >= DAY_MINUTES
        if _in_window(clock, night_start, night_end):
            night += 1
        elif tomorrow:
            sunday += next_sunday and clock < period_end
        else:
            sunday += (today_sunday and (clock < period_end or next_sunday)) or (
                next_sunday and clock >= day_before
            )
    paid = shift.working_hours / shift.duration_hours  # unpaid break taken evenly over the shift
    return _Hours(total=shift.working_hours, sunday=sunday / 60 * paid, night=night / 60 * paid)


def _day_contexts(calendar: DayTypeCalendar) -> Counter[tuple[DayType, bool, bool, bool]]:
    """How many dates of the year have each (day type, today Sunday-like, tomorrow Sunday-like, great eve)."""
    out: Counter[tuple[DayType, bool, bool, bool]] = Counter()
    for date in calendar.dates():
        day_type = calendar.day_type_of(date)
        tomorrow = calendar.day_type_of(date + dt.timedelta(days=1))
        out[(day_type, day_type in SUNDAY_LIKE, tomorrow in SUNDAY_LIKE, is_great_holiday_eve(date))] += 1
    return out


def yearly_hours(
    unit: Unit, requirement: StaffingRequirement, calendar: DayTypeCalendar
) -> dict[str, _Hours]:
    """Paid hours per group over the calendar year, with their Sunday/holiday and night parts."""
    contexts = _day_contexts(calendar)
    out: dict[str, _Hours] = {}
    cache: dict[tuple[str, bool, bool, bool], _Hours] = {}
    for row in requirement.rows:
        if row.required == 0:
            continue
        acc = out.setdefault(row.group, _Hours())
        for (day_type, today_sun, next_sun, eve), dates in contexts.items():
            if day_type is not row.day_type:
                continue
            key = (row.shift, today_sun, next_sun, eve)
            if key not in cache:
                cache[key] = _shift_hours(unit.shift_type(row.shift), unit.rules, today_sun, next_sun, eve)
            acc.add(cache[key], row.required * dates)
    return out


def group_arrangement(unit: Unit, group: str, requirement: StaffingRequirement) -> WorkArrangement:
    """The arrangement holding most of the group's FTE; without staff, inferred from its shifts."""
    by_fte: dict[WorkArrangement, float] = {}
    for e in unit.employees:
        if e.group == group:
            by_fte[e.arrangement] = by_fte.get(e.arrangement, 0.0) + e.fte
    if by_fte:
        return max(by_fte, key=lambda a: (by_fte[a], list(WorkArrangement).index(a)))
    rows = [r for r in requirement.rows if r.group == group and r.required > 0]
    if any(unit.shift_type(r.shift).is_night for r in rows):
        return WorkArrangement.THREE_SHIFT
    if any(
        r.day_type is not DayType.WEEKDAY or unit.shift_type(r.shift).kind is ShiftKind.EVENING for r in rows
    ):
        return WorkArrangement.ROTATION
    return WorkArrangement.DAY


def annual_hours_per_fte(weekly_hours: float, rules: RuleSet) -> float:
    """A group's own annual hours per FTE for its weekly hours: the rule set's anchors (33.6 h → 1747 h,
    35.5 h → 1846.25 h, 37.5 h → 1950 h by default), linear between them, proportional outside."""
    anchors = sorted(
        {
            rules.number("weekly_hours_three_shift_min"): rules.number("fte_year_hours_three_shift"),
            rules.number("weekly_hours_rotation"): rules.number("fte_year_hours_rotation"),
            rules.number("weekly_hours_day_work"): rules.number("fte_year_hours"),
        }.items()
    )
    if weekly_hours <= anchors[0][0]:
        return anchors[0][1] * weekly_hours / anchors[0][0]
    for (w0, h0), (w1, h1) in zip(anchors, anchors[1:], strict=False):
        if weekly_hours <= w1:
            return h0 + (h1 - h0) * (weekly_hours - w0) / (w1 - w0)
    return anchors[-1][1] * weekly_hours / anchors[-1][0]


def weekly_hours_basis(arrangement: WorkArrangement, hours: _Hours, rules: RuleSet) -> float:
    if arrangement is WorkArrangement.DAY:
        return rules.number("weekly_hours_day_work")
    if arrangement is WorkArrangement.ROTATION:
        return rules.number("weekly_hours_rotation")
    total = hours.total or 1.0
    return three_shift_weekly_hours(hours.sunday / total, hours.night / total, rules)


def fte_result(
    unit: Unit, requirement: StaffingRequirement, *, calendar: DayTypeCalendar | None = None
) -> FteResult:
    """FTE need per group for ``requirement`` (groups with heads or with positions on the unit)."""
    calendar = calendar or requirement.calendar or day_type_calendar(unit.roster.start_date.year)
    weeks = len(calendar.dates()) / 7
    hours = yearly_hours(unit, requirement, calendar)
    fte_year_hours = unit.rules.number("fte_year_hours")
    groups = [
        g.id for g in unit.groups_by_rank() if g.id in hours or any(e.group == g.id for e in unit.employees)
    ]
    rows = []
    for group in groups:
        h = hours.get(group, _Hours())
        arrangement = group_arrangement(unit, group, requirement)
        basis = weekly_hours_basis(arrangement, h, unit.rules)
        absence = unavailability(unit, group, calendar.year)
        cover = h.total / weeks
        need = fte_need(cover, basis)
        with_absence = fte_need(cover, basis, absence.total)
        current = sum(e.fte for e in unit.employees if e.group == group)
        gap = with_absence - current
        total = h.total or 1.0
        rows.append(
            FteRow(
                group=group,
                arrangement=arrangement,
                weekly_hours=round(basis, 2),
                sunday_share=round(h.sunday / total, 4),
                night_share=round(h.night / total, 4),
                weekly_cover_hours=round(cover, 2),
                fte_need=round(need, 3),
                unavailability=round(absence.total, 4),
                fte_need_with_absence=round(with_absence, 3),
                fte_current=round(current, 3),
                gap_fte=round(gap, 3),
                gap_hours_per_year=round(gap * annual_hours_per_fte(basis, unit.rules), 1),
                annual_hours_per_fte=round(annual_hours_per_fte(basis, unit.rules), 2),
            )
        )
    return FteResult(unit_id=unit.id, year=calendar.year, fte_year_hours=fte_year_hours, rows=rows)
