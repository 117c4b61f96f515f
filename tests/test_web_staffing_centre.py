"""The staffing-centre page and API (issue 28 item 6): import of a solved region, open places across
units with filters, the pool's calendar, placing a pool employee with the rule check across units, and
the agency pre-assessment with a manager's approval or rejection recorded in the audit log."""

from __future__ import annotations

import contextlib
import io
import zipfile
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest
from fastapi import FastAPI
from hypothesis import given, settings
from hypothesis import strategies as st

from bemanning.web.problems import Problem
from bemanning.web.staffing_centre import REASON_MAX_CHARS, sanitise_reason
from region_web_support import FREE, rest_breaking_pair, solved_region_folder, zip_folder
from web_support import Client, is_problem, make_app, postgres_schema

REGION = "helse-demo"
API = f"/api/regions/{REGION}"


@pytest.fixture(scope="module")
def region_zip(tmp_path_factory: pytest.TempPathFactory) -> bytes:
    return zip_folder(solved_region_folder(str(tmp_path_factory.mktemp("region"))))


@pytest.fixture(scope="module", params=["sqlite", pytest.param("postgres", marks=pytest.mark.postgres)])
def app(
    request: pytest.FixtureRequest, tmp_path_factory: pytest.TempPathFactory, region_zip: bytes
) -> Iterator[FastAPI]:
    with contextlib.ExitStack() as stack:
        folder = Path(tmp_path_factory.mktemp("centre"))
        if request.param == "sqlite":
            app = make_app(folder)
        else:
            url, schema = stack.enter_context(postgres_schema())
            app = make_app(folder, url, schema)
            stack.callback(app.state.db.dispose)
        response = Client(app, "bemanningssenter").post(
            "/api/regions/import", files={"file": ("region.zip", region_zip, "application/zip")}
        )
        assert response.status_code == 201, response.text
        # The region's units are not the app's own: the manager answers for them by the admin's choice.
        _scope(app, "leder", ["med", "kir", "int"])
        yield app


def _scope(app: FastAPI, username: str, region_units: list[str]) -> Any:
    admin = Client(app, "admin")
    user = next(u for u in admin.get("/api/users").json() if u["username"] == username)
    response = admin.patch(f"/api/users/{user['id']}", json={"region_unit_ids": region_units})
    assert response.status_code == 200, response.text
    return response.json()


def _places(client: Client, **query: str) -> list[dict[str, Any]]:
    response = client.get(f"{API}/open-places", params=query)
    assert response.status_code == 200, response.text
    return list(response.json()["places"])


def _version(client: Client) -> int:
    return int(client.get(API).json()["version"])


def _body(place: dict[str, Any], employee: str, version: int) -> dict[str, Any]:
    return {"version": version, "employee_id": employee, "unit_id": place["unit_id"], "date": place["date"],
            "shift_code": place["shift_code"], "group": place["group"]}


# --- import ---------------------------------------------------------------------------------------


def test_import_gives_the_solves_open_places_and_a_lawful_pool(app: FastAPI, region_zip: bytes) -> None:
    client = Client(app, "bemanningssenter")
    summary = client.get(API).json()
    assert summary["open_places"] > summary["pool_placed"] > 0 and summary["agency_places"] > 0
    assert summary["rule_violations"] == []
    assert {u["id"] for u in summary["units"]} == {"med", "kir", "int"}
    # The same region again: 409 problem+json, nothing replaced.
    again = client.post("/api/regions/import", files={"file": ("region.zip", region_zip, "application/zip")})
    assert is_problem(again, 409) and again.json()["code"] == "web_region_exists"
    audit = Client(app, "admin").get("/api/audit").json()
    assert any(a["action"] == "region_import" and a["entity_id"] == REGION for a in audit)


def _zip(files: dict[str, bytes]) -> bytes:
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w") as archive:
        for name, data in files.items():
            archive.writestr(name, data)
    return buffer.getvalue()


