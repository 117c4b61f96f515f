"""Demo step: the follow-up report (styringsdata) on a small generated region."""

from __future__ import annotations

from bemanning.demo.chain import DemoContext, StepOutput
from bemanning.followup.generate import RegionShape, generate_region, write_region
from bemanning.followup.loading import load_followup
from bemanning.followup.report import write_report


def run(ctx: DemoContext) -> StepOutput:
    ctx.progress("Oppfølging: genererer styringsdata …")
    folder = ctx.folder("oppfolging")
    data_folder = folder / "data"
    write_region(generate_region(RegionShape(trusts=2, units_per_trust=6, months=24)), data_folder)
    result = write_report(load_followup([data_folder]), folder)
    ctx.results["followup"] = result
    summary = []
    year = result.year_by_trust
    for row in year.iter_rows(named=True):
        deviation = row["innleie_avvik_pct"]  # empty without a budget
        against = "uten budsjett" if deviation is None else f"{deviation:+.1f} % mot budsjett"
        summary.append(
            f"{row['foretak']}, siste 12 mnd: innleie {row['innleie_nok'] / 1e6:.1f} mill. kr "
            f"({against}), "
            f"{row['brutto_manedsverk']:.0f} brutto månedsverk, "
            f"sykefravær {row['sykefravaer_pct']:.1f} %"
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
