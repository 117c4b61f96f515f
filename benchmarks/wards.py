"""Test wards the engine is measured on, built from a few knobs so no single ward is tuned for:
size, cyclic or calendar horizon, long shifts for volunteers, day workers, part-timers and
vacation blocks. Each comes with an explicit requirement sized to its staff (about nine tenths
of what its contract hours can cover, minimums two thirds of that).

    from wards import WARDS, build_ward
    unit, requirement, period = build_ward(WARDS["icu-calendar"])
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass
from datetime import time

from bemanning.model import (
    Absence,
    Activity,
    DayType,
    Employee,
    MinimumStaffing,
    ProfessionalGroup,
    RequirementRow,
    RosterSettings,
    ShiftKind,
    ShiftType,
    StaffingRequirement,
    StaffingSettings,
    Unit,
    WeekdayValues,
    WorkArrangement,
)
from bemanning.planning.rostering import Period

START = dt.date(2027, 6, 7)  # a Monday: the summer, when vacation blocks bite
# A weekend day asks this share of a weekday: with every third weekend worked, about a third of the
# staff is there (the whole staff's capacity would leave weekends short by construction).
WEEKEND = 0.55
PART_TIME = (100, 100, 80, 75, 100, 60, 90, 100)  # position % handed out in turn


@dataclass(frozen=True)
class Ward:
    name: str
    nurses: int
    helpers: int
    weeks: int
    calendar: bool = False
    long_shifts: bool = False  # a 12.5 h day L for every third nurse (a volunteer)
    day_workers: int = 0  # weekday day work only (K 08–15:30), in the helpers' group
    vacation_weeks: int = 0  # a block per employee, staggered across the horizon (calendar only)
    load: float = 0.9  # share of the staff's shift capacity the requirement asks for


WARDS = {
    "medium-cyclic": Ward("medium-cyclic", nurses=16, helpers=8, weeks=6),
    "surgical-long": Ward("surgical-long", nurses=28, helpers=12, weeks=6, long_shifts=True, day_workers=1),
    "icu-calendar": Ward("icu-calendar", nurses=26, helpers=8, weeks=12, calendar=True, vacation_weeks=3),
    "large-calendar": Ward("large-calendar", nurses=40, helpers=20, weeks=8, calendar=True, day_workers=2,
                           vacation_weeks=1),
    # A whole year for a large unit (issue 24's 52-week target): five weeks of vacation each,
    # staggered over the year, long shifts for volunteers, day workers.
    "year-150": Ward("year-150", nurses=100, helpers=44, weeks=52, calendar=True, long_shifts=True, day_workers=6,
                     vacation_weeks=5),
}


def _shifts(ward: Ward) -> list[ShiftType]:
    shifts = [
        ShiftType(code="D", name="Dag", kind=ShiftKind.DAY, start=time(7), end=time(15)),
        ShiftType(code="A", name="Aften", kind=ShiftKind.EVENING, start=time(14, 30), end=time(22)),
        ShiftType(code="N", name="Natt", kind=ShiftKind.NIGHT, start=time(21, 45), end=time(7, 15), overnight=True),
    ]
    if ward.long_shifts:
        shifts.append(ShiftType(code="L", name="Langvakt", kind=ShiftKind.LONG_DAY, start=time(7, 30), end=time(20)))
    if ward.day_workers:
        shifts.append(ShiftType(code="K", name="Kontor", kind=ShiftKind.DAY, start=time(8), end=time(15, 30)))
    return shifts


def _employees(ward: Ward) -> list[Employee]:
    staff = [
        Employee(id=f"S{i:02d}", name=f"Sykepleier {i}", group="spl", position_pct=PART_TIME[i % len(PART_TIME)],
                 competences=["legemiddel"], long_shift_volunteer=ward.long_shifts and i % 3 == 0)
        for i in range(ward.nurses)
    ]
    staff += [
        Employee(id=f"H{i:02d}", name=f"Helsefag {i}", group="hfa", position_pct=PART_TIME[(i + 3) % len(PART_TIME)])
        for i in range(ward.helpers)
    ]
    staff += [
        Employee(id=f"K{i:02d}", name=f"Dagarbeid {i}", group="hfa", position_pct=100,
                 arrangement=WorkArrangement.DAY, works_nights=False)
        for i in range(ward.day_workers)
    ]
    return staff


def _requirement(ward: Ward, unit: Unit) -> StaffingRequirement:
    """Heads per shift sized to the staff: their shifts a week (35.5 h weeks, about 7.8 h a shift, less
    the vacation share) split 45 % day, 35 % evening, 20 % night, weekends at three quarters of a weekday."""
    rows = []
    for group in ("spl", "hfa"):
        fte = sum(e.position_pct for e in unit.employees if e.group == group and e.arrangement is not
                  WorkArrangement.DAY) / 100
        present = 1 - ward.vacation_weeks / ward.weeks  # vacation blocks take their share of the hours
        per_week = ward.load * present * fte * 35.5 / 7.8
        per_day = per_week / (5 + 2 * WEEKEND)
        for shift, share in (("D", 0.45), ("A", 0.35), ("N", 0.2)):
            for day_type, factor in ((DayType.WEEKDAY, 1.0), (DayType.SATURDAY, WEEKEND), (DayType.SUNDAY, WEEKEND),
                                     (DayType.HOLIDAY, WEEKEND)):
                required = max(1, round(per_day * share * factor))
                rows.append(RequirementRow(day_type=day_type, shift=shift, group=group,
                                           minimum=max(1, round(required * 2 / 3)), required=required))
    if ward.day_workers:
        rows.append(RequirementRow(day_type=DayType.WEEKDAY, shift="K", group="hfa", minimum=0,
                                   required=ward.day_workers))
    return StaffingRequirement(unit_id=unit.id, rows=rows)


def _vacations(ward: Ward, employees: list[Employee], days: int) -> list[Absence]:
    if not ward.vacation_weeks:
        return []
    slots = max(days // 7 - ward.vacation_weeks + 1, 1)
    out = []
    for i, e in enumerate(employees):
        first = START + dt.timedelta(weeks=i % slots)
        out.append(Absence(employee=e.id, start=first, end=first + dt.timedelta(weeks=ward.vacation_weeks, days=-1)))
    return out


def build_ward(ward: Ward) -> tuple[Unit, StaffingRequirement, Period]:
    employees = _employees(ward)
    days = 7 * ward.weeks
    unit = Unit(
        id=ward.name,
        name=ward.name,
        groups=[ProfessionalGroup(id="spl", name="Sykepleier", rank=1),
                ProfessionalGroup(id="hfa", name="Helsefagarbeider", rank=2)],
        shift_types=_shifts(ward),
        employees=employees,
        activity=Activity(beds=20, occupancy=WeekdayValues(mon=18, tue=18, wed=18, thu=18, fri=18, sat=17, sun=17)),
        staffing=StaffingSettings(minimums=[MinimumStaffing(shift=s, group="spl", minimum=1) for s in "DAN"]),
        roster=RosterSettings(cycle_weeks=min(ward.weeks, 52), start_date=START),
        absences=_vacations(ward, employees, days),
    )
    period = (Period.calendar(START, START + dt.timedelta(days=days - 1)) if ward.calendar
              else Period.cycle(START, ward.weeks))
    return unit, _requirement(ward, unit), period
