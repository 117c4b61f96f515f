"""Helpers for the staffing tests: small units and activity plans built directly (no allocation engine)."""

from __future__ import annotations

from datetime import time

from bemanning.model import (
    Activity,
    ActivityPlan,
    ActivityPlanEntry,
    DayPattern,
    DayType,
    Employee,
    FrequencyBasis,
    ProfessionalGroup,
    ShiftKind,
    ShiftType,
    StaffingSettings,
    TaskCategory,
    TimeInterval,
    Unit,
    WeekdayValues,
    WorkArrangement,
)

PLAN_DAY_TYPES = (DayType.WEEKDAY, DayType.SATURDAY, DayType.SUNDAY)


def shifts_dan() -> list[ShiftType]:
    return [
        ShiftType(code="D", name="Dag", kind=ShiftKind.DAY, start=time(7, 0), end=time(15, 0)),
        ShiftType(code="A", name="Aften", kind=ShiftKind.EVENING, start=time(15, 0), end=time(23, 0)),
        ShiftType(
            code="N", name="Natt", kind=ShiftKind.NIGHT, start=time(23, 0), end=time(7, 0), overnight=True
        ),
    ]


def make_unit(
    *,
    shifts: list[ShiftType] | None = None,
    employees: list[Employee] | None = None,
    staffing: StaffingSettings | None = None,
    occupancy: float = 20,
    rules: dict[str, object] | None = None,
    care: bool = True,
) -> Unit:
    groups = [
        ProfessionalGroup(id="spl", name="Sykepleier", rank=1),
        ProfessionalGroup(id="hfa", name="Helsefagarbeider", rank=2),
        ProfessionalGroup(id="sek", name="Sekretær", rank=3),
    ]
    from bemanning.model import CareLevel

    activity = Activity(
        beds=30,
        occupancy=WeekdayValues(**{d: occupancy for d in ("mon", "tue", "wed", "thu", "fri", "sat", "sun")}),
        care_levels=[
            CareLevel(id="a", name="A", hours_per_patient_day=3.0),
            CareLevel(id="b", name="B", hours_per_patient_day=6.0),
        ]
        if care
        else [],
        patient_mix={"a": 0.5, "b": 0.5} if care else {},
    )
    return Unit(
        id="test-unit",
        name="Testpost",
        groups=groups,
        shift_types=shifts or shifts_dan(),
        employees=employees if employees is not None else [],
        activity=activity,
        staffing=staffing or StaffingSettings(),
        rules=rules or {},  # type: ignore[arg-type]
    )


def employee(
    i: int,
    group: str,
    *,
    pct: float = 100,
    arrangement: WorkArrangement = WorkArrangement.THREE_SHIFT,
    competences: list[str] | None = None,
    nights: bool = True,
    volunteer: bool = False,
    senior: bool = False,
) -> Employee:
    return Employee(
        id=f"E{i}",
        name=f"Ansatt {i}",
        group=group,
        position_pct=pct,
        arrangement=arrangement,
        competences=competences or [],
        works_nights=nights,
        long_shift_volunteer=volunteer,
        aged_60_plus=senior,
    )


def plan_of(entries: list[tuple[str, TimeInterval, TaskCategory, DayType, float]]) -> ActivityPlan:
    return ActivityPlan(
        unit_id="test-unit",
        entries=[
            ActivityPlanEntry(group=g, interval=i, category=c, day_type=d, hours=h)
            for g, i, c, d, h in entries
        ],
    )


def uniform_plan(
    group: str, interval: TimeInterval, hours: float, category: TaskCategory = TaskCategory.PATIENT_CARE
) -> ActivityPlan:
    return plan_of([(group, interval, category, d, hours) for d in PLAN_DAY_TYPES])


def as_is_plan(unit: Unit, *, use_current: bool = True) -> ActivityPlan:
    """A simple activity plan from the unit's tasks on today's group (stand-in for the plan engine)."""
    entries: dict[tuple[str, TimeInterval, TaskCategory, DayType], float] = {}
    for task in unit.tasks:
        group = (task.current_group if use_current else None) or task.eligible_groups[0]
        for day_type in PLAN_DAY_TYPES:
            if not task.days.occurs_on(day_type):
                continue
            driver = unit.activity.driver(task.per)
            if driver is not None:
                count = driver.for_day_type(day_type)
            elif task.per is FrequencyBasis.SHIFT:
                count = 3
            elif task.per is FrequencyBasis.WEEK:
                count = 1 / (5 if task.days is DayPattern.WEEKDAYS else 7)
            else:
                count = 1
            key = (group, task.interval, task.category, day_type)
            entries[key] = entries.get(key, 0.0) + task.minutes * task.frequency * count / 60
    return ActivityPlan(
        unit_id=unit.id,
        entries=[
            ActivityPlanEntry(group=g, interval=i, category=c, day_type=d, hours=h)
            for (g, i, c, d), h in entries.items()
        ],
    )
