"""Repositories: small functions over a session. Writes with a version check use a conditional
UPDATE (``WHERE version = expected``), so two concurrent edits can never both win."""

from __future__ import annotations

import datetime as dt
import threading
import weakref
from collections import OrderedDict
from typing import Any, cast

from sqlalchemy import CursorResult, delete, func, select, update
from sqlalchemy.exc import IntegrityError
from sqlalchemy.orm import Session, object_session

from bemanning.model import Absence, Assignment, Roster, Unit, Wish

from .tables import (
    AuditRow,
    JobRow,
    RegionRow,
    RosterRow,
    UnitRow,
    UserRegionUnitRow,
    UserRow,
    UserUnitRow,
    WishRow,
    utcnow,
)


class NotFound(Exception):
    def __init__(self, entity: str, key: str):
        self.entity, self.key = entity, key
        super().__init__(f"{entity} not found")


class VersionConflict(Exception):
    """Someone else saved first: the caller's version is stale."""

    def __init__(self, entity: str, expected: int, current: int | None):
        self.entity, self.expected, self.current = entity, expected, current
        super().__init__(f"{entity} version conflict")


def _rowcount(result: Any) -> int:
    return cast(CursorResult[Any], result).rowcount


# --- units ------------------------------------------------------------------------------------


def list_units(session: Session, unit_ids: set[str] | None = None) -> list[UnitRow]:
    stmt = select(UnitRow).order_by(UnitRow.name)
    if unit_ids is not None:
        stmt = stmt.where(UnitRow.id.in_(unit_ids))
    return list(session.scalars(stmt))


def get_unit_row(session: Session, unit_id: str) -> UnitRow:
    row = session.get(UnitRow, unit_id)
    if row is None:
        raise NotFound("unit", unit_id)
    return row


def unit_version(session: Session, unit_id: str) -> int:
    version = session.scalar(select(UnitRow.version).where(UnitRow.id == unit_id))
    if version is None:
        raise NotFound("unit", unit_id)
    return int(version)


def _document(unit: Unit) -> dict[str, Any]:
    """The stored document: wishes live in their own table, never in the document."""
    return {**unit.model_dump(mode="json"), "wishes": []}


def create_unit(session: Session, unit: Unit) -> UnitRow:
    row = UnitRow(id=unit.id, name=unit.name, version=1, document=_document(unit), updated_at=utcnow())
    session.add(row)
    session.flush()
    import_wishes(session, unit.id, unit.wishes, "import")
    return row


def update_unit(session: Session, unit_id: str, expected_version: int, unit: Unit) -> int:
    result = session.execute(
        update(UnitRow)
        .where(UnitRow.id == unit_id, UnitRow.version == expected_version)
        .values(
            document=_document(unit),
            name=unit.name,
            version=expected_version + 1,
            updated_at=utcnow(),
        )
        .execution_options(synchronize_session=False)
    )
    if _rowcount(result) != 1:
        current = session.scalar(select(UnitRow.version).where(UnitRow.id == unit_id))
        if current is None:
            raise NotFound("unit", unit_id)
        raise VersionConflict("unit", expected_version, current)
    import_wishes(session, unit_id, unit.wishes, "import")
    return expected_version + 1


# --- rosters ----------------------------------------------------------------------------------


def assignments_to_json(assignments: list[Assignment]) -> list[dict[str, str]]:
    ordered = sorted(assignments, key=lambda a: (a.date, a.employee_id))
    return [
        {"employee_id": a.employee_id, "date": a.date.isoformat(), "shift_code": a.shift_code}
        for a in ordered
    ]


class _RosterCache:
    """Parsed rosters by (id, version) for one database: a version's content never changes, and parsing
    a six-week grid (~850 assignments) is the costliest part of reading one."""

    def __init__(self, size: int = 64):
        self.items: OrderedDict[tuple[int, int], Roster] = OrderedDict()
        self.size = size
        self.lock = threading.Lock()


_ROSTER_CACHES: weakref.WeakKeyDictionary[Any, _RosterCache] = weakref.WeakKeyDictionary()
_CACHES_LOCK = threading.Lock()


def _roster_cache(row: RosterRow) -> _RosterCache | None:
    session = object_session(row)
    if session is None:
        return None
    engine = session.get_bind()
    with _CACHES_LOCK:
        cache = _ROSTER_CACHES.get(engine)
        if cache is None:
            cache = _ROSTER_CACHES[engine] = _RosterCache()
        return cache


