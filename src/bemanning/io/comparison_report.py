"""Scenario comparison outputs: comparison.csv, comparison.xlsx and comparison.html (offline charts),
and the Norwegian texts every output shares (verdicts, flags, the long-shift note).

comparison.csv keeps stable English column names and codes (``planning.scenario_compare.CSV_COLUMNS``,
documented in docs/trust.md); the workbook, the page and the command line show Norwegian labels.
"""

from __future__ import annotations

import csv
import html
from pathlib import Path
from typing import Any

import plotly.graph_objects as go
from openpyxl import Workbook
from openpyxl.styles import Font

from bemanning.i18n import number, t
from bemanning.i18n import register as register_messages
from bemanning.model import Unit
from bemanning.model.costs_result import CoverSource
from bemanning.model.rule_texts import rule_label
from bemanning.planning.chain import ChainResult
from bemanning.planning.scenario_compare import (
    CSV_COLUMNS,
    FIGURES,
    RANKED,
    LongShiftNote,
    ScenarioOutcome,
    compare_runs,
)

# Norwegian labels for the workbook and the page (the CSV keeps the stable English column names).
LABELS: dict[str, str] = {
    "scenario": "Scenario",
    "fte_need": "Årsverksbehov (inkl. fravær)",
    "fte_current": "Årsverk i stillinger",
    "uncovered_shifts": "Udekkede vakter per turnusperiode",
    "hard_violations": "Brudd på harde regler",
    "weekends_per_employee": "Helger per ansatt per turnusperiode",
    "long_shift_share": "Andel langvakter",
    "avg_position_pct": "Gj.sn. stillingsprosent",
    "cost_own_staff_nok": "Egne ansatte, kr/år",
    "cost_overtime_nok": "Overtid, kr/år",
    "cost_agency_nok": "Innleie, kr/år",
    "cost_total_nok": "Sum lønnskostnad, kr/år",
    "agency_hours": "Innleie, timer/år",
    "below_minimum_places": "Plasser under minimum per turnusperiode",
    "penalty": "Straffepoeng (myke regler)",
    "unfilled_at_agency_nok": "Udekkede plasser priset som innleie, kr/år",
    "roster_status": "Turnusstatus",
    "comparable": "Sammenlignbar",
    "seeds": "Antall frø",
    "lawful_runs": "Frø med lovlig turnus",
    "work_budget": "Arbeidsbudsjett per turnus (enheter)",
    "long_shift_target": "Langvakter: ønsket andel",
    "long_shift_bound": "Langvakter: høyeste mulige andel",
    "long_shift_volunteers": "Langvakter: ansatte som kan ta dem",
    "long_shift_limited_by": "Langvakter: begrenset av",
    "capped_runs": "Kjøringer avbrutt av tidsgrensen",
}
for _f in FIGURES:
    LABELS[f"{_f.key}_min"] = f"{LABELS[_f.key]}, laveste over frø"
    LABELS[f"{_f.key}_max"] = f"{LABELS[_f.key]}, høyeste over frø"
for _f in RANKED:
    LABELS[f"{_f.key}_verdict"] = f"{LABELS[_f.key]}: mot utgangspunktet"

# The figures the printed table and the page show, with their spread and verdict.
SHOWN: tuple[str, ...] = ("uncovered_shifts", "below_minimum_places", "penalty", "fte_need", "cost_total_nok",
                          "cost_agency_nok", "unfilled_at_agency_nok")

