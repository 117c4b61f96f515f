"""'Lag turnus' job, the compliance overlay in the grid, requirement/activity pages and downloads."""

from __future__ import annotations

import io
from pathlib import Path
from typing import Any

import pytest
from fastapi import FastAPI
from icalendar import Calendar
from openpyxl import load_workbook

from bemanning.demo import build_demo_unit
from web_support import OVERRIDE, UNIT, Client, is_problem, make_app, roster_id, wait_for_job

DEMO = build_demo_unit()
EMP = DEMO.employees[0].id
OTHER_EMP = DEMO.employees[1].id


@pytest.fixture(scope="module")
def app(tmp_path_factory: pytest.TempPathFactory) -> FastAPI:
    return make_app(Path(tmp_path_factory.mktemp("planning")))



def _wait(client: Client, job_id: str, timeout: float = 90) -> dict[str, Any]:
    return wait_for_job(client, job_id, timeout, poll=0.3)


def _new_roster(client: Client, name: str) -> int:
    response = client.post(f"/api/units/{UNIT}/rosters", json={"name": name})
    assert response.status_code == 201, response.text
    return int(response.json()["id"])


def test_solve_job_reports_progress_and_stores_a_new_draft(app: FastAPI) -> None:
    planner = Client(app, "planlegger")
    base = _new_roster(planner, "grunnlag")
    before = {r["id"] for r in planner.get(f"/api/units/{UNIT}/rosters").json()}
    started = planner.post(
        f"/api/units/{UNIT}/jobs/roster_solve", json={"roster_id": base, "time_limit": 2, "weeks": 1}
    )
    assert started.status_code == 202, started.text
    job = _wait(planner, started.json()["id"])
    assert job["status"] == "done", job
    result = job["result"]
    assert result["stored"] and result["roster_id"] not in before
    assert job["progress"]["fraction"] == 1.0 and "best_objective" in job["progress"]
    stored = planner.get(f"/api/units/{UNIT}/rosters/{result['roster_id']}").json()
    assert stored["status"] == "draft" and stored["days"] == 7
    assert len(stored["assignments"]) == result["comparison"]["changed_cells"] > 0
    assert result["comparison"]["after"]["hard"] >= 0
    # The base roster is untouched; the page shows the comparison; a planner cannot approve.
    assert planner.get(f"/api/units/{UNIT}/rosters/{base}").json()["assignments"] == []
    page = planner.get(f"/units/{UNIT}/jobs/{job['id']}")
    assert page.status_code == 200 and 'id="comparison"' in page.text and 'id="approve"' not in page.text
    assert "hx-get" not in page.text.split('id="job"')[1].split(">")[0]  # finished: polling stops
    leader_compare = Client(app, "leder").get(f"/units/{UNIT}/rosters/{result['roster_id']}/compare?with={base}")
    assert leader_compare.status_code == 200 and 'id="approve"' in leader_compare.text
    # The audit log names the solve without personal data.
    audit = Client(app, "admin").get("/api/audit").json()
    assert any(a["action"] == "solve" and a["entity_id"] == str(result["roster_id"]) for a in audit)


def test_solve_job_can_be_cancelled_and_stores_nothing(app: FastAPI) -> None:
    planner = Client(app, "planlegger")
    before = len(planner.get(f"/api/units/{UNIT}/rosters").json())
    started = planner.post(f"/api/units/{UNIT}/jobs/roster_solve", json={"time_limit": 120, "weeks": 1})
    assert started.status_code == 202
    job_id = started.json()["id"]
    page = planner.get(f"/units/{UNIT}/jobs/{job_id}/progress")
    assert page.status_code == 200 and 'id="solve-progress"' in page.text and "hx-get" in page.text
    assert planner.post(f"/api/jobs/{job_id}/cancel").status_code == 202
    job = _wait(planner, job_id, timeout=60)
    assert job["status"] == "cancelled"
    assert len(planner.get(f"/api/units/{UNIT}/rosters").json()) == before
    # Somebody else's job is invisible.
    assert Client(app, "leder").get(f"/api/jobs/{job_id}").status_code == 404


def test_solve_job_rejects_bad_parameters(app: FastAPI) -> None:
    planner = Client(app, "planlegger")
    for params in ({"time_limit": 0}, {"time_limit": "x"}, {"weeks": 99}, {"name": ""}):
        response = planner.post(f"/api/units/{UNIT}/jobs/roster_solve", json=params)
        assert is_problem(response, 422), (params, response.text)
    assert Client(app, "tillitsvalgt").post(f"/api/units/{UNIT}/jobs/roster_solve", json={}).status_code == 403


def test_solve_page_starts_a_job_and_redirects_to_the_progress_page(app: FastAPI) -> None:
    planner = Client(app, "planlegger")
    rid = roster_id(planner)
    response = planner.post(
        f"/units/{UNIT}/rosters/{rid}/solve", data={"time_limit": "1", "weeks": "1", "csrf_token": planner.csrf}
    )
    assert response.status_code == 303
    job_id = response.headers["location"].rsplit("/", 1)[1]
    assert "solve-progress" in planner.get(response.headers["location"]).text
    planner.post(f"/units/{UNIT}/jobs/{job_id}/cancel")
    assert _wait(planner, job_id, timeout=60)["status"] in ("cancelled", "done")


def _cell(html: str, employee: str, iso: str) -> str:
    start = html.index(f'id="c-{employee}-{iso}"')
    return html[html.rindex("<td", 0, start) : html.index("</td>", start)]


