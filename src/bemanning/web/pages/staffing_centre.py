"""The staffing-centre page (bemanningssenter): open places across units with filters, the pool's
calendar, placing a pool employee (rule check across units) and the agency pre-assessment with a
manager's approval or rejection. The same service functions as the API (``web/staffing_centre.py``)."""

from __future__ import annotations

import datetime as dt
from typing import Any
from urllib.parse import urlencode

from fastapi import APIRouter, Depends, File, Form, Request, UploadFile
from fastapi.responses import HTMLResponse, RedirectResponse, Response
from jinja2 import pass_context

from bemanning.i18n import register, t
from bemanning.io import region_outputs as _region_outputs  # noqa: F401  (registers the pre-assessment texts)
from bemanning.io.errors import UserError
from bemanning.planning.preassessment import detail_text
from bemanning.store import repo
from bemanning.store.db import Database
from bemanning.web import staffing_centre as sc
from bemanning.web.deps import get_db
from bemanning.web.i18n_web import request_lang
from bemanning.web.pages import NavItem, register_nav
from bemanning.web.problems import Problem
from bemanning.web.security import Actor, Perm, csrf_protect, page_actor
from bemanning.web.templating import TEMPLATES, render

router = APIRouter(include_in_schema=False)
register_nav(NavItem("nav_staffing_centre", "/bemanningssenter", "global", 60, perms=(Perm.REGION_READ,)))

WEEKDAYS = ("mon", "tue", "wed", "thu", "fri", "sat", "sun")