def test_bad_uploads_are_422_naming_the_problem(app: FastAPI, region_zip: bytes) -> None:
    client = Client(app, "bemanningssenter")
    with zipfile.ZipFile(io.BytesIO(region_zip)) as archive:
        members = {n: archive.read(n) for n in archive.namelist()}
    cases = {
        "not a zip": (b"plain text", "ikke en zip-fil"),
        "no pool roster": (_zip({k: v for k, v in members.items() if not k.endswith("pool_roster.csv")}),
                           "pool_roster.csv"),
        "unsafe name": (_zip({**members, "../evil.txt": b"x"}), "../evil.txt"),
        "start not a Monday": (_zip({**members, "region/region.yaml": members["region/region.yaml"].replace(
            b"2027-01-04", b"2027-01-05")}), "r.zip: region/region.yaml"),
        "missing unit roster": (_zip({k: v for k, v in members.items() if not k.endswith("kir/roster.csv")}),
                                "units/kir/roster.csv"),
        "more placed than open": (
            _zip({**members, "region/ut/pool_roster.csv": members["region/ut/pool_roster.csv"] + b"P02,med,"
                  b"2027-01-04,D,2027-01-04T07:00,2027-01-04T15:00,assistent\n"}),
            "ingen åpen plass",
        ),
    }
    for name, (data, expected) in cases.items():
        response = client.post("/api/regions/import", files={"file": ("r.zip", data, "application/zip")})
        assert is_problem(response, 422), (name, response.status_code, response.text)
        assert expected in response.json()["detail"], (name, response.json()["detail"])


# --- open places, filters, calendar ---------------------------------------------------------------


def test_open_places_filter_by_date_group_competence_and_unit(app: FastAPI) -> None:
    client = Client(app, "leder")
    every = _places(client)
    assert {p["unit_id"] for p in every} == {"med", "kir", "int"}
    assert all(p["open"] == p["pool"] + p["agency"] for p in every)
    day = every[0]["date"]
    assert {p["date"] for p in _places(client, **{"from": day, "to": day})} == {day}
    assert {p["group"] for p in _places(client, group="helsefagarbeider")} == {"helsefagarbeider"}
    assert {p["unit_id"] for p in _places(client, competence="intensiv")} == {"int"}
    assert {p["unit_id"] for p in _places(client, unit="kir")} == {"kir"}
    outside = client.get(f"{API}/open-places", params={"from": "2027-03-01"})
    assert is_problem(outside, 422) and "2027-03-01" in outside.json()["detail"]
    bad = client.get(f"{API}/open-places", params={"from": "1. mars"})
    assert is_problem(bad, 422) and "1. mars" in bad.json()["detail"]


def test_pool_calendar_lists_every_pool_employee_and_their_shifts(app: FastAPI) -> None:
    calendar = Client(app, "bemanningssenter").get(f"{API}/pool-calendar").json()
    assert len(calendar["dates"]) == 7
    by_id = {e["id"]: e for e in calendar["employees"]}
    assert set(by_id) == {"P01", "P02", "P03", "P04"}
    assert by_id[FREE]["shifts"] == {}  # left out of the imported pool roster
    placed = sum(len(e["shifts"]) for e in by_id.values())
    assert placed == Client(app, "bemanningssenter").get(API).json()["pool_placed"]


# --- placing a pool employee ----------------------------------------------------------------------


