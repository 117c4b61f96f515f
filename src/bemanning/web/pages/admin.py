"""User administration (list, create, deactivate, reset password, change role), a new unit from a
file, and the audit log. Administrators only; the same rules as the API (``web/accounts.py``)."""

from __future__ import annotations

from typing import Any

from fastapi import APIRouter, Depends, File, Form, Request, UploadFile
from fastapi.responses import HTMLResponse, RedirectResponse, Response
from pydantic import ValidationError

from bemanning.i18n import t
from bemanning.io.errors import UserError
from bemanning.io.unit_file import MAX_FILE_BYTES, validation_messages
from bemanning.store import repo
from bemanning.store.db import Database
from bemanning.web import accounts
from bemanning.web.deps import get_db
from bemanning.web.i18n_web import request_lang
from bemanning.web.limits import UserId
from bemanning.web.pages import NavItem, register_nav
from bemanning.web.problems import Problem
from bemanning.web.schemas import UserCreate, UserUpdate
from bemanning.web.security import Actor, Perm, csrf_protect, page_actor
from bemanning.web.templating import render
from bemanning.web.unit_import import store_new_unit, unit_from_upload

router = APIRouter(include_in_schema=False)
register_nav(NavItem("nav_admin", "/admin", "global", 90, perms=(Perm.USER_ADMIN,)))

ROLES = ("admin", "leder", "planlegger", "ansatt", "tillitsvalgt", "bemanningssenter")


def _page(
    request: Request, actor: Actor, db: Database, *, status_code: int = 200, **values: Any
) -> HTMLResponse:
    with db.read() as session:
        users = [
            {"row": u, "units": sorted(repo.user_unit_ids(session, u.id)),
             "region_units": sorted(repo.user_region_unit_ids(session, u.id))}
            for u in repo.list_users(session)
        ]
        units = [(u.id, u.name) for u in repo.list_units(session)]
        region_units = sorted(repo.region_unit_names(session).items())
        audit = repo.list_audit(session, limit=200)
    return render(
        request, "admin.html", status_code=status_code, actor=actor, users=users, units=units, roles=ROLES,
        region_units=region_units,
        audit=audit, **values,
    )


def _errors(request: Request, exc: Exception) -> tuple[int, list[str]]:
    """The status and the lines to show for a failed form, in the page's language."""
    lang = request_lang(request)
    if isinstance(exc, ValidationError):
        return 422, [m.text(lang) for m in validation_messages(exc, "").messages]
    if isinstance(exc, UserError):
        return 422, exc.text(lang).splitlines()
    if isinstance(exc, repo.NotFound):
        return 404, [Problem(404, "web_not_found", entity=exc.entity, key=exc.key).text(lang)]
    assert isinstance(exc, Problem)
    return exc.status, [exc.text(lang), *[m.text(lang) for m in exc.messages]]


@router.get("/admin", response_class=HTMLResponse)
def admin_page(
    request: Request, actor: Actor = Depends(page_actor), db: Database = Depends(get_db)
) -> Response:
    actor.require(Perm.USER_ADMIN)
    return _page(request, actor, db, done=request.query_params.get("done"))


@router.post("/admin/users", dependencies=[Depends(csrf_protect)])
def create_user(
    request: Request,
    username: str = Form(""),
    role: str = Form(""),
    password: str = Form(""),
    employee_id: str = Form(""),
    unit_ids: list[str] = Form([]),
    region_unit_ids: list[str] = Form([]),
    actor: Actor = Depends(page_actor),
    db: Database = Depends(get_db),
) -> Response:
    actor.require(Perm.USER_ADMIN)
    generated = not password
    secret = accounts.generated_password() if generated else password
    try:
        body = UserCreate(
            username=username.strip(), password=secret, role=role,  # type: ignore[arg-type]
            employee_id=employee_id.strip() or None, unit_ids=unit_ids, region_unit_ids=region_unit_ids,
        )
        with db.transaction() as session:
            accounts.create(session, actor.username, body)
    except (ValidationError, Problem, repo.NotFound) as exc:
        status, lines = _errors(request, exc)
        return _page(request, actor, db, status_code=status, errors=lines, form={"username": username})
    lang = request_lang(request)
    notice = (
        t("admin_password_once", lang, username=body.username, password=secret)
        if generated
        else t("admin_user_created", lang, username=body.username)
    )
    # The password is shown in this answer only (no redirect, no-store): never in a URL or a log.
    return _page(request, actor, db, notice=notice)


def _update(request: Request, actor: Actor, db: Database, user_id: int, **change: Any) -> Response:
    actor.require(Perm.USER_ADMIN)
    try:
        body = UserUpdate(**change)
        with db.transaction() as session:
            row = repo.get_user(session, user_id)
            if row is None:
                raise repo.NotFound("user", str(user_id))
            accounts.update(session, actor.username, row, body)
            username = row.username
    except (ValidationError, Problem, repo.NotFound) as exc:
        status, lines = _errors(request, exc)
        return _page(request, actor, db, status_code=status, errors=lines)
    if "password" in change:
        notice = t("admin_password_once", request_lang(request), username=username, password=change["password"])
        return _page(request, actor, db, notice=notice)
    return RedirectResponse("/admin?done=saved", status_code=303)


@router.post("/admin/users/{user_id}/role", dependencies=[Depends(csrf_protect)])
def change_role(
    user_id: UserId, request: Request, role: str = Form(""),
    actor: Actor = Depends(page_actor), db: Database = Depends(get_db),
) -> Response:
    return _update(request, actor, db, user_id, role=role)


@router.post("/admin/users/{user_id}/region-units", dependencies=[Depends(csrf_protect)])
def set_region_units(
    user_id: UserId, request: Request, region_unit_ids: list[str] = Form([]),
    actor: Actor = Depends(page_actor), db: Database = Depends(get_db),
) -> Response:
    """The region units whose agency hire the user decides (the staffing centre's pre-assessment)."""
    return _update(request, actor, db, user_id, region_unit_ids=region_unit_ids)


@router.post("/admin/users/{user_id}/active", dependencies=[Depends(csrf_protect)])
def set_active(
    user_id: UserId, request: Request, active: str = Form(""),
    actor: Actor = Depends(page_actor), db: Database = Depends(get_db),
) -> Response:
    return _update(request, actor, db, user_id, active=active == "1")


@router.post("/admin/users/{user_id}/password", dependencies=[Depends(csrf_protect)])
def reset_password(
    user_id: UserId, request: Request, actor: Actor = Depends(page_actor), db: Database = Depends(get_db)
) -> Response:
    return _update(request, actor, db, user_id, password=accounts.generated_password())


@router.post("/admin/units", dependencies=[Depends(csrf_protect)])
def import_unit(
    request: Request,
    file: UploadFile = File(...),
    actor: Actor = Depends(page_actor),
    db: Database = Depends(get_db),
) -> Response:
    actor.require(Perm.USER_ADMIN)
    try:
        unit = unit_from_upload(file.filename, file.file.read(MAX_FILE_BYTES + 1))
        store_new_unit(db, actor.username, unit)
    except (UserError, Problem) as exc:
        status, lines = _errors(request, exc)
        return _page(request, actor, db, status_code=status, unit_errors=lines)
    return RedirectResponse(f"/units/{unit.id}", status_code=303)
