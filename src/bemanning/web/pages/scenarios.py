"""Scenario comparison page: the unit's stored comparison.csv as a table and plotly charts, and an
upload form for managers."""

from __future__ import annotations

import json

from fastapi import APIRouter, Depends, File, Request, UploadFile
from fastapi.responses import HTMLResponse, RedirectResponse, Response

from bemanning.i18n import register
from bemanning.web import services
from bemanning.web.api.scenarios import comparison_view, upload
from bemanning.web.pages import NavItem, register_nav
from bemanning.web.pages.followup import CHART_CSP
from bemanning.web.security import Actor, Perm, csrf_protect, page_actor
from bemanning.web.templating import render

router = APIRouter(include_in_schema=False)
register_nav(NavItem("nav_scenarios", "/units/{unit_id}/scenarios", "unit", 60, perms=(Perm.UNIT_READ,)))

register(
    {
        "sc_title": {"no": "Scenariosammenligning: {name}", "en": "Scenario comparison: {name}"},
        "sc_none": {
            "no": "Ingen sammenligning er lagret. Kjør «bemanning scenario compare» (eller «bemanning demo», "
            "mappen scenarioer/) og last opp comparison.csv.",
            "en": "No comparison stored. Run 'bemanning scenario compare' (or 'bemanning demo', folder "
            "scenarioer/) and upload comparison.csv.",
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
        "sc_chart_fte": {"no": "Årsverk: behov og i dag", "en": "FTE: need and now"},
        "sc_chart_cost": {"no": "Årskostnad etter kilde (kr)", "en": "Annual cost by source (NOK)"},
        "sc_chart_quality": {"no": "Udekkede vakter og regelbrudd", "en": "Uncovered shifts and violations"},
    }
)

COLUMNS = (
    ("fte_need", "sc_fte_need", "%.2f"),
    ("fte_current", "sc_fte_current", "%.2f"),
    ("uncovered_shifts", "sc_uncovered", "%.0f"),
    ("hard_violations", "sc_hard", "%.0f"),
    ("weekends_per_employee", "sc_weekends", "%.2f"),
    ("long_shift_share", "sc_long", "%.3f"),
    ("avg_position_pct", "sc_position", "%.1f"),
    ("cost_own_staff_nok", "sc_own", "%.0f"),
    ("cost_overtime_nok", "sc_overtime", "%.0f"),
    ("cost_agency_nok", "sc_agency", "%.0f"),
    ("cost_total_nok", "sc_total", "%.0f"),
    ("agency_hours", "sc_agency_hours", "%.1f"),
)


@router.get("/units/{unit_id}/scenarios", response_class=HTMLResponse)
def scenarios_page(unit_id: str, request: Request, actor: Actor = Depends(page_actor)) -> Response:
    actor.require(Perm.UNIT_READ, unit_id)
    unit = services.load_unit(request.app.state.db, request.app.state.unit_cache, unit_id).unit
    view = comparison_view(request, unit_id)
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
    )
    response.headers["Content-Security-Policy"] = CHART_CSP
    return response


@router.post("/units/{unit_id}/scenarios", dependencies=[Depends(csrf_protect)])
def scenarios_upload(
    unit_id: str, request: Request, file: UploadFile = File(...), actor: Actor = Depends(page_actor)
) -> Response:
    upload(request, actor, unit_id, file)
    return RedirectResponse(f"/units/{unit_id}/scenarios", status_code=303)
