"""Shared helpers for the web tests: an app on SQLite or PostgreSQL, users of every role, a client."""

from __future__ import annotations

import contextlib
import time
import uuid
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest
from argon2 import PasswordHasher
from fastapi import FastAPI
from fastapi.testclient import TestClient
from sqlalchemy import create_engine, text

from bemanning.store import repo
from bemanning.web import security
from bemanning.web.app import create_app
from bemanning.web.security import hash_password
from bemanning.web.settings import WebSettings

# Tests only: cheap argon2 parameters so a login takes milliseconds (the hashes stay argon2id).
security._hasher = PasswordHasher(time_cost=1, memory_cost=1024, parallelism=1)
security._DUMMY_HASH = security._hasher.hash("not-a-password")

UNIT = "med-sengepost"
PASSWORD = "correct-horse-battery"
# A roster far below its safe minimum is approved only with a written reason (issue 25, web/approval.py).
OVERRIDE = "Testdata: godkjent tross brudd, kun for testen"
ROLES = ["admin", "leder", "planlegger", "ansatt", "tillitsvalgt", "leder_other", "bemanningssenter"]
POSTGRES_USERS = ("postgres", "root")


def postgres_url() -> str | None:
    for user in POSTGRES_USERS:
        url = f"postgresql+psycopg://{user}@127.0.0.1:5432/test"
        try:
            engine = create_engine(url, connect_args={"connect_timeout": 2})
            with engine.connect() as conn:
                conn.execute(text("select 1"))
            engine.dispose()
            return url
        except Exception:
            continue
    return None


@contextlib.contextmanager
def postgres_schema() -> Iterator[tuple[str, str]]:
    url = postgres_url()
    if url is None:
        pytest.skip("PostgreSQL not reachable on 127.0.0.1:5432 (database test, user postgres/root)")
    schema = f"test_web_{uuid.uuid4().hex[:10]}"
    engine = create_engine(url)
    with engine.begin() as conn:
        conn.execute(text(f'CREATE SCHEMA "{schema}"'))
    try:
        yield url, schema
    finally:
        with engine.begin() as conn:
            conn.execute(text(f'DROP SCHEMA "{schema}" CASCADE'))
        engine.dispose()


def make_app(tmp_path: Path, url: str | None = None, schema: str | None = None) -> FastAPI:
    settings = WebSettings(
        database_url=url or f"sqlite:///{tmp_path / 'web.sqlite3'}",
        data_dir=tmp_path,
        secret_key="test-secret",
        secure_cookies=False,
        db_schema=schema,
    )
    app = create_app(settings)
    add_role_users(app)
    return app


_HASH: list[str] = []


def _password_hash() -> str:
    # argon2 is slow on purpose: hash the shared test password once.
    if not _HASH:
        _HASH.append(hash_password(PASSWORD))
    return _HASH[0]


def add_role_users(app: FastAPI) -> None:
    """One user per role on the demo unit; ``leder_other`` manages no unit at all."""
    db = app.state.db
    with db.transaction() as session:
        unit = repo.get_unit_row(session, UNIT)
        first_employee = unit.document["employees"][0]["id"]
        admin = repo.get_user_by_name(session, "admin")
        assert admin is not None
        admin.password_hash = _password_hash()
        for role in ROLES[1:]:
            real_role = "leder" if role == "leder_other" else role
            units = [] if role == "leder_other" else [UNIT]
            employee = first_employee if role == "ansatt" else None
            repo.create_user(session, role, _password_hash(), real_role, employee_id=employee, unit_ids=units)


class Client:
    """A TestClient logged in as one user; sends the CSRF token on writes."""

    def __init__(self, app: FastAPI, username: str | None = None):
        self.http = TestClient(app, follow_redirects=False)
        self.csrf = ""
        if username:
            response = self.http.post("/api/auth/login", json={"username": username, "password": PASSWORD})
            assert response.status_code == 200, response.text
            self.csrf = response.json()["csrf_token"]

    def request(self, method: str, path: str, *, csrf: bool = True, **kwargs: Any) -> Any:
        headers = dict(kwargs.pop("headers", {}) or {})
        if csrf and self.csrf:
            headers["X-CSRF-Token"] = self.csrf
        return self.http.request(method, path, headers=headers, **kwargs)

    def get(self, path: str, **kwargs: Any) -> Any:
        return self.request("GET", path, **kwargs)

    def post(self, path: str, **kwargs: Any) -> Any:
        return self.request("POST", path, **kwargs)

    def put(self, path: str, **kwargs: Any) -> Any:
        return self.request("PUT", path, **kwargs)

    def patch(self, path: str, **kwargs: Any) -> Any:
        return self.request("PATCH", path, **kwargs)


def roster_id(client: Client) -> int:
    return int(client.get(f"/api/units/{UNIT}/rosters").json()[0]["id"])


def is_problem(response: Any, status: int) -> bool:
    return response.status_code == status and response.headers["content-type"].startswith(
        "application/problem+json"
    )


def wait_for_job(client: Client, job_id: str, timeout: float = 120, poll: float = 0.3) -> dict[str, Any]:
    """The job once it has left the queue (done, failed or cancelled); fails the test after ``timeout``."""
    deadline = time.time() + timeout
    while time.time() < deadline:
        job = client.get(f"/api/jobs/{job_id}").json()
        if job["status"] not in ("queued", "running"):
            return dict(job)
        time.sleep(poll)
    raise AssertionError(f"job {job_id} did not finish")
