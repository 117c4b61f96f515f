"""`bemanning followup …`: budget deviation, the follow-up report, the doctors' agency table, data.

Only typer, rich and the message catalogue are imported here: polars, openpyxl, plotly and the
rule set load inside the commands, so `bemanning --help` and the Parquet-only report start fast.
"""

from __future__ import annotations

import json
from importlib import resources
from pathlib import Path
from typing import TYPE_CHECKING, cast

import typer

from bemanning.cli.output import make_console
from bemanning.followup import messages as _messages  # noqa: F401  (registers messages)
from bemanning.i18n import number, percent, t
from bemanning.io.errors import UserError

if TYPE_CHECKING:
    from bemanning.followup.settings import Denominator

followup_app = typer.Typer(
    help="Oppfølging av styringsdata: innleie, månedsverk, overtid, sykefravær. / Follow-up of actuals.",
    no_args_is_help=True,
)
# wide when piped: paths and table rows are not cut at 80 columns
console = make_console()

REPORT_FORMATS = ("xlsx", "html", "parquet")
FORMAT_ALIASES = {"excel": "xlsx", "alle": "alle", "all": "alle"}
DOCTOR_TABLE = "hso_2023_legeinnleie.csv"


def _formats(value: str) -> tuple[str, ...]:
    """``xlsx,html`` → ("xlsx", "html"); ``alle`` → every format. Unknown names are usage errors."""
    chosen: list[str] = []
    for part in (p.strip().lower() for p in value.split(",")):
        name = FORMAT_ALIASES.get(part, part)
        if name == "alle":
            chosen.extend(REPORT_FORMATS)
        elif name in REPORT_FORMATS:
            chosen.append(name)
        else:
            raise UserError.of("fu_formats", value=part, choices=", ".join([*REPORT_FORMATS, "alle"]))
    return tuple(f for f in REPORT_FORMATS if f in chosen)


def _denominator(value: str) -> Denominator:
    if value not in ("budsjett", "faktisk"):
        raise UserError.of("fu_bad_denominator", value=value)
    return cast("Denominator", value)


def _print_rejected(rejected: object, limit: int = 20) -> None:
    import polars as pl

    assert isinstance(rejected, pl.DataFrame)
    for row in rejected.head(limit).iter_rows(named=True):
        console.print(
            t(
                "fu_rejected_line",
                file=row["fil"],
                row=row["rad"],
                column=row["kolonne"],
                value=row["verdi"],
                reason=row["arsak"],
            ),
            highlight=False,
        )
    if rejected.height > limit:
        console.print(f"  … {rejected.height - limit}", highlight=False)


@followup_app.command("budsjettavvik")
def budsjettavvik(
    input_csv: Path = typer.Argument(
        ...,
        help="CSV med kolonnene foretak, innleie_faktisk, innleie_budsjett, lonn_faktisk, "
        "lonn_budsjett (NOK 1000). / Input CSV.",
    ),
    out: Path = typer.Option(..., "--out", help="Mappe for budsjettavvik.csv. / Output folder."),
    konsern: str | None = typer.Option(
        None, "--konsern", help="Navnet på konsernets egen linje. / Name of the group's consolidated line."
    ),
    nevner_innleie: str = typer.Option(
        "budsjett", help="Nevner for innleie i % (budsjett|faktisk). / Denominator."
    ),
    nevner_lonn: str = typer.Option(
        "budsjett", help="Nevner for lønn i % (budsjett|faktisk). / Denominator."
    ),
    nevner_sum: str = typer.Option("faktisk", help="Nevner for sum i % (budsjett|faktisk). / Denominator."),
) -> None:
    """Avvik mot budsjett per foretak, som HSØ-tabellen. / Budget deviation per trust, as in the HSØ table."""
    from bemanning.followup.budget import budget_deviation, write_deviation_csv
    from bemanning.followup.settings import BudgetDenominators

    denominators = BudgetDenominators(
        innleie=_denominator(nevner_innleie),
        lonn=_denominator(nevner_lonn),
        sum=_denominator(nevner_sum),
    )
    result = budget_deviation(input_csv, denominators, konsern)
    target = out / "budsjettavvik.csv"
    write_deviation_csv(result.table, target)
    rejected_path = out / "avviste_rader.csv"
    result.source.rejected.write_csv(rejected_path)
    meta: dict[str, object] = {
        "nevner": {"innleie": denominators.innleie, "lonn": denominators.lonn, "sum": denominators.sum},
        "konsern": konsern,
        "rader_lest": result.source.rows_read,
        "rader_avvist": result.source.rows_rejected,
        "rader_brukt": result.source.data.height,
        "budsjett_null": [vars(z) for z in result.zero_budgets],
    }
    (out / "budsjettavvik.json").write_text(json.dumps(meta, ensure_ascii=False, indent=2), encoding="utf-8")
    console.print(t("fu_denominators", text=denominators.describe()), highlight=False)
    console.print(result.source.summary(), highlight=False)
    _print_rejected(result.source.rejected)
    if result.zero_budgets:
        console.print(t("fu_zero_budget_header"), highlight=False)
    for zero in result.zero_budgets:
        console.print(
            t(
                "fu_zero_budget",
                file=result.source.path,
                row=zero.row,
                name=zero.name,
                column=zero.column,
                actual=f"{zero.actual:g}",
            ),
            highlight=False,
        )
    console.print(t("fu_written", path=str(target)), highlight=False)


