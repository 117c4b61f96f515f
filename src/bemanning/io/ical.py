"""iCalendar (.ics) per employee: one VEVENT per worked shift, in Europe/Oslo time.

UIDs are stable per unit, employee and date, so a re-exported roster updates the events a
calendar already holds instead of duplicating them. File names use the employee id, never
the name (personal data).
"""

from __future__ import annotations

import datetime as dt
from pathlib import Path
from zoneinfo import ZoneInfo

from icalendar import Calendar, Event

from bemanning.model import Roster, Unit

OSLO = ZoneInfo("Europe/Oslo")
PRODID = "-//bemanning//turnus//NO"


def event_uid(unit_id: str, employee_id: str, date: dt.date) -> str:
    return f"{unit_id}-{employee_id}-{date.isoformat()}@bemanning"


def employee_calendar(unit: Unit, roster: Roster, employee_id: str, *,
                      generated_at: dt.datetime | None = None) -> Calendar:
    """The employee's shifts as a calendar; a shift crossing midnight ends on the next day."""
    stamp = generated_at or dt.datetime.now(dt.UTC)
    calendar = Calendar()
    calendar.add("prodid", PRODID)
    calendar.add("version", "2.0")
    calendar.add("calscale", "GREGORIAN")
    calendar.add("x-wr-calname", f"Turnus {unit.name}")
    calendar.add("x-wr-timezone", "Europe/Oslo")
    for a in sorted((a for a in roster.assignments if a.employee_id == employee_id), key=lambda a: a.date):
        shift = unit.shift_type(a.shift_code)
        start = dt.datetime.combine(a.date, shift.start)
        end = start + dt.timedelta(minutes=shift.duration_minutes)
        event = Event()
        event.add("uid", event_uid(unit.id, employee_id, a.date))
        event.add("dtstamp", stamp)
        event.add("dtstart", start.replace(tzinfo=OSLO))
        event.add("dtend", end.replace(tzinfo=OSLO))
        event.add("summary", f"{shift.name} ({shift.code})")
        event.add("description", f"{unit.name}: {shift.start:%H:%M}–{shift.end:%H:%M}")
        event.add("categories", [shift.kind.value])
        calendar.add_component(event)
    calendar.add_missing_timezones()
    return calendar


def write_employee_calendars(unit: Unit, roster: Roster, folder: Path, *,
                             generated_at: dt.datetime | None = None) -> list[Path]:
    """Write ``<employee_id>.ics`` for every employee with at least one shift; returns the paths."""
    folder.mkdir(parents=True, exist_ok=True)
    with_shifts = {a.employee_id for a in roster.assignments}
    paths = []
    for employee in unit.employees:
        if employee.id not in with_shifts:
            continue
        path = folder / f"{employee.id}.ics"
        path.write_bytes(employee_calendar(unit, roster, employee.id, generated_at=generated_at).to_ical())
        paths.append(path)
    return paths
