"""Staffing requirement and FTE need with the absence room (from the staffing chain), and the
activity plan: task allocation and the heat map (time intervals × professional groups)."""

from __future__ import annotations

from typing import Any

from fastapi import APIRouter, Depends, Request
from fastapi.responses import HTMLResponse, Response

from bemanning.model import DayType, TimeInterval
from bemanning.web.chain import ChainResult, chain_for
from bemanning.web.pages import NavItem, register_nav
from bemanning.web.security import Actor, Perm, page_actor
from bemanning.web.templating import render

router = APIRouter(include_in_schema=False)
register_nav(NavItem("nav_requirement", "/units/{unit_id}/requirement", "unit", 40, perms=(Perm.UNIT_READ,)))
register_nav(NavItem("nav_activity", "/units/{unit_id}/activity", "unit", 25, perms=(Perm.UNIT_READ,)))

DAY_TYPES = (DayType.WEEKDAY, DayType.SATURDAY, DayType.SUNDAY)
HEAT_LEVELS = 6


def requirement_table(chain: ChainResult) -> dict[str, Any]:
    """Rows: group × shift; columns: day types; cells 'required (minimum)'."""
    unit = chain.unit
    rows = []
    names = {g.id: g.name for g in unit.groups}
    for group in unit.groups_by_rank():
        for shift in unit.shift_types:
            cells = []
            for day in DAY_TYPES:
                found = [
                    r
                    for r in chain.requirement.rows
                    if r.group == group.id and r.shift == shift.code and r.day_type == day
                ]
                cells.append(
                    {"required": sum(r.required for r in found), "minimum": sum(r.minimum for r in found)}
                    if found
                    else None
                )
            if any(cells):
                rows.append({"group": names.get(group.id, group.id), "shift": shift.code, "cells": cells})
    return {"day_types": [d.value for d in DAY_TYPES], "rows": rows}


def fte_table(chain: ChainResult) -> list[dict[str, Any]]:
    if chain.fte is None:
        return []
    names = {g.id: g.name for g in chain.unit.groups}
    out = []
    for row in chain.fte.rows:
        out.append(
            {
                "group": names.get(row.group, row.group),
                "weekly_hours": row.weekly_hours,
                "fte_need": row.fte_need,
                "absence_pct": 100 * row.unavailability,
                "absence_room": row.fte_need_with_absence - row.fte_need,
                "fte_need_with_absence": row.fte_need_with_absence,
                "fte_current": row.fte_current,
                "gap_fte": row.gap_fte,
            }
        )
    return out


def heat_map(chain: ChainResult, day_type: DayType) -> dict[str, Any]:
    """Hours per day in each interval for each group, with a colour level 0..6 for the cell."""
    plan = chain.plan
    groups = [g for g in chain.unit.groups_by_rank() if plan and plan.hours(group=g.id) > 0]
    hours: dict[tuple[str, str], float] = {}
    for e in plan.entries if plan else []:
        if e.day_type == day_type:
            key = (e.interval.value, e.group)
            hours[key] = hours.get(key, 0.0) + e.hours
    top = max(hours.values(), default=0.0)
    rows = []
    for interval in TimeInterval:
        cells = []
        for g in groups:
            value = hours.get((interval.value, g.id), 0.0)
            level = 0 if value <= 0 or top <= 0 else max(1, round(HEAT_LEVELS * value / top))
            cells.append({"hours": value, "level": level})
        rows.append({"interval": interval.value, "cells": cells})
    return {"groups": [g.name for g in groups], "rows": rows}


def allocation_rows(chain: ChainResult) -> list[dict[str, Any]]:
    result = chain.allocation
    if result is None or result.allocation is None:
        return []
    tasks = {t.id: t for t in chain.unit.tasks}
    names = {g.id: g.name for g in chain.unit.groups}
    out = []
    for e in sorted(result.allocation.entries, key=lambda e: (tasks[e.task_id].category.value, e.task_id)):
        task = tasks[e.task_id]
        out.append(
            {
                "task": task.name,
                "category": task.category.value,
                "group": names.get(e.group, e.group),
                "hours_per_week": e.hours_per_week,
                "training": e.training_needed or "",
            }
        )
    return out


@router.get("/units/{unit_id}/requirement", response_class=HTMLResponse)
def requirement_page(unit_id: str, request: Request, actor: Actor = Depends(page_actor)) -> Response:
    actor.require(Perm.UNIT_READ, unit_id)
    chain = chain_for(request.app.state, unit_id)
    return render(
        request,
        "requirement.html",
        actor=actor,
        unit_id=unit_id,
        unit=chain.unit,
        chain=chain,
        table=requirement_table(chain),
        fte=fte_table(chain),
    )


@router.get("/units/{unit_id}/activity", response_class=HTMLResponse)
def activity_page(unit_id: str, request: Request, actor: Actor = Depends(page_actor)) -> Response:
    actor.require(Perm.UNIT_READ, unit_id)
    chain = chain_for(request.app.state, unit_id)
    asked = request.query_params.get("day", DayType.WEEKDAY.value)
    day = next((d for d in DAY_TYPES if d.value == asked), DayType.WEEKDAY)
    return render(
        request,
        "activity.html",
        actor=actor,
        unit_id=unit_id,
        unit=chain.unit,
        chain=chain,
        day=day.value,
        day_types=[d.value for d in DAY_TYPES],
        heat=heat_map(chain, day),
        allocation=allocation_rows(chain),
    )
