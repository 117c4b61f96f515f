"""Input limits (issue 27): far-future and too-long rosters, 64-bit ids and versions on every endpoint
with an integer path parameter, every error as problem+json (500 included), roster archive/delete."""

from __future__ import annotations

import datetime as dt
import logging
import re
from pathlib import Path
from typing import Any

import pytest
from fastapi import FastAPI
from fastapi.testclient import TestClient

from bemanning.web import limits
from web_support import OVERRIDE, UNIT, Client, is_problem, make_app, roster_id

BIG = [2**31, 2**63, 2**64 + 7]


@pytest.fixture
def app(tmp_path: Path) -> FastAPI:
    return make_app(tmp_path)


def _norwegian(response: Any) -> str:
    return str(response.json()["messages"]["no"])


def test_far_future_roster_is_422_and_the_list_still_works(app: FastAPI) -> None:
    planner = Client(app, "planlegger")
    body = {"name": "fjern", "start_date": "9999-12-31", "days": 30}
    response = planner.post(f"/api/units/{UNIT}/rosters", json=body)
    assert is_problem(response, 422)
    text = _norwegian(response)
    assert "start_date = 9999-12-31" in text and "må ligge mellom" in text
    listed = planner.get(f"/api/units/{UNIT}/rosters")
    assert listed.status_code == 200 and all(r["name"] != "fjern" for r in listed.json())
    assert Client(app, "ansatt").get(f"/api/units/{UNIT}/rosters").status_code == 200
    assert planner.get(f"/units/{UNIT}/rosters").status_code == 200


def test_roster_horizon_is_bounded_by_the_setting(app: FastAPI) -> None:
    planner = Client(app, "planlegger")
    start = dt.date.today().isoformat()
    three_years = planner.post(f"/api/units/{UNIT}/rosters", json={"name": "lang", "start_date": start, "days": 1095})
    assert is_problem(three_years, 422)
    assert "days = 1095" in _norwegian(three_years) and "730" in _norwegian(three_years)
    ok = planner.post(f"/api/units/{UNIT}/rosters", json={"name": "to år", "start_date": start, "days": 730})
    assert ok.status_code == 201
    # The limit is a setting: a stricter one applies at once.
    limits.configure(limits.InputLimits(date_window_years=5, max_roster_days=100))
    try:
        strict = planner.post(f"/api/units/{UNIT}/rosters", json={"name": "200", "start_date": start, "days": 200})
        assert is_problem(strict, 422) and "100" in _norwegian(strict)
    finally:
        limits.configure(limits.InputLimits())


def test_unit_settings_asking_for_too_long_a_period_are_refused(app: FastAPI) -> None:
    admin = Client(app, "admin")
    document = admin.get(f"/api/units/{UNIT}").json()
    unit = document["unit"]
    unit["roster"].update({"mode": "calendar", "start_date": "2027-01-04", "end_date": "2030-01-03"})
    assert admin.put(f"/api/units/{UNIT}", json={"version": document["version"], "unit": unit}).status_code == 200
    response = admin.post(f"/api/units/{UNIT}/rosters", json={"name": "fra enheten"})
    assert is_problem(response, 422) and "days = 1096" in response.json()["detail"]


def _int_path_operations(app: FastAPI) -> list[tuple[str, str, list[str]]]:
    schema = app.openapi()
    found = []
    for path, item in schema["paths"].items():
        for method, operation in item.items():
            ints = [
                p["name"]
                for p in operation.get("parameters", [])
                if p["in"] == "path" and p.get("schema", {}).get("type") == "integer"
            ]
            if ints:
                found.append((method.upper(), path, ints))
    return found


@pytest.mark.parametrize("big", BIG)
def test_big_integers_on_every_endpoint_with_path_ints_are_422(app: FastAPI, big: int) -> None:
    admin = Client(app, "admin")
    operations = _int_path_operations(app)
    assert len(operations) >= 15, operations  # rosters, cells, csv, archive, compare, ical, fill, users, wishes …
    for method, path, ints in operations:
        url = path.replace("{unit_id}", UNIT)
        for name in ints:
            url = url.replace("{" + name + "}", str(big))
        url = re.sub(r"\{[a-z_]+\}", "x", url)
        response = admin.request(method, url, json={"version": big})
        assert is_problem(response, 422), (method, url, response.status_code, response.text[:200])
        assert str(big) in _norwegian(response), (method, url)
    # Pages take the same bounds.
    assert admin.get(f"/units/{UNIT}/rosters/{big}").status_code == 422


@pytest.mark.parametrize("big", BIG)
def test_big_versions_in_bodies_are_422(app: FastAPI, big: int) -> None:
    planner = Client(app, "planlegger")
    rid = roster_id(planner)
    cell = {"version": big, "employee_id": "x", "date": "2027-01-04", "shift_code": "D"}
    assert is_problem(planner.patch(f"/api/units/{UNIT}/rosters/{rid}/cell", json=cell), 422)
    assert is_problem(planner.put(f"/api/units/{UNIT}/rosters/{rid}", json={"version": big, "assignments": []}), 422)
    assert is_problem(planner.request("DELETE", f"/api/units/{UNIT}/rosters/{rid}?version={big}"), 422)
    assert is_problem(Client(app, "admin").get(f"/api/audit?offset={big}"), 422)


