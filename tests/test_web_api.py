"""JSON API on SQLite and (marked postgres) on PostgreSQL: versions, conflicts, CSRF, audit, errors."""

from __future__ import annotations

import logging
from collections.abc import Iterator
from pathlib import Path

import pytest
from fastapi import FastAPI
from typer.testing import CliRunner

from bemanning.demo import build_demo_unit
from bemanning.store.db import Database
from web_support import OVERRIDE, UNIT, Client, is_problem, make_app, postgres_schema, roster_id


@pytest.fixture(params=["sqlite", pytest.param("postgres", marks=pytest.mark.postgres)])
def app(request: pytest.FixtureRequest, tmp_path: Path) -> Iterator[FastAPI]:
    if request.param == "sqlite":
        yield make_app(tmp_path)
        return
    with postgres_schema() as (url, schema):
        application = make_app(tmp_path, url, schema)
        yield application
        application.state.db.dispose()


def test_seeded_demo_unit_and_openapi(app: FastAPI) -> None:
    admin = Client(app, "admin")
    units = admin.get("/api/units").json()
    assert [u["id"] for u in units] == [UNIT]
    document = admin.get(f"/api/units/{UNIT}").json()
    assert document["version"] == 1
    assert document["unit"] == build_demo_unit().model_dump(mode="json")
    rules = admin.get(f"/api/units/{UNIT}/rules").json()
    assert next(r for r in rules if r["name"] == "daily_rest_hours")["reference"] == "AML §10-8(1)"
    schema = admin.get("/openapi.json").json()
    assert "/api/units/{unit_id}/rosters/{roster_id}/cell" in schema["paths"]


def test_unit_update_with_version_and_conflict(app: FastAPI) -> None:
    a, b = Client(app, "admin"), Client(app, "leder")
    document = a.get(f"/api/units/{UNIT}").json()
    unit = document["unit"]
    unit["activity"]["beds"] = 26
    assert a.put(f"/api/units/{UNIT}", json={"version": 1, "unit": unit}).json() == {"version": 2}
    unit["activity"]["beds"] = 30
    stale = b.put(f"/api/units/{UNIT}", json={"version": 1, "unit": unit})
    assert is_problem(stale, 409)
    assert stale.json()["current_version"] == 2
    assert a.get(f"/api/units/{UNIT}").json()["unit"]["activity"]["beds"] == 26  # not overwritten


def test_invalid_unit_is_422_problem_in_both_languages(app: FastAPI) -> None:
    admin = Client(app, "admin")
    unit = admin.get(f"/api/units/{UNIT}").json()["unit"]
    unit["employees"][0]["position_pct"] = 150
    response = admin.put(f"/api/units/{UNIT}", json={"version": 1, "unit": unit})
    assert is_problem(response, 422)
    body = response.json()
    assert any(
        "employees[0].position_pct" in m and "kan ikke være over 100" in m for m in body["messages"]["no"]
    )
    assert any("must be at most 100" in m for m in body["messages"]["en"])
    assert admin.get(f"/api/units/{UNIT}").json()["version"] == 1


def test_bad_requests_are_problem_json(app: FastAPI) -> None:
    admin = Client(app, "admin")
    assert is_problem(admin.get("/api/units/nope"), 404)
    assert is_problem(admin.put(f"/api/units/{UNIT}", json={"version": "x"}), 422)
    assert is_problem(
        admin.put(f"/api/units/{UNIT}", content=b"{not json", headers={"content-type": "application/json"}),
        422,
    )
    rid = roster_id(admin)
    bad_cell = {"version": 1, "employee_id": "nobody", "date": "2027-01-04", "shift_code": "D"}
    assert is_problem(admin.patch(f"/api/units/{UNIT}/rosters/{rid}/cell", json=bad_cell), 422)
    outside = {
        "version": 1,
        "employee_id": build_demo_unit().employees[0].id,
        "date": "2030-01-01",
        "shift_code": "D",
    }
    assert is_problem(admin.patch(f"/api/units/{UNIT}/rosters/{rid}/cell", json=outside), 422)
    english = admin.get("/api/units/nope", headers={"accept-language": "en"}).json()
    assert "not found" in english["detail"]


