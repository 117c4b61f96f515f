"""The unit report: one page a unit manager can read (and print), built from the chain's results.

``build_unit_report`` takes what the demo chain keeps in ``DemoContext.results`` (task sharing, activity
plan, requirement, FTE, roster, costs, scenarios, follow-up) and the files it wrote; each number a
manager may question links to the file it comes from. Words are Norwegian (bokmål), numbers are
formatted by ``bemanning.i18n.number``; internal ids and solver words never reach the page.
"""

from __future__ import annotations

import csv
import datetime as dt
from collections import defaultdict
from collections.abc import Iterable
from pathlib import Path
from typing import Any

from bemanning import i18n
from bemanning.i18n import has, label, number, t
from bemanning.model import DayType, Unit
from bemanning.model.rule_texts import rule_label

from .charts import PALETTE, Series, bar_chart, heat_table, legend_items
from .document import Cell, Chart, Document, Legend, Para, Section, Table

LANG = "no"
DAY_TYPES = (DayType.WEEKDAY, DayType.SATURDAY, DayType.SUNDAY)

# Files each section links to (relative to the report's folder).
F_ALLOCATION = "oppgavedeling/allocation.csv"
F_ACTIVITY = "oppgavedeling/activity_plan.csv"
F_TS_BOOK = "oppgavedeling/oppgavedeling.xlsx"
F_REQUIREMENT = "bemanningsplan/requirement.csv"
F_FTE = "bemanningsplan/fte.csv"
F_ROSTER = "turnus/roster.csv"
F_COVERAGE = "turnus/coverage.csv"
F_COSTS = "kostnader/costs.csv"
F_COST_SUMMARY = "kostnader/cost_summary.json"
F_COMPARISON = "scenarioer/comparison.csv"
F_FOLLOWUP = "oppfolging/oppfolging.xlsx"

# The comparison's columns as a reader names them (comparison.csv keeps the stable English names).
COMPARISON_LABELS: dict[str, tuple[str, int]] = {  # column: (label, decimals)
    "fte_need": ("Årsverksbehov, med rom for fravær", 1),
    "fte_current": ("Årsverk i stillinger", 1),
    "uncovered_shifts": ("Udekkede vakter per turnusperiode", 0),
    "hard_violations": ("Brudd på absolutte regler", 0),
    "weekends_per_employee": ("Helger per ansatt per turnusperiode", 1),
    "long_shift_share": ("Andel langvakter", -1),  # -1: a share shown as per cent
    "avg_position_pct": ("Gjennomsnittlig stillingsprosent", 0),
    "cost_own_staff_nok": ("Egne ansatte, kr per år", 0),
    "cost_overtime_nok": ("Overtid, kr per år", 0),
    "cost_agency_nok": ("Innleie, kr per år", 0),
    "cost_total_nok": ("Sum lønnskostnad, kr per år", 0),
    "agency_hours": ("Innleie, timer per år", 0),
    "below_minimum_places": ("Plasser under minimum per turnusperiode", 0),
    "unfilled_at_agency_nok": ("Udekkede plasser priset som innleie, kr per år", 0),
    "seeds": ("Antall kjøringer (frø)", 0),
}
# Spread columns another step may add (``<column>_<suffix>``): shown beside the value, never as ids.
SPREAD_SUFFIXES = ("min", "max", "sd", "std", "spread", "p10", "p90", "lo", "hi", "low", "high")

SHORT_INTERVALS = {"anytime": "Uten fast tid", "weekday_daytime": "Dagtid hverdager", "07-09": "07–09",
                   "09-12": "09–12", "12-15": "12–15", "15-18": "15–18", "18-22": "18–22", "22-07": "22–07"}
BUDGET_KEYS = ("base_pay", "allowances", "social_cost", "overtime", "pool", "agency")
BAND_LABELS = {"evening_night": "Kvelds- og nattillegg", "weekend": "Helgetillegg",
               "public_holiday": "Helligdagstillegg"}
STATUS_TEXT = {
    "optimal": "beste mulige turnus funnet",
    "feasible": "lovlig turnus funnet (kan trolig forbedres med mer regnetid)",
    "given": "turnusen er gitt og kontrollert",
    "unknown": "ingen lovlig turnus funnet innen regnetiden",
    "infeasible": "reglene kan ikke holdes samtidig",
}


def nok(value: float) -> str:
    return i18n.nok(value, LANG)


def num(value: float, decimals: int = 1) -> str:
    return number(value, decimals, LANG)


