"""Server-side sessions and login throttling over real HTTP (TestClient), on SQLite and PostgreSQL."""

from __future__ import annotations

import base64
import datetime as dt
import json
from collections.abc import Iterator
from pathlib import Path

import pytest
from fastapi import FastAPI
from fastapi.testclient import TestClient

from bemanning.web import security, sessions
from web_support import PASSWORD, UNIT, Client, is_problem, make_app, postgres_schema

COOKIE = "bemanning_session"


@pytest.fixture(params=["sqlite", pytest.param("postgres", marks=pytest.mark.postgres)])
def app(request: pytest.FixtureRequest, tmp_path: Path) -> Iterator[FastAPI]:
    if request.param == "sqlite":
        yield make_app(tmp_path)
        return
    with postgres_schema() as (url, schema):
        application = make_app(tmp_path, url, schema)
        yield application
        application.state.db.dispose()


class Clock:
    """Replaces the sessions/throttling clock; ``advance`` moves it on."""

    def __init__(self, monkeypatch: pytest.MonkeyPatch):
        self.at = dt.datetime(2027, 1, 4, 8, 0, tzinfo=dt.UTC)
        monkeypatch.setattr(sessions, "now", lambda: self.at)

    def advance(self, **delta: float) -> None:
        self.at += dt.timedelta(**delta)


@pytest.fixture
def clock(monkeypatch: pytest.MonkeyPatch) -> Clock:
    return Clock(monkeypatch)


def copied(app: FastAPI, client: Client) -> TestClient:
    """A second client carrying a copy of ``client``'s session cookie, as a thief would."""
    value = client.http.cookies.get(COOKIE)
    assert value
    thief = TestClient(app, follow_redirects=False)
    thief.cookies.set(COOKIE, value)
    return thief


def user_id(app: FastAPI, name: str) -> int:
    admin = Client(app, "admin")
    return next(u["id"] for u in admin.get("/api/users").json() if u["username"] == name)


def login(app: FastAPI, username: str, password: str = PASSWORD) -> object:
    return TestClient(app).post("/api/auth/login", json={"username": username, "password": password})


# --- sessions --------------------------------------------------------------------------------------


def test_cookie_holds_only_a_random_session_token(app: FastAPI) -> None:
    planner = Client(app, "planlegger")
    payload = planner.http.cookies.get(COOKIE).split(".")[0]
    data = json.loads(base64.b64decode(payload + "=" * (-len(payload) % 4)))
    assert set(data) == {"sid"} and len(data["sid"]) >= 40
    with app.state.db.read() as session:
        from sqlalchemy import select

        from bemanning.store.tables import SessionRow

        hashes = list(session.scalars(select(SessionRow.token_hash)))
    assert data["sid"] not in hashes and sessions.token_hash(data["sid"]) in hashes


def test_copied_cookie_rejected_after_logout(app: FastAPI) -> None:
    planner = Client(app, "planlegger")
    thief = copied(app, planner)
    assert thief.get(f"/api/units/{UNIT}").status_code == 200
    assert planner.post("/api/auth/logout").status_code == 204
    assert is_problem(thief.get(f"/api/units/{UNIT}"), 401)
    assert thief.get("/units").status_code == 303  # pages send it to the login page
    assert is_problem(planner.get("/api/auth/me"), 401)


def test_page_logout_ends_the_server_session(app: FastAPI) -> None:
    planner = Client(app, "planlegger")
    thief = copied(app, planner)
    assert planner.post("/logout", data={"csrf_token": planner.csrf}).status_code == 303
    assert is_problem(thief.get("/api/auth/me"), 401)


def test_copied_cookie_rejected_after_admin_changes_password(app: FastAPI) -> None:
    planner = Client(app, "planlegger")
    thief = copied(app, planner)
    admin = Client(app, "admin")
    changed = admin.patch(f"/api/users/{user_id(app, 'planlegger')}", json={"password": "a-new-long-password"})
    assert changed.status_code == 200
    assert is_problem(thief.get(f"/api/units/{UNIT}"), 401)
    assert is_problem(planner.get("/api/auth/me"), 401)
    assert login(app, "planlegger", "a-new-long-password").status_code == 200