register(
    {
        "nav_staffing_centre": {"no": "Bemanningssenter", "en": "Staffing centre"},
        "centre_title": {"no": "Bemanningssenter", "en": "Staffing centre"},
        "sc_regions": {"no": "Regioner", "en": "Regions"},
        "sc_no_regions": {"no": "Ingen region er importert ennå.", "en": "No region has been imported yet."},
        "sc_import_title": {"no": "Importer en løst region", "en": "Import a solved region"},
        "sc_import_help": {
            "no": "Løs regionen på kommandolinjen (kommandoen under), pakk regionmappen (region.yaml og "
                  "enhetsfilene) med resultatmappen i én zip-fil og last den opp.",
            "en": "Solve the region on the command line (the command below), zip the region folder "
                  "(region.yaml and the unit files) with the output folder and upload it.",
        },
        "centre_upload": {"no": "Last opp", "en": "Upload"},
        "sc_period": {"no": "Periode {start} – {end}, versjon {version}",
                      "en": "Period {start} – {end}, version {version}"},
        "sc_totals": {
            "no": "{open} åpne plasser, {pool} dekket av bemanningssenteret, {agency} til innleie ({hours} t).",
            "en": "{open} open places, {pool} covered by the pool, {agency} to agency ({hours} h).",
        },
        "sc_filter": {"no": "Filter", "en": "Filter"},
        "sc_from": {"no": "Fra", "en": "From"},
        "sc_to": {"no": "Til", "en": "To"},
        "sc_group": {"no": "Yrkesgruppe", "en": "Group"},
        "sc_competence": {"no": "Kompetanse", "en": "Competence"},
        "sc_unit": {"no": "Enhet", "en": "Unit"},
        "sc_all": {"no": "alle", "en": "all"},
        "centre_show": {"no": "Vis", "en": "Show"},
        "sc_open_title": {"no": "Åpne vakter på tvers av enheter", "en": "Open places across units"},
        "sc_col_date": {"no": "Dato", "en": "Date"},
        "sc_col_shift": {"no": "Vakt", "en": "Shift"},
        "sc_col_hours": {"no": "Timer", "en": "Hours"},
        "sc_col_open": {"no": "Mangler", "en": "Missing"},
        "sc_col_pool": {"no": "Bemanningssenteret", "en": "Pool"},
        "sc_col_agency": {"no": "Til innleie", "en": "To agency"},
        "sc_col_place": {"no": "Plasser", "en": "Place"},
        "sc_place": {"no": "Plasser", "en": "Place"},
        "sc_no_eligible": {"no": "ingen med tillatelse og kompetanse", "en": "no one permitted and competent"},
        "sc_none_open": {"no": "Ingen åpne plasser med dette filteret.", "en": "No open places with this filter."},
        "sc_calendar_title": {"no": "Bemanningssenterets kalender", "en": "The pool's calendar"},
        "sc_col_employee": {"no": "Ansatt", "en": "Employee"},
        "sc_col_position": {"no": "Stilling", "en": "Position"},
        "sc_pa_title": {"no": "Forhåndsvurdering og beslutning om innleie",
                        "en": "Pre-assessment and agency decision"},
        "sc_pa_help": {
            "no": "Innleie besluttes av leder etter en forhåndsvurdering av interne løsninger. Begrunnelsen "
                  "(10–500 tegn) lagres i revisjonsloggen; navn, fødselsnummer, e-post og telefonnummer "
                  "maskeres.",
            "en": "Agency hire is decided by a manager after a pre-assessment of internal options. The reason "
                  "(10–500 characters) is kept in the audit log; names, national identity numbers, e-mail "
                  "addresses and phone numbers are masked.",
        },
        "sc_pa_none": {"no": "Ingen plasser går til innleie med dette filteret.",
                       "en": "No place goes to agency with this filter."},
        "sc_reason": {"no": "Begrunnelse", "en": "Reason"},
        "sc_approve": {"no": "Godkjenn innleie", "en": "Approve agency"},
        "sc_reject": {"no": "Avslå", "en": "Reject"},
        "sc_decision_approved": {"no": "Innleie godkjent av {by} {at}: {reason}",
                                 "en": "Agency approved by {by} {at}: {reason}"},
        "sc_decision_rejected": {"no": "Innleie avslått av {by} {at}: {reason}",
                                 "en": "Agency rejected by {by} {at}: {reason}"},
        "sc_pa_scope": {"no": "Du ser forhåndsvurderingen for enhetene du er ansvarlig for: {units}.",
                        "en": "You see the pre-assessment for the units you are responsible for: {units}."},
        "sc_pa_scope_none": {"no": "Du er ikke ansvarlig for noen av regionens enheter, så ingen forhåndsvurdering "
                                   "vises her. Administrator kan gi deg enheter på administrasjonssiden.",
                             "en": "You are not responsible for any of the region's units, so no pre-assessment is "
                                   "shown here. An administrator can give you units on the administration page."},
        "sc_manager_decides": {"no": "Leder godkjenner eller avslår innleie.",
                               "en": "A manager approves or rejects agency hire."},
        "sc_done_placed": {"no": "Plassert. Vaktene er sjekket mot reglene på tvers av enhetene.",
                           "en": "Placed. The shifts were checked against the rules across units."},
        "sc_done_removed": {"no": "Fjernet. Plassen går tilbake til innleie.",
                            "en": "Removed. The place goes back to agency."},
        "sc_remove": {"no": "Fjern", "en": "Remove"},
        "sc_done_decided": {"no": "Beslutningen er lagret i revisjonsloggen.",
                            "en": "The decision is kept in the audit log."},
        "sc_more": {"no": "… og {n} til (snevre inn filteret).", "en": "… and {n} more (narrow the filter)."},
        "web_bad_date_field": {"no": "{field} = {value}: må være en dato (ÅÅÅÅ-MM-DD).",
                               "en": "{field} = {value}: must be a date (YYYY-MM-DD)."},
    }
)

TEMPLATES.env.filters["pa_detail"] = pass_context(lambda ctx, value: detail_text(str(value), ctx.get("lang")))

MAX_ROWS = 200  # open places shown on the page (the API gives all)
MAX_ASSESSMENTS = 40  # pre-assessments on the page: each costs rule checks (the API gives all)


def _date(field: str, value: str | None) -> dt.date | None:
    if not value:
        return None
    try:
        return dt.date.fromisoformat(value.strip())
    except ValueError:
        raise Problem(422, "web_bad_date_field", field=field, value=value[:20]) from None


def _filters(request: Request) -> sc.Filters:
    q = request.query_params
    return sc.Filters(_date("from", q.get("from")), _date("to", q.get("to")), (q.get("group") or None),
                      (q.get("competence") or None), (q.get("unit") or None))


def _query(filters: sc.Filters) -> str:
    values = {"from": filters.start.isoformat() if filters.start else "", "to": filters.end.isoformat() if filters.end
              else "", "group": filters.group or "", "competence": filters.competence or "", "unit": filters.unit or ""}
    return urlencode({k: v for k, v in values.items() if v})