def signed(value: float, decimals: int = 1) -> str:
    """A difference: "+1,2", "-0,6", "0,0" (``i18n.number`` with its sign)."""
    return number(value, decimals, LANG, sign=True)


def n(value: float, href: str | None = None, decimals: int = 1, tone: str = "") -> Cell:
    return Cell(num(value, decimals), href=href, numeric=True, tone=tone)  # type: ignore[arg-type]


def money(value: float, href: str | None = None, unit: bool = True) -> Cell:
    return Cell(nok(value) if unit else number(round(value), 0, LANG), href=href, numeric=True)


def shift_label(unit: Unit, code: str) -> str:
    shift = next((s for s in unit.shift_types if s.code == code), None)
    return f"{code} ({shift.name})" if shift is not None and shift.name != code else code


def group_name(unit: Unit, group: str) -> str:
    return next((g.name for g in unit.groups if g.id == group), group)


# --- sections --------------------------------------------------------------------------------------


def unit_section(unit: Unit, results: dict[str, Any]) -> Section:
    org = unit.organisation
    path = " › ".join(p for p in (org.region, org.trust, org.clinic, unit.name) if p)
    fte = sum(e.fte for e in unit.employees)
    rows = []
    for g in unit.groups_by_rank():
        staff = [e for e in unit.employees if e.group == g.id]
        if not staff:
            continue
        rows.append([Cell(g.name), n(len(staff), "unit.yaml", 0), n(sum(e.fte for e in staff), None, 1),
                     n(100 * sum(e.fte for e in staff) / len(staff), None, 0)])
    blocks: list[Any] = [
        Para(f"{path}. {unit.activity.beds} senger, {len(unit.groups)} yrkesgrupper, {len(unit.tasks)} kartlagte "
             f"oppgaver, {len(unit.shift_types)} vakttyper, {len(unit.employees)} ansatte i {num(fte)} årsverk.",
             kind="lead"),
        Table(["Yrkesgruppe", "Ansatte", "Årsverk i stillinger", "Snitt stillingsprosent"], rows,
              source="unit.yaml",
              foot=[Cell("Sum"), n(len(unit.employees), None, 0), n(fte), n(
                  100 * fte / len(unit.employees) if unit.employees else 0, None, 0)]),
    ]
    roster = results.get("roster")
    if roster is not None:
        blocks.append(Para(
            f"Turnusperioden er {roster.days // 7} uker fra {roster.start_date:%d.%m.%Y} til "
            f"{roster.end_date:%d.%m.%Y}. Vakttyper: "
            + ", ".join(f"{s.code} {s.name} {s.start:%H:%M}–{s.end:%H:%M}" for s in unit.shift_types) + "."))
    return Section("Enheten", "enhet", blocks)


def tasksharing_section(unit: Unit, results: dict[str, Any]) -> Section | None:
    result = results.get("allocation_result")
    if result is None:
        return None
    blocks: list[Any] = []
    c = result.comparison
    if result.allocation is None:
        blocks.append(Para("Oppgavene kunne ikke fordeles: " + "; ".join(result.explanation_text(LANG)), kind="warn"))
        return Section("Oppgavedeling", "oppgavedeling", blocks)
    if c is not None:
        groups = [g for g in unit.groups_by_rank() if c.hours_as_is.get(g.id) or c.hours_to_be.get(g.id)]
        rows = []
        for g in groups:
            before, after = c.hours_as_is.get(g.id, 0.0), c.hours_to_be.get(g.id, 0.0)
            freed = before - after
            rows.append([Cell(g.name), n(before, F_ALLOCATION), n(after, F_ALLOCATION),
                         Cell(signed(-freed), href=F_ALLOCATION, numeric=True),
                         Cell(num(freed) if freed > 0.05 else "–", numeric=True, tone="minus" if freed > 0.05 else "")])
        blocks.append(Para(
            "Oppgavene fordeles på gruppen med riktig kompetanse. Sykepleierne frigjør "
            f"{num(c.freed_nurse_hours)} timer per uke ({num(100 * c.freed_nurse_share, 0)} % av sykepleiernes "
            "oppgavetid), omtrent "
            f"{num(c.freed_nurse_fte)} årsverk à {num(c.weekly_hours_basis)} timer per uke "
            f"– {rule_label(c.weekly_hours_rule, LANG).lower()}.", kind="lead"))
        blocks.append(Table(["Yrkesgruppe", "Timer per uke i dag", "Timer per uke etter", "Endring",
                             "Frigjort"], rows, caption="Oppgavetid per yrkesgruppe", source=F_ALLOCATION))
        series = [Series("I dag", [c.hours_as_is.get(g.id, 0.0) for g in groups], PALETTE[0]),
                  Series("Etter oppgavedeling", [c.hours_to_be.get(g.id, 0.0) for g in groups], PALETTE[1])]
        blocks.append(Chart(bar_chart([g.name for g in groups], series), "Timer per uke med kartlagte oppgaver",
                            legend_items(series)))
        before, after = c.patients_per_nurse_as_is, c.patients_per_nurse_to_be
        if before is not None and after is not None:
            blocks.append(Para(
                f"Pasienter per sykepleier som samtidig er opptatt med kartlagte oppgaver: {num(before)} i dag, "
                f"{num(after)} etter. Tallet stiger fordi sykepleierne bruker færre timer på oppgaver andre kan "
                "gjøre; det betyr ikke at hver sykepleier får ansvar for flere pasienter. Gevinsten kommer bare "
                "hvis den frigjorte tiden planlegges brukt, for eksempel til pasientnært arbeid eller mindre "
                "innleie.", kind="note"))
    needs = result.training_needs
    if needs:
        rows = [[Cell(group_name(unit, need.group)), Cell(need.task_name), Cell(need.training),
                 n(need.hours_per_week, F_ALLOCATION)] for need in needs]
        blocks.append(Table(["Yrkesgruppe", "Oppgave", "Opplæring", "Timer per uke"], rows,
                            caption="Opplæringsbehov før oppgavene flyttes", source=F_ALLOCATION))
    else:
        blocks.append(Para("Ingen opplæring trengs før oppgavene flyttes."))
    return Section("Oppgavedeling", "oppgavedeling", blocks)


