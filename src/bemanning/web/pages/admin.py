"""Users and the audit log (administrators)."""

from __future__ import annotations

from fastapi import APIRouter, Depends, Request
from fastapi.responses import HTMLResponse, Response

from bemanning.store import repo
from bemanning.store.db import Database
from bemanning.web.deps import get_db
from bemanning.web.pages import NavItem, register_nav
from bemanning.web.security import Actor, Perm, page_actor
from bemanning.web.templating import render

router = APIRouter(include_in_schema=False)
register_nav(NavItem("nav_admin", "/admin", "global", 90, perms=(Perm.USER_ADMIN,)))


@router.get("/admin", response_class=HTMLResponse)
def admin_page(
    request: Request, actor: Actor = Depends(page_actor), db: Database = Depends(get_db)
) -> Response:
    actor.require(Perm.USER_ADMIN)
    with db.read() as session:
        users = [
            {"row": u, "units": sorted(repo.user_unit_ids(session, u.id))} for u in repo.list_users(session)
        ]
        audit = repo.list_audit(session, limit=200)
    return render(request, "admin.html", actor=actor, users=users, audit=audit)
