"""The files of a region solve. Everything but ``timings.json`` is the same whichever runner ran it."""

from __future__ import annotations

import csv
import datetime as dt
import html
import json
from collections import defaultdict
from pathlib import Path
from typing import Any

from bemanning.i18n import date, label, number, register, t, yes_no
from bemanning.model import Unit
from bemanning.model.region import RegionFile
from bemanning.planning.costing import agency_shift_price, public_holidays
from bemanning.planning.pool import region_period
from bemanning.planning.preassessment import Assessment, detail_text
from bemanning.runtime.region import RegionResult

from .roster_csv import write_roster_csv

register(
    {
        "pa_title": {"no": "Forhåndsvurdering før innleie", "en": "Pre-assessment before agency hire"},
        "pa_intro": {
            "no": "Innleie besluttes på nivå 2 etter en forhåndsvurdering av andre mulige løsninger. "
                  "For hver vakt som fortsatt går til innleie er de interne alternativene prøvd i rekkefølge.",
            "en": "Agency hire is decided at level 2 after a prior assessment of other possible solutions. "
                  "For every place still going to agency the internal options were tried in order.",
        },
        "pa_opt_extra_shift": {"no": "Ekstravakt egne ansatte", "en": "Own staff's extra shift"},
        "pa_opt_larger_position": {"no": "Deltid opp til ønsket stilling", "en": "Part-timer up to wished position"},
        "pa_opt_overtime": {"no": "Overtid", "en": "Overtime"},
        "pa_opt_pool": {"no": "Bemanningssenteret", "en": "Staffing-centre pool"},
        "pa_opt_swap": {"no": "Bytte av vakt", "en": "Shift swap"},
        "pa_opt_agency": {"no": "Innleie", "en": "Agency"},
        "pa_possible": {"no": "mulig", "en": "possible"},
        "pa_no_staff": {"no": "ingen egne ansatte i gruppen", "en": "no own staff in the group"},
        "pa_rules": {"no": "arbeidstidsregler brytes", "en": "working-time rules broken"},
        "pa_hours": {"no": "stillingens timer er brukt opp", "en": "the position's hours are used up"},
        "pa_no_wish": {"no": "ingen deltidsansatte ønsker større stilling",
                       "en": "no part-timer wishes a larger position"},
        "pa_rules_or_hours": {"no": "regler eller ønsket stilling", "en": "rules or wished position"},
        "pa_rules_or_overtime": {"no": "regler eller overtidsgrensen", "en": "rules or the overtime limit"},
        "pa_pool_empty": {"no": "bemanningssenteret har ingen ansatte", "en": "the pool has no employees"},
        "pa_pool_none": {
            "no": "ingen i bemanningssenteret kan (tillatelse, kompetanse, opplæring, regler)",
            "en": "no one in the pool can (permission, competence, orientation, rules)",
        },
        "pa_no_surplus": {"no": "ingen vakt med overbemanning samme dag", "en": "no over-staffed shift that day"},
        "pa_place": {"no": "Enhet {unit}, {date}, vakt {shift}, gruppe {group}: {heads} person(er), {hours} t",
                     "en": "Unit {unit}, {date}, shift {shift}, group {group}: {heads} head(s), {hours} h"},
        "pa_cols": {"no": "Nr.|Alternativ|Mulig|Begrunnelse|Hvem / regel og §|Kostnad (kr)",
                    "en": "No.|Option|Possible|Reason|Who / rule and §|Cost (NOK)"},
        "pa_agency_cost": {"no": "Innleiekostnad: {cost} kr per person", "en": "Agency cost: {cost} NOK per head"},
        "pa_recommendation": {"no": "Anbefaling: {option}", "en": "Recommendation: {option}"},
        "pa_none": {"no": "Ingen vakter går til innleie.", "en": "No place goes to agency."},
    }
)

POOL_ROSTER_COLUMNS = ["employee_id", "unit_id", "date", "shift_code", "start", "end", "group"]
SUMMARY_FILES = ("pool_roster.csv", "agency_need.csv", "forhandsvurdering.csv", "forhandsvurdering.html",
                 "region_summary.json", "rollup.csv")


def _write_csv(path: Path, columns: list[str], rows: list[dict[str, Any]]) -> None:
    with path.open("w", newline="", encoding="utf-8") as handle:
        writer = csv.DictWriter(handle, fieldnames=columns, lineterminator="\n")
        writer.writeheader()
        writer.writerows(rows)


def _money(value: float | None) -> str:
    return "" if value is None else f"{value:.2f}"