def test_copied_cookie_rejected_after_deactivation_and_role_change(app: FastAPI) -> None:
    planner, manager = Client(app, "planlegger"), Client(app, "leder")
    planner_thief, manager_thief = copied(app, planner), copied(app, manager)
    admin = Client(app, "admin")
    assert admin.patch(f"/api/users/{user_id(app, 'planlegger')}", json={"active": False}).status_code == 200
    assert is_problem(planner_thief.get(f"/api/units/{UNIT}"), 401)
    assert is_problem(login(app, "planlegger"), 401)  # and no new login
    assert admin.patch(f"/api/users/{user_id(app, 'leder')}", json={"role": "ansatt"}).status_code == 200
    assert is_problem(manager_thief.get("/api/auth/me"), 401)
    # Reactivating does not bring the old session back.
    assert admin.patch(f"/api/users/{user_id(app, 'planlegger')}", json={"active": True}).status_code == 200
    assert is_problem(planner_thief.get("/api/auth/me"), 401)


def test_unit_access_change_keeps_sessions(app: FastAPI) -> None:
    planner = Client(app, "planlegger")
    admin = Client(app, "admin")
    assert admin.patch(f"/api/users/{user_id(app, 'planlegger')}", json={"unit_ids": []}).status_code == 200
    assert planner.get("/api/auth/me").json()["unit_ids"] == []  # read fresh on each request
    assert is_problem(planner.get(f"/api/units/{UNIT}"), 403)


def test_own_password_change_ends_other_sessions(app: FastAPI) -> None:
    laptop, phone = Client(app, "tillitsvalgt"), Client(app, "tillitsvalgt")
    wrong = laptop.post("/api/auth/password", json={"current_password": "nope", "new_password": "x" * 12})
    assert is_problem(wrong, 403)
    short = laptop.post("/api/auth/password", json={"current_password": PASSWORD, "new_password": "kort"})
    assert is_problem(short, 422) and "minst 12 tegn" in short.json()["detail"]
    ok = laptop.post(
        "/api/auth/password", json={"current_password": PASSWORD, "new_password": "en helt ny passfrase"}
    )
    assert ok.status_code == 204
    assert laptop.get("/api/auth/me").status_code == 200
    assert is_problem(phone.get("/api/auth/me"), 401)
    assert login(app, "tillitsvalgt", "en helt ny passfrase").status_code == 200


def test_idle_timeout(app: FastAPI, clock: Clock) -> None:
    planner = Client(app, "planlegger")
    idle = app.state.settings.session_idle_seconds
    clock.advance(seconds=idle - 60)
    assert planner.get("/api/auth/me").status_code == 200  # use within the idle time keeps it alive
    clock.advance(seconds=idle - 60)
    assert planner.get("/api/auth/me").status_code == 200
    clock.advance(seconds=idle + 1)
    assert is_problem(planner.get("/api/auth/me"), 401)


def test_absolute_timeout_despite_activity(app: FastAPI, clock: Clock) -> None:
    planner = Client(app, "planlegger")
    step = app.state.settings.session_idle_seconds // 2
    lived = 0
    while lived + step < app.state.settings.session_max_age:
        clock.advance(seconds=step)
        lived += step
        assert planner.get("/api/auth/me").status_code == 200
    clock.advance(seconds=step + 1)
    assert is_problem(planner.get("/api/auth/me"), 401)


def test_session_list_end_one_and_log_out_everywhere(app: FastAPI) -> None:
    laptop, phone, tablet = Client(app, "leder"), Client(app, "leder"), Client(app, "leder")
    listed = laptop.get("/api/auth/sessions").json()
    assert len(listed) == 3 and sum(s["current"] for s in listed) == 1
    other = next(s["id"] for s in listed if not s["current"])
    assert laptop.request("DELETE", f"/api/auth/sessions/{other}").status_code == 204
    assert len(laptop.get("/api/auth/sessions").json()) == 2
    # Someone else's session id: not found, not ended.
    admin_sessions = Client(app, "admin").get("/api/auth/sessions").json()
    assert is_problem(laptop.request("DELETE", f"/api/auth/sessions/{admin_sessions[0]['id']}"), 404)
    page = laptop.get("/account")
    assert page.status_code == 200 and "Logg ut overalt" in page.text and "denne økten" in page.text
    assert laptop.post("/api/auth/logout-everywhere").status_code == 204
    for client in (laptop, phone, tablet):
        assert is_problem(client.get("/api/auth/me"), 401)


def test_login_rotates_the_session(app: FastAPI) -> None:
    browser = Client(app, "planlegger")
    before = copied(app, browser)
    again = browser.http.post("/api/auth/login", json={"username": "planlegger", "password": PASSWORD})
    assert again.status_code == 200
    assert is_problem(before.get("/api/auth/me"), 401)  # the old token died with the new login
    assert browser.http.get("/api/auth/me").status_code == 200


# --- login throttling ------------------------------------------------------------------------------


def _attempt(app: FastAPI, username: str, password: str = "wrong-password") -> object:
    return TestClient(app).post("/api/auth/login", json={"username": username, "password": password})


