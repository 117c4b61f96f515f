"""The region file: organisation tree (region → trust → clinic → unit), the staffing centre's pool
and the agency price list. Units keep their own unit files; the region file names them by path."""

from __future__ import annotations

import datetime as dt

from pydantic import Field, field_validator, model_validator

from .base import DomainModel, Identifier, Name, domain_error, ensure_unique
from .costs import AgencyPrice
from .rules import RuleSet

REGION_SCHEMA_VERSION = 1


class UnitRef(DomainModel):
    """One unit of a clinic: its id (must match the unit file's ``id``) and its unit file."""

    id: Identifier
    file: str = Field(min_length=1, max_length=500, description="Path to the unit file, relative to the region file")
    kind: str = Field(default="", max_length=100, description="E.g. medical, surgical, intensive care")
    # Competences a pool employee must hold to be placed here (e.g. intensive care).
    required_competences: list[Identifier] = Field(default_factory=list)
    # Part-timers' wishes for a larger position (employee id → wished position %), for the
    # agency pre-assessment (option "part-timer up to the wished position").
    position_wishes: dict[Identifier, float] = Field(default_factory=dict)

    @field_validator("position_wishes")
    @classmethod
    def _wishes(cls, value: dict[str, float]) -> dict[str, float]:
        for employee, pct in value.items():
            if not 0 < pct <= 100:
                raise domain_error("region_bad_wish", "wished position {pct} of {employee} is not in (0, 100]",
                                   pct=pct, employee=employee)
        return value


class Clinic(DomainModel):
    id: Identifier
    name: Name
    units: list[UnitRef] = Field(min_length=1)


class Trust(DomainModel):
    id: Identifier
    name: Name
    clinics: list[Clinic] = Field(min_length=1)


class PoolEmployee(DomainModel):
    """A staffing-centre employee. Position 0 % is an on-call substitute (tilkallingsvikar)."""

    id: Identifier
    name: Name
    group: Identifier
    position_pct: float = Field(ge=0, le=100)
    competences: list[Identifier] = Field(default_factory=list)
    units: list[Identifier] = Field(min_length=1, description="Units this employee may work in")
    max_units_per_week: int = Field(default=2, ge=1, le=7)
    orientation_needed: list[Identifier] = Field(
        default_factory=list, description="Permitted units where orientation is still to be given"
    )
    works_nights: bool = True
    weekly_hours: float | None = Field(default=None, gt=0, le=60)

    @model_validator(mode="after")
    def _check(self) -> PoolEmployee:
        missing = [u for u in self.orientation_needed if u not in self.units]
        if missing:
            raise domain_error("region_orientation_not_permitted",
                               "orientation needed at {unit}, which is not among the employee's units",
                               unit=missing[0])
        return self


class Pool(DomainModel):
    name: Name = "Bemanningssenter"
    hourly_price: dict[Identifier, float] = Field(default_factory=dict, description="NOK per hour per group")
    employees: list[PoolEmployee] = Field(default_factory=list)

    @field_validator("employees")
    @classmethod
    def _unique(cls, value: list[PoolEmployee]) -> list[PoolEmployee]:
        ensure_unique(value, "id", "pool employee")
        return value


class RegionPeriod(DomainModel):
    """The calendar period every unit and the pool are planned for."""

    start: dt.date = Field(description="A Monday")
    weeks: int = Field(ge=1, le=26)

    @field_validator("start")
    @classmethod
    def _monday(cls, value: dt.date) -> dt.date:
        if value.weekday() != 0:
            raise domain_error("region_start_not_monday", "period start {date} is not a Monday",
                               date=value.isoformat())
        return value

    @property
    def end(self) -> dt.date:
        return self.start + dt.timedelta(days=7 * self.weeks - 1)


class RegionFile(DomainModel):
    schema_version: int = REGION_SCHEMA_VERSION
    id: Identifier
    name: Name
    period: RegionPeriod
    trusts: list[Trust] = Field(min_length=1)
    pool: Pool = Field(default_factory=Pool)
    agency: dict[Identifier, AgencyPrice] = Field(default_factory=dict, description="Agency prices per group")
    # The pool's rule set (AML and agreements): overrides as in a unit file.
    rules: RuleSet = Field(default_factory=RuleSet)

    @model_validator(mode="after")
    def _check(self) -> RegionFile:
        ensure_unique(self.trusts, "id", "trust")
        refs = self.unit_refs()
        ensure_unique(refs, "id", "unit")
        known = {r.id for r in refs}
        for employee in self.pool.employees:
            for unit in employee.units:
                if unit not in known:
                    raise domain_error("region_unknown_unit",
                                       "pool employee {employee} names unit '{unit}', which is not in the region",
                                       employee=employee.id, unit=unit)
        return self

    def unit_refs(self) -> list[UnitRef]:
        return [u for t in self.trusts for c in t.clinics for u in c.units]

    def place_of(self) -> dict[str, tuple[Trust, Clinic]]:
        """unit id → (trust, clinic)."""
        return {u.id: (t, c) for t in self.trusts for c in t.clinics for u in c.units}