def write_region_outputs(region: RegionFile, units: dict[str, Unit], result: RegionResult, out: Path) -> None:
    out.mkdir(parents=True, exist_ok=True)
    period = region_period(region)
    holidays = public_holidays(range(period.start.year, period.end.year + 1))
    place_of = region.place_of()

    for uid, outcome in result.units.items():
        folder = out / "units" / uid
        folder.mkdir(parents=True, exist_ok=True)
        write_roster_csv(outcome.roster, units[uid], folder / "roster.csv")

    rows = []
    pool_hours: dict[tuple[str, str], float] = defaultdict(float)
    pool_cost: dict[tuple[str, str], float] = defaultdict(float)
    for p in result.pool.placements:
        shift = units[p.unit_id].shift_type(p.shift)
        start = dt.datetime.combine(p.date, shift.start)
        end = start + dt.timedelta(minutes=shift.duration_minutes)
        rows.append({"employee_id": p.employee_id, "unit_id": p.unit_id, "date": p.date.isoformat(),
                     "shift_code": p.shift, "start": start.isoformat(timespec="minutes"),
                     "end": end.isoformat(timespec="minutes"), "group": p.group})
        pool_hours[(p.unit_id, p.group)] += shift.working_hours
        pool_cost[(p.unit_id, p.group)] += region.pool.hourly_price.get(p.group, 0.0) * shift.working_hours
    rows.sort(key=lambda r: (r["date"], r["unit_id"], r["shift_code"], r["employee_id"]))
    # `group`: the open place's group (a pool employee may fill a place of a group they outrank).
    _write_csv(out / "pool_roster.csv", POOL_ROSTER_COLUMNS, rows)

    open_heads: dict[tuple[str, str], int] = defaultdict(int)
    open_hours: dict[tuple[str, str], float] = defaultdict(float)
    for place in result.places:
        open_heads[(place.unit_id, place.group)] += place.count
        open_hours[(place.unit_id, place.group)] += place.count * place.minutes / 60
    agency_heads: dict[tuple[str, str], int] = defaultdict(int)
    agency_hours: dict[tuple[str, str], float] = defaultdict(float)
    agency_cost: dict[tuple[str, str], float] = defaultdict(float)
    for (uid, day, code, group), heads in result.pool.agency.items():
        unit = units[uid]
        shift = unit.shift_type(code)
        priced = unit.model_copy(update={"costs": unit.costs.model_copy(
            update={"agency": region.agency, "agency_allowed": True})})
        price = agency_shift_price(priced, period.start + dt.timedelta(days=day), shift, group, holidays) or 0.0
        agency_heads[(uid, group)] += heads
        agency_hours[(uid, group)] += heads * shift.working_hours
        agency_cost[(uid, group)] += heads * price
    need_rows = []
    for uid, group in sorted(agency_heads):
        trust, clinic = place_of[uid]
        need_rows.append({"unit_id": uid, "clinic_id": clinic.id, "trust_id": trust.id, "group": group,
                          "places": agency_heads[(uid, group)], "hours": f"{agency_hours[(uid, group)]:.2f}",
                          "cost_nok": _money(agency_cost[(uid, group)])})
    _write_csv(out / "agency_need.csv",
               ["unit_id", "clinic_id", "trust_id", "group", "places", "hours", "cost_nok"], need_rows)

    _write_assessments(result.assessments, out)

    # Roll-up: unit → clinic → trust → region.
    keys = set(open_heads) | set(pool_hours) | set(agency_heads)
    levels: dict[tuple[str, str], dict[str, float]] = {}
    order: list[tuple[str, str]] = []
    for ref in region.unit_refs():
        trust, clinic = place_of[ref.id]
        for level in (("unit", ref.id), ("clinic", clinic.id), ("trust", trust.id), ("region", region.id)):
            if level not in levels:
                levels[level] = defaultdict(float)
                order.append(level)
            acc = levels[level]
            for k in keys:
                if k[0] != ref.id:
                    continue
                acc["open_places"] += open_heads.get(k, 0)
                acc["open_hours"] += open_hours.get(k, 0.0)
                acc["pool_hours"] += pool_hours.get(k, 0.0)
                acc["pool_cost_nok"] += pool_cost.get(k, 0.0)
                acc["agency_places"] += agency_heads.get(k, 0)
                acc["agency_hours"] += agency_hours.get(k, 0.0)
                acc["agency_cost_nok"] += agency_cost.get(k, 0.0)
    roll = []
    metrics = ["open_places", "open_hours", "pool_hours", "pool_cost_nok", "agency_places", "agency_hours",
               "agency_cost_nok"]
    for level in sorted(order, key=lambda lv: ["region", "trust", "clinic", "unit"].index(lv[0])):
        acc = levels[level]
        row: dict[str, Any] = {"level": level[0], "id": level[1]}
        for m in metrics:
            row[m] = int(acc[m]) if m.endswith("places") else f"{acc[m]:.2f}"
        row["cost_nok"] = f"{acc['pool_cost_nok'] + acc['agency_cost_nok']:.2f}"
        roll.append(row)
    _write_csv(out / "rollup.csv", ["level", "id", *metrics, "cost_nok"], roll)

    pool = result.pool
    summary = {
        "region": region.id,
        "period": {"start": period.start.isoformat(), "end": period.end.isoformat()},
        "units": {uid: {"status": o.status, "open_places": sum(p.missing for p in o.uncovered),
                        "hard_violations": o.hard_violations} for uid, o in sorted(result.units.items())},
        "pool": {
            "status": pool.status,
            "gap": None if pool.gap is None else round(pool.gap, 6),
            "objective": pool.objective,
            "bound": pool.bound,
            "open_places": sum(p.count for p in result.places),
            "placed": len(pool.placements),
            "agency_places": sum(pool.agency.values()),
            "agency_hours": round(pool.agency_minutes / 60, 2),
            "agency_hours_lower_bound": None if pool.agency_minutes_bound is None
            else round(pool.agency_minutes_bound / 60, 2),
            "overtime_hours": round(pool.overtime_minutes / 60, 2),
            "travel_unit_weeks": pool.travel,
            "rule_violations": pool.violations,
        },
        "totals": {k: v for k, v in roll[0].items() if k not in ("level", "id")} if roll else {},
        "recommendations": _count(a.recommendation for a in result.assessments),
    }
    (out / "region_summary.json").write_text(json.dumps(summary, ensure_ascii=False, indent=2) + "\n",
                                             encoding="utf-8")


