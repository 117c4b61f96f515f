"""Planning reads and downloads: requirement and FTE need, compliance of a roster, comparison of two
rosters, and files (Excel roster grid, activity-plan workbook, iCalendar per employee)."""

from __future__ import annotations

import json
import tempfile
from pathlib import Path
from typing import Any

from fastapi import APIRouter, Depends, Request
from fastapi.responses import Response

from bemanning.io.ical import employee_calendar
from bemanning.io.roster_excel import write_roster_excel
from bemanning.io.tasksharing_excel import write_tasksharing_workbook
from bemanning.store import repo
from bemanning.store.db import Database
from bemanning.web import services
from bemanning.web.chain import chain_for
from bemanning.web.deps import get_db
from bemanning.web.grid import Lru
from bemanning.web.i18n_web import request_lang
from bemanning.web.limits import RosterId
from bemanning.web.problems import Problem
from bemanning.web.security import Actor, Perm, api_actor
from bemanning.web.solving import compare

router = APIRouter(tags=["planning"])
XLSX = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"


def _attachment(content: bytes, media_type: str, filename: str) -> Response:
    return Response(
        content, media_type=media_type, headers={"Content-Disposition": f'attachment; filename="{filename}"'}
    )


def _write_bytes(write: Any, suffix: str) -> bytes:
    with tempfile.TemporaryDirectory() as folder:
        path = Path(folder) / f"out{suffix}"
        write(path)
        return path.read_bytes()


@router.get("/units/{unit_id}/requirement")
def requirement(unit_id: str, request: Request, actor: Actor = Depends(api_actor)) -> dict[str, Any]:
    """The staffing requirement (heads per day type × shift × group) and the FTE need per group."""
    actor.require(Perm.UNIT_READ, unit_id)
    chain = chain_for(request.app.state, unit_id)
    return {
        "unit_version": chain.version,
        "source": chain.source,
        "fallback_reason": chain.fallback_reason(request_lang(request)),
        "rows": [r.model_dump(mode="json", include={"day_type", "shift", "group", "minimum", "required"})
                 for r in chain.requirement.rows],
        "fte": chain.fte.model_dump(mode="json") if chain.fte is not None else None,
    }


def _roster(db: Database, unit_id: str, roster_id: int) -> Any:
    with db.read() as session:
        row = repo.get_roster_row(session, unit_id, roster_id)
        return row, repo.roster_from_row(row)


@router.get("/units/{unit_id}/rosters/{roster_id}/compliance")
def compliance(
    unit_id: str, roster_id: RosterId, request: Request, actor: Actor = Depends(api_actor),
    db: Database = Depends(get_db),
) -> Response:
    """Every rule the roster breaks (rule, legal reference, employee, dates, text) and open places."""
    actor.require(Perm.ROSTER_READ, unit_id)
    from bemanning.web.pages.roster import roster_check

    row, roster = _roster(db, unit_id, roster_id)
    result = roster_check(request.app.state, unit_id, roster_id, row.version, roster)
    lang = request_lang(request)
    # The answer depends only on the check result and the language: encode it once (grids are big).
    cache = getattr(request.app.state, "compliance_cache", None)
    if cache is None:
        cache = request.app.state.compliance_cache = Lru(32)
    key = (roster_id, row.version, lang)
    hit = cache.get(key)
    if hit is not None and hit[0] is result:
        return Response(hit[1], media_type="application/json")
    body = json.dumps(_compliance_body(row.version, result, lang), default=str).encode()
    cache.put(key, (result, body))
    return Response(body, media_type="application/json")


def _compliance_body(version: int, result: Any, lang: str) -> dict[str, Any]:
    return {
        "version": version,
        "hard": len(result.report.hard),
        "penalty": result.report.penalty,
        "uncovered_places": result.report.uncovered_places,
        "violations": [
            {
                "rule": v.rule,
                "hard": v.hard,
                "reference": v.reference,
                "employee_id": v.employee,
                "dates": [d.isoformat() for d in v.dates],
                "penalty": v.penalty,
                "text": v.text(lang),
            }
            for v in result.report.violations
        ],
        "uncovered": [
            {"date": p.date, "shift_code": p.shift, "group": p.group, "missing": p.missing,
             "below_minimum": p.below_minimum}
            for p in result.report.uncovered
        ],
    }