register_messages({
    "cmp_verdict_baseline": {"no": "utgangspunkt", "en": "baseline"},
    "cmp_verdict_better": {"no": "bedre", "en": "better"},
    "cmp_verdict_worse": {"no": "dårligere", "en": "worse"},
    "cmp_verdict_no_sure_difference": {"no": "ingen sikker forskjell", "en": "no sure difference"},
    "cmp_verdict_not_comparable": {"no": "ikke sammenlignbar", "en": "not comparable"},
    "cmp_verdict_spread_unknown": {"no": "spredning ukjent (ett frø)", "en": "spread unknown (one seed)"},
    "cmp_flag_unknown": {
        "no": "OBS: ingen lovlig turnus innen arbeidsbudsjettet på {missing} av {seeds} frø – tallene er ikke "
              "sammenlignbare og rangeres ikke",
        "en": "NOTE: no lawful roster within the work budget on {missing} of {seeds} seeds – the figures are not "
              "comparable and are not ranked",
    },
    "cmp_flag_infeasible": {
        "no": "OBS: reglene kan ikke holdes samtidig – turnusen bryter dem; tallene er ikke sammenlignbare og "
              "rangeres ikke",
        "en": "NOTE: the rules cannot hold together – the roster breaks them; the figures are not comparable "
              "and are not ranked",
    },
    "cmp_flag_baseline": {
        "no": "Utgangspunktet «{name}» har ingen sammenlignbar turnus, så ingen tiltak rangeres",
        "en": "The baseline '{name}' has no comparable roster, so no measure is ranked",
    },
    "cmp_flag_capped": {
        "no": "{name}: tidsgrensen (sikkerhetsgrensen i sekunder) avbrøt søket på {capped} av {seeds} frø før "
              "arbeidsbudsjettet var brukt opp – disse tallene kan variere fra kjøring til kjøring",
        "en": "{name}: the time limit (the safety cap in seconds) cut the search short on {capped} of {seeds} seeds "
              "before the work budget was spent – these figures may vary from run to run",
    },
    "cmp_spread": {"no": "{value} ({low}–{high})", "en": "{value} ({low}–{high})"},
    "cmp_intro": {
        "no": "Hvert scenario har samme arbeidsbudsjett ({budget:p:enhet|enheter} per turnus) og er "
            "kjørt med {seeds} frø "
              "({first}–{last}). Tallet er kjøringen med midterste straffepoeng; i parentes laveste–høyeste over "
              "frøene. Et tiltak er «bedre» eller «dårligere» enn «{baseline}» bare når hele spredningen ligger "
              "under eller over utgangspunktets; ellers står det «ingen sikker forskjell».",
        "en": "Every scenario has the same work budget ({budget:p:unit|units} per roster) and ran with {seeds} seeds "
              "({first}–{last}). The figure is the run with the middle penalty; in brackets the lowest–highest "
              "over the seeds. A measure is 'better' or 'worse' than '{baseline}' only when its whole spread lies "
              "below or above the baseline's; otherwise it says 'no sure difference'.",
    },
    "cmp_intro_given": {
        "no": "Alle scenarioer er regnet på en gitt turnus; tallene har ingen spredning.",
        "en": "Every scenario is costed on a given roster; the figures have no spread.",
    },
    "cmp_table_title": {"no": "Scenarioer mot «{baseline}»", "en": "Scenarios against '{baseline}'"},
    "cmp_col_status": {"no": "Turnus", "en": "Roster"},
    "cmp_col_uncovered_shifts": {"no": "Udekkede plasser", "en": "Open places"},
    "cmp_col_below_minimum_places": {"no": "Under minimum", "en": "Below minimum"},
    "cmp_col_penalty": {"no": "Straffepoeng", "en": "Penalty"},
    "cmp_col_fte_need": {"no": "Årsverksbehov", "en": "FTE need"},
    "cmp_col_cost_total_nok": {"no": "Sum kr/år", "en": "Total NOK/year"},
    "cmp_col_cost_agency_nok": {"no": "Innleie kr/år", "en": "Agency NOK/year"},
    "cmp_col_unfilled_at_agency_nok": {"no": "Udekket som innleie kr/år", "en": "Open at agency NOK/year"},
    # --- long shifts -----------------------------------------------------------------------------
    "cmp_long_reached": {
        "no": "«{name}»: langvaktandelen ble {achieved} av ønsket {target}.",
        "en": "'{name}': the long-shift share became {achieved} of the wanted {target}.",
    },
    "cmp_long_not_reached": {
        "no": "«{name}»: langvaktandelen ble bare {achieved} av ønsket {target}. Hvorfor:",
        "en": "'{name}': the long-shift share became only {achieved} of the wanted {target}. Why:",
    },
    "cmp_long_unchanged": {
        "no": "Enheten tillot allerede dette: uten langvaktendringen har scenarioet samme langvaktregel og de "
              "samme frivillige, så endringen i seg selv endrer ingenting; forskjeller mot scenarioet uten den "
              "kommer fra de andre endringene eller fra søket.",
        "en": "The unit already allowed this: without the long-shift change the scenario has the same long-shift "
              "rule and the same volunteers, so the change itself changes nothing; differences against the "
              "scenario without it come from the other changes or from the search.",
    },
    "cmp_long_no_roster": {
        "no": "det finnes ingen lovlig turnus å måle andelen i (se merknaden om turnusstatus)",
        "en": "there is no lawful roster to measure the share in (see the note on the roster status)",
    },
    "cmp_long_no_long_shift": {
        "no": "enheten har ingen langvakt (ingen vakttype av typen langvakt)",
        "en": "the unit has no long shift type",
    },
    "cmp_long_no_volunteers": {
        "no": "ingen ansatte kan ta langvakter (regelen «{rule}» krever frivillige, eller vakttypene er ikke "
              "tillatt for dem)",
        "en": "no employee may work long shifts (the rule '{rule}' needs volunteers, or the shift types are not "
              "allowed to them)",
    },
    "cmp_long_few_volunteers": {
        "no": "for få frivillige: {volunteers} av {employees:p:ansatt|ansatte} kan ta langvakter "
            "(regelen «{rule}»), og "
              "selv om alle deres vakter ble langvakter, ville det bare være {share} av vaktene",
        "en": "too few volunteers: {volunteers} of {employees:p:employee|employees} may work long shifts (the rule "
              "'{rule}'), and even if all their shifts were long it would only be {share} of the shifts",
    },
    "cmp_long_limits": {
        "no": "grenser per person gir høyst {bound} langvakter: {limits}",
        "en": "per-person limits allow at most {bound} long shifts: {limits}",
    },
    "cmp_long_fills_no_place": {
        "no": "langvakten fyller ingen plass i bemanningsbehovet (behovet er satt i {shifts}, og langvakten er "
              "ikke satt opp til å dekke noen av dem), så den dekker ikke behovet; løseren bruker den bare der "
              "den hjelper på noe annet, f.eks. kontraktstimene",
        "en": "the long shift fills no place of the requirement (it is set in {shifts}, and the long shift is "
              "not set up to cover any of them), so it does not cover the requirement; the search uses it only "
              "where it helps with something else, e.g. contract hours",
    },
    "cmp_long_ceiling": {
        "no": "reglene tillater opptil {bound}, men andelen er et tak («{rule}»), ikke et krav: løseren legger "
              "langvakter bare der de gir en bedre turnus (dekning, hviletid, ønsker)",
        "en": "the rules allow up to {bound}, but the share is a ceiling ('{rule}'), not a demand: the search "
              "plans long shifts only where they make a better roster (cover, rest, wishes)",
    },
    "cmp_long_fte": {
        "no": "Årsverksbehovet regnes fra timene i bemanningsbehovet (plasser × betalte timer på vaktene behovet "
              "er satt i), ikke fra turnusen, og langvakter endrer ikke det behovet. Langvakter endrer derfor ikke "
              "årsverksbehovet i denne beregningen: forskjeller i årsverk mellom scenarioene kommer fra de andre "
              "endringene.",
        "en": "The FTE need is computed from the hours of the staffing requirement (places × paid hours of the "
              "shifts the requirement is set in), not from the roster, and long shifts do not change that "
              "requirement. So long shifts do not change the FTE need in this calculation: differences in FTE "
              "between the scenarios come from the other changes.",
    },
    "cmp_long_fte_cover": {
        "no": "En langvakt {code} ({hours} betalte timer) fyller en plass på hver av {covers} ({covered} betalte "
              "timer til sammen); den virker altså gjennom hvor mange plasser de samme ansatte rekker å dekke "
              "(overlappen ved vaktskiftet betales én gang), og det vises i udekkede plasser, overtid og innleie.",
        "en": "A long shift {code} ({hours} paid hours) fills one place on each of {covers} ({covered} paid hours "
              "together); it works through how many places the same staff can fill (the handover overlap is paid "
              "once), which shows in open places, overtime and agency hire.",
    },
})

