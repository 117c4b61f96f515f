"""Employees of the unit. Personal data: never log these fields."""

from __future__ import annotations

from pydantic import Field, model_validator

from .base import DomainModel, Identifier, Name, domain_error
from .enums import WorkArrangement


class Employee(DomainModel):
    id: Identifier
    name: Name
    group: Identifier
    position_pct: float = Field(gt=0, le=100, description="Stillingsprosent")
    arrangement: WorkArrangement = WorkArrangement.THREE_SHIFT
    weekly_hours: float | None = Field(
        default=None, gt=0, le=60, description="Weekly-hours basis; default from the rule set by arrangement"
    )
    competences: list[Identifier] = Field(default_factory=list)
    long_shift_volunteer: bool = False
    birth_year: int | None = Field(default=None, ge=1930, le=2015)
    aged_60_plus: bool = Field(default=False, description="Entitled to the extra vacation week")
    works_nights: bool = True

    @model_validator(mode="after")
    def _consistent_age(self) -> Employee:
        if self.birth_year is not None and self.aged_60_plus and self.birth_year > 2000:
            raise domain_error(
                "employee_age_inconsistent", "employee '{id}': birth year and the 60+ flag disagree", id=self.id
            )
        return self

    @property
    def fte(self) -> float:
        return self.position_pct / 100

    def is_senior(self, year: int) -> bool:
        """Whether the employee has the extra vacation week (60+ during the year)."""
        return self.aged_60_plus or (self.birth_year is not None and year - self.birth_year >= 60)
