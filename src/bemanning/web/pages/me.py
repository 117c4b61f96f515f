"""The employee's own page: own shifts in the unit's rosters and own wishes."""

from __future__ import annotations

import datetime as dt

from fastapi import APIRouter, Depends, Form, Request
from fastapi.responses import HTMLResponse, RedirectResponse, Response
from pydantic import ValidationError

from bemanning.io.unit_file import validation_messages
from bemanning.model import Wish
from bemanning.store import repo
from bemanning.store.db import Database
from bemanning.web import services
from bemanning.web.deps import get_cache, get_db
from bemanning.web.limits import WishId
from bemanning.web.pages import NavItem, register_nav
from bemanning.web.problems import Problem
from bemanning.web.security import Actor, Perm, csrf_protect, page_actor
from bemanning.web.services import UnitCache
from bemanning.web.templating import render

router = APIRouter(include_in_schema=False)
register_nav(NavItem("nav_me", "/me", "global", 20, perms=(Perm.WISH_OWN,)))


def _own_unit(actor: Actor) -> str:
    if actor.employee_id is None or not actor.unit_ids:
        raise Problem(403, "web_no_employee")
    return sorted(actor.unit_ids)[0]


@router.get("/me", response_class=HTMLResponse)
def my_page(
    request: Request,
    actor: Actor = Depends(page_actor),
    db: Database = Depends(get_db),
    cache: UnitCache = Depends(get_cache),
) -> Response:
    actor.require(Perm.WISH_OWN)
    unit_id = _own_unit(actor)
    unit = services.load_unit(db, cache, unit_id).unit
    with db.read() as session:
        rosters = []
        # Only published (approved) rosters: drafts and experiments are the planners' work. The filter
        # is in the query, so a unit with many drafts costs this page nothing (issue 27: /me's tail).
        for row in repo.list_rosters(session, unit_id, archived=False, status="approved"):
            roster = repo.roster_from_row(row)  # parsed once per roster version (cached)
            own = sorted((a for a in roster.assignments if a.employee_id == actor.employee_id), key=lambda a: a.date)
            rosters.append(
                {
                    "row": row,
                    "shifts": [
                        {"date": a.date, "code": a.shift_code, "shift": unit.shift_type(a.shift_code)}
                        for a in own
                    ],
                }
            )
        wishes = [(r.id, repo.wish_from_row(r)) for r in repo.list_wish_rows(session, unit_id, actor.employee_id)]
    most, heaviest = services.wish_limits(unit)
    return render(
        request, "me.html", actor=actor, unit=unit, rosters=rosters, wishes=wishes, most=most, heaviest=heaviest
    )


@router.post("/me/wishes", dependencies=[Depends(csrf_protect)])
def add_my_wish(
    request: Request,
    date: dt.date = Form(...),
    shift: str = Form("", max_length=20),
    want: str = Form("1", max_length=1),
    actor: Actor = Depends(page_actor),
    db: Database = Depends(get_db),
    cache: UnitCache = Depends(get_cache),
) -> Response:
    actor.require(Perm.WISH_OWN)
    unit_id = _own_unit(actor)
    try:
        wish = Wish(employee=actor.employee_id or "", date=date, shift=shift or None, want=want == "1")
    except ValidationError as exc:
        raise validation_messages(exc, "wish") from None
    services.add_wish(db, cache, actor, unit_id, wish)
    return RedirectResponse("/me", status_code=303)


@router.post("/me/wishes/{wish_id}/delete", dependencies=[Depends(csrf_protect)])
def delete_my_wish(
    wish_id: WishId,
    actor: Actor = Depends(page_actor),
    db: Database = Depends(get_db),
) -> Response:
    actor.require(Perm.WISH_OWN)
    services.delete_wish(db, actor, _own_unit(actor), wish_id, actor.employee_id or "")
    return RedirectResponse("/me", status_code=303)