def test_roster_cell_edit_conflict_and_audit(app: FastAPI) -> None:
    planner, manager, admin = Client(app, "planlegger"), Client(app, "leder"), Client(app, "admin")
    rid = roster_id(planner)
    employee = build_demo_unit().employees[0].id
    url = f"/api/units/{UNIT}/rosters/{rid}"
    first = planner.patch(
        f"{url}/cell", json={"version": 1, "employee_id": employee, "date": "2027-01-04", "shift_code": "D"}
    )
    assert first.json() == {"version": 2}
    second = manager.patch(
        f"{url}/cell", json={"version": 1, "employee_id": employee, "date": "2027-01-04", "shift_code": "N"}
    )
    assert is_problem(second, 409)
    roster = admin.get(url).json()
    assert roster["assignments"] == [{"employee_id": employee, "date": "2027-01-04", "shift_code": "D"}]
    audit = admin.get("/api/audit").json()
    cell_rows = [r for r in audit if r["entity"] == "roster" and r["action"] == "cell"]
    assert len(cell_rows) == 1 and cell_rows[0]["username"] == "planlegger"
    name = build_demo_unit().employees[0].name
    assert all(name not in r["summary"] for r in audit)


def test_replace_assignments_approve_and_lock(app: FastAPI) -> None:
    manager = Client(app, "leder")
    rid = roster_id(manager)
    url = f"/api/units/{UNIT}/rosters/{rid}"
    staff = build_demo_unit().employees
    assignments = [{"employee_id": e.id, "date": "2027-01-05", "shift_code": "A"} for e in staff[:3]]
    assert manager.put(url, json={"version": 1, "assignments": assignments}).json() == {"version": 2}
    # Three shifts leave the unit far below its safe minimum: approval needs an override with a reason.
    refused = manager.post(f"{url}/status", json={"version": 2, "status": "approved"})
    assert is_problem(refused, 409) and refused.json()["code"] == "web_approve_needs_override"
    assert refused.json()["below_minimum_places"] > 0 and "forsvarlig minimum" in refused.json()["detail"]
    short = manager.post(f"{url}/status", json={"version": 2, "status": "approved", "override_reason": "ok"})
    assert is_problem(short, 409)
    reason = "Innleie avtalt for alle åpne netter, se sak 2027/14"
    approved = manager.post(f"{url}/status", json={"version": 2, "status": "approved", "override_reason": reason})
    assert approved.status_code == 200 and approved.json() == {"version": 3}
    audit = Client(app, "admin").get("/api/audit").json()
    override = [r for r in audit if r["action"] == "approved_override" and r["entity_id"] == str(rid)]
    assert len(override) == 1 and reason in override[0]["summary"] and override[0]["username"] == "leder"
    locked = manager.put(url, json={"version": 3, "assignments": []})
    assert is_problem(locked, 409) and locked.json()["code"] == "web_roster_locked"
    assert manager.post(f"{url}/status", json={"version": 3, "status": "draft"}).json() == {"version": 4}


def test_csv_round_trip_and_bad_csv(app: FastAPI) -> None:
    planner = Client(app, "planlegger")
    rid = roster_id(planner)
    url = f"/api/units/{UNIT}/rosters/{rid}"
    staff = build_demo_unit().employees
    lines = ["employee_id,date,shift_code"] + [
        f"{e.id},2027-01-0{4 + i % 3},{'DAN'[i % 3]}" for i, e in enumerate(staff[:6])
    ]
    imported = planner.post(
        f"{url}/csv", files={"file": ("plan.csv", "\n".join(lines), "text/csv")}, data={"version": "1"}
    )
    assert imported.json() == {"version": 2}
    exported = planner.get(f"{url}/csv")
    assert exported.headers["content-type"].startswith("text/csv")
    assert "attachment" in exported.headers["content-disposition"]
    rows = exported.text.strip().splitlines()
    assert rows[0] == "employee_id,date,shift_code,start,end" and len(rows) == 7
    bad = planner.post(
        f"{url}/csv",
        files={"file": ("bad.csv", "employee_id,date,shift_code\nx,2027-01-04,D", "text/csv")},
        data={"version": "2"},
    )
    assert is_problem(bad, 422)
    assert "bad.csv" in bad.json()["detail"] and "/tmp" not in bad.json()["detail"]


