"""Task sharing (oppgavedeling): place every task on exactly one professional group, exactly.

The model (CP-SAT, solved to proven optimality):

- ``x[t, g] = 1`` when task ``t`` goes to group ``g``; one variable per allowed pair, and
  ``sum_g x[t, g] = 1`` for every task.
- Allowed groups: ``Unit.eligible_groups(task, with_training=False)`` (the competence order and the
  task's exclusions), plus the groups that need training first when the scenario plans that
  training (``TaskSharingSettings.training_is_planned``); a pinned task allows only its group.
- Capacity (``TaskSharingSettings.capacities``): for each group, interval and day type with a
  limit, the task hours placed there (see ``workload.capacity_load``) stay within the hours per
  day. Loads are rounded up and limits down to 1/1000 h, so the integer model never accepts an
  allocation the real numbers would reject.
- Objective, ``cost_basis``: RANK minimises hours × 2^level, where level 1 is the least competent
  ranked group and each step up the competence order doubles the weight (support groups such as
  porters, level 0, are cheapest for the tasks that name them), so freeing the most competent
  groups comes first. HOURLY_COST minimises NOK: hours × the group's hourly pay.

When no allocation exists, the result explains why in plain words (never an exception).
"""

from __future__ import annotations

import math
import time
from dataclasses import dataclass, field

from ortools.sat.python import cp_model

from bemanning.model import CostBasis, DayType, Task, TimeInterval, Unit
from bemanning.model.plans import AllocationEntry, TaskAllocation
from bemanning.model.task_sharing_result import (
    DAY_TYPE_TEXT,
    AllocationResult,
    AllocationStatus,
    CertificationNeed,
    Explanation,
    TrainingNeed,
)

from .task_sharing_report import compare_as_is
from .workload import capacity_load, plan_day_type, task_hours_per_day, weekly_hours

SCALE = 1000  # capacity arithmetic in 1/1000 h
COST_SCALE = 100  # objective in 1/100 h
CAPACITY_DAY_TYPES = (DayType.WEEKDAY, DayType.SATURDAY, DayType.SUNDAY, DayType.HOLIDAY)
CapacityKey = tuple[str, TimeInterval, DayType]


@dataclass
class _TaskData:
    task: Task
    hours_day: dict[DayType, float]
    hours_week: float
    allowed: list[str]  # before capacity
    training: dict[str, str]  # group -> training it needs first
    fits: list[str] = field(default_factory=list)  # allowed and each capacity fits the task alone
    loads: dict[tuple[TimeInterval, DayType], int] = field(default_factory=dict)  # memo of _load


def capacity_limits(unit: Unit) -> dict[CapacityKey, float]:
    """Hours per day per (group, interval, day type); several records for one key: the lowest wins."""
    limits: dict[CapacityKey, float] = {}
    for cap in unit.task_sharing.capacities:
        for day_type in cap.day_types:
            key = (cap.group, cap.interval, day_type)
            limits[key] = min(limits.get(key, math.inf), cap.hours_per_day)
    return limits


def training_for(unit: Unit, task: Task, group: str) -> str:
    """The training ``group`` needs for ``task``: its own entry, else that of a group it outranks."""
    if group in task.training:
        return task.training[group]
    me = unit.group(group)
    for other, name in task.training.items():
        if me.outranks_or_equals(unit.group(other)):
            return name
    return next(iter(task.training.values()), "")


def allowed_groups(unit: Unit, task: Task) -> tuple[list[str], dict[str, str]]:
    """Groups allowed to take ``task`` and the training each of them needs first."""
    if task.pinned_group is not None:
        base = unit.eligible_groups(task, with_training=False)
        training = (
            {}
            if task.pinned_group in base
            else {task.pinned_group: training_for(unit, task, task.pinned_group)}
        )
        return [task.pinned_group], training
    base = unit.eligible_groups(task, with_training=False)
    allowed, training = [], {}
    for group in unit.eligible_groups(task, with_training=True):
        if group in base:
            allowed.append(group)
        elif unit.task_sharing.training_is_planned(group, task.id):
            allowed.append(group)
            training[group] = training_for(unit, task, group)
    return allowed, training


def rank_weights(unit: Unit) -> dict[str, int]:
    """2^level per group: support groups 1, the least competent ranked group 2, doubling upwards."""
    ranks = sorted({g.rank for g in unit.groups if g.rank is not None}, reverse=True)
    level = {rank: index + 1 for index, rank in enumerate(ranks)}
    return {g.id: 2 ** (level[g.rank] if g.rank is not None else 0) for g in unit.groups}


