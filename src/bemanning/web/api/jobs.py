"""Generic background-job API; job kinds register in ``bemanning.web.jobs`` (``roster_solve``:
'Lag turnus', registered by ``bemanning.web.api.solve``)."""

from __future__ import annotations

from typing import Any

from fastapi import APIRouter, Body, Depends, Request

from bemanning.web.jobs import JOB_KINDS, JobRunner
from bemanning.web.problems import Problem
from bemanning.web.security import Actor, api_actor, csrf_protect

router = APIRouter(tags=["jobs"])


def _runner(request: Request) -> JobRunner:
    runner: JobRunner = request.app.state.jobs
    return runner


@router.get("/job-kinds")
def job_kinds(actor: Actor = Depends(api_actor)) -> list[str]:
    return sorted(JOB_KINDS)


@router.post("/units/{unit_id}/jobs/{kind}", status_code=202, dependencies=[Depends(csrf_protect)])
def start_job(
    unit_id: str,
    kind: str,
    request: Request,
    params: dict[str, Any] = Body(default_factory=dict),
    actor: Actor = Depends(api_actor),
    runner: JobRunner = Depends(_runner),
) -> dict[str, Any]:
    job_kind = JOB_KINDS.get(kind)
    if job_kind is None:
        raise Problem(404, "web_not_found", entity="job kind", key=kind)
    actor.require(job_kind.perm, unit_id)
    params = {**params, "unit_id": unit_id}
    if job_kind.check is not None:
        params = job_kind.check(params)
    return runner.submit(job_kind, unit_id, actor.username, params, request.app.state, actor).view()


def _own_job(job_id: str, actor: Actor, runner: JobRunner) -> Any:
    job = runner.get(job_id)
    if job is None or not (actor.is_admin or job.owner == actor.username):
        raise Problem(404, "web_not_found", entity="job", key=job_id)
    return job


@router.get("/jobs/{job_id}")
def get_job(
    job_id: str, actor: Actor = Depends(api_actor), runner: JobRunner = Depends(_runner)
) -> dict[str, Any]:
    return dict(_own_job(job_id, actor, runner).view())


@router.post("/jobs/{job_id}/cancel", status_code=202, dependencies=[Depends(csrf_protect)])
def cancel_job(
    job_id: str, actor: Actor = Depends(api_actor), runner: JobRunner = Depends(_runner)
) -> dict[str, Any]:
    job = _own_job(job_id, actor, runner)
    runner.cancel(job_id)
    return dict(job.view())
