"""Small units for the roster tests."""

from __future__ import annotations

import datetime as dt
from datetime import time

from bemanning.model import (
    Activity,
    Assignment,
    Employee,
    MinimumStaffing,
    ProfessionalGroup,
    Roster,
    RosterSettings,
    ShiftKind,
    ShiftType,
    StaffingSettings,
    Unit,
    WeekdayValues,
    WorkArrangement,
)

START = dt.date(2027, 1, 4)  # a Monday


def small_unit(
    *,
    nurses: int = 3,
    helpers: int = 3,
    weeks: int = 2,
    pct: tuple[float, ...] = (100, 80, 75),
    minimum: int = 1,
    day_worker: bool = False,
    **roster: object,
) -> Unit:
    employees = [
        Employee(
            id=f"S{i}",
            name=f"Sykepleier {i}",
            group="spl",
            position_pct=pct[i % len(pct)],
            competences=["legemiddel"],
        )
        for i in range(nurses)
    ]
    employees += [
        Employee(id=f"H{i}", name=f"Helsefag {i}", group="hfa", position_pct=pct[(i + 1) % len(pct)])
        for i in range(helpers)
    ]
    if day_worker:
        employees.append(
            Employee(
                id="K0",
                name="Kontor",
                group="hfa",
                position_pct=100,
                arrangement=WorkArrangement.DAY,
                works_nights=False,
            )
        )
    shifts = [
        ShiftType(code="D", name="Dag", kind=ShiftKind.DAY, start=time(7), end=time(15)),
        ShiftType(code="A", name="Aften", kind=ShiftKind.EVENING, start=time(14, 30), end=time(22)),
        ShiftType(
            code="N", name="Natt", kind=ShiftKind.NIGHT, start=time(21, 45), end=time(7, 15), overnight=True
        ),
    ]
    if day_worker:  # 7.5 h: a day worker's contract week is 5 × 7.5 h
        shifts.append(ShiftType(code="K", name="Kontor", kind=ShiftKind.DAY, start=time(8), end=time(15, 30)))
    return Unit(
        id="test",
        name="Testpost",
        groups=[
            ProfessionalGroup(id="spl", name="Sykepleier", rank=1),
            ProfessionalGroup(id="hfa", name="Helsefagarbeider", rank=2),
        ],
        shift_types=shifts,
        employees=employees,
        activity=Activity(beds=10, occupancy=WeekdayValues(mon=8, tue=8, wed=8, thu=8, fri=8, sat=8, sun=8)),
        staffing=StaffingSettings(
            minimums=[
                MinimumStaffing(shift="D", group="spl", minimum=minimum),
                MinimumStaffing(shift="D", group="hfa", minimum=minimum),
                MinimumStaffing(shift="A", group="spl", minimum=minimum),
                MinimumStaffing(shift="N", group="spl", minimum=minimum),
            ]
        ),
        roster=RosterSettings(cycle_weeks=weeks, start_date=START, **roster),  # type: ignore[arg-type]
    )


def with_shift(roster: Roster, employee: str, date: dt.date, code: str | None) -> Roster:
    kept = [a for a in roster.assignments if not (a.employee_id == employee and a.date == date)]
    if code is not None:
        kept.append(Assignment(employee_id=employee, date=date, shift_code=code))
    return roster.model_copy(update={"assignments": kept})
