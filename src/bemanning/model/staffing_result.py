"""Results of the staffing step: requirement details, FTE need and the long-term projection.

The chain contract ``StaffingRequirement`` lives in ``plans.py``; the types here are what it
and the FTE/projection engines carry besides the heads per shift.
"""

from __future__ import annotations

import datetime as dt
from typing import Any

from pydantic import Field, model_validator

from .base import DomainModel, Identifier, Name, domain_error
from .enums import DayType, WorkArrangement


class StaffingInputError(ValueError):
    """Input the staffing engines cannot use; ``key`` is an i18n message code, ``context`` its values."""

    def __init__(self, key: str, message: str, **context: Any):
        self.key = key
        self.context = context
        super().__init__(message.format(**context))


class Substitution(DomainModel):
    """Competence order: the heads required of ``group`` may be covered by ``covered_by`` (higher groups)."""

    group: Identifier
    covered_by: list[Identifier] = Field(default_factory=list)


class CareLevelCheck(DomainModel):
    """Care-level hours (patients × hours per patient-day) beside the plan's direct care, per day type."""

    day_type: DayType
    patients: float = Field(ge=0)
    care_level_hours: float = Field(ge=0)
    plan_direct_care_hours: float = Field(ge=0)
    floor_added_hours: float = Field(ge=0, description="Hours added because the care-level floor was higher")


class DayTypeCalendar(DomainModel):
    """How often each day type occurs in a reference year, and which dates are public holidays."""

    year: int = Field(ge=1900, le=2200)
    holidays: dict[dt.date, str] = Field(default_factory=dict)

    def day_type_of(self, date: dt.date) -> DayType:
        if date in self.holidays:
            return DayType.HOLIDAY
        if date.weekday() == 6:
            return DayType.SUNDAY
        if date.weekday() == 5:
            return DayType.SATURDAY
        return DayType.WEEKDAY

    def dates(self) -> list[dt.date]:
        first = dt.date(self.year, 1, 1)
        days = (dt.date(self.year + 1, 1, 1) - first).days
        return [first + dt.timedelta(days=i) for i in range(days)]

    def counts(self) -> dict[DayType, int]:
        out = {d: 0 for d in DayType}
        for date in self.dates():
            out[self.day_type_of(date)] += 1
        return out


class FteRow(DomainModel):
    """FTE need of one group, in FTE of that group's own weekly-hours basis."""

    group: Identifier
    arrangement: WorkArrangement
    weekly_hours: float = Field(gt=0)
    sunday_share: float = Field(ge=0, le=1)
    night_share: float = Field(ge=0, le=1)
    weekly_cover_hours: float = Field(ge=0, description="Paid hours per average week the requirement covers")
    fte_need: float = Field(ge=0)
    unavailability: float = Field(ge=0, lt=1)
    fte_need_with_absence: float = Field(ge=0)
    fte_current: float = Field(ge=0)
    gap_fte: float = Field(description="Need with absence minus current positions; positive = shortage")
    gap_hours_per_year: float = Field(description="gap_fte × the group's own annual hours per FTE")
    annual_hours_per_fte: float = Field(
        default=0.0, ge=0, description="The group's own annual hours per FTE (rule set, by its weekly hours)"
    )


class Unavailability(DomainModel):
    """Shares of the year a position is not available for the roster."""

    vacation: float = Field(ge=0, lt=1)
    sick_leave: float = Field(ge=0, lt=1)
    courses: float = Field(ge=0, lt=1)
    other: float = Field(ge=0, lt=1)

    @property
    def total(self) -> float:
        return self.vacation + self.sick_leave + self.courses + self.other


class FteResult(DomainModel):
    unit_id: Identifier
    year: int
    fte_year_hours: float = Field(gt=0, description="The FTE-year convention every report shows")
    rows: list[FteRow] = Field(default_factory=list)

    def row(self, group: str) -> FteRow:
        return next(r for r in self.rows if r.group == group)

    @property
    def total_need_with_absence(self) -> float:
        return sum(r.fte_need_with_absence for r in self.rows)


class AgeGroupGrowth(DomainModel):
    """Share of today's activity from one age group and that group's yearly growth (population projection)."""

    name: Name
    activity_share: float = Field(ge=0, le=1)
    annual_growth: float = Field(ge=-0.5, le=0.5)


class GrowthModel(DomainModel):
    """Activity growth: the activity factor in year ``y`` is Σ share × (1 + growth)^y over the age groups."""

    age_groups: list[AgeGroupGrowth]

    @model_validator(mode="after")
    def _shares_sum_to_one(self) -> GrowthModel:
        total = sum(a.activity_share for a in self.age_groups)
        if not self.age_groups or abs(total - 1.0) > 1e-6:
            raise domain_error(
                "growth_shares_not_one",
                "age-group activity shares sum to {total}, not 1",
                total=round(total, 4),
            )
        return self

    @classmethod
    def uniform(cls, annual_growth: float) -> GrowthModel:
        return cls(age_groups=[AgeGroupGrowth(name="alle", activity_share=1.0, annual_growth=annual_growth)])

    def factor(self, year: int) -> float:
        return sum(a.activity_share * (1 + a.annual_growth) ** year for a in self.age_groups)


class ProjectionRow(DomainModel):
    year: int = Field(ge=0, le=100)
    group: Identifier
    activity_factor: float = Field(gt=0)
    fte_need: float = Field(ge=0, description="With the measures (task sharing, long shifts)")
    fte_need_with_absence: float = Field(ge=0)
    fte_need_without_measures: float = Field(ge=0, description="As-is allocation, no long shifts")
    fte_need_without_measures_with_absence: float = Field(ge=0)


class Projection(DomainModel):
    unit_id: Identifier
    fte_year_hours: float = Field(gt=0)
    rows: list[ProjectionRow] = Field(default_factory=list)

    def total(self, year: int, *, with_measures: bool = True, with_absence: bool = True) -> float:
        rows = [r for r in self.rows if r.year == year]
        if with_measures:
            return sum(r.fte_need_with_absence if with_absence else r.fte_need for r in rows)
        return sum(
            r.fte_need_without_measures_with_absence if with_absence else r.fte_need_without_measures
            for r in rows
        )