@followup_app.command("report")
def report(
    data: list[Path] = typer.Option(
        ...,
        "--data",
        help="Mappe eller filer (organisasjon, timer, innleie, fravaer, "
        "stillinger, budsjett, vakter). / Folder or files.",
    ),
    out: Path = typer.Option(..., "--out", help="Mappe for rapporten. / Output folder."),
    arsverk_timer: float | None = typer.Option(
        None, "--arsverk-timer", help="Timer per årsverk (standard 1950). / Hours per FTE-year."
    ),
    nevner_innleie: str = typer.Option("budsjett", help="Nevner for innleie i %. / Denominator."),
    nevner_lonn: str = typer.Option("budsjett", help="Nevner for lønn i %. / Denominator."),
    nevner_sum: str = typer.Option("faktisk", help="Nevner for sum i %. / Denominator."),
    format_: str = typer.Option(
        "alle",
        "--format",
        help="xlsx, html, parquet eller alle; flere med komma. Excel og HTML koster mest tid. "
        "/ Output formats, comma-separated; Excel and HTML cost the most time.",
    ),
) -> None:
    """Oppfølgingsrapport: Excel, HTML med grafer, Parquet. / Follow-up report: Excel, HTML, Parquet."""
    formats = _formats(format_)
    if arsverk_timer is not None and not arsverk_timer > 0:
        raise UserError.of("fu_bad_fte_year", value=arsverk_timer)
    from dataclasses import replace

    from bemanning.followup.loading import load_followup
    from bemanning.followup.report import write_report
    from bemanning.followup.settings import BudgetDenominators, FollowupSettings

    settings = FollowupSettings(
        denominators=BudgetDenominators(
            innleie=_denominator(nevner_innleie),
            lonn=_denominator(nevner_lonn),
            sum=_denominator(nevner_sum),
        )
    )
    if arsverk_timer is not None:
        if not arsverk_timer > 0:
            raise UserError.of("fu_bad_fte_year", value=arsverk_timer)
        settings = replace(settings, fte_year_hours=arsverk_timer)
    loaded = load_followup(data)
    result = write_report(loaded, out, settings, formats)
    for line in loaded.summary_lines():
        console.print(line, highlight=False)
    _print_rejected(result.rejected)
    console.print(t("fu_denominators", text=settings.denominators.describe()), highlight=False)
    for path in result.files:
        if path.suffix != ".parquet":
            console.print(t("fu_written", path=str(path)), highlight=False)
    if "parquet" in formats:
        console.print(t("fu_written", path=str(out / "parquet")), highlight=False)
    slow = sum(result.seconds.get(f, 0.0) for f in ("xlsx", "html"))
    if "parquet" in formats and slow > 0:
        console.print(t("fu_format_cost", seconds=slow), highlight=False)


