"""Sick calls in the web app: the repair as a background job (kind ``sick_repair``), saving its
result as a new draft roster (with a version check of the roster it started from), and ranked fill
suggestions with explanations for one empty place.

The repair engine has no stop hook: the job uses a short time limit (at most ``MAX_TIME_LIMIT``)
and a cancelled job stores nothing. Audit rows carry counts and versions only - no employee, no
sick-leave dates (health data).
"""

from __future__ import annotations

import datetime as dt
import time
from typing import Any

from bemanning.i18n import register, t
from bemanning.io.errors import UserError
from bemanning.model import Absence, Assignment, Roster, StaffingRequirement, Unit
from bemanning.planning.rostering import Period, UncoveredPlace, build_context, default_rules
from bemanning.planning.sickcalls import SickCall, repair_roster
from bemanning.planning.sickcalls.explain import explain_uncovered
from bemanning.planning.sickcalls.fill import suggest_fill
from bemanning.store import repo

from . import services
from .chain import chain_for
from .grid import Lru
from .jobs import JobContext, register_job_kind
from .problems import Problem
from .security import Actor, Perm

JOB_KIND = "sick_repair"
MAX_TIME_LIMIT = 60.0
MAX_SICK_DAYS = 92

register(
    {
        "web_sick_bad": {"no": "Ugyldig fravær: {problem}", "en": "Invalid absence: {problem}"},
        "web_sick_base_changed": {
            "no": "Turnusen er endret (versjon {current_version}) etter at reparasjonen startet (versjon "
            "{expected_version}). Kjør reparasjonen på nytt.",
            "en": "The roster changed (version {current_version}) after the repair started (version "
            "{expected_version}). Run the repair again.",
        },
        "web_sick_neutral_absent": {
            "no": "{name} er borte (fravær) denne dagen",
            "en": "{name} is away (absence) that day",
        },
        "web_sick_not_done": {"no": "Reparasjonen er ikke ferdig.", "en": "The repair has not finished."},
    }
)


def _date(params: dict[str, Any], key: str) -> dt.date:
    value = params.get(key)
    try:
        return dt.date.fromisoformat(str(value))
    except ValueError:
        raise UserError.of("web_sick_bad", problem=f"{key}={value!r}") from None


def check_params(params: dict[str, Any]) -> dict[str, Any]:
    """roster_id, employee_id, start, end (default start), time_limit (1–60 s, default 8), locked_until."""
    out: dict[str, Any] = {"unit_id": params["unit_id"]}
    try:
        out["roster_id"] = int(params["roster_id"])
        out["time_limit"] = float(params.get("time_limit", 8.0))
    except (KeyError, TypeError, ValueError):
        raise UserError.of("web_sick_bad", problem="roster_id/time_limit") from None
    if not 1.0 <= out["time_limit"] <= MAX_TIME_LIMIT:
        raise UserError.of("web_sick_bad", problem=f"time_limit not in [1, {MAX_TIME_LIMIT:g}]")
    employee = params.get("employee_id")
    if not isinstance(employee, str) or not employee:
        raise UserError.of("web_sick_bad", problem="employee_id")
    out["employee_id"] = employee
    out["start"] = _date(params, "start")
    out["end"] = _date(params, "end") if params.get("end") else out["start"]
    if out["end"] < out["start"] or (out["end"] - out["start"]).days >= MAX_SICK_DAYS:
        raise UserError.of("web_sick_bad", problem="start/end")
    if params.get("locked_until"):
        out["locked_until"] = _date(params, "locked_until")
    out["lang"] = "en" if params.get("lang") == "en" else "no"
    out["start"], out["end"] = out["start"].isoformat(), out["end"].isoformat()
    if "locked_until" in out:
        out["locked_until"] = out["locked_until"].isoformat()
    return out


def check_against_unit(unit: Unit, roster: Roster, params: dict[str, Any]) -> None:
    """The employee is rostered in the unit and the absence overlaps the roster."""
    rostered = set(unit.rostered_groups())
    if params["employee_id"] not in {e.id for e in unit.employees if e.group in rostered}:
        raise UserError.of("web_sick_bad", problem="employee_id")
    start, end = dt.date.fromisoformat(params["start"]), dt.date.fromisoformat(params["end"])
    last = roster.start_date + dt.timedelta(days=roster.days - 1)
    if end < roster.start_date or start > last:
        raise UserError.of("web_sick_bad", problem="start/end outside the roster")