def test_wishes_employee_own_only(app: FastAPI) -> None:
    employee, planner = Client(app, "ansatt"), Client(app, "planlegger")
    me = employee.get("/api/auth/me").json()
    created = employee.post(
        f"/api/units/{UNIT}/wishes", json={"date": "2027-01-06", "shift": "N", "want": False}
    )
    assert created.status_code == 201
    other = build_demo_unit().employees[1].id
    assert is_problem(
        employee.post(f"/api/units/{UNIT}/wishes", json={"employee": other, "date": "2027-01-06"}), 403
    )
    assert planner.post(f"/api/units/{UNIT}/wishes", json={"employee": other, "day": 3}).status_code == 201
    own = employee.get(f"/api/units/{UNIT}/wishes").json()["wishes"]
    assert [w["employee"] for w in own] == [me["employee_id"]]
    assert len(planner.get(f"/api/units/{UNIT}/wishes").json()["wishes"]) == 2


def test_employee_sees_only_own_shifts(app: FastAPI) -> None:
    admin, employee = Client(app, "admin"), Client(app, "ansatt")
    rid = roster_id(admin)
    staff = build_demo_unit().employees
    assignments = [{"employee_id": e.id, "date": "2027-01-05", "shift_code": "D"} for e in staff[:4]]
    admin.put(f"/api/units/{UNIT}/rosters/{rid}", json={"version": 1, "assignments": assignments})
    # A draft is not published: the employee neither lists nor opens it.
    assert is_problem(employee.get(f"/api/units/{UNIT}/rosters/{rid}"), 404)
    assert employee.get(f"/api/units/{UNIT}/rosters").json() == []
    approval = {"version": 2, "status": "approved", "override_reason": OVERRIDE}  # 4 shifts: below minimum
    admin.post(f"/api/units/{UNIT}/rosters/{rid}/status", json=approval)
    mine = employee.get(f"/api/units/{UNIT}/rosters/{rid}").json()["assignments"]
    assert [a["employee_id"] for a in mine] == [staff[0].id]
    assert [r["id"] for r in employee.get(f"/api/units/{UNIT}/rosters").json()] == [rid]


def test_sick_leave_hidden_from_union_rep(app: FastAPI) -> None:
    admin = Client(app, "admin")
    unit = admin.get(f"/api/units/{UNIT}").json()["unit"]
    employee = unit["employees"][2]["id"]
    unit["absences"] = [{"employee": employee, "start": "2027-01-04", "end": "2027-01-06", "kind": "sick"}]
    admin.put(f"/api/units/{UNIT}", json={"version": 1, "unit": unit})
    assert Client(app, "planlegger").get(f"/api/units/{UNIT}").json()["unit"]["absences"][0]["kind"] == "sick"
    rep = Client(app, "tillitsvalgt")
    assert rep.get(f"/api/units/{UNIT}").json()["unit"]["absences"][0]["kind"] == "other"
    rid = roster_id(rep)
    page = rep.get(f"/units/{UNIT}/rosters/{rid}").text
    assert "sykefravær" not in page and "fravær" in page
    assert "sykefravær" in Client(app, "planlegger").get(f"/units/{UNIT}/rosters/{rid}").text


