"""`bemanning region solve`: every unit of a region, then the staffing-centre pool across units."""

from __future__ import annotations

from pathlib import Path

import typer

from bemanning.cli.output import make_console
from bemanning.i18n import label, number, percent, t
from bemanning.i18n import register as register_messages
from bemanning.io.errors import UserError

register_messages(
    {
        "region_bad_ray": {
            "no": "--ray må være «local» eller en adresse som vert:port (fikk «{value}»)",
            "en": "--ray must be 'local' or an address like host:port (got '{value}')",
        },
        "region_solving": {"no": "Løser {units:p:enhet|enheter} og bemanningssenteret ({runner}) …",
                           "en": "Solving {units:p:unit|units} and the pool ({runner}) …"},
        "region_done": {
            "no": "Ferdig: {open} åpne plasser, {placed} dekket av bemanningssenteret, {agency} til innleie "
                  "({hours} t). Bemanningssenter-steget: {status}{gap}. Filer i {path}",
            "en": "Done: {open} open places, {placed} covered by the pool, {agency} to agency ({hours} h). "
                  "Pool step: {status}{gap}. Files in {path}",
        },
        "region_pool_broke_rule": {
            "no": "Feil: bemanningssenterets turnus bryter regler: {rules}",
            "en": "Error: the pool's roster breaks rules: {rules}",
        },
    }
)

console = make_console()


def _check_ray(value: str | None) -> str | None:
    if value is None or value == "local":
        return value
    host, _, port = value.rpartition(":")
    if value.startswith("ray://") or (host and port.isdigit()):
        return value
    raise UserError.of("region_bad_ray", value=value)


def register(app: typer.Typer) -> None:
    region_app = typer.Typer(help="Region og bemanningssenter på tvers av enheter. / Region and staffing-centre pool.",
                             no_args_is_help=True)

    @region_app.command("solve")
    def solve(
        region_file: Path = typer.Argument(..., help="Regionfil (region.yaml). / Region file."),
        out: Path = typer.Option(..., "--out", help="Mappe for resultatene. / Output folder."),
        ray: str | None = typer.Option(None, "--ray", help="«local» eller adresse til en Ray-klynge. / "
                                                          "'local' or a Ray cluster address."),
        workers: int | None = typer.Option(None, "--workers", min=1, help="Prosesser (uten --ray). / Processes."),
        unit_work: float = typer.Option(3.0, "--enhet-arbeid", min=0.1,
                                        help="Arbeidsbudsjett per enhet (deterministiske sekunder). / "
                                             "Work budget per unit (deterministic seconds)."),
        pool_work: float = typer.Option(10.0, "--pool-arbeid", min=0.1,
                                        help="Deterministiske sekunder for bemanningssenteret. / "
                                             "Deterministic seconds for the pool step."),
        seed: int = typer.Option(0, "--seed", help="Frø. / Seed."),
    ) -> None:
        """Løs alle enheter og plasser bemanningssenteret på tvers. / Solve every unit, then place the pool."""
        from bemanning.io.region_file import load_region
        from bemanning.io.region_outputs import write_region_outputs
        from bemanning.planning.pool import PoolOptions
        from bemanning.runtime.region import UnitSolveSettings, runner_for, solve_region

        address = _check_ray(ray)
        loaded = load_region(region_file)
        runner = runner_for(address, workers)
        with console.status(t("region_solving", units=len(loaded.units), runner=runner.name)):
            result = solve_region(loaded.region, loaded.units, runner,
                                  UnitSolveSettings(work_limit=unit_work, seed=seed),
                                  PoolOptions(work_limit=pool_work, seed=seed))
        write_region_outputs(loaded.region, loaded.units, result, out)
        pool = result.pool
        gap = "" if pool.gap is None else f" (gap {percent(pool.gap, 1, share=True)})"
        console.print(t("region_done", open=sum(p.count for p in result.places), placed=len(pool.placements),
                        agency=sum(pool.agency.values()), hours=number(pool.agency_minutes / 60, 1),
                        status=label("solver_status", pool.status), gap=gap, path=str(out)))
        if pool.violations:
            console.print(t("region_pool_broke_rule", rules="; ".join(pool.violations)))
            raise typer.Exit(1)

    app.add_typer(region_app, name="region")
