"""Users, roles and unit access; the audit log. Administrators only."""

from __future__ import annotations

from fastapi import APIRouter, Depends, Query
from sqlalchemy.exc import IntegrityError
from sqlalchemy.orm import Session

from bemanning.store import repo
from bemanning.store.db import Database
from bemanning.store.tables import UserRow
from bemanning.web import sessions, throttle
from bemanning.web.deps import get_db
from bemanning.web.limits import MAX_INT, UserId
from bemanning.web.problems import Problem
from bemanning.web.schemas import AuditOut, UserCreate, UserOut, UserUpdate
from bemanning.web.security import Actor, Perm, api_actor, csrf_protect, hash_password

router = APIRouter(tags=["admin"])


def _user_out(session: Session, row: UserRow) -> UserOut:
    return UserOut(
        id=row.id,
        username=row.username,
        role=row.role,
        employee_id=row.employee_id,  # type: ignore[arg-type]
        unit_ids=sorted(repo.user_unit_ids(session, row.id)),
        active=bool(row.active),
    )


@router.get("/users", response_model=list[UserOut])
def list_users(actor: Actor = Depends(api_actor), db: Database = Depends(get_db)) -> list[UserOut]:
    actor.require(Perm.USER_ADMIN)
    with db.read() as session:
        return [_user_out(session, r) for r in repo.list_users(session)]


@router.post("/users", response_model=UserOut, status_code=201, dependencies=[Depends(csrf_protect)])
def create_user(
    body: UserCreate, actor: Actor = Depends(api_actor), db: Database = Depends(get_db)
) -> UserOut:
    actor.require(Perm.USER_ADMIN)
    try:
        with db.transaction() as session:
            if repo.get_user_by_name(session, body.username) is not None:
                raise Problem(409, "web_user_exists", username=body.username)
            if body.employee_id is not None:
                check_employee(session, body.employee_id, body.unit_ids)
            row = repo.create_user(
                session,
                body.username,
                hash_password(body.password),
                body.role,
                employee_id=body.employee_id,
                unit_ids=body.unit_ids,
            )
            repo.add_audit(
                session,
                actor.username,
                "user",
                str(row.id),
                "create",
                f"role={body.role}; units={len(body.unit_ids)}",
            )
            return _user_out(session, row)
    except IntegrityError:
        raise Problem(409, "web_user_exists", username=body.username) from None


@router.patch("/users/{user_id}", response_model=UserOut, dependencies=[Depends(csrf_protect)])
def update_user(
    user_id: UserId, body: UserUpdate, actor: Actor = Depends(api_actor), db: Database = Depends(get_db)
) -> UserOut:
    actor.require(Perm.USER_ADMIN)
    with db.transaction() as session:
        row = repo.get_user(session, user_id)
        if row is None:
            raise repo.NotFound("user", str(user_id))
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
        if "employee_id" in body.model_fields_set:
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
        if revoke:
            # A copied cookie must not outlive a password, role or active change.
            changed.append(f"sessions_ended={sessions.end_all(session, row.id)}")
        repo.add_audit(session, actor.username, "user", str(row.id), "update", ", ".join(changed))
        session.flush()
        return _user_out(session, row)


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


@router.get("/audit", response_model=list[AuditOut])
def audit_log(
    limit: int = Query(100, ge=1, le=1000),
    offset: int = Query(0, ge=0, le=MAX_INT),
    actor: Actor = Depends(api_actor),
    db: Database = Depends(get_db),
) -> list[AuditOut]:
    actor.require(Perm.AUDIT_READ)
    with db.read() as session:
        return [
            AuditOut.model_validate(r, from_attributes=True)
            for r in repo.list_audit(session, limit=limit, offset=offset)
        ]
