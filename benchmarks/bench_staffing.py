"""Time the staffing step on the demo unit: requirement, FTE need, 15-year projection.

The activity plan is a simple stand-in (every task on today's group, plain frequency × driver),
so the benchmark does not depend on the task-sharing engine.
"""

from __future__ import annotations

import time

from bemanning.demo import build_demo_unit
from bemanning.model import ActivityPlan, ActivityPlanEntry, DayType, Unit
from bemanning.planning.demand import staffing_requirement
from bemanning.planning.fte import fte_result
from bemanning.planning.projection import project


def stand_in_plan(unit: Unit, scale: float = 1.0) -> ActivityPlan:
    entries = []
    for task in unit.tasks:
        for day_type in (DayType.WEEKDAY, DayType.SATURDAY, DayType.SUNDAY):
            if not task.days.occurs_on(day_type):
                continue
            driver = unit.activity.driver(task.per)
            count = driver.for_day_type(day_type) if driver is not None else 1.0
            group = task.current_group or task.eligible_groups[0]
            hours = task.minutes * task.frequency * count / 60 * scale
            entries.append(ActivityPlanEntry(group=group, interval=task.interval, category=task.category,
                                             day_type=day_type, hours=hours))
    return ActivityPlan(unit_id=unit.id, entries=entries)


def best_of(fn, repeat: int = 5) -> float:  # type: ignore[no-untyped-def]
    times = []
    for _ in range(repeat):
        start = time.perf_counter()
        fn()
        times.append(time.perf_counter() - start)
    return min(times)


def main() -> None:
    unit = build_demo_unit()
    plan = stand_in_plan(unit)
    staffing_requirement(unit, plan)  # warm up (holidays package, imports)
    req = staffing_requirement(unit, plan)
    rows = [
        ("staffing_requirement (demo, 4 day types)", best_of(lambda: staffing_requirement(unit, plan))),
        ("staffing_requirement, long shifts",
         best_of(lambda: staffing_requirement(unit, plan, long_shifts=True))),
        ("fte_result (calendar year)", best_of(lambda: fte_result(unit, req))),
        ("project, 15 years × 2 cases", best_of(lambda: project(unit, plan, plan, calendar=req.calendar), 2)),
    ]
    print("| step | best time (s) |")
    print("|---|---|")
    for name, seconds in rows:
        print(f"| {name} | {seconds:.3f} |")
    total = sum(r.required for r in req.rows)
    print(f"\n{len(req.rows)} requirement rows, {total} heads over the four day types.")


if __name__ == "__main__":
    main()
