"""The follow-up report: an Excel workbook, an offline HTML page with plotly charts, Parquet datasets.

The HTML embeds plotly.js once (no CDN) so the file opens on a hospital PC without internet.
Every output states the settings it used (FTE-year hours, denominators) and how many input rows
were read and rejected.
"""

from __future__ import annotations

import html
import time
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any, cast

import polars as pl

from bemanning.followup.kpi import LEVELS, MONTH_INDEX, all_levels, period_totals, unit_month_base
from bemanning.followup.loading import FollowupData
from bemanning.followup.settings import FollowupSettings
from bemanning.followup.sickleave import sick_leave_ranking
from bemanning.i18n import number

# The workbook keeps the KPIs people read; every base column is in the Parquet datasets.
EXCEL_KPIS = [
    "maned",
    "brutto_manedsverk",
    "netto_manedsverk",
    "innleie_timer",
    "innleie_manedsverk",
    "innleie_nok",
    "budsjett_innleie_nok",
    "innleie_avvik_nok",
    "innleie_avvik_pct",
    "lonn_nok",
    "budsjett_lonn_nok",
    "lonn_avvik_nok",
    "lonn_avvik_pct",
    "sum_avvik_nok",
    "sum_avvik_pct",
    "overtid_andel_pct",
    "variabel_lonn_andel_pct",
    "sykefravaer_pct",
    "sykefravaer_korttid_pct",
    "sykefravaer_langtid_pct",
    "sykefravaer_pct_12m",
    "sykefravaer_pct_endring",
    "innleie_nok_12m",
    "brutto_manedsverk_12m",
]
SHEET_TITLES = {"region": "Region", "foretak": "Foretak", "klinikk": "Klinikk", "enhet": "Enhet"}


@dataclass
class FollowupResult:
    settings: FollowupSettings
    levels: dict[str, pl.DataFrame]
    ranking: pl.DataFrame
    agency_by_profession: pl.DataFrame
    year_by_trust: pl.DataFrame
    row_counts: pl.DataFrame
    rejected: pl.DataFrame
    files: list[Path] = field(default_factory=list)
    seconds: dict[str, float] = field(default_factory=dict)
    """Wall-clock seconds spent writing each format: Excel and HTML cost far more than Parquet."""


def agency_by_profession(data: FollowupData, settings: FollowupSettings) -> pl.DataFrame:
    """Agency hours and NOK per trust, year and profession, with FTE = hours / (FTE-year × months / 12)."""
    agency = data.agency()
    if agency is None or agency.height == 0:
        return pl.DataFrame()
    frame = agency.join(data.organisation.select("enhet_id", "foretak", "region"), on="enhet_id")
    frame = frame.with_columns(pl.col("maned").str.slice(0, 4).alias("ar"))
    months = frame.group_by("ar").agg(pl.col("maned").n_unique().alias("_months"))
    out = (
        frame.group_by("region", "foretak", "ar", "yrkesgruppe")
        .agg(pl.col("timer").sum(), pl.col("kostnad_nok").sum())
        .join(months, on="ar")
    )
    return (
        out.with_columns(
            (pl.col("timer") / (settings.fte_year_hours * pl.col("_months") / 12)).alias("arsverk"),
        )
        .drop("_months")
        .sort("foretak", "ar", "yrkesgruppe")
    )


def compute(data: FollowupData, settings: FollowupSettings | None = None) -> FollowupResult:
    settings = settings or FollowupSettings()
    base = unit_month_base(data, settings)
    levels = all_levels(base, settings)
    last_months = base.filter(pl.col("_har_data") == 1)
    year_by_trust = pl.DataFrame()
    if last_months.height:
        last = int(cast(int, last_months[MONTH_INDEX].max()))
        window = base.filter(pl.col(MONTH_INDEX) > last - 12)
        year_by_trust = period_totals(window, ["region", "foretak"], settings)
    return FollowupResult(
        settings=settings,
        levels=levels,
        ranking=sick_leave_ranking(base, settings),
        agency_by_profession=agency_by_profession(data, settings),
        year_by_trust=year_by_trust,
        row_counts=data.row_counts(),
        rejected=data.rejected(),
    )


def _public(frame: pl.DataFrame) -> pl.DataFrame:
    return frame.drop([c for c in frame.columns if c.startswith("_")])