def activity_section(unit: Unit, results: dict[str, Any]) -> Section | None:
    from bemanning.model import TimeInterval

    plan = results.get("activity_plan")
    if plan is None:
        return None
    groups = [g for g in unit.groups_by_rank() if plan.hours(group=g.id) > 0]
    intervals = list(TimeInterval)
    blocks: list[Any] = [Para(
        "Timer arbeid per døgn i hvert tidsrom, per yrkesgruppe (døgnrytmeplanen etter oppgavedeling). "
        "Mørkere felt betyr flere timer. «Uten fast tid» er oppgaver som kan gjøres når som helst i døgnet; "
        "«Dagtid hverdager» kan gjøres når som helst på dagtid.")]
    for day in DAY_TYPES:
        values = [[plan.hours(group=g.id, interval=i, day_type=day) for i in intervals] for g in groups]
        blocks.append(Chart(heat_table([g.name for g in groups], [SHORT_INTERVALS[i.value] for i in intervals],
                                       values, corner=label("daytype", day, LANG).capitalize()),
                            f"Varmekart, {label('daytype', day, LANG)}: timer per døgn"))
    blocks.append(Para("Kilde:", href=F_ACTIVITY, kind="note"))
    return Section("Aktivitet gjennom døgnet", "aktivitet", blocks)


def day_type_of(date: dt.date, holidays: frozenset[dt.date], with_holiday: bool) -> DayType:
    if date in holidays:
        return DayType.HOLIDAY if with_holiday else DayType.SUNDAY
    return (DayType.SATURDAY if date.weekday() == 5 else DayType.SUNDAY if date.weekday() == 6
            else DayType.WEEKDAY)