def _names(unit: Unit) -> dict[str, str]:
    return {e.id: e.name for e in unit.employees}


def place_dicts(places: list[UncoveredPlace], unit: Unit) -> list[dict[str, Any]]:
    groups = {g.id: g.name for g in unit.groups}
    return [
        {
            "date": p.date,
            "shift": p.shift,
            "group": p.group,
            "group_name": groups.get(p.group, p.group),
            "missing": p.missing,
            "below_minimum": p.below_minimum,
        }
        for p in places
    ]


def run_sick_repair(ctx: JobContext, params: dict[str, Any]) -> dict[str, Any]:
    state = ctx.app_state
    unit_id = params["unit_id"]
    limit = float(params["time_limit"])
    ctx.progress(0.0, phase="requirement", time_limit=limit, seconds_left=limit)
    chain = chain_for(state, unit_id)
    unit = chain.unit
    with state.db.read() as session:
        row = repo.get_roster_row(session, unit_id, int(params["roster_id"]))
        base_version, roster = row.version, repo.roster_from_row(row)
    check_against_unit(unit, roster, params)
    call = SickCall(params["employee_id"], dt.date.fromisoformat(params["start"]), dt.date.fromisoformat(params["end"]))
    locked = dt.date.fromisoformat(params["locked_until"]) if params.get("locked_until") else None
    ctx.progress(0.0, phase="solving", time_limit=limit, seconds_left=limit, started_at=time.time())
    # The form's "time" is the work budget (as for "Lag turnus"): the same repair on any machine.
    result = repair_roster(unit, roster, [call], chain.requirement, locked_until=locked, work_limit=limit)
    if ctx.cancelled.is_set():
        return {"stored": False}
    explanations = explain_uncovered(
        unit,
        result.roster,
        chain.requirement,
        result.report.uncovered,
        ctx=result.setup.ctx,
        rules=result.setup.rules,
        max_places=10,
        lang=params.get("lang"),
    )
    if ctx.cancelled.is_set():  # cancelled while the explanations were written
        return {"stored": False}
    names = _names(unit)
    ctx.progress(1.0, phase="done", seconds_left=0.0, time_limit=limit)
    return {
        "stored": False,
        "roster_id": row.id,
        "base_version": base_version,
        "status": result.status,
        "seconds": round(result.seconds, 1),
        "removed": result.removed,
        "changed_assignments": result.changed_assignments,
        "change_cost": result.change_cost,
        "hard": len(result.report.hard),
        "employee_id": call.employee,
        "start": params["start"],
        "end": params["end"],
        "changes": [
            {
                "employee_id": c.employee,
                "name": names.get(c.employee, c.employee),
                "date": c.date.isoformat(),
                "before": c.before,
                "after": c.after,
                "weight": c.weight,
            }
            for c in result.changes
        ],
        "uncovered": place_dicts(result.report.uncovered, unit),
        "explanations": [x.as_dict() for x in explanations if x.rule != "one_shift_per_day"][:60],
        "assignments": [[a.employee_id, a.date.isoformat(), a.shift_code] for a in result.roster.assignments],
        "absences": [a.model_dump(mode="json", exclude_none=True) for a in result.roster.absences],
        "left_open": result.left_open,
    }


register_job_kind(JOB_KIND, run_sick_repair, Perm.ROSTER_EDIT, check_params)