def cost_per_hour(unit: Unit) -> tuple[dict[str, float], list[str]]:
    """Cost per hour by group for the objective, and groups whose hourly pay is missing."""
    if unit.task_sharing.cost_basis is CostBasis.RANK:
        return {g: float(w) for g, w in rank_weights(unit).items()}, []
    pay = unit.costs.hourly_pay
    fallback = max(pay.values(), default=1.0)
    missing = [g.id for g in unit.groups if g.id not in pay]
    return {g.id: pay.get(g.id, fallback) for g in unit.groups}, missing


def _load(data: _TaskData, key: CapacityKey) -> int:
    """The task's load on a capacity key in 1/1000 h (rounded up); the same for every group."""
    _, interval, day_type = key
    memo = data.loads.get((interval, day_type))
    if memo is None:
        hours = capacity_load(data.task.interval, data.hours_day[plan_day_type(day_type)], interval)
        memo = data.loads[interval, day_type] = max(0, math.ceil(hours * SCALE - 1e-6))
    return memo


def _limit(hours: float) -> int:
    return math.floor(hours * SCALE + 1e-6)


def _prepare(unit: Unit, limits: dict[CapacityKey, float]) -> tuple[list[_TaskData], list[Explanation]]:
    """Task data, and explanations for tasks no group can take even alone."""
    by_group: dict[str, list[CapacityKey]] = {}
    for key in limits:
        by_group.setdefault(key[0], []).append(key)
    prepared, problems = [], []
    for task in unit.tasks:
        hours_day = task_hours_per_day(unit, task)
        allowed, training = allowed_groups(unit, task)
        data = _TaskData(task, hours_day, weekly_hours(hours_day), allowed, training)
        blocks = []
        for group in allowed:
            blocked = [k for k in by_group.get(group, []) if _load(data, k) > _limit(limits[k])]
            if blocked:
                k = blocked[0]
                blocks.append(
                    Explanation(
                        key="ts_block",
                        context={
                            "group": unit.group(group).name,
                            "interval": k[1].value,
                            "day_type": DAY_TYPE_TEXT[k[2].value]["no"],
                            "day_type_en": DAY_TYPE_TEXT[k[2].value]["en"],
                            "available": _fmt(limits[k]),
                            "needed": _fmt(_load(data, k) / SCALE),
                        },
                    )
                )
            else:
                data.fits.append(group)
        if not allowed:
            needing = [
                g
                for g in unit.eligible_groups(task, with_training=True)
                if g not in unit.eligible_groups(task, with_training=False)
            ]
            detail = Explanation(key="ts_no_group_training", context={"groups": ", ".join(needing) or "-"})
            problems.append(
                Explanation(
                    key="ts_no_group",
                    context={
                        "task": task.name,
                        "task_id": task.id,
                        "detail": detail.text("no"),
                        "detail_en": detail.text("en"),
                    },
                )
            )
        elif not data.fits:
            problems.append(
                Explanation(
                    key="ts_no_capacity_task",
                    context={
                        "task": task.name,
                        "task_id": task.id,
                        "interval": task.interval.value,
                        "blocks": "; ".join(b.text("no") for b in blocks),
                        "blocks_en": "; ".join(b.text("en") for b in blocks),
                    },
                )
            )
        prepared.append(data)
    return prepared, problems


def _fmt(hours: float) -> float | str:
    """Hours for an explanation's context: a number (the message formats it for the reader's language,
    "12,5"), or "∞" for no limit."""
    return round(hours, 2) if hours != math.inf else "∞"


def allocate_tasks(
    unit: Unit, *, time_limit_s: float | None = None, num_workers: int = 2
) -> AllocationResult:
    """Place every task of ``unit`` on exactly one group (see the module docstring). The training plan
    holds the groups' training for the tasks they take over (``training_needs``) and the employees'
    documented competence that runs out or is missing in the unit's roster period
    (``certification_needs``, ``planning.competence``)."""
    result = _allocate(unit, time_limit_s=time_limit_s, num_workers=num_workers)
    return result.model_copy(update={"certification_needs": _certification_needs(unit, result)})


def _certification_needs(unit: Unit, result: AllocationResult) -> list[CertificationNeed]:
    from .competence import certification_needs
    from .rostering.context import period_for_unit

    period = period_for_unit(unit)
    return certification_needs(unit, period.start, period.end, allocation=result.allocation)


