"""The user's own account: logged-in sessions ("log out everywhere") and the password change."""

from __future__ import annotations

from fastapi import APIRouter, Depends, Form, Request
from fastapi.responses import HTMLResponse, RedirectResponse, Response
from pydantic import ValidationError

from bemanning.io.unit_file import validation_messages
from bemanning.store import repo
from bemanning.store.db import Database
from bemanning.web import sessions
from bemanning.web.api.auth import PasswordChange
from bemanning.web.deps import get_db
from bemanning.web.i18n_web import request_lang
from bemanning.web.limits import SessionId
from bemanning.web.pages import NavItem, register_nav
from bemanning.web.problems import Problem
from bemanning.web.security import Actor, change_own_password, csrf_protect, logout, page_actor
from bemanning.web.templating import render

router = APIRouter(include_in_schema=False)
register_nav(NavItem("nav_account", "/account", "global", 95))


def _page(
    request: Request, actor: Actor, db: Database, *, status_code: int = 200, **values: object
) -> Response:
    settings = request.app.state.settings
    with db.read() as session:
        rows = sessions.list_live(session, actor.id, settings)
    return render(
        request,
        "account.html",
        status_code=status_code,
        actor=actor,
        sessions=rows,
        aware=sessions.aware,
        idle_minutes=settings.session_idle_seconds // 60,
        absolute_hours=settings.session_max_age // 3600,
        **values,
    )


@router.get("/account", response_class=HTMLResponse)
def account_page(
    request: Request, actor: Actor = Depends(page_actor), db: Database = Depends(get_db)
) -> Response:
    return _page(request, actor, db, done=request.query_params.get("done"))


@router.post("/account/sessions/{session_id}/end", dependencies=[Depends(csrf_protect)])
def end_session(
    session_id: SessionId, request: Request, actor: Actor = Depends(page_actor), db: Database = Depends(get_db)
) -> Response:
    if session_id == actor.session_id:
        logout(request)
        return RedirectResponse("/login", status_code=303)
    with db.transaction() as session:
        sessions.end_by_id(session, actor.id, session_id)
        repo.add_audit(session, actor.username, "session", str(session_id), "logout", "")
    return RedirectResponse("/account", status_code=303)


@router.post("/account/logout-everywhere", dependencies=[Depends(csrf_protect)])
def logout_everywhere(
    request: Request, actor: Actor = Depends(page_actor), db: Database = Depends(get_db)
) -> Response:
    with db.transaction() as session:
        count = sessions.end_all(session, actor.id)
        repo.add_audit(session, actor.username, "user", str(actor.id), "logout_all", f"sessions={count}")
    logout(request)
    return RedirectResponse("/login", status_code=303)


@router.post("/account/password", dependencies=[Depends(csrf_protect)])
def change_password(
    request: Request,
    current_password: str = Form(""),
    new_password: str = Form(""),
    actor: Actor = Depends(page_actor),
    db: Database = Depends(get_db),
) -> Response:
    try:
        body = PasswordChange(current_password=current_password, new_password=new_password)
        change_own_password(request, actor, body.current_password, body.new_password)
    except ValidationError as exc:
        lang = request_lang(request)
        lines = [m.text(lang) for m in validation_messages(exc, "").messages]
        return _page(request, actor, db, status_code=422, errors=lines)
    except Problem as problem:
        text = problem.text(request_lang(request))
        return _page(request, actor, db, status_code=problem.status, errors=[text])
    return RedirectResponse("/account?done=password", status_code=303)
