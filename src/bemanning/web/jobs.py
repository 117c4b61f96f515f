"""Background jobs with progress and cancellation, kept in the ``jobs`` table and run by a small pool
of worker threads with a fair queue. The roster engine's 'Lag turnus', scenarios and repairs plug in:

    from bemanning.web.jobs import register_job_kind
    register_job_kind("make_roster", run_make_roster, perm=Perm.ROSTER_EDIT)

where ``run_make_roster(ctx: JobContext, params: dict) -> dict`` calls the planning function,
reports ``ctx.progress(fraction, best_objective=..., seconds_left=...)`` from its solution
callback, stops when ``ctx.cancelled`` is set, and returns a JSON-able result. The generic API
(``POST /api/units/{unit_id}/jobs/{kind}``, ``GET /api/jobs/{id}``, ``POST /api/jobs/{id}/cancel``)
and a progress bar polling ``GET /api/jobs/{id}`` need no change.

Fairness: ``JobSettings.workers`` jobs run at once, at most ``per_user`` of one user and ``per_unit``
of one unit; among the jobs allowed to start, the one whose user and unit run the fewest jobs goes
first, then the oldest. So one planner's twenty long solves never hold back another unit's short job.

The table is the record: a job outlives the process. One server process owns the queue of its
database; when it starts, jobs a stopped process left queued or running are marked 'interrupted'
(shown as 'avbrutt'), and their pages say so instead of 'not found'.
"""

from __future__ import annotations

import itertools
import json
import logging
import threading
import time
import uuid
from collections import OrderedDict
from collections.abc import Callable
from dataclasses import dataclass, field
from typing import Any

from bemanning.store import repo
from bemanning.store.tables import JobRow, utcnow

from .problems import Problem
from .security import Perm
from .settings import JobSettings

log = logging.getLogger("bemanning.web.jobs")
FINISHED = ("done", "failed", "cancelled", "interrupted")
PROGRESS_WRITE_SECONDS = 2.0  # progress reaches the table at most this often (the page reads memory)
KEEP_FINISHED = 200  # finished jobs kept in memory; older ones are read from the table


@dataclass
class JobContext:
    cancelled: threading.Event = field(default_factory=threading.Event)
    state: dict[str, Any] = field(default_factory=lambda: {"fraction": 0.0})
    app_state: Any = None  # the app's state (db, unit cache) for jobs that read and store
    actor: Any = None  # the Actor who started the job; stored results are written in their name
    on_progress: Callable[[], None] | None = None

    def progress(self, fraction: float, **details: Any) -> None:
        self.state = {"fraction": max(0.0, min(1.0, fraction)), **details}
        if self.on_progress is not None:
            self.on_progress()


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
    status: str = "queued"  # queued, running, done, failed, cancelled, interrupted
    context: JobContext = field(default_factory=JobContext)
    result: dict[str, Any] | None = None
    error: str | None = None
    ahead: int = 0  # jobs that start before this one (while queued)

    @property
    def finished(self) -> bool:
        return self.status in FINISHED

    def view(self) -> dict[str, Any]:
        return {
            "id": self.id,
            "kind": self.kind,
            "unit_id": self.unit_id,
            "status": self.status,
            "progress": self.context.state,
            "result": self.result,
            "error": self.error,
            "queued_ahead": self.ahead if self.status == "queued" else 0,
        }


def _json_safe(value: Any) -> Any:
    """The result as the table stores it (dates as ISO text), so memory and table agree."""
    return json.loads(json.dumps(value, default=lambda v: v.isoformat() if hasattr(v, "isoformat") else str(v)))


@dataclass
class _Queued:
    job: Job
    kind: JobKind
    params: dict[str, Any]
    seq: int


