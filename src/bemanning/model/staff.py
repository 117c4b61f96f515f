"""Employees of the unit. Personal data: never log these fields."""

from __future__ import annotations

import datetime as dt

from pydantic import Field, model_validator

from .base import DomainModel, Identifier, Name, domain_error
from .enums import WorkArrangement


class Certification(DomainModel):
    """A documented competence (from the competence portal) valid from ``valid_from`` to ``valid_to``,
    both days included; an empty end never expires, an empty start has always held."""

    competence: Identifier
    valid_from: dt.date | None = None
    valid_to: dt.date | None = None

    @model_validator(mode="after")
    def _ordered(self) -> Certification:
        if self.valid_from is not None and self.valid_to is not None and self.valid_to < self.valid_from:
            raise domain_error(
                "certification_ends_before_start",
                "certification '{competence}': valid to {end} is before valid from {start}",
                competence=self.competence,
                start=self.valid_from.isoformat(),
                end=self.valid_to.isoformat(),
            )
        return self

    def valid_on(self, day: dt.date) -> bool:
        return (self.valid_from is None or self.valid_from <= day) and (self.valid_to is None or day <= self.valid_to)


class Employee(DomainModel):
    id: Identifier
    name: Name
    group: Identifier
    position_pct: float = Field(gt=0, le=100, description="Stillingsprosent")
    arrangement: WorkArrangement = WorkArrangement.THREE_SHIFT
    weekly_hours: float | None = Field(
        default=None, gt=0, le=60, description="Weekly-hours basis; default from the rule set by arrangement"
    )
    competences: list[Identifier] = Field(
        default_factory=list, description="Competences held on every day (no expiry recorded)"
    )
    certifications: list[Certification] = Field(
        default_factory=list,
        description="Dated competences (competence portal): each counts only on the days it is valid",
    )
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

    def holds(self, competence: str, day: dt.date) -> bool:
        """Whether the employee holds ``competence`` on ``day``: undated, or a certification valid that day."""
        return competence in self.competences or any(
            c.competence == competence and c.valid_on(day) for c in self.certifications
        )

    def competence_codes(self) -> set[str]:
        """Every competence the employee holds or has held on some day (undated or certified)."""
        return set(self.competences) | {c.competence for c in self.certifications}

    @property
    def fte(self) -> float:
        return self.position_pct / 100

    def is_senior(self, year: int) -> bool:
        """Whether the employee has the extra vacation week (60+ during the year)."""
        return self.aged_60_plus or (self.birth_year is not None and year - self.birth_year >= 60)
