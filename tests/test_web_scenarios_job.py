"""'Kjør scenarioene': the scenario_compare job runs the CLI's comparison (every scenario over several
seeds, the same work budget each), reports progress, stores the comparison with spreads and verdicts
(table + charts), can be cancelled between runs, rejects bad parameters."""

from __future__ import annotations

import datetime as dt
import threading
from pathlib import Path
from typing import Any

import pytest
from fastapi import FastAPI

from bemanning.demo.scenarios import demo_scenarios
from bemanning.model import Roster, StaffingRequirement, Unit
from bemanning.model.scenario import ScenarioSet
from bemanning.planning.chain import COMPARISON_COLUMNS, ChainError
from bemanning.planning.scenario_compare import CSV_COLUMNS, VERDICTS
from bemanning.runtime import scenario_pool
from bemanning.web import scenario_job
from bemanning.web.scenarios import NUMBER_COLUMNS
from web_support import UNIT, Client, is_problem, make_app, wait_for_job

NAMES = [s.name for s in demo_scenarios().scenarios]
URL = f"/api/units/{UNIT}/jobs/scenario_compare"


@pytest.fixture
def app(tmp_path: Path) -> FastAPI:
    return make_app(tmp_path)



def _wait(client: Client, job_id: str, timeout: float = 60) -> dict[str, Any]:
    return wait_for_job(client, job_id, timeout, poll=0.1)


class FakeResult:
    """Scenario i's figures are i + 1 (+ 0.1 per seed): ranges that never overlap between scenarios."""

    def __init__(self, unit: Unit, scenario: str, seed: int = 0):
        self.scenario, self.employees, self.seed = scenario, len(unit.employees), seed
        self.roster_status, self.capped, self.work_budget = "feasible", False, 5.0
        self.penalty = NAMES.index(scenario) + seed
        self.roster = Roster(unit_id=unit.id, start_date=dt.date(2026, 1, 5), days=7, assignments=[])  # long-shift note
        self.requirement = StaffingRequirement(unit_id=unit.id, rows=[])

    def row(self) -> dict[str, Any]:
        index = NAMES.index(self.scenario)
        return {"scenario": self.scenario, **{c: float(index + 1) + 0.1 * self.seed for c in NUMBER_COLUMNS}}


class FakeChain:
    """Records its calls; ``gate`` (when set) holds each run until released."""

    def __init__(self, gate: threading.Event | None = None):
        self.calls: list[tuple[str, float, int, int]] = []
        self.started = threading.Event()
        self.gate = gate

    def __call__(
        self, unit: Unit, *, roster_budget: float, seed: int, num_workers: int, scenario: str, roster: Any = None
    ) -> FakeResult:
        self.calls.append((scenario, roster_budget, seed, num_workers))
        self.started.set()
        if self.gate is not None:
            assert self.gate.wait(10)
        return FakeResult(unit, scenario, seed)


def test_columns_match_the_engine() -> None:
    assert ("scenario", *NUMBER_COLUMNS) == COMPARISON_COLUMNS