LONG_RULE = "long_shift_volunteers_only"
SHARE_RULE = "long_shift_max_share"


def outcomes_of(results: list[ChainResult], baseline: str | None = None) -> list[ScenarioOutcome]:
    """Single-run outcomes (one seed or a given roster) of plain chain results."""
    if not results:
        return []
    return compare_runs({r.scenario: [r] for r in results}, baseline or results[0].scenario)


def verdict_label(code: str) -> str:
    return t(f"cmp_verdict_{code}")


def _pct(share: float) -> str:
    return f"{number(share * 100, 1)} %"


def _figure_text(outcome: ScenarioOutcome, key: str) -> str:
    spread = outcome.spreads[key]
    decimals = 2 if key == "fte_need" else 0
    value, low, high = (number(v, decimals) for v in (spread.value, spread.low, spread.high))
    if spread.low == spread.high:
        return value
    return t("cmp_spread", value=value, low=low, high=high)


def flag(outcome: ScenarioOutcome) -> str:
    """The warning a scenario without a lawful roster on every seed carries ('' when comparable)."""
    if outcome.comparable:
        return ""
    if outcome.status == "infeasible":
        return t("cmp_flag_infeasible")
    return t("cmp_flag_unknown", missing=len(outcome.runs) - outcome.lawful_runs, seeds=len(outcome.runs))


