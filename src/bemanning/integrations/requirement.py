"""Planned activity → staffing requirement per date, by the unit's own staffing step.

For each date the unit's activity drivers (admissions, discharges, operations, outpatient visits,
patients) are set to that date's planned counts, and the staffing step (``planning/demand.py``)
computes the requirement of the date's day type: the tasks of the unit turn activity into hours
by their ratios (minutes per admission, per operation, per patient-day, …), the hours into heads
per shift and group, never below the safe minimum. Who does a task (the task sharing step) is
decided once for the unit, not per day. Kinds the import says nothing about keep the unit's own
figure for the weekday. Dates with the same day type and counts share one computation, and
no day gets fewer heads on a shift than a day of its day type with less of every activity.

``requirement_by_date.csv`` (date, shift, group, minimum, required) is read back by
``read_requirement_by_date`` for ``bemanning solve --behov``.
"""

from __future__ import annotations

import csv
import datetime as dt
from pathlib import Path

from bemanning.io.errors import UserError
from bemanning.model import DayType, StaffingRequirement, Unit, WeekdayValues
from bemanning.model.plans import DatedRequirementRow, TaskAllocation
from bemanning.model.staffing_result import StaffingInputError
from bemanning.planning.activity_plan import build_activity_plan
from bemanning.planning.calendar import day_type_calendar, norwegian_holidays
from bemanning.planning.demand import staffing_requirement

from . import messages as _messages  # noqa: F401  (registers the messages)
from .activity import MAX_DAYS, ActivityImport, ActivityKind
from .common import Problems, csv_rows, read_text

REQUIREMENT_COLUMNS = ["date", "shift", "group", "minimum", "required"]
Key = tuple[DayType, tuple[float, ...]]  # day type, counts of the activity kinds
Row = tuple[str, str, int, int]  # shift, group, minimum, required


def day_type_of(date: dt.date, holidays: dict[dt.date, str]) -> DayType:
    if date in holidays:
        return DayType.HOLIDAY
    return {5: DayType.SATURDAY, 6: DayType.SUNDAY}.get(date.weekday(), DayType.WEEKDAY)


def task_allocation(unit: Unit) -> TaskAllocation:
    from bemanning.planning.tasksharing import allocate_tasks

    result = allocate_tasks(unit)
    if result.allocation is None:
        raise UserError.of("integ_no_allocation", reasons="; ".join(result.explanation_text()))
    return result.allocation


def requirement_by_date(
    unit: Unit,
    activity: ActivityImport,
    *,
    start: dt.date | None = None,
    end: dt.date | None = None,
    allocation: TaskAllocation | None = None,
) -> list[DatedRequirementRow]:
    """Heads per date × shift × group over ``start``..``end`` (default: the activity's dates)."""
    dates = activity.dates
    if not dates and (start is None or end is None):
        return []
    first, last = start or dates[0], end or dates[-1]
    if (last - first).days + 1 > MAX_DAYS:  # a roster covers at most this many days
        raise UserError.of("integ_period_too_long", start=first.isoformat(), end=last.isoformat(), days=MAX_DAYS)
    allocation = allocation or task_allocation(unit)
    kinds = activity.kinds
    per_date = activity.by_date()
    holidays: dict[dt.date, str] = {}
    for year in range(first.year, last.year + 1):
        holidays.update(norwegian_holidays(year))
    calendar = day_type_calendar(unit.roster.start_date.year)
    keys: dict[dt.date, Key] = {}
    date = first
    while date <= last:
        keys[date] = (day_type_of(date, holidays), tuple(per_date.get(date, {}).get(k, 0.0) for k in kinds))
        date += dt.timedelta(days=1)
    computed = {
        key: _rows_for(unit, allocation, key[0], dict(zip(kinds, key[1], strict=True)), calendar)
        for key in dict.fromkeys(keys.values())
    }
    final = _monotone(computed)
    return [
        DatedRequirementRow(date=date, shift=shift, group=group, minimum=minimum, required=required)
        for date, key in keys.items()
        for (shift, group), (minimum, required) in final[key].items()
    ]