def test_placing_that_breaks_daily_rest_across_units_is_refused_naming_the_rule(app: FastAPI) -> None:
    client = Client(app, "bemanningssenter")
    evening, morning = rest_breaking_pair(_places(client))
    version = _version(client)
    first = client.post(f"{API}/placements", json=_body(evening, FREE, version))
    assert first.status_code == 200, first.text
    assert first.json()["version"] == version + 1 and first.json()["rule_violations"] == []
    # Each unit alone is fine; together the evening in one unit and the morning in the other leave
    # 9 hours of rest: AML §10-8(1) across units.
    second = client.post(f"{API}/placements", json=_body(morning, FREE, version + 1))
    assert is_problem(second, 409), second.text
    body = second.json()
    assert body["code"] == "web_pool_refused_rule" and body["rule"] == "daily_rest"
    assert "§10-8" in body["reference"] and "§10-8" in body["detail"] and FREE in body["detail"]
    assert "ville brutt" in body["detail"] and "hvile" in body["detail"].lower()
    english = client.post(f"{API}/placements?lang=en", json=_body(morning, FREE, version + 1)).json()["detail"]
    assert "would break" in english and "§10-8" in english and "ville" not in english
    assert _version(client) == version + 1  # nothing stored
    calendar = client.get(f"{API}/pool-calendar").json()
    mine = next(e for e in calendar["employees"] if e["id"] == FREE)["shifts"]
    assert mine == {evening["date"]: {"unit_id": evening["unit_id"], "shift_code": "A", "group": evening["group"]}}
    # The audit row names the place, never the person.
    audit = Client(app, "admin").get("/api/audit").json()
    row = next(a for a in audit if a["action"] == "pool_place")
    assert FREE not in row["summary"] and evening["date"] in row["summary"]


def test_removing_a_placement_gives_the_place_back_to_agency(app: FastAPI) -> None:
    client = Client(app, "bemanningssenter")
    place = next(p for p in _places(client) if p["pool"] > 0 and p["pool_employees"][0] != FREE)
    employee = place["pool_employees"][0]
    version = _version(client)
    query = {"version": version, "employee_id": employee, "date": place["date"]}
    done = client.request("DELETE", f"{API}/placements", params=query)
    assert done.status_code == 200, done.text
    after = next(p for p in _places(client) if _body(p, "", 0) == _body(place, "", 0))
    assert after["agency"] == place["agency"] + 1 and employee not in after["pool_employees"]
    again = client.request("DELETE", f"{API}/placements", params={**query, "version": version + 1})
    assert is_problem(again, 404)
    stale = client.request("DELETE", f"{API}/placements", params=query)
    assert is_problem(stale, 409)
    # And back: the same employee may take it again (nothing else changed).
    back = client.post(f"{API}/placements", json=_body(place, employee, version + 1))
    assert back.status_code == 200, back.text


def test_placing_refuses_stale_versions_and_people_without_permission(app: FastAPI) -> None:
    client = Client(app, "bemanningssenter")
    places = [p for p in _places(client, unit="int") if p["agency"] > 0]
    version = _version(client)
    stale = client.post(f"{API}/placements", json=_body(places[0], FREE, version - 1 if version > 1 else 99))
    assert is_problem(stale, 409) and stale.json()["code"] == "web_conflict"
    # P03 may work in med and kir only.
    refused = client.post(f"{API}/placements", json=_body(places[0], "P03", version))
    assert is_problem(refused, 409) and refused.json()["code"] == "web_pool_refused_permission"
    unknown = client.post(f"{API}/placements", json={**_body(places[0], "P99", version)})
    assert is_problem(unknown, 404)
    assert Client(app, "leder").post(f"{API}/placements", json=_body(places[0], FREE, version)).status_code == 403


# --- pre-assessment and agency decisions ----------------------------------------------------------


def test_preassessment_lists_every_option_for_every_agency_place(app: FastAPI) -> None:
    client = Client(app, "leder")
    rows = client.get(f"{API}/preassessment").json()["places"]
    agency = [p for p in _places(client) if p["agency"] > 0]
    assert len(rows) == len(agency)
    for row in rows:
        assert [o["option"] for o in row["options"]] == ["extra_shift", "larger_position", "overtime", "pool",
                                                         "swap"]
        assert row["agency_cost_nok"] > 0