def requirement_section(unit: Unit, results: dict[str, Any]) -> Section | None:
    from bemanning.planning.costing import public_holidays

    requirement = results.get("requirement")
    roster = results.get("roster")
    if requirement is None:
        return None
    group_of = {e.id: e.group for e in unit.employees}
    planned: dict[tuple[DayType, str, str], int] = defaultdict(int)
    days: dict[DayType, int] = defaultdict(int)
    if roster is not None:
        holidays = public_holidays(range(roster.start_date.year, roster.end_date.year + 1))
        with_holiday = any(r.day_type == DayType.HOLIDAY for r in requirement.rows)
        for date in roster.dates():
            days[day_type_of(date, holidays, with_holiday)] += 1
        for a in roster.assignments:
            key = (day_type_of(a.date, holidays, with_holiday), a.shift_code, group_of.get(a.employee_id, ""))
            planned[key] += 1
    rows = []
    for g in unit.groups_by_rank():
        for s in unit.shift_types:
            cells = [Cell(g.name), Cell(shift_label(unit, s.code))]
            found = False
            for day in DAY_TYPES:
                req = [r for r in requirement.rows if r.group == g.id and r.shift == s.code and r.day_type == day]
                need, minimum = sum(r.required for r in req), sum(r.minimum for r in req)
                have = planned.get((day, s.code, g.id), 0) / days[day] if days.get(day) else None
                found = found or bool(req) or bool(have)
                cells.append(Cell(f"{need} ({minimum})" if req else "–", href=F_REQUIREMENT if req else None,
                                  numeric=True))
                tone = ""
                if have is not None and req:
                    tone = "red" if have + 1e-9 < minimum else "amber" if have + 1e-9 < need else ""
                cells.append(Cell(num(have) if have is not None else "–", href=F_ROSTER if have else None,
                                  numeric=True, tone=tone))  # type: ignore[arg-type]
            if found:
                rows.append(cells)
    head = ["Yrkesgruppe", "Vakt"]
    for day in DAY_TYPES:
        word = label("daytype", day, LANG)
        head += [f"{word.capitalize()}: behov (min.)", f"{word.capitalize()}: planlagt"]
    blocks: list[Any] = [
        Para("Behov er hoder per vakt etter bemanningsplanen, med faglig forsvarlig minimum i parentes. Planlagt i "
             "snitt er hoder av gruppen selv som turnusen setter på vakten, i gjennomsnitt over dagene av samme type "
             "i turnusperioden. Rødt: snittet er under minimum. Gult: under behovet, men minst minimum. En gruppe "
             "med høyere kompetanse kan dekke en plass; åpne plasser etter det står under «Dekning»."),
        Table(head, rows, source=F_REQUIREMENT, compact=True),
        Para("Planlagte vakter:", href=F_ROSTER, kind="note"),
    ]
    return Section("Behov mot bemanning per vakt og dagtype", "behov", blocks)


def fte_section(unit: Unit, results: dict[str, Any]) -> Section | None:
    fte = results.get("fte")
    if fte is None:
        return None
    rows = []
    for r in fte.rows:
        tone = "plus" if r.gap_fte > 0.05 else "minus" if r.gap_fte < -0.05 else ""
        meaning = "mangel" if r.gap_fte > 0.05 else "overskudd" if r.gap_fte < -0.05 else "i balanse"
        rows.append([Cell(group_name(unit, r.group)), n(r.weekly_hours, F_FTE), n(r.fte_need, F_FTE, 2),
                     n(100 * r.unavailability, F_FTE, 0), n(r.fte_need_with_absence, F_FTE, 2),
                     n(r.fte_current, F_FTE, 2),
                     Cell(f"{signed(r.gap_fte, 2)} ({meaning})", href=F_FTE, numeric=True, tone=tone),  # type: ignore[arg-type]
                     Cell(signed(r.gap_hours_per_year, 0), href=F_FTE, numeric=True)])
    need = sum(r.fte_need_with_absence for r in fte.rows)
    current = sum(r.fte_current for r in fte.rows)
    gap = sum(r.gap_fte for r in fte.rows)
    foot = [Cell("Sum"), Cell(""), n(sum(r.fte_need for r in fte.rows), F_FTE, 2), Cell(""), n(need, F_FTE, 2),
            n(current, F_FTE, 2), Cell(signed(gap, 2), href=F_FTE, numeric=True),
            Cell(signed(sum(r.gap_hours_per_year for r in fte.rows), 0), numeric=True)]
    groups = [group_name(unit, r.group) for r in fte.rows]
    series = [Series("Behov med rom for fravær", [r.fte_need_with_absence for r in fte.rows], PALETTE[0]),
              Series("Årsverk i stillinger", [r.fte_current for r in fte.rows], PALETTE[2])]
    blocks: list[Any] = [
        Para(f"Årsverksbehovet er {num(need)} årsverk med rom for fravær, mot {num(current)} årsverk i stillinger "
             f"i dag. Gap = behov med rom for fravær minus årsverk i stillinger: et positivt tall (+) betyr "
             f"mangel – flere årsverk trengs enn enheten har, og avstanden dekkes i dag av overtid, "
             f"bemanningssenter eller innleie. Et negativt tall (-) betyr overskudd – flere årsverk i stillinger "
             f"enn behovet. Ett årsverk regnes som {num(fte.fte_year_hours, 0)} timer per år; hver gruppe regnes "
             f"med sin egen ukentlige arbeidstid.", kind="lead"),
        Table(["Yrkesgruppe", "Timer per uke", "Behov uten fravær", "Fravær %", "Behov med fravær",
               "Stillinger", "Gap (+ mangel, - overskudd)", "Gap, timer per år"], rows, source=F_FTE, foot=foot,
              compact=True),
        Chart(bar_chart(groups, series), "Årsverk per yrkesgruppe", legend_items(series)),
    ]
    return Section("Årsverk: behov, stillinger og gap", "arsverk", blocks)


