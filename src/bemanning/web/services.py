"""The service layer shared by the JSON API and the pages: every write is one transaction that
checks the version, applies the change and writes an audit row."""

from __future__ import annotations

import datetime as dt
import threading
from collections import OrderedDict
from dataclasses import dataclass
from typing import Any

from pydantic import ValidationError

from bemanning.io.errors import UserError, UserMessage
from bemanning.io.unit_file import validation_messages
from bemanning.model import Assignment, PlanningMode, Roster, Unit, Wish
from bemanning.store import repo
from bemanning.store.db import Database
from bemanning.store.tables import RosterRow

from .problems import Problem
from .security import Actor, Perm

# --- units ------------------------------------------------------------------------------------


class UnitCache:
    """Parsed units by (id, version): parsing the document is the costliest part of a read."""

    def __init__(self, size: int = 32):
        self._items: OrderedDict[tuple[str, int], Unit] = OrderedDict()
        self._size = size
        self._lock = threading.Lock()

    def peek(self, unit_id: str, version: int) -> Unit | None:
        with self._lock:
            return self._items.get((unit_id, version))

    def get(self, unit_id: str, version: int, document: dict[str, Any]) -> Unit:
        key = (unit_id, version)
        with self._lock:
            unit = self._items.get(key)
            if unit is not None:
                self._items.move_to_end(key)
                return unit
        unit = Unit.model_validate(document)
        with self._lock:
            self._items[key] = unit
            while len(self._items) > self._size:
                self._items.popitem(last=False)
        return unit


@dataclass
class StoredUnit:
    unit: Unit
    version: int


def load_unit(db: Database, cache: UnitCache, unit_id: str) -> StoredUnit:
    with db.read() as session:
        version = repo.unit_version(session, unit_id)
        cached = cache.peek(unit_id, version)
        if cached is not None:  # skip reading and parsing the document
            return StoredUnit(cached, version)
        row = repo.get_unit_row(session, unit_id)
        version, document = row.version, row.document
    return StoredUnit(cache.get(unit_id, version, document), version)


def parse_unit(data: dict[str, Any], unit_id: str) -> Unit:
    try:
        unit = Unit.model_validate(data)
    except ValidationError as exc:
        raise validation_messages(exc, f"unit {unit_id}") from None
    if unit.id != unit_id:
        raise UserError.of("web_bad_request", problem=f"id {unit.id} != {unit_id}")
    return unit


def _changed_sections(old: Unit, new: Unit) -> str:
    """Which top-level sections changed, with counts: an audit summary without personal data."""
    before, after = old.model_dump(mode="json"), new.model_dump(mode="json")
    parts = []
    for key in after:
        if before.get(key) != after[key]:
            size = len(after[key]) if isinstance(after[key], list | dict) else None
            parts.append(f"{key}({size})" if size is not None else key)
    return "changed: " + (", ".join(parts) or "nothing")


def update_unit(
    db: Database, cache: UnitCache, actor: Actor, unit_id: str, version: int, data: dict[str, Any]
) -> int:
    unit = parse_unit(data, unit_id)
    old = load_unit(db, cache, unit_id).unit
    with db.transaction() as session:
        new_version = repo.update_unit(session, unit_id, version, unit)
        repo.add_audit(
            session,
            actor.username,
            "unit",
            unit_id,
            "update",
            f"v{version}->v{new_version}; {_changed_sections(old, unit)}",
        )
    return new_version


def redacted_document(unit: Unit, actor: Actor) -> dict[str, Any]:
    """The unit document as this actor may see it: sick leave becomes plain 'other' absence."""
    document = unit.model_dump(mode="json")
    if not actor.can(Perm.ABSENCE_DETAILS):
        for absence in document.get("absences", []):
            if absence.get("kind") == "sick":
                absence["kind"] = "other"
    return document


def add_wish(db: Database, cache: UnitCache, actor: Actor, unit_id: str, wish: Wish) -> int:
    """Append a wish. Wishes from many employees arrive at once: retry on a version race, since
    appending to the newest document never overwrites anyone's change."""
    for _attempt in range(5):
        stored = load_unit(db, cache, unit_id)
        data = stored.unit.model_dump(mode="json")
        data["wishes"].append(wish.model_dump(mode="json"))
        unit = parse_unit(data, unit_id)
        try:
            with db.transaction() as session:
                new_version = repo.update_unit(session, unit_id, stored.version, unit)
                repo.add_audit(
                    session,
                    actor.username,
                    "wish",
                    unit_id,
                    "create",
                    f"unit v{new_version}; wishes={len(unit.wishes)}",
                )
            return new_version
        except repo.VersionConflict:
            continue
    raise Problem(409, "web_conflict", entity=unit_id, expected="?", current="?")


# --- rosters ----------------------------------------------------------------------------------


def default_period(unit: Unit) -> tuple[dt.date, int, bool]:
    settings = unit.roster
    if settings.mode is PlanningMode.CYCLIC:
        return settings.start_date, settings.cycle_weeks * 7, True
    if settings.end_date is not None:
        return settings.start_date, (settings.end_date - settings.start_date).days + 1, False
    return settings.start_date, 28, False


