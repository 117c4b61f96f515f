"""Sick-call pages: start a repair (employee + from/to), watch its progress, see the changes
(before → after) and the places still open with explanations, save it as a new draft roster;
fill suggestions for one empty place."""

from __future__ import annotations

import datetime as dt
from typing import Any

from fastapi import APIRouter, Depends, Form, Request
from fastapi.responses import HTMLResponse, RedirectResponse, Response

from bemanning.i18n import register
from bemanning.io.errors import UserError
from bemanning.store import repo
from bemanning.store.db import Database
from bemanning.web import services
from bemanning.web.api.sickcalls import finished_repair, start_repair
from bemanning.web.deps import get_db
from bemanning.web.i18n_web import request_lang
from bemanning.web.jobs import Job, JobRunner
from bemanning.web.limits import MAX_INT
from bemanning.web.pages import NavItem, register_nav
from bemanning.web.pages.solve import _progress_view
from bemanning.web.problems import Problem
from bemanning.web.security import Actor, Perm, csrf_protect, page_actor
from bemanning.web.sickcalls import JOB_KIND, fill_place, save_repair
from bemanning.web.templating import render

router = APIRouter(include_in_schema=False)
register_nav(NavItem("nav_sickcalls", "/units/{unit_id}/sickcalls", "unit", 35, perms=(Perm.ROSTER_READ,)))

register(
    {
        "nav_sickcalls": {"no": "Sykemelding og fyll", "en": "Sick calls and fill"},
        "sick_title": {"no": "Sykemelding: reparer turnusen", "en": "Sick call: repair the roster"},
        "sick_title_neutral": {"no": "Fravær: reparer turnusen", "en": "Absence: repair the roster"},
        "sick_intro": {
            "no": "Velg turnus, ansatt og periode. Reparasjonen endrer så lite som mulig og lagres først når du "
            "trykker «Lagre som nytt utkast».",
            "en": "Pick roster, employee and period. The repair changes as little as possible and is stored only "
            "when you press 'Save as new draft'.",
        },
        "sick_employee": {"no": "Ansatt", "en": "Employee"},
        "sick_from": {"no": "Fra", "en": "From"},
        "sick_to": {"no": "Til", "en": "To"},
        "sick_run": {"no": "Reparer", "en": "Repair"},
        "sick_fill_title": {"no": "Fyll en ledig plass", "en": "Fill an empty place"},
        "sick_fill_run": {"no": "Vis forslag", "en": "Show suggestions"},
        "sick_date": {"no": "Dato", "en": "Date"},
        "sick_shift": {"no": "Vakt", "en": "Shift"},
        "sick_no_rosters": {"no": "Enheten har ingen turnus med vakter.", "en": "The unit has no roster with shifts."},
        "sick_phase_requirement": {"no": "Beregner bemanningsbehovet …", "en": "Computing the requirement …"},
        "sick_phase_solving": {"no": "Reparerer turnusen …", "en": "Repairing the roster …"},
        "sick_phase_done": {"no": "Ferdig", "en": "Done"},
        "sick_done": {
            "no": "Ferdig ({status}, {seconds} s): {removed:p:vakt|vakter} tatt ut, "
                "{changes:p:endring|endringer} hos andre, "
            "{open:p:plass|plasser} står åpne.",
            "en": "Done ({status}, {seconds} s): {removed:p:shift|shifts} taken out, "
                "{changes:p:change|changes} for others, "
            "{open:p:place|places} remain open.",
        },
        "sick_absent_line": {
            "no": "Sykemeldt: {name}, {start} – {end}",
            "en": "On sick leave: {name}, {start} – {end}",
        },
        "sick_absent_neutral": {"no": "Fravær: {name}, {start} – {end}", "en": "Absent: {name}, {start} – {end}"},
        "sick_changes": {"no": "Endringer (før → etter)", "en": "Changes (before → after)"},
        "sick_no_changes": {"no": "Ingen endringer.", "en": "No changes."},
        "sick_day_off": {"no": "fri", "en": "off"},
        "sick_weight": {"no": "Kostnad", "en": "Cost"},
        "sick_open": {"no": "Plasser som står åpne", "en": "Places still open"},
        "sick_more_open": {
            "no": "… og {count:p:plass|plasser} til (alle finnes i JSON-API-et).",
            "en": "… and {count} more places (all are in the JSON API).",
        },
        "sick_open_roster": {"no": "Åpne turnusen", "en": "Open the roster"},
        "sick_none_open": {"no": "Alle plasser er dekket.", "en": "Every place is covered."},
        "sick_missing": {"no": "mangler", "en": "missing"},
        "sick_suggest": {"no": "Forslag", "en": "Suggestions"},
        "sick_why": {"no": "Hvorfor plassene står åpne", "en": "Why the places stay open"},
        "sick_save": {"no": "Lagre som nytt utkast", "en": "Save as new draft"},
        "sick_cancelled": {
            "no": "Reparasjonen ble avbrutt. Ingenting er lagret.",
            "en": "Repair cancelled. Nothing stored.",
        },
        "sick_failed": {"no": "Reparasjonen feilet.", "en": "The repair failed."},
        "sick_fill_for": {"no": "Forslag for {shift} {date}, {group}", "en": "Suggestions for {shift} {date}, {group}"},
        "sick_candidates_none": {"no": "Ingen kan ta plassen.", "en": "Nobody can take the place."},
        "sick_source": {"no": "Kilde", "en": "Source"},
        "sick_hours": {"no": "Timer", "en": "Hours"},
        "sick_cost": {"no": "Kostnad (kr)", "en": "Cost (NOK)"},
        "sick_penalty": {"no": "Nye avvik", "en": "Added penalties"},
        "sick_others": {"no": "Hvorfor de andre ikke kan", "en": "Why the others cannot"},
        "sick_rule": {"no": "Regel", "en": "Rule"},
        "sick_reference": {"no": "Hjemmel", "en": "Reference"},
    }
)


