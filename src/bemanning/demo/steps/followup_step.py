"""Demo step: the follow-up report (styringsdata) on a small generated region that holds the demo unit.

The generated region's first unit is the demo unit itself (its id, name, clinic, trust and region), and the
24 months end just before the roster starts, so the report's follow-up section is about the same unit.
"""

from __future__ import annotations

import polars as pl

from bemanning.demo.chain import DemoContext, StepOutput
from bemanning.followup.generate import RegionShape, generate_region, write_region
from bemanning.followup.loading import load_followup
from bemanning.followup.report import write_report
from bemanning.i18n import number


def run(ctx: DemoContext) -> StepOutput:
    ctx.progress("Oppfølging: genererer styringsdata …")
    folder = ctx.folder("oppfolging")
    data_folder = folder / "data"
    first_year = ctx.unit.roster.start_date.year - 2
    datasets = generate_region(RegionShape(trusts=2, units_per_trust=6, months=24, first_year=first_year))
    write_region(with_unit(datasets, ctx), data_folder)
    result = write_report(load_followup([data_folder]), folder)
    ctx.results["followup"] = result
    summary = []
    year = result.year_by_trust
    for row in year.iter_rows(named=True):
        deviation = row["innleie_avvik_pct"]  # empty without a budget
        against = "uten budsjett" if deviation is None else f"{number(deviation, 1, 'no', sign=True)} % mot budsjett"
        summary.append(
            f"{row['foretak']}, siste 12 mnd: innleie {number(row['innleie_nok'] / 1e6, 1, 'no')} mill. kr "
            f"({against}), "
            f"{number(row['brutto_manedsverk'], 0, 'no')} brutto månedsverk, "
            f"sykefravær {number(row['sykefravaer_pct'], 1, 'no')} %"
        )
    flagged = result.ranking.filter(result.ranking["folges_opp"]) if result.ranking.height else result.ranking
    summary.append(f"{flagged.height} enheter har sykefravær over forventet og følges opp")
    rejected = int(result.row_counts["avvist"].sum())
    summary.append(f"{int(result.row_counts['lest'].sum())} rader lest, {rejected} avvist")
    return StepOutput(
        title="Oppfølging av styringsdata",
        folder="oppfolging",
        files=["oppfolging/oppfolging.html", "oppfolging/oppfolging.xlsx", "oppfolging/parquet/"],
        summary=summary,
    )


DEMO_UNIT_SLOT = "F1E001"  # the generated unit that becomes the demo unit


def with_unit(datasets: dict[str, pl.DataFrame], ctx: DemoContext) -> dict[str, pl.DataFrame]:
    """The generated region with its first unit renamed to the demo unit, in the demo unit's trust and region."""
    unit = ctx.unit
    org = unit.organisation
    first_trust = datasets["organisasjon"]["foretak"][0]
    # The slot's amounts scaled to the demo unit's size (its FTE in positions); shares stay as generated.
    positions = datasets["stillinger"].filter(pl.col("enhet_id") == DEMO_UNIT_SLOT)
    generated = sum(positions["arsverk"].to_list()) / positions.height if positions.height else 0.0
    factor = sum(e.fte for e in unit.employees) / generated if generated > 0 else 1.0
    out = {}
    for name, frame in datasets.items():
        if "enhet_id" in frame.columns:
            mine = pl.col("enhet_id") == DEMO_UNIT_SLOT
            amounts = [c for c, kind in frame.schema.items() if kind.is_numeric()]
            frame = frame.with_columns(
                *((pl.when(mine).then((pl.col(c) * factor).round(1 if kind.is_float() else 0).cast(kind))
                   .otherwise(pl.col(c)).alias(c)) for c, kind in frame.schema.items() if c in amounts),
                pl.when(mine).then(pl.lit(unit.id)).otherwise(pl.col("enhet_id")).alias("enhet_id"),
            )
        if name == "organisasjon":
            mine = pl.col("enhet_id") == unit.id
            frame = frame.with_columns(
                pl.when(mine).then(pl.lit(unit.name)).otherwise(pl.col("enhet")).alias("enhet"),
                pl.when(mine).then(pl.lit(org.clinic or "Klinikk")).otherwise(pl.col("klinikk")).alias("klinikk"),
                pl.when(pl.col("foretak") == first_trust).then(pl.lit(org.trust or first_trust))
                .otherwise(pl.col("foretak")).alias("foretak"),
                pl.lit(org.region or "Region").alias("region"),
            )
        out[name] = frame
    return out
