"""The integrations API: activity and time-record previews, payroll lines; roles and 422s (issue 29)."""

from __future__ import annotations

import json
from pathlib import Path

import pytest
from fastapi import FastAPI

from bemanning.demo import build_demo_unit
from bemanning.integrations.samples import sample_fhir_bundle, sample_time_records
from web_support import UNIT, Client, is_problem, make_app


@pytest.fixture(scope="module")
def app(tmp_path_factory: pytest.TempPathFactory) -> FastAPI:
    return make_app(Path(tmp_path_factory.mktemp("integrations")))


def test_activity_preview_gives_requirement_per_date(app: FastAPI) -> None:
    planner = Client(app, "planlegger")
    bundle = json.dumps(sample_fhir_bundle(build_demo_unit(), weeks=1, appointments=40))
    response = planner.post(f"/api/units/{UNIT}/integrations/activity",
                            files={"file": ("dips.json", bundle, "application/json")})
    assert response.status_code == 200, response.text
    body = response.json()
    assert body["other_units"] == 3
    assert len({r["date"] for r in body["requirement"]}) == 7
    assert {"date", "shift", "group", "minimum", "required"} <= set(body["requirement"][0])
    assert any(a["kind"] == "poliklinikk" for a in body["activity"])


def test_activity_preview_bad_resource_is_422_naming_it(app: FastAPI) -> None:
    planner = Client(app, "planlegger")
    raw = sample_fhir_bundle(build_demo_unit(), weeks=1, appointments=5)
    raw["entry"][4]["resource"]["start"] = "not-a-time"
    response = planner.post(f"/api/units/{UNIT}/integrations/activity",
                            files={"file": ("dips.json", json.dumps(raw), "application/json")},
                            headers={"Accept-Language": "en"})
    assert is_problem(response, 422)
    assert "dips.json, entry 5 (Appointment/app-2)" in response.text


def test_activity_preview_needs_roster_edit(app: FastAPI) -> None:
    employee = Client(app, "ansatt")
    response = employee.post(f"/api/units/{UNIT}/integrations/activity",
                             files={"file": ("a.csv", "dato;type\n2027-01-04;innleggelse\n", "text/csv")})
    assert response.status_code == 403


def test_time_records_preview_aggregates_without_people(app: FastAPI) -> None:
    leader = Client(app, "leder")
    text = sample_time_records(build_demo_unit(), days=7)
    response = leader.post(f"/api/units/{UNIT}/integrations/time-records",
                           files={"file": ("gat.csv", text, "text/csv")})
    assert response.status_code == 200, response.text
    body = response.json()
    kinds = {m["timetype"] for m in body["months"]}
    assert "ordinaer" in kinds and "innleie" in kinds
    assert "E0" not in response.text  # no employee ids in the aggregate
    bad = leader.post(f"/api/units/{UNIT}/integrations/time-records",
                      files={"file": ("gat.csv", "ansattnr;dato;kode\nNOBODY;2027-01-04;D\n", "text/csv")})
    assert is_problem(bad, 422) and "NOBODY" in bad.text
    planner = Client(app, "planlegger")  # follow-up figures: leder, tillitsvalgt, admin
    assert planner.post(f"/api/units/{UNIT}/integrations/time-records",
                        files={"file": ("gat.csv", text, "text/csv")}).status_code == 403


def test_payroll_csv_of_a_roster_for_leaders_only(app: FastAPI) -> None:
    leader = Client(app, "leder")
    rid = leader.post(f"/api/units/{UNIT}/rosters", json={"name": "lonn"}).json()["id"]
    roster = leader.get(f"/api/units/{UNIT}/rosters/{rid}").json()
    unit = build_demo_unit()
    night = next(s.code for s in unit.shift_types if s.kind.is_night)
    cells = [{"employee_id": unit.employees[0].id, "date": roster["start_date"], "shift_code": night}]
    put = leader.put(f"/api/units/{UNIT}/rosters/{rid}", json={"version": roster["version"], "assignments": cells})
    assert put.status_code == 200, put.text
    response = leader.get(f"/api/units/{UNIT}/rosters/{rid}/payroll.csv")
    assert response.status_code == 200
    lines = response.text.strip().splitlines()
    assert lines[0].startswith("employee_id;pay_code;quantity")
    assert any(";KVELD_NATT;" in line for line in lines[1:])
    assert Client(app, "planlegger").get(f"/api/units/{UNIT}/rosters/{rid}/payroll.csv").status_code == 403


