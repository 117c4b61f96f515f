"""Roster exports: the GAT-like Excel grid and the iCalendar files per employee."""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass
from pathlib import Path
from zoneinfo import ZoneInfo

import pytest
from icalendar import Calendar
from openpyxl import load_workbook

from bemanning.demo import build_demo_unit
from bemanning.io.ical import employee_calendar, event_uid, write_employee_calendars
from bemanning.io.roster_excel import FIRST_DATE_COLUMN, KIND_FILL, write_roster_excel
from bemanning.model import Assignment, DayType, RequirementRow, Roster, ShiftKind, StaffingRequirement

START = dt.date(2027, 5, 10)  # Monday; 17 May is the following Monday
UNIT = build_demo_unit()


@dataclass
class Violation:
    employee_id: str
    date: dt.date
    message: str


def roster() -> Roster:
    return Roster(unit_id=UNIT.id, start_date=START, days=14, assignments=[
        Assignment(employee_id="E01", date=START, shift_code="D"),
        Assignment(employee_id="E01", date=START + dt.timedelta(days=1), shift_code="A"),
        Assignment(employee_id="E02", date=START, shift_code="N"),
        Assignment(employee_id="E07", date=START, shift_code="D"),
        Assignment(employee_id="E08", date=START, shift_code="D"),
        Assignment(employee_id="E07", date=START + dt.timedelta(days=5), shift_code="L"),
    ])


@pytest.fixture
def workbook_path(tmp_path: Path) -> Path:
    requirement = StaffingRequirement(unit_id=UNIT.id, rows=[
        RequirementRow(day_type=DayType.WEEKDAY, shift="D", group="spl_sengepost", minimum=2, required=3),
    ])
    path = tmp_path / "turnus.xlsx"
    write_roster_excel(UNIT, roster(), path, requirement=requirement,
                       violations=[Violation("E01", START + dt.timedelta(days=1), "Hviletid under 11 t")])
    return path


def rows_by_first_cell(sheet) -> dict[str, int]:  # type: ignore[no-untyped-def]
    return {str(sheet.cell(row=r, column=1).value): r for r in range(1, sheet.max_row + 1)
            if sheet.cell(row=r, column=1).value is not None}


def test_grid_structure_and_headers(workbook_path: Path) -> None:
    sheet = load_workbook(workbook_path)["Turnus"]
    assert sheet.freeze_panes == "D5"
    assert sheet.page_setup.orientation == "landscape"
    assert [sheet.cell(row=3, column=FIRST_DATE_COLUMN + i).value for i in range(7)] == \
        ["ma", "ti", "on", "to", "fr", "lø", "sø"]
    assert sheet.cell(row=2, column=FIRST_DATE_COLUMN).value == 19  # ISO week of 10 May 2027
    assert sheet.cell(row=4, column=FIRST_DATE_COLUMN).value == "10.05"
    rows = rows_by_first_cell(sheet)
    group_rows = [rows[g.name] for g in UNIT.groups_by_rank() if g.name in rows]
    assert group_rows == sorted(group_rows)
    assert [g for g in (g.name for g in UNIT.groups_by_rank()) if g in rows][:3] == [
        "Sykepleier medisinsk overvåkning", "Sykepleier sengepost", "Helsefagarbeider"]
    # E01 is under the first group header, E07 under the second.
    assert rows["Sykepleier medisinsk overvåkning"] < rows["E01"] < rows["Sykepleier sengepost"] < rows["E07"]


def test_shift_colours_weekends_and_holidays(workbook_path: Path) -> None:
    sheet = load_workbook(workbook_path)["Turnus"]
    rows = rows_by_first_cell(sheet)
    day = sheet.cell(row=rows["E01"], column=FIRST_DATE_COLUMN)
    assert day.value == "D" and day.fill.start_color.rgb.endswith(KIND_FILL[ShiftKind.DAY])
    night = sheet.cell(row=rows["E02"], column=FIRST_DATE_COLUMN)
    assert night.value == "N" and night.fill.start_color.rgb.endswith(KIND_FILL[ShiftKind.NIGHT])
    saturday_free = sheet.cell(row=rows["E01"], column=FIRST_DATE_COLUMN + 5)
    assert saturday_free.value is None and saturday_free.fill.start_color.rgb.endswith("EDEDED")
    may17 = sheet.cell(row=4, column=FIRST_DATE_COLUMN + 7)
    assert may17.value == "17.05" and "Helligdag" in may17.comment.text
    assert sheet.cell(row=4, column=FIRST_DATE_COLUMN + 1).comment is None


def test_coverage_rows_and_shortfalls(workbook_path: Path) -> None:
    sheet = load_workbook(workbook_path)["Turnus"]
    nurse_header = rows_by_first_cell(sheet)["Sykepleier sengepost"]
    cover_row = next(r for r in range(nurse_header, sheet.max_row + 1)
                     if sheet.cell(row=r, column=2).value == "Dekning D")
    monday = sheet.cell(row=cover_row, column=FIRST_DATE_COLUMN)
    assert monday.value == 2
    assert monday.fill.start_color.rgb.endswith("FFC7CE") and "mangler 1" in monday.comment.text
    saturday = sheet.cell(row=cover_row, column=FIRST_DATE_COLUMN + 5)
    assert saturday.value == 0 and saturday.comment is None  # no weekend requirement given
    # 17 May is a holiday: no holiday rows → Sunday requirement (none) → no shortfall
    assert sheet.cell(row=cover_row, column=FIRST_DATE_COLUMN + 7).comment is None
    assert sheet.cell(row=cover_row, column=FIRST_DATE_COLUMN + 1).comment is not None  # Tuesday: 0 of 3


def test_violations_get_comment_and_red_border(workbook_path: Path) -> None:
    sheet = load_workbook(workbook_path)["Turnus"]
    cell = sheet.cell(row=rows_by_first_cell(sheet)["E01"], column=FIRST_DATE_COLUMN + 1)
    assert cell.value == "A"
    assert "Hviletid" in cell.comment.text
    assert cell.border.left.style == "medium" and cell.border.left.color.rgb.endswith("FF0000")


def test_ical_events_cross_midnight_in_oslo_time(tmp_path: Path) -> None:
    paths = write_employee_calendars(UNIT, roster(), tmp_path)
    assert sorted(p.name for p in paths) == ["E01.ics", "E02.ics", "E07.ics", "E08.ics"]
    calendar = Calendar.from_ical((tmp_path / "E02.ics").read_bytes())
    (event,) = calendar.walk("VEVENT")
    start, end = event.decoded("dtstart"), event.decoded("dtend")
    oslo = ZoneInfo("Europe/Oslo")
    assert start == dt.datetime(2027, 5, 10, 21, 45, tzinfo=oslo)
    assert end == dt.datetime(2027, 5, 11, 7, 15, tzinfo=oslo)
    assert start.utcoffset() == dt.timedelta(hours=2)  # summer time
    assert str(event["summary"]) == "Nattevakt (N)"
    assert str(event["uid"]) == event_uid(UNIT.id, "E02", START)
    assert calendar.walk("VTIMEZONE")


def test_ical_uids_are_stable_and_unique() -> None:
    stamp = dt.datetime(2027, 1, 1, tzinfo=dt.UTC)
    first = employee_calendar(UNIT, roster(), "E01", generated_at=stamp).to_ical()
    again = employee_calendar(UNIT, roster(), "E01", generated_at=stamp).to_ical()
    assert first == again
    uids = [str(e["uid"]) for e in Calendar.from_ical(first).walk("VEVENT")]
    assert len(uids) == 2 == len(set(uids))