def test_agency_decision_needs_a_reason_and_is_audited_without_personal_data(app: FastAPI) -> None:
    leder = Client(app, "leder")
    place = next(p for p in _places(leder) if p["agency"] > 0)
    decision = {"unit_id": place["unit_id"], "date": place["date"], "shift_code": place["shift_code"],
                "group": place["group"], "decision": "approved"}
    missing = leder.post(f"{API}/agency-decisions", json=decision)
    assert is_problem(missing, 422) and missing.json()["code"] == "web_reason_missing"
    short = leder.post(f"{API}/agency-decisions", json={**decision, "reason": "  ok  \n"})
    assert is_problem(short, 422)
    too_long = leder.post(f"{API}/agency-decisions", json={**decision, "reason": "x" * (REASON_MAX_CHARS + 1)})
    assert is_problem(too_long, 422) and too_long.json()["code"] == "web_reason_too_long"
    wrong = leder.post(f"{API}/agency-decisions", json={**decision, "decision": "maybe", "reason": "x" * 20})
    assert is_problem(wrong, 422)
    reason = "Hanne Andersen\u0007 kan ikke (ring 99 88 77 66); ingen intern løsning før fredag."
    done = leder.post(f"{API}/agency-decisions", json={**decision, "reason": reason})
    assert done.status_code == 201, done.text
    stored = done.json()["reason"]
    assert "Hanne" not in stored and "Andersen" not in stored and "99 88" not in stored and "\u0007" not in stored
    assert "[navn]" in stored and "ingen intern løsning før fredag" in stored
    audit = Client(app, "admin").get("/api/audit").json()
    row = next(a for a in audit if a["action"] == "agency_approved")
    assert row["username"] == "leder" and row["at"]
    assert f"date={place['date']}" in row["summary"] and "reason=[navn]" in row["summary"]
    assert "Hanne" not in row["summary"] and "99 88" not in row["summary"]
    rows = leder.get(f"{API}/preassessment", params={"unit": place["unit_id"]}).json()["places"]
    shown = next(r for r in rows if (r["date"], r["shift_code"], r["group"]) ==
                 (place["date"], place["shift_code"], place["group"]))
    assert shown["decision"]["decision"] == "approved" and shown["decision"]["by"] == "leder"
    # The staffing centre places, managers decide.
    centre = Client(app, "bemanningssenter").post(f"{API}/agency-decisions", json={**decision, "reason": "x" * 20})
    assert centre.status_code == 403
    # A place the pool covered fully is not an agency place.
    covered = next(p for p in _places(leder) if p["agency"] == 0)
    none = leder.post(f"{API}/agency-decisions", json={**decision, "unit_id": covered["unit_id"],
                                                       "date": covered["date"], "shift_code": covered["shift_code"],
                                                       "group": covered["group"], "reason": "x" * 20})
    assert is_problem(none, 409) and none.json()["code"] == "web_agency_not_needed"


