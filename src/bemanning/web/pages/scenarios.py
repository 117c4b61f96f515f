"""Scenario comparison page: the unit's stored comparison.csv as a table and plotly charts, an
upload form for managers, and 'Kjør scenarioene' (the ``scenario_compare`` job) with a progress bar
that HTMX polls."""

from __future__ import annotations

import json
import time
from typing import Any

from fastapi import APIRouter, Depends, File, Form, Request, UploadFile
from fastapi.responses import HTMLResponse, RedirectResponse, Response

import bemanning.io.comparison_report  # noqa: F401  (registers the verdict words: cmp_verdict_*, cmp_spread)
from bemanning.i18n import register
from bemanning.planning.scenario_compare import DEFAULT_SEEDS
from bemanning.web import services
from bemanning.web.api.scenarios import comparison_view, upload
from bemanning.web.jobs import JOB_KINDS, Job, JobRunner
from bemanning.web.pages import NavItem, register_nav
from bemanning.web.pages.followup import CHART_CSP
from bemanning.web.problems import Problem
from bemanning.web.scenario_job import DEFAULT_TIME_LIMIT, JOB_KIND, SEED_CHOICES, TIME_LIMITS
from bemanning.web.security import Actor, Perm, csrf_protect, page_actor
from bemanning.web.templating import render

router = APIRouter(include_in_schema=False)
register_nav(NavItem("nav_scenarios", "/units/{unit_id}/scenarios", "unit", 60, perms=(Perm.UNIT_READ,)))

register(
    {
        "sc_title": {"no": "Scenariosammenligning: {name}", "en": "Scenario comparison: {name}"},
        "sc_none": {
            "no": "Ingen sammenligning er lagret. Trykk «Kjør scenarioene», eller last opp comparison.csv fra "
            "«bemanning scenario compare» (eller «bemanning demo», mappen scenarioer/).",
            "en": "No comparison stored. Press 'Run the scenarios', or upload comparison.csv from "
            "'bemanning scenario compare' (or 'bemanning demo', folder scenarioer/).",
        },
        "sc_upload": {"no": "Last opp comparison.csv", "en": "Upload comparison.csv"},
        "sc_scenario": {"no": "Scenario", "en": "Scenario"},
        "sc_fte_need": {"no": "Årsverksbehov", "en": "FTE need"},
        "sc_fte_current": {"no": "Årsverk i dag", "en": "FTE now"},
        "sc_uncovered": {"no": "Udekkede vakter", "en": "Uncovered shifts"},
        "sc_hard": {"no": "Brudd på harde regler", "en": "Hard violations"},
        "sc_weekends": {"no": "Helger per ansatt", "en": "Weekends per employee"},
        "sc_long": {"no": "Andel langvakter", "en": "Long-shift share"},
        "sc_position": {"no": "Snitt stilling %", "en": "Average position %"},
        "sc_own": {"no": "Egne ansatte (kr/år)", "en": "Own staff (NOK/yr)"},
        "sc_overtime": {"no": "Overtid (kr/år)", "en": "Overtime (NOK/yr)"},
        "sc_agency": {"no": "Innleie (kr/år)", "en": "Agency (NOK/yr)"},
        "sc_total": {"no": "Sum (kr/år)", "en": "Total (NOK/yr)"},
        "sc_agency_hours": {"no": "Innleietimer/år", "en": "Agency hours/yr"},
        "sc_below_minimum": {"no": "Plasser under minimum", "en": "Places below minimum"},
        "sc_unfilled_agency": {
            "no": "Udekkede plasser priset som innleie (kr/år)",
            "en": "Open places at the agency rate (NOK/yr)",
        },
        "sc_chart_fte": {"no": "Årsverk: behov og i dag", "en": "FTE: need and now"},
        "sc_chart_cost": {"no": "Årskostnad etter kilde (kr)", "en": "Annual cost by source (NOK)"},
        "sc_chart_quality": {"no": "Udekkede vakter og regelbrudd", "en": "Uncovered shifts and violations"},
        "sc_run": {"no": "Kjør scenarioene", "en": "Run the scenarios"},
        "sc_run_help": {
            "no": "Som i dag, oppgavedeling, oppgavedeling + 30 % langvakter og heltid, på enhetens data.",
            "en": "As-is, task sharing, task sharing + 30 % long shifts and full time, on the unit's data.",
        },
        "sc_time_limit": {"no": "Arbeidsbudsjett per turnus og frø", "en": "Work budget per roster and seed"},
        "sc_seconds": {"no": "{seconds} enheter", "en": "{seconds} units"},
        "sc_seeds": {"no": "Frø per scenario", "en": "Seeds per scenario"},
        "sc_seeds_help": {
            "no": "Hvert tall vises med spredningen over frøene; et tiltak er bare bedre eller dårligere når "
            "spennene ikke overlapper (docs/trust.md).",
            "en": "Each figure is shown with its spread over the seeds; a measure is only better or worse when "
            "the ranges do not overlap (docs/trust.md).",
        },
        "sc_status": {"no": "Turnus", "en": "Roster"},
        "sc_running": {
            "no": "Kjøring {index} av {count}: {name} (frø {seed})",
            "en": "Run {index} of {count}: {name} (seed {seed})",
        },
        "sc_queued": {"no": "Venter på tur …", "en": "Waiting in line …"},
        "sc_run_done": {
            "no": "Ferdig: {count:p:scenario|scenarioer} er beregnet og lagret.",
            "en": "Done: {count:p:scenario|scenarios} computed and stored.",
        },
        "sc_show": {"no": "Vis sammenligningen", "en": "Show the comparison"},
        "sc_run_cancelled": {
            "no": "Avbrutt. Den forrige sammenligningen er beholdt.",
            "en": "Cancelled. The previous comparison is kept.",
        },
        "sc_run_failed": {
            "no": "Scenarioene kunne ikke beregnes for denne enheten.",
            "en": "The scenarios could not be computed for this unit.",
        },
    }
)

