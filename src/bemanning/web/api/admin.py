"""Users, roles and unit access; the audit log. Administrators only."""

from __future__ import annotations

from fastapi import APIRouter, Depends, Query
from sqlalchemy.exc import IntegrityError
from sqlalchemy.orm import Session

from bemanning.store import repo
from bemanning.store.db import Database
from bemanning.store.tables import UserRow
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
        changed = []
        if body.role is not None:
            row.role = body.role
            changed.append(f"role={body.role}")
        if "employee_id" in body.model_fields_set:
            row.employee_id = body.employee_id
            changed.append("employee")
        if body.password is not None:
            row.password_hash = hash_password(body.password)
            changed.append("password")
        if body.active is not None:
            row.active = int(body.active)
            changed.append(f"active={body.active}")
        if body.unit_ids is not None:
            repo.set_user_units(session, row.id, body.unit_ids)
            changed.append(f"units={len(body.unit_ids)}")
        repo.add_audit(session, actor.username, "user", str(row.id), "update", ", ".join(changed))
        session.flush()
        return _user_out(session, row)


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
