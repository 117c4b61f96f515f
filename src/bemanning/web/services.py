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
from bemanning.model import Absence, Assignment, PlanningMode, Roster, Unit, Wish
from bemanning.store import repo
from bemanning.store.db import Database
from bemanning.store.tables import RosterRow

from . import limits
from .problems import Problem
from .security import Actor, Perm

# --- units ------------------------------------------------------------------------------------


class UnitCache:
    """Parsed units by (id, version) and with their wishes by (id, version, wishes stamp): parsing
    the document is the costliest part of a read."""

    def __init__(self, size: int = 32):
        self._items: OrderedDict[tuple[Any, ...], Unit] = OrderedDict()
        self._size = size
        self._lock = threading.Lock()

    def peek(self, *key: Any) -> Unit | None:
        with self._lock:
            unit = self._items.get(key)
            if unit is not None:
                self._items.move_to_end(key)
            return unit

    def put(self, unit: Unit, *key: Any) -> Unit:
        with self._lock:
            self._items[key] = unit
            while len(self._items) > self._size:
                self._items.popitem(last=False)
        return unit

    def get(self, unit_id: str, version: int, document: dict[str, Any]) -> Unit:
        unit = self.peek(unit_id, version)
        return unit if unit is not None else self.put(Unit.model_validate(document), unit_id, version)


@dataclass
class StoredUnit:
    unit: Unit  # the document with the unit's wishes from the wishes table
    version: int


def with_wishes(unit: Unit, wishes: list[Wish]) -> Unit:
    """The unit with its stored wishes; wishes of employees or shifts no longer in the unit are left out
    (the planning code expects every wish to name a known employee and shift)."""
    employees = {e.id for e in unit.employees}
    shifts = {s.code for s in unit.shift_types}
    kept = [w for w in wishes if w.employee in employees and (w.shift is None or w.shift in shifts)]
    return unit.model_copy(update={"wishes": kept})


def load_unit(db: Database, cache: UnitCache, unit_id: str) -> StoredUnit:
    with db.read() as session:
        version, stamp = repo.unit_version_and_wishes(session, unit_id)
        merged = cache.peek(unit_id, version, stamp)
        if merged is not None:  # skip reading and parsing the document and the wishes
            return StoredUnit(merged, version)
        base = cache.peek(unit_id, version)
        if base is None:
            row = repo.get_unit_row(session, unit_id)
            version, document = row.version, row.document
            base = cache.get(unit_id, version, document)
        wishes = [repo.wish_from_row(r) for r in repo.list_wish_rows(session, unit_id)]
    return StoredUnit(cache.put(with_wishes(base, wishes), unit_id, version, stamp), version)


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
    db: Database, cache: UnitCache, actor: Actor, unit_id: str, version: int, data: dict[str, Any],
    action: str = "update",
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
            action,
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


def wish_limits(unit: Unit) -> tuple[int, int]:
    """(most wishes per employee, highest weight) from the unit's rule set."""
    rules = unit.rules
    return int(rules.number("wishes_max_per_employee")), int(rules.number("wish_weight_max"))


def add_wish(db: Database, cache: UnitCache, actor: Actor, unit_id: str, wish: Wish) -> tuple[int, bool]:
    """Store a wish in the wishes table: (id, created). The same wish again is not stored twice;
    each wish is its own row, so employees posting at once never meet a version conflict."""
    unit = load_unit(db, cache, unit_id).unit
    most, heaviest = wish_limits(unit)
    if wish.employee not in {e.id for e in unit.employees}:
        raise Problem(422, "web_wish_unknown_employee", value=wish.employee)
    if wish.shift is not None and wish.shift not in {s.code for s in unit.shift_types}:
        raise Problem(422, "web_wish_unknown_shift", value=wish.shift)
    if not 1 <= wish.weight <= heaviest:
        raise Problem(422, "web_wish_weight", value=str(wish.weight), low=1, high=heaviest)
    if wish.date is not None:
        problem = limits.period_problem(wish.date, 1, field="date")
        if problem is not None:
            raise problem
    with db.transaction() as session:
        existing = repo.find_wish(session, unit_id, repo.wish_key(wish))
        if existing is not None:
            return existing.id, False
        count = repo.count_wishes(session, unit_id, wish.employee)
        if count >= most:
            raise Problem(422, "web_wish_limit", count=count, limit=most)
        row, created = repo.add_wish(session, unit_id, wish, actor.username)
        if created:  # the wish id only: who wished what is personal
            repo.add_audit(session, actor.username, "wish", str(row.id), "create", f"unit={unit_id}")
        return row.id, created