def test_job_runs_every_scenario_and_stores_the_comparison(
    app: FastAPI, monkeypatch: pytest.MonkeyPatch
) -> None:
    fake = FakeChain(gate=threading.Event())
    monkeypatch.setattr(scenario_pool, "run_chain", fake)
    leader = Client(app, "leder")
    started = leader.post(URL, json={"time_limit": 5, "seeds": 2})
    assert started.status_code == 202, started.text
    job_id = started.json()["id"]
    assert fake.started.wait(10)
    running = leader.get(f"/api/jobs/{job_id}").json()
    assert running["status"] == "running"
    assert running["progress"]["scenario"] == NAMES[0] and running["progress"]["scenarios"] == 4
    assert running["progress"]["runs"] == 8 and running["progress"]["seeds"] == 2
    page = leader.get(f"/units/{UNIT}/scenarios?job={job_id}").text
    assert 'id="scenario-progress"' in page and "Kjøring 1 av 8" in page
    fake.gate.set()  # type: ignore[union-attr]
    job = _wait(leader, job_id)
    assert job["status"] == "done" and job["result"]["stored"] and job["progress"]["fraction"] == 1.0
    assert [c[0] for c in fake.calls] == [n for n in NAMES for _ in range(2)]
    assert [c[1:] for c in fake.calls] == [(5.0, seed, 2) for _ in NAMES for seed in (0, 1)]
    data = Client(app, "tillitsvalgt").get(f"/api/units/{UNIT}/scenarios/comparison").json()
    assert [r["scenario"] for r in data["rows"]] == NAMES
    assert data["charts"]["cost"]["total"] == [1.0, 2.0, 3.0, 4.0]  # the median-penalty run: seed 0
    first, second = data["rows"][0], data["rows"][1]
    assert (first["cost_total_nok_min"], first["cost_total_nok_max"]) == (1.0, 1.1)
    assert (second["cost_total_nok_min"], second["cost_total_nok_max"]) == (2.0, 2.1)
    assert first["cost_total_nok_verdict"] == "baseline" and second["cost_total_nok_verdict"] == "worse"
    assert first["seeds"] == 2 and first["comparable"] == "true" and first["work_budget"] == 5.0
    page = leader.get(f"/units/{UNIT}/scenarios").text
    assert 'id="scenario-table"' in page and 'id="scenario-run"' in page and NAMES[2] in page
    assert "dårligere" in page and "utgangspunkt" in page and "1,00 (1,00–1,10)" in page
    fragment = leader.get(f"/units/{UNIT}/scenarios/jobs/{job_id}/progress")
    assert 'id="scenario-run-done"' in fragment.text
    assert fragment.headers["HX-Redirect"] == f"/units/{UNIT}/scenarios"
    audit = Client(app, "admin").get("/api/audit").json()
    assert any(a["action"] == "scenario_run" and a["summary"] == "scenarios=4 seeds=2 work_budget=5" for a in audit)


def test_scenarios_get_the_changed_units(app: FastAPI, monkeypatch: pytest.MonkeyPatch) -> None:
    seen: dict[str, Unit] = {}

    def fake(unit: Unit, **kwargs: Any) -> FakeResult:
        seen[kwargs["scenario"]] = unit
        return FakeResult(unit, kwargs["scenario"], kwargs["seed"])

    monkeypatch.setattr(scenario_pool, "run_chain", fake)
    leader = Client(app, "leder")
    assert _wait(leader, leader.post(URL, json={}).json()["id"])["status"] == "done"
    full_time = seen["Heltid"]
    assert all(e.position_pct == 100 for e in full_time.employees)
    assert any(e.position_pct < 100 for e in seen["Som i dag"].employees)


def test_cancel_stops_between_scenarios_and_keeps_the_old_comparison(
    app: FastAPI, monkeypatch: pytest.MonkeyPatch
) -> None:
    gate = threading.Event()
    fake = FakeChain(gate=gate)
    monkeypatch.setattr(scenario_pool, "run_chain", fake)
    leader = Client(app, "leder")
    response = leader.post(f"/units/{UNIT}/scenarios/run", data={"time_limit": "10", "csrf_token": leader.csrf})
    assert response.status_code == 303
    job_id = response.headers["location"].split("job=")[1]
    assert fake.started.wait(10)
    cancelled = leader.post(f"/units/{UNIT}/scenarios/jobs/{job_id}/cancel")
    assert cancelled.status_code == 200 and "HX-Redirect" not in cancelled.headers
    gate.set()
    job = _wait(leader, job_id)
    assert job["status"] == "cancelled" and not job["result"]["stored"]
    assert len(fake.calls) == 1
    assert is_problem(leader.get(f"/api/units/{UNIT}/scenarios/comparison"), 404)
    assert 'id="scenario-run-cancelled"' in leader.get(f"/units/{UNIT}/scenarios/jobs/{job_id}/progress").text
    # someone else's job is not found
    assert Client(app, "admin").get(f"/units/{UNIT}/scenarios/jobs/{job_id}/progress").status_code == 200
    other = Client(app, "planlegger")
    assert other.get(f"/units/{UNIT}/scenarios/jobs/{job_id}/progress").status_code == 403