def test_cell_edit_rechecks_and_marks_the_violation_with_rule_and_reference(app: FastAPI) -> None:
    planner = Client(app, "planlegger")
    rid = _new_roster(planner, "hvile")
    first = planner.post(
        f"/units/{UNIT}/rosters/{rid}/cell",
        data={"employee_id": EMP, "date": "2027-01-04", "shift_code": "N", "version": 1},
    )
    assert first.status_code == 200, first.text
    second = planner.post(
        f"/units/{UNIT}/rosters/{rid}/cell",
        data={"employee_id": EMP, "date": "2027-01-05", "shift_code": "D", "version": 2},
    )
    assert second.status_code == 200
    # Night then day: too little daily rest. The answer swaps the cells it touched with the rule named.
    flagged = [c for c in ("2027-01-04", "2027-01-05") if "viol-hard" in _cell(second.text, EMP, c)]
    assert flagged, second.text[:2000]
    assert "AML §10-8(1)" in second.text
    assert 'id="compliance"' in second.text and 'hx-swap-oob="true"' in second.text
    grid = planner.get(f"/units/{UNIT}/rosters/{rid}").text
    cell = _cell(grid, EMP, flagged[0])
    assert "viol-hard" in cell and "AML §10-8(1)" in cell
    # Removing the day shift removes the violation again.
    third = planner.post(
        f"/units/{UNIT}/rosters/{rid}/cell",
        data={"employee_id": EMP, "date": "2027-01-05", "shift_code": "", "version": 3},
    )
    grid = planner.get(f"/units/{UNIT}/rosters/{rid}").text
    assert third.status_code == 200 and "AML §10-8(1)" not in _cell(grid, EMP, flagged[0])
    compliance = planner.get(f"/api/units/{UNIT}/rosters/{rid}/compliance").json()
    assert compliance["version"] == 4
    assert not any(v["rule"] == "daily_rest" and v["employee_id"] == EMP for v in compliance["violations"])


def test_coverage_rows_show_shortfalls_against_the_requirement(app: FastAPI) -> None:
    planner = Client(app, "planlegger")
    rid = _new_roster(planner, "tom")
    grid = planner.get(f"/units/{UNIT}/rosters/{rid}").text
    assert 'class="cov short"' in grid and '<span class="short' in grid
    assert 'class="fill-link" href="/units/' + UNIT + '/sickcalls/fill?roster=' in grid  # click: fill suggestions
    assert "behov" in grid  # tooltips name the requirement
    compliance = planner.get(f"/api/units/{UNIT}/rosters/{rid}/compliance").json()
    assert compliance["uncovered_places"] > 0


def test_requirement_and_activity_pages(app: FastAPI) -> None:
    leader = Client(app, "leder")
    requirement = leader.get(f"/api/units/{UNIT}/requirement").json()
    assert requirement["source"] == "staffing" and requirement["rows"] and requirement["fte"]["rows"]
    page = leader.get(f"/units/{UNIT}/requirement")
    assert page.status_code == 200 and 'id="fte"' in page.text and "Fraværsrom" in page.text
    activity = leader.get(f"/units/{UNIT}/activity?day=saturday")
    assert activity.status_code == 200 and 'id="heat-map"' in activity.text and 'id="allocation"' in activity.text
    assert 'class="h6"' in leader.get(f"/units/{UNIT}/activity").text  # the busiest cell is darkest
    assert 'data-nav="nav_requirement"' in page.text  # no longer a disabled placeholder


def test_downloads_and_own_calendar_only(app: FastAPI) -> None:
    planner, employee = Client(app, "planlegger"), Client(app, "ansatt")
    rid = roster_id(planner)
    planner.patch(
        f"/api/units/{UNIT}/rosters/{rid}/cell",
        json={"version": planner.get(f"/api/units/{UNIT}/rosters/{rid}").json()["version"],
              "employee_id": EMP, "date": "2027-01-06", "shift_code": "D"},
    )
    xlsx = planner.get(f"/api/units/{UNIT}/rosters/{rid}/xlsx")
    assert xlsx.status_code == 200 and "attachment" in xlsx.headers["content-disposition"]
    sheet = load_workbook(io.BytesIO(xlsx.content))["Turnus"]
    assert any(c.value == "D" for row in sheet.iter_rows() for c in row)
    activity = planner.get(f"/api/units/{UNIT}/activity-plan.xlsx")
    assert activity.status_code == 200 and "Varmekart" in load_workbook(io.BytesIO(activity.content)).sheetnames
    # Employees see published rosters only: the draft's calendar is not found until it is approved.
    assert employee.get(f"/api/units/{UNIT}/rosters/{rid}/ical/{EMP}").status_code == 404
    leader = Client(app, "leder")
    version = planner.get(f"/api/units/{UNIT}/rosters/{rid}").json()["version"]
    leader.post(
        f"/api/units/{UNIT}/rosters/{rid}/status",
        json={"version": version, "status": "approved", "override_reason": OVERRIDE},
    )
    own = employee.get(f"/api/units/{UNIT}/rosters/{rid}/ical/{EMP}")
    assert own.status_code == 200 and own.headers["content-type"].startswith("text/calendar")
    events = Calendar.from_ical(own.content).walk("VEVENT")
    assert [str(e["uid"]) for e in events] == [f"{UNIT}-{EMP}-2027-01-06@bemanning"]
    assert employee.get(f"/api/units/{UNIT}/rosters/{rid}/ical/{OTHER_EMP}").status_code == 403
    assert employee.get(f"/api/units/{UNIT}/rosters/{rid}/xlsx").status_code == 403
    assert planner.get(f"/api/units/{UNIT}/rosters/{rid}/ical/{OTHER_EMP}").status_code == 200
    assert planner.get(f"/api/units/{UNIT}/rosters/{rid}/ical/nobody").status_code == 404
