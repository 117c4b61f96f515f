"""Demo step: task sharing (oppgavedeling) and the daily-rhythm activity plan (døgnrytmeplan)."""

from __future__ import annotations

from bemanning.demo.chain import DemoContext, StepOutput
from bemanning.i18n import number
from bemanning.io.tasksharing_excel import freed_text, training_text, write_tasksharing_outputs
from bemanning.planning.activity_plan import build_activity_plan
from bemanning.planning.tasksharing import allocate_tasks

FOLDER = "oppgavedeling"


def run(ctx: DemoContext) -> StepOutput:
    ctx.progress("Oppgavedeling …")
    unit = ctx.unit
    result = allocate_tasks(unit, time_limit_s=30)
    plan = build_activity_plan(unit, result.allocation) if result.allocation is not None else None
    files = write_tasksharing_outputs(unit, result, plan, ctx.folder(FOLDER), lang="no")
    ctx.results["allocation_result"] = result
    if result.allocation is not None and plan is not None:
        ctx.results["allocation"] = result.allocation
        ctx.results["activity_plan"] = plan
        as_is_unit = unit.model_copy(update={"task_sharing": unit.task_sharing.model_copy(update={"enabled": False})})
        as_is = allocate_tasks(as_is_unit)
        if as_is.allocation is not None:
            ctx.results["activity_plan_as_is"] = build_activity_plan(as_is_unit, as_is.allocation)
        hours = sum(e.hours_per_week for e in result.allocation.entries)
        moved = sum(m.hours_per_week for m in result.comparison.moves) if result.comparison else 0.0
        summary = [
            f"{len(result.allocation.entries)} oppgaver fordelt på yrkesgruppene ({result.status.value}, "
            f"{number(result.solve_seconds, 2, 'no')} s): {number(hours, 0, 'no')} timer per uke, "
            f"{number(moved, 0, 'no')} timer flyttet mellom grupper",
            freed_text(result, "no"),
            training_text(unit, result, "no"),
        ]
    else:
        summary = result.explanation_text("no")
    return StepOutput(
        title="Oppgavedeling og døgnrytmeplan",
        folder=FOLDER,
        files=[f"{FOLDER}/{path.name}" for path in files],
        summary=summary,
    )
