"""Follow-up dashboard page (filters: trust, clinic, unit, from/to month; plotly charts) and the
locally served plotly.js (no CDN)."""

from __future__ import annotations

import json
from functools import lru_cache

from fastapi import APIRouter, Depends, Request
from fastapi.responses import HTMLResponse, Response

from bemanning.i18n import register
from bemanning.web.api.followup import filters
from bemanning.web.followup import Filters, dashboard, followup_store
from bemanning.web.pages import NavItem, register_nav
from bemanning.web.security import Actor, Perm, page_actor
from bemanning.web.templating import render

router = APIRouter(include_in_schema=False)
register_nav(NavItem("nav_followup", "/followup", "global", 70, perms=(Perm.FOLLOWUP_READ,)))

# plotly sets inline styles from JavaScript; scripts stay 'self' only.
CHART_CSP = "default-src 'self'; img-src 'self' data:; style-src 'self' 'unsafe-inline'; script-src 'self'"

register(
    {
        "fu_title": {"no": "Oppfølging av styringsdata", "en": "Follow-up of actuals"},
        "fu_trust": {"no": "Foretak", "en": "Trust"},
        "fu_clinic": {"no": "Klinikk", "en": "Clinic"},
        "fu_unit": {"no": "Enhet", "en": "Unit"},
        "fu_all": {"no": "alle", "en": "all"},
        "fu_from": {"no": "Fra måned", "en": "From month"},
        "fu_to": {"no": "Til måned", "en": "To month"},
        "fu_show": {"no": "Vis", "en": "Show"},
        "fu_agency": {"no": "Innleie mot budsjett (kr per måned)", "en": "Agency hire vs budget (NOK per month)"},
        "fu_actual": {"no": "faktisk", "en": "actual"},
        "fu_budget": {"no": "budsjett", "en": "budget"},
        "fu_gross": {"no": "Brutto månedsverk", "en": "Gross FTE-months"},
        "fu_overtime": {"no": "Overtid, andel av brutto timer (%)", "en": "Overtime share of gross hours (%)"},
        "fu_sick": {"no": "Sykefravær (%)", "en": "Sick leave (%)"},
        "fu_sick12": {"no": "Sykefravær, rullerende 12 måneder (%)", "en": "Sick leave, rolling 12 months (%)"},
        "fu_ranking": {
            "no": "Enheter med sykefravær over forventet ({start} – {end})",
            "en": "Units with sick leave above expected ({start} – {end})",
        },
        "fu_rank_help": {
            "no": "Forventet = eget nivå før + kollegenes endring (samme klinikk). Prosentpoeng over forventet; "
            "≥ 1,0 følges opp. Bare tall per enhet, ingen enkeltpersoner.",
            "en": "Expected = own earlier level + the peers' change (same clinic). Percentage points above "
            "expected; ≥ 1.0 is followed up. Numbers per unit only, no individuals.",
        },
        "fu_expected": {"no": "Forventet %", "en": "Expected %"},
        "fu_excess": {"no": "Over forventet (pp)", "en": "Above expected (pp)"},
        "fu_flag": {"no": "Følges opp", "en": "Follow up"},
        "fu_yes": {"no": "ja", "en": "yes"},
        "fu_seed": {"no": "Lag nye demodata", "en": "Regenerate demo data"},
        "fu_source": {
            "no": "Data: generert demoregion (bemanning followup generer), lagret som Parquet i datamappen.",
            "en": "Data: generated demo region (bemanning followup generer), stored as Parquet in the data folder.",
        },
    }
)


@lru_cache(maxsize=1)
def _plotly_js() -> bytes:
    from plotly.offline import get_plotlyjs

    return get_plotlyjs().encode("utf-8")


@router.get("/assets/plotly.min.js")
def plotly_js() -> Response:
    """plotly.js from the installed plotly package: served by the app itself, cached by browsers."""
    return Response(_plotly_js(), media_type="text/javascript", headers={"Cache-Control": "public, max-age=86400"})


@router.get("/followup", response_class=HTMLResponse)
def followup_page(request: Request, chosen: Filters = Depends(filters), actor: Actor = Depends(page_actor)) -> Response:
    actor.require(Perm.FOLLOWUP_READ)
    data = dashboard(followup_store(request.app.state), chosen)
    response = render(
        request,
        "followup.html",
        actor=actor,
        data=data,
        chart_json=json.dumps(data["series"] | {"agency": data["agency"]}, ensure_ascii=False).replace("<", "\\u003c"),
        can_seed=actor.allowed(Perm.FOLLOWUP_SEED),
    )
    response.headers["Content-Security-Policy"] = CHART_CSP
    return response
