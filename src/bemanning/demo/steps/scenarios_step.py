"""Demo step: the scenario file (as-is, task sharing, + long shifts, full time), checked on the unit.

Running the chain per scenario and the comparison report are added once the roster engine is in.
"""

from __future__ import annotations

from bemanning.demo.chain import DemoContext, StepOutput
from bemanning.demo.scenarios import demo_scenarios
from bemanning.io.scenarios_yaml import check_scenarios, dump_scenarios


def run(ctx: DemoContext) -> StepOutput:
    scenarios = demo_scenarios()
    units = check_scenarios(ctx.unit, scenarios, "scenarios.yaml")
    (ctx.out / "scenarios.yaml").write_text(dump_scenarios(scenarios), encoding="utf-8")
    ctx.results["scenarios"] = scenarios
    ctx.results["scenario_units"] = units
    summary = []
    for scenario in scenarios.scenarios:
        unit = units[scenario.name]
        fte = sum(e.fte for e in unit.employees)
        mark = " (utgangspunkt)" if scenario is scenarios.baseline else ""
        summary.append(f"{scenario.name}{mark}: {len(scenario.changes)} endring(er), {fte:.1f} årsverk")
    return StepOutput(title="Scenarioer", folder=".", files=["scenarios.yaml"], summary=summary)