def delete_wish(db: Database, actor: Actor, unit_id: str, wish_id: int, employee_id: str | None) -> None:
    """Remove a wish; ``employee_id`` set: only that employee's own wishes (404 for others)."""
    with db.transaction() as session:
        rows = repo.list_wish_rows(session, unit_id, employee_id)
        if not any(r.id == wish_id for r in rows):
            raise repo.NotFound("wish", str(wish_id))
        repo.delete_wish(session, unit_id, wish_id)
        repo.add_audit(session, actor.username, "wish", str(wish_id), "delete", f"unit={unit_id}")


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
    start, days = start or default_start, days or default_days
    problem = limits.period_problem(start, days)
    if problem is not None:  # also for a unit whose own settings ask for too long a period
        raise problem
    roster = Roster(unit_id=unit_id, start_date=start, days=days, cyclic=cyclic)
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
    absences: list[Absence] | None = None,
) -> int:
    """Replace the shifts (and the roster's own absences when given) under the version check."""
    unit = load_unit(db, cache, unit_id).unit
    with db.transaction() as session:
        row = repo.get_roster_row(session, unit_id, roster_id)
        _ensure_editable(row)
        roster = repo.roster_from_row(row).model_copy(update={"assignments": assignments})
        check_assignments(unit, roster)
        before = len(row.assignments)
        new_version = repo.update_roster_assignments(session, roster_id, version, assignments, absences)
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


def set_status(
    db: Database, actor: Actor, unit_id: str, roster_id: int, version: int, status: str, note: str = ""
) -> int:
    """Approve or reopen; ``note`` (an approval override and its reason) goes into the audit log."""
    with db.transaction() as session:
        repo.get_roster_row(session, unit_id, roster_id)
        new_version = repo.set_roster_status(session, roster_id, version, status)
        action = "approved_override" if note and status == "approved" else status
        summary = f"v{version}->v{new_version}" + (f"; {note}" if note else "")
        repo.add_audit(session, actor.username, "roster", str(roster_id), action, summary)
    return new_version


def archive_roster(
    db: Database, actor: Actor, unit_id: str, roster_id: int, version: int, archived: bool
) -> int:
    """Archive (or restore) a roster: it leaves the lists but stays stored. Approved rosters need the
    approver's permission, since they are the record of what was agreed."""
    with db.transaction() as session:
        row = repo.get_roster_row(session, unit_id, roster_id)
        if row.status == "approved":
            actor.require(Perm.ROSTER_APPROVE, unit_id)
        new_version = repo.set_roster_archived(session, roster_id, version, archived)
        action = "archive" if archived else "unarchive"
        repo.add_audit(session, actor.username, "roster", str(roster_id), action, f"v{version}->v{new_version}")
    return new_version


def delete_roster(db: Database, actor: Actor, unit_id: str, roster_id: int, version: int) -> None:
    """Delete a draft for good; an approved roster is kept for the audit (409: archive it instead)."""
    with db.transaction() as session:
        row = repo.get_roster_row(session, unit_id, roster_id)
        if row.status == "approved":
            raise Problem(409, "web_roster_approved_kept")
        summary = f"unit={unit_id}; shifts={len(row.assignments)}; v{version}"
        repo.delete_roster(session, roster_id, version)
        repo.add_audit(session, actor.username, "roster", str(roster_id), "delete", summary)


def roster_visible(row: RosterRow, actor: Actor) -> bool:
    """Planners, managers and representatives see every roster of their units; an employee sees only
    approved (published) ones, never drafts or experiments."""
    return actor.allowed(Perm.ROSTER_READ, row.unit_id) or (
        actor.allowed(Perm.ROSTER_READ_OWN, row.unit_id) and row.status == "approved"
    )


def readable_roster(session: Any, actor: Actor, unit_id: str, roster_id: int) -> RosterRow:
    """The roster if this actor may see it; a draft is 'not found' for an employee (404, not 403)."""
    row = repo.get_roster_row(session, unit_id, roster_id)
    if not roster_visible(row, actor):
        raise repo.NotFound("roster", str(roster_id))
    return row


def visible_absences(row: RosterRow, actor: Actor) -> list[Absence]:
    """The roster's own absences the actor may see: everyone's with the right to absence details (the
    kind may be sick leave, health data), otherwise only their own."""
    roster = repo.roster_from_row(row)
    if actor.allowed(Perm.ABSENCE_DETAILS, row.unit_id):
        return roster.absences
    return [a for a in roster.absences if a.employee == actor.employee_id]


def visible_assignments(row: RosterRow, actor: Actor) -> list[Assignment]:
    roster = repo.roster_from_row(row)
    if actor.allowed(Perm.ROSTER_READ, row.unit_id):
        return list(roster.assignments)
    return [a for a in roster.assignments if a.employee_id == actor.employee_id]
