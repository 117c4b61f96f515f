"""'Kjør scenarioene' as a background job (kind ``scenario_compare``).

The job applies the standard scenario set (as-is, task sharing, task sharing + long shifts, full
time; ``bemanning.demo.scenarios``) to the stored unit and runs the same comparison as
``bemanning scenario compare`` (``runtime.scenario_pool.compare_scenarios``, one implementation):
every scenario with ``seeds`` seeds (1–5, default 3) and the same work budget per roster and seed,
each figure with its spread over the seeds and a verdict against the baseline. The rows (the CLI's
``comparison.csv`` columns, ``planning.scenario_compare.CSV_COLUMNS``) are stored as the unit's
comparison. It stops between runs when cancelled and then stores nothing, so the previous
comparison stays.
"""

from __future__ import annotations

import time
from typing import Any

from bemanning.demo.scenarios import demo_scenarios
from bemanning.io.errors import UserError
from bemanning.io.scenarios_yaml import check_scenarios
from bemanning.planning.scenario_compare import DEFAULT_SEEDS
from bemanning.runtime import scenario_pool
from bemanning.store import repo

from . import services
from .jobs import JobContext, register_job_kind
from .scenarios import store_outcomes
from .security import Perm
from .solving import _number

JOB_KIND = "scenario_compare"
# The page's choices: work budget per roster and seed (work units, as the CLI's --work-limit).
TIME_LIMITS = (5, 10, 20, 30, 60, 120)
MIN_TIME_LIMIT, MAX_TIME_LIMIT, DEFAULT_TIME_LIMIT = 5.0, 120.0, 20.0
SEED_CHOICES = (1, 2, 3, 4, 5)
MIN_SEEDS, MAX_SEEDS = 1, 5


class _Cancelled(Exception):
    """Raised between runs when the job is cancelled."""


def check_params(params: dict[str, Any]) -> dict[str, Any]:
    """time_limit: work budget per roster and seed (5–120 work units, default 20; the CLI's
    --work-limit); seeds: seeds per scenario (1–5, default 3; the CLI's --frø)."""
    limit = _number(params, "time_limit", DEFAULT_TIME_LIMIT, MIN_TIME_LIMIT, MAX_TIME_LIMIT)
    seeds = _number(params, "seeds", DEFAULT_SEEDS, MIN_SEEDS, MAX_SEEDS)
    if not seeds.is_integer():
        raise UserError.of("web_bad_request", problem=f"seeds={seeds:g}")
    return {"unit_id": params["unit_id"], "time_limit": limit, "seeds": int(seeds)}


def run_scenario_compare(ctx: JobContext, params: dict[str, Any]) -> dict[str, Any]:
    state, actor = ctx.app_state, ctx.actor
    unit_id, limit = params["unit_id"], float(params["time_limit"])
    seeds = int(params.get("seeds", DEFAULT_SEEDS))
    unit = services.load_unit(state.db, state.unit_cache, unit_id).unit
    scenario_set = demo_scenarios()
    units = check_scenarios(unit, scenario_set, "scenarios")
    names = [s.name for s in scenario_set.scenarios]
    runs = len(names) * seeds
    started = [0]

    def on_start(_: str) -> None:
        index = started[0]
        if ctx.cancelled.is_set():
            raise _Cancelled(index)
        ctx.progress(
            index / runs,
            phase="scenario",
            scenario=names[index // seeds],
            seed=index % seeds,
            index=index,
            runs=runs,
            scenarios=len(names),
            seeds=seeds,
            time_limit=limit,
            started_at=time.time(),
        )
        started[0] += 1

    try:
        outcomes = scenario_pool.compare_scenarios(
            unit, scenario_set, units, seeds=seeds, roster_budget=limit, workers=1, on_start=on_start
        )
    except _Cancelled as stop:
        return {"stored": False, "finished": stop.args[0], "runs": runs, "scenarios": len(names)}
    if ctx.cancelled.is_set():
        return {"stored": False, "finished": runs, "runs": runs, "scenarios": len(names)}
    store_outcomes(state.settings.data_dir, unit_id, outcomes)
    with state.db.transaction() as session:
        repo.add_audit(
            session,
            actor.username,
            "unit",
            unit_id,
            "scenario_run",
            f"scenarios={len(outcomes)} seeds={seeds} work_budget={limit:g}",
        )
    ctx.progress(1.0, phase="done", index=runs, runs=runs, scenarios=len(names), seeds=seeds, time_limit=limit)
    return {
        "stored": True,
        "scenarios": len(outcomes),
        "seeds": seeds,
        "names": names,
        "not_comparable": [o.scenario for o in outcomes if not o.comparable],
    }


register_job_kind(JOB_KIND, run_scenario_compare, Perm.UNIT_EDIT, check_params)
