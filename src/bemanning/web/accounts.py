"""User administration shared by the API, the administration page and `bemanning bruker`:
create, change, reset password; the last-admin guard; sessions end when access changes."""

from __future__ import annotations

import secrets

from sqlalchemy.orm import Session

from bemanning.store import repo
from bemanning.store.tables import UserRow

from . import sessions, throttle
from .problems import Problem
from .schemas import UserCreate, UserUpdate
from .security import hash_password


def generated_password() -> str:
    """A random password of 20 characters (120 bits), shown once to whoever asked for it."""
    return secrets.token_urlsafe(15)


def guard_last_admin(session: Session, row: UserRow) -> None:
    """409 when ``row`` is the only active administrator: someone must be able to administer."""
    if repo.count_active_admins(session) <= 1:
        raise Problem(409, "web_last_admin", username=row.username)


def check_employee(session: Session, employee_id: str, unit_ids: list[str]) -> None:
    """A user's employee must exist in one of the user's units (422 naming the id otherwise)."""
    for unit_id in unit_ids:
        unit = repo.get_unit_row(session, unit_id)
        if any(e.get("id") == employee_id for e in unit.document.get("employees", [])):
            return
    raise Problem(422, "web_employee_not_in_units", employee=employee_id, units=", ".join(unit_ids) or "-")


def check_region_units(session: Session, unit_ids: list[str]) -> None:
    """Each id must be a unit of an imported region (422 naming the first that is not)."""
    known = repo.region_unit_names(session)
    for unit_id in unit_ids:
        if unit_id not in known:
            raise Problem(422, "web_region_unit_unknown", value=unit_id, known=", ".join(sorted(known)[:20]) or "-")


def create(session: Session, by: str, body: UserCreate) -> UserRow:
    if repo.get_user_by_name(session, body.username) is not None:
        raise Problem(409, "web_user_exists", username=body.username)
    for unit_id in body.unit_ids:
        repo.get_unit_row(session, unit_id)
    if body.employee_id is not None:
        check_employee(session, body.employee_id, body.unit_ids)
    check_region_units(session, body.region_unit_ids)
    row = repo.create_user(
        session,
        body.username,
        hash_password(body.password),
        body.role,
        employee_id=body.employee_id,
        unit_ids=body.unit_ids,
    )
    repo.set_user_region_units(session, row.id, body.region_unit_ids)
    repo.add_audit(
        session, by, "user", str(row.id), "create",
        f"role={body.role}; units={len(body.unit_ids)}; region_units={len(body.region_unit_ids)}",
    )
    return row


def update(session: Session, by: str, row: UserRow, body: UserUpdate) -> list[str]:
    """Applies the change; a new password, role or deactivation ends all the user's sessions.
    Returns what changed (codes for the audit row)."""
    demoted = body.role is not None and body.role != "admin"
    if row.role == "admin" and row.active and (demoted or body.active is False):
        guard_last_admin(session, row)
    if body.employee_id is not None:
        units = body.unit_ids if body.unit_ids is not None else sorted(repo.user_unit_ids(session, row.id))
        check_employee(session, body.employee_id, units)
    changed = []
    revoke = False
    if body.role is not None and body.role != row.role:
        row.role = body.role
        changed.append(f"role={body.role}")
        revoke = True
    if "employee_id" in body.model_fields_set and body.employee_id != row.employee_id:
        row.employee_id = body.employee_id
        changed.append("employee")
    if body.password is not None:
        row.password_hash = hash_password(body.password)
        throttle.clear_account(session, row.username)
        changed.append("password")
        revoke = True
    if body.active is not None and int(body.active) != row.active:
        row.active = int(body.active)
        changed.append(f"active={body.active}")
        revoke = revoke or not body.active
    if body.unit_ids is not None:
        repo.set_user_units(session, row.id, body.unit_ids)
        changed.append(f"units={len(body.unit_ids)}")
    if body.region_unit_ids is not None:
        check_region_units(session, body.region_unit_ids)
        repo.set_user_region_units(session, row.id, body.region_unit_ids)
        # The ids, not names: which places' agency hire the user now decides.
        changed.append(f"region_units={','.join(sorted(set(body.region_unit_ids))) or '-'}")
    if revoke:
        # A copied cookie must not outlive a password, role or active change.
        changed.append(f"sessions_ended={sessions.end_all(session, row.id)}")
    repo.add_audit(session, by, "user", str(row.id), "update", ", ".join(changed))
    session.flush()
    return changed
