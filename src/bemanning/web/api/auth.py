"""Log in and out over the API; ``GET /api/auth/me`` returns the CSRF token for later writes.
Also the user's own sessions ("log out everywhere") and the own password change."""

from __future__ import annotations

import datetime as dt

from fastapi import APIRouter, Depends, Request, Response
from pydantic import BaseModel, Field

from bemanning.store import repo
from bemanning.store.db import Database
from bemanning.web import sessions
from bemanning.web.deps import get_db
from bemanning.web.limits import SessionId
from bemanning.web.problems import Problem
from bemanning.web.schemas import LoginIn, MeOut, Strict
from bemanning.web.security import (
    PASSWORD_MAX,
    PASSWORD_MIN,
    Actor,
    api_actor,
    authenticate,
    change_own_password,
    csrf_protect,
    csrf_token,
    logout,
)

router = APIRouter(prefix="/auth", tags=["auth"])


class SessionOut(BaseModel):
    id: int
    created_at: dt.datetime
    last_seen_at: dt.datetime
    address: str
    user_agent: str
    current: bool


class PasswordChange(Strict):
    current_password: str = Field(min_length=1, max_length=PASSWORD_MAX)
    new_password: str = Field(min_length=PASSWORD_MIN, max_length=PASSWORD_MAX)


def _me(request: Request, actor: Actor) -> MeOut:
    return MeOut(
        username=actor.username,
        role=actor.role.value,
        employee_id=actor.employee_id,
        unit_ids=sorted(actor.unit_ids),
        csrf_token=csrf_token(request),
    )


@router.post("/login", response_model=MeOut)
def login(body: LoginIn, request: Request) -> MeOut:
    """Logg inn. / Log in. JSON only: a cross-site form cannot send it, so no CSRF token is needed yet.
    429 with Retry-After while the account or address is throttled."""
    if not request.headers.get("content-type", "").startswith("application/json"):
        raise Problem(415, "web_bad_request", problem="application/json")
    return _me(request, authenticate(request, body.username, body.password))


@router.post("/logout", status_code=204, dependencies=[Depends(csrf_protect)])
def logout_api(request: Request) -> Response:
    """Logg ut: økten avsluttes på tjeneren. / Log out: the session ends on the server."""
    logout(request)
    return Response(status_code=204)


@router.get("/me", response_model=MeOut)
def me(request: Request, actor: Actor = Depends(api_actor)) -> MeOut:
    return _me(request, actor)


@router.get("/sessions", response_model=list[SessionOut])
def my_sessions(
    request: Request, actor: Actor = Depends(api_actor), db: Database = Depends(get_db)
) -> list[SessionOut]:
    """Mine innloggede økter. / My logged-in sessions."""
    with db.read() as session:
        rows = sessions.list_live(session, actor.id, request.app.state.settings)
        return [
            SessionOut(
                id=r.id,
                created_at=sessions.aware(r.created_at),
                last_seen_at=sessions.aware(r.last_seen_at),
                address=r.address,
                user_agent=r.user_agent,
                current=r.id == actor.session_id,
            )
            for r in rows
        ]


@router.delete("/sessions/{session_id}", status_code=204, dependencies=[Depends(csrf_protect)])
def end_session(
    session_id: SessionId, request: Request, actor: Actor = Depends(api_actor), db: Database = Depends(get_db)
) -> Response:
    """Avslutt én av mine økter. / End one of my sessions."""
    if session_id == actor.session_id:
        logout(request)
        return Response(status_code=204)
    with db.transaction() as session:
        rows = sessions.list_live(session, actor.id, request.app.state.settings)
        if not any(r.id == session_id for r in rows):
            raise Problem(404, "web_session_not_found")
        sessions.end_by_id(session, actor.id, session_id)
        repo.add_audit(session, actor.username, "session", str(session_id), "logout", "")
    return Response(status_code=204)


@router.post("/logout-everywhere", status_code=204, dependencies=[Depends(csrf_protect)])
def logout_everywhere(
    request: Request, actor: Actor = Depends(api_actor), db: Database = Depends(get_db)
) -> Response:
    """Logg ut alle mine økter, også denne. / End all my sessions, this one included."""
    with db.transaction() as session:
        count = sessions.end_all(session, actor.id)
        repo.add_audit(session, actor.username, "user", str(actor.id), "logout_all", f"sessions={count}")
    logout(request)
    return Response(status_code=204)


@router.post("/password", status_code=204, dependencies=[Depends(csrf_protect)])
def change_password(body: PasswordChange, request: Request, actor: Actor = Depends(api_actor)) -> Response:
    """Bytt eget passord; alle andre økter logges ut. / Change your password; other sessions end."""
    change_own_password(request, actor, body.current_password, body.new_password)
    return Response(status_code=204)