def coverage_section(unit: Unit, results: dict[str, Any]) -> Section | None:
    result = results.get("roster_result")
    roster = results.get("roster")
    if result is None or roster is None:
        return None
    report = result.report
    blocks: list[Any] = []
    status = result.status
    if status in ("unknown", "infeasible"):
        blocks.append(Para(f"Turnusen: {STATUS_TEXT[status]}. Tallene under er ikke en lovlig turnus.", kind="warn"))
    weeks = (roster.days + 6) // 7
    codes = [s.code for s in unit.shift_types]
    missing: dict[tuple[int, str], int] = defaultdict(int)
    below: dict[tuple[int, str], int] = defaultdict(int)
    for p in report.uncovered:
        week = (dt.date.fromisoformat(p.date) - roster.start_date).days // 7
        missing[(week, p.shift)] += p.missing
        below[(week, p.shift)] += p.below_minimum
    used = [c for c in codes if any(missing.get((w, c)) for w in range(weeks))] or codes
    rows = []
    for w in range(weeks):
        start = roster.start_date + dt.timedelta(days=7 * w)
        cells = [Cell(f"Uke {start.isocalendar().week} ({start:%d.%m.})")]
        for code in used:
            m, b = missing.get((w, code), 0), below.get((w, code), 0)
            tone = "red" if b else "amber" if m else "green"
            text = f"{m} ({b} under min.)" if b else str(m) if m else "0"
            cells.append(Cell(text, href=F_COVERAGE if m else None, numeric=True, tone=tone))  # type: ignore[arg-type]
        total = sum(missing.get((w, c), 0) for c in codes)
        cells.append(Cell(str(total), href=F_COVERAGE if total else None, numeric=True))
        rows.append(cells)
    below_total = report.below_minimum_places
    open_total = report.uncovered_places
    blocks += [
        Para(f"Turnusen dekker ikke {open_total} plasser i perioden ({weeks} uker): {below_total} av dem er under "
             f"faglig forsvarlig minimum (rødt), {open_total - below_total} er under behovet, men over minimum (gult). "
             f"Åpne plasser må dekkes med overtid, bemanningssenter eller innleie. Turnusen bryter "
             f"{len(report.hard)} absolutte regler (arbeidsmiljøloven kap. 10 og avtaler). Status: "
             f"{STATUS_TEXT.get(status, status)}.", kind="lead"),
        Legend([("#fde4e4", "Under minimum"), ("#fff1d6", "Under behovet"), ("#e6f4e7", "Dekket")]),
        Table(["Uke", *(shift_label(unit, c) for c in used), "Sum"], rows,
              caption="Åpne plasser per uke og vakt", source=F_COVERAGE),
    ]
    return Section("Dekning i turnusperioden", "dekning", blocks)