def save_repair(state: Any, actor: Actor, unit_id: str, result: dict[str, Any], name: str | None) -> dict[str, Any]:
    """Store a finished repair as a new draft roster; 409 when the base roster changed meanwhile."""
    base_id = int(result["roster_id"])
    with state.db.read() as session:
        base = repo.get_roster_row(session, unit_id, base_id)
        base_name, base_version, roster = base.name, base.version, repo.roster_from_row(base)
    if base_version != result["base_version"]:
        raise Problem(
            409, "web_sick_base_changed", current_version=base_version, expected_version=result["base_version"]
        )
    stamp = dt.datetime.now().strftime("%Y-%m-%d %H:%M:%S")
    title = (name or f"{base_name} · reparert {stamp}").strip()[:200]
    row = services.create_roster(
        state.db, state.unit_cache, actor, unit_id, title, start=roster.start_date, days=roster.days
    )
    assignments = [
        Assignment(employee_id=e, date=dt.date.fromisoformat(d), shift_code=c) for e, d, c in result["assignments"]
    ]
    absences = [Absence.model_validate(a) for a in result.get("absences", [])]
    version = services.replace_assignments(
        state.db, state.unit_cache, actor, unit_id, row.id, row.version, assignments, "sick_repair", absences
    )
    with state.db.transaction() as session:
        repo.add_audit(
            session,
            actor.username,
            "roster",
            str(row.id),
            "sick_repair_from",
            f"base={base_id} v{base_version}; changes={result['changed_assignments']}; open={len(result['uncovered'])}",
        )
    return {"roster_id": row.id, "version": version, "name": title}


def redacted(explanation: dict[str, Any], name: str, absence_details: bool, lang: str) -> dict[str, Any]:
    """The explanation with the employee's name; an absence only as 'fravær' without details."""
    out = {**explanation, "name": name}
    if not absence_details and explanation.get("rule") == "absence":
        out["message"] = t("web_sick_neutral_absent", lang, name=name)
    return out


def fill_place(
    state: Any,
    unit_id: str,
    roster_id: int,
    date: dt.date,
    shift: str,
    group: str,
    top: int,
    lang: str,
    absence_details: bool,
) -> dict[str, Any]:
    """Ranked candidates for one empty place and why the others cannot take it. Without
    ``absence_details`` an absence is named neutrally (no kind of absence: sick leave is health data)."""
    chain = chain_for(state, unit_id)
    unit = chain.unit
    if shift not in {s.code for s in unit.shift_types}:
        raise UserError.of("web_sick_bad", problem=f"shift={shift!r}")
    if group not in {g.id for g in unit.groups}:
        raise UserError.of("web_sick_bad", problem=f"group={group!r}")
    with state.db.read() as session:
        row = repo.get_roster_row(session, unit_id, roster_id)
        roster, roster_version = repo.roster_from_row(row), row.version
    if not roster.start_date <= date < roster.start_date + dt.timedelta(days=roster.days):
        raise UserError.of("web_sick_bad", problem="date outside the roster")
    # Ranking checks every candidate against every rule (seconds on a six-week roster): cached per
    # unit version and roster version, so a second look (or another role) is instant.
    key = (unit_id, chain.version, roster_id, roster_version, date, shift, group, top, lang)
    cache = _fill_cache(state)
    raw = cache.get(key)
    if raw is None:
        raw = _compute_fill(unit, chain.requirement, roster, date, shift, group, top, lang)
        cache.put(key, raw)
    return {
        **raw,
        "explanations": [redacted(x, x["name"], absence_details, lang) for x in raw["explanations"]],
    }


def _fill_cache(state: Any) -> Lru[tuple[Any, ...], dict[str, Any]]:
    cache = getattr(state, "fill_cache", None)
    if cache is None:
        cache = state.fill_cache = Lru(64)
    return cache  # type: ignore[no-any-return]


def _compute_fill(
    unit: Unit,
    requirement: StaffingRequirement,
    roster: Roster,
    date: dt.date,
    shift: str,
    group: str,
    top: int,
    lang: str,
) -> dict[str, Any]:
    ctx = build_context(unit, Period.of_roster(roster), requirement, absences=roster.absences)
    rules = default_rules(unit)
    found = suggest_fill(unit, roster, date, shift, group, requirement, ctx=ctx, rules=rules, top=top)
    place = UncoveredPlace(date=date.isoformat(), shift=shift, group=group, missing=1, below_minimum=0)
    explanations = explain_uncovered(unit, roster, requirement, [place], ctx=ctx, rules=rules, lang=lang)
    suggested = {c.employee for c in found if c.employee}
    names = _names(unit)
    return {
        "date": date.isoformat(),
        "shift": shift,
        "group": group,
        "candidates": [c.as_dict() for c in found],
        "explanations": [
            {**x.as_dict(), "name": names.get(x.employee or "", x.employee or "")}
            for x in explanations
            if x.employee not in suggested and x.rule != "none"
        ],
    }
