"""The integrations page: upload → preview (or the problems) → apply a GAT roster (issue 29)."""

from __future__ import annotations

import base64
import datetime as dt
import json
import re
import tempfile
from pathlib import Path

import pytest
from fastapi import FastAPI

from bemanning.demo import build_demo_unit
from bemanning.integrations.gat import write_gat_csv
from bemanning.integrations.samples import sample_fhir_bundle, sample_gat_roster
from web_support import UNIT, Client, make_app


@pytest.fixture(scope="module")
def app(tmp_path_factory: pytest.TempPathFactory) -> FastAPI:
    return make_app(Path(tmp_path_factory.mktemp("integrations_page")))


def test_page_lists_the_imports_by_role(app: FastAPI) -> None:
    planner = Client(app, "planlegger")
    page = planner.get(f"/units/{UNIT}/integrasjoner")
    assert page.status_code == 200
    assert 'id="integ-form-aktivitet"' in page.text and 'id="integ-form-gat"' in page.text
    assert 'id="integ-form-timer"' not in page.text  # time records: follow-up figures, not for planners
    assert Client(app, "ansatt").get(f"/units/{UNIT}/integrasjoner").status_code == 403


def test_activity_preview_and_problems(app: FastAPI) -> None:
    planner = Client(app, "planlegger")
    bundle = json.dumps(sample_fhir_bundle(build_demo_unit(), weeks=1, appointments=30))
    page = planner.post(f"/units/{UNIT}/integrasjoner/aktivitet",
                        files={"file": ("dips.json", bundle, "application/json")})
    assert page.status_code == 200, page.text
    assert 'id="integ-preview"' in page.text and "2027-01-04" in page.text
    raw = json.loads(bundle)
    raw["entry"][3]["resource"]["status"] = "bogus"
    bad = planner.post(f"/units/{UNIT}/integrasjoner/aktivitet",
                       files={"file": ("dips.json", json.dumps(raw), "application/json")})
    assert bad.status_code == 422
    assert 'id="integ-problems"' in bad.text and "dips.json, entry 4 (Appointment/app-1)" in bad.text
    assert 'id="integ-preview"' not in bad.text


def test_gat_preview_then_apply(app: FastAPI) -> None:
    planner = Client(app, "planlegger")
    created = planner.post(f"/api/units/{UNIT}/rosters", json={"name": "fra-gat"}).json()
    stored = planner.get(f"/api/units/{UNIT}/rosters/{created['id']}").json()
    unit = build_demo_unit()
    sample = sample_gat_roster(unit, start=dt.date.fromisoformat(stored["start_date"]), weeks=1)
    with tempfile.TemporaryDirectory() as folder:
        path = Path(folder) / "gat.csv"
        write_gat_csv(sample, unit, path)
        text = path.read_text(encoding="utf-8")
    page = planner.post(f"/units/{UNIT}/integrasjoner/gat", files={"file": ("gat.csv", text, "text/csv")},
                        data={"roster_id": str(created["id"])})
    assert page.status_code == 200, page.text
    assert 'id="integ-apply"' in page.text
    assert planner.get(f"/api/units/{UNIT}/rosters/{created['id']}").json()["version"] == stored["version"]
    content = re.search(r'name="file_b64" value="([^"]+)"', page.text)
    assert content is not None and base64.b64decode(content.group(1)).decode("utf-8") == text
    applied = planner.post(f"/units/{UNIT}/integrasjoner/gat/bruk",
                           data={"roster_id": str(created["id"]), "version": str(stored["version"]),
                                 "filename": "gat.csv", "file_b64": content.group(1)})
    assert applied.status_code == 303
    after = planner.get(f"/api/units/{UNIT}/rosters/{created['id']}").json()
    assert len(after["assignments"]) == len(sample.assignments)


def test_competence_preview_lists_training_then_a_leader_applies(app: FastAPI) -> None:
    from bemanning.integrations.samples import sample_competence_csv

    text = sample_competence_csv(build_demo_unit())
    planner, leader = Client(app, "planlegger"), Client(app, "leder")
    page = planner.post(f"/units/{UNIT}/integrasjoner/kompetanse", files={"file": ("k.csv", text, "text/csv")})
    assert page.status_code == 200, page.text
    assert 'id="integ-training"' in page.text and "utløpt" in page.text
    assert 'id="integ-apply"' not in page.text  # planners do not edit the unit
    page = leader.post(f"/units/{UNIT}/integrasjoner/kompetanse", files={"file": ("k.csv", text, "text/csv")})
    assert 'id="integ-apply"' in page.text
    version = leader.get(f"/api/units/{UNIT}").json()["version"]
    content = re.search(r'name="file_b64" value="([^"]+)"', page.text)
    assert content is not None
    applied = leader.post(f"/units/{UNIT}/integrasjoner/kompetanse/bruk",
                          data={"version": str(version), "filename": "k.csv", "file_b64": content.group(1)})
    assert applied.status_code == 303
    stored = leader.get(f"/api/units/{UNIT}").json()
    assert stored["version"] == version + 1 and any(e["certifications"] for e in stored["unit"]["employees"])
    until = next(c["valid_to"] for e in stored["unit"]["employees"] for c in e["certifications"] if c["valid_to"])
    assert until in leader.get(f"/units/{UNIT}").text  # the staff table shows each certificate's dates
    bad = leader.post(f"/units/{UNIT}/integrasjoner/kompetanse",
                      files={"file": ("k.csv", "ansattnr;kompetanse\nE01;legemiddel\n", "text/csv")})
    assert bad.status_code == 422 and "gyldig_fra" in bad.text