def write_parquet(result: FollowupResult, out: Path) -> list[Path]:
    folder = out / "parquet"
    folder.mkdir(parents=True, exist_ok=True)
    frames = {f"kpi_{level}_maned": _public(frame) for level, frame in result.levels.items()}
    frames |= {
        "sykefravaer_rangering": result.ranking,
        "innleie_yrkesgruppe": result.agency_by_profession,
        "siste_12_mnd_foretak": result.year_by_trust,
        "avviste_rader": result.rejected,
        "radtelling": result.row_counts,
    }
    paths = []
    for name, frame in frames.items():
        path = folder / f"{name}.parquet"
        frame.write_parquet(path)
        paths.append(path)
    return paths


def _write_sheet(workbook: Any, title: str, frame: pl.DataFrame) -> None:
    sheet = workbook.create_sheet(title[:31])
    sheet.append(frame.columns)
    for row in frame.iter_rows():
        sheet.append([round(v, 4) if isinstance(v, float) else v for v in row])


def write_excel(result: FollowupResult, path: Path) -> Path:
    from openpyxl import Workbook

    workbook = Workbook(write_only=True)
    readme = pl.DataFrame(
        {
            "innstilling": [k for k, _ in result.settings.as_rows()],
            "verdi": [str(v) for _, v in result.settings.as_rows()],
        }
    )
    _write_sheet(workbook, "Les meg", readme)
    _write_sheet(workbook, "Radtelling", result.row_counts)
    _write_sheet(workbook, "Siste 12 mnd foretak", _public(result.year_by_trust))
    for level in reversed(list(LEVELS)):
        keys = [c for c in LEVELS[level] if c != "region" or level == "region"]
        _write_sheet(workbook, SHEET_TITLES[level], result.levels[level].select(*keys, *EXCEL_KPIS))
    _write_sheet(workbook, "Sykefravær rangering", result.ranking)
    _write_sheet(workbook, "Innleie yrkesgruppe", result.agency_by_profession)
    _write_sheet(workbook, "Avviste rader", result.rejected)
    path.parent.mkdir(parents=True, exist_ok=True)
    workbook.save(path)
    return path


def _table_html(frame: pl.DataFrame, limit: int = 200) -> str:
    if frame.height == 0:
        return "<p>(ingen rader)</p>"
    head = "".join(f"<th>{html.escape(c)}</th>" for c in frame.columns)
    body = []
    for row in frame.head(limit).iter_rows():
        cells = "".join(
            f"<td>{html.escape(number(v, 1, 'no') if isinstance(v, float) else str(v))}</td>"
            for v in row
        )
        body.append(f"<tr>{cells}</tr>")
    more = f"<p>… {frame.height - limit} rader til (se Excel/Parquet)</p>" if frame.height > limit else ""
    return f"<table><thead><tr>{head}</tr></thead><tbody>{''.join(body)}</tbody></table>{more}"


def _charts(result: FollowupResult) -> list[str]:
    import plotly.graph_objects as go

    trusts = result.levels["foretak"].filter(pl.col("_har_data") == 1)
    specs = [
        ("innleie_nok", "Innleie, NOK per måned"),
        ("brutto_manedsverk", "Brutto månedsverk"),
        ("sykefravaer_pct_12m", "Sykefravær %, rullerende 12 måneder"),
        ("overtid_andel_pct", "Overtid, andel av brutto timer %"),
        (
            "innleie_avvik_pct",
            f"Innleie, avvik mot budsjett % (nevner: {result.settings.denominators.innleie})",
        ),
    ]
    figures = []
    for column, title in specs:
        figure = go.Figure()
        for (trust,), part in trusts.sort(MONTH_INDEX).group_by("foretak", maintain_order=True):
            figure.add_trace(
                go.Scatter(x=part["maned"].to_list(), y=part[column].to_list(), mode="lines", name=str(trust))
            )
        figure.update_layout(title=title, height=380, margin={"l": 50, "r": 20, "t": 50, "b": 40})
        figures.append(figure)
    if result.ranking.height:
        top = result.ranking.head(15)
        figure = go.Figure(
            go.Bar(
                x=top["overskudd_pp"].to_list(),
                y=[
                    f"{u} ({f})"
                    for u, f in zip(top["enhet"].to_list(), top["foretak"].to_list(), strict=True)
                ],
                orientation="h",
            )
        )
        figure.update_layout(
            title="Sykefravær over forventet (prosentpoeng)",
            height=480,
            yaxis={"autorange": "reversed"},
            margin={"l": 220, "r": 20, "t": 50, "b": 40},
        )
        figures.append(figure)
    # plotly.js is embedded once, in the first chart: the page works offline
    return [fig.to_html(include_plotlyjs=(i == 0), full_html=False) for i, fig in enumerate(figures)]