def intro(outcomes: list[ScenarioOutcome], baseline: str) -> str:
    if not outcomes:
        return ""
    first = outcomes[0]
    if first.representative.work_budget is None:
        return t("cmp_intro_given")
    seeds = first.seeds
    return t("cmp_intro", budget=number(first.representative.work_budget), seeds=len(seeds), first=seeds[0],
             last=seeds[-1], baseline=baseline)


def long_shift_lines(unit: Unit, outcome: ScenarioOutcome) -> list[str]:
    """Whether the long-shift share was reached, and if not why; and how long shifts enter the FTE need."""
    note = outcome.long_shifts
    if note is None:
        return []
    spread = _pct(note.achieved) if note.low == note.high else t(
        "cmp_spread", value=_pct(note.achieved), low=_pct(note.low), high=_pct(note.high))
    lines = [t("cmp_long_reached" if note.reached else "cmp_long_not_reached", name=outcome.scenario,
               achieved=spread, target=_pct(note.target))]
    lines += [f"– {_reason(unit, note, reason)}" for reason in note.reasons]
    if note.unchanged:
        lines.append(t("cmp_long_unchanged"))
    lines.append(t("cmp_long_fte"))
    for shift in unit.shift_types:
        if shift.is_long and shift.covers:
            covered = [unit.shift_type(c) for c in shift.covers]
            lines.append(t("cmp_long_fte_cover", code=shift.code, hours=number(shift.working_hours),
                           covers=", ".join(s.code for s in covered),
                           covered=number(sum(s.working_hours for s in covered))))
    return lines


def _reason(unit: Unit, note: LongShiftNote, reason: str) -> str:
    if reason == "few_volunteers":
        return t("cmp_long_few_volunteers", volunteers=note.volunteers, employees=note.employees,
                 rule=rule_label(LONG_RULE),
                 share=_pct(note.volunteer_share))
    if reason == "no_volunteers":
        return t("cmp_long_no_volunteers", rule=rule_label(LONG_RULE))
    if reason == "limits":
        limits = "; ".join(f"{reference} ({limit_id})" for limit_id, reference in note.limits)
        return t("cmp_long_limits", bound=_pct(note.bound), limits=limits)
    if reason == "fills_no_place":
        wanted = sorted({s.code for s in unit.shift_types if not s.is_long})
        return t("cmp_long_fills_no_place", shifts=", ".join(wanted))
    if reason == "ceiling":
        return t("cmp_long_ceiling", bound=_pct(min(note.bound, note.volunteer_share)), rule=rule_label(SHARE_RULE))
    return t(f"cmp_long_{reason}")


def notes(outcomes: list[ScenarioOutcome], units: dict[str, Unit] | None, baseline: str) -> list[str]:
    """Every note of the comparison, in order: the method, flags, long shifts."""
    out = [intro(outcomes, baseline)] if outcomes else []
    by_name = {o.scenario: o for o in outcomes}
    if baseline in by_name and not by_name[baseline].comparable:
        out.append(t("cmp_flag_baseline", name=baseline))
    for outcome in outcomes:
        if not outcome.comparable:
            out.append(f"{outcome.scenario}: {flag(outcome)}")
        if outcome.capped_runs:
            out.append(t("cmp_flag_capped", name=outcome.scenario, capped=outcome.capped_runs,
                         seeds=len(outcome.runs)))
    for outcome in outcomes:
        if units and outcome.scenario in units:
            out += long_shift_lines(units[outcome.scenario], outcome)
    return out


# --- comparison.csv ------------------------------------------------------------------------------


def write_comparison_csv(outcomes: list[ScenarioOutcome], path: Path) -> Path:
    with path.open("w", newline="", encoding="utf-8") as handle:
        writer = csv.DictWriter(handle, fieldnames=list(CSV_COLUMNS))
        writer.writeheader()
        for outcome in outcomes:
            writer.writerow(outcome.row())
    return path


def _readable(column: str, value: Any) -> Any:
    if column.endswith("_verdict") and value:
        return verdict_label(str(value))
    if column == "comparable":
        return t("yes") if value == "true" else t("no")
    return value