def _allocate(unit: Unit, *, time_limit_s: float | None, num_workers: int) -> AllocationResult:
    started = time.perf_counter()
    if not unit.task_sharing.enabled:
        return _as_is(unit, started)
    limits = capacity_limits(unit)
    prepared, problems = _prepare(unit, limits)
    notes = _pinned_training_notes(unit, prepared)
    costs, missing_pay = cost_per_hour(unit)
    if missing_pay:
        notes.append(Explanation(key="ts_missing_pay", context={"groups": ", ".join(missing_pay)}))
    if problems:
        return _infeasible(unit, problems, notes, started)

    limit_s = time_limit_s if time_limit_s is not None else unit.task_sharing.solver_time_limit_s
    model = cp_model.CpModel()
    x: dict[tuple[int, str], cp_model.IntVar] = {}
    for i, data in enumerate(prepared):
        for group in data.fits:
            x[i, group] = model.new_bool_var(f"x_{i}_{group}")
        model.add_exactly_one(x[i, g] for g in data.fits)
    _add_capacity(model, prepared, x, limits)
    model.minimize(
        cp_model.LinearExpr.weighted_sum(list(x.values()), [_cost(prepared[i], g, costs) for i, g in x])
    )
    solver = _solver(limit_s, num_workers)
    status = solver.solve(model)
    if status == cp_model.INFEASIBLE:
        return _infeasible(
            unit, _explain_capacity(unit, prepared, limits, limit_s, num_workers), notes, started
        )
    if status not in (cp_model.OPTIMAL, cp_model.FEASIBLE):
        return _infeasible(
            unit, [Explanation(key="ts_timeout", context={"seconds": _fmt(limit_s)})], notes, started
        )
    if status == cp_model.FEASIBLE:
        notes.append(Explanation(key="ts_not_proven", context={"seconds": _fmt(limit_s)}))
    chosen = {i: g for (i, g), var in x.items() if solver.boolean_value(var)}
    allocation, needs = _entries(unit, prepared, chosen, costs)
    return AllocationResult(
        unit_id=unit.id,
        status=AllocationStatus.OPTIMAL if status == cp_model.OPTIMAL else AllocationStatus.FEASIBLE,
        allocation=allocation,
        training_needs=needs,
        comparison=compare_as_is(unit, allocation),
        notes=notes,
        objective=solver.objective_value / COST_SCALE,
        objective_bound=solver.best_objective_bound / COST_SCALE,
        solve_seconds=time.perf_counter() - started,
    )


def _solver(limit_s: float, num_workers: int) -> cp_model.CpSolver:
    solver = cp_model.CpSolver()
    solver.parameters.max_time_in_seconds = limit_s
    solver.parameters.num_workers = num_workers
    return solver


def _cost(data: _TaskData, group: str, costs: dict[str, float]) -> int:
    # +1 centi-hour so that tasks without hours (no admissions that week) still prefer the lowest group.
    return round((round(data.hours_week * COST_SCALE) + 1) * costs[group])


def _add_capacity(
    model: cp_model.CpModel,
    prepared: list[_TaskData],
    x: dict[tuple[int, str], cp_model.IntVar],
    limits: dict[CapacityKey, float],
    slack: dict[CapacityKey, cp_model.IntVar] | None = None,
) -> None:
    for key, hours in limits.items():
        group = key[0]
        terms = [
            (x[i, group], load)
            for i, data in enumerate(prepared)
            if (i, group) in x and (load := _load(data, key)) > 0
        ]
        if not terms or sum(load for _, load in terms) <= _limit(hours):
            continue  # cannot bind: even every candidate task together fits
        total = cp_model.LinearExpr.weighted_sum([v for v, _ in terms], [load for _, load in terms])
        if slack is not None and key in slack:
            model.add(total <= _limit(hours) + slack[key])
        else:
            model.add(total <= _limit(hours))


