"""Run the demo's scenario step fast in tests: every scenario is costed on an empty roster
instead of solving one (the solve is what takes minutes on the demo unit)."""

from __future__ import annotations

import dataclasses
from typing import Any

import pytest

from bemanning.model import Roster
from bemanning.runtime import scenario_pool


def without_solving(monkeypatch: pytest.MonkeyPatch) -> list[int]:
    """The demo step runs ``scenario_pool.compare_scenarios`` (the one comparison), whose jobs get an
    empty roster here. Returns the number of jobs of each ``run_jobs`` call (filled as they run)."""
    original = scenario_pool.run_jobs
    calls: list[int] = []

    def run_jobs(jobs: list[scenario_pool.ChainJob], **kwargs: Any) -> Any:
        settings = jobs[0].unit.roster
        empty = Roster(unit_id=jobs[0].unit.id, start_date=settings.start_date, days=settings.cycle_weeks * 7,
                       cyclic=True)
        calls.append(len(jobs))
        return original([dataclasses.replace(j, roster=empty) for j in jobs], **kwargs)

    monkeypatch.setattr(scenario_pool, "run_jobs", run_jobs)
    return calls
