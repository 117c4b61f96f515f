"""The roster grid like GAT: staff rows grouped by profession, dates as columns with weekday and
week number, coloured shift codes, weekend shading and a coverage row per group. A click on a
cell opens a shift picker; a change saves through HTMX with the roster's version."""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable
from typing import Any

from fastapi import APIRouter, Depends, File, Form, Request, UploadFile
from fastapi.responses import HTMLResponse, RedirectResponse, Response
from markupsafe import Markup, escape

from bemanning.i18n import t
from bemanning.model import Roster
from bemanning.store import repo
from bemanning.store.db import Database
from bemanning.web import approval, services
from bemanning.web.api.rosters import import_csv
from bemanning.web.chain import chain_for
from bemanning.web.deps import get_cache, get_db
from bemanning.web.grid import GridRenderer, GridView, Lru, RosterCheck, changed_cells, check, dates_of, render_grid
from bemanning.web.i18n_web import request_lang
from bemanning.web.limits import MAX_INT, RosterId
from bemanning.web.pages import NavItem, register_nav
from bemanning.web.security import Actor, Perm, csrf_protect, page_actor
from bemanning.web.services import UnitCache
from bemanning.web.templating import render

router = APIRouter(include_in_schema=False)
register_nav(NavItem("nav_rosters", "/units/{unit_id}/rosters", "unit", 30, perms=(Perm.ROSTER_READ,)))


def check_cache(state: Any) -> Lru[tuple[int, int, int], RosterCheck]:
    cache = getattr(state, "check_cache", None)
    if cache is None:
        cache = state.check_cache = Lru(32)
    return cache  # type: ignore[no-any-return]


def grid_cache(state: Any) -> Lru[tuple[Any, ...], dict[str, Markup]]:
    cache = getattr(state, "grid_cache", None)
    if cache is None:
        cache = state.grid_cache = Lru(32)
    return cache  # type: ignore[no-any-return]


def roster_check(state: Any, unit_id: str, roster_id: int, version: int, roster: Roster) -> RosterCheck:
    """The checker's verdict on one roster version against the staffing requirement (cached)."""
    chain = chain_for(state, unit_id)
    key = (roster_id, version, chain.version)
    cached = check_cache(state).get(key)
    if cached is None:
        cached = check(chain.unit, roster, chain.requirement)
        check_cache(state).put(key, cached)
    return cached


def _view(request: Request, actor: Actor, unit_id: str, roster_id: int, editable: bool) -> GridView:
    return GridView(
        lang=request_lang(request),
        editable=editable,
        absence_details=actor.allowed(Perm.ABSENCE_DETAILS, unit_id),
        unit_id=unit_id,
        roster_id=roster_id,
    )


def _weeks(dates: list[dict[str, Any]]) -> list[dict[str, int]]:
    weeks: list[dict[str, int]] = []
    for d in dates:
        if weeks and weeks[-1]["week"] == d["week"]:
            weeks[-1]["span"] += 1
        else:
            weeks.append({"week": d["week"], "span": 1})
    return weeks


def _translator(lang: str) -> Callable[..., str]:
    def tr(key: str, **ctx: Any) -> str:
        return t(key, lang, **ctx)

    return tr


@router.get("/units/{unit_id}/rosters", response_class=HTMLResponse)
def roster_list(
    unit_id: str,
    request: Request,
    actor: Actor = Depends(page_actor),
    db: Database = Depends(get_db),
    cache: UnitCache = Depends(get_cache),
) -> Response:
    actor.require(Perm.ROSTER_READ, unit_id)
    unit = services.load_unit(db, cache, unit_id).unit
    archived = request.query_params.get("archived") == "1"
    with db.read() as session:
        rosters = [
            {
                "row": r,
                "shifts": len(repo.roster_from_row(r).assignments),
                "end": dt.date.fromisoformat(r.start_date) + dt.timedelta(days=r.days - 1),
            }
            for r in repo.list_rosters(session, unit_id, archived=archived)
        ]
    return render(
        request,
        "rosters.html",
        actor=actor,
        unit_id=unit_id,
        unit=unit,
        rosters=rosters,
        archived=archived,
        can_edit=actor.allowed(Perm.ROSTER_EDIT, unit_id),
        can_approve=actor.allowed(Perm.ROSTER_APPROVE, unit_id),
    )


