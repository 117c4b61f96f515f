"""Run the demo's scenario step fast in tests: every scenario is costed on an empty roster
instead of solving one (the solve is what takes minutes on the demo unit)."""

from __future__ import annotations

import dataclasses
from typing import Any

import pytest

from bemanning.demo.steps import scenarios_step
from bemanning.model import Roster
from bemanning.runtime import scenario_pool


def without_solving(monkeypatch: pytest.MonkeyPatch) -> None:
    def run_jobs(jobs: list[scenario_pool.ChainJob], **kwargs: Any) -> Any:
        settings = jobs[0].unit.roster
        empty = Roster(unit_id=jobs[0].unit.id, start_date=settings.start_date, days=settings.cycle_weeks * 7,
                       cyclic=True)
        return scenario_pool.run_jobs([dataclasses.replace(j, roster=empty) for j in jobs], **kwargs)

    monkeypatch.setattr(scenarios_step, "run_jobs", run_jobs)