def _runner(request: Request) -> JobRunner:
    runner: JobRunner = request.app.state.jobs
    return runner


def _rosters(db: Database, unit_id: str) -> list[dict[str, Any]]:
    with db.read() as session:
        rows = repo.list_rosters(session, unit_id)
        return [{"id": r.id, "name": r.name, "shifts": len(repo.roster_from_row(r).assignments)} for r in rows]


@router.get("/units/{unit_id}/sickcalls", response_class=HTMLResponse)
def sickcalls_page(
    unit_id: str, request: Request, actor: Actor = Depends(page_actor), db: Database = Depends(get_db)
) -> Response:
    actor.require(Perm.ROSTER_READ, unit_id)
    unit = services.load_unit(db, request.app.state.unit_cache, unit_id).unit
    rostered = set(unit.rostered_groups())
    return render(
        request,
        "sickcalls.html",
        actor=actor,
        unit_id=unit_id,
        unit=unit,
        rosters=[r for r in _rosters(db, unit_id) if r["shifts"]],
        employees=[e for e in unit.employees if e.group in rostered],
        can_repair=actor.allowed(Perm.ROSTER_EDIT, unit_id),
        details=actor.allowed(Perm.ABSENCE_DETAILS, unit_id),
        today=dt.date.today().isoformat(),
    )


@router.post("/units/{unit_id}/sickcalls/repair", dependencies=[Depends(csrf_protect)])
def repair_start(
    unit_id: str,
    request: Request,
    roster_id: int = Form(..., ge=1, le=MAX_INT),
    employee_id: str = Form(...),
    start: str = Form(...),
    end: str = Form(""),
    time_limit: float = Form(8.0),
    actor: Actor = Depends(page_actor),
) -> Response:
    params = {"employee_id": employee_id, "start": start, "end": end or start, "time_limit": time_limit}
    job = start_repair(request, actor, unit_id, roster_id, params)
    return RedirectResponse(f"/units/{unit_id}/sickcalls/jobs/{job.id}", status_code=303)


