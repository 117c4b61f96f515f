"""'Lag turnus' pages: start the job from a roster, watch the live progress bar (HTMX polling),
cancel, and when done compare the new draft with the roster it started from and approve it."""

from __future__ import annotations

import time
from typing import Any

from fastapi import APIRouter, Depends, Form, Request
from fastapi.responses import HTMLResponse, RedirectResponse, Response

from bemanning.store import repo
from bemanning.store.db import Database
from bemanning.web.chain import chain_for
from bemanning.web.deps import get_db
from bemanning.web.jobs import JOB_KINDS, Job, JobRunner
from bemanning.web.limits import RosterId
from bemanning.web.problems import Problem
from bemanning.web.security import Actor, Perm, csrf_protect, page_actor
from bemanning.web.solving import JOB_KIND, compare
from bemanning.web.templating import render

router = APIRouter(include_in_schema=False)


def _runner(request: Request) -> JobRunner:
    runner: JobRunner = request.app.state.jobs
    return runner


def _job(request: Request, actor: Actor, unit_id: str, job_id: str) -> Job:
    job = _runner(request).get(job_id)
    if job is None or job.unit_id != unit_id or not (actor.is_admin or job.owner == actor.username):
        raise Problem(404, "web_not_found", entity="job", key=job_id)
    return job


@router.post("/units/{unit_id}/rosters/{roster_id}/solve", dependencies=[Depends(csrf_protect)])
def solve_start(
    unit_id: str,
    roster_id: RosterId,
    request: Request,
    time_limit: float = Form(30.0),
    weeks: int | None = Form(None, ge=1, le=52),
    actor: Actor = Depends(page_actor),
    db: Database = Depends(get_db),
) -> Response:
    kind = JOB_KINDS[JOB_KIND]
    actor.require(kind.perm, unit_id)
    with db.read() as session:
        repo.get_roster_row(session, unit_id, roster_id)  # 404 for a roster of another unit
    params: dict[str, Any] = {"unit_id": unit_id, "roster_id": roster_id, "time_limit": time_limit}
    if weeks is not None:
        params["weeks"] = weeks
    assert kind.check is not None
    job = _runner(request).submit(
        kind, unit_id, actor.username, kind.check(params), request.app.state, actor
    )
    return RedirectResponse(f"/units/{unit_id}/jobs/{job.id}", status_code=303)


def _progress_view(job: Job) -> dict[str, Any]:
    """Fraction and time left now (the solver reports only when it improves, the bar moves anyway)."""
    state = dict(job.context.state)
    limit = float(state.get("time_limit") or 0)
    started = state.get("started_at")
    if job.status == "running" and started and limit:
        elapsed = time.time() - float(started)
        state["fraction"] = max(float(state.get("fraction", 0)), min(elapsed / limit, 0.99))
        state["seconds_left"] = max(0.0, limit - elapsed)
    state["percent"] = round(100 * float(state.get("fraction", 0)))
    return state


def _fragment_context(request: Request, actor: Actor, unit_id: str, job: Job) -> dict[str, Any]:
    result = job.result or {}
    return {
        "actor": actor,
        "unit_id": unit_id,
        "job": job,
        "progress": _progress_view(job),
        "result": result,
        "can_approve": actor.allowed(Perm.ROSTER_APPROVE, unit_id),
        "finished": job.finished,
    }


@router.get("/units/{unit_id}/jobs/{job_id}", response_class=HTMLResponse)
def job_page(unit_id: str, job_id: str, request: Request, actor: Actor = Depends(page_actor)) -> Response:
    actor.require(Perm.ROSTER_EDIT, unit_id)
    job = _job(request, actor, unit_id, job_id)
    return render(request, "solve.html", **_fragment_context(request, actor, unit_id, job))


@router.get("/units/{unit_id}/jobs/{job_id}/progress", response_class=HTMLResponse)
def job_progress(
    unit_id: str, job_id: str, request: Request, actor: Actor = Depends(page_actor)
) -> Response:
    actor.require(Perm.ROSTER_EDIT, unit_id)
    job = _job(request, actor, unit_id, job_id)
    return render(request, "_solve_progress.html", **_fragment_context(request, actor, unit_id, job))


@router.post(
    "/units/{unit_id}/jobs/{job_id}/cancel", response_class=HTMLResponse, dependencies=[Depends(csrf_protect)]
)
def job_cancel(unit_id: str, job_id: str, request: Request, actor: Actor = Depends(page_actor)) -> Response:
    actor.require(Perm.ROSTER_EDIT, unit_id)
    job = _job(request, actor, unit_id, job_id)
    _runner(request).cancel(job.id)
    return render(request, "_solve_progress.html", **_fragment_context(request, actor, unit_id, job))


@router.get("/units/{unit_id}/rosters/{roster_id}/compare", response_class=HTMLResponse)
def compare_page(
    unit_id: str,
    roster_id: RosterId,
    request: Request,
    actor: Actor = Depends(page_actor),
    db: Database = Depends(get_db),
) -> Response:
    """This roster (after) against another version of the unit's roster (before, ``?with=``)."""
    actor.require(Perm.ROSTER_READ, unit_id)
    other = request.query_params.get("with", "")
    if not other.isdigit():
        raise Problem(400, "web_bad_request", problem="with")
    chain = chain_for(request.app.state, unit_id)
    with db.read() as session:
        row = repo.get_roster_row(session, unit_id, roster_id)
        base_row = repo.get_roster_row(session, unit_id, int(other))
        after, before = repo.roster_from_row(row), repo.roster_from_row(base_row)
    comparison = compare(chain.unit, chain.requirement, before, after)
    return render(
        request,
        "compare.html",
        actor=actor,
        unit_id=unit_id,
        row=row,
        base_row=base_row,
        comparison=comparison,
        can_approve=actor.allowed(Perm.ROSTER_APPROVE, unit_id),
    )