def test_delay_grows_then_lock_even_for_the_right_password(app: FastAPI, clock: Clock) -> None:
    settings = app.state.settings
    waits = []
    for _ in range(settings.login_account_lock_after):
        response = _attempt(app, "planlegger")
        if response.status_code == 429:
            wait = int(response.headers["retry-after"])
            waits.append(wait)
            assert "Vent" in response.json()["detail"]
            clock.advance(seconds=wait)
            response = _attempt(app, "planlegger")
        assert is_problem(response, 401)
    assert waits == [1, 2, 4, 8, 16, 32, 60][: settings.login_account_lock_after - settings.login_account_free_failures]
    locked = _attempt(app, "planlegger", PASSWORD)
    assert is_problem(locked, 429)
    assert int(locked.headers["retry-after"]) == settings.login_lock_seconds
    clock.advance(seconds=settings.login_delay_max_seconds * 2)
    assert is_problem(_attempt(app, "planlegger", PASSWORD), 429)  # still locked
    clock.advance(seconds=settings.login_lock_seconds)
    assert _attempt(app, "planlegger", PASSWORD).status_code == 200


def test_failed_logins_audited_without_secrets(app: FastAPI, clock: Clock) -> None:
    _attempt(app, "leder", "my-secret-guess")
    _attempt(app, "nobody-here", "another-guess")
    audit = Client(app, "admin").get("/api/audit", params={"limit": 1000}).json()
    failed = [r for r in audit if r["action"] == "login_failed"]
    assert [r["username"] for r in failed] == ["?", "leder"]  # newest first; unknown names not stored
    assert all("address=testclient" in r["summary"] for r in failed)
    text = json.dumps(audit)
    assert "my-secret-guess" not in text and "nobody-here" not in text and "another-guess" not in text
    assert any(r["action"] == "login" and r["username"] == "admin" for r in audit)


def test_unknown_user_gets_the_same_answers(app: FastAPI, clock: Clock, monkeypatch: pytest.MonkeyPatch) -> None:
    checks: list[str] = []
    real_verify = security.verify_password
    monkeypatch.setattr(
        security, "verify_password", lambda h, p: checks.append(h) or real_verify(h, p)  # type: ignore[func-returns-value]
    )
    known, unknown = [], []
    for name, answers in (("planlegger", known), ("ingen-slik-bruker", unknown)):
        for _ in range(app.state.settings.login_account_free_failures + 1):
            response = _attempt(app, name)
            body = response.json()
            answers.append((response.status_code, body["detail"], response.headers.get("retry-after")))
    assert known == unknown
    assert known[-1][0] == 429 and known[0] == (401, "Feil brukernavn eller passord.", None)
    # An argon2 check for every attempt that was not throttled, real user or not.
    assert len(checks) == 2 * app.state.settings.login_account_free_failures


def test_address_throttling_across_accounts(app: FastAPI, clock: Clock) -> None:
    settings = app.state.settings
    settings.login_address_free_failures, settings.login_address_lock_after = 2, 5
    for i in range(5):
        response = _attempt(app, f"spray-{i}")
        if response.status_code == 429:
            clock.advance(seconds=int(response.headers["retry-after"]))
            response = _attempt(app, f"spray-{i}")
        assert is_problem(response, 401)
    blocked = _attempt(app, "admin", PASSWORD)  # a fresh account, but the address is locked
    assert is_problem(blocked, 429)
    assert int(blocked.headers["retry-after"]) == settings.login_lock_seconds


def test_page_login_shows_the_wait(app: FastAPI, clock: Clock) -> None:
    browser = TestClient(app, follow_redirects=False)
    token = browser.get("/login").text.split('name="csrf_token" value="')[1].split('"')[0]
    statuses = []
    for _ in range(app.state.settings.login_account_free_failures + 1):
        response = browser.post("/login", data={"username": "leder", "password": "x", "csrf_token": token})
        statuses.append(response.status_code)
    assert statuses[-1] == 429 and "Vent 1 s" in response.text and response.headers["retry-after"] == "1"


def test_admin_password_reset_lifts_the_lock(app: FastAPI, clock: Clock) -> None:
    settings = app.state.settings
    admin = Client(app, "admin")
    for _ in range(settings.login_account_lock_after):
        response = _attempt(app, "ansatt")
        if response.status_code == 429:
            clock.advance(seconds=int(response.headers["retry-after"]))
            _attempt(app, "ansatt")
    assert is_problem(_attempt(app, "ansatt", PASSWORD), 429)
    admin.patch(f"/api/users/{user_id(app, 'ansatt')}", json={"password": "reset-by-the-admin"})
    assert _attempt(app, "ansatt", "reset-by-the-admin").status_code == 200


