"""Rosters in and out of GAT: one row per employee and day, or a grid of codes (CSV or Excel).

GAT's file formats are not public. The shape here is the one GAT users describe and see — a list
``ansattnr;navn;dato;kode;fra;til;timer`` with one row per employee-day, or a grid with one row
per employee and one column per date — and every column name and code is mappable with the code
table (``codes.py``). Shift codes become the roster's assignments, absence codes (SYK, FER, PERM,
KURS, ANNET and the table's own) its registered absences, day-off codes nothing.

Export writes every employee-day of the roster's period (a day off as an empty code), so an import
of the file without ``--from/--to`` gives the same period back: export → import is the same roster.
"""

from __future__ import annotations

import csv
import datetime as dt
from dataclasses import dataclass
from pathlib import Path

from bemanning.io.errors import UserError
from bemanning.io.roster_csv import _merge_days
from bemanning.model import AbsenceKind, Assignment, Roster, Unit

from . import messages as _messages  # noqa: F401  (registers the messages)
from .codes import CodeTable
from .common import Problems, parse_date, table_rows

COLUMNS = ["ansattnr", "navn", "dato", "kode", "fra", "til", "timer"]


def _norwegian(date: dt.date) -> str:
    return date.strftime("%d.%m.%Y")


def gat_rows(roster: Roster, unit: Unit) -> list[list[str]]:
    """Rows of ``gat.csv``: every employee (unit order) × every day of the period."""
    shifts = {s.code: s for s in unit.shift_types}
    worked = {(a.employee_id, a.date): a.shift_code for a in roster.assignments}
    rows = []
    for date in roster.dates():
        for e in unit.employees:
            code, start, end, hours = "", "", "", ""
            if (e.id, date) in worked:
                shift = shifts[worked[(e.id, date)]]
                code, start, end = shift.code, shift.start.strftime("%H:%M"), shift.end.strftime("%H:%M")
                hours = f"{shift.working_hours:g}".replace(".", ",")
            elif (absence := roster.absence_on(e.id, date)) is not None:
                code = absence.kind.code
            rows.append([e.id, e.name, _norwegian(date), code, start, end, hours])
    return rows


def write_gat_csv(roster: Roster, unit: Unit, path: Path) -> None:
    """``gat.csv``: ``;``-separated, dates as dd.mm.yyyy, decimal comma (as Norwegian Excel opens it)."""
    with path.open("w", newline="", encoding="utf-8") as handle:
        writer = csv.writer(handle, delimiter=";")
        writer.writerow(COLUMNS)
        writer.writerows(gat_rows(roster, unit))


def write_gat_grid(roster: Roster, unit: Unit, path: Path) -> None:
    """The same roster as a grid of codes in Excel: ``ansattnr``, ``navn``, then one column per date."""
    from openpyxl import Workbook

    book = Workbook()
    sheet = book.active
    sheet.title = "Turnus"
    sheet.append(["ansattnr", "navn", *(d.isoformat() for d in roster.dates())])
    codes = {(e, d): c for e, d, c in ((r[0], r[2], r[3]) for r in gat_rows(roster, unit))}
    for e in unit.employees:
        sheet.append([e.id, e.name, *(codes[(e.id, _norwegian(d))] for d in roster.dates())])
    book.save(path)


@dataclass
class _Cell:
    line: int
    column: str
    employee: str
    date: dt.date
    code: str


def _cells(path: Path, codes: CodeTable, problems: Problems) -> list[_Cell]:
    """The file's (employee, date, code) cells, from a list or a grid."""
    c = codes.column
    header, rows = table_rows(path, [c("ansatt")])
    out: list[_Cell] = []
    if c("dato") in header:  # one row per employee-day
        if c("kode") not in header:
            raise UserError.of("csv_missing_columns", path=str(path), columns=c("kode"))
        for line, row in rows:
            date = parse_date(row.get(c("dato"), ""))
            if date is None:
                problems.add("csv_bad_cell", row=line, column=c("dato"), problem=row.get(c("dato"), ""))
                continue
            out.append(_Cell(line, c("kode"), row[c("ansatt")], date, row.get(c("kode"), "").strip()))
        return out
    dated = {h: parse_date(h) for h in header if h not in (c("ansatt"), c("navn"))}
    bad = [h for h, d in dated.items() if d is None]
    if bad or not dated:  # neither a list (no date column) nor a grid (columns that are not dates)
        raise UserError.of("csv_missing_columns", path=str(path), columns=c("dato"))
    for line, row in rows:
        for column, date in dated.items():
            assert date is not None
            out.append(_Cell(line, column, row[c("ansatt")], date, row.get(column, "").strip()))
    return out


def read_gat(path: Path, unit: Unit, codes: CodeTable | None = None, *, start: dt.date | None = None,
             end: dt.date | None = None) -> Roster:
    """A GAT roster (list or grid; CSV or Excel) as the unit's roster with absences (all or nothing).

    The period is ``start``..``end`` when given, else the file's first to last date."""
    codes = codes or CodeTable()
    problems = Problems(str(path))
    cells = _cells(path, codes, problems)
    employees = {e.id for e in unit.employees}
    shift_codes = {s.code for s in unit.shift_types}
    assignments: list[Assignment] = []
    absent: list[tuple[str, AbsenceKind, dt.date, float | None]] = []
    seen: dict[tuple[str, dt.date], int] = {}
    for cell in cells:
        where = {"row": cell.line} if cell.column == codes.column("kode") else {"row": f"{cell.line} ({cell.column})"}
        if cell.employee not in employees:
            problems.add("integ_unknown_employee", employee=cell.employee, **where)
            continue
        if cell.code.upper() in codes.off:
            continue
        shift = codes.shift_of(cell.code, shift_codes)
        kind = codes.absence_of(cell.code) if shift is None else None
        if shift is None and kind is None:
            problems.add("integ_unknown_code", column=cell.column, code=cell.code, known=codes.known(shift_codes),
                         **where)
            continue
        if (cell.employee, cell.date) in seen:
            problems.add("integ_duplicate", what=f"{cell.employee} {cell.date.isoformat()}", **where)
            continue
        seen[(cell.employee, cell.date)] = cell.line
        if shift is not None:
            assignments.append(Assignment(employee_id=cell.employee, date=cell.date, shift_code=shift))
        elif kind is not None:
            absent.append((cell.employee, kind, cell.date, None))
    problems.raise_if_any()
    dates = [cell.date for cell in cells]
    if not dates:
        raise UserError.of("integ_no_rows", path=str(path))
    first, last = start or min(dates), end or max(dates)
    for cell in cells:
        if not first <= cell.date <= last:
            problems.add("integ_outside_period", row=cell.line, date=cell.date.isoformat(), start=first.isoformat(),
                         end=last.isoformat())
            break
    problems.raise_if_any()
    return Roster(unit_id=unit.id, start_date=first, days=(last - first).days + 1, cyclic=False,
                  assignments=sorted(assignments, key=lambda a: (a.date, a.employee_id)),
                  absences=_merge_days(absent))