def write_comparison_excel(outcomes: list[ScenarioOutcome], path: Path, group_names: dict[str, str] | None = None,
                           notes_lines: list[str] | None = None) -> Path:
    names = group_names or {}
    book = Workbook()
    sheet = book.active
    assert sheet is not None
    sheet.title = "Sammenligning"
    sheet.append([LABELS[c] for c in CSV_COLUMNS] + ["Bemanningssenter, kr/år", "Merknad"])
    for outcome in outcomes:
        row = outcome.row()
        sheet.append([_readable(c, row[c]) for c in CSV_COLUMNS]
                     + [round(outcome.representative.annual_cover(CoverSource.POOL)), flag(outcome)])
    groups = book.create_sheet("Årsverk per gruppe")
    groups.append(["Scenario", "Yrkesgruppe", "Årsverksbehov (inkl. fravær)", "Årsverk i stillinger", "Gap"])
    for outcome in outcomes:
        for g in outcome.representative.groups():
            groups.append([outcome.scenario, names.get(g.group, g.group), round(g.fte_need, 2),
                           round(g.fte_current, 2), round(g.fte_need - g.fte_current, 2)])
    remarks = book.create_sheet("Merknader")
    remarks.append(["Merknad"])
    for line in notes_lines or []:
        remarks.append([line])
    for ws in (sheet, groups):
        for cell in ws[1]:
            cell.font = Font(bold=True)
        for column in ws.columns:
            letter = column[0].column_letter
            ws.column_dimensions[letter].width = max(12, min(40, max(len(str(c.value or "")) for c in column) + 2))
        ws.freeze_panes = "B2"
    remarks["A1"].font = Font(bold=True)
    remarks.column_dimensions["A"].width = 120
    book.save(path)
    return path


def _figures(outcomes: list[ScenarioOutcome], names: dict[str, str]) -> list[go.Figure]:
    results = [o.representative for o in outcomes]
    scenarios = [o.scenario for o in outcomes]
    costs = go.Figure()
    for label, values in (
        ("Egne ansatte", [r.cost_own_staff for r in results]),
        ("Overtid", [r.annual_cover(CoverSource.OVERTIME) for r in results]),
        ("Bemanningssenter", [r.annual_cover(CoverSource.POOL) for r in results]),
        ("Innleie", [r.annual_cover(CoverSource.AGENCY) for r in results]),
    ):
        costs.add_bar(name=label, x=scenarios, y=values)
    totals = [o.spreads["cost_total_nok"] for o in outcomes]
    costs.add_scatter(name="Sum, laveste–høyeste over frø", x=scenarios, y=[s.value for s in totals], mode="markers",
                      marker={"color": "black", "symbol": "line-ew-open", "size": 18},
                      error_y={"type": "data", "symmetric": False, "array": [s.high - s.value for s in totals],
                               "arrayminus": [s.value - s.low for s in totals]})
    costs.update_layout(barmode="stack", title="Lønnskostnad per år (kr)", yaxis_title="kr/år")
    fte = go.Figure()
    groups = list(dict.fromkeys(g.group for r in results for g in r.groups()))
    for group in groups:
        fte.add_bar(name=names.get(group, group), x=scenarios,
                    y=[next((g.fte_need for g in r.groups() if g.group == group), 0.0) for r in results])
    fte.add_scatter(name="Årsverk i stillinger", x=scenarios, y=[r.fte_current for r in results],
                    mode="markers", marker={"size": 14, "symbol": "diamond", "color": "black"})
    fte.update_layout(barmode="stack", title="Årsverksbehov per yrkesgruppe (inkl. fravær)", yaxis_title="årsverk")
    gaps = go.Figure()
    gaps.add_bar(name="Innleie, timer/år", x=scenarios, y=[r.annual_cover_hours(CoverSource.AGENCY) for r in results])
    gaps.add_bar(name="Overtid, timer/år", x=scenarios,
                 y=[r.annual_cover_hours(CoverSource.OVERTIME) for r in results])
    gaps.update_layout(barmode="group", title="Innleie og overtid (timer per år)", yaxis_title="timer/år")
    shifts = go.Figure()
    shifts.add_bar(name="Helger per ansatt", x=scenarios, y=[r.weekends_per_employee for r in results])
    shifts.add_bar(name="Langvakter (%)", x=scenarios, y=[r.long_shift_share * 100 for r in results])
    open_places = [o.spreads["uncovered_shifts"] for o in outcomes]
    shifts.add_bar(name="Udekkede vakter (laveste–høyeste over frø)", x=scenarios, y=[s.value for s in open_places],
                   error_y={"type": "data", "symmetric": False, "array": [s.high - s.value for s in open_places],
                            "arrayminus": [s.value - s.low for s in open_places]})
    shifts.update_layout(barmode="group", title="Turnus: helger, langvakter og udekkede vakter")
    return [costs, fte, gaps, shifts]