def costs_section(unit: Unit, results: dict[str, Any]) -> Section | None:
    from bemanning.io.cost_report import cost_rows
    from bemanning.model.costs_result import CoverSource

    own = results.get("roster_cost")
    if own is None:
        return None
    cover = results.get("cover_cost")
    budget = results.get("salary_budget")
    total = next(r for r in cost_rows(own) if r["level"] == "total")
    weeks = own.days // 7
    rows = [[Cell("Grunnlønn egne ansatte"), money(total["base_pay"], F_COSTS)]]
    for band, text in BAND_LABELS.items():
        rows.append([Cell(text), money(total[f"allowance_{band}"], F_COSTS)])
    if total["overtime_premium"]:
        rows.append([Cell("Overtidstillegg i turnusen"), money(total["overtime_premium"], F_COSTS)])
    rows.append([Cell("Sosiale kostnader"), money(total["social_cost"], F_COSTS)])
    rows.append([Cell("Egne ansatte i alt"), money(total["total"], F_COSTS)])
    sum_all = total["total"]
    if cover is not None:
        for source, text in ((CoverSource.OVERTIME, "Overtid for åpne plasser og fravær"),
                             (CoverSource.POOL, "Bemanningssenter"), (CoverSource.AGENCY, "Innleie fra byrå"),
                             (CoverSource.UNFILLED, "Under minimum uten lovlig dekning (priset)")):
            if source is CoverSource.UNFILLED:
                if cover.count(source) and not cover.cost(source):
                    rows.append([Cell(f"Under minimum uten lovlig dekning: {num(cover.hours(source), 0)} timer, ikke "
                                      "priset – må løses før turnusen tas i bruk"), Cell("–", numeric=True)])
                if not cover.cost(source):
                    continue
            rows.append([Cell(f"{text} ({num(cover.hours(source), 0)} timer)"), money(cover.cost(source),
                                                                                       F_COST_SUMMARY)])
            sum_all += cover.cost(source)
    blocks: list[Any] = [
        Para(f"Kostnaden for turnusperioden ({weeks} uker): egne ansatte etter turnusen, og dekning av åpne plasser "
             "og forventet sykefravær med den billigste lovlige blandingen av overtid, bemanningssenter og innleie. "
             "Beløpene er med tillegg og sosiale kostnader.", kind="lead"),
        Table(["Post", "Kroner i perioden"], rows, caption=f"Kostnad i turnusperioden ({weeks} uker)",
              source=F_COSTS, foot=[Cell("Sum"), money(sum_all)]),
    ]
    parts = [(label_, float(total[key])) for label_, key in (
        ("Grunnlønn", "base_pay"), ("Tillegg", "_allowances"), ("Sosiale kostnader", "social_cost"))
        if key != "_allowances"]
    parts.insert(1, ("Tillegg", sum(float(total[f"allowance_{b}"]) for b in BAND_LABELS)))
    if cover is not None:
        parts += [("Overtid", cover.cost(CoverSource.OVERTIME)), ("Bemanningssenter", cover.cost(CoverSource.POOL)),
                  ("Innleie", cover.cost(CoverSource.AGENCY))]
    series = [Series("Kroner i perioden", [v for _, v in parts], PALETTE[0])]
    blocks.append(Chart(bar_chart([p for p, _ in parts], series, fmt=lambda v: nok(v)),
                        "Kostnad i turnusperioden per post"))
    if budget is not None:
        rows = []
        for line in budget.lines:
            rows.append([Cell(group_name(unit, line.group)), n(line.fte, F_COST_SUMMARY, 2),
                         *(money(getattr(line, k), F_COST_SUMMARY, False) for k in BUDGET_KEYS),
                         money(line.total, F_COST_SUMMARY, False)])
        foot = [Cell("Sum"), n(sum(line.fte for line in budget.lines), None, 2),
                *(money(sum(getattr(line, k) for line in budget.lines), None, False) for k in BUDGET_KEYS),
                money(budget.total, F_COST_SUMMARY, False)]
        blocks.append(Table(["Yrkesgruppe", "Årsverk", "Grunnlønn", "Tillegg", "Sosiale kostnader", "Overtid",
                             "Bemannings­senter", "Innleie", "Sum"], rows,
                            caption=f"Lønnsbudsjett {budget.year} per yrkesgruppe, kroner per år",
                            source=F_COST_SUMMARY, foot=foot, compact=True))
    return Section("Kostnader", "kostnader", blocks)


def read_comparison(path: Path) -> list[dict[str, str]]:
    """comparison.csv as rows of text; any extra columns (e.g. spread) are kept."""
    if not path.exists():
        return []
    with path.open(encoding="utf-8", newline="") as handle:
        return list(csv.DictReader(handle))


def _float(text: str | None) -> float | None:
    try:
        return float(text) if text not in (None, "") else None
    except ValueError:
        return None


def _format_metric(value: float, decimals: int) -> str:
    if decimals == -1:
        return i18n.percent(value, 0, LANG, share=True)
    return num(value, decimals)


def spread_text(row: dict[str, str], column: str, decimals: int) -> str:
    """The spread of ``column`` from columns ``<column>_<suffix>``: "min–max" or "± sd" (tolerant)."""
    values = {s: _float(row.get(f"{column}_{s}")) for s in SPREAD_SUFFIXES}
    low = next((values[s] for s in ("min", "p10", "lo", "low") if values[s] is not None), None)
    high = next((values[s] for s in ("max", "p90", "hi", "high") if values[s] is not None), None)
    if low is not None and high is not None:
        if _format_metric(low, decimals) == _format_metric(high, decimals):
            return ""  # no spread to show (one run, or every run the same)
        return f"{_format_metric(low, decimals)}–{_format_metric(high, decimals)}"
    sd = next((values[s] for s in ("sd", "std", "spread") if values[s] is not None), None)
    if sd is not None:
        return f"± {_format_metric(sd, decimals)}"
    return ""