def test_competence_preview_then_apply(app: FastAPI) -> None:
    from bemanning.integrations.samples import sample_competence_csv

    planner, leader = Client(app, "planlegger"), Client(app, "leder")
    unit = build_demo_unit()
    url = f"/api/units/{UNIT}/integrations/competence"
    text = sample_competence_csv(unit)
    response = planner.post(url, files={"file": ("k.csv", text, "text/csv")},
                            data={"start": "2027-01-04", "end": "2027-01-31"})
    assert response.status_code == 200, response.text
    body = response.json()
    assert body["certifications"] > 0 and any(s["status"] == "utlopt" for s in body["status"])
    assert any(t["grunn"] == "utlopt" for t in body["training"]) and body["applied"] is False
    version = leader.get(f"/api/units/{UNIT}").json()["version"]
    assert version == body["version"]
    bad_file = "ansattnr;kompetanse;gyldig_fra;gyldig_til\nX;hlr;;\n"
    bad = planner.post(url, files={"file": ("k.csv", bad_file, "text/csv")},
                       data={"start": "2027-01-04", "end": "2027-01-31"})
    assert is_problem(bad, 422) and ("row 2" in bad.text or "rad 2" in bad.text)
    # applying stores the certifications in the unit: unit editors only, under the unit's version
    denied = planner.post(url, files={"file": ("k.csv", text, "text/csv")},
                          data={"version": str(version), "preview": "false"})
    assert denied.status_code == 403
    mixed = text + f"{unit.employees[0].id};legemiddel;2021-01-01;2020-01-01\n"
    half = leader.post(url, files={"file": ("k.csv", mixed, "text/csv")}, data={"version": str(version),
                                                                                 "preview": "false"})
    assert is_problem(half, 422) and leader.get(f"/api/units/{UNIT}").json()["version"] == version
    applied = leader.post(url, files={"file": ("k.csv", text, "text/csv")},
                          data={"version": str(version), "preview": "false"})
    assert applied.status_code == 200, applied.text
    assert applied.json()["applied"] is True and applied.json()["version"] == version + 1
    stored = leader.get(f"/api/units/{UNIT}").json()["unit"]
    assert any(e["certifications"] for e in stored["employees"])
    stale = leader.post(url, files={"file": ("k.csv", text, "text/csv")},
                        data={"version": str(version), "preview": "false"})
    assert stale.status_code == 409


def test_gat_preview_then_apply_then_export(app: FastAPI) -> None:
    from bemanning.integrations.gat import write_gat_csv
    from bemanning.integrations.samples import sample_gat_roster

    planner = Client(app, "planlegger")
    unit = build_demo_unit()
    created = planner.post(f"/api/units/{UNIT}/rosters", json={"name": "gat"}).json()
    stored = planner.get(f"/api/units/{UNIT}/rosters/{created['id']}").json()
    start = stored["start_date"]
    import datetime as dt
    import tempfile

    sample = sample_gat_roster(unit, start=dt.date.fromisoformat(start), weeks=1)
    with tempfile.TemporaryDirectory() as folder:
        path = Path(folder) / "gat.csv"
        write_gat_csv(sample, unit, path)
        text = path.read_text(encoding="utf-8")
    url = f"/api/units/{UNIT}/rosters/{created['id']}/gat"
    preview = planner.post(url, files={"file": ("gat.csv", text, "text/csv")}, data={"version": stored["version"]})
    assert preview.status_code == 200, preview.text
    assert preview.json()["applied"] is False and preview.json()["shifts"] == len(sample.assignments)
    assert planner.get(f"/api/units/{UNIT}/rosters/{created['id']}").json()["version"] == stored["version"]
    applied = planner.post(url, files={"file": ("gat.csv", text, "text/csv")},
                           data={"version": stored["version"], "preview": "false"})
    assert applied.status_code == 200, applied.text
    assert applied.json()["applied"] is True
    exported = planner.get(f"/api/units/{UNIT}/rosters/{created['id']}/gat.csv")
    assert exported.status_code == 200
    def coded(csv_text: str) -> set[tuple[str, ...]]:
        return {tuple(line.split(";")[:4]) for line in csv_text.splitlines()[1:] if line.split(";")[3]}

    assert coded(exported.text) == coded(text)  # the same shifts and absences back
    bad = planner.post(url, files={"file": ("gat.csv", "ansattnr;dato;kode\nNOBODY;" + start + ";D\n", "text/csv")},
                       data={"version": applied.json()["version"], "preview": "false"})
    assert is_problem(bad, 422) and "NOBODY" in bad.text
    after = planner.get(f"/api/units/{UNIT}/rosters/{created['id']}").json()  # nothing half-imported
    assert after["version"] == applied.json()["version"] and len(after["assignments"]) == len(sample.assignments)
    assert Client(app, "ansatt").get(f"/api/units/{UNIT}/rosters/{created['id']}/gat.csv").status_code == 403