def _monotone(computed: dict[Key, list[Row]]) -> dict[Key, dict[tuple[str, str], tuple[int, int]]]:
    """Each day gets at least the heads of every day of its day type with no more of any activity.

    The staffing step rounds heads per shift and lets a more competent group's spare time take
    other groups' work, so a little more activity can move a head between groups; taking the
    largest requirement among the days with less activity keeps the rule "more planned activity,
    at least as much staff" on every shift and group."""
    out: dict[Key, dict[tuple[str, str], tuple[int, int]]] = {}
    for key in computed:
        rows: dict[tuple[str, str], tuple[int, int]] = {}
        for other, other_rows in computed.items():
            if other[0] is not key[0] or any(o > k for o, k in zip(other[1], key[1], strict=True)):
                continue
            for shift, group, minimum, required in other_rows:
                low, high = rows.get((shift, group), (0, 0))
                rows[(shift, group)] = (max(low, minimum), max(high, required))
        out[key] = rows
    return out


def _rows_for(
    unit: Unit, allocation: TaskAllocation, day_type: DayType, counts: dict[ActivityKind, float], calendar: object
) -> list[Row]:
    """The staffing step's rows of ``day_type`` with the activity drivers set to ``counts``."""
    same_every_day = {k.value: WeekdayValues(**dict.fromkeys(("mon", "tue", "wed", "thu", "fri", "sat", "sun"), v))
                      for k, v in counts.items()}
    day_unit = unit.model_copy(update={"activity": unit.activity.model_copy(update=same_every_day)})
    plan = build_activity_plan(day_unit, allocation)
    try:
        requirement = staffing_requirement(day_unit, plan, holidays=calendar, day_types=(day_type,))  # type: ignore[arg-type]
    except StaffingInputError as exc:
        raise UserError.of(exc.key, **exc.context) from None
    return [(r.shift, r.group, r.minimum, max(r.required, r.minimum))
            for r in requirement.rows if r.day_type is day_type]


def write_requirement_by_date(rows: list[DatedRequirementRow], path: Path) -> None:
    with path.open("w", newline="", encoding="utf-8") as handle:
        writer = csv.writer(handle)
        writer.writerow(REQUIREMENT_COLUMNS)
        for r in rows:
            writer.writerow([r.date.isoformat(), r.shift, r.group, r.minimum, r.required])


def read_requirement_by_date(path: Path, unit: Unit) -> list[DatedRequirementRow]:
    """Read ``requirement_by_date.csv`` (all or nothing; problems name the line)."""
    source = str(path)
    _, lines = csv_rows(read_text(path), source, REQUIREMENT_COLUMNS)
    problems = Problems(source)
    shifts = {s.code for s in unit.shift_types}
    groups = {g.id for g in unit.groups}
    rows: list[DatedRequirementRow] = []
    seen: set[tuple[dt.date, str, str]] = set()
    for line, row in lines:
        try:
            date = dt.date.fromisoformat(row["date"])
        except ValueError:
            problems.add("csv_bad_cell", row=line, column="date", problem=row["date"])
            continue
        if row["shift"] not in shifts:
            problems.add("integ_unknown_code", row=line, column="shift", code=row["shift"],
                         known=", ".join(sorted(shifts)))
            continue
        if row["group"] not in groups:
            problems.add("integ_unknown_code", row=line, column="group", code=row["group"],
                         known=", ".join(sorted(groups)))
            continue
        numbers = {}
        for column in ("minimum", "required"):
            value = row[column]
            numbers[column] = int(value) if value.isdigit() and int(value) <= 100 else -1
            if numbers[column] < 0:
                problems.add("csv_bad_cell", row=line, column=column, problem=value)
        if min(numbers.values()) < 0:
            continue
        if (date, row["shift"], row["group"]) in seen:
            problems.add("integ_duplicate", row=line, what=f"{date} {row['shift']} {row['group']}")
            continue
        seen.add((date, row["shift"], row["group"]))
        rows.append(DatedRequirementRow(date=date, shift=row["shift"], group=row["group"], **numbers))
    problems.raise_if_any()
    if not rows:
        raise UserError.of("integ_no_rows", path=source)
    return rows


def dated_requirement(unit: Unit, path: Path) -> tuple[StaffingRequirement, dt.date, dt.date]:
    """The unit's own requirement with the per-date rows of ``path``, and the file's first and last date."""
    from bemanning.planning.rostering import requirement_for_unit

    rows = read_requirement_by_date(path, unit)
    base = requirement_for_unit(unit)
    dates = [r.date for r in rows]
    return base.model_copy(update={"dated_rows": rows}), min(dates), max(dates)
