"""Jobs in the database (issue 27): a fair queue over two workers with per-user and per-unit limits,
jobs of a killed server shown as 'avbrutt' after the restart with the data intact, and a progress page
that survives a lost connection."""

from __future__ import annotations

import os
import signal
import socket
import sqlite3
import subprocess
import sys
import threading
import time
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import httpx
import pytest
from fastapi import FastAPI

from bemanning.demo import build_demo_unit
from bemanning.store import repo
from bemanning.web.jobs import JOB_KINDS, JobContext, register_job_kind
from bemanning.web.security import Perm
from web_support import PASSWORD, UNIT, Client, is_problem, make_app, roster_id

SECOND_UNIT = "kir-sengepost"
RELEASE = threading.Event()  # lets the test's long jobs finish


def _wait_job(ctx: JobContext, params: dict[str, Any]) -> dict[str, Any]:
    """A job that runs until released or cancelled (a stand-in for a long solve's duration only)."""
    ctx.progress(0.1, phase="solving")
    seconds = float(params.get("seconds", 60))
    deadline = time.monotonic() + seconds
    while time.monotonic() < deadline and not RELEASE.is_set() and not ctx.cancelled.is_set():
        time.sleep(0.02)
    return {"stored": False, "waited": True}


@pytest.fixture(autouse=True)
def wait_kind() -> Iterator[None]:
    register_job_kind("test_wait", _wait_job, Perm.ROSTER_EDIT, lambda p: {**p, "seconds": p.get("seconds", 60)})
    RELEASE.clear()
    yield
    RELEASE.set()
    JOB_KINDS.pop("test_wait", None)


@pytest.fixture
def app(tmp_path: Path) -> Iterator[FastAPI]:
    application = make_app(tmp_path)
    second = build_demo_unit().model_copy(update={"id": SECOND_UNIT, "name": "Kirurgisk sengepost"})
    with application.state.db.transaction() as session:
        repo.create_unit(session, second)
        repo.create_user(
            session, "planlegger2", repo.get_user_by_name(session, "planlegger").password_hash,  # type: ignore[union-attr]
            "planlegger", unit_ids=[SECOND_UNIT],
        )
    yield application
    RELEASE.set()
    application.state.jobs.shutdown()


def _status(client: Client, job_id: str) -> str:
    return str(client.get(f"/api/jobs/{job_id}").json()["status"])


def _until(predicate: Any, seconds: float = 60.0) -> bool:
    deadline = time.monotonic() + seconds
    while time.monotonic() < deadline:
        if predicate():
            return True
        time.sleep(0.05)
    return False


def test_another_units_short_job_starts_while_one_users_queue_is_long(app: FastAPI) -> None:
    first, second = Client(app, "planlegger"), Client(app, "planlegger2")
    long_jobs = [first.post(f"/api/units/{UNIT}/jobs/test_wait", json={"seconds": 600}).json()["id"] for _ in range(20)]
    assert _until(lambda: _status(first, long_jobs[0]) == "running")
    short = second.post(f"/api/units/{SECOND_UNIT}/jobs/test_wait", json={"seconds": 0.2}).json()
    # The second worker is free for the other unit: the short job runs and ends while all 19 wait.
    assert _until(lambda: _status(second, short["id"]) == "done", 15)
    statuses = [_status(first, j) for j in long_jobs]
    assert statuses.count("running") == 1 and statuses.count("queued") == 19
    queued = first.get(f"/api/jobs/{long_jobs[-1]}").json()
    assert queued["queued_ahead"] >= 19
    page = first.get(f"/units/{UNIT}/jobs/{long_jobs[-1]}").text
    assert "I kø" in page  # the page says the job waits, not that it is lost
    # Cancelling a queued job takes it out of the queue for good.
    assert first.post(f"/api/jobs/{long_jobs[-1]}/cancel").json()["status"] == "cancelled"
    assert _status(first, long_jobs[-1]) == "cancelled"


def test_one_user_and_one_unit_run_one_job_at_a_time_and_the_queue_is_bounded(app: FastAPI) -> None:
    planner, leader = Client(app, "planlegger"), Client(app, "leder")
    a = planner.post(f"/api/units/{UNIT}/jobs/test_wait", json={"seconds": 600}).json()["id"]
    b = leader.post(f"/api/units/{UNIT}/jobs/test_wait", json={"seconds": 600}).json()["id"]
    assert _until(lambda: _status(planner, a) == "running")
    time.sleep(0.5)
    assert _status(leader, b) == "queued"  # same unit: waits although a worker is free
    planner.post(f"/api/jobs/{a}/cancel")
    assert _until(lambda: _status(leader, b) == "running")
    limit = app.state.jobs.settings.max_pending
    answers = [planner.post(f"/api/units/{UNIT}/jobs/test_wait", json={"seconds": 600}) for _ in range(limit + 1)]
    assert [r.status_code for r in answers[:limit]] == [202] * limit
    assert is_problem(answers[-1], 429) and str(limit) in answers[-1].json()["detail"]


