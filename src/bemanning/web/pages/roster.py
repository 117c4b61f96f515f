"""The roster grid like GAT: staff rows grouped by profession, dates as columns with weekday and
week number, coloured shift codes, weekend shading and a coverage row per group. A click on a
cell opens a shift picker; a change saves through HTMX with the roster's version."""

from __future__ import annotations

import datetime as dt
from typing import Any

from fastapi import APIRouter, Depends, File, Form, Request, UploadFile
from fastapi.responses import HTMLResponse, RedirectResponse, Response

from bemanning.model import Roster, Unit, Weekday
from bemanning.store import repo
from bemanning.store.db import Database
from bemanning.web import services
from bemanning.web.api.rosters import import_csv
from bemanning.web.deps import get_cache, get_db
from bemanning.web.pages import NavItem, register_nav
from bemanning.web.security import Actor, Perm, csrf_protect, page_actor
from bemanning.web.services import UnitCache
from bemanning.web.templating import render

router = APIRouter(include_in_schema=False)
register_nav(NavItem("nav_rosters", "/units/{unit_id}/rosters", "unit", 30, perms=(Perm.ROSTER_READ,)))


def _dates(roster: Roster) -> list[dict[str, Any]]:
    out = []
    for date in roster.dates():
        weekday = Weekday.from_index(date.weekday())
        out.append(
            {
                "iso": date.isoformat(),
                "day": date.day,
                "weekday": weekday.value,
                "week": date.isocalendar().week,
                "weekend": date.weekday() >= 5,
                "monday": date.weekday() == 0,
            }
        )
    return out


def _weeks(dates: list[dict[str, Any]]) -> list[dict[str, int]]:
    weeks: list[dict[str, int]] = []
    for d in dates:
        if weeks and weeks[-1]["week"] == d["week"]:
            weeks[-1]["span"] += 1
        else:
            weeks.append({"week": d["week"], "span": 1})
    return weeks


def _absences(unit: Unit, actor: Actor) -> dict[tuple[str, str], str]:
    """Absence label key per (employee, date). Without the right to health data it is just 'fravær'."""
    details = actor.allowed(Perm.ABSENCE_DETAILS, unit.id)
    out = {}
    for absence in unit.absences:
        day = absence.start
        while day <= absence.end:
            out[(absence.employee, day.isoformat())] = (
                f"absence_{absence.kind.value}" if details else "absence"
            )
            day += dt.timedelta(days=1)
    return out


def coverage(unit: Unit, roster: Roster, group: str, dates: list[dict[str, Any]]) -> list[dict[str, Any]]:
    """Heads per shift type per date for one group, with the minimum staffing to compare against."""
    members = {e.id for e in unit.employees if e.group == group}
    minimums = {(m.shift, m.group): m.minimum for m in unit.staffing.minimums}
    counts: dict[tuple[str, str], int] = {}
    for a in roster.assignments:
        if a.employee_id in members:
            key = (a.date.isoformat(), a.shift_code)
            counts[key] = counts.get(key, 0) + 1
    row = []
    for d in dates:
        items = []
        for shift in unit.shift_types:
            count = counts.get((d["iso"], shift.code), 0)
            minimum = minimums.get((shift.code, group), 0)
            if count or minimum:
                items.append(
                    {"code": shift.code, "count": count, "minimum": minimum, "short": count < minimum}
                )
        row.append({"iso": d["iso"], "entries": items, "short": any(i["short"] for i in items)})
    return row


def cell_view(
    unit: Unit,
    shifts: dict[tuple[str, str], str],
    absences: dict[tuple[str, str], str],
    employee_id: str,
    day: dict[str, Any],
) -> dict[str, Any]:
    code = shifts.get((employee_id, day["iso"]))
    kind = unit.shift_type(code).kind.value if code else None
    return {
        "employee": employee_id,
        "iso": day["iso"],
        "code": code,
        "kind": kind,
        "weekend": day["weekend"],
        "absence": absences.get((employee_id, day["iso"])),
    }


