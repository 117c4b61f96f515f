"""A GAT-like roster grid in Excel: employees by group, dates across, coverage under each group.

Rows: a header row per professional group (in competence order), one row per employee, then
one coverage row per shift code (heads per day; shortfalls against a staffing requirement in
red). Columns: one per date with ISO week and Norwegian weekday. Shift cells are coloured by
shift kind, weekends shaded, public holidays marked; rule violations get a comment and a red
border.
"""

from __future__ import annotations

import datetime as dt
from collections import Counter
from collections.abc import Iterable, Sequence
from pathlib import Path
from typing import Protocol

import holidays as holiday_calendar
from openpyxl import Workbook
from openpyxl.comments import Comment
from openpyxl.styles import Alignment, Border, Font, PatternFill, Side
from openpyxl.utils import get_column_letter
from openpyxl.worksheet.worksheet import Worksheet

from bemanning.model import DayType, Employee, Roster, ShiftKind, StaffingRequirement, Unit

WEEKDAYS_NO = ["ma", "ti", "on", "to", "fr", "lø", "sø"]
KIND_FILL = {
    ShiftKind.DAY: "FFF2CC",
    ShiftKind.EVENING: "FCE4D6",
    ShiftKind.NIGHT: "DDEBF7",
    ShiftKind.LONG_DAY: "E2EFDA",
    ShiftKind.LONG_NIGHT: "E4DFEC",
}
WEEKEND_FILL = "EDEDED"
HOLIDAY_FILL = "F8CBAD"
GROUP_FILL = "D9D9D9"
SHORTFALL_FILL = "FFC7CE"
SHORTFALL_FONT = "9C0006"
RED = "FF0000"
FIRST_DATE_COLUMN = 4  # A: id, B: name, C: position %
HEADER_ROWS = 4  # title, week, weekday, date
AUTHOR = "bemanning"


class ViolationLike(Protocol):
    """Anything with the employee, the date and a message (e.g. a compliance violation)."""

    employee_id: str
    date: dt.date
    message: str


def _fill(color: str) -> PatternFill:
    return PatternFill(fill_type="solid", start_color=color, end_color=color)


def day_type(date: dt.date, holiday_dates: Iterable[dt.date]) -> DayType:
    if date in holiday_dates:
        return DayType.HOLIDAY
    return {5: DayType.SATURDAY, 6: DayType.SUNDAY}.get(date.weekday(), DayType.WEEKDAY)


def required_heads(requirement: StaffingRequirement, kind: DayType, shift: str, group: str) -> int:
    """Heads required; a holiday falls back to Sunday when the requirement has no holiday rows."""
    if kind is DayType.HOLIDAY and not any(r.day_type is DayType.HOLIDAY for r in requirement.rows):
        kind = DayType.SUNDAY
    return requirement.required(kind, shift, group)


def write_roster_excel(unit: Unit, roster: Roster, path: Path, *,
                       requirement: StaffingRequirement | None = None,
                       violations: Sequence[ViolationLike] = ()) -> None:
    workbook = Workbook()
    sheet = workbook.active
    assert sheet is not None
    sheet.title = "Turnus"
    dates = roster.dates()
    names = holiday_calendar.country_holidays("NO", years=sorted({d.year for d in dates}), language="no")
    holiday_names = {d: str(names[d]) for d in dates if d in names}
    _header(sheet, unit, roster, dates, holiday_names)
    by_employee = roster.by_employee()
    shifts = {s.code: s for s in unit.shift_types}
    column_of = {d: FIRST_DATE_COLUMN + i for i, d in enumerate(dates)}
    hours_column = FIRST_DATE_COLUMN + len(dates)
    sheet.cell(row=HEADER_ROWS, column=hours_column, value="Timer").font = Font(bold=True)
    cell_of: dict[tuple[str, dt.date], tuple[int, int]] = {}
    row = HEADER_ROWS + 1
    present = {e.group for e in unit.employees}
    for group in unit.groups_by_rank():
        if group.id not in present:
            continue
        members = [e for e in unit.employees if e.group == group.id]
        for column in range(1, hours_column + 1):
            sheet.cell(row=row, column=column).fill = _fill(GROUP_FILL)
        sheet.cell(row=row, column=1, value=group.name).font = Font(bold=True)
        row += 1
        for employee in members:
            sheet.cell(row=row, column=1, value=employee.id)
            sheet.cell(row=row, column=2, value=employee.name)
            sheet.cell(row=row, column=3, value=employee.position_pct)
            worked = by_employee.get(employee.id, {})
            for date in dates:
                cell = sheet.cell(row=row, column=column_of[date])
                cell.alignment = Alignment(horizontal="center")
                cell_of[(employee.id, date)] = (row, column_of[date])
                code = worked.get(date)
                if code is not None:
                    cell.value = code
                    cell.fill = _fill(KIND_FILL[shifts[code].kind])
                elif date in holiday_names:
                    cell.fill = _fill(HOLIDAY_FILL)
                elif date.weekday() >= 5:
                    cell.fill = _fill(WEEKEND_FILL)
            hours = sum(shifts[c].working_hours for c in worked.values())
            sheet.cell(row=row, column=hours_column, value=round(hours, 2))
            row += 1
        row = _coverage_rows(sheet, unit, roster, group.id, members, dates, column_of, row, requirement,
                             holiday_names)
    _mark_violations(sheet, violations, cell_of)
    sheet.column_dimensions["A"].width = 9
    sheet.column_dimensions["B"].width = 24
    sheet.column_dimensions["C"].width = 6
    for i in range(len(dates)):
        sheet.column_dimensions[get_column_letter(FIRST_DATE_COLUMN + i)].width = 4.5
    sheet.freeze_panes = sheet.cell(row=HEADER_ROWS + 1, column=FIRST_DATE_COLUMN)
    sheet.page_setup.orientation = "landscape"
    sheet.page_setup.fitToWidth = 1
    sheet.page_setup.fitToHeight = 0
    sheet.sheet_properties.pageSetUpPr.fitToPage = True
    sheet.print_title_rows = f"1:{HEADER_ROWS}"
    _legend(workbook, unit)
    workbook.save(path)