def test_unexpected_error_is_a_norwegian_problem_and_the_log_has_no_details(
    app: FastAPI, caplog: pytest.LogCaptureFixture
) -> None:
    @app.get("/api/test-boom")
    def boom() -> None:
        raise RuntimeError("Kari Nordmann is sick")  # a message with personal data

    client = TestClient(app, raise_server_exceptions=False)
    with caplog.at_level(logging.ERROR, logger="bemanning.web"):
        response = client.get("/api/test-boom")
    assert is_problem(response, 500)
    body = response.json()
    assert body["code"] == "web_internal_error" and "uventet feil" in body["detail"]
    assert "Kari" not in response.text
    logged = "\n".join(r.getMessage() for r in caplog.records)
    assert "RuntimeError" in logged and "/api/test-boom" in logged
    assert "Kari" not in logged


def test_drafts_are_deleted_approved_rosters_archived_and_both_audited(app: FastAPI) -> None:
    planner, leader, admin = Client(app, "planlegger"), Client(app, "leder"), Client(app, "admin")
    draft = planner.post(f"/api/units/{UNIT}/rosters", json={"name": "eksperiment"}).json()
    stale = planner.request("DELETE", f"/api/units/{UNIT}/rosters/{draft['id']}?version=7")
    assert is_problem(stale, 409)
    assert planner.request("DELETE", f"/api/units/{UNIT}/rosters/{draft['id']}?version=1").status_code == 204
    assert is_problem(planner.get(f"/api/units/{UNIT}/rosters/{draft['id']}"), 404)

    rid = roster_id(planner)
    approval = {"version": 1, "status": "approved", "override_reason": OVERRIDE}  # empty roster: below minimum
    version = leader.post(f"/api/units/{UNIT}/rosters/{rid}/status", json=approval).json()["version"]
    kept = leader.request("DELETE", f"/api/units/{UNIT}/rosters/{rid}?version={version}")
    assert is_problem(kept, 409) and "arkiveres" in kept.json()["detail"]
    # A planner may archive drafts but not the approved record; the manager may.
    assert is_problem(
        planner.post(f"/api/units/{UNIT}/rosters/{rid}/archive", json={"version": version}), 403
    )
    archived = leader.post(f"/api/units/{UNIT}/rosters/{rid}/archive", json={"version": version})
    assert archived.status_code == 200
    assert rid not in [r["id"] for r in planner.get(f"/api/units/{UNIT}/rosters").json()]
    listed = planner.get(f"/api/units/{UNIT}/rosters?archived=true").json()
    assert [(r["id"], r["archived"], r["status"]) for r in listed] == [(rid, True, "approved")]
    assert planner.get(f"/api/units/{UNIT}/rosters/{rid}").status_code == 200  # still stored

    actions = {(a["entity_id"], a["action"]) for a in admin.get("/api/audit").json()}
    assert (str(draft["id"]), "delete") in actions and (str(rid), "archive") in actions


def test_archive_and_delete_from_the_roster_page(app: FastAPI) -> None:
    planner = Client(app, "planlegger")
    draft = planner.post(f"/api/units/{UNIT}/rosters", json={"name": "side-utkast"}).json()
    page = planner.get(f"/units/{UNIT}/rosters").text
    assert f"/rosters/{draft['id']}/delete" in page and "Slett" in page and "Arkiver" in page
    form = {"csrf_token": planner.csrf, "version": "1"}
    assert planner.post(f"/units/{UNIT}/rosters/{draft['id']}/archive", data=form, csrf=False).status_code == 303
    assert "side-utkast" not in planner.get(f"/units/{UNIT}/rosters").text
    assert "side-utkast" in planner.get(f"/units/{UNIT}/rosters?archived=1").text
    deleted = planner.post(f"/units/{UNIT}/rosters/{draft['id']}/delete", data={**form, "version": "2"}, csrf=False)
    assert deleted.status_code == 303
    assert "side-utkast" not in planner.get(f"/units/{UNIT}/rosters?archived=1").text


def test_far_future_wish_and_cell_dates_are_422(app: FastAPI) -> None:
    employee, planner = Client(app, "ansatt"), Client(app, "planlegger")
    wish = employee.post(f"/api/units/{UNIT}/wishes", json={"date": "3000-01-01", "shift": "D"})
    assert is_problem(wish, 422) and "date = 3000-01-01" in _norwegian(wish)
    rid = roster_id(planner)
    cell = {"version": 1, "employee_id": "x", "date": "0001-01-01", "shift_code": "D"}
    response = planner.patch(f"/api/units/{UNIT}/rosters/{rid}/cell", json=cell)
    assert is_problem(response, 422) and "date = 0001-01-01" in _norwegian(response)
