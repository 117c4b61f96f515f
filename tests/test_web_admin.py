"""The user administration page, a new unit from an uploaded file, and the API docs without a CDN."""

from __future__ import annotations

import re
from pathlib import Path

import pytest
from fastapi import FastAPI
from fastapi.testclient import TestClient

from bemanning.demo import build_demo_unit
from bemanning.io.unit_file import save_unit
from web_support import PASSWORD, UNIT, Client, is_problem, make_app


@pytest.fixture
def app(tmp_path: Path) -> FastAPI:
    return make_app(tmp_path)


def _form(client: Client, path: str, **data: object) -> object:
    return client.http.post(path, data={"csrf_token": client.csrf, **data})


def _user(client: Client, name: str) -> dict[str, object]:
    return next(u for u in client.get("/api/users").json() if u["username"] == name)


def test_page_lists_creates_and_shows_generated_password_once(app: FastAPI) -> None:
    admin = Client(app, "admin")
    page = admin.get("/admin")
    assert page.status_code == 200 and 'data-user="planlegger"' in page.text and "Ny bruker" in page.text
    created = _form(admin, "/admin/users", username="Nina", role="planlegger", unit_ids=[UNIT])
    assert created.status_code == 200
    password = re.search(r"på en trygg måte\): (\S+)</p>", created.text).group(1)
    assert created.headers["cache-control"] == "no-store"
    nina = TestClient(app).post("/api/auth/login", json={"username": "nina", "password": password})
    assert nina.status_code == 200
    assert _user(admin, "Nina")["unit_ids"] == [UNIT]
    assert password not in admin.get("/admin").text  # shown once
    audit = admin.get("/api/audit").json()
    assert all(password not in str(row) for row in audit)


def test_page_errors_in_norwegian(app: FastAPI) -> None:
    admin = Client(app, "admin")
    short = _form(admin, "/admin/users", username="kari", role="leder", password="qzqzq")
    assert short.status_code == 422 and "minst 12 tegn" in short.text and "qzqzq" not in short.text
    clash = _form(admin, "/admin/users", username="ADMIN", role="leder")
    assert clash.status_code == 409 and "finnes allerede" in clash.text
    employee = _form(admin, "/admin/users", username="ola", role="ansatt", employee_id="x-99", unit_ids=[UNIT])
    assert employee.status_code == 422 and "x-99" in employee.text


def test_page_role_deactivate_reset_and_last_admin(app: FastAPI) -> None:
    admin = Client(app, "admin")
    planner = Client(app, "planlegger")
    planner_id = _user(admin, "planlegger")["id"]
    assert _form(admin, f"/admin/users/{planner_id}/role", role="leder").status_code == 303
    assert _user(admin, "planlegger")["role"] == "leder"
    assert is_problem(planner.get("/api/auth/me"), 401)  # the role change ended the session
    reset = _form(admin, f"/admin/users/{planner_id}/password")
    new_password = re.search(r"på en trygg måte\): (\S+)</p>", reset.text).group(1)
    old_login = TestClient(app).post("/api/auth/login", json={"username": "planlegger", "password": PASSWORD})
    assert old_login.status_code == 401
    assert TestClient(app).post(
        "/api/auth/login", json={"username": "planlegger", "password": new_password}
    ).status_code == 200
    assert _form(admin, f"/admin/users/{planner_id}/active", active="0").status_code == 303
    assert _user(admin, "planlegger")["active"] is False
    own_id = _user(admin, "admin")["id"]
    last = _form(admin, f"/admin/users/{own_id}/active", active="0")
    assert last.status_code == 409 and "siste aktive administratoren" in last.text
    demote = _form(admin, f"/admin/users/{own_id}/role", role="leder")
    assert demote.status_code == 409 and _user(admin, "admin")["role"] == "admin"


def test_page_needs_admin(app: FastAPI) -> None:
    manager = Client(app, "leder")
    assert manager.get("/admin").status_code == 403
    assert _form(manager, "/admin/users", username="x1", role="admin").status_code == 403
    assert all(u != "x1" for u in [r["username"] for r in Client(app, "admin").get("/api/users").json()])


def _unit_file(tmp_path: Path, suffix: str, **changes: object) -> bytes:
    unit = build_demo_unit().model_copy(update={"id": "ny-post", "name": "Ny sengepost", **changes})
    path = tmp_path / f"ny{suffix}"
    save_unit(unit, path)
    return path.read_bytes()


@pytest.mark.parametrize("suffix", [".yaml", ".xlsx"])
def test_import_unit_page_and_api(app: FastAPI, tmp_path: Path, suffix: str) -> None:
    admin = Client(app, "admin")
    data = _unit_file(tmp_path, suffix)
    page = admin.http.post(
        "/admin/units", data={"csrf_token": admin.csrf}, files={"file": (f"ny{suffix}", data)}
    )
    assert page.status_code == 303 and page.headers["location"] == "/units/ny-post"
    assert "ny-post" in [u["id"] for u in admin.get("/api/units").json()]
    again = admin.post("/api/units/import", files={"file": (f"ny{suffix}", data)})
    assert is_problem(again, 409) and "ny-post" in again.json()["detail"]


def test_import_bad_unit_gives_the_cli_messages(app: FastAPI, tmp_path: Path, cli: object) -> None:
    admin = Client(app, "admin")
    text = _unit_file(tmp_path, ".yaml").decode().replace("position_pct: 100", "position_pct: 150", 1)
    assert "position_pct: 150" in text
    bad = tmp_path / "feil.yaml"
    bad.write_text(text, encoding="utf-8")
    valider = cli("valider", str(bad), env={"BEMANNING_LANG": "no"})  # type: ignore[operator]
    assert valider.returncode == 2
    api = admin.post("/api/units/import", files={"file": ("feil.yaml", text.encode())})
    assert is_problem(api, 422)
    detail = api.json()["detail"]
    cli_lines = [line.strip() for line in valider.stderr.strip().splitlines() if line.strip()]
    assert cli_lines and all(line.replace(str(bad), "feil.yaml") in detail for line in cli_lines)
    assert "/tmp" not in detail
    page = admin.http.post(
        "/admin/units", data={"csrf_token": admin.csrf}, files={"file": ("feil.yaml", text.encode())}
    )
    assert page.status_code == 422 and "kan ikke være over 100" in page.text
    assert is_problem(Client(app, "leder").post("/api/units/import", files={"file": ("a.yaml", b"x")}), 403)


def test_api_docs_from_the_package(app: FastAPI) -> None:
    browser = TestClient(app)
    docs = browser.get("/docs")
    assert docs.status_code == 200
    assert "cdn" not in docs.text.lower() and "<script>" not in docs.text  # no inline script for the CSP
    for asset in re.findall(r'(?:src|href)="(/static/[^"]+)"', docs.text):
        response = browser.get(asset)
        assert response.status_code == 200 and len(response.content) > 100, asset
    assert "SwaggerUIBundle" in browser.get("/static/swagger-ui/swagger-ui-bundle.js").text
    assert browser.get("/openapi.json").json()["paths"]["/api/units/import"]
