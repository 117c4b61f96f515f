"""Settings of the task-sharing step (oppgavedeling): capacity, planned training, cost basis."""

from __future__ import annotations

from enum import StrEnum

from pydantic import Field

from .base import DomainModel, Identifier
from .enums import DayType, TimeInterval


class CostBasis(StrEnum):
    HOURLY_COST = "hourly_cost"  # minimise NOK: group hourly pay × hours
    RANK = "rank"  # minimise competence used: the lowest group that may do a task


class GroupCapacity(DomainModel):
    """Hours per day a group can give to tasks in an interval on the given day types (0 = not present)."""

    group: Identifier
    interval: TimeInterval
    day_types: list[DayType] = Field(default_factory=lambda: list(DayType))
    hours_per_day: float = Field(ge=0, le=10_000)


class TrainingPlan(DomainModel):
    """Training the scenario plans: ``group`` is trained for ``tasks`` (all its training tasks when empty)."""

    group: Identifier
    tasks: list[Identifier] = Field(default_factory=list)


class TaskSharingSettings(DomainModel):
    enabled: bool = Field(default=True, description="False: keep today's allocation (as-is)")
    cost_basis: CostBasis = CostBasis.RANK
    capacities: list[GroupCapacity] = Field(default_factory=list)
    training_planned: list[TrainingPlan] = Field(default_factory=list)
    nurse_groups: list[Identifier] = Field(
        default_factory=list,
        description="Groups counted as nurses in the as-is/to-be report (default: derived from medication tasks)",
    )
    solver_time_limit_s: float = Field(default=30.0, gt=0, le=3600, description="Time limit of the allocation solve")

    def training_is_planned(self, group: str, task: str) -> bool:
        return any(p.group == group and (not p.tasks or task in p.tasks) for p in self.training_planned)