def _header(sheet: Worksheet, unit: Unit, roster: Roster, dates: list[dt.date],
            holiday_names: dict[dt.date, str]) -> None:
    kind = "grunnturnus" if roster.cyclic else "kalenderplan"
    title = f"{unit.name} – {kind} {dates[0]:%d.%m.%Y}–{dates[-1]:%d.%m.%Y}"
    sheet.cell(row=1, column=1, value=title).font = Font(bold=True, size=13)
    for label, row in (("Uke", 2), ("Dag", 3), ("Dato", 4)):
        sheet.cell(row=row, column=2, value=label).font = Font(bold=True)
    sheet.cell(row=HEADER_ROWS, column=1, value="Ansatt").font = Font(bold=True)
    sheet.cell(row=HEADER_ROWS, column=3, value="%").font = Font(bold=True)
    for i, date in enumerate(dates):
        column = FIRST_DATE_COLUMN + i
        week = sheet.cell(row=2, column=column, value=date.isocalendar().week)
        weekday = sheet.cell(row=3, column=column, value=WEEKDAYS_NO[date.weekday()])
        day = sheet.cell(row=4, column=column, value=f"{date:%d.%m}")
        for cell in (week, weekday, day):
            cell.alignment = Alignment(horizontal="center")
            if date in holiday_names:
                cell.fill = _fill(HOLIDAY_FILL)
                cell.font = Font(bold=True, color=SHORTFALL_FONT)
            elif date.weekday() >= 5:
                cell.fill = _fill(WEEKEND_FILL)
        if date in holiday_names:
            day.comment = Comment(f"Helligdag: {holiday_names[date]}", AUTHOR)


def _coverage_rows(sheet: Worksheet, unit: Unit, roster: Roster, group: str, members: list[Employee],
                   dates: list[dt.date], column_of: dict[dt.date, int], row: int,
                   requirement: StaffingRequirement | None, holiday_names: dict[dt.date, str]) -> int:
    ids = {e.id for e in members}
    counts = Counter((a.date, a.shift_code) for a in roster.assignments if a.employee_id in ids)
    for shift in unit.shift_types:
        needed_any = requirement is not None and any(r.shift == shift.code and r.group == group
                                                     for r in requirement.rows)
        if not needed_any and not any(code == shift.code for _, code in counts):
            continue
        label = sheet.cell(row=row, column=2, value=f"Dekning {shift.code}")
        label.font = Font(italic=True)
        for date in dates:
            have = counts.get((date, shift.code), 0)
            cell = sheet.cell(row=row, column=column_of[date], value=have)
            cell.alignment = Alignment(horizontal="center")
            cell.font = Font(italic=True)
            if requirement is None:
                continue
            need = required_heads(requirement, day_type(date, holiday_names), shift.code, group)
            if have < need:
                cell.fill = _fill(SHORTFALL_FILL)
                cell.font = Font(bold=True, color=SHORTFALL_FONT)
                cell.comment = Comment(f"Behov {need}, mangler {need - have}", AUTHOR)
        row += 1
    return row


def _mark_violations(sheet: Worksheet, violations: Sequence[ViolationLike],
                     cell_of: dict[tuple[str, dt.date], tuple[int, int]]) -> None:
    messages: dict[tuple[int, int], list[str]] = {}
    for v in violations:
        where = cell_of.get((v.employee_id, v.date))
        if where is not None:
            messages.setdefault(where, []).append(v.message)
    side = Side(style="medium", color=RED)
    for (row, column), texts in messages.items():
        cell = sheet.cell(row=row, column=column)
        cell.border = Border(left=side, right=side, top=side, bottom=side)
        cell.comment = Comment("\n".join(texts), AUTHOR)


def _legend(workbook: Workbook, unit: Unit) -> None:
    sheet = workbook.create_sheet("Vakttyper")
    for column, title in enumerate(("Kode", "Navn", "Start", "Slutt", "Timer"), start=1):
        sheet.cell(row=1, column=column, value=title).font = Font(bold=True)
    for row, shift in enumerate(unit.shift_types, start=2):
        sheet.cell(row=row, column=1, value=shift.code).fill = _fill(KIND_FILL[shift.kind])
        sheet.cell(row=row, column=2, value=shift.name)
        sheet.cell(row=row, column=3, value=f"{shift.start:%H:%M}")
        sheet.cell(row=row, column=4, value=f"{shift.end:%H:%M}")
        sheet.cell(row=row, column=5, value=round(shift.working_hours, 2))
    sheet.column_dimensions["B"].width = 20
