"""Demo step: the scenario file (as-is, task sharing, + long shifts, full time), the whole chain for
each scenario over several seeds, the comparison (CSV, Excel, HTML) with every figure's spread, and
the personnel consequences of each measure.

Runs go one after another (each roster solve already uses both cores of a small machine). Every
scenario gets the same work budget per seed; the demo splits a modest budget over its seeds so the
whole demo stays within a few minutes (docs/trust.md: what the spread means).
"""

from __future__ import annotations

from bemanning.demo.chain import DemoContext, StepOutput
from bemanning.demo.scenarios import demo_scenarios
from bemanning.i18n import number
from bemanning.io.comparison_report import flag, notes, verdict_label, write_comparison
from bemanning.io.consequences_md import write_consequences
from bemanning.io.scenarios_yaml import check_scenarios, dump_scenarios
from bemanning.planning.consequences import consequences
from bemanning.planning.scenario_compare import DEFAULT_SEEDS, ScenarioOutcome
from bemanning.runtime.scenario_pool import compare_scenarios


def _n(value: float | None, decimals: int, sign: bool = False) -> str:
    """A number in the demo's Norwegian text (bemanning.i18n)."""
    return number(value or 0, decimals, "no", sign=sign)


FOLDER = "scenarioer"
# Work units per roster solve and seed. Before the seeds, each scenario had one solve of 20 units;
# three seeds of 8 keep the step's work about the same (measured in docs/benchmarks/scenarios.md).
DEMO_SCENARIO_WORK = 8.0
DEMO_SEEDS = DEFAULT_SEEDS
SMALL_BUDGET = ("Demoen gir hver turnus et lite arbeidsbudsjett så den blir ferdig på noen minutter; spredningen "
                "over frøene blir derfor stor. For en beslutning: bemanning scenario compare enhet.yaml "
                "scenarios.yaml --out ut/ --work-limit 30")


def _nok(amount: float) -> str:
    return number(amount, 0, "no")


def run(ctx: DemoContext) -> StepOutput:
    scenarios = demo_scenarios()
    units = check_scenarios(ctx.unit, scenarios, "scenarios.yaml")
    (ctx.out / "scenarios.yaml").write_text(dump_scenarios(scenarios), encoding="utf-8")
    ctx.results["scenarios"] = scenarios
    ctx.results["scenario_units"] = units
    # the one scenario comparison (as `bemanning scenario compare` and the web job), one run at a time
    outcomes = compare_scenarios(ctx.unit, scenarios, units, seeds=DEMO_SEEDS,
                                 roster_budget=ctx.time_limit or DEMO_SCENARIO_WORK, workers=1,
                                 on_start=lambda name: ctx.progress(f"Scenario: {name} …"))
    ctx.results["scenario_outcomes"] = outcomes
    ctx.results["scenario_results"] = [o.representative for o in outcomes]
    folder = ctx.folder(FOLDER)
    names = {g.id: g.name for g in ctx.unit.groups}
    lines = notes(outcomes, units, scenarios.baseline.name)
    paths = write_comparison(outcomes, folder, f"Scenarioer for {ctx.unit.name}", names, lines)
    by_name = {o.scenario: o.representative for o in outcomes}
    baseline = by_name[scenarios.baseline.name]
    from bemanning.report.appendix import write_appendix

    chosen = {s.name: s for s in scenarios.scenarios}
    for result in by_name.values():
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
        summary=[_line(o, o.scenario == scenarios.baseline.name) for o in outcomes] + lines + [SMALL_BUDGET],
    )


def _line(outcome: ScenarioOutcome, baseline: bool) -> str:
    row = outcome.representative.row()
    spreads = outcome.spreads
    mark = " (utgangspunkt)" if baseline else ""
    open_ = spreads["uncovered_shifts"]
    total = spreads["cost_total_nok"]
    verdicts = "" if baseline or not outcome.comparable else (
        f" – mot utgangspunktet: udekkede {verdict_label(outcome.verdicts['uncovered_shifts'])}, "
        f"sum {verdict_label(outcome.verdicts['cost_total_nok'])}")
    warning = flag(outcome)
    open_range = "" if open_.low == open_.high else f" ({_n(open_.low, 0)}–{_n(open_.high, 0)})"
    total_range = "" if total.low == total.high else f" ({_nok(total.low)}–{_nok(total.high)})"
    return (f"{outcome.scenario}{mark}: behov {_n(row['fte_need'], 1)} årsverk "
            f"({_n(row['fte_current'], 1)} i stillinger), "
            f"{_n(open_.value, 0)} udekkede vakter{open_range}, under minimum {row['below_minimum_places']}, "
            f"innleie {_n(row['agency_hours'], 0)} t/år, sum {_nok(total.value)} kr/år{total_range}"
            f"{verdicts}{' – ' + warning if warning else ''}")
