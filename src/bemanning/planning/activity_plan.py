"""The daily-rhythm activity plan (døgnrytmeplan): hours per group × interval × category × day type.

Entries are hours on ONE day of the day type (weekday = the mean Monday-Friday day; Sunday also
stands for public holidays); a week is 5 weekdays + Saturday + Sunday, so ``weekly_hours(plan)``
equals the allocation's weekly hours. Tasks keep their own interval (the seed's 8 intervals);
``clock_hours`` spreads the ANYTIME and WEEKDAY_DAYTIME work over the six clock intervals for
those who need hours by time of day (the staffing requirement).
"""

from __future__ import annotations

from bemanning.model import ActivityPlan, ActivityPlanEntry, DayType, TaskCategory, TimeInterval, Unit
from bemanning.model.plans import TaskAllocation

from .workload import DAYS_PER_WEEK, PLAN_DAY_TYPES, clock_shares, task_hours_per_day

Key = tuple[str, TimeInterval, TaskCategory, DayType]


def build_activity_plan(unit: Unit, allocation: TaskAllocation) -> ActivityPlan:
    tasks = {t.id: t for t in unit.tasks}
    hours: dict[Key, float] = {}
    for entry in allocation.entries:
        task = tasks[entry.task_id]
        for day_type, value in task_hours_per_day(unit, task).items():
            if value > 0:
                key = (entry.group, task.interval, task.category, day_type)
                hours[key] = hours.get(key, 0.0) + value
    group_order = {g.id: n for n, g in enumerate(unit.groups_by_rank())}
    intervals, categories = list(TimeInterval), list(TaskCategory)
    ordered = sorted(
        hours,
        key=lambda k: (
            PLAN_DAY_TYPES.index(k[3]),
            group_order.get(k[0], 99),
            intervals.index(k[1]),
            categories.index(k[2]),
        ),
    )
    return ActivityPlan(
        unit_id=unit.id,
        entries=[
            ActivityPlanEntry(group=k[0], interval=k[1], category=k[2], day_type=k[3], hours=hours[k])
            for k in ordered
        ],
    )


def weekly_hours(plan: ActivityPlan, *, group: str | None = None) -> float:
    """Hours per week in the plan (optionally for one group)."""
    return sum(
        e.hours * DAYS_PER_WEEK.get(e.day_type, 0) for e in plan.entries if group is None or e.group == group
    )


def clock_hours(plan: ActivityPlan) -> dict[tuple[str, TimeInterval, DayType], float]:
    """Hours per day by (group, clock interval, day type), with un-timed work spread over the day."""
    out: dict[tuple[str, TimeInterval, DayType], float] = {}
    for e in plan.entries:
        for interval, share in clock_shares(e.interval).items():
            key = (e.group, interval, e.day_type)
            out[key] = out.get(key, 0.0) + e.hours * share
    return out
