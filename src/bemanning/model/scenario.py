"""Scenarios: a named list of changes to a unit, to compare measures side by side (seed 003).

Each change is one small type with a ``type`` tag, so a scenario file reads like a list of
decisions: turn task sharing on, allow 30 % long shifts, convert 2 nurse FTE into 3 HFA FTE,
raise part-time positions to full time, assume another sick-leave level or occupancy.
"""

from __future__ import annotations

from typing import Annotated, Literal

from pydantic import Field, model_validator

from .base import DomainModel, Identifier, Name, domain_error
from .task_sharing import TrainingPlan


class TaskSharingChange(DomainModel):
    """Task sharing on or off; optionally with a given training plan (replaces the unit's)."""

    type: Literal["task_sharing"] = "task_sharing"
    enabled: bool = True
    training_planned: list[TrainingPlan] | None = None


class LongShiftChange(DomainModel):
    """Allow long shifts up to ``max_share``; ``volunteers`` are employee ids or group ids.
    With ``only_these_volunteers`` everyone else stops volunteering."""

    type: Literal["long_shifts"] = "long_shifts"
    max_share: float = Field(ge=0, le=1)
    volunteers: list[Identifier] = Field(default_factory=list)
    only_these_volunteers: bool = False


class ConvertPositions(DomainModel):
    """Convert ``from_fte`` FTE of ``from_group`` into ``to_fte`` FTE of ``to_group``
    (e.g. 2 nurse FTE → 3 HFA FTE)."""

    type: Literal["convert_positions"] = "convert_positions"
    from_group: Identifier
    to_group: Identifier
    from_fte: float = Field(ge=0, le=500)
    to_fte: float = Field(ge=0, le=500)

    @model_validator(mode="after")
    def _different_groups(self) -> ConvertPositions:
        if self.from_group == self.to_group:
            raise domain_error("scenario_same_group", "a conversion needs two different groups")
        return self


class FullTimeChange(DomainModel):
    """Raise part-time positions to ``target_pct`` (in ``groups``; all groups when empty)."""

    type: Literal["full_time"] = "full_time"
    target_pct: float = Field(default=100, gt=0, le=100)
    groups: list[Identifier] = Field(default_factory=list)


class SickLeaveChange(DomainModel):
    """Assume another sick-leave share (rule setting ``sick_leave_share``)."""

    type: Literal["sick_leave"] = "sick_leave"
    share: float = Field(ge=0, le=0.5)


class OccupancyChange(DomainModel):
    """Scale occupancy (and, with ``scale_flows``, admissions and discharges) by ``factor``;
    occupancy never exceeds the number of beds."""

    type: Literal["occupancy"] = "occupancy"
    factor: float = Field(gt=0, le=5)
    scale_flows: bool = True


Change = Annotated[
    TaskSharingChange | LongShiftChange | ConvertPositions | FullTimeChange | SickLeaveChange
    | OccupancyChange,
    Field(discriminator="type"),
]


class Scenario(DomainModel):
    name: Name
    description: str = ""
    baseline: bool = Field(default=False, description="The scenario the others are compared with")
    changes: list[Change] = Field(default_factory=list)


class ScenarioSet(DomainModel):
    scenarios: list[Scenario] = Field(min_length=1)

    @model_validator(mode="after")
    def _check(self) -> ScenarioSet:
        names = [s.name for s in self.scenarios]
        duplicate = next((n for n in names if names.count(n) > 1), None)
        if duplicate is not None:
            raise domain_error("scenario_duplicate_name", "scenario '{name}' appears twice", name=duplicate)
        if sum(s.baseline for s in self.scenarios) > 1:
            raise domain_error("scenario_two_baselines", "only one scenario may be the baseline")
        return self

    @property
    def baseline(self) -> Scenario:
        """The marked baseline, else the first scenario."""
        return next((s for s in self.scenarios if s.baseline), self.scenarios[0])