def test_a_manager_sees_and_decides_agency_only_for_their_own_units(app: FastAPI) -> None:
    """A manager of kir sees kir's pre-assessment only and may decide kir's places; med's place is 403 with
    a Norwegian message, and the refused attempt is in the audit log (the place, no person)."""
    assert _scope(app, "leder_other", ["kir"])["region_unit_ids"] == ["kir"]
    kir_manager = Client(app, "leder_other")
    every = Client(app, "leder").get(f"{API}/preassessment").json()["places"]
    assert {r["unit_id"] for r in every} == {"med", "kir", "int"}  # the manager of all three
    mine = kir_manager.get(f"{API}/preassessment").json()["places"]
    assert mine and {r["unit_id"] for r in mine} == {"kir"}
    assert len(mine) == sum(1 for r in every if r["unit_id"] == "kir")
    assert kir_manager.get(f"{API}/preassessment", params={"unit": "med"}).json()["places"] == []
    centre = Client(app, "bemanningssenter").get(f"{API}/preassessment").json()["places"]
    assert {r["unit_id"] for r in centre} == {"med", "kir", "int"}  # the staffing centre sees all

    med = next(r for r in every if r["unit_id"] == "med")
    body = {"unit_id": "med", "date": med["date"], "shift_code": med["shift_code"], "group": med["group"],
            "decision": "approved", "reason": "Ingen intern løsning denne natten."}
    refused = kir_manager.post(f"{API}/agency-decisions", json=body)
    assert is_problem(refused, 403), refused.text
    assert refused.json()["code"] == "web_agency_not_your_unit"
    assert "enhetene du er ansvarlig for (kir); med er ikke en av dem" in refused.json()["detail"]
    english = kir_manager.post(f"{API}/agency-decisions?lang=en", json=body).json()["detail"]
    assert "responsible for (kir)" in english
    audit = Client(app, "admin").get("/api/audit").json()
    denied = next(a for a in audit if a["action"] == "agency_denied")
    assert denied["username"] == "leder_other" and denied["entity_id"] == f"{REGION}/med"
    assert f"date={med['date']}" in denied["summary"] and "reason=not_responsible" in denied["summary"]
    page = kir_manager.post(f"/bemanningssenter/{REGION}/decide",
                            data={"place": f"med|{med['date']}|{med['shift_code']}|{med['group']}",
                                  "decision": "approved", "reason": "Ingen intern løsning denne natten."})
    assert page.status_code == 403 and "med er ikke en av dem" in page.text
    # Nothing was stored for med by the refused attempts.
    stored = [r for r in Client(app, "leder").get(f"{API}/preassessment", params={"unit": "med"}).json()["places"]
              if (r["date"], r["shift_code"], r["group"]) == (med["date"], med["shift_code"], med["group"])]
    assert stored[0]["decision"] is None or stored[0]["decision"]["by"] != "leder_other"

    kir = mine[0]
    ok = kir_manager.post(f"{API}/agency-decisions", json={**body, "unit_id": "kir", "date": kir["date"],
                                                           "shift_code": kir["shift_code"], "group": kir["group"]})
    assert ok.status_code == 201, ok.text
    assert ok.json()["by"] == "leder_other"

    # Without any unit a manager sees no pre-assessment and decides nothing.
    _scope(app, "leder_other", [])
    assert kir_manager.get(f"{API}/preassessment").json()["places"] == []
    none = kir_manager.post(f"{API}/agency-decisions", json={**body, "unit_id": "kir", "date": kir["date"],
                                                             "shift_code": kir["shift_code"], "group": kir["group"]})
    assert is_problem(none, 403) and none.json()["code"] == "web_agency_no_units"
    html = kir_manager.get(f"/bemanningssenter/{REGION}").text
    assert "ikke ansvarlig for noen av regionens enheter" in html and "data-assessment=" not in html


def test_region_units_of_a_user_are_checked_and_set_on_the_admin_page(app: FastAPI) -> None:
    admin = Client(app, "admin")
    users = {u["username"]: u for u in admin.get("/api/users").json()}
    unknown = admin.patch(f"/api/users/{users['planlegger']['id']}", json={"region_unit_ids": ["med", "xyz"]})
    assert is_problem(unknown, 422) and "«xyz»" in unknown.json()["detail"]
    page = admin.get("/admin").text
    assert 'name="region_unit_ids"' in page and "Innleie for regionenheter" in page
    saved = admin.post(f"/admin/users/{users['tillitsvalgt']['id']}/region-units",
                       data={"region_unit_ids": ["int", "med"]})
    assert saved.status_code == 303
    users = {u["username"]: u for u in admin.get("/api/users").json()}
    assert users["tillitsvalgt"]["region_unit_ids"] == ["int", "med"]
    bad = admin.post(f"/admin/users/{users['tillitsvalgt']['id']}/region-units", data={"region_unit_ids": ["nope"]})
    assert bad.status_code == 422 and "«nope»" in bad.text
    created = admin.post("/admin/users", data={"username": "leder_int", "role": "leder",
                                               "region_unit_ids": ["int"]})
    assert created.status_code == 200, created.text
    users = {u["username"]: u for u in admin.get("/api/users").json()}
    assert users["leder_int"]["region_unit_ids"] == ["int"] and users["leder_int"]["unit_ids"] == []
    audit = admin.get("/api/audit").json()
    assert any(a["action"] == "update" and "region_units=int,med" in a["summary"] for a in audit)


