"""Benchmark: allocate a generated unit of N tasks × G groups to proven optimality.

    PYTHONPATH=src python benchmarks/bench_tasksharing.py [--tasks 2000] [--groups 10] [--seeds 3]

Groups: G-2 ranked groups and 2 support groups. Each task marks one group (sometimes a support
group as an alternative), a third of them name a training for the group below, every second
group has training planned, and the four least competent groups have capacity limits per clock
interval and weekends off for one of them, so that the capacity constraints bind.
"""

from __future__ import annotations

import argparse
import platform
import random
import time
from datetime import time as clock

from bemanning.model import (
    Activity,
    CostBasis,
    DayPattern,
    DayType,
    FrequencyBasis,
    GroupCapacity,
    ProfessionalGroup,
    ShiftKind,
    ShiftType,
    Task,
    TaskCategory,
    TaskSharingSettings,
    TimeInterval,
    TrainingPlan,
    Unit,
    WeekdayValues,
)
from bemanning.planning.activity_plan import build_activity_plan, clock_hours
from bemanning.planning.tasksharing import allocate_tasks, allowed_groups


def generate_unit(n_tasks: int, n_groups: int, seed: int, cost_basis: CostBasis) -> Unit:
    rng = random.Random(seed)
    ranked = n_groups - 2
    groups = [ProfessionalGroup(id=f"g{r}", name=f"Gruppe {r}", rank=r) for r in range(1, ranked + 1)]
    groups += [ProfessionalGroup(id=f"s{i}", name=f"Støtte {i}", support=True) for i in (1, 2)]
    tasks = []
    for i in range(n_tasks):
        rank = rng.randint(1, ranked)
        eligible = [f"g{rank}"]
        if rng.random() < 0.1:
            eligible.append(f"s{rng.randint(1, 2)}")
        training = {f"g{rank + 1}": "Kurs"} if rank < ranked and rng.random() < 0.33 else {}
        tasks.append(
            Task(
                id=f"t{i}",
                name=f"Oppgave {i}",
                category=rng.choice(list(TaskCategory)),
                interval=rng.choice(list(TimeInterval)),
                minutes=rng.choice([2, 5, 10, 15, 20, 30, 45]),
                frequency=rng.choice([0.2, 0.5, 1, 2]),
                per=rng.choice([FrequencyBasis.DAY, FrequencyBasis.PATIENT_DAY, FrequencyBasis.ADMISSION]),
                days=rng.choice([DayPattern.ALL, DayPattern.ALL, DayPattern.WEEKDAYS]),
                eligible_groups=eligible,
                training=training,
            )
        )
    capacities = presence_limits(ranked)
    return Unit(
        id="bench",
        name="Benchmark",
        groups=groups,
        tasks=tasks,
        shift_types=[ShiftType(code="D", name="Dag", kind=ShiftKind.DAY, start=clock(7), end=clock(15))],
        activity=Activity(
            beds=30,
            occupancy=WeekdayValues(mon=28, tue=29, wed=29, thu=28, fri=26, sat=22, sun=23),
            admissions=WeekdayValues(mon=7, tue=6, wed=6, thu=6, fri=5, sat=3, sun=4),
        ),
        task_sharing=TaskSharingSettings(
            capacities=capacities,
            cost_basis=cost_basis,
            training_planned=[TrainingPlan(group=f"g{r}") for r in range(2, ranked + 1, 2)],
        ),
        costs={"hourly_pay": {g.id: 200 + 20 * (ranked - (g.rank or ranked)) for g in groups}},
    )


def presence_limits(ranked: int) -> list[GroupCapacity]:
    """Who is there when: the lowest group not at night, the next one weekday daytime only."""
    lowest, office = f"g{ranked}", f"g{ranked - 1}"
    weekend = [DayType.SATURDAY, DayType.SUNDAY, DayType.HOLIDAY]
    caps = [GroupCapacity(group=lowest, interval=i, hours_per_day=0) for i in (TimeInterval.H22_07,)]
    caps += [
        GroupCapacity(group=office, interval=i, hours_per_day=0)
        for i in (TimeInterval.H15_18, TimeInterval.H18_22, TimeInterval.H22_07, TimeInterval.ANYTIME)
    ]
    caps += [
        GroupCapacity(group=office, interval=i, day_types=weekend, hours_per_day=0) for i in TimeInterval
    ]
    return caps


def with_binding_limits(unit: Unit, share: float) -> Unit:
    """Cap two low groups at ``share`` of their uncapped weekday load in the busiest intervals."""
    result = allocate_tasks(unit, time_limit_s=60)
    assert result.allocation is not None
    spread = clock_hours(build_activity_plan(unit, result.allocation))
    ranked = max(g.rank or 0 for g in unit.groups)
    extra = []
    for group in (f"g{ranked}", f"g{ranked - 2}"):
        for interval in (TimeInterval.H07_09, TimeInterval.H09_12, TimeInterval.H12_15):
            load = spread.get((group, interval, DayType.WEEKDAY), 0.0)
            extra.append(
                GroupCapacity(
                    group=group,
                    interval=interval,
                    day_types=[DayType.WEEKDAY],
                    hours_per_day=round(share * load, 1),
                )
            )
    sharing = unit.task_sharing.model_copy(update={"capacities": [*unit.task_sharing.capacities, *extra]})
    return unit.model_copy(update={"task_sharing": sharing})


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--tasks", type=int, default=2000)
    parser.add_argument("--groups", type=int, default=10)
    parser.add_argument("--seeds", type=int, default=3)
    parser.add_argument("--time-limit", type=float, default=60)
    args = parser.parse_args()
    print(f"Machine: {platform.python_implementation()} {platform.python_version()}, {platform.machine()}")
    print()
    print(
        "| tasks | groups | cost basis | capacity | seed | pairs | status | allocate (s) | activity plan (s) "
        "| moved up by capacity | gap |"
    )
    print("|---:|---:|---|---|---:|---:|---|---:|---:|---:|---:|")
    for basis in (CostBasis.RANK, CostBasis.HOURLY_COST):
        for label, share in (("presence", None), ("binding 80 %", 0.8), ("binding 50 %", 0.5)):
            for seed in range(args.seeds):
                unit = generate_unit(args.tasks, args.groups, seed, basis)
                if share is not None:
                    unit = with_binding_limits(unit, share)
                result = allocate_tasks(unit, time_limit_s=args.time_limit)
                started = time.perf_counter()
                if result.allocation is not None:
                    build_activity_plan(unit, result.allocation)
                plan_s = time.perf_counter() - started
                entries = result.allocation.entries if result.allocation else []
                pairs = sum(len(allowed_groups(unit, t)[0]) for t in unit.tasks)
                moved = sum(e.reason == "ts_reason_capacity" for e in entries)
                gap = (
                    (result.objective - result.objective_bound) / result.objective
                    if result.objective
                    else 0.0
                )
                print(
                    f"| {args.tasks} | {args.groups} | {basis.value} | {label} | {seed} | {pairs} | "
                    f"{result.status.value} | {result.solve_seconds:.2f} | {plan_s:.2f} | {moved} | "
                    f"{gap:.1e} |"
                )


if __name__ == "__main__":
    main()