def verdict_text(code: str | None) -> str:
    """A verdict column's value against the baseline in words ('' for the baseline itself or none)."""
    import bemanning.io.comparison_report  # noqa: F401 - registers the verdict words

    if not code or code == "baseline" or not has(f"cmp_verdict_{code}"):
        return ""
    return t(f"cmp_verdict_{code}", LANG)


def scenarios_section(unit: Unit, out: Path, results: dict[str, Any]) -> Section | None:
    rows = read_comparison(out / F_COMPARISON)
    if not rows:
        return None
    statuses = {r.scenario: r.roster_status for r in results.get("scenario_results") or []}
    baseline = None
    scenario_set = results.get("scenarios")
    if scenario_set is not None:
        baseline = scenario_set.baseline.name
    names = [r.get("scenario", "") for r in rows]
    columns = [c for c in COMPARISON_LABELS if c in rows[0]]
    has_spread = any(spread_text(r, c, d) for r in rows for c, (_, d) in COMPARISON_LABELS.items())
    table_rows = []
    for column in columns:
        text, decimals = COMPARISON_LABELS[column]
        cells = [Cell(text)]
        for r in rows:
            value = _float(r.get(column))
            shown = _format_metric(value, decimals) if value is not None else "–"
            spread = spread_text(r, column, decimals)
            verdict = verdict_text(r.get(f"{column}_verdict"))
            tone = {"better": "minus", "worse": "plus"}.get(r.get(f"{column}_verdict") or "", "")
            cells.append(Cell(shown + (f"\n({spread})" if spread else "") + (f"\n{verdict}" if verdict else ""),
                              href=F_COMPARISON, numeric=True, tone=tone))  # type: ignore[arg-type]
        table_rows.append(cells)
    head = ["Nøkkeltall", *(f"{name} (utgangspunkt)" if name == baseline else name for name in names)]
    blocks: list[Any] = [
        Para("Hele kjeden (oppgavedeling, bemanningsplan, turnus og kostnad) er kjørt for hvert scenario med "
             "samme regler. Kostnader er per år med tillegg og sosiale kostnader.", kind="lead"),
        Table(head, table_rows, source=F_COMPARISON, compact=len(names) > 3),
    ]
    if has_spread:
        blocks.append(Para("Tall i parentes er spredningen mellom gjentatte kjøringer med ulike frø (laveste–høyeste, "
                           "eller ± standardavvik): jo større spredning, jo mer usikkert er tallet. Et tiltak er "
                           "«bedre» eller «dårligere» enn utgangspunktet bare når hele spredningen ligger på samme "
                           "side.", kind="note"))
    elif max((_float(r.get("seeds")) or 1.0 for r in rows), default=1.0) > 1:
        blocks.append(Para("Tallene var like i alle kjøringene (ingen spredning).", kind="note"))
    else:
        blocks.append(Para("Hvert scenario er kjørt én gang; spredning mellom kjøringer er ikke beregnet.",
                           kind="note"))
    bad = [r.get("scenario", "") for r in rows
           if statuses.get(r.get("scenario", "")) in ("unknown", "infeasible") or r.get("comparable") == "false"]
    if bad:
        blocks.append(Para("Uten lovlig turnus, tallene er ikke sammenlignbare: " + ", ".join(bad) + ".", kind="warn"))
    costs = [(_float(r.get("cost_total_nok")) or 0.0) / 1e6 for r in rows]
    need = [_float(r.get("fte_need")) or 0.0 for r in rows]
    current = [_float(r.get("fte_current")) or 0.0 for r in rows]
    fte_series = [Series("Årsverksbehov", need, PALETTE[0]), Series("Årsverk i stillinger", current, PALETTE[2])]
    blocks += [Chart(bar_chart(names, fte_series), "Årsverk per scenario", legend_items(fte_series)),
               Chart(bar_chart(names, [Series("Sum lønnskostnad", costs, PALETTE[1])],
                               fmt=lambda v: f"{num(v, 1)} mill. kr"), "Sum lønnskostnad per år, millioner kroner")]
    papers = sorted(p.name for p in (out / "scenarioer").glob("konsekvenser_*.pdf"))
    if papers:
        blocks.append(Para("Personellmessige konsekvenser av hvert tiltak, som vedlegg til styresak:"))
        blocks.append(Table(["Vedlegg"], [[Cell(p, href=f"scenarioer/{p}")] for p in papers], compact=True))
    return Section("Scenarioer side om side", "scenarioer", blocks)