@router.post("/units/{unit_id}/rosters/{roster_id}/archive", dependencies=[Depends(csrf_protect)])
def roster_archive(
    unit_id: str,
    roster_id: RosterId,
    version: int = Form(..., ge=1, le=MAX_INT),
    archived: str = Form("1", max_length=1),
    actor: Actor = Depends(page_actor),
    db: Database = Depends(get_db),
) -> Response:
    actor.require(Perm.ROSTER_EDIT, unit_id)
    services.archive_roster(db, actor, unit_id, roster_id, version, archived == "1")
    return RedirectResponse(f"/units/{unit_id}/rosters", status_code=303)


@router.post("/units/{unit_id}/rosters/{roster_id}/delete", dependencies=[Depends(csrf_protect)])
def roster_delete(
    unit_id: str,
    roster_id: RosterId,
    version: int = Form(..., ge=1, le=MAX_INT),
    actor: Actor = Depends(page_actor),
    db: Database = Depends(get_db),
) -> Response:
    actor.require(Perm.ROSTER_EDIT, unit_id)
    services.delete_roster(db, actor, unit_id, roster_id, version)
    return RedirectResponse(f"/units/{unit_id}/rosters", status_code=303)


@router.post("/units/{unit_id}/rosters", dependencies=[Depends(csrf_protect)])
def roster_create(
    unit_id: str,
    request: Request,
    name: str = Form(...),
    actor: Actor = Depends(page_actor),
    db: Database = Depends(get_db),
    cache: UnitCache = Depends(get_cache),
) -> Response:
    actor.require(Perm.ROSTER_EDIT, unit_id)
    row = services.create_roster(db, cache, actor, unit_id, name.strip())
    return RedirectResponse(f"/units/{unit_id}/rosters/{row.id}", status_code=303)


def _load(db: Database, unit_id: str, roster_id: int) -> tuple[Any, Roster]:
    with db.read() as session:
        row = repo.get_roster_row(session, unit_id, roster_id)
        return row, repo.roster_from_row(row)


@router.get("/units/{unit_id}/rosters/{roster_id}", response_class=HTMLResponse)
def roster_grid(
    unit_id: str,
    roster_id: RosterId,
    request: Request,
    actor: Actor = Depends(page_actor),
    db: Database = Depends(get_db),
    cache: UnitCache = Depends(get_cache),
) -> Response:
    actor.require(Perm.ROSTER_READ, unit_id)
    state = request.app.state
    chain = chain_for(state, unit_id)
    unit = chain.unit
    row, roster = _load(db, unit_id, roster_id)
    editable = actor.allowed(Perm.ROSTER_EDIT, unit_id) and row.status == "draft"
    view = _view(request, actor, unit_id, roster_id, editable)
    key = (roster_id, row.version, chain.version, view)
    html = grid_cache(state).get(key)
    if html is None:
        result = roster_check(state, unit_id, roster_id, row.version, roster)
        html = render_grid(unit, roster, result, view, _translator(view.lang))
        grid_cache(state).put(key, html)
    dates = dates_of(roster)
    verdict = roster_check(state, unit_id, roster_id, row.version, roster).report
    with db.read() as session:
        others = [(r.id, r.name) for r in repo.list_rosters(session, unit_id) if r.id != roster_id]
    return render(
        request,
        "roster_grid.html",
        actor=actor,
        unit_id=unit_id,
        unit=unit,
        row=row,
        dates=dates,
        weeks=_weeks(dates),
        grid_body=html["body"],
        compliance=html["compliance"],
        editable=editable,
        can_approve=actor.allowed(Perm.ROSTER_APPROVE, unit_id),
        can_solve=actor.allowed(Perm.ROSTER_EDIT, unit_id),
        own_ics=actor.employee_id is not None and any(e.id == actor.employee_id for e in unit.employees),
        others=others,
        requirement_source=chain.source,
        hard_count=len(verdict.hard),
        below_minimum=verdict.below_minimum_places,
        below_minimum_dates=verdict.below_minimum_dates(),
        min_reason=approval.MIN_REASON_CHARS,
    )


@router.get("/units/{unit_id}/rosters/{roster_id}/cell", response_class=HTMLResponse)
def cell_editor(
    unit_id: str,
    roster_id: RosterId,
    employee: str,
    date: dt.date,
    request: Request,
    actor: Actor = Depends(page_actor),
    db: Database = Depends(get_db),
    cache: UnitCache = Depends(get_cache),
) -> Response:
    actor.require(Perm.ROSTER_EDIT, unit_id)
    unit = services.load_unit(db, cache, unit_id).unit
    _row, roster = _load(db, unit_id, roster_id)
    if employee not in {e.id for e in unit.employees}:
        raise repo.NotFound("employee", employee)
    return render(
        request,
        "_cell_editor.html",
        unit_id=unit_id,
        roster_id=roster_id,
        unit=unit,
        employee=employee,
        iso=date.isoformat(),
        current=roster.shift_on(employee, date),
        weekend=date.weekday() >= 5,
    )