def test_jobs_are_stored_and_read_back_after_leaving_memory(app: FastAPI) -> None:
    planner = Client(app, "planlegger")
    job_id = planner.post(f"/api/units/{UNIT}/jobs/test_wait", json={"seconds": 0.1}).json()["id"]
    assert _until(lambda: _status(planner, job_id) == "done")
    with app.state.db.read() as session:
        row = repo.get_job(session, job_id)
        assert row is not None and row.status == "done" and row.username == "planlegger"
        assert row.started_at is not None and row.finished_at is not None and row.result == {
            "stored": False, "waited": True,
        }
    app.state.jobs._jobs.clear()  # as after many later jobs: the table answers
    assert planner.get(f"/api/jobs/{job_id}").json()["result"] == {"stored": False, "waited": True}
    assert is_problem(Client(app, "leder").get(f"/api/jobs/{job_id}"), 404)  # someone else's job


def test_progress_page_reconnects_after_a_lost_connection(app: FastAPI) -> None:
    planner = Client(app, "planlegger")
    job_id = planner.post(f"/api/units/{UNIT}/jobs/test_wait", json={"seconds": 600}).json()["id"]
    page = planner.get(f"/units/{UNIT}/jobs/{job_id}").text
    assert f'data-poll="/units/{UNIT}/jobs/{job_id}/progress"' in page
    assert "Mistet forbindelsen med serveren" in page  # the message the script shows while it retries
    script = planner.get("/static/app.js").text
    assert "htmx:sendError" in script and "dataset.poll" in script


# --- kill -9 of a real server ---------------------------------------------------------------------


def _free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return int(sock.getsockname()[1])


def _serve(folder: Path, url: str, port: int) -> subprocess.Popen[bytes]:
    env = {
        **os.environ,
        "BEMANNING_DATA_DIR": str(folder),
        "BEMANNING_DATABASE_URL": url,
        "BEMANNING_SECRET_KEY": "kill-test-secret",
        "PYTHONPATH": str(Path(__file__).parents[1] / "src"),
    }
    process = subprocess.Popen(
        [sys.executable, "-c", "from bemanning.cli import main; main()", "serve", "--port", str(port)],
        env=env,
        stdout=subprocess.DEVNULL,
        stderr=subprocess.DEVNULL,
    )
    for _ in range(600):
        try:
            if httpx.get(f"http://127.0.0.1:{port}/api/health", timeout=1).status_code == 200:
                return process
        except httpx.HTTPError:
            time.sleep(0.1)
    process.kill()
    raise AssertionError("server did not start")


def _login(base: str) -> tuple[httpx.Client, str]:
    client = httpx.Client(base_url=base, timeout=30)
    me = client.post("/api/auth/login", json={"username": "planlegger", "password": PASSWORD})
    assert me.status_code == 200, me.text
    return client, str(me.json()["csrf_token"])


def _snapshot(path: Path) -> dict[str, Any]:
    with sqlite3.connect(path) as conn:
        assert conn.execute("PRAGMA integrity_check").fetchone()[0] == "ok"
        return {
            "units": conn.execute("SELECT id, version FROM units ORDER BY id").fetchall(),
            "rosters": conn.execute("SELECT id, version, status, assignments FROM rosters ORDER BY id").fetchall(),
            "wishes": conn.execute("SELECT id, key FROM wishes ORDER BY id").fetchall(),
        }


def test_kill_9_during_a_solve_leaves_the_job_avbrutt_and_the_data_intact(tmp_path: Path) -> None:
    db_path = tmp_path / "kill.sqlite3"
    url = f"sqlite:///{db_path}"
    seeded = make_app(tmp_path, url)  # demo unit, draft roster, one user per role
    planner = Client(seeded, "planlegger")
    rid = roster_id(planner)
    planner.post(f"/api/units/{UNIT}/wishes", json={"employee": build_demo_unit().employees[0].id, "day": 2})
    seeded.state.jobs.shutdown()
    seeded.state.db.dispose()
    before = _snapshot(db_path)

    port = _free_port()
    base = f"http://127.0.0.1:{port}"
    server = _serve(tmp_path, url, port)
    try:
        client, csrf = _login(base)
        started = client.post(
            f"/api/units/{UNIT}/jobs/roster_solve",
            json={"roster_id": rid, "time_limit": 120},
            headers={"X-CSRF-Token": csrf},
        )
        assert started.status_code == 202, started.text
        job_id = started.json()["id"]
        assert _until(
            lambda: client.get(f"/api/jobs/{job_id}").json()["progress"].get("phase") == "solving", 120
        ), client.get(f"/api/jobs/{job_id}").json()
        os.kill(server.pid, signal.SIGKILL)
        server.wait(10)
    finally:
        if server.poll() is None:
            server.kill()
            server.wait(10)

    assert _snapshot(db_path) == before  # nothing half-written: no new roster, same versions, same wishes
    server = _serve(tmp_path, url, port)
    try:
        client, _csrf = _login(base)
        job = client.get(f"/api/jobs/{job_id}")
        assert job.status_code == 200 and job.json()["status"] == "interrupted"
        page = client.get(f"/units/{UNIT}/jobs/{job_id}")
        assert page.status_code == 200 and "avbrutt" in page.text.lower()
        assert "Fant ikke" not in page.text and 'id="job-interrupted"' in page.text
        assert "hx-get" not in page.text.split('id="job"', 1)[1].split(">", 1)[0]  # polling has stopped
        assert [r["id"] for r in client.get(f"/api/units/{UNIT}/rosters").json()] == [rid]
    finally:
        server.send_signal(signal.SIGTERM)
        try:
            server.wait(15)
        except subprocess.TimeoutExpired:
            server.kill()
    assert _snapshot(db_path)["rosters"] == before["rosters"]