# (result column, label key, decimals shown)
COLUMNS = (
    ("fte_need", "sc_fte_need", 2),
    ("fte_current", "sc_fte_current", 2),
    ("uncovered_shifts", "sc_uncovered", 0),
    ("hard_violations", "sc_hard", 0),
    ("weekends_per_employee", "sc_weekends", 2),
    ("long_shift_share", "sc_long", 3),
    ("avg_position_pct", "sc_position", 1),
    ("cost_own_staff_nok", "sc_own", 0),
    ("cost_overtime_nok", "sc_overtime", 0),
    ("cost_agency_nok", "sc_agency", 0),
    ("cost_total_nok", "sc_total", 0),
    ("agency_hours", "sc_agency_hours", 1),
    ("below_minimum_places", "sc_below_minimum", 0),
    ("unfilled_at_agency_nok", "sc_unfilled_agency", 0),
)


def _runner(request: Request) -> JobRunner:
    runner: JobRunner = request.app.state.jobs
    return runner


def _job(request: Request, actor: Actor, unit_id: str, job_id: str) -> Job:
    job = _runner(request).get(job_id)
    if (
        job is None
        or job.kind != JOB_KIND
        or job.unit_id != unit_id
        or not (actor.is_admin or job.owner == actor.username)
    ):
        raise Problem(404, "web_not_found", entity="job", key=job_id)
    return job


def _progress_context(job: Job) -> dict[str, Any]:
    """The bar moves with the clock inside a scenario (the chain reports only between scenarios)."""
    state = dict(job.context.state)
    count = int(state.get("runs") or 0)
    index = int(state.get("index") or 0)
    fraction = float(state.get("fraction", 0))
    limit, started = float(state.get("time_limit") or 0), state.get("started_at")
    if job.status == "running" and count and limit and started:
        within = min((time.time() - float(started)) / limit, 0.99)
        fraction = max(fraction, (index + within) / count)
    return {
        "progress": {**state, "percent": round(100 * fraction), "number": index + 1, "count": count},
        "result": job.result or {},
        "finished": job.finished,
    }