@router.post(
    "/units/{unit_id}/rosters/{roster_id}/cell",
    response_class=HTMLResponse,
    dependencies=[Depends(csrf_protect)],
)
def cell_save(
    unit_id: str,
    roster_id: RosterId,
    request: Request,
    employee_id: str = Form(...),
    date: dt.date = Form(...),
    shift_code: str = Form(""),
    version: int = Form(..., ge=1, le=MAX_INT),
    actor: Actor = Depends(page_actor),
    db: Database = Depends(get_db),
    cache: UnitCache = Depends(get_cache),
) -> Response:
    """Save one cell and re-check the roster at once: the answer swaps the cell, every cell whose
    violations changed, the coverage rows and the compliance summary."""
    actor.require(Perm.ROSTER_EDIT, unit_id)
    state = request.app.state
    chain = chain_for(state, unit_id)
    before = check_cache(state).get((roster_id, version, chain.version))
    if before is None:
        row_before, roster_before = _load(db, unit_id, roster_id)
        if row_before.version == version:
            before = roster_check(state, unit_id, roster_id, version, roster_before)
    new_version, roster = services.set_cell(
        db, cache, actor, unit_id, roster_id, version, employee_id, date, shift_code or None
    )
    after = roster_check(state, unit_id, roster_id, new_version, roster)
    view = _view(request, actor, unit_id, roster_id, True)
    lang = view.lang
    renderer = GridRenderer(chain.unit, roster, after, view, _translator(lang))
    edited = (employee_id, date.isoformat())
    parts = [renderer.cell(*edited)]
    for cell in sorted(changed_cells(before, after) - {edited}):
        parts.append(f"<template>{renderer.cell(*cell, oob=True)}</template>")
    for group in chain.unit.groups_by_rank():
        if any(e.group == group.id for e in chain.unit.employees):
            parts.append(f"<template>{renderer.coverage_row(group.id, group.name, oob=True)}</template>")
    parts.append(renderer.compliance(oob=True))
    parts.append(f'<input type="hidden" id="roster-version" name="version" value="{new_version}" hx-swap-oob="true">')
    parts.append(f'<span id="version-label" hx-swap-oob="true">{new_version}</span>')
    flash = t("saved", lang) + " " + t("grid_hard_count", lang, hard=after.hard)
    parts.append(
        '<div id="flash" hx-swap-oob="true" role="status" aria-live="polite">'
        f'<span class="ok">{escape(flash)}</span></div>'
    )
    return HTMLResponse("".join(parts))


@router.post("/units/{unit_id}/rosters/{roster_id}/status", dependencies=[Depends(csrf_protect)])
def status_change(
    unit_id: str,
    roster_id: RosterId,
    request: Request,
    status: str = Form(...),
    version: int = Form(..., ge=1, le=MAX_INT),
    override_reason: str = Form("", max_length=2000),
    actor: Actor = Depends(page_actor),
    db: Database = Depends(get_db),
) -> Response:
    actor.require(Perm.ROSTER_APPROVE, unit_id)
    if status not in ("draft", "approved"):
        status = "draft"
    note = ""
    if status == "approved":
        _row, roster = _load(db, unit_id, roster_id)
        found = approval.blockers(request.app.state, unit_id, roster)
        note = approval.audit_note(found, override_reason[: approval.MAX_REASON_CHARS])
    services.set_status(db, actor, unit_id, roster_id, version, status, note)
    return RedirectResponse(f"/units/{unit_id}/rosters/{roster_id}", status_code=303)


@router.post("/units/{unit_id}/rosters/{roster_id}/import", dependencies=[Depends(csrf_protect)])
def csv_import(
    unit_id: str,
    roster_id: RosterId,
    request: Request,
    file: UploadFile = File(...),
    version: int = Form(..., ge=1, le=MAX_INT),
    actor: Actor = Depends(page_actor),
    db: Database = Depends(get_db),
    cache: UnitCache = Depends(get_cache),
) -> Response:
    import_csv(unit_id, roster_id, file, version, actor, db, cache)
    return RedirectResponse(f"/units/{unit_id}/rosters/{roster_id}", status_code=303)
