"""Sick-call repair as a background job, saving as a new draft, fill suggestions, neutral wording."""

from __future__ import annotations

import datetime as dt
from pathlib import Path
from typing import Any

import pytest
from fastapi import FastAPI

from bemanning.web.sickcalls import redacted
from web_support import UNIT, Client, is_problem, make_app, wait_for_job


@pytest.fixture(scope="module")
def app(tmp_path_factory: pytest.TempPathFactory) -> FastAPI:
    return make_app(Path(tmp_path_factory.mktemp("sickcalls")))



def wait(client: Client, job_id: str, timeout: float = 90) -> dict[str, Any]:
    return wait_for_job(client, job_id, timeout, poll=0.3)


@pytest.fixture(scope="module")
def solved(app: FastAPI) -> dict[str, Any]:
    """A one-week roster made by 'Lag turnus' (the demo roster is empty)."""
    planner = Client(app, "planlegger")
    base = planner.post(f"/api/units/{UNIT}/rosters", json={"name": "sick-base"}).json()["id"]
    started = planner.post(
        f"/api/units/{UNIT}/jobs/roster_solve", json={"roster_id": base, "time_limit": 3, "weeks": 1}
    )
    job = wait(planner, started.json()["id"])
    assert job["status"] == "done", job
    rid = job["result"]["roster_id"]
    roster = planner.get(f"/api/units/{UNIT}/rosters/{rid}").json()
    return {"rid": rid, "roster": roster}


def _busy_employee(roster: dict[str, Any]) -> tuple[str, str]:
    """An employee with a shift and the date of their first shift."""
    first = sorted(roster["assignments"], key=lambda a: (a["date"], a["employee_id"]))[0]
    return first["employee_id"], first["date"]


def test_repair_job_lists_changes_and_saves_a_new_draft(app: FastAPI, solved: dict[str, Any]) -> None:
    planner = Client(app, "planlegger")
    rid, roster = solved["rid"], solved["roster"]
    employee, day = _busy_employee(roster)
    end = (dt.date.fromisoformat(day) + dt.timedelta(days=1)).isoformat()
    started = planner.post(
        f"/api/units/{UNIT}/rosters/{rid}/sick-repair",
        json={"employee_id": employee, "start": day, "end": end, "time_limit": 3},
    )
    assert started.status_code == 202, started.text
    job = wait(planner, started.json()["id"])
    assert job["status"] == "done", job
    result = job["result"]
    assert result["removed"] >= 1
    sick_days = {c["date"] for c in result["changes"] if c["employee_id"] == employee and c["after"] is None}
    assert day in sick_days
    assert all(not (a[0] == employee and day <= a[1] <= end) for a in result["assignments"])
    assert isinstance(result["uncovered"], list)
    # Save: a new draft; the base roster is untouched.
    before = {r["id"] for r in planner.get(f"/api/units/{UNIT}/rosters").json()}
    saved = planner.post(f"/api/units/{UNIT}/sick-repair/{job['id']}/save", json={})
    assert saved.status_code == 201, saved.text
    new_id = saved.json()["roster_id"]
    assert new_id not in before
    stored = planner.get(f"/api/units/{UNIT}/rosters/{new_id}").json()
    assert stored["status"] == "draft"
    assert not any(a["employee_id"] == employee and day <= a["date"] <= end for a in stored["assignments"])
    assert planner.get(f"/api/units/{UNIT}/rosters/{rid}").json()["assignments"] == roster["assignments"]
    # The audit log names the repair without employee or dates.
    audit = Client(app, "admin").get("/api/audit").json()
    rows = [a for a in audit if a["action"].startswith("sick_repair")]
    assert {"sick_repair_run", "sick_repair", "sick_repair_from"} <= {a["action"] for a in rows}
    assert all(employee not in a["summary"] and day not in a["summary"] for a in rows)
    # The page shows the changes and the save button.
    page = planner.get(f"/units/{UNIT}/sickcalls/jobs/{job['id']}")
    assert page.status_code == 200 and 'id="sick-changes"' in page.text and 'id="save-repair"' in page.text


def test_saving_after_the_base_roster_changed_is_a_conflict(app: FastAPI, solved: dict[str, Any]) -> None:
    planner = Client(app, "planlegger")
    base = planner.post(f"/api/units/{UNIT}/rosters", json={"name": "sick-conflict"}).json()
    assignments = solved["roster"]["assignments"]
    version = planner.put(
        f"/api/units/{UNIT}/rosters/{base['id']}", json={"version": base["version"], "assignments": assignments}
    ).json()["version"]
    employee, day = _busy_employee(solved["roster"])
    started = planner.post(
        f"/api/units/{UNIT}/rosters/{base['id']}/sick-repair",
        json={"employee_id": employee, "start": day, "time_limit": 2},
    )
    job = wait(planner, started.json()["id"])
    assert job["status"] == "done"
    planner.put(f"/api/units/{UNIT}/rosters/{base['id']}", json={"version": version, "assignments": []})
    saved = planner.post(f"/api/units/{UNIT}/sick-repair/{job['id']}/save", json={})
    assert is_problem(saved, 409) and saved.json()["code"] == "web_sick_base_changed"


