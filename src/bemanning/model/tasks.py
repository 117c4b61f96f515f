"""Tasks of the ward (oppgavekartlegging), as in the seed-004 mapping form."""

from __future__ import annotations

from pydantic import Field, model_validator

from .base import DomainModel, Identifier, Name, domain_error
from .enums import DayPattern, FrequencyBasis, TaskCategory, TimeInterval


class Task(DomainModel):
    """One task of the ward.

    ``eligible_groups`` are the groups marked for the task in the form (the competence the
    task needs); groups higher in the competence order may take it too unless listed in
    ``excluded_groups``. ``training`` names training or certification a group needs before it
    may take the task over; such a group is eligible only when training is planned.
    """

    id: Identifier
    name: Name
    category: TaskCategory
    interval: TimeInterval
    minutes: float = Field(gt=0, le=24 * 60, description="Minutes per occurrence")
    frequency: float = Field(default=1.0, gt=0, le=10_000, description="Occurrences per basis unit")
    per: FrequencyBasis = FrequencyBasis.DAY
    days: DayPattern = DayPattern.ALL
    eligible_groups: list[Identifier] = Field(default_factory=list)
    training: dict[Identifier, Name] = Field(default_factory=dict)
    excluded_groups: list[Identifier] = Field(default_factory=list)
    required_competence: Identifier | None = None
    current_group: Identifier | None = Field(default=None, description="Who does the task today (as-is)")
    pinned_group: Identifier | None = Field(default=None, description="Group the user fixes the task to")

    @model_validator(mode="after")
    def _has_eligible_group(self) -> Task:
        if not self.eligible_groups and not self.training:
            raise domain_error("task_no_eligible_group", "task '{task}' has no eligible group", task=self.id)
        overlap = set(self.eligible_groups) & set(self.excluded_groups)
        if overlap:
            raise domain_error(
                "task_group_both_eligible_and_excluded",
                "task '{task}': group '{group}' is both eligible and excluded",
                task=self.id,
                group=sorted(overlap)[0],
            )
        return self