def roster_from_row(row: RosterRow) -> Roster:
    """The roster of a row (cached per database, roster id and version; treat it as read-only)."""
    cache = _roster_cache(row)
    key = (row.id, row.version)
    if cache is not None:
        with cache.lock:
            hit = cache.items.get(key)
            if hit is not None and hit.unit_id == row.unit_id:
                cache.items.move_to_end(key)
                return hit
    roster = Roster(
        unit_id=row.unit_id,
        start_date=dt.date.fromisoformat(row.start_date),
        days=row.days,
        cyclic=bool(row.cyclic),
        assignments=[Assignment.model_validate(a) for a in row.assignments],
        absences=[Absence.model_validate(a) for a in row.absences or []],
    )
    if cache is not None:
        with cache.lock:
            cache.items[key] = roster
            while len(cache.items) > cache.size:
                cache.items.popitem(last=False)
    return roster


def list_rosters(
    session: Session, unit_id: str, archived: bool | None = None, status: str | None = None
) -> list[RosterRow]:
    """The unit's rosters; ``archived`` False: only the active ones, True: only the archived, None: all;
    ``status``: only the rosters with that status ("approved": the published ones)."""
    stmt = select(RosterRow).where(RosterRow.unit_id == unit_id).order_by(RosterRow.id)
    if status is not None:
        stmt = stmt.where(RosterRow.status == status)
    if archived is not None:
        stmt = stmt.where(RosterRow.archived_at.is_not(None) if archived else RosterRow.archived_at.is_(None))
    return list(session.scalars(stmt))


def get_roster_row(session: Session, unit_id: str, roster_id: int) -> RosterRow:
    row = session.get(RosterRow, roster_id)
    if row is None or row.unit_id != unit_id:
        raise NotFound("roster", str(roster_id))
    return row


def create_roster(session: Session, name: str, roster: Roster, created_by: str) -> RosterRow:
    now = utcnow()
    row = RosterRow(
        unit_id=roster.unit_id,
        name=name,
        status="draft",
        version=1,
        start_date=roster.start_date.isoformat(),
        days=roster.days,
        cyclic=int(roster.cyclic),
        assignments=assignments_to_json(roster.assignments),
        absences=absences_to_json(roster.absences),
        created_by=created_by,
        created_at=now,
        updated_at=now,
    )
    session.add(row)
    session.flush()
    return row


def _conditional_roster_update(session: Session, roster_id: int, expected_version: int, **values: Any) -> int:
    result = session.execute(
        update(RosterRow)
        .where(RosterRow.id == roster_id, RosterRow.version == expected_version)
        .values(version=expected_version + 1, updated_at=utcnow(), **values)
        .execution_options(synchronize_session=False)
    )
    if _rowcount(result) != 1:
        current = session.scalar(select(RosterRow.version).where(RosterRow.id == roster_id))
        if current is None:
            raise NotFound("roster", str(roster_id))
        raise VersionConflict("roster", expected_version, current)
    return expected_version + 1


def update_roster_assignments(
    session: Session,
    roster_id: int,
    expected_version: int,
    assignments: list[Assignment],
    absences: list[Absence] | None = None,
) -> int:
    """New assignments (and, when given, new absences) under the version check."""
    values: dict[str, Any] = {"assignments": assignments_to_json(assignments)}
    if absences is not None:
        values["absences"] = absences_to_json(absences)
    return _conditional_roster_update(session, roster_id, expected_version, **values)


def absences_to_json(absences: list[Absence]) -> list[dict[str, Any]]:
    return [a.model_dump(mode="json", exclude_none=True) for a in absences]


def set_roster_status(session: Session, roster_id: int, expected_version: int, status: str) -> int:
    return _conditional_roster_update(session, roster_id, expected_version, status=status)


def set_roster_archived(session: Session, roster_id: int, expected_version: int, archived: bool) -> int:
    return _conditional_roster_update(
        session, roster_id, expected_version, archived_at=utcnow() if archived else None
    )


def delete_roster(session: Session, roster_id: int, expected_version: int) -> None:
    result = session.execute(
        delete(RosterRow)
        .where(RosterRow.id == roster_id, RosterRow.version == expected_version)
        .execution_options(synchronize_session=False)
    )
    if _rowcount(result) != 1:
        current = session.scalar(select(RosterRow.version).where(RosterRow.id == roster_id))
        if current is None:
            raise NotFound("roster", str(roster_id))
        raise VersionConflict("roster", expected_version, current)


