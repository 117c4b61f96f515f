"""Per-person limits on shift types (local agreements): counts and shares per settlement period."""

from __future__ import annotations

from pydantic import Field, model_validator

from .base import DomainModel, Identifier, Name, domain_error


class ShiftLimit(DomainModel):
    """At most ``max_count`` shifts of ``shifts``, and/or at most ``max_share`` of the person's own
    shifts, for each employee it applies to, in each period of ``period_weeks`` weeks from the plan's
    start (empty: the whole plan). Applies to ``employees`` and the members of ``groups``; both empty:
    everyone. Example: long shifts at most 30 % of each volunteer's shifts; at most 2 long days per
    6 weeks. The numbers are a local agreement: ``reference`` names it in every report."""

    id: Identifier
    shifts: list[Identifier] = Field(min_length=1)
    max_count: int | None = Field(default=None, ge=0, le=366)
    max_share: float | None = Field(default=None, ge=0, le=1)
    period_weeks: int | None = Field(default=None, ge=1, le=52)
    groups: list[Identifier] = Field(default_factory=list)
    employees: list[Identifier] = Field(default_factory=list)
    reference: Name = "Lokal avtale"
    hard: bool = True
    weight: int = Field(default=100, ge=1, le=1_000_000, description="Penalty per shift over the limit when soft")

    @model_validator(mode="after")
    def _some_limit(self) -> ShiftLimit:
        if self.max_count is None and self.max_share is None:
            raise domain_error(
                "shift_limit_empty", "shift limit '{id}' needs max_count or max_share", id=self.id
            )
        return self

    def applies_to(self, employee: str, group: str) -> bool:
        if not self.groups and not self.employees:
            return True
        return employee in self.employees or group in self.groups