def grid_model(unit: Unit, roster: Roster, actor: Actor) -> dict[str, Any]:
    dates = _dates(roster)
    shifts = {(a.employee_id, a.date.isoformat()): a.shift_code for a in roster.assignments}
    absences = _absences(unit, actor)
    groups = []
    for group in unit.groups_by_rank():
        staff = [e for e in unit.employees if e.group == group.id]
        if not staff:
            continue
        rows = [
            {"employee": e, "cells": [cell_view(unit, shifts, absences, e.id, d) for d in dates]}
            for e in staff
        ]
        groups.append({"group": group, "rows": rows, "coverage": coverage(unit, roster, group.id, dates)})
    return {"dates": dates, "weeks": _weeks(dates), "groups": groups}


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
    with db.read() as session:
        rosters = [
            {
                "row": r,
                "shifts": len(r.assignments),
                "end": dt.date.fromisoformat(r.start_date) + dt.timedelta(days=r.days - 1),
            }
            for r in repo.list_rosters(session, unit_id)
        ]
    return render(
        request,
        "rosters.html",
        actor=actor,
        unit_id=unit_id,
        unit=unit,
        rosters=rosters,
        can_edit=actor.allowed(Perm.ROSTER_EDIT, unit_id),
    )


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
    roster_id: int,
    request: Request,
    actor: Actor = Depends(page_actor),
    db: Database = Depends(get_db),
    cache: UnitCache = Depends(get_cache),
) -> Response:
    actor.require(Perm.ROSTER_READ, unit_id)
    unit = services.load_unit(db, cache, unit_id).unit
    row, roster = _load(db, unit_id, roster_id)
    editable = actor.allowed(Perm.ROSTER_EDIT, unit_id) and row.status == "draft"
    return render(
        request,
        "roster_grid.html",
        actor=actor,
        unit_id=unit_id,
        unit=unit,
        row=row,
        grid=grid_model(unit, roster, actor),
        editable=editable,
        can_approve=actor.allowed(Perm.ROSTER_APPROVE, unit_id),
    )


@router.get("/units/{unit_id}/rosters/{roster_id}/cell", response_class=HTMLResponse)
def cell_editor(
    unit_id: str,
    roster_id: int,
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
    roster_id: int,
    request: Request,
    employee_id: str = Form(...),
    date: dt.date = Form(...),
    shift_code: str = Form(""),
    version: int = Form(...),
    actor: Actor = Depends(page_actor),
    db: Database = Depends(get_db),
    cache: UnitCache = Depends(get_cache),
) -> Response:
    actor.require(Perm.ROSTER_EDIT, unit_id)
    unit = services.load_unit(db, cache, unit_id).unit
    new_version, roster = services.set_cell(
        db, cache, actor, unit_id, roster_id, version, employee_id, date, shift_code or None
    )
    model = grid_model(unit, roster, actor)
    day = next(d for d in model["dates"] if d["iso"] == date.isoformat())
    shifts = {(a.employee_id, a.date.isoformat()): a.shift_code for a in roster.assignments}
    cell = cell_view(unit, shifts, _absences(unit, actor), employee_id, day)
    group_id = unit.employee(employee_id).group
    group = next(g for g in model["groups"] if g["group"].id == group_id)
    return render(
        request,
        "_cell_saved.html",
        unit_id=unit_id,
        roster_id=roster_id,
        c=cell,
        group=group,
        version=new_version,
        editable=True,
    )


@router.post("/units/{unit_id}/rosters/{roster_id}/status", dependencies=[Depends(csrf_protect)])
def status_change(
    unit_id: str,
    roster_id: int,
    request: Request,
    status: str = Form(...),
    version: int = Form(...),
    actor: Actor = Depends(page_actor),
    db: Database = Depends(get_db),
) -> Response:
    actor.require(Perm.ROSTER_APPROVE, unit_id)
    if status not in ("draft", "approved"):
        status = "draft"
    services.set_status(db, actor, unit_id, roster_id, version, status)
    return RedirectResponse(f"/units/{unit_id}/rosters/{roster_id}", status_code=303)


@router.post("/units/{unit_id}/rosters/{roster_id}/import", dependencies=[Depends(csrf_protect)])
def csv_import(
    unit_id: str,
    roster_id: int,
    request: Request,
    file: UploadFile = File(...),
    version: int = Form(...),
    actor: Actor = Depends(page_actor),
    db: Database = Depends(get_db),
    cache: UnitCache = Depends(get_cache),
) -> Response:
    import_csv(unit_id, roster_id, file, version, actor, db, cache)
    return RedirectResponse(f"/units/{unit_id}/rosters/{roster_id}", status_code=303)