# --- users ------------------------------------------------------------------------------------


def get_user_by_name(session: Session, username: str) -> UserRow | None:
    """Case-insensitive: "ADMIN" finds "admin"."""
    return session.scalar(select(UserRow).where(func.lower(UserRow.username) == username.strip().lower()))


def count_active_admins(session: Session) -> int:
    """Locks the admin rows (PostgreSQL) so two admins cannot demote each other at the same time."""
    stmt = select(UserRow.id).where(UserRow.role == "admin", UserRow.active == 1).with_for_update()
    return len(list(session.scalars(stmt)))


def get_user(session: Session, user_id: int) -> UserRow | None:
    return session.get(UserRow, user_id)


def list_users(session: Session) -> list[UserRow]:
    return list(session.scalars(select(UserRow).order_by(UserRow.username)))


def user_unit_ids(session: Session, user_id: int) -> set[str]:
    return set(session.scalars(select(UserUnitRow.unit_id).where(UserUnitRow.user_id == user_id)))


def user_region_unit_ids(session: Session, user_id: int) -> set[str]:
    """The region units (staffing centre) the user answers for, beside their own units."""
    return set(session.scalars(select(UserRegionUnitRow.unit_id).where(UserRegionUnitRow.user_id == user_id)))


def region_unit_names(session: Session) -> dict[str, str]:
    """Every unit of every imported region (staffing centre): id → ``unit name (region name)``."""
    out: dict[str, str] = {}
    for row in session.execute(select(RegionRow.id, RegionRow.name, RegionRow.document).order_by(RegionRow.id)):
        for uid, unit in sorted(dict(row.document.get("units", {})).items()):
            out.setdefault(uid, f"{unit.get('name', uid)} ({row.name})")
    return out


def set_user_region_units(session: Session, user_id: int, unit_ids: list[str]) -> None:
    """Replace the user's region units (the caller checks that each is a unit of an imported region)."""
    session.execute(delete(UserRegionUnitRow).where(UserRegionUnitRow.user_id == user_id))
    for unit_id in sorted(set(unit_ids)):
        session.add(UserRegionUnitRow(user_id=user_id, unit_id=unit_id))
    session.flush()


def create_user(
    session: Session,
    username: str,
    password_hash: str,
    role: str,
    *,
    employee_id: str | None = None,
    unit_ids: list[str] | None = None,
) -> UserRow:
    row = UserRow(
        username=username,
        password_hash=password_hash,
        role=role,
        employee_id=employee_id,
        active=1,
        created_at=utcnow(),
    )
    session.add(row)
    session.flush()
    set_user_units(session, row.id, unit_ids or [])
    return row


def set_user_units(session: Session, user_id: int, unit_ids: list[str]) -> None:
    session.execute(delete(UserUnitRow).where(UserUnitRow.user_id == user_id))
    for unit_id in sorted(set(unit_ids)):
        get_unit_row(session, unit_id)
        session.add(UserUnitRow(user_id=user_id, unit_id=unit_id))
    session.flush()


# --- audit ------------------------------------------------------------------------------------


def add_audit(
    session: Session, username: str, entity: str, entity_id: str, action: str, summary: str = ""
) -> None:
    session.add(
        AuditRow(
            at=utcnow(), username=username, entity=entity, entity_id=entity_id, action=action, summary=summary
        )
    )


def list_audit(session: Session, *, limit: int = 100, offset: int = 0) -> list[AuditRow]:
    stmt = select(AuditRow).order_by(AuditRow.id.desc()).limit(limit).offset(offset)
    return list(session.scalars(stmt))


# --- wishes -----------------------------------------------------------------------------------


def wish_key(wish: Wish) -> str:
    """Employee, day or date, shift and want/not want: two wishes with the same key are the same wish."""
    place = f"d{wish.date.isoformat()}" if wish.date is not None else f"n{wish.day}"
    return f"{wish.employee}|{place}|{wish.shift or ''}|{int(wish.want)}"


def wish_from_row(row: WishRow) -> Wish:
    return Wish(
        employee=row.employee_id,
        day=row.day,
        date=dt.date.fromisoformat(row.date) if row.date else None,
        shift=row.shift,
        want=row.want,
        weight=row.weight,
    )


