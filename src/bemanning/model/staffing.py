"""Staffing settings of a unit: safe minimums, skill mix and an optional fixed requirement."""

from __future__ import annotations

from pydantic import Field

from .base import DomainModel, Identifier
from .enums import DayType


class MinimumStaffing(DomainModel):
    """Forsvarlig minimum: the floor per shift and group, optionally per day type."""

    shift: Identifier
    group: Identifier
    minimum: int = Field(ge=0, le=100)
    day_types: list[DayType] = Field(default_factory=lambda: list(DayType))


class SkillMixRule(DomainModel):
    """At least ``minimum`` staff with ``competence`` on each of ``shifts`` (all shifts when empty)."""

    competence: Identifier
    minimum: int = Field(default=1, ge=1, le=20)
    shifts: list[Identifier] = Field(default_factory=list)
    description: str = ""


class RequirementEntry(DomainModel):
    """One line of a fixed bemanningsplan: heads per day type, shift and group."""

    day_type: DayType
    shift: Identifier
    group: Identifier
    required: int = Field(ge=0, le=100)


class StaffingSettings(DomainModel):
    minimums: list[MinimumStaffing] = Field(default_factory=list)
    skill_mix: list[SkillMixRule] = Field(default_factory=list)
    fixed_requirement: list[RequirementEntry] | None = Field(
        default=None, description="A given bemanningsplan; when set it replaces the computed requirement"
    )
    rostered_groups: list[Identifier] = Field(
        default_factory=list, description="Groups planned in the roster (default: groups with employees)"
    )
