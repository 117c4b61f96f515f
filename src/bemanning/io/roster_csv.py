"""The roster exchange format: ``employee_id,date,shift_code,start,end`` (one row per worked shift).

Dates and times are ISO 8601 local; ``end`` is on the next day for a shift that crosses midnight.
Works for any roster, e.g. one exported from GAT, as long as shift codes match the unit.

Registered absence is one row per absent day whose ``shift_code`` is an absence code
(``ABSENCE_CODES``: SYK, FER, PERM, KURS, ANNET) and whose ``start``/``end`` are empty. A unit's
own shift code wins over an absence code of the same name. An absence day credited with hours
instead of the contract's daily share (a repaired sick day: the shift it took away) has them in an
extra column ``credit_hours``, written only when some absence has them.
"""

from __future__ import annotations

import csv
import datetime as dt
import io
from pathlib import Path

from bemanning.model import Absence, AbsenceKind, Assignment, Roster, Unit

from .errors import UserError, UserMessage, require_file
from .unit_file import MAX_FILE_BYTES

COLUMNS = ["employee_id", "date", "shift_code", "start", "end"]
CREDIT = "credit_hours"


def roster_columns(roster: Roster) -> list[str]:
    return COLUMNS + [CREDIT] if any(a.credit_hours is not None for a in roster.absences) else list(COLUMNS)


def roster_rows(roster: Roster, unit: Unit) -> list[dict[str, str]]:
    """Shift rows and absence rows (one per absent day inside the period), by date and employee."""
    rows = []
    for a in roster.assignments:
        shift = unit.shift_type(a.shift_code)
        start = dt.datetime.combine(a.date, shift.start)
        end = start + dt.timedelta(minutes=shift.duration_minutes)
        rows.append({"employee_id": a.employee_id, "date": a.date.isoformat(), "shift_code": a.shift_code,
                     "start": start.isoformat(timespec="minutes"), "end": end.isoformat(timespec="minutes")})
    for absence in roster.absences:
        day = max(absence.start, roster.start_date)
        while day <= min(absence.end, roster.end_date):
            row = {"employee_id": absence.employee, "date": day.isoformat(), "shift_code": absence.kind.code,
                   "start": "", "end": ""}
            if absence.credit_hours is not None:
                row[CREDIT] = f"{absence.credit_hours:g}"
            rows.append(row)
            day += dt.timedelta(days=1)
    # Absence after the shift on the same day; stable for byte-identical files.
    rows.sort(key=lambda r: (r["date"], r["employee_id"], r["start"] == "", r["shift_code"]))
    return rows


def _merge_days(days: list[tuple[str, AbsenceKind, dt.date, float | None]]) -> list[Absence]:
    """Absence rows (employee, kind, date, credit) as absences over runs of consecutive days."""
    out: list[Absence] = []
    for employee, kind, date, credit in sorted(set(days), key=lambda r: (r[0], r[1], r[2])):
        last = out[-1] if out else None
        if (last is not None and (last.employee, last.kind, last.credit_hours) == (employee, kind, credit)
                and last.end + dt.timedelta(days=1) == date):
            out[-1] = last.model_copy(update={"end": date})
        else:
            out.append(Absence(employee=employee, start=date, end=date, kind=kind, credit_hours=credit))
    return sorted(out, key=lambda a: (a.start, a.employee))


def write_roster_csv(roster: Roster, unit: Unit, path: Path) -> None:
    with path.open("w", newline="", encoding="utf-8") as handle:
        writer = csv.DictWriter(handle, fieldnames=roster_columns(roster), restval="")
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
    absent_rows: list[tuple[str, AbsenceKind, dt.date, float | None]] = []
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
        kind = AbsenceKind.from_code(code) if code not in shifts else None
        if kind is not None:
            credit_text = (row.get(CREDIT) or "").strip().replace(",", ".")
            try:
                credit = float(credit_text) if credit_text else None
                if credit is not None and not 0 <= credit <= 24:
                    raise ValueError
            except ValueError:
                errors.append(UserMessage("csv_bad_cell", {"path": source, "row": line, "column": CREDIT,
                                                           "problem": credit_text}))
                continue
            absent_rows.append((employee, kind, date, credit))
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
    outside = [d for d in [a.date for a in assignments] + [r[2] for r in absent_rows]
               if not (first <= d < first + dt.timedelta(days=days))]
    if outside:
        raise UserError.of("csv_outside_period", path=source, date=outside[0].isoformat(),
                           start=first.isoformat(), days=days)
    return Roster(unit_id=unit.id, start_date=first, days=days, cyclic=is_cyclic, assignments=assignments,
                  absences=_merge_days(absent_rows))