def write_html(result: FollowupResult, path: Path) -> Path:
    settings = result.settings
    counts = result.row_counts
    rejected_rows = int(counts["avvist"].sum()) if counts.height else 0
    trust_columns = [
        "foretak",
        "innleie_nok",
        "budsjett_innleie_nok",
        "innleie_avvik_nok",
        "innleie_avvik_pct",
        "lonn_nok",
        "budsjett_lonn_nok",
        "lonn_avvik_nok",
        "lonn_avvik_pct",
        "sum_avvik_nok",
        "sum_avvik_pct",
        "brutto_manedsverk",
        "innleie_manedsverk",
        "overtid_andel_pct",
        "variabel_lonn_andel_pct",
        "sykefravaer_korttid_pct",
        "sykefravaer_langtid_pct",
    ]
    year = (
        result.year_by_trust.select([c for c in trust_columns if c in result.year_by_trust.columns])
        if result.year_by_trust.height
        else result.year_by_trust
    )
    ranking = (
        result.ranking.select(
            "rang",
            "foretak",
            "klinikk",
            "enhet",
            "sykefravaer_pct",
            "forventet_pct",
            "overskudd_pp",
            "folges_opp",
        )
        if result.ranking.height
        else result.ranking
    )
    page = f"""<!doctype html>
<html lang="no"><head><meta charset="utf-8"><title>Oppfølging – styringsdata</title>
<style>body{{font-family:system-ui,sans-serif;max-width:80rem;margin:2rem auto;padding:0 1rem}}
table{{border-collapse:collapse;font-size:.85rem;margin:.5rem 0}}
td,th{{border:1px solid #ccc;padding:2px 6px}}
td{{text-align:right}}th{{background:#eef}}</style></head><body>
<h1>Oppfølging: innleie, månedsverk, overtid og sykefravær</h1>
<p>1 årsverk = {settings.fte_year_hours:g} timer; 1 månedsverk = {settings.fte_month_hours:g} timer.
Avvik i prosent bruker nevner {html.escape(settings.denominators.describe())}.
Sykefravær i % av avtalte timer (årsverk × {settings.fte_month_hours:g} t per måned).</p>
<h2>Innlesing</h2><p>{int(counts["lest"].sum()) if counts.height else 0} rader lest,
<strong>{rejected_rows} avvist</strong> (se «Avviste rader»).</p>{_table_html(counts)}
<h2>Siste 12 måneder per foretak</h2>{_table_html(year)}
<h2>Utvikling</h2>{"".join(_charts(result))}
<h2>Enheter med sykefravær over forventet</h2>
<p>Forventet = enhetens eget nivå før perioden + endringen hos kollegene (de andre enhetene i klinikken).
Enheter minst {settings.sick_leave_flag_pp:g} prosentpoeng over forventet følges opp.</p>
{_table_html(ranking, 30)}
<h2>Avviste rader</h2>{_table_html(result.rejected)}
</body></html>
"""
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_text(page, encoding="utf-8")
    return path


REPORT_FORMATS = ("xlsx", "html", "parquet")


def write_report(
    data: FollowupData,
    out: Path,
    settings: FollowupSettings | None = None,
    formats: tuple[str, ...] = REPORT_FORMATS,
) -> FollowupResult:
    """Compute once, write the chosen formats (all by default) and ``avviste_rader.csv``."""
    result = compute(data, settings)
    out.mkdir(parents=True, exist_ok=True)
    writers = {
        "xlsx": lambda: [write_excel(result, out / "oppfolging.xlsx")],
        "html": lambda: [write_html(result, out / "oppfolging.html")],
        "parquet": lambda: write_parquet(result, out),
    }
    for name in formats:
        started = time.perf_counter()
        result.files += writers[name]()
        result.seconds[name] = time.perf_counter() - started
    rejected_path = out / "avviste_rader.csv"
    result.rejected.write_csv(rejected_path)
    result.files.append(rejected_path)
    return result
