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
    shift_types: list[Identifier] = Field(
        default_factory=list,
        description="Shift types this employee may work (empty: the group's); e.g. [N] for night-only",
    )
    weekend_every: int | None = Field(
        default=None, ge=1, le=12, description="Works at most one weekend in any this many (overrides the rule set)"
    )
    weekends_max: int | None = Field(
        default=None, ge=0, le=53, description="Works at most this many weekends of any `weekends_window`"
    )
    weekends_window: int | None = Field(default=None, ge=1, le=53, description="Weekends counted for `weekends_max`")

    @model_validator(mode="after")
    def _consistent_age(self) -> Employee:
        if self.birth_year is not None and self.aged_60_plus and self.birth_year > 2000:
            raise domain_error(
                "employee_age_inconsistent", "employee '{id}': birth year and the 60+ flag disagree", id=self.id
            )
        if (self.weekends_max is None) != (self.weekends_window is None):
            raise domain_error(
                "employee_weekends_pair",
                "employee '{id}': give both weekends_max and weekends_window, or neither",
                id=self.id,
            )
        if self.weekends_max is not None and self.weekends_window is not None and (
            self.weekends_max > self.weekends_window
        ):
            raise domain_error(
                "weekends_max_above_window",
                "{where}: at most {max} of {window} weekends: the first number is larger than the second",
                where=f"employee '{self.id}'",
                max=self.weekends_max,
                window=self.weekends_window,
            )
        return self

    @property
    def fte(self) -> float:
        return self.position_pct / 100

    def is_senior(self, year: int) -> bool:
        """Whether the employee has the extra vacation week (60+ during the year)."""
        return self.aged_60_plus or (self.birth_year is not None and year - self.birth_year >= 60)
