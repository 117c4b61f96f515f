"""The unit's activity: occupancy, care levels and activity drivers."""

from __future__ import annotations

from pydantic import Field, model_validator

from .base import DomainModel, Identifier, Name, domain_error, ensure_unique
from .enums import DayType, FrequencyBasis, Weekday


class WeekdayValues(DomainModel):
    """A number per weekday (patients, admissions, ...)."""

    mon: float = Field(default=0, ge=0)
    tue: float = Field(default=0, ge=0)
    wed: float = Field(default=0, ge=0)
    thu: float = Field(default=0, ge=0)
    fri: float = Field(default=0, ge=0)
    sat: float = Field(default=0, ge=0)
    sun: float = Field(default=0, ge=0)

    def of(self, day: Weekday) -> float:
        return float(getattr(self, day.value))

    def for_day_type(self, day_type: DayType) -> float:
        """Typical value for a day type: mean of Mon-Fri for weekdays; Sunday for Sunday and holidays."""
        if day_type is DayType.WEEKDAY:
            return sum(self.of(d) for d in list(Weekday)[:5]) / 5
        if day_type is DayType.SATURDAY:
            return self.sat
        return self.sun

    def total(self) -> float:
        return sum(self.of(d) for d in Weekday)

    def scaled(self, factor: float) -> WeekdayValues:
        return WeekdayValues(**{d.value: self.of(d) * factor for d in Weekday})


class CareLevel(DomainModel):
    """A level of the unit's own acuity scale: hours of direct care per patient-day."""

    id: Identifier
    name: Name
    hours_per_patient_day: float = Field(ge=0, le=24)


class Activity(DomainModel):
    beds: int = Field(ge=1, le=500)
    occupancy: WeekdayValues = Field(description="Patients per weekday (midnight census)")
    care_levels: list[CareLevel] = Field(default_factory=list)
    patient_mix: dict[Identifier, float] = Field(default_factory=dict, description="Share of patients per care level")
    admissions: WeekdayValues = Field(default_factory=WeekdayValues)
    discharges: WeekdayValues = Field(default_factory=WeekdayValues)
    operations: WeekdayValues = Field(default_factory=WeekdayValues)
    outpatient_visits: WeekdayValues = Field(default_factory=WeekdayValues)

    @model_validator(mode="after")
    def _check(self) -> Activity:
        ensure_unique(self.care_levels, "id", "care level")
        levels = {c.id for c in self.care_levels}
        for level in self.patient_mix:
            if level not in levels:
                raise domain_error("unknown_care_level", "unknown care level '{level}'", level=level)
        if self.patient_mix and abs(sum(self.patient_mix.values()) - 1.0) > 1e-6:
            raise domain_error(
                "patient_mix_not_one",
                "patient mix shares sum to {total}, not 1",
                total=round(sum(self.patient_mix.values()), 4),
            )
        return self

    def driver(self, basis: FrequencyBasis) -> WeekdayValues | None:
        """Per-weekday count of the activity a task frequency is per (None for time-based bases)."""
        return {
            FrequencyBasis.PATIENT_DAY: self.occupancy,
            FrequencyBasis.ADMISSION: self.admissions,
            FrequencyBasis.DISCHARGE: self.discharges,
            FrequencyBasis.OPERATION: self.operations,
            FrequencyBasis.OUTPATIENT_VISIT: self.outpatient_visits,
        }.get(basis)

    def care_hours_per_patient_day(self) -> float:
        """Mean direct-care hours per patient-day under the patient mix."""
        by_id = {c.id: c.hours_per_patient_day for c in self.care_levels}
        return sum(share * by_id[level] for level, share in self.patient_mix.items())