def list_wish_rows(session: Session, unit_id: str, employee_id: str | None = None) -> list[WishRow]:
    stmt = select(WishRow).where(WishRow.unit_id == unit_id).order_by(WishRow.id)
    if employee_id is not None:
        stmt = stmt.where(WishRow.employee_id == employee_id)
    return list(session.scalars(stmt))


def unit_version_and_wishes(session: Session, unit_id: str) -> tuple[int, tuple[int, int]]:
    """The unit's version and its wishes stamp in one query (every unit read asks for both)."""
    count = select(func.count(WishRow.id)).where(WishRow.unit_id == unit_id).scalar_subquery()
    top = select(func.max(WishRow.id)).where(WishRow.unit_id == unit_id).scalar_subquery()
    found = session.execute(select(UnitRow.version, count, top).where(UnitRow.id == unit_id)).first()
    if found is None:
        raise NotFound("unit", unit_id)
    return int(found[0]), (int(found[1] or 0), int(found[2] or 0))


def wishes_stamp(session: Session, unit_id: str) -> tuple[int, int]:
    """(count, highest id) of the unit's wishes: changes with every insert and delete."""
    count, top = session.execute(
        select(func.count(WishRow.id), func.max(WishRow.id)).where(WishRow.unit_id == unit_id)
    ).one()
    return int(count or 0), int(top or 0)


def count_wishes(session: Session, unit_id: str, employee_id: str) -> int:
    return int(
        session.scalar(
            select(func.count(WishRow.id)).where(WishRow.unit_id == unit_id, WishRow.employee_id == employee_id)
        )
        or 0
    )


def find_wish(session: Session, unit_id: str, key: str) -> WishRow | None:
    return session.scalar(select(WishRow).where(WishRow.unit_id == unit_id, WishRow.key == key))


def add_wish(session: Session, unit_id: str, wish: Wish, created_by: str) -> tuple[WishRow, bool]:
    """Insert the wish, or return the stored one with the same key (``created`` False). A savepoint
    keeps the caller's transaction usable when another request inserted the same wish a moment before."""
    key = wish_key(wish)
    existing = find_wish(session, unit_id, key)
    if existing is not None:
        return existing, False
    row = WishRow(
        unit_id=unit_id,
        employee_id=wish.employee,
        key=key,
        day=wish.day if wish.date is None else None,
        date=wish.date.isoformat() if wish.date is not None else None,
        shift=wish.shift,
        want=wish.want,
        weight=wish.weight,
        created_by=created_by,
        created_at=utcnow(),
    )
    try:
        with session.begin_nested():
            session.add(row)
            session.flush()
    except IntegrityError:
        existing = find_wish(session, unit_id, key)
        if existing is None:
            raise
        return existing, False
    return row, True


def import_wishes(session: Session, unit_id: str, wishes: list[Wish], created_by: str) -> int:
    """Wishes that come inside a unit document (file import, whole-document save) go to the table."""
    return sum(1 for wish in wishes if add_wish(session, unit_id, wish, created_by)[1])


def delete_wish(session: Session, unit_id: str, wish_id: int) -> WishRow:
    row = session.get(WishRow, wish_id)
    if row is None or row.unit_id != unit_id:
        raise NotFound("wish", str(wish_id))
    session.delete(row)
    session.flush()
    return row


# --- jobs -------------------------------------------------------------------------------------


def add_job(session: Session, row: JobRow) -> None:
    session.add(row)
    session.flush()


def get_job(session: Session, job_id: str) -> JobRow | None:
    return session.get(JobRow, job_id)


def update_job(session: Session, job_id: str, **values: Any) -> None:
    session.execute(update(JobRow).where(JobRow.id == job_id).values(**values))


def interrupt_unfinished_jobs(session: Session) -> int:
    """Jobs a stopped process left queued or running: marked 'interrupted' (shown as 'avbrutt')."""
    result = session.execute(
        update(JobRow)
        .where(JobRow.status.in_(("queued", "running")))
        .values(status="interrupted", finished_at=utcnow())
    )
    return _rowcount(result)


def list_jobs(session: Session, *, username: str | None = None, limit: int = 50) -> list[JobRow]:
    stmt = select(JobRow).order_by(JobRow.created_at.desc()).limit(limit)
    if username is not None:
        stmt = stmt.where(JobRow.username == username)
    return list(session.scalars(stmt))