def _lines(request: Request, exc: Exception) -> tuple[int, list[str]]:
    lang = request_lang(request)
    if isinstance(exc, UserError):
        return 422, exc.text(lang).splitlines()
    if isinstance(exc, repo.NotFound):
        return 404, [t("web_not_found", lang, entity=t(f"entity_{exc.entity}", lang), key=exc.key)]
    if isinstance(exc, repo.VersionConflict):
        return 409, [t("web_conflict", lang, entity=t("entity_region", lang), expected=exc.expected,
                       current=exc.current)]
    assert isinstance(exc, Problem)
    return exc.status, [t(exc.code, lang, **exc.context), *[m.text(lang) for m in exc.messages]]


@router.get("/bemanningssenter", response_class=HTMLResponse)
def regions_page(request: Request, actor: Actor = Depends(page_actor), db: Database = Depends(get_db)) -> Response:
    actor.require(Perm.REGION_READ)
    return render(request, "regions.html", actor=actor, regions=sc.list_regions(db),
                  can_import=actor.allowed(Perm.REGION_IMPORT))


@router.post("/bemanningssenter/import", dependencies=[Depends(csrf_protect)])
def import_page(
    request: Request, file: UploadFile = File(...), actor: Actor = Depends(page_actor), db: Database = Depends(get_db)
) -> Response:
    actor.require(Perm.REGION_IMPORT)
    try:
        imported = sc.region_from_zip(file.filename, file.file.read(sc.MAX_ZIP_BYTES + 1))
        sc.store_region(db, actor.username, imported)
    except (UserError, Problem) as exc:
        status, lines = _lines(request, exc)
        return render(request, "regions.html", status_code=status, actor=actor, regions=sc.list_regions(db),
                      can_import=True, errors=lines)
    return RedirectResponse(f"/bemanningssenter/{imported.region.id}", status_code=303)


def _page(request: Request, actor: Actor, db: Database, region_id: str, filters: sc.Filters,
          status_code: int = 200, **values: Any) -> HTMLResponse:
    cache = sc.region_cache(request.app.state)
    state = sc.load_state(db, cache, region_id)
    sc.check_filters(state, filters)
    base = state.base
    pool = state.pool
    places = sc.open_place_rows(state, filters)
    scope = actor.agency_units()
    assessments, total_assessments = sc.preassessment_rows(state, cache, filters, db, MAX_ASSESSMENTS, units=scope)
    calendar = sc.pool_calendar(state, filters)
    names = {e.id: e.name for e in base.region.pool.employees}
    period = base.problem.ctx.period
    dates = [{"iso": d, "day": d[8:], "wd": WEEKDAYS[dt.date.fromisoformat(d).weekday()]} for d in calendar["dates"]]
    return render(
        request, "staffing_centre.html", status_code=status_code, actor=actor, state=state, filters=filters,
        query=_query(filters), period=period, places=places[:MAX_ROWS], more_places=max(0, len(places) - MAX_ROWS),
        assessments=assessments, more_assessments=max(0, total_assessments - len(assessments)),
        calendar=calendar, dates=dates, names=names, weekday=lambda iso: WEEKDAYS[dt.date.fromisoformat(iso).weekday()],
        units=[(r.id, base.units[r.id].name) for r in base.region.unit_refs()],
        groups=sorted({p.group for p in base.places}),
        group_names={g.id: g.name for u in base.units.values() for g in u.groups},
        competences=sorted({c for r in base.region.unit_refs() for c in r.required_competences}),
        totals={"open": sum(p.count for p in base.places), "pool": len(pool.placements),
                "agency": sum(pool.agency.values()), "hours": pool.agency_minutes / 60},
        can_place=actor.allowed(Perm.POOL_PLACE), can_decide=actor.allowed(Perm.AGENCY_APPROVE),
        agency_scope=None if scope is None else sorted(scope & set(base.refs)), **values,
    )


@router.get("/bemanningssenter/{region_id}", response_class=HTMLResponse)
def region_page(
    region_id: str, request: Request, actor: Actor = Depends(page_actor), db: Database = Depends(get_db)
) -> Response:
    actor.require(Perm.REGION_READ)
    return _page(request, actor, db, region_id, _filters(request), done=request.query_params.get("done"))