def test_bad_parameters_are_422_and_the_role_is_checked(app: FastAPI) -> None:
    leader = Client(app, "leder")
    for params in ({"time_limit": 4}, {"time_limit": 121}, {"time_limit": "x"}, {"time_limit": None},
                   {"seeds": 1.5}, {"seeds": "x"}):
        response = leader.post(URL, json=params)
        assert is_problem(response, 422), (params, response.text)
    for seeds in (0, 99):
        response = leader.post(URL, json={"seeds": seeds})
        assert is_problem(response, 422), response.text
        assert f"seeds {seeds}" in response.json()["detail"]
    page = leader.post(f"/units/{UNIT}/scenarios/run", data={"seeds": "0", "csrf_token": leader.csrf})
    assert page.status_code == 422
    page = leader.post(f"/units/{UNIT}/scenarios/run", data={"time_limit": "0", "csrf_token": leader.csrf})
    assert page.status_code == 422
    assert Client(app, "planlegger").post(URL, json={}).status_code == 403
    assert 'id="scenario-run"' not in Client(app, "tillitsvalgt").get(f"/units/{UNIT}/scenarios").text
    assert leader.get(f"/units/{UNIT}/scenarios/jobs/none/progress").status_code == 404


def test_real_chain_stores_spreads_and_verdicts(app: FastAPI, monkeypatch: pytest.MonkeyPatch) -> None:
    """The real engine end to end (the CLI's comparison): two scenarios, two seeds each, the smallest
    work budget; the stored comparison has every column of the CLI's comparison.csv."""
    two = ScenarioSet(scenarios=demo_scenarios().scenarios[:2])
    monkeypatch.setattr(scenario_job, "demo_scenarios", lambda: two)
    leader = Client(app, "leder")
    job = _wait(leader, leader.post(URL, json={"time_limit": 5, "seeds": 2}).json()["id"], timeout=300)
    assert job["status"] == "done", job
    assert job["result"]["seeds"] == 2
    rows = leader.get(f"/api/units/{UNIT}/scenarios/comparison").json()["rows"]
    assert [r["scenario"] for r in rows] == NAMES[:2]
    for row in rows:
        assert set(CSV_COLUMNS) <= set(row), set(CSV_COLUMNS) - set(row)
        assert row["seeds"] == 2 and row["work_budget"] == 5.0
        assert row["fte_need"] > 0 and row["cost_total_nok"] > 0
        assert row["cost_total_nok_min"] <= row["cost_total_nok"] <= row["cost_total_nok_max"]
        assert row["comparable"] in ("true", "false")
        assert all(row[c] in VERDICTS for c in CSV_COLUMNS if c.endswith("_verdict"))
    assert rows[0]["cost_total_nok_verdict"] == "baseline"
    expected = {"not_comparable", "better", "worse", "no_sure_difference"}
    assert rows[1]["cost_total_nok_verdict"] in expected
    words = {"not_comparable": "ikke sammenlignbar", "better": "bedre", "worse": "dårligere",
             "no_sure_difference": "ingen sikker forskjell"}
    page = leader.get(f"/units/{UNIT}/scenarios").text
    assert "utgangspunkt" in page and words[rows[1]["cost_total_nok_verdict"]] in page
    if rows[1]["comparable"] == "false":
        assert 'class="not_comparable"' in page


def test_a_failing_chain_fails_the_job_and_stores_nothing(app: FastAPI, monkeypatch: pytest.MonkeyPatch) -> None:
    def broken(unit: Unit, **kwargs: Any) -> FakeResult:
        raise ChainError("chain_no_allocation", reasons="test")

    monkeypatch.setattr(scenario_pool, "run_chain", broken)
    leader = Client(app, "leder")
    job_id = leader.post(URL, json={"time_limit": 5}).json()["id"]
    assert _wait(leader, job_id)["status"] == "failed"
    assert is_problem(leader.get(f"/api/units/{UNIT}/scenarios/comparison"), 404)
    fragment = leader.get(f"/units/{UNIT}/scenarios/jobs/{job_id}/progress")
    assert 'id="scenario-run-failed"' in fragment.text and "HX-Redirect" not in fragment.headers
