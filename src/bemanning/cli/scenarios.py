"""`bemanning scenario compare UNIT SCENARIOS.yaml --out DIR`: the whole chain per scenario, side by side."""

from __future__ import annotations

from pathlib import Path
from typing import TYPE_CHECKING

import typer
from rich.console import Console

from bemanning.cli.checks import check_out_dir, positive_count, positive_seconds
from bemanning.cli.output import make_console
from bemanning.i18n import label, number, t
from bemanning.i18n import register as register_messages
from bemanning.io.errors import UserError

if TYPE_CHECKING:  # the chain (OR-Tools, polars) is imported when a command runs, not at start-up
    from bemanning.model.unit import Unit
    from bemanning.planning.chain import ChainResult
    from bemanning.planning.scenario_compare import ScenarioOutcome

register_messages({
    "scenario_running": {"no": "Kjører {name} …", "en": "Running {name} …"},
    "scenario_done": {
        "no": "{name}: {fte:.1f} årsverk behov, {uncovered} udekkede vakter, {total} kr/år ({status})",
        "en": "{name}: {fte:.1f} FTE need, {uncovered} uncovered shifts, NOK {total}/year ({status})",
    },
    "scenario_notes_title": {"no": "Merknader", "en": "Notes"},
    "scenario_unknown": {
        "no": "Scenarioet «{name}» finnes ikke i scenariofilen (har: {names})",
        "en": "Scenario '{name}' is not in the scenario file (has: {names})",
    },
    "scenario_bad_seeds": {
        "no": "Antall frø må være minst 1, ikke {seeds}",
        "en": "The number of seeds must be at least 1, not {seeds}",
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
    seeds: int | None = None,
    ray_address: str | None = None,
    consequence_for: str | None = None,
    console: Console | None = None,
) -> list[ScenarioOutcome]:
    """Apply each scenario, run the chain for each with ``seeds`` seeds from ``seed`` (the same work
    budget each), write the comparison with every figure's spread (and a consequence text)."""
    from rich.progress import Progress, SpinnerColumn, TextColumn, TimeElapsedColumn

    from bemanning.io.comparison_report import notes, write_comparison
    from bemanning.io.consequences_md import write_consequences
    from bemanning.io.scenarios_yaml import check_scenarios, read_scenarios
    from bemanning.model.staffing_result import StaffingInputError
    from bemanning.planning.chain import ChainError
    from bemanning.planning.consequences import consequences
    from bemanning.planning.scenario_compare import DEFAULT_SEEDS, representative, scenario_status
    from bemanning.runtime.scenario_pool import DEFAULT_WORKERS, compare_scenarios, ray_available

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
    seeds = DEFAULT_SEEDS if seeds is None else seeds
    if seeds < 1:
        raise UserError.of("scenario_bad_seeds", seeds=seeds)
    units = check_scenarios(unit, scenarios, str(scenario_file))
    finished: dict[str, list[ChainResult]] = {name: [] for name in names}
    with Progress(SpinnerColumn(), TextColumn("{task.description}"), TimeElapsedColumn(),
                  console=console, transient=False) as progress:
        tasks = {name: progress.add_task(t("scenario_running", name=name), total=seeds) for name in names}

        def done(_: str, result: ChainResult) -> None:
            name = result.scenario
            finished[name].append(result)
            if len(finished[name]) < seeds:
                progress.update(tasks[name], advance=1)
                return
            chosen = representative(sorted(finished[name], key=lambda r: r.seed))
            row = chosen.row()
            progress.update(tasks[name], completed=seeds, description=t(
                "scenario_done", name=name, fte=chosen.fte_need, uncovered=row["uncovered_shifts"],
                total=number(row["cost_total_nok"], 0),
                status=label("solver_status", scenario_status(finished[name]))))

        try:
            outcomes = compare_scenarios(unit, scenarios, units, seeds=seeds, roster_budget=time_limit,
                                         first_seed=seed, workers=workers, ray_address=ray_address, on_done=done)
        except ChainError as exc:
            raise UserError.of(exc.key, **exc.context) from None
        except StaffingInputError as exc:
            raise UserError.of(exc.key, **exc.context) from None
    lines = notes(outcomes, units, scenarios.baseline.name)
    print_comparison(console, outcomes, scenarios.baseline.name, lines)
    paths = write_comparison(outcomes, out, t("scenario_title", unit=unit.name), group_names(unit), lines)
    if consequence_for is not None:
        by_name = {o.scenario: o.representative for o in outcomes}
        from bemanning.report.appendix import write_appendix

        summary = consequences(by_name[scenarios.baseline.name], by_name[consequence_for], group_names(unit))
        markdown = write_consequences(summary, out)
        chosen = next(s for s in scenarios.scenarios if s.name == consequence_for)
        paths += [markdown, write_appendix(units[consequence_for], chosen, scenarios.baseline,
                                           by_name[scenarios.baseline.name], by_name[consequence_for], summary, out,
                                           markdown.name)]
    for path in paths:
        console.print(t("written", path=str(path)))
    if consequence_for is not None and paths[-1].suffix == ".html":  # the appendix without a PDF engine
        console.print(t("pdf_unavailable"), style="yellow")
    return outcomes


def print_comparison(console: Console, outcomes: list[ScenarioOutcome], baseline: str, lines: list[str]) -> None:
    """The comparison as a table (each figure with its spread and verdict), then the notes."""
    from rich.table import Table

    from bemanning.io.comparison_report import table_headers, table_rows

    table = Table(title=t("cmp_table_title", baseline=baseline), show_lines=True)
    for index, header in enumerate(table_headers()):
        table.add_column(header, justify="left" if index < 2 else "right")
    for row in table_rows(outcomes):
        table.add_row(*row)
    console.print(table)
    if lines:
        console.print(f"[bold]{t('scenario_notes_title')}[/bold]")
        for line in lines:
            console.print(line, markup=False)


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
        seed: int = typer.Option(0, "--seed", help="Første frø for løseren. / First solver seed."),
        seeds: int = typer.Option(3, "--frø", "--seeds", callback=positive_count,
                                  help="Antall frø per scenario (samme arbeidsbudsjett hver); hvert tall får "
                                       "spredningen over frøene. / Seeds per scenario (the same work budget each); "
                                       "each figure gets its spread over the seeds."),
        ray: str | None = typer.Option(None, "--ray", help="Ray-klynge (adresse), valgfri. / Ray cluster address."),
        konsekvens: str | None = typer.Option(None, "--konsekvens",
                                              help="Skriv personalmessige konsekvenser for dette scenarioet. / "
                                                   "Write the personnel consequences of this scenario."),
    ) -> None:
        """Kjør hele kjeden for hvert scenario og sammenlign. / Run the chain per scenario and compare."""
        from bemanning.io.unit_file import load_unit

        check_out_dir(out)
        compare(load_unit(unit_file), scenario_file, out, workers=workers, time_limit=time_limit, seed=seed,
                seeds=seeds, ray_address=ray, consequence_for=konsekvens)

    app.add_typer(scenario_app, name="scenario")