def test_bad_repair_input_is_422(app: FastAPI, solved: dict[str, Any]) -> None:
    planner = Client(app, "planlegger")
    url = f"/api/units/{UNIT}/rosters/{solved['rid']}/sick-repair"
    employee, day = _busy_employee(solved["roster"])
    for body in (
        {"employee_id": "nobody", "start": day},
        {"employee_id": employee, "start": "not-a-date"},
        {"employee_id": employee, "start": day, "end": "2000-01-01"},
        {"employee_id": employee, "start": "2099-01-01"},
        {"employee_id": employee, "start": day, "time_limit": 0},
    ):
        response = planner.post(url, json=body)
        assert is_problem(response, 422), (body, response.text)


def test_fill_suggestions_rank_candidates_with_cost_and_explain_the_others(
    app: FastAPI, solved: dict[str, Any]
) -> None:
    planner = Client(app, "planlegger")
    employee, day = _busy_employee(solved["roster"])
    shift = next(
        a["shift_code"] for a in solved["roster"]["assignments"] if a["employee_id"] == employee and a["date"] == day
    )
    group = next(s["group"] for s in planner.get(f"/api/units/{UNIT}/staff").json() if s["id"] == employee)
    response = planner.get(
        f"/api/units/{UNIT}/rosters/{solved['rid']}/fill", params={"date": day, "shift": shift, "group": group}
    )
    assert response.status_code == 200, response.text
    data = response.json()
    ranks = [c["source"] for c in data["candidates"]]
    order = ["own", "extra", "pool", "overtime", "agency"]
    assert [order.index(s) for s in ranks] == sorted(order.index(s) for s in ranks)
    assert all("cost" in c and "penalties" in c for c in data["candidates"])
    # Whoever already works that day is explained, with a reference for rule-based reasons.
    assert data["explanations"], data
    assert all(x["message"] for x in data["explanations"])
    assert all(x["reference"] for x in data["explanations"] if x["rule"] not in ("one_shift_per_day", "none"))
    bad = planner.get(
        f"/api/units/{UNIT}/rosters/{solved['rid']}/fill", params={"date": day, "shift": "ZZ", "group": group}
    )
    assert is_problem(bad, 422)
    # The page renders the suggestions.
    page = planner.get(
        f"/units/{UNIT}/sickcalls/fill", params={"roster": solved["rid"], "date": day, "shift": shift, "group": group}
    )
    assert page.status_code == 200 and 'id="fill-candidates"' in page.text


def test_sick_leave_is_named_only_for_roles_that_need_it(app: FastAPI, solved: dict[str, Any]) -> None:
    explanation = {"rule": "absence", "message": "Kari kan ikke ta D: sykefravær", "employee": "E1"}
    assert redacted(explanation, "Kari", True, "no")["message"] == explanation["message"]
    neutral = redacted(explanation, "Kari", False, "no")["message"]
    assert "syk" not in neutral.lower() and "fravær" in neutral and "Kari" in neutral
    other = {"rule": "daily_rest", "message": "11 t hvile", "employee": "E1"}
    assert redacted(other, "Kari", False, "no")["message"] == "11 t hvile"
    # The union representative sees no repair form; the page title is neutral.
    rep, leader = Client(app, "tillitsvalgt"), Client(app, "leder")
    page = rep.get(f"/units/{UNIT}/sickcalls")
    assert page.status_code == 200 and 'id="repair-form"' not in page.text and "Sykemelding:" not in page.text
    leader_page = leader.get(f"/units/{UNIT}/sickcalls")
    assert 'id="repair-form"' in leader_page.text and "Sykemelding:" in leader_page.text


def test_a_cancelled_repair_cannot_be_saved(app: FastAPI, solved: dict[str, Any]) -> None:
    planner = Client(app, "planlegger")
    employee, day = _busy_employee(solved["roster"])
    started = planner.post(
        f"/api/units/{UNIT}/rosters/{solved['rid']}/sick-repair",
        json={"employee_id": employee, "start": day, "time_limit": 3},
    )
    job_id = started.json()["id"]
    progress = planner.get(f"/units/{UNIT}/sickcalls/jobs/{job_id}/progress")
    assert progress.status_code == 200 and 'id="job"' in progress.text
    assert planner.post(f"/api/jobs/{job_id}/cancel").status_code == 202
    job = wait(planner, job_id)
    assert job["status"] == "cancelled" and not (job["result"] or {}).get("assignments")
    assert is_problem(planner.post(f"/api/units/{UNIT}/sick-repair/{job_id}/save", json={}), 409)
    # Another user's job is not found.
    assert is_problem(Client(app, "leder").post(f"/api/units/{UNIT}/sick-repair/{job_id}/save", json={}), 404)