class JobRunner:
    """The queue and its workers. ``db`` None keeps jobs in memory only (unit tests of job kinds)."""

    def __init__(self, db: Any = None, settings: JobSettings | None = None):
        self._db = db
        self.settings = settings or JobSettings()
        self._jobs: OrderedDict[str, Job] = OrderedDict()  # this process's jobs, newest last
        self._queue: list[_Queued] = []
        self._running: dict[str, Job] = {}
        self._seq = itertools.count()
        self._cond = threading.Condition()
        self._stopping = False
        self._last_write: dict[str, float] = {}
        if db is not None:
            with db.transaction() as session:
                count = repo.interrupt_unfinished_jobs(session)
            if count:
                log.warning("marked %d job(s) of a stopped process as interrupted", count)
        self._workers = [
            threading.Thread(target=self._work, name=f"bemanning-job-{i}", daemon=True)
            for i in range(max(1, self.settings.workers))
        ]
        for worker in self._workers:
            worker.start()

    # --- the table ----------------------------------------------------------------------------

    def _write(self, job_id: str, **values: Any) -> None:
        if self._db is None:
            return
        for attempt in range(3):  # a busy SQLite file answers 'locked' under load: try again shortly
            try:
                with self._db.transaction() as session:
                    repo.update_job(session, job_id, **values)
                return
            except Exception as exc:
                if attempt == 2:
                    log.warning("could not store job state: %s", type(exc).__name__)
                else:
                    time.sleep(0.2 * (attempt + 1))

    def _progress_written(self, job: Job) -> None:
        now = time.monotonic()
        if now - self._last_write.get(job.id, 0.0) >= PROGRESS_WRITE_SECONDS:
            self._last_write[job.id] = now
            self._write(job.id, progress=_json_safe(job.context.state))

    @staticmethod
    def _from_row(row: JobRow) -> Job:
        job = Job(
            id=row.id,
            kind=row.kind,
            unit_id=row.unit_id,
            owner=row.username,
            status=row.status,
            result=row.result,
            error=row.error,
        )
        job.context.state = dict(row.progress or {"fraction": 0.0})
        return job

    # --- submitting ---------------------------------------------------------------------------

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
        job.context.on_progress = lambda: self._progress_written(job)
        with self._cond:
            pending = sum(1 for q in self._queue if q.job.owner == owner) + sum(
                1 for j in self._running.values() if j.owner == owner
            )
            if pending >= self.settings.max_pending:
                raise Problem(429, "web_job_limit", count=pending, limit=self.settings.max_pending)
            if self._db is not None:
                with self._db.transaction() as session:
                    repo.add_job(
                        session,
                        JobRow(
                            id=job.id,
                            kind=kind.name,
                            unit_id=unit_id,
                            username=owner,
                            status="queued",
                            progress=job.context.state,
                            created_at=utcnow(),
                        ),
                    )
            self._jobs[job.id] = job
            self._queue.append(_Queued(job, kind, params, next(self._seq)))
            self._update_ahead()
            self._cond.notify_all()
        return job

    # --- the fair queue -----------------------------------------------------------------------

    def _counts(self) -> tuple[dict[str, int], dict[str, int]]:
        users: dict[str, int] = {}
        units: dict[str, int] = {}
        for job in self._running.values():
            users[job.owner] = users.get(job.owner, 0) + 1
            units[job.unit_id] = units.get(job.unit_id, 0) + 1
        return users, units

    def _order(self) -> list[_Queued]:
        """The queue in start order: allowed jobs first, fewest running of their user and unit first."""
        users, units = self._counts()

        def allowed(q: _Queued) -> bool:
            return (
                users.get(q.job.owner, 0) < self.settings.per_user
                and units.get(q.job.unit_id, 0) < self.settings.per_unit
            )

        return sorted(
            self._queue,
            key=lambda q: (not allowed(q), users.get(q.job.owner, 0), units.get(q.job.unit_id, 0), q.seq),
        )

    def _next(self) -> _Queued | None:
        """The next job to start (called with the lock held), or None while every queued job waits."""
        if len(self._running) >= len(self._workers) or not self._queue:
            return None
        users, units = self._counts()
        first = self._order()[0]
        if (
            users.get(first.job.owner, 0) < self.settings.per_user
            and units.get(first.job.unit_id, 0) < self.settings.per_unit
        ):
            return first
        return None

    def _forget_old(self) -> None:
        finished = [job_id for job_id, job in self._jobs.items() if job.finished]
        for job_id in finished[: max(0, len(finished) - KEEP_FINISHED)]:
            del self._jobs[job_id]

    def _update_ahead(self) -> None:
        for index, queued in enumerate(self._order()):
            queued.job.ahead = index + len(self._running)

    def _work(self) -> None:
        while True:
            with self._cond:
                queued = self._next()
                while queued is None and not self._stopping:
                    self._cond.wait(timeout=1.0)
                    queued = self._next()
                if self._stopping:
                    return
                assert queued is not None
                self._queue.remove(queued)
                job = queued.job
                job.status = "running"
                self._running[job.id] = job
                self._update_ahead()
            self._run(queued)
            with self._cond:
                self._running.pop(job.id, None)
                self._last_write.pop(job.id, None)
                self._forget_old()
                self._update_ahead()
                self._cond.notify_all()

    def _run(self, queued: _Queued) -> None:
        job, kind = queued.job, queued.kind
        if job.context.cancelled.is_set():
            job.status = "cancelled"
            self._write(job.id, status="cancelled", finished_at=utcnow())
            return
        self._write(job.id, status="running", started_at=utcnow())
        try:
            result = _json_safe(kind.run(job.context, queued.params))
            job.result = result
            if self._stopping:
                job.status = "interrupted"
            elif job.context.cancelled.is_set():  # cancelled while it ran: its proposal is dropped too
                job.status, job.result = "cancelled", {"stored": False}
            else:
                job.status = "done"
        except Exception as exc:  # the job's failure is shown to its owner, not raised
            job.status, job.error = "failed", type(exc).__name__
            log.warning("job %s of kind %s failed: %s", job.id, job.kind, type(exc).__name__)
        self._write(
            job.id,
            status=job.status,
            result=job.result,
            error=job.error,
            progress=_json_safe(job.context.state),
            finished_at=utcnow(),
        )

    # --- reading and cancelling ---------------------------------------------------------------

    def get(self, job_id: str) -> Job | None:
        """The job: live from this process, else as the table last recorded it (e.g. 'interrupted')."""
        with self._cond:
            job = self._jobs.get(job_id)
        if job is not None or self._db is None or len(job_id) > 32:
            return job
        with self._db.read() as session:
            row = repo.get_job(session, job_id)
            return self._from_row(row) if row is not None else None

    def cancel(self, job_id: str) -> None:
        job = self.get(job_id)
        if job is None:
            return
        with self._cond:
            job.context.cancelled.set()
            if job.status == "queued":
                self._queue = [q for q in self._queue if q.job.id != job_id]
                job.status = "cancelled"
                self._write(job.id, status="cancelled", finished_at=utcnow())
                self._update_ahead()
            elif job.status == "done":  # a finished proposal the user turns down is dropped too
                job.status, job.result = "cancelled", {"stored": False}
                self._write(job.id, status="cancelled", result=job.result)

    def shutdown(self) -> None:
        with self._cond:
            self._stopping = True
            for job in self._jobs.values():
                job.context.cancelled.set()
            self._cond.notify_all()
        if self._db is not None:  # what this process leaves unfinished is not coming back
            with self._cond:
                unfinished = [j.id for j in self._jobs.values() if not j.finished]
            for job_id in unfinished:
                self._write(job_id, status="interrupted", finished_at=utcnow())