def comparison_html(outcomes: list[ScenarioOutcome], title: str, group_names: dict[str, str] | None = None,
                    notes_lines: list[str] | None = None) -> str:
    figures = _figures(outcomes, group_names or {})
    # plotly.js is embedded once (first chart) so the page opens offline.
    charts = "".join(
        fig.to_html(include_plotlyjs=(i == 0), full_html=False) for i, fig in enumerate(figures)
    )
    head = "".join(f"<th>{html.escape(h)}</th>" for h in
                   ["Scenario", t("cmp_col_status"), *(t(f"cmp_col_{k}") for k in SHOWN)])
    body = ""
    for outcome in outcomes:
        cells = [f"<td>{html.escape(outcome.scenario)}</td>"]
        warning = flag(outcome)
        status = html.escape(outcome.status) + (f'<br><strong class="flag">{html.escape(warning)}</strong>'
                                                if warning else "")
        cells.append(f"<td>{status}</td>")
        for key in SHOWN:
            verdict = outcome.verdicts.get(key, "")
            cells.append(f'<td>{html.escape(_figure_text(outcome, key))}<br>'
                         f'<small class="{html.escape(verdict)}">{html.escape(verdict_label(verdict))}</small></td>')
        body += f"<tr>{''.join(cells)}</tr>"
    paragraphs = "".join(f"<p>{html.escape(line)}</p>" for line in notes_lines or [])
    return f"""<!doctype html>
<html lang="no"><head><meta charset="utf-8"><title>{html.escape(title)}</title>
<style>body{{font-family:system-ui,sans-serif;max-width:80rem;margin:2rem auto;padding:0 1rem}}
table{{border-collapse:collapse}}td,th{{border:1px solid #ccc;padding:.25rem .5rem;text-align:right}}
td:first-child,th:first-child{{text-align:left}}.better{{color:#1a7f37}}.worse{{color:#b42318}}
.flag,.not_comparable{{color:#b42318}}</style></head>
<body><h1>{html.escape(title)}</h1>
<p>Kostnader er per år med tillegg og sosiale kostnader; udekkede vakter og sykefravær dekkes med
overtid, bemanningssenter eller innleie (billigste lovlige). Årsverk inkluderer rom for fravær.
«Udekket som innleie» er turnusens udekkede plasser priset til innleiepris (gruppens overtidslønn der
gruppen ikke har innleiepris).</p>
{paragraphs}
<table><thead><tr>{head}</tr></thead><tbody>{body}</tbody></table>
{charts}
</body></html>
"""


def write_comparison_html(outcomes: list[ScenarioOutcome], path: Path, title: str,
                          group_names: dict[str, str] | None = None, notes_lines: list[str] | None = None) -> Path:
    path.write_text(comparison_html(outcomes, title, group_names, notes_lines), encoding="utf-8")
    return path


def write_comparison(outcomes: list[ScenarioOutcome], folder: Path, title: str,
                     group_names: dict[str, str] | None = None, notes_lines: list[str] | None = None) -> list[Path]:
    folder.mkdir(parents=True, exist_ok=True)
    return [
        write_comparison_csv(outcomes, folder / "comparison.csv"),
        write_comparison_excel(outcomes, folder / "comparison.xlsx", group_names, notes_lines),
        write_comparison_html(outcomes, folder / "comparison.html", title, group_names, notes_lines),
    ]


def table_rows(outcomes: list[ScenarioOutcome]) -> list[list[str]]:
    """The printed table's rows: scenario, roster status (with the flag), then each shown figure as
    "value (low–high)" and its verdict on a second line."""
    rows = []
    for outcome in outcomes:
        warning = flag(outcome)
        status = outcome.status + (f"\n{warning}" if warning else "")
        rows.append([outcome.scenario, status, *(
            f"{_figure_text(outcome, k)}\n{verdict_label(outcome.verdicts.get(k, ''))}" for k in SHOWN)])
    return rows


def table_headers() -> list[str]:
    return ["Scenario", t("cmp_col_status"), *(t(f"cmp_col_{k}") for k in SHOWN)]
