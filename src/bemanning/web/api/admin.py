"""Users, roles and unit access; the audit log. Administrators only."""

from __future__ import annotations

from fastapi import APIRouter, Depends, Query
from sqlalchemy.exc import IntegrityError
from sqlalchemy.orm import Session

from bemanning.store import repo
from bemanning.store.db import Database
from bemanning.store.tables import UserRow
from bemanning.web import accounts
from bemanning.web.deps import get_db
from bemanning.web.limits import MAX_INT, UserId
from bemanning.web.problems import Problem
from bemanning.web.schemas import AuditOut, UserCreate, UserOut, UserUpdate
from bemanning.web.security import Actor, Perm, api_actor, csrf_protect

router = APIRouter(tags=["admin"])


def _user_out(session: Session, row: UserRow) -> UserOut:
    return UserOut(
        id=row.id,
        username=row.username,
        role=row.role,
        employee_id=row.employee_id,  # type: ignore[arg-type]
        unit_ids=sorted(repo.user_unit_ids(session, row.id)),
        active=bool(row.active),
        region_unit_ids=sorted(repo.user_region_unit_ids(session, row.id)),
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
            return _user_out(session, accounts.create(session, actor.username, body))
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
        accounts.update(session, actor.username, row, body)
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
