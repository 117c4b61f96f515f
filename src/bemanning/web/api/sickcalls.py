"""Sick calls: start a repair (background job ``sick_repair``), save its result as a new draft
roster, and fill suggestions with explanations for one empty place."""

from __future__ import annotations

import datetime as dt
from typing import Any

from fastapi import APIRouter, Body, Depends, Query, Request

from bemanning.store import repo
from bemanning.store.db import Database
from bemanning.web import sickcalls
from bemanning.web.deps import get_db
from bemanning.web.i18n_web import request_lang
from bemanning.web.jobs import JOB_KINDS, Job, JobRunner
from bemanning.web.limits import RosterId
from bemanning.web.problems import Problem
from bemanning.web.security import Actor, Perm, api_actor, csrf_protect

router = APIRouter(tags=["sickcalls"])


def _runner(request: Request) -> JobRunner:
    runner: JobRunner = request.app.state.jobs
    return runner


def start_repair(request: Request, actor: Actor, unit_id: str, roster_id: int, params: dict[str, Any]) -> Job:
    """Validate against the stored unit and roster (4xx before queueing), then queue the job."""
    kind = JOB_KINDS[sickcalls.JOB_KIND]
    actor.require(kind.perm, unit_id)
    state = request.app.state
    checked = sickcalls.check_params(
        {**params, "unit_id": unit_id, "roster_id": roster_id, "lang": request_lang(request)}
    )
    unit = sickcalls.chain_for(state, unit_id).unit
    with state.db.read() as session:
        roster = repo.roster_from_row(repo.get_roster_row(session, unit_id, roster_id))
    sickcalls.check_against_unit(unit, roster, checked)
    with state.db.transaction() as session:  # who repaired which roster, no employee and no dates
        repo.add_audit(session, actor.username, "roster", str(roster_id), "sick_repair_run", "")
    return _runner(request).submit(kind, unit_id, actor.username, checked, state, actor)


def finished_repair(request: Request, actor: Actor, unit_id: str, job_id: str) -> dict[str, Any]:
    job = _runner(request).get(job_id)
    if (
        job is None
        or job.kind != sickcalls.JOB_KIND
        or job.unit_id != unit_id
        or not (actor.is_admin or job.owner == actor.username)
    ):
        raise Problem(404, "web_not_found", entity="job", key=job_id)
    if job.status != "done" or not job.result or "assignments" not in job.result:
        raise Problem(409, "web_sick_not_done")
    return job.result


@router.post("/units/{unit_id}/rosters/{roster_id}/sick-repair", status_code=202, dependencies=[Depends(csrf_protect)])
def post_repair(
    unit_id: str,
    roster_id: RosterId,
    request: Request,
    params: dict[str, Any] = Body(...),
    actor: Actor = Depends(api_actor),
) -> dict[str, Any]:
    """Body: ``employee_id``, ``start``, ``end`` (ISO dates), ``time_limit`` (1–60 s), ``locked_until``.
    Poll ``GET /api/jobs/{id}``; the result lists changes, open places and explanations."""
    return start_repair(request, actor, unit_id, roster_id, params).view()


@router.post("/units/{unit_id}/sick-repair/{job_id}/save", status_code=201, dependencies=[Depends(csrf_protect)])
def save_repair(
    unit_id: str,
    job_id: str,
    request: Request,
    body: dict[str, Any] = Body(default_factory=dict),
    actor: Actor = Depends(api_actor),
) -> dict[str, Any]:
    """Store the repaired roster as a new draft; 409 if the base roster changed since the repair began."""
    actor.require(Perm.ROSTER_EDIT, unit_id)
    result = finished_repair(request, actor, unit_id, job_id)
    name = body.get("name") if isinstance(body.get("name"), str) else None
    return sickcalls.save_repair(request.app.state, actor, unit_id, result, name)


@router.get("/units/{unit_id}/rosters/{roster_id}/fill")
def get_fill(
    unit_id: str,
    roster_id: RosterId,
    request: Request,
    date: dt.date = Query(...),
    shift: str = Query(..., max_length=20),
    group: str = Query(..., max_length=100),
    top: int = Query(10, ge=1, le=50),
    actor: Actor = Depends(api_actor),
    db: Database = Depends(get_db),
) -> dict[str, Any]:
    """Ranked candidates (source, cost NOK, added penalties) for one place, and why the others cannot."""
    actor.require(Perm.ROSTER_READ, unit_id)
    details = actor.allowed(Perm.ABSENCE_DETAILS, unit_id)
    return sickcalls.fill_place(
        request.app.state, unit_id, roster_id, date, shift, group, top, request_lang(request), details
    )
