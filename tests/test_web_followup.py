"""Follow-up dashboard: seeded Parquet data, filters, chart series, ranking, roles, local plotly.js."""

from __future__ import annotations

from pathlib import Path

import pytest
from fastapi import FastAPI

from web_support import Client, is_problem, make_app


@pytest.fixture(scope="module")
def folder(tmp_path_factory: pytest.TempPathFactory) -> Path:
    return Path(tmp_path_factory.mktemp("followup"))


@pytest.fixture(scope="module")
def app(folder: Path) -> FastAPI:
    return make_app(folder)


def test_dashboard_is_seeded_as_parquet_and_drills_down(app: FastAPI, folder: Path) -> None:
    leader = Client(app, "leder")
    data = leader.get("/api/followup/dashboard").json()
    assert list((folder / "followup" / "kpi" / "parquet").glob("kpi_enhet_maned.parquet"))
    assert list((folder / "followup" / "input").glob("*.parquet"))
    assert data["level"] == "foretak" and len(data["series"]["sykefravaer_pct"]) == len(data["options"]["trusts"])
    for key in ("brutto_manedsverk", "overtid_andel_pct", "sykefravaer_pct", "sykefravaer_pct_12m"):
        assert all(len(s["x"]) == len(s["y"]) > 0 for s in data["series"][key])
    agency = data["agency"]
    assert len(agency["x"]) == len(agency["actual"]) == len(agency["budget"]) > 0
    ranks = [r["rang"] for r in data["ranking"]]
    assert ranks == sorted(ranks) and data["ranking"][0]["folges_opp"]
    # The planted rise (unit 4 of each trust) is at the top; numbers are per unit, never per person.
    assert data["ranking"][0]["enhet_id"].endswith("E004")
    assert set(data["ranking"][0]) == {
        "rang",
        "foretak",
        "klinikk",
        "enhet_id",
        "enhet",
        "sykefravaer_pct",
        "forventet_pct",
        "overskudd_pp",
        "folges_opp",
    }
    trust = data["options"]["trusts"][0]
    clinic_level = leader.get("/api/followup/dashboard", params={"trust": trust, "from": "2023-01", "to": "2023-06"})
    body = clinic_level.json()
    assert body["level"] == "klinikk" and body["months"] == [f"2023-0{m}" for m in range(1, 7)]
    assert all(r["foretak"] == trust for r in body["ranking"])
    clinic = body["options"]["clinics"][0]
    units = leader.get("/api/followup/dashboard", params={"trust": trust, "clinic": clinic}).json()
    assert units["level"] == "enhet"
    assert {s["name"] for s in units["series"]["sykefravaer_pct"]} == {name for _id, name in units["options"]["units"]}


def test_bad_filters_are_422(app: FastAPI) -> None:
    leader = Client(app, "leder")
    for params in ({"from": "2023-13"}, {"from": "2024-01", "to": "2023-01"}, {"trust": "Nowhere HF"}, {"unit": "X"}):
        assert is_problem(leader.get("/api/followup/dashboard", params=params), 422), params


def test_page_draws_charts_with_local_plotly(app: FastAPI) -> None:
    rep = Client(app, "tillitsvalgt")
    page = rep.get("/followup")
    assert page.status_code == 200
    assert 'id="chart-data"' in page.text and 'src="/assets/plotly.min.js"' in page.text
    assert "cdn" not in page.text.lower() and "https://" not in page.text
    assert 'id="followup-seed"' not in page.text  # only admins regenerate
    script = rep.get("/assets/plotly.min.js")
    assert script.status_code == 200 and script.headers["content-type"].startswith("text/javascript")
    assert "plotly" in script.text[:2000].lower()
    assert Client(app, "planlegger").get("/api/followup/dashboard").status_code == 403
    assert Client(app, "ansatt").get("/followup").status_code == 403


def test_admin_regenerates_the_data(app: FastAPI) -> None:
    admin = Client(app, "admin")
    assert Client(app, "leder").post("/api/followup/seed").status_code == 403
    assert admin.post("/api/followup/seed").json() == {"seeded": True}
    assert admin.get("/api/followup/dashboard").status_code == 200
    assert any(a["entity"] == "followup" and a["action"] == "seed" for a in admin.get("/api/audit").json())
