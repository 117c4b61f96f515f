"""The roster exchange format: ``employee_id,date,shift_code,start,end`` (one row per worked shift).

Dates and times are ISO 8601 local; ``end`` is on the next day for a shift that crosses midnight.
Works for any roster, e.g. one exported from GAT, as long as shift codes match the unit.
"""

from __future__ import annotations

import csv
import datetime as dt
import io
from pathlib import Path

from bemanning.model import Assignment, Roster, Unit

from .errors import UserError, UserMessage, require_file
from .unit_file import MAX_FILE_BYTES

COLUMNS = ["employee_id", "date", "shift_code", "start", "end"]


def roster_rows(roster: Roster, unit: Unit) -> list[dict[str, str]]:
    rows = []
    for a in sorted(roster.assignments, key=lambda a: (a.date, a.employee_id)):
        shift = unit.shift_type(a.shift_code)
        start = dt.datetime.combine(a.date, shift.start)
        end = start + dt.timedelta(minutes=shift.duration_minutes)
        rows.append({"employee_id": a.employee_id, "date": a.date.isoformat(), "shift_code": a.shift_code,
                     "start": start.isoformat(timespec="minutes"), "end": end.isoformat(timespec="minutes")})
    return rows


def write_roster_csv(roster: Roster, unit: Unit, path: Path) -> None:
    with path.open("w", newline="", encoding="utf-8") as handle:
        writer = csv.DictWriter(handle, fieldnames=COLUMNS)
        writer.writeheader()
        writer.writerows(roster_rows(roster, unit))


def read_roster_csv(path: Path, unit: Unit, *, start: dt.date | None = None, days: int | None = None,
                    cyclic: bool | None = None) -> Roster:
    """Read a roster; the period defaults to the unit's roster settings (cyclic: first cycle)."""
    source = str(path)
    require_file(path)
    if path.stat().st_size > MAX_FILE_BYTES * 10:
        raise UserError.of("file_too_large", path=source, size=round(path.stat().st_size / 1e6, 1),
                           limit=MAX_FILE_BYTES * 10 // 1_000_000)
    try:
        text = path.read_bytes().decode("utf-8-sig")
    except UnicodeDecodeError:
        raise UserError.of("file_not_text", path=source) from None
    reader = csv.DictReader(io.StringIO(text))
    missing = [c for c in ("employee_id", "date", "shift_code") if c not in (reader.fieldnames or [])]
    if missing:
        raise UserError.of("csv_missing_columns", path=source, columns=", ".join(missing))
    employees = {e.id for e in unit.employees}
    shifts = {s.code for s in unit.shift_types}
    errors: list[UserMessage] = []
    assignments = []
    seen: set[tuple[str, dt.date]] = set()
    for line, row in enumerate(reader, start=2):
        employee, code = (row.get("employee_id") or "").strip(), (row.get("shift_code") or "").strip()
        try:
            date = dt.date.fromisoformat((row.get("date") or "").strip())
        except ValueError:
            errors.append(UserMessage("csv_bad_cell", {"path": source, "row": line, "column": "date",
                                                       "problem": "ÅÅÅÅ-MM-DD"}))
            continue
        if employee not in employees:
            errors.append(UserMessage("csv_bad_cell", {"path": source, "row": line, "column": "employee_id",
                                                       "problem": employee}))
            continue
        if code not in shifts:
            errors.append(UserMessage("csv_bad_cell", {"path": source, "row": line, "column": "shift_code",
                                                       "problem": code}))
            continue
        if (employee, date) in seen:
            errors.append(UserMessage("csv_two_shifts", {"path": source, "row": line, "employee": employee,
                                                         "date": date.isoformat()}))
            continue
        seen.add((employee, date))
        assignments.append(Assignment(employee_id=employee, date=date, shift_code=code))
    if errors:
        raise UserError(errors[:50])
    settings = unit.roster
    first = start or settings.start_date
    if days is None:
        if settings.mode.value == "calendar" and settings.end_date is not None:
            days = (settings.end_date - first).days + 1
        elif settings.mode.value == "cyclic":
            days = settings.cycle_weeks * 7
        else:
            last = max((a.date for a in assignments), default=first)
            days = (last - first).days + 1
    is_cyclic = settings.mode.value == "cyclic" if cyclic is None else cyclic
    outside = [a for a in assignments if not (first <= a.date < first + dt.timedelta(days=days))]
    if outside:
        raise UserError.of("csv_outside_period", path=source, date=outside[0].date.isoformat(),
                           start=first.isoformat(), days=days)
    return Roster(unit_id=unit.id, start_date=first, days=days, cyclic=is_cyclic, assignments=assignments)
