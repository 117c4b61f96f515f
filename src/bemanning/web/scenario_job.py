"""'Kjør scenarioene' as a background job (kind ``scenario_compare``).

The job applies the standard scenario set (as-is, task sharing, task sharing + long shifts, full
time; ``bemanning.demo.scenarios``) to the stored unit, runs the whole planning chain for each in
turn and stores the rows as the unit's ``comparison.csv`` (the same file an upload writes). It stops
between scenarios when cancelled and then stores nothing, so the previous comparison stays.
"""

from __future__ import annotations

import time
from typing import Any

from bemanning.demo.scenarios import demo_scenarios
from bemanning.io.scenarios_yaml import check_scenarios
from bemanning.planning import chain as planning_chain
from bemanning.store import repo

from . import services
from .jobs import JobContext, register_job_kind
from .scenarios import store_rows
from .security import Perm
from .solving import _number

JOB_KIND = "scenario_compare"
TIME_LIMITS = (5, 10, 20, 30, 60, 120)  # the page's choices (seconds per scenario)
MIN_TIME_LIMIT, MAX_TIME_LIMIT, DEFAULT_TIME_LIMIT = 5.0, 120.0, 20.0


def check_params(params: dict[str, Any]) -> dict[str, Any]:
    """time_limit: roster solver seconds per scenario (5–120, default 20)."""
    limit = _number(params, "time_limit", DEFAULT_TIME_LIMIT, MIN_TIME_LIMIT, MAX_TIME_LIMIT)
    return {"unit_id": params["unit_id"], "time_limit": limit}


def run_scenario_compare(ctx: JobContext, params: dict[str, Any]) -> dict[str, Any]:
    state, actor = ctx.app_state, ctx.actor
    unit_id, limit = params["unit_id"], float(params["time_limit"])
    unit = services.load_unit(state.db, state.unit_cache, unit_id).unit
    scenario_set = demo_scenarios()
    units = check_scenarios(unit, scenario_set, "scenarios")
    names = [s.name for s in scenario_set.scenarios]
    rows: list[dict[str, Any]] = []
    for index, name in enumerate(names):
        if ctx.cancelled.is_set():
            return {"stored": False, "finished": index, "scenarios": len(names)}
        ctx.progress(
            index / len(names),
            phase="scenario",
            scenario=name,
            index=index,
            scenarios=len(names),
            time_limit=limit,
            started_at=time.time(),
        )
        result = planning_chain.run_chain(
            units[name], roster_budget=limit, seed=0, num_workers=2, scenario=name
        )
        rows.append(result.row())
    if ctx.cancelled.is_set():
        return {"stored": False, "finished": len(names), "scenarios": len(names)}
    store_rows(state.settings.data_dir, unit_id, rows)
    with state.db.transaction() as session:
        repo.add_audit(
            session,
            actor.username,
            "unit",
            unit_id,
            "scenario_run",
            f"scenarios={len(rows)} time_limit={limit:g}",
        )
    ctx.progress(1.0, phase="done", index=len(names), scenarios=len(names), time_limit=limit)
    return {"stored": True, "scenarios": len(rows), "names": names}


register_job_kind(JOB_KIND, run_scenario_compare, Perm.UNIT_EDIT, check_params)