# --- user names, last admin -------------------------------------------------------------------------


def test_user_names_are_case_insensitive(app: FastAPI) -> None:
    assert login(app, "ADMIN").status_code == 200
    assert login(app, " Planlegger ").status_code == 200
    admin = Client(app, "Admin")
    clash = admin.post(
        "/api/users", json={"username": "LEDER", "password": "long-enough-pass", "role": "leder"}
    )
    assert is_problem(clash, 409) and "finnes allerede" in clash.json()["detail"]


def test_last_admin_cannot_be_demoted_or_deactivated(app: FastAPI) -> None:
    admin = Client(app, "admin")
    own = user_id(app, "admin")
    demote = admin.patch(f"/api/users/{own}", json={"role": "leder"})
    assert is_problem(demote, 409) and "siste aktive administratoren" in demote.json()["detail"]
    assert is_problem(admin.patch(f"/api/users/{own}", json={"active": False}), 409)
    assert admin.get("/api/auth/me").json()["role"] == "admin"
    second = admin.post(
        "/api/users", json={"username": "admin2", "password": "long-enough-pass", "role": "admin"}
    )
    assert second.status_code == 201
    assert admin.patch(f"/api/users/{second.json()['id']}", json={"active": False}).status_code == 200
    assert is_problem(admin.patch(f"/api/users/{own}", json={"role": "leder"}), 409)
    assert admin.patch(f"/api/users/{second.json()['id']}", json={"active": True}).status_code == 200
    assert admin.patch(f"/api/users/{own}", json={"role": "leder"}).status_code == 200


def test_short_password_and_unknown_employee_messages(app: FastAPI) -> None:
    admin = Client(app, "admin")
    short = admin.post("/api/users", json={"username": "ny", "password": "kort", "role": "leder"})
    assert is_problem(short, 422)
    assert "minst 12 tegn" in short.json()["detail"] and "tom" not in short.json()["detail"]
    stranger = admin.post(
        "/api/users",
        json={
            "username": "ny",
            "password": "long-enough-pass",
            "role": "ansatt",
            "employee_id": "finnes-ikke",
            "unit_ids": [UNIT],
        },
    )
    assert is_problem(stranger, 422) and "finnes-ikke" in stranger.json()["detail"]


# --- small items ----------------------------------------------------------------------------------


def test_sqlite_file_private(tmp_path: Path) -> None:
    import stat

    from bemanning.store.db import Database

    folder = tmp_path / "data"
    db = Database(f"sqlite:///{folder / 'b.sqlite3'}")
    db.migrate()
    with db.transaction() as session:
        from bemanning.store import repo

        repo.add_audit(session, "x", "unit", "u", "test")
    files = [p for p in folder.iterdir() if p.name.startswith("b.sqlite3")]
    assert any(p.name.endswith("-wal") for p in files)
    for path in files:
        assert stat.S_IMODE(path.stat().st_mode) == 0o600, path.name
    assert stat.S_IMODE(folder.stat().st_mode) == 0o700
    db.dispose()


def test_existing_world_readable_file_is_tightened(tmp_path: Path) -> None:
    import stat

    from bemanning.store.db import Database

    path = tmp_path / "old.sqlite3"
    path.touch(mode=0o644)
    path.chmod(0o644)
    Database(f"sqlite:///{path}").dispose()
    assert stat.S_IMODE(path.stat().st_mode) == 0o600


def test_no_store_on_pages_and_api_not_static(app: FastAPI) -> None:
    planner = Client(app, "planlegger")
    for path in ("/units", f"/api/units/{UNIT}", "/account", "/login"):
        assert planner.get(path).headers["cache-control"] == "no-store", path
    assert is_problem(TestClient(app).get("/api/auth/me"), 401)
    assert TestClient(app).get("/api/auth/me").headers["cache-control"] == "no-store"
    assert "no-store" not in TestClient(app).get("/static/app.css").headers.get("cache-control", "")


def test_secure_cookie_uses_host_prefix(tmp_path: Path) -> None:
    from bemanning.web.app import create_app
    from bemanning.web.settings import WebSettings

    app = create_app(
        WebSettings(database_url=f"sqlite:///{tmp_path / 's.sqlite3'}", data_dir=tmp_path, secret_key="k",
                    secure_cookies=True)
    )
    page = TestClient(app, base_url="https://testserver").get("/login")
    cookie = page.headers["set-cookie"]
    assert cookie.startswith("__Host-bemanning_session=") and "secure" in cookie.lower()
    assert "httponly" in cookie.lower() and "samesite=lax" in cookie.lower() and "path=/" in cookie.lower()