@followup_app.command("generer")
def generer(
    out: Path = typer.Option(..., "--out", help="Mappe for dataene. / Output folder."),
    rows: int = typer.Option(
        0, "--rows", help="Antall rader i vaktdatasettet (0 = ingen). / Shift-level rows."
    ),
    foretak: int = typer.Option(4, "--foretak", help="Antall foretak. / Number of trusts."),
    enheter: int = typer.Option(30, "--enheter", help="Enheter per foretak. / Units per trust."),
    maneder: int = typer.Option(36, "--maneder", help="Antall måneder. / Number of months."),
    format_: str = typer.Option("csv", "--format", help="csv eller parquet. / csv or parquet."),
    seed: int = typer.Option(2023, "--seed", help="Frø for tilfeldige tall. / Random seed."),
) -> None:
    """Lag realistiske syntetiske data for en region. / Generate realistic synthetic data for a region."""
    from bemanning.followup.generate import RegionShape, generate_region, generate_shifts, write_region

    if format_ not in ("csv", "parquet"):
        raise UserError.of("fu_unknown_format", path=format_)
    shape = RegionShape(trusts=foretak, units_per_trust=enheter, months=maneder, seed=seed)
    datasets = generate_region(shape)
    for path in write_region(datasets, out, format_):
        console.print(t("fu_written", path=str(path)), highlight=False)
    if rows > 0:
        # a subfolder: shift data is an alternative source, not to be added to timer/innleie/fravaer
        path = out / "vaktniva" / "vakter.parquet"
        path.parent.mkdir(parents=True, exist_ok=True)
        generate_shifts(
            rows,
            datasets["organisasjon"],
            first_year=shape.first_year,
            years=max(1, maneder // 12),
            seed=seed,
        ).write_parquet(path)
        console.print(t("fu_written", path=str(path)), highlight=False)


@followup_app.command("legeinnleie")
def legeinnleie(
    input_file: Path | None = typer.Argument(
        None,
        help="CSV/Excel med kolonnene foretak, anestesi, nevrologi, psykiatri_vop, radiologi, ovrige_leger, "
        "psykiatri_overleger_manedsverk (timer per år). Uten fil: HSØ 2023 fra seed 002. / Input table.",
    ),
    out: Path = typer.Option(..., "--out", help="Mappe for legeinnleie.csv. / Output folder."),
    ar: str = typer.Option("2023", "--ar", help="Året tabellen gjelder (tittel). / Year (title)."),
    arsverk_timer: float | None = typer.Option(
        None, "--arsverk-timer", help="Timer per årsverk (standard 1950). / Hours per FTE-year."
    ),
) -> None:
    """Innleie av leger i timer og månedsverk per foretak (seed 002). / Agency doctors' hours per trust."""
    from rich.table import Table

    from bemanning.followup.agency import CONVERTED_LABEL, TOTAL_LABEL, doctor_agency_table
    from bemanning.followup.reading import load_table
    from bemanning.followup.schemas import DOCTOR_AGENCY_INPUT
    from bemanning.followup.settings import FollowupSettings

    if arsverk_timer is not None and not arsverk_timer > 0:
        raise UserError.of("fu_bad_fte_year", value=arsverk_timer)
    source = input_file or Path(str(resources.files("bemanning.followup") / "data" / DOCTOR_TABLE))
    loaded = load_table(source, DOCTOR_AGENCY_INPUT)
    settings = FollowupSettings() if arsverk_timer is None else FollowupSettings(fte_year_hours=arsverk_timer)
    table = doctor_agency_table(loaded.data, settings)
    target = out / "legeinnleie.csv"
    target.parent.mkdir(parents=True, exist_ok=True)
    table.write_csv(target)
    console.print(loaded.summary(), highlight=False)
    _print_rejected(loaded.rejected)
    view = Table(title=t("fu_table_title", year=ar, hours=settings.fte_year_hours))
    for column in table.columns:
        view.add_column(column, justify="left" if column == "foretak" else "right")
    for row in table.iter_rows():
        name = str(row[0])
        cells = [name]
        for column, value in zip(table.columns[1:], row[1:], strict=True):
            if value is None:
                cells.append("")
            elif column == "andel_innleie_pct":
                cells.append(percent(value, 2))
            else:
                cells.append(number(value, 0))
        view.add_row(*cells, end_section=name == TOTAL_LABEL, style="bold" if name == CONVERTED_LABEL else None)
    console.print(view)
    console.print(t("fu_written", path=str(target)), highlight=False)


def register(app: typer.Typer) -> None:
    app.add_typer(followup_app, name="followup")
