"""Demo step: staffing requirement (bemanningsplan), FTE need and the 15-year projection."""

from __future__ import annotations

from bemanning.demo.chain import DemoContext, StepOutput
from bemanning.io.staffing_csv import write_all
from bemanning.model import ActivityPlan
from bemanning.planning.staffing_chain import run_staffing

FOLDER = "bemanningsplan"


def run(ctx: DemoContext) -> StepOutput:
    title = "Bemanningsplan og årsverk"
    plan: ActivityPlan | None = ctx.results.get("activity_plan")
    if plan is None:
        return StepOutput(title=title, folder=FOLDER, summary=["Hoppet over: aktivitetsplanen mangler"])
    # The as-is plan (tasks on today's group) is the "without measures" case of the projection.
    as_is: ActivityPlan = ctx.results.get("activity_plan_as_is", plan)
    ctx.progress("Bemanningsplan og årsverk …")
    results = run_staffing(ctx.unit, plan, as_is)
    write_all(results.requirement, results.fte, results.projection, ctx.folder(FOLDER))
    ctx.results["requirement"] = results.requirement
    ctx.results["fte"] = results.fte
    ctx.results["projection"] = results.projection
    fte = results.fte
    last = max((r.year for r in results.projection.rows), default=0)
    summary = [
        f"Årsverksbehov {sum(r.fte_need for r in fte.rows):.1f}, med rom for fravær "
        f"{fte.total_need_with_absence:.1f}; stillinger i dag {sum(r.fte_current for r in fte.rows):.1f}",
        f"Årsverkskonvensjon: 1 årsverk = {fte.fte_year_hours:.0f} timer",
    ]
    summary += [
        f"{row.group}: {row.weekly_hours:.1f} t/uke, behov {row.fte_need_with_absence:.1f}, "
        f"gap {row.gap_fte:+.1f} årsverk ({row.gap_hours_per_year:+.0f} t/år)"
        for row in fte.rows
    ]
    if last:
        summary.append(
            f"Framskriving år {last}: {results.projection.total(last):.1f} årsverk med tiltak, "
            f"{results.projection.total(last, with_measures=False):.1f} uten"
        )
    return StepOutput(
        title=title,
        folder=FOLDER,
        files=[f"{FOLDER}/requirement.csv", f"{FOLDER}/fte.csv", f"{FOLDER}/projection.csv"],
        summary=summary,
    )