def check_assignments(unit: Unit, roster: Roster) -> None:
    """Unknown staff or shift codes, dates outside the period, two shifts a day → 422."""
    employees = {e.id for e in unit.employees}
    shifts = {s.code for s in unit.shift_types}
    first, last = roster.start_date, roster.end_date
    seen: set[tuple[str, dt.date]] = set()
    errors: list[UserMessage] = []
    for i, a in enumerate(roster.assignments):
        where = f"assignments[{i}]"
        if a.employee_id not in employees:
            errors.append(UserMessage("unknown_employee", {"where": where, "employee": a.employee_id}))
        if a.shift_code not in shifts:
            errors.append(UserMessage("unknown_shift", {"where": where, "shift": a.shift_code}))
        if not first <= a.date <= last:
            errors.append(
                UserMessage(
                    "csv_outside_period",
                    {
                        "path": where,
                        "date": a.date.isoformat(),
                        "start": first.isoformat(),
                        "days": roster.days,
                    },
                )
            )
        if (a.employee_id, a.date) in seen:
            errors.append(
                UserMessage(
                    "csv_two_shifts",
                    {"path": "roster", "row": i, "employee": a.employee_id, "date": a.date.isoformat()},
                )
            )
        seen.add((a.employee_id, a.date))
    if errors:
        raise UserError(errors[:50])


def create_roster(
    db: Database,
    cache: UnitCache,
    actor: Actor,
    unit_id: str,
    name: str,
    start: dt.date | None = None,
    days: int | None = None,
) -> RosterRow:
    unit = load_unit(db, cache, unit_id).unit
    default_start, default_days, cyclic = default_period(unit)
    roster = Roster(
        unit_id=unit_id, start_date=start or default_start, days=days or default_days, cyclic=cyclic
    )
    with db.transaction() as session:
        if any(r.name == name for r in repo.list_rosters(session, unit_id)):
            raise Problem(409, "web_roster_exists", name=name)
        row = repo.create_roster(session, name, roster, actor.username)
        repo.add_audit(
            session, actor.username, "roster", str(row.id), "create", f"unit={unit_id}; days={roster.days}"
        )
    return row


def _ensure_editable(row: RosterRow) -> None:
    if row.status == "approved":
        raise Problem(409, "web_roster_locked")


def replace_assignments(
    db: Database,
    cache: UnitCache,
    actor: Actor,
    unit_id: str,
    roster_id: int,
    version: int,
    assignments: list[Assignment],
    action: str = "update",
) -> int:
    unit = load_unit(db, cache, unit_id).unit
    with db.transaction() as session:
        row = repo.get_roster_row(session, unit_id, roster_id)
        _ensure_editable(row)
        roster = repo.roster_from_row(row).model_copy(update={"assignments": assignments})
        check_assignments(unit, roster)
        before = len(row.assignments)
        new_version = repo.update_roster_assignments(session, roster_id, version, assignments)
        repo.add_audit(
            session,
            actor.username,
            "roster",
            str(roster_id),
            action,
            f"v{version}->v{new_version}; shifts {before}->{len(assignments)}",
        )
    return new_version


def set_cell(
    db: Database,
    cache: UnitCache,
    actor: Actor,
    unit_id: str,
    roster_id: int,
    version: int,
    employee_id: str,
    date: dt.date,
    shift_code: str | None,
) -> tuple[int, Roster]:
    """Change one cell; returns the new version and the roster after the change."""
    unit = load_unit(db, cache, unit_id).unit
    with db.transaction() as session:
        row = repo.get_roster_row(session, unit_id, roster_id)
        _ensure_editable(row)
        roster = repo.roster_from_row(row)
        kept = [a for a in roster.assignments if not (a.employee_id == employee_id and a.date == date)]
        if shift_code:
            kept.append(Assignment(employee_id=employee_id, date=date, shift_code=shift_code))
        roster = roster.model_copy(update={"assignments": kept})
        check_assignments(unit, roster)
        if employee_id not in {e.id for e in unit.employees}:
            raise UserError([UserMessage("unknown_employee", {"where": "cell", "employee": employee_id})])
        new_version = repo.update_roster_assignments(session, roster_id, version, kept)
        # The audit row names the cell by date and shift code; the employee id is an opaque code.
        repo.add_audit(
            session,
            actor.username,
            "roster",
            str(roster_id),
            "cell",
            f"v{version}->v{new_version}; {date.isoformat()} -> {shift_code or 'fri'}",
        )
    return new_version, roster


def set_status(db: Database, actor: Actor, unit_id: str, roster_id: int, version: int, status: str) -> int:
    with db.transaction() as session:
        repo.get_roster_row(session, unit_id, roster_id)
        new_version = repo.set_roster_status(session, roster_id, version, status)
        repo.add_audit(
            session, actor.username, "roster", str(roster_id), status, f"v{version}->v{new_version}"
        )
    return new_version


def visible_assignments(row: RosterRow, actor: Actor) -> list[Assignment]:
    roster = repo.roster_from_row(row)
    if actor.allowed(Perm.ROSTER_READ, row.unit_id):
        return roster.assignments
    return [a for a in roster.assignments if a.employee_id == actor.employee_id]
