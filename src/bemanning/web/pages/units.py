"""Unit list and unit set-up (groups, staff, shift types, minimum staffing, rules, activity)."""

from __future__ import annotations

from fastapi import APIRouter, Depends, Request
from fastapi.responses import HTMLResponse, Response

from bemanning.model import Weekday
from bemanning.store import repo
from bemanning.store.db import Database
from bemanning.web import services
from bemanning.web.deps import get_cache, get_db
from bemanning.web.i18n_web import request_lang
from bemanning.web.pages import NavItem, register_nav
from bemanning.web.security import Actor, Perm, page_actor
from bemanning.web.services import UnitCache
from bemanning.web.templating import page_cache, render, render_fragment

router = APIRouter(include_in_schema=False)

register_nav(NavItem("nav_units", "/units", "global", 10))
register_nav(NavItem("nav_setup", "/units/{unit_id}", "unit", 10, perms=(Perm.UNIT_READ,)))
# Later capabilities (requirement/FTE, scenarios, follow-up) replace these by registering the same key
# with enabled=True from their own page module.
register_nav(
    NavItem("nav_requirement", "/units/{unit_id}/requirement", "unit", 40, perms=(Perm.UNIT_READ,), enabled=False)
)
register_nav(NavItem("nav_scenarios", "/units/{unit_id}/scenarios", "unit", 60, perms=(Perm.UNIT_READ,), enabled=False))
register_nav(NavItem("nav_followup", "/followup", "global", 70, perms=(Perm.UNIT_READ,), enabled=False))


@router.get("/units", response_class=HTMLResponse)
def unit_list(request: Request, actor: Actor = Depends(page_actor), db: Database = Depends(get_db)) -> Response:
    with db.read() as session:
        rows = repo.list_units(session, None if actor.is_admin else set(actor.unit_ids))
        units = [
            {
                "id": r.id,
                "name": r.name,
                "version": r.version,
                "organisation": r.document.get("organisation") or {},
                "staff": len(r.document.get("employees") or []),
                # Links only to pages this user may open (an employee has none of these).
                "can_read": actor.allowed(Perm.UNIT_READ, r.id),
                "can_rosters": actor.allowed(Perm.ROSTER_READ, r.id),
            }
            for r in rows
        ]
    return render(request, "units.html", actor=actor, units=units)


@router.get("/units/{unit_id}", response_class=HTMLResponse)
def unit_setup(
    unit_id: str,
    request: Request,
    actor: Actor = Depends(page_actor),
    db: Database = Depends(get_db),
    cache: UnitCache = Depends(get_cache),
) -> Response:
    actor.require(Perm.UNIT_READ, unit_id)
    stored = services.load_unit(db, cache, unit_id)
    unit = stored.unit
    # The set-up tables depend only on the unit version and the language: rendered once, then reused.
    key = ("setup", unit_id, stored.version, request_lang(request))
    body = page_cache(request.app.state).get(key)
    if body is None:
        body = render_fragment(
            request,
            "_unit_setup_body.html",
            unit_id=unit_id,
            unit=unit,
            version=stored.version,
            group_names={g.id: g.name for g in unit.groups},
            weekdays=list(Weekday),
            groups=unit.groups_by_rank(),
            rules=unit.rules.settings,
        )
        page_cache(request.app.state).put(key, body)
    return render(request, "unit_setup.html", actor=actor, unit_id=unit_id, unit=unit, body=body)