@router.get("/units/{unit_id}/scenarios", response_class=HTMLResponse)
def scenarios_page(unit_id: str, request: Request, actor: Actor = Depends(page_actor)) -> Response:
    actor.require(Perm.UNIT_READ, unit_id)
    unit = services.load_unit(request.app.state.db, request.app.state.unit_cache, unit_id).unit
    view = comparison_view(request, unit_id)
    job_id = request.query_params.get("job")
    job = _job(request, actor, unit_id, job_id) if job_id and actor.allowed(Perm.UNIT_EDIT, unit_id) else None
    response = render(
        request,
        "scenarios.html",
        actor=actor,
        unit_id=unit_id,
        unit=unit,
        view=view,
        columns=COLUMNS,
        chart_json=json.dumps(view["charts"], ensure_ascii=False).replace("<", "\\u003c") if view else "",
        can_upload=actor.allowed(Perm.UNIT_EDIT, unit_id),
        time_limits=TIME_LIMITS,
        default_time_limit=int(DEFAULT_TIME_LIMIT),
        seed_choices=SEED_CHOICES,
        default_seeds=DEFAULT_SEEDS,
        job=job,
        **(_progress_context(job) if job is not None else {}),
    )
    response.headers["Content-Security-Policy"] = CHART_CSP
    return response


@router.post("/units/{unit_id}/scenarios", dependencies=[Depends(csrf_protect)])
def scenarios_upload(
    unit_id: str, request: Request, file: UploadFile = File(...), actor: Actor = Depends(page_actor)
) -> Response:
    upload(request, actor, unit_id, file)
    return RedirectResponse(f"/units/{unit_id}/scenarios", status_code=303)


@router.post("/units/{unit_id}/scenarios/run", dependencies=[Depends(csrf_protect)])
def scenarios_run(
    unit_id: str,
    request: Request,
    time_limit: float = Form(DEFAULT_TIME_LIMIT),
    seeds: float = Form(DEFAULT_SEEDS),
    actor: Actor = Depends(page_actor),
) -> Response:
    kind = JOB_KINDS[JOB_KIND]
    actor.require(kind.perm, unit_id)
    services.load_unit(request.app.state.db, request.app.state.unit_cache, unit_id)  # 404 for no unit
    assert kind.check is not None
    params = kind.check({"unit_id": unit_id, "time_limit": time_limit, "seeds": seeds})
    job = _runner(request).submit(kind, unit_id, actor.username, params, request.app.state, actor)
    return RedirectResponse(f"/units/{unit_id}/scenarios?job={job.id}", status_code=303)


def _fragment(request: Request, actor: Actor, unit_id: str, job: Job) -> Response:
    context = _progress_context(job)
    response = render(request, "_scenario_progress.html", actor=actor, unit_id=unit_id, job=job, **context)
    if job.status == "done" and context["result"].get("stored"):
        response.headers["HX-Redirect"] = f"/units/{unit_id}/scenarios"  # reload with the new charts
    return response


@router.get("/units/{unit_id}/scenarios/jobs/{job_id}/progress", response_class=HTMLResponse)
def scenarios_progress(
    unit_id: str, job_id: str, request: Request, actor: Actor = Depends(page_actor)
) -> Response:
    actor.require(Perm.UNIT_EDIT, unit_id)
    return _fragment(request, actor, unit_id, _job(request, actor, unit_id, job_id))


@router.post(
    "/units/{unit_id}/scenarios/jobs/{job_id}/cancel",
    response_class=HTMLResponse,
    dependencies=[Depends(csrf_protect)],
)
def scenarios_cancel(unit_id: str, job_id: str, request: Request, actor: Actor = Depends(page_actor)) -> Response:
    actor.require(Perm.UNIT_EDIT, unit_id)
    job = _job(request, actor, unit_id, job_id)
    _runner(request).cancel(job.id)
    return _fragment(request, actor, unit_id, job)