def _count(items: Any) -> dict[str, int]:
    out: dict[str, int] = defaultdict(int)
    for i in items:
        out[i] += 1
    return dict(sorted(out.items()))


# The pre-assessment's columns: codes and plain numbers for programs (stable, language-neutral), then
# the same in words for a reader (Norwegian by default; see docs/region.md).
ASSESSMENT_COLUMNS = ["unit_id", "date", "shift_code", "group", "heads", "hours", "order", "option", "possible",
                      "reason", "detail", "cost_nok", "agency_cost_nok", "recommendation",
                      "alternativ", "mulig", "begrunnelse", "detaljer", "anbefaling"]


def _write_assessments(assessments: list[Assessment], out: Path, lang: str | None = None) -> None:
    rows = []
    for a in assessments:
        for order, v in enumerate(a.verdicts, start=1):
            rows.append({"unit_id": a.unit_id, "date": a.date.isoformat(), "shift_code": a.shift, "group": a.group,
                         "heads": a.heads, "hours": f"{a.hours:.2f}", "order": order, "option": v.option,
                         "possible": "yes" if v.possible else "no", "reason": v.reason, "detail": v.detail,
                         "cost_nok": _money(v.cost), "agency_cost_nok": _money(a.agency_cost),
                         "recommendation": a.recommendation,
                         "alternativ": label("pa_opt", v.option, lang), "mulig": yes_no(v.possible, lang),
                         "begrunnelse": t(v.reason, lang), "detaljer": detail_text(v.detail, lang),
                         "anbefaling": label("pa_opt", a.recommendation, lang)})
    _write_csv(out / "forhandsvurdering.csv", ASSESSMENT_COLUMNS, rows)
    (out / "forhandsvurdering.html").write_text(assessment_html(assessments, lang), encoding="utf-8")


def _kroner(value: float | None, lang: str | None) -> str:
    return "–" if value is None else number(value, 0, lang)


def assessment_html(assessments: list[Assessment], lang: str | None = None) -> str:
    """A printable page: one block per place, the options in order with reason and cost."""
    esc = html.escape
    cols = t("pa_cols", lang).split("|")
    parts = [
        "<!doctype html><html lang='nb'><head><meta charset='utf-8'>",
        f"<title>{esc(t('pa_title', lang))}</title>",
        "<style>body{font-family:sans-serif;font-size:11pt;margin:1.5cm}table{border-collapse:collapse;"
        "width:100%;margin-bottom:1em}td,th{border:1px solid #999;padding:3px 6px;text-align:left}"
        ".yes{color:#060;font-weight:bold}section{page-break-inside:avoid}"
        "@media print{body{margin:0}}</style></head><body>",
        f"<h1>{esc(t('pa_title', lang))}</h1><p>{esc(t('pa_intro', lang))}</p>",
    ]
    if not assessments:
        parts.append(f"<p>{esc(t('pa_none', lang))}</p>")
    for a in assessments:
        parts.append("<section><h2>" + esc(t("pa_place", lang, unit=a.unit_id, date=date(a.date, "day", lang),
                                                shift=a.shift, group=a.group, heads=a.heads,
                                                hours=number(a.hours, 1, lang))) + "</h2>")
        parts.append("<table><tr>" + "".join(f"<th>{esc(c)}</th>" for c in cols) + "</tr>")
        for i, v in enumerate(a.verdicts, start=1):
            cls = "yes" if v.possible else ""
            parts.append(
                f"<tr><td>{i}</td><td>{esc(t('pa_opt_' + v.option, lang))}</td>"
                f"<td class='{cls}'>{esc(yes_no(v.possible, lang))}</td>"
                f"<td>{esc(t(v.reason, lang))}</td><td>{esc(detail_text(v.detail, lang))}</td>"
                f"<td>{'' if v.cost is None else number(v.cost, 0, lang)}</td></tr>"
            )
        parts.append("</table>")
        parts.append(f"<p>{esc(t('pa_agency_cost', lang, cost=_kroner(a.agency_cost, lang)))}<br>"
                     f"<strong>{esc(t('pa_recommendation', lang, option=t('pa_opt_' + a.recommendation, lang)))}"
                     "</strong></p></section>")
    parts.append("</body></html>\n")
    return "".join(parts)


