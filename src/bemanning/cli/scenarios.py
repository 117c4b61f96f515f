"""`bemanning scenario compare UNIT SCENARIOS.yaml --out DIR`: the whole chain per scenario, side by side."""

from __future__ import annotations

from pathlib import Path
from typing import TYPE_CHECKING

import typer
from rich.console import Console

from bemanning.cli.checks import check_out_dir, positive_count, positive_seconds
from bemanning.cli.output import make_console
from bemanning.i18n import register as register_messages
from bemanning.i18n import t
from bemanning.io.errors import UserError

if TYPE_CHECKING:  # the chain (OR-Tools, polars) is imported when a command runs, not at start-up
    from bemanning.model.unit import Unit
    from bemanning.planning.chain import ChainResult

register_messages({
    "scenario_running": {"no": "Kjører {name} …", "en": "Running {name} …"},
    "scenario_done": {
        "no": "{name}: {fte:.1f} årsverk behov, {uncovered} udekkede vakter, {total} kr/år ({status})",
        "en": "{name}: {fte:.1f} FTE need, {uncovered} uncovered shifts, NOK {total}/year ({status})",
    },
    "scenario_unknown": {
        "no": "Scenarioet «{name}» finnes ikke i scenariofilen (har: {names})",
        "en": "Scenario '{name}' is not in the scenario file (has: {names})",
    },
    "scenario_bad_workers": {
        "no": "Antall prosesser må være minst 1, ikke {workers}",
        "en": "The number of processes must be at least 1, not {workers}",
    },
    "scenario_no_ray": {
        "no": "--ray krever at pakken ray er installert",
        "en": "--ray needs the ray package to be installed",
    },
    "chain_no_allocation": {
        "no": "Oppgavene kan ikke fordeles: {reasons}",
        "en": "The tasks cannot be allocated: {reasons}",
    },
    "scenario_title": {"no": "Scenarioer for {unit}", "en": "Scenarios for {unit}"},
})


def group_names(unit: Unit) -> dict[str, str]:
    return {g.id: g.name for g in unit.groups}


def compare(
    unit: Unit,
    scenario_file: Path,
    out: Path,
    *,
    workers: int | None = None,
    time_limit: float = 30.0,
    seed: int = 0,
    ray_address: str | None = None,
    consequence_for: str | None = None,
    console: Console | None = None,
) -> list[ChainResult]:
    """Apply each scenario, run the chain for each, write the comparison (and a consequence text)."""
    from rich.progress import Progress, SpinnerColumn, TextColumn, TimeElapsedColumn

    from bemanning.io.comparison_report import write_comparison
    from bemanning.io.consequences_md import write_consequences
    from bemanning.io.scenarios_yaml import check_scenarios, read_scenarios
    from bemanning.model.staffing_result import StaffingInputError
    from bemanning.planning.chain import ChainError
    from bemanning.planning.consequences import consequences
    from bemanning.runtime.scenario_pool import DEFAULT_WORKERS, ChainJob, ray_available, run_jobs

    console = console or make_console()
    workers = DEFAULT_WORKERS if workers is None else workers
    if workers < 1:
        raise UserError.of("scenario_bad_workers", workers=workers)
    if ray_address is not None and not ray_available():
        raise UserError.of("scenario_no_ray")
    scenarios = read_scenarios(scenario_file)
    names = [s.name for s in scenarios.scenarios]
    if consequence_for is not None and consequence_for not in names:
        raise UserError.of("scenario_unknown", name=consequence_for, names=", ".join(names))
    units = check_scenarios(unit, scenarios, str(scenario_file))
    jobs = [ChainJob(scenario=name, unit=units[name], roster_budget=time_limit, seed=seed) for name in names]
    with Progress(SpinnerColumn(), TextColumn("{task.description}"), TimeElapsedColumn(),
                  console=console, transient=False) as progress:
        tasks = {name: progress.add_task(t("scenario_running", name=name), total=1) for name in names}

        def done(name: str, result: ChainResult) -> None:
            row = result.row()
            progress.update(tasks[name], completed=1, description=t(
                "scenario_done", name=name, fte=result.fte_need, uncovered=row["uncovered_shifts"],
                total=f"{row['cost_total_nok']:,}".replace(",", "\u00a0"), status=result.roster_status))

        try:
            results = run_jobs(jobs, workers=workers, ray_address=ray_address, on_done=done)
        except ChainError as exc:
            raise UserError.of(exc.key, **exc.context) from None
        except StaffingInputError as exc:
            raise UserError.of(exc.key, **exc.context) from None
    paths = write_comparison(results, out, t("scenario_title", unit=unit.name), group_names(unit))
    if consequence_for is not None:
        by_name = {r.scenario: r for r in results}
        from bemanning.report.appendix import write_appendix

        summary = consequences(by_name[scenarios.baseline.name], by_name[consequence_for], group_names(unit))
        markdown = write_consequences(summary, out)
        chosen = next(s for s in scenarios.scenarios if s.name == consequence_for)
        paths += [markdown, write_appendix(units[consequence_for], chosen, scenarios.baseline,
                                           by_name[scenarios.baseline.name], by_name[consequence_for], summary, out,
                                           markdown.name)]
    for path in paths:
        console.print(t("written", path=str(path)))
    return results


def register(app: typer.Typer) -> None:
    scenario_app = typer.Typer(help="Scenarioer: sammenlign tiltak. / Scenarios: compare measures.",
                               no_args_is_help=True)

    @scenario_app.command("compare")
    def compare_command(
        unit_file: Path = typer.Argument(..., help="Enhetsfil (.yaml/.xlsx). / Unit file."),
        scenario_file: Path = typer.Argument(..., help="Scenariofil (YAML). / Scenario file (YAML)."),
        out: Path = typer.Option(..., "--out", help="Mappe for resultatene. / Output folder."),
        workers: int | None = typer.Option(None, "--workers", callback=positive_count,
                                           help="Prosesser i parallell (hver løsning bruker 2 kjerner; standard 1). / "
                                                "Parallel processes (each solve uses 2 cores; default 1)."),
        time_limit: float = typer.Option(30.0, "--work-limit", "--time-limit", callback=positive_seconds,
                                         help="Arbeidsbudsjett per turnus (arbeidsenheter, omtrent sekunder på en "
                                              "ledig maskin): samme resultat på ledig og travel maskin. / Work budget "
                                              "per roster (work units): the same result on an idle or a busy machine."),
        seed: int = typer.Option(0, "--seed", help="Frø for løseren. / Solver seed."),
        ray: str | None = typer.Option(None, "--ray", help="Ray-klynge (adresse), valgfri. / Ray cluster address."),
        konsekvens: str | None = typer.Option(None, "--konsekvens",
                                              help="Skriv personalmessige konsekvenser for dette scenarioet. / "
                                                   "Write the personnel consequences of this scenario."),
    ) -> None:
        """Kjør hele kjeden for hvert scenario og sammenlign. / Run the chain per scenario and compare."""
        from bemanning.io.unit_file import load_unit

        check_out_dir(out)
        compare(load_unit(unit_file), scenario_file, out, workers=workers, time_limit=time_limit, seed=seed,
                ray_address=ray, consequence_for=konsekvens)

    app.add_typer(scenario_app, name="scenario")