def _job(request: Request, actor: Actor, unit_id: str, job_id: str) -> Job:
    actor.require(Perm.ROSTER_EDIT, unit_id)
    job = _runner(request).get(job_id)
    if (
        job is None
        or job.kind != JOB_KIND
        or job.unit_id != unit_id
        or not (actor.is_admin or job.owner == actor.username)
    ):
        raise Problem(404, "web_not_found", entity="job", key=job_id)
    return job


def _job_context(request: Request, actor: Actor, unit_id: str, job: Job) -> dict[str, Any]:
    result = job.result or {}
    names: dict[str, str] = {}
    if result:
        unit = services.load_unit(request.app.state.db, request.app.state.unit_cache, unit_id).unit
        names = {e.id: e.name for e in unit.employees}
    return {
        "actor": actor,
        "unit_id": unit_id,
        "job": job,
        "progress": _progress_view(job),
        "result": result,
        "absent_name": names.get(result.get("employee_id", ""), ""),
        "details": actor.allowed(Perm.ABSENCE_DETAILS, unit_id),
        "finished": job.finished,
    }


@router.get("/units/{unit_id}/sickcalls/jobs/{job_id}", response_class=HTMLResponse)
def repair_page(unit_id: str, job_id: str, request: Request, actor: Actor = Depends(page_actor)) -> Response:
    job = _job(request, actor, unit_id, job_id)
    return render(request, "sick_repair.html", **_job_context(request, actor, unit_id, job))


@router.get("/units/{unit_id}/sickcalls/jobs/{job_id}/progress", response_class=HTMLResponse)
def repair_progress(unit_id: str, job_id: str, request: Request, actor: Actor = Depends(page_actor)) -> Response:
    job = _job(request, actor, unit_id, job_id)
    return render(request, "_sick_progress.html", **_job_context(request, actor, unit_id, job))


@router.post(
    "/units/{unit_id}/sickcalls/jobs/{job_id}/cancel",
    response_class=HTMLResponse,
    dependencies=[Depends(csrf_protect)],
)
def repair_cancel(unit_id: str, job_id: str, request: Request, actor: Actor = Depends(page_actor)) -> Response:
    job = _job(request, actor, unit_id, job_id)
    _runner(request).cancel(job.id)
    return render(request, "_sick_progress.html", **_job_context(request, actor, unit_id, job))


@router.post("/units/{unit_id}/sickcalls/jobs/{job_id}/save", dependencies=[Depends(csrf_protect)])
def repair_save(unit_id: str, job_id: str, request: Request, actor: Actor = Depends(page_actor)) -> Response:
    _job(request, actor, unit_id, job_id)
    result = finished_repair(request, actor, unit_id, job_id)
    saved = save_repair(request.app.state, actor, unit_id, result, None)
    return RedirectResponse(f"/units/{unit_id}/rosters/{saved['roster_id']}", status_code=303)


@router.get("/units/{unit_id}/sickcalls/fill", response_class=HTMLResponse)
def fill_page(
    unit_id: str,
    request: Request,
    actor: Actor = Depends(page_actor),
) -> Response:
    actor.require(Perm.ROSTER_READ, unit_id)
    q = request.query_params
    try:
        roster_id, date = int(q.get("roster", "")), dt.date.fromisoformat(q.get("date", ""))
    except ValueError:
        raise UserError.of("web_sick_bad", problem="roster/date") from None
    details = actor.allowed(Perm.ABSENCE_DETAILS, unit_id)
    state = request.app.state
    data = fill_place(
        state, unit_id, roster_id, date, q.get("shift", ""), q.get("group", ""), 10, request_lang(request), details
    )
    unit = services.load_unit(state.db, state.unit_cache, unit_id).unit
    return render(
        request,
        "sick_fill.html",
        actor=actor,
        unit_id=unit_id,
        roster_id=roster_id,
        data=data,
        group_name={g.id: g.name for g in unit.groups}.get(data["group"], data["group"]),
        shift_name=unit.shift_type(data["shift"]).name,
    )