MONTHS = ("januar", "februar", "mars", "april", "mai", "juni", "juli", "august", "september", "oktober",
          "november", "desember")


def month_name(month: str) -> str:
    """ "2026-03" → "mars 2026" (anything else unchanged)."""
    try:
        year, number_ = month.split("-")
        return f"{MONTHS[int(number_) - 1]} {year}"
    except (ValueError, IndexError):
        return month


def followup_section(unit: Unit, results: dict[str, Any]) -> Section | None:
    followup = results.get("followup")
    if followup is None:
        return None
    frame = followup.levels.get("enhet")
    if frame is None or "enhet_id" not in frame.columns:
        return None
    mine = frame.filter(frame["enhet_id"] == unit.id).sort("maned")
    if mine.height == 0:
        return Section("Oppfølging", "oppfolging", [Para(
            "Styringsdataene har ingen rader for denne enheten.", kind="note")])
    last = mine.tail(12)
    kpis = [("brutto_manedsverk", "Brutto månedsverk", 1), ("innleie_timer", "Innleie, timer", 0),
            ("innleie_nok", "Innleie, kr", 0), ("overtid_andel_pct", "Overtid, % av timer", 1),
            ("sykefravaer_pct", "Sykefravær %", 1), ("lonn_avvik_pct", "Lønn mot budsjett %", 1)]
    kpis = [k for k in kpis if k[0] in last.columns]
    rows = []
    for record in last.iter_rows(named=True):
        cells = [Cell(month_name(str(record["maned"])))]
        for column, _, decimals in kpis:
            value = record.get(column)
            shown = "–" if value is None else nok(value) if column.endswith("_nok") else num(value, decimals)
            cells.append(Cell(shown, href=F_FOLLOWUP, numeric=True))
        rows.append(cells)
    first, final = month_name(str(last["maned"][0])), month_name(str(last["maned"][-1]))
    blocks: list[Any] = [
        Para(f"Styringsdata for {unit.name}, {first} til {final}: månedsverk, innleie, overtid, sykefravær og lønn "
             "mot budsjett.", kind="lead"),
        Para("Merk: dette er syntetiske styringsdata laget av programmet i enhetens størrelse, ikke faktiske tall. "
             "Egne tall fra lønn, GAT og regnskap leses inn med «bemanning followup» (se dokumentasjonen).",
             kind="warn"),
        Table(["Måned", *(text for _, text, _ in kpis)], rows, source=F_FOLLOWUP, compact=True),
    ]
    if "sykefravaer_pct" in last.columns:
        values = [float(v or 0.0) for v in last["sykefravaer_pct"].to_list()]
        series = [Series("Sykefravær %", values, PALETTE[5])]
        blocks.append(Chart(bar_chart([month_name(str(m)) for m in last["maned"].to_list()], series),
                            "Sykefravær per måned, prosent"))
    return Section("Oppfølging av enheten", "oppfolging", blocks)


def files_section(outputs: Iterable[Any], out: Path) -> Section:
    rows = []
    for step in outputs:
        files = [f for f in step.files if (out / f.rstrip("/")).exists()]
        for i, f in enumerate(files):
            rows.append([Cell(step.title if i == 0 else ""), Cell(f, href=f)])
    blocks: list[Any] = [Table(["Del", "Fil"], rows, compact=True)] if rows else []
    blocks.append(Para("Alle filer ligger i samme mappe som denne siden; tallene i rapporten lenker til filen de "
                       "kommer fra.", kind="note"))
    return Section("Filer", "filer", blocks)


def build_unit_report(unit: Unit, out: Path, results: dict[str, Any], outputs: Iterable[Any] = ()) -> Document:
    sections = [
        unit_section(unit, results),
        tasksharing_section(unit, results),
        activity_section(unit, results),
        requirement_section(unit, results),
        fte_section(unit, results),
        coverage_section(unit, results),
        costs_section(unit, results),
        scenarios_section(unit, out, results),
        followup_section(unit, results),
        files_section(outputs, out),
    ]
    org = unit.organisation
    return Document(
        title=f"Bemanningsrapport – {unit.name}",
        subtitle=" › ".join(p for p in (org.trust, org.clinic) if p),
        sections=[s for s in sections if s is not None],
        links=[("rapport.pdf", "Rapporten som PDF"), ("unit.yaml", "Enhetsfilen")],
        footer="Laget med bemanning. Tall er avrundet; kildene er filene det lenkes til. Lovhenvisninger står i "
               "regelsettet (bemanning regler).",
    )