@router.post("/bemanningssenter/{region_id}/place", dependencies=[Depends(csrf_protect)])
def place_page(
    region_id: str,
    request: Request,
    version: int = Form(0),
    employee_id: str = Form(""),
    place: str = Form(""),
    back: str = Form(""),
    actor: Actor = Depends(page_actor),
    db: Database = Depends(get_db),
) -> Response:
    """``place`` is ``unit|date|shift|group`` of the open place; ``back`` the page's filter query."""
    actor.require(Perm.POOL_PLACE)
    filters = _filters_from(back)
    try:
        unit_id, date, shift, group = _place(place)
        sc.place(db, sc.region_cache(request.app.state), actor.username, region_id, version, employee_id[:64],
                 unit_id, date, shift, group)
    except (Problem, repo.NotFound, repo.VersionConflict) as exc:
        status, lines = _lines(request, exc)
        return _page(request, actor, db, region_id, filters, status_code=status, errors=lines)
    return RedirectResponse(f"/bemanningssenter/{region_id}?{_with_done(back, 'placed')}", status_code=303)


@router.post("/bemanningssenter/{region_id}/unplace", dependencies=[Depends(csrf_protect)])
def unplace_page(
    region_id: str,
    request: Request,
    version: int = Form(0),
    employee_id: str = Form(""),
    date: str = Form(""),
    back: str = Form(""),
    actor: Actor = Depends(page_actor),
    db: Database = Depends(get_db),
) -> Response:
    actor.require(Perm.POOL_PLACE)
    filters = _filters_from(back)
    try:
        day = _date("date", date)
        if day is None:
            raise Problem(422, "web_bad_date_field", field="date", value="")
        sc.unplace(db, sc.region_cache(request.app.state), actor.username, region_id, version, employee_id[:64], day)
    except (Problem, repo.NotFound, repo.VersionConflict) as exc:
        status, lines = _lines(request, exc)
        return _page(request, actor, db, region_id, filters, status_code=status, errors=lines)
    return RedirectResponse(f"/bemanningssenter/{region_id}?{_with_done(back, 'removed')}", status_code=303)


@router.post("/bemanningssenter/{region_id}/decide", dependencies=[Depends(csrf_protect)])
def decide_page(
    region_id: str,
    request: Request,
    place: str = Form(""),
    decision: str = Form(""),
    reason: str = Form(""),
    back: str = Form(""),
    actor: Actor = Depends(page_actor),
    db: Database = Depends(get_db),
) -> Response:
    actor.require(Perm.AGENCY_APPROVE)
    filters = _filters_from(back)
    try:
        unit_id, date, shift, group = _place(place)
        sc.require_agency_unit(db, actor.username, actor.agency_units(), region_id, unit_id, date, shift, group)
        sc.decide(db, sc.region_cache(request.app.state), actor.username, region_id, unit_id, date, shift, group,
                  decision, reason[:4000])
    except (Problem, repo.NotFound) as exc:
        if isinstance(exc, Problem) and exc.status == 403:
            raise  # another unit's place: the error page says why, nothing of the region is shown
        status, lines = _lines(request, exc)
        return _page(request, actor, db, region_id, filters, status_code=status, errors=lines, failed_place=place)
    return RedirectResponse(f"/bemanningssenter/{region_id}?{_with_done(back, 'decided')}", status_code=303)


def _place(value: str) -> tuple[str, dt.date, str, str]:
    parts = value.split("|")
    if len(parts) != 4:
        raise Problem(422, "web_bad_date_field", field="place", value=value[:40])
    date = _date("date", parts[1])
    assert date is not None
    return parts[0][:64], date, parts[2][:64], parts[3][:64]


def _filters_from(back: str) -> sc.Filters:
    from urllib.parse import parse_qs

    q = {k: v[0] for k, v in parse_qs(back[:500]).items()}
    try:
        return sc.Filters(_date("from", q.get("from")), _date("to", q.get("to")), q.get("group"), q.get("competence"),
                          q.get("unit"))
    except Problem:
        return sc.Filters()


def _with_done(back: str, done: str) -> str:
    query = _query(_filters_from(back))
    return f"{query}&done={done}" if query else f"done={done}"
