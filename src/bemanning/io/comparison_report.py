"""Scenario comparison outputs: comparison.csv, comparison.xlsx and comparison.html (offline charts)."""

from __future__ import annotations

import csv
import html
from pathlib import Path

import plotly.graph_objects as go
from openpyxl import Workbook
from openpyxl.styles import Font

from bemanning.model.costs_result import CoverSource
from bemanning.planning.chain import COMPARISON_COLUMNS, ChainResult

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
}


def write_comparison_csv(results: list[ChainResult], path: Path) -> Path:
    with path.open("w", newline="", encoding="utf-8") as handle:
        writer = csv.DictWriter(handle, fieldnames=list(COMPARISON_COLUMNS))
        writer.writeheader()
        for result in results:
            writer.writerow(result.row())
    return path


def write_comparison_excel(results: list[ChainResult], path: Path,
                           group_names: dict[str, str] | None = None) -> Path:
    names = group_names or {}
    book = Workbook()
    sheet = book.active
    assert sheet is not None
    sheet.title = "Sammenligning"
    sheet.append([LABELS[c] for c in COMPARISON_COLUMNS] + ["Bemanningssenter, kr/år", "Turnusstatus"])
    for result in results:
        row = result.row()
        sheet.append([row[c] for c in COMPARISON_COLUMNS]
                     + [round(result.annual_cover(CoverSource.POOL)), result.roster_status])
    groups = book.create_sheet("Årsverk per gruppe")
    groups.append(["Scenario", "Yrkesgruppe", "Årsverksbehov (inkl. fravær)", "Årsverk i stillinger", "Gap"])
    for result in results:
        for g in result.groups():
            groups.append([result.scenario, names.get(g.group, g.group), round(g.fte_need, 2),
                           round(g.fte_current, 2), round(g.fte_need - g.fte_current, 2)])
    for ws in (sheet, groups):
        for cell in ws[1]:
            cell.font = Font(bold=True)
        for column in ws.columns:
            letter = column[0].column_letter
            ws.column_dimensions[letter].width = max(12, min(40, max(len(str(c.value or "")) for c in column) + 2))
        ws.freeze_panes = "B2"
    book.save(path)
    return path


def _figures(results: list[ChainResult], names: dict[str, str]) -> list[go.Figure]:
    scenarios = [r.scenario for r in results]
    costs = go.Figure()
    for label, values in (
        ("Egne ansatte", [r.cost_own_staff for r in results]),
        ("Overtid", [r.annual_cover(CoverSource.OVERTIME) for r in results]),
        ("Bemanningssenter", [r.annual_cover(CoverSource.POOL) for r in results]),
        ("Innleie", [r.annual_cover(CoverSource.AGENCY) for r in results]),
    ):
        costs.add_bar(name=label, x=scenarios, y=values)
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
    shifts.add_bar(name="Udekkede vakter", x=scenarios, y=[r.uncovered_shifts for r in results])
    shifts.update_layout(barmode="group", title="Turnus: helger, langvakter og udekkede vakter")
    return [costs, fte, gaps, shifts]


def comparison_html(results: list[ChainResult], title: str, group_names: dict[str, str] | None = None) -> str:
    figures = _figures(results, group_names or {})
    # plotly.js is embedded once (first chart) so the page opens offline.
    charts = "".join(
        fig.to_html(include_plotlyjs=(i == 0), full_html=False) for i, fig in enumerate(figures)
    )
    head = "".join(f"<th>{html.escape(LABELS[c])}</th>" for c in COMPARISON_COLUMNS)
    body = ""
    for result in results:
        row = result.row()
        cells = "".join(
            f"<td>{html.escape(str(row[c]))}</td>" for c in COMPARISON_COLUMNS
        )
        body += f"<tr>{cells}</tr>"
    return f"""<!doctype html>
<html lang="no"><head><meta charset="utf-8"><title>{html.escape(title)}</title>
<style>body{{font-family:system-ui,sans-serif;max-width:80rem;margin:2rem auto;padding:0 1rem}}
table{{border-collapse:collapse}}td,th{{border:1px solid #ccc;padding:.25rem .5rem;text-align:right}}
td:first-child,th:first-child{{text-align:left}}</style></head>
<body><h1>{html.escape(title)}</h1>
<p>Kostnader er per år med tillegg og sosiale kostnader; udekkede vakter og sykefravær dekkes med
overtid, bemanningssenter eller innleie (billigste lovlige). Årsverk inkluderer rom for fravær.</p>
<table><thead><tr>{head}</tr></thead><tbody>{body}</tbody></table>
{charts}
</body></html>
"""


def write_comparison_html(results: list[ChainResult], path: Path, title: str,
                          group_names: dict[str, str] | None = None) -> Path:
    path.write_text(comparison_html(results, title, group_names), encoding="utf-8")
    return path


def write_comparison(results: list[ChainResult], folder: Path, title: str,
                     group_names: dict[str, str] | None = None) -> list[Path]:
    folder.mkdir(parents=True, exist_ok=True)
    return [
        write_comparison_csv(results, folder / "comparison.csv"),
        write_comparison_excel(results, folder / "comparison.xlsx", group_names),
        write_comparison_html(results, folder / "comparison.html", title, group_names),
    ]
