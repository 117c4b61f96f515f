"""'Lag turnus' as a background job (kind ``roster_solve``) and the comparison of two roster versions.

The job runs the roster engine on the stored unit with the staffing chain's requirement, reports
the best objective and the time left, stops when cancelled, and stores the result as a new draft
roster (the base roster is left as it was, so the two can be compared and one approved).
"""

from __future__ import annotations

import datetime as dt
import time
import uuid
from typing import Any

from bemanning.i18n import t
from bemanning.io.errors import UserError
from bemanning.model import Roster, StaffingRequirement, Unit
from bemanning.planning.rostering import Period, Progress, SolveOptions, period_for_unit, solve_roster
from bemanning.store import repo

from . import services
from .chain import chain_for
from .grid import RosterCheck, check
from .jobs import JobContext, register_job_kind
from .security import Perm

MAX_TIME_LIMIT = 600.0
JOB_KIND = "roster_solve"


def _number(params: dict[str, Any], key: str, default: float, low: float, high: float) -> float:
    value = params.get(key, default)
    try:
        number = float(value)
    except (TypeError, ValueError):
        raise UserError.of("web_bad_request", problem=f"{key}={value!r}") from None
    if not low <= number <= high:
        raise UserError.of("web_bad_request", problem=f"{key} {number:g} not in [{low:g}, {high:g}]")
    return number


def check_params(params: dict[str, Any]) -> dict[str, Any]:
    """time_limit (s, 1–600, default 30), seed, roster_id (base roster), weeks (1–52), name."""
    out: dict[str, Any] = {"unit_id": params["unit_id"]}
    out["time_limit"] = _number(params, "time_limit", 30.0, 1.0, MAX_TIME_LIMIT)
    out["seed"] = int(_number(params, "seed", 0, 0, 2**31 - 1))
    if params.get("roster_id") is not None:
        out["roster_id"] = int(_number(params, "roster_id", 0, 1, 2**31 - 1))
    if params.get("weeks") is not None:
        out["weeks"] = int(_number(params, "weeks", 0, 1, 52))
    name = params.get("name")
    if name is not None:
        if not isinstance(name, str) or not 0 < len(name.strip()) <= 200:
            raise UserError.of("web_bad_request", problem="name")
        out["name"] = name.strip()
    return out


def _period(unit: Unit, base: Roster | None, weeks: int | None) -> Period:
    period = Period.of_roster(base) if base is not None else period_for_unit(unit)
    if weeks is None:
        return period
    if period.cyclic:
        return Period.cycle(period.start, weeks)
    return Period.calendar(period.start, period.start + dt.timedelta(days=7 * weeks - 1))


def summary(result: RosterCheck) -> dict[str, Any]:
    report = result.report
    return {
        "penalty": report.penalty,
        "uncovered": report.uncovered_places,
        "below_minimum": report.below_minimum_places,
        "hard": len(report.hard),
        "violations": len(report.violations),
        "cover_status": report.cover_status,
        "below_minimum_dates": report.below_minimum_dates(),
    }


def changed_cell_count(before: Roster, after: Roster) -> int:
    """Cells (employee × date of ``after``'s period) whose shift differs."""
    dates = set(after.dates())
    old = {(a.employee_id, a.date): a.shift_code for a in before.assignments if a.date in dates}
    new = {(a.employee_id, a.date): a.shift_code for a in after.assignments}
    return sum(1 for key in old.keys() | new.keys() if old.get(key) != new.get(key))


def compare(
    unit: Unit, requirement: StaffingRequirement, before: Roster | None, after: Roster
) -> dict[str, Any]:
    return {
        "changed_cells": changed_cell_count(before, after) if before is not None else len(after.assignments),
        "before": summary(check(unit, before, requirement)) if before is not None else None,
        "after": summary(check(unit, after, requirement)),
    }


def run_roster_solve(ctx: JobContext, params: dict[str, Any]) -> dict[str, Any]:
    state, actor = ctx.app_state, ctx.actor
    unit_id = params["unit_id"]
    limit = float(params["time_limit"])
    ctx.progress(0.0, phase="requirement", time_limit=limit, seconds_left=limit)
    chain = chain_for(state, unit_id)
    unit = chain.unit
    base_row_name, base = None, None
    if params.get("roster_id") is not None:
        with state.db.read() as session:
            row = repo.get_roster_row(session, unit_id, int(params["roster_id"]))
            base_row_name, base = row.name, repo.roster_from_row(row)
    period = _period(unit, base, params.get("weeks"))
    started_at = time.time()
    ctx.progress(0.0, phase="solving", time_limit=limit, seconds_left=limit, started_at=started_at)

    def on_progress(event: Progress) -> None:
        ctx.progress(
            min(event.work / limit, 0.99),
            phase="solving",
            best_objective=event.objective,
            solutions=event.solutions,
            seconds_left=max(0.0, limit - event.seconds),
            time_limit=limit,
            started_at=started_at,
        )

    hint = base if base is not None and base.assignments and Period.of_roster(base) == period else None
    result = solve_roster(
        unit,
        chain.requirement,
        SolveOptions.for_work(
            limit,
            seed=int(params.get("seed", 0)),
            num_workers=2,
            period=period,
            hint=hint,
            progress=on_progress,
            should_stop=ctx.cancelled.is_set,
        ),
    )
    if ctx.cancelled.is_set():
        return {"stored": False}
    stamp = dt.datetime.now().strftime("%Y-%m-%d %H:%M")
    name = params.get("name") or (
        f"{base_row_name or t('solve_default_name')} · {t('make_roster')} {stamp} {uuid.uuid4().hex[:4]}"
    )
    row = services.create_roster(
        state.db, state.unit_cache, actor, unit_id, name[:200], start=period.start, days=period.days
    )
    version = services.replace_assignments(
        state.db, state.unit_cache, actor, unit_id, row.id, row.version, result.roster.assignments, "solve"
    )
    ctx.progress(1.0, phase="done", best_objective=result.objective, seconds_left=0.0, time_limit=limit)
    same_period = base is not None and Period.of_roster(base) == period
    return {
        "stored": True,
        "roster_id": row.id,
        "roster_version": version,
        "base_roster_id": params.get("roster_id"),
        "status": result.status,
        "objective": result.objective,
        "seconds": round(result.seconds, 1),
        "requirement": chain.source,
        # The fewest open places any lawful roster leaves (``bound.py``); None: nothing open, or not proved.
        "open_places_floor": result.floor.open_places if result.floor else None,
        "below_minimum_floor": result.floor.below_minimum if result.floor else None,
        "comparison": compare(unit, chain.requirement, base if same_period else None, result.roster),
    }


register_job_kind(JOB_KIND, run_roster_solve, Perm.ROSTER_EDIT, check_params)