def test_csrf_rejected(app: FastAPI) -> None:
    planner = Client(app, "planlegger")
    rid = roster_id(planner)
    body = {
        "version": 1,
        "employee_id": build_demo_unit().employees[0].id,
        "date": "2027-01-04",
        "shift_code": "D",
    }
    missing = planner.patch(f"/api/units/{UNIT}/rosters/{rid}/cell", json=body, csrf=False)
    assert is_problem(missing, 403) and missing.json()["code"] == "web_csrf"
    wrong = planner.patch(
        f"/api/units/{UNIT}/rosters/{rid}/cell", json=body, csrf=False, headers={"X-CSRF-Token": "forged"}
    )
    assert is_problem(wrong, 403)
    form = planner.post(
        f"/units/{UNIT}/rosters/{rid}/cell", csrf=False, data={**body, "csrf_token": "forged"}
    )
    assert form.status_code == 403
    login_page = Client(app)
    assert login_page.post("/login", data={"username": "admin", "password": "x"}).status_code == 403
    assert Client(app, "admin").get(f"/api/units/{UNIT}/rosters/{rid}").json()["version"] == 1


def test_page_login_flow_and_language(app: FastAPI) -> None:
    browser = Client(app)
    assert browser.get("/units").status_code == 303
    page = browser.get("/login")
    token = page.text.split('name="csrf_token" value="')[1].split('"')[0]
    bad = browser.post("/login", data={"username": "admin", "password": "wrong", "csrf_token": token})
    assert bad.status_code == 401 and "Feil brukernavn" in bad.text
    good = browser.post(
        "/login", data={"username": "admin", "password": "correct-horse-battery", "csrf_token": token}
    )
    assert good.status_code == 303
    assert "Medisinsk sengepost" in browser.get("/units").text
    browser.get("/lang/en?next=/units")
    assert "Units" in browser.get("/units").text


def test_cell_edit_through_htmx_page(app: FastAPI) -> None:
    planner = Client(app, "planlegger")
    rid = roster_id(planner)
    employee = build_demo_unit().employees[0].id
    editor = planner.get(
        f"/units/{UNIT}/rosters/{rid}/cell", params={"employee": employee, "date": "2027-01-04"}
    )
    assert "<select" in editor.text
    saved = planner.post(
        f"/units/{UNIT}/rosters/{rid}/cell",
        headers={"HX-Request": "true"},
        data={"employee_id": employee, "date": "2027-01-04", "shift_code": "N", "version": "1"},
    )
    assert saved.status_code == 200
    assert 'value="2" hx-swap-oob="true"' in saved.text and "kind-night" in saved.text
    assert 'id="cov-spl_overvakning"' in saved.text or 'id="cov-' in saved.text
    stale = planner.post(
        f"/units/{UNIT}/rosters/{rid}/cell",
        headers={"HX-Request": "true"},
        data={"employee_id": employee, "date": "2027-01-05", "shift_code": "D", "version": "1"},
    )
    assert stale.status_code == 409 and "endret av noen andre" in stale.text


def test_no_personal_data_in_logs(app: FastAPI, caplog: pytest.LogCaptureFixture) -> None:
    caplog.set_level(logging.DEBUG)
    admin = Client(app, "admin")
    rid = roster_id(admin)
    staff = build_demo_unit().employees
    admin.patch(
        f"/api/units/{UNIT}/rosters/{rid}/cell",
        json={"version": 1, "employee_id": staff[0].id, "date": "2027-01-04", "shift_code": "D"},
    )
    admin.get(f"/units/{UNIT}/rosters/{rid}")
    assert all(e.name not in caplog.text for e in staff)


def test_migrations_idempotent(tmp_path: Path) -> None:
    db = Database(f"sqlite:///{tmp_path / 'm.sqlite3'}")
    db.migrate()
    db.migrate()
    with db.engine.connect() as conn:
        from sqlalchemy import inspect

        tables = set(inspect(conn).get_table_names())
    assert {"units", "rosters", "users", "user_units", "audit_log", "alembic_version"} <= tables


def test_serve_command_registered() -> None:
    from bemanning.cli import app as cli_app

    result = CliRunner().invoke(cli_app, ["serve", "--help"])
    assert result.exit_code == 0 and "--port" in result.output
