"""Background jobs with progress and cancellation, in-process (a thread per running job, at most
``max_workers`` at once). The roster engine's 'Lag turnus', scenarios and repairs plug in here:

    from bemanning.web.jobs import register_job_kind
    register_job_kind("make_roster", run_make_roster, perm=Perm.ROSTER_EDIT)

where ``run_make_roster(ctx: JobContext, params: dict) -> dict`` calls the planning function,
reports ``ctx.progress(fraction, best_objective=..., seconds_left=...)`` from its solution
callback, stops when ``ctx.cancelled`` is set, and returns a JSON-able result. The generic API
(``POST /api/units/{unit_id}/jobs/{kind}``, ``GET /api/jobs/{id}``, ``POST /api/jobs/{id}/cancel``)
and a progress bar polling ``GET /api/jobs/{id}`` need no change.
"""

from __future__ import annotations

import threading
import uuid
from collections.abc import Callable
from concurrent.futures import ThreadPoolExecutor
from dataclasses import dataclass, field
from typing import Any

from .security import Perm


@dataclass
class JobContext:
    cancelled: threading.Event = field(default_factory=threading.Event)
    state: dict[str, Any] = field(default_factory=lambda: {"fraction": 0.0})
    app_state: Any = None  # the app's state (db, unit cache) for jobs that read and store
    actor: Any = None  # the Actor who started the job; stored results are written in their name

    def progress(self, fraction: float, **details: Any) -> None:
        self.state = {"fraction": max(0.0, min(1.0, fraction)), **details}


JobFunction = Callable[[JobContext, dict[str, Any]], dict[str, Any]]
# Validates and normalises the parameters before the job is queued; raises UserError/Problem (4xx).
ParamsCheck = Callable[[dict[str, Any]], dict[str, Any]]


@dataclass(frozen=True)
class JobKind:
    name: str
    run: JobFunction
    perm: Perm
    check: ParamsCheck | None = None


JOB_KINDS: dict[str, JobKind] = {}


def register_job_kind(name: str, run: JobFunction, perm: Perm, check: ParamsCheck | None = None) -> None:
    JOB_KINDS[name] = JobKind(name, run, perm, check)


@dataclass
class Job:
    id: str
    kind: str
    unit_id: str
    owner: str
    status: str = "queued"  # queued, running, done, failed, cancelled
    context: JobContext = field(default_factory=JobContext)
    result: dict[str, Any] | None = None
    error: str | None = None

    def view(self) -> dict[str, Any]:
        return {
            "id": self.id,
            "kind": self.kind,
            "unit_id": self.unit_id,
            "status": self.status,
            "progress": self.context.state,
            "result": self.result,
            "error": self.error,
        }


class JobRunner:
    def __init__(self, max_workers: int = 1):
        self._pool = ThreadPoolExecutor(max_workers=max_workers, thread_name_prefix="bemanning-job")
        self._jobs: dict[str, Job] = {}
        self._lock = threading.Lock()

    def submit(
        self,
        kind: JobKind,
        unit_id: str,
        owner: str,
        params: dict[str, Any],
        app_state: Any = None,
        actor: Any = None,
    ) -> Job:
        job = Job(id=uuid.uuid4().hex, kind=kind.name, unit_id=unit_id, owner=owner)
        job.context.app_state, job.context.actor = app_state, actor
        with self._lock:
            self._jobs[job.id] = job

        def work() -> None:
            if job.context.cancelled.is_set():
                job.status = "cancelled"
                return
            job.status = "running"
            try:
                job.result = kind.run(job.context, params)
                job.status = "cancelled" if job.context.cancelled.is_set() else "done"
            except Exception as exc:  # the job's failure is shown to its owner, not raised
                job.status, job.error = "failed", type(exc).__name__

        self._pool.submit(work)
        return job

    def get(self, job_id: str) -> Job | None:
        with self._lock:
            return self._jobs.get(job_id)

    def cancel(self, job_id: str) -> None:
        job = self.get(job_id)
        if job is not None:
            with self._lock:
                job.context.cancelled.set()
                if job.status == "done":  # a finished proposal the user turns down is dropped too
                    job.status, job.result = "cancelled", {"stored": False}

    def shutdown(self) -> None:
        for job in list(self._jobs.values()):
            job.context.cancelled.set()
        self._pool.shutdown(wait=False, cancel_futures=True)