@router.get("/units/{unit_id}/rosters/{roster_id}/compare/{other_id}")
def compare_rosters(
    unit_id: str, roster_id: RosterId, other_id: RosterId, request: Request, actor: Actor = Depends(api_actor),
    db: Database = Depends(get_db),
) -> dict[str, Any]:
    """``roster_id`` (after) against ``other_id`` (before): changed cells, penalty, open places, violations."""
    actor.require(Perm.ROSTER_READ, unit_id)
    chain = chain_for(request.app.state, unit_id)
    _row, after = _roster(db, unit_id, roster_id)
    _other, before = _roster(db, unit_id, other_id)
    return compare(chain.unit, chain.requirement, before, after)


@router.get("/units/{unit_id}/rosters/{roster_id}/xlsx", response_class=Response)
def roster_xlsx(
    unit_id: str, roster_id: RosterId, request: Request, actor: Actor = Depends(api_actor),
    db: Database = Depends(get_db),
) -> Response:
    """The roster grid as a GAT-like Excel workbook, violations marked in red."""
    actor.require(Perm.ROSTER_READ, unit_id)
    from bemanning.web.pages.roster import roster_check

    chain = chain_for(request.app.state, unit_id)
    row, roster = _roster(db, unit_id, roster_id)
    result = roster_check(request.app.state, unit_id, roster_id, row.version, roster)
    lang = request_lang(request)
    marks = [
        _Mark(v.employee, d, f"{v.title(lang)} ({v.reference_text(lang)}): {v.text(lang)}")
        for v in result.report.violations
        if v.employee is not None
        for d in v.dates
    ]
    content = _write_bytes(
        lambda path: write_roster_excel(chain.unit, roster, path, requirement=chain.requirement, violations=marks),
        ".xlsx",
    )
    return _attachment(content, XLSX, f"turnus-{unit_id}-{roster_id}.xlsx")


class _Mark:
    """A violation in the shape the Excel writer marks (employee, date, message)."""

    def __init__(self, employee_id: str, date: Any, message: str):
        self.employee_id, self.date, self.message = employee_id, date, message


@router.get("/units/{unit_id}/rosters/{roster_id}/ical/{employee_id}", response_class=Response)
def roster_ical(
    unit_id: str, roster_id: RosterId, employee_id: str, request: Request, actor: Actor = Depends(api_actor),
    db: Database = Depends(get_db),
) -> Response:
    """One employee's shifts as iCalendar. An employee may download only their own calendar."""
    if not actor.allowed(Perm.ROSTER_READ, unit_id):
        actor.require(Perm.ROSTER_READ_OWN, unit_id)
        if actor.employee_id != employee_id:
            raise Problem(403, "web_forbidden")
    chain = chain_for(request.app.state, unit_id)
    if employee_id not in {e.id for e in chain.unit.employees}:
        raise Problem(404, "web_not_found", entity="employee", key=employee_id)
    row, roster = _roster(db, unit_id, roster_id)
    if not services.roster_visible(row, actor):  # employees: approved rosters only
        raise repo.NotFound("roster", str(roster_id))
    calendar = employee_calendar(chain.unit, roster, employee_id)
    return _attachment(calendar.to_ical(), "text/calendar; charset=utf-8", f"turnus-{employee_id}.ics")


@router.get("/units/{unit_id}/activity-plan.xlsx", response_class=Response)
def activity_plan_xlsx(unit_id: str, request: Request, actor: Actor = Depends(api_actor)) -> Response:
    """Task allocation, activity plan, heat map, before/after and training needs as one workbook."""
    actor.require(Perm.UNIT_READ, unit_id)
    chain = chain_for(request.app.state, unit_id)
    if chain.allocation is None:
        raise Problem(404, "web_not_found", entity="activity plan", key=unit_id)
    lang = request_lang(request)
    allocation = chain.allocation
    content = _write_bytes(
        lambda path: write_tasksharing_workbook(chain.unit, allocation, chain.plan, path, lang), ".xlsx"
    )
    return _attachment(content, XLSX, f"aktivitetsplan-{unit_id}.xlsx")
