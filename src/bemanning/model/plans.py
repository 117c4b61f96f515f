"""Results that flow along the chain: allocation → activity plan → requirement → roster.

These are the contracts between the planning engines; each engine may add fields, but
keep the ones here stable.
"""

from __future__ import annotations

import datetime as dt

from pydantic import Field

from .base import DomainModel, Identifier
from .enums import DayType, TaskCategory, TimeInterval
from .planning_settings import Absence
from .staffing_result import CareLevelCheck, DayTypeCalendar, Substitution


class AllocationEntry(DomainModel):
    task_id: Identifier
    group: Identifier
    hours_per_week: float = Field(ge=0)
    training_needed: str | None = None
    reason: str = ""


class TaskAllocation(DomainModel):
    unit_id: Identifier
    entries: list[AllocationEntry] = Field(default_factory=list)

    def group_of(self, task_id: str) -> str:
        return next(e.group for e in self.entries if e.task_id == task_id)


class ActivityPlanEntry(DomainModel):
    """Hours of work per day of ``day_type`` for one group, interval and category."""

    group: Identifier
    interval: TimeInterval
    category: TaskCategory
    day_type: DayType
    hours: float = Field(ge=0)


class ActivityPlan(DomainModel):
    """The døgnrytmeplan. Day types here: weekday, saturday, sunday (sunday also stands for holidays)."""

    unit_id: Identifier
    entries: list[ActivityPlanEntry] = Field(default_factory=list)

    def hours(
        self,
        *,
        group: str | None = None,
        interval: TimeInterval | None = None,
        category: TaskCategory | None = None,
        day_type: DayType | None = None,
    ) -> float:
        return sum(
            e.hours
            for e in self.entries
            if (group is None or e.group == group)
            and (interval is None or e.interval == interval)
            and (category is None or e.category == category)
            and (day_type is None or e.day_type == day_type)
        )


class RequirementRow(DomainModel):
    """Heads needed on one shift type for one group on one day type."""

    day_type: DayType
    shift: Identifier
    group: Identifier
    minimum: int = Field(ge=0)
    required: int = Field(ge=0)
    # Added by the staffing engine (planning/demand.py): where the heads come from.
    task_hours: float = Field(default=0, ge=0, description="Workload from the activity plan on this shift")
    care_floor_hours: float = Field(default=0, ge=0, description="Workload added by the care-level floor")
    from_workload: int = Field(default=0, ge=0, description="Heads the workload alone needs")
    shared_hours: float = Field(
        default=0, ge=0, description="Workload done in the spare time of a more competent group on the shift"
    )
    reason: str = Field(default="", description="workload | minimum | skill_mix | fixed")


class DatedRequirementRow(DomainModel):
    """Heads needed on one shift type for one group on one calendar date (requirement per date)."""

    date: dt.date
    shift: Identifier
    group: Identifier
    minimum: int = Field(ge=0)
    required: int = Field(ge=0)


class StaffingRequirement(DomainModel):
    unit_id: Identifier
    rows: list[RequirementRow] = Field(default_factory=list)
    # Per-date requirement (e.g. from planned activity, bemanning.integrations): a date with rows
    # here uses them instead of the day-type rows; other dates keep the day-type rows.
    dated_rows: list[DatedRequirementRow] = Field(default_factory=list)
    # Added by the staffing engine: competence-order substitution, care-level cross-check, calendar.
    substitutions: list[Substitution] = Field(default_factory=list)
    care_check: list[CareLevelCheck] = Field(default_factory=list)
    calendar: DayTypeCalendar | None = None
    fixed: bool = Field(default=False, description="True when the unit's fixed bemanningsplan was used")

    def required(self, day_type: DayType, shift: str, group: str) -> int:
        return sum(r.required for r in self.rows if r.day_type == day_type and r.shift == shift and r.group == group)


class Assignment(DomainModel):
    """One worked shift: ``employee_id`` works ``shift_code`` starting on ``date``."""

    employee_id: Identifier
    date: dt.date
    shift_code: Identifier


class Roster(DomainModel):
    """A roster over ``start_date`` .. ``start_date + days - 1``. A cyclic roster wraps around."""

    unit_id: Identifier
    start_date: dt.date
    days: int = Field(ge=1, le=3 * 366)
    cyclic: bool = False
    assignments: list[Assignment] = Field(default_factory=list)
    # Registered absence inside the period (roster files carry it as absence-code rows); the checker
    # adds it to the unit's own absences.
    absences: list[Absence] = Field(default_factory=list)

    @property
    def end_date(self) -> dt.date:
        return self.start_date + dt.timedelta(days=self.days - 1)

    def dates(self) -> list[dt.date]:
        return [self.start_date + dt.timedelta(days=i) for i in range(self.days)]

    def shift_on(self, employee_id: str, date: dt.date) -> str | None:
        for a in self.assignments:
            if a.employee_id == employee_id and a.date == date:
                return a.shift_code
        return None

    def absence_on(self, employee_id: str, date: dt.date) -> Absence | None:
        return next((a for a in self.absences if a.employee == employee_id and a.covers(date)), None)

    def by_employee(self) -> dict[str, dict[dt.date, str]]:
        out: dict[str, dict[dt.date, str]] = {}
        for a in self.assignments:
            out.setdefault(a.employee_id, {})[a.date] = a.shift_code
        return out
