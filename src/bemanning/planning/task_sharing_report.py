"""As-is versus to-be: hours moved between groups, nurse time freed, nurse FTE and patients per nurse."""

from __future__ import annotations

from bemanning.model import TaskCategory, Unit
from bemanning.model.plans import TaskAllocation
from bemanning.model.task_sharing_result import AsIsComparison, HoursMoved

WEEKLY_HOURS_RULE = "weekly_hours_three_shift_max"
MEDICATION_COMPETENCE = "legemiddel"


def nurse_groups(unit: Unit) -> list[str]:
    """The groups counted as nurses.

    ``task_sharing.nurse_groups`` when given; otherwise every ranked group at least as competent as
    the lowest group that may hand out medication without training (tasks in the medication
    category or needing the ``legemiddel`` competence). In the demo: the two nurse groups.
    """
    known = {g.id for g in unit.groups}
    if unit.task_sharing.nurse_groups:
        return [g for g in unit.task_sharing.nurse_groups if g in known]
    lowest_rank = 0
    for task in unit.tasks:
        if task.category is TaskCategory.MEDICATION or task.required_competence == MEDICATION_COMPETENCE:
            for group_id in unit.eligible_groups(task, with_training=False):
                rank = unit.group(group_id).rank
                if rank is not None:
                    lowest_rank = max(lowest_rank, rank)
    return [g.id for g in unit.groups_by_rank() if g.rank is not None and g.rank <= lowest_rank]


def compare_as_is(unit: Unit, allocation: TaskAllocation) -> AsIsComparison:
    """Compare ``allocation`` with today's groups (``Task.current_group``)."""
    tasks = {t.id: t for t in unit.tasks}
    as_is: dict[str, float] = {}
    to_be: dict[str, float] = {}
    moves: dict[tuple[str, str], HoursMoved] = {}
    without: list[str] = []
    for entry in allocation.entries:
        to_be[entry.group] = to_be.get(entry.group, 0.0) + entry.hours_per_week
        current = tasks[entry.task_id].current_group
        if current is None:
            without.append(entry.task_id)
            continue
        as_is[current] = as_is.get(current, 0.0) + entry.hours_per_week
        if current != entry.group:
            move = moves.setdefault(
                (current, entry.group),
                HoursMoved(from_group=current, to_group=entry.group, hours_per_week=0.0),
            )
            move.hours_per_week += entry.hours_per_week
            move.tasks.append(entry.task_id)
    nurses = nurse_groups(unit)
    compared = [e for e in allocation.entries if e.task_id not in without]
    return AsIsComparison(
        hours_as_is=as_is,
        hours_to_be=to_be,
        moves=sorted(moves.values(), key=lambda m: -m.hours_per_week),
        tasks_without_current_group=without,
        nurse_groups=nurses,
        nurse_hours_as_is=sum(as_is.get(g, 0.0) for g in nurses),
        # Only tasks with a recorded current group, so that "freed" compares like with like.
        nurse_hours_to_be=sum(e.hours_per_week for e in compared if e.group in nurses),
        weekly_hours_rule=WEEKLY_HOURS_RULE,
        weekly_hours_basis=unit.rules.number(WEEKLY_HOURS_RULE),
        mean_patients=unit.activity.occupancy.total() / 7,
    )
