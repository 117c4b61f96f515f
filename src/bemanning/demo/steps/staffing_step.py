"""Demo step: staffing requirement (bemanningsplan), FTE need and the 15-year projection."""

from __future__ import annotations

from bemanning.demo.chain import DemoContext, StepOutput
from bemanning.i18n import group_label, number
from bemanning.io.staffing_csv import write_all
from bemanning.model import ActivityPlan
from bemanning.planning.staffing_chain import run_staffing


def _n(value: float | None, decimals: int, sign: bool = False) -> str:
    """A number in the demo's Norwegian text (bemanning.i18n)."""
    return number(value or 0, decimals, "no", sign=sign)

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
        f"Årsverksbehov {_n(sum(r.fte_need for r in fte.rows), 1)}, med rom for fravær "
        f"{_n(fte.total_need_with_absence, 1)}; stillinger i dag {_n(sum(r.fte_current for r in fte.rows), 1)}",
        f"Årsverkskonvensjon: 1 årsverk = {_n(fte.fte_year_hours, 0)} timer",
    ]
    summary += [
        f"{group_label(ctx.unit.groups, row.group)}: {_n(row.weekly_hours, 1)} t/uke, "
        f"behov {_n(row.fte_need_with_absence, 1)}, "
        f"gap {_n(row.gap_fte, 1, sign=True)} årsverk ({_n(row.gap_hours_per_year, 0, sign=True)} t/år)"
        for row in fte.rows
    ]
    if last:
        summary.append(
            f"Framskriving år {last}: {_n(results.projection.total(last), 1)} årsverk med tiltak, "
            f"{_n(results.projection.total(last, with_measures=False), 1)} uten"
        )
    return StepOutput(
        title=title,
        folder=FOLDER,
        files=[f"{FOLDER}/requirement.csv", f"{FOLDER}/fte.csv", f"{FOLDER}/projection.csv"],
        summary=summary,
    )