def _explain_capacity(
    unit: Unit, prepared: list[_TaskData], limits: dict[CapacityKey, float], limit_s: float, num_workers: int
) -> list[Explanation]:
    """Solve again with extra capacity allowed at a price: where extra is needed is the explanation."""
    model = cp_model.CpModel()
    x: dict[tuple[int, str], cp_model.IntVar] = {}
    for i, data in enumerate(prepared):
        for group in data.fits:
            x[i, group] = model.new_bool_var(f"x_{i}_{group}")
        model.add_exactly_one(x[i, g] for g in data.fits)
    total_load = sum(_load(d, k) for d in prepared for k in limits) + 1
    slack = {k: model.new_int_var(0, total_load, f"s_{n}") for n, k in enumerate(limits)}
    _add_capacity(model, prepared, x, limits, slack)
    model.minimize(sum(slack.values()))
    solver = _solver(limit_s, num_workers)
    if solver.solve(model) not in (cp_model.OPTIMAL, cp_model.FEASIBLE):
        return [Explanation(key="ts_timeout", context={"seconds": _fmt(limit_s)})]
    lines = []
    for key, var in slack.items():
        missing = solver.value(var)
        if missing <= 0:
            continue
        group, interval, day_type = key
        placed = [
            d
            for i, d in enumerate(prepared)
            if (i, group) in x and solver.boolean_value(x[i, group]) and _load(d, key) > 0
        ]
        placed.sort(key=lambda d: -_load(d, key))
        needed = sum(_load(d, key) for d in placed) / SCALE
        lines.append(
            Explanation(
                key="ts_short_capacity",
                context={
                    "group": unit.group(group).name,
                    "interval": interval.value,
                    "day_type": DAY_TYPE_TEXT[day_type.value]["no"],
                    "day_type_en": DAY_TYPE_TEXT[day_type.value]["en"],
                    "missing": _fmt(missing / SCALE),
                    "available": _fmt(limits[key]),
                    "needed": _fmt(needed),
                    "tasks": ", ".join(f"«{d.task.name}»" for d in placed[:5]),
                },
            )
        )
    return lines


def _entries(
    unit: Unit, prepared: list[_TaskData], chosen: dict[int, str], costs: dict[str, float]
) -> tuple[TaskAllocation, list[TrainingNeed]]:
    entries, needs = [], []
    for i, data in enumerate(prepared):
        group = chosen[i]
        best = min(costs[g] for g in data.allowed)
        if data.task.pinned_group is not None:
            reason = "ts_reason_pinned"
        elif len(data.allowed) == 1:
            reason = "ts_reason_only"
        elif costs[group] > best:
            reason = "ts_reason_capacity"
        elif unit.task_sharing.cost_basis is CostBasis.RANK:
            reason = "ts_reason_lowest"
        else:
            reason = "ts_reason_cheapest"
        training = data.training.get(group)
        entries.append(
            AllocationEntry(
                task_id=data.task.id,
                group=group,
                hours_per_week=data.hours_week,
                training_needed=training or None,
                reason=reason,
            )
        )
        if group in data.training:
            needs.append(
                TrainingNeed(
                    group=group,
                    task_id=data.task.id,
                    task_name=data.task.name,
                    training=training or "",
                    hours_per_week=data.hours_week,
                )
            )
    return TaskAllocation(unit_id=unit.id, entries=entries), needs


def _pinned_training_notes(unit: Unit, prepared: list[_TaskData]) -> list[Explanation]:
    notes = []
    for data in prepared:
        group = data.task.pinned_group
        if (
            group is not None
            and group in data.training
            and not unit.task_sharing.training_is_planned(group, data.task.id)
        ):
            notes.append(
                Explanation(
                    key="ts_pinned_training",
                    context={
                        "task": data.task.name,
                        "group": unit.group(group).name,
                        "training": data.training[group],
                    },
                )
            )
    return notes


def _infeasible(
    unit: Unit, problems: list[Explanation], notes: list[Explanation], started: float
) -> AllocationResult:
    return AllocationResult(
        unit_id=unit.id,
        status=AllocationStatus.INFEASIBLE,
        explanation=[Explanation(key="ts_infeasible_header"), *problems],
        notes=notes,
        solve_seconds=time.perf_counter() - started,
    )


def _as_is(unit: Unit, started: float) -> AllocationResult:
    """Task sharing disabled: every task stays with today's group (else the lowest allowed group)."""
    entries, needs = [], []
    for task in unit.tasks:
        hours = weekly_hours(task_hours_per_day(unit, task))
        if task.current_group is not None:
            group, reason, training = task.current_group, "ts_reason_as_is", None
        else:
            allowed, needs_training = allowed_groups(unit, task)
            candidates = allowed or unit.eligible_groups(task, with_training=True)
            group, reason = candidates[-1], "ts_reason_as_is_missing"
            training = needs_training.get(group)
            if training is not None:
                needs.append(
                    TrainingNeed(
                        group=group,
                        task_id=task.id,
                        task_name=task.name,
                        training=training,
                        hours_per_week=hours,
                    )
                )
        entries.append(
            AllocationEntry(
                task_id=task.id, group=group, hours_per_week=hours, training_needed=training, reason=reason
            )
        )
    allocation = TaskAllocation(unit_id=unit.id, entries=entries)
    return AllocationResult(
        unit_id=unit.id,
        status=AllocationStatus.AS_IS,
        allocation=allocation,
        training_needs=needs,
        comparison=compare_as_is(unit, allocation),
        solve_seconds=time.perf_counter() - started,
    )