@settings(max_examples=60, deadline=None)
@given(st.text(max_size=REASON_MAX_CHARS), st.sampled_from(["Kari Nordmann", "Ola Hansen", "Per"]))
def test_sanitised_reason_never_holds_a_name_or_control_characters(text: str, name: str) -> None:
    try:
        cleaned = sanitise_reason(f"{text} {name} {text}", [name, "Kari Nordmann"])
    except Problem as exc:
        assert exc.status == 422
        return
    assert 10 <= len(cleaned) <= REASON_MAX_CHARS
    assert not any(ord(c) < 32 or 127 <= ord(c) < 160 for c in cleaned)
    for word in [w for w in name.split() if len(w) >= 3]:
        assert f" {word} " not in f" {cleaned} "


# --- the page -------------------------------------------------------------------------------------


def test_page_shows_places_calendar_and_preassessment_in_norwegian(app: FastAPI) -> None:
    leder = Client(app, "leder")
    page = leder.get(f"/bemanningssenter/{REGION}")
    assert page.status_code == 200
    html = page.text
    for text in ("Åpne vakter på tvers av enheter", "Bemanningssenterets kalender", "Forhåndsvurdering",
                 "Godkjenn innleie", "Ekstravakt egne ansatte"):
        assert text in html, text
    assert 'class="inline place-form"' not in html  # a manager does not place
    filtered = leder.get(f"/bemanningssenter/{REGION}", params={"unit": "int"}).text
    assert 'data-place="int|' in filtered and 'data-place="med|' not in filtered
    bad = leder.get(f"/bemanningssenter/{REGION}", params={"from": "igår"})
    assert bad.status_code == 422 and "igår" in bad.text
    centre = Client(app, "bemanningssenter").get(f"/bemanningssenter/{REGION}").text
    assert 'class="inline place-form"' in centre and "Leder godkjenner eller avslår innleie." in centre
    listing = Client(app, "bemanningssenter").get("/bemanningssenter").text
    assert f'href="/bemanningssenter/{REGION}"' in listing and 'id="import-region"' in listing


def test_page_decision_without_reason_shows_the_message(app: FastAPI) -> None:
    leder = Client(app, "leder")
    place = next(p for p in _places(leder) if p["agency"] > 0)
    key = f"{place['unit_id']}|{place['date']}|{place['shift_code']}|{place['group']}"
    response = leder.post(f"/bemanningssenter/{REGION}/decide",
                          data={"place": key, "decision": "rejected", "reason": "", "back": "unit=int"})
    assert response.status_code == 422 and "Skriv en begrunnelse" in response.text
    response = leder.post(f"/bemanningssenter/{REGION}/decide",
                          data={"place": key, "decision": "rejected", "reason": "Pasientbelegget går ned.",
                                "back": "unit=int"})
    assert response.status_code == 303 and response.headers["location"].endswith("unit=int&done=decided")


def test_preassessment_detail_is_shown_with_rule_names_and_norwegian_numbers() -> None:
    from bemanning.web.pages.staffing_centre import detail_text

    text = "int01: one_shift_per_day (AML §10-8(1)); int02: 34.5 t > 27.1 t; P03: permission; P04: competence"
    assert detail_text(text, "no") == ("int01: Én vakt per dag (AML §10-8(1)); int02: 34,5 t > 27,1 t; "
                                       "P03: ikke tillatelse; P04: mangler kompetanse")
    assert "34.5 t" in detail_text(text, "en") and "int01" in detail_text(text, "en")
