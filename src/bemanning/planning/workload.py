"""Hours of work a task creates, per day type and per clock interval.

One place for the arithmetic that both the allocation (capacity) and the activity plan use, so
the two always agree. Conventions (see docs/tasksharing.md):

- Day types of the plan: weekday (the mean Mon-Fri day), Saturday, Sunday (also stands for
  public holidays). A week is 5 weekdays + Saturday + Sunday.
- Frequency ``per``: DAY = per day the task occurs; PATIENT_DAY, ADMISSION, DISCHARGE,
  OPERATION, OUTPATIENT_VISIT = per unit of the activity driver of that day type (occupancy etc.);
  SHIFT = per shift in use that day (see ``shifts_per_day``); WEEK = per week, spread evenly over
  the days the task occurs.
- A WEEKDAY_DAYTIME task is done on weekdays: its weekly hours are spread over the five weekdays.
- Clock spread: a clock-interval task loads its own interval; an ANYTIME task is spread over the
  whole day in proportion to interval length (so it needs the group present around the clock);
  a WEEKDAY_DAYTIME task is spread over 08-15 by overlap (07-09: 1/7, 09-12: 3/7, 12-15: 3/7).
"""

from __future__ import annotations

from functools import cache

from bemanning.model import CLOCK_INTERVALS, DayType, FrequencyBasis, ShiftKind, Task, TimeInterval, Unit

PLAN_DAY_TYPES: tuple[DayType, ...] = (DayType.WEEKDAY, DayType.SATURDAY, DayType.SUNDAY)
DAYS_PER_WEEK: dict[DayType, int] = {DayType.WEEKDAY: 5, DayType.SATURDAY: 1, DayType.SUNDAY: 1}


def plan_day_type(day_type: DayType) -> DayType:
    """The plan day type that stands for ``day_type`` (holidays count as Sundays)."""
    return DayType.SUNDAY if day_type is DayType.HOLIDAY else day_type


def shifts_per_day(unit: Unit, day_type: DayType) -> int:
    """Shifts in use on a day type, for tasks counted per shift (report, handover).

    The shifts in use are those the staffing settings name for the day type (minimums or a fixed
    requirement); when they name none, all shift types. Shift types of the same kind count once
    and long shifts are left out: a long day overlaps the day and evening shifts, an office day
    is a day shift, and a handover happens once per change of shift, not per shift variant.
    """
    codes = {m.shift for m in unit.staffing.minimums if day_type in m.day_types}
    codes |= {r.shift for r in unit.staffing.fixed_requirement or [] if plan_day_type(r.day_type) is day_type}
    shifts = [s for s in unit.shift_types if not codes or s.code in codes]
    kinds = {s.kind for s in shifts if not s.is_long}
    if not kinds:  # only long shifts: two per day (long day, long night) or one
        kinds = {ShiftKind.DAY if s.kind is ShiftKind.LONG_DAY else ShiftKind.NIGHT for s in shifts}
    return max(len(kinds), 1)


def task_hours_per_day(unit: Unit, task: Task) -> dict[DayType, float]:
    """Hours the task takes on one day of each plan day type."""
    per_occurrence = task.minutes / 60 * task.frequency
    occurs = {d: task.days.occurs_on(d) for d in PLAN_DAY_TYPES}
    hours: dict[DayType, float] = {}
    if task.per is FrequencyBasis.WEEK:
        days = sum(DAYS_PER_WEEK[d] for d in PLAN_DAY_TYPES if occurs[d])
        hours = {d: per_occurrence / days if occurs[d] and days else 0.0 for d in PLAN_DAY_TYPES}
    elif task.per is FrequencyBasis.DAY:
        hours = {d: per_occurrence if occurs[d] else 0.0 for d in PLAN_DAY_TYPES}
    elif task.per is FrequencyBasis.SHIFT:
        hours = {d: per_occurrence * shifts_per_day(unit, d) if occurs[d] else 0.0 for d in PLAN_DAY_TYPES}
    else:
        driver = unit.activity.driver(task.per)
        assert driver is not None, task.per
        hours = {d: per_occurrence * driver.for_day_type(d) if occurs[d] else 0.0 for d in PLAN_DAY_TYPES}
    if task.interval is TimeInterval.WEEKDAY_DAYTIME:
        weekly = weekly_hours(hours)
        hours = {
            DayType.WEEKDAY: weekly / DAYS_PER_WEEK[DayType.WEEKDAY],
            DayType.SATURDAY: 0.0,
            DayType.SUNDAY: 0.0,
        }
    return hours


def weekly_hours(per_day: dict[DayType, float]) -> float:
    return sum(per_day.get(d, 0.0) * DAYS_PER_WEEK[d] for d in PLAN_DAY_TYPES)


def task_hours_per_week(unit: Unit, task: Task) -> float:
    return weekly_hours(task_hours_per_day(unit, task))


def _overlap(a: tuple[float, float], b: tuple[float, float]) -> float:
    return max(0.0, min(a[1], b[1]) - max(a[0], b[0]))


def _clock_span(interval: TimeInterval) -> tuple[float, float]:
    start, end = interval.span
    s = start.hour + start.minute / 60
    e = end.hour + end.minute / 60
    return (s, e + 24 if e <= s else e)


@cache
def clock_shares(interval: TimeInterval) -> dict[TimeInterval, float]:
    """How a task of ``interval`` is spread over the six clock intervals (shares sum to 1)."""
    if interval in CLOCK_INTERVALS:
        return {interval: 1.0}
    if interval is TimeInterval.ANYTIME:
        return {i: i.hours / 24 for i in CLOCK_INTERVALS}
    span = _clock_span(interval)
    overlaps = {i: _overlap(span, _clock_span(i)) for i in CLOCK_INTERVALS}
    total = sum(overlaps.values())
    return {i: v / total for i, v in overlaps.items() if v > 0}


def capacity_load(task_interval: TimeInterval, hours: float, capacity_interval: TimeInterval) -> float:
    """Hours a ``task_interval`` task of ``hours`` a day puts on a capacity of ``capacity_interval``.

    A capacity on a clock interval counts everything done in that clock interval (own tasks and the
    spread of ANYTIME/WEEKDAY_DAYTIME tasks); a capacity on ANYTIME or WEEKDAY_DAYTIME counts only
    the tasks of that interval.
    """
    if capacity_interval in CLOCK_INTERVALS:
        return hours * clock_shares(task_interval).get(capacity_interval, 0.0)
    return hours if task_interval is capacity_interval else 0.0
