"""Demo step: the scenario file (as-is, task sharing, + long shifts, full time), the whole chain for
each scenario, the comparison (CSV, Excel, HTML) and the personnel consequences of each measure.

Scenarios run one after another (each roster solve already uses both cores of a small machine)
with a modest roster time limit so the demo stays within a few minutes.
"""

from __future__ import annotations

from bemanning.demo.chain import DemoContext, StepOutput
from bemanning.demo.scenarios import demo_scenarios
from bemanning.io.comparison_report import write_comparison
from bemanning.io.consequences_md import write_consequences
from bemanning.io.scenarios_yaml import check_scenarios, dump_scenarios
from bemanning.planning.chain import ChainResult
from bemanning.planning.consequences import consequences
from bemanning.runtime.scenario_pool import ChainJob, run_jobs

FOLDER = "scenarioer"
DEMO_SCENARIO_TIME_LIMIT = 20.0  # seconds per roster solve


def _nok(amount: float) -> str:
    return f"{amount:,.0f}".replace(",", "\u00a0")


def run(ctx: DemoContext) -> StepOutput:
    scenarios = demo_scenarios()
    units = check_scenarios(ctx.unit, scenarios, "scenarios.yaml")
    (ctx.out / "scenarios.yaml").write_text(dump_scenarios(scenarios), encoding="utf-8")
    ctx.results["scenarios"] = scenarios
    ctx.results["scenario_units"] = units
    jobs = [ChainJob(scenario=s.name, unit=units[s.name], roster_budget=ctx.time_limit or DEMO_SCENARIO_TIME_LIMIT)
            for s in scenarios.scenarios]
    results = run_jobs(jobs, workers=1, on_start=lambda name: ctx.progress(f"Scenario: {name} …"))
    ctx.results["scenario_results"] = results
    folder = ctx.folder(FOLDER)
    names = {g.id: g.name for g in ctx.unit.groups}
    paths = write_comparison(results, folder, f"Scenarioer for {ctx.unit.name}", names)
    by_name = {r.scenario: r for r in results}
    baseline = by_name[scenarios.baseline.name]
    from bemanning.report.appendix import write_appendix

    chosen = {s.name: s for s in scenarios.scenarios}
    for result in results:
        if result is not baseline:
            ctx.progress(f"Personellmessige konsekvenser: {result.scenario} …")
            summary = consequences(baseline, result, names)
            markdown = write_consequences(summary, folder)
            paths += [markdown, write_appendix(units[result.scenario], chosen[result.scenario], scenarios.baseline,
                                               baseline, result, summary, folder, markdown.name)]
    return StepOutput(
        title="Scenarioer",
        folder=FOLDER,
        files=["scenarios.yaml", *(f"{FOLDER}/{p.name}" for p in paths)],
        summary=[_line(r, r is baseline) for r in results],
    )


def _line(result: ChainResult, baseline: bool) -> str:
    row = result.row()
    mark = " (utgangspunkt)" if baseline else ""
    return (f"{result.scenario}{mark}: behov {row['fte_need']:.1f} årsverk ({row['fte_current']:.1f} i stillinger), "
            f"{row['uncovered_shifts']} udekkede vakter, innleie {row['agency_hours']:.0f} t/år, "
            f"sum {_nok(row['cost_total_nok'])} kr/år{_warning(result.roster_status)}")


def _warning(status: str) -> str:
    """A scenario without a lawful roster is never shown as if its figures were comparable."""
    if status == "unknown":
        return " – OBS: ingen lovlig turnus innen budsjettet, tallene er ikke sammenlignbare"
    if status == "infeasible":
        return " – OBS: reglene kan ikke holdes samtidig, turnusen bryter dem"
    return ""
