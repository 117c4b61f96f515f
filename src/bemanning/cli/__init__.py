"""The command line: `bemanning --help`. Help texts are Norwegian first, English after the slash."""

from __future__ import annotations

import importlib
import json
import logging
import os
import sys
from pathlib import Path

import typer
from rich.console import Console
from rich.table import Table

from bemanning.i18n import t
from bemanning.io.errors import UserError
from bemanning.io.unit_file import load_unit, save_unit
from bemanning.model import DEFAULT_RULES, Unit

app = typer.Typer(
    name="bemanning",
    help="Bemanningsplanlegging for sykehusenheter. / Workforce planning for Norwegian hospital units.",
    no_args_is_help=True,
    add_completion=False,
    pretty_exceptions_enable=False,
)
# Wide output when piped, so tables stay readable in files and tests.
console = Console(width=None if sys.stdout.isatty() else 200)
err_console = Console(stderr=True)
log = logging.getLogger("bemanning")

# Each capability registers its commands from its own module: `register(app)`.
FEATURE_MODULES: list[str] = [
    "bemanning.cli.tasksharing",
    "bemanning.cli.staffing",
    "bemanning.cli.costs",
    "bemanning.cli.followup",
    "bemanning.cli.web",
    "bemanning.cli.roster",
    "bemanning.cli.sickcalls",
    "bemanning.cli.scenarios",
    "bemanning.cli.bench",
]


@app.callback()
def _main(
    lang: str = typer.Option("no", "--lang", help="Språk for meldinger (no|en). / Language of messages."),
) -> None:
    os.environ["BEMANNING_LANG"] = lang if lang in ("no", "en") else "no"


@app.command("schema")
def schema(
    kind: str = typer.Argument("unit", help="Hvilket skjema (unit). / Which schema (unit)."),
) -> None:
    """Skriv JSON Schema for enhetsfilen. / Print the JSON Schema of the unit file."""
    if kind != "unit":
        raise UserError.of("unknown_schema", kind=kind)
    console.print_json(json.dumps(Unit.model_json_schema(), ensure_ascii=False))


@app.command("valider")
def validate(unit_file: Path = typer.Argument(..., help="Enhetsfil (.yaml/.xlsx). / Unit file.")) -> None:
    """Sjekk en enhetsfil og skriv en kort oppsummering. / Validate a unit file."""
    unit = load_unit(unit_file)
    console.print(t("unit_ok", name=unit.name, groups=len(unit.groups), tasks=len(unit.tasks),
                    employees=len(unit.employees), shifts=len(unit.shift_types)))


@app.command("konverter")
def convert(
    source: Path = typer.Argument(..., help="Fra fil (.yaml/.xlsx). / From file."),
    target: Path = typer.Argument(..., help="Til fil (.yaml/.xlsx). / To file."),
) -> None:
    """Konverter en enhetsfil mellom YAML og Excel. / Convert a unit file between YAML and Excel."""
    unit = load_unit(source)
    if target.suffix.lower() not in (".yaml", ".yml", ".xlsx"):
        raise UserError.of("unknown_format", path=str(target))
    save_unit(unit, target)
    console.print(t("written", path=str(target)))


@app.command("regler")
def rules(
    unit_file: Path | None = typer.Argument(None, help="Enhetsfil (valgfri). / Unit file (optional)."),
) -> None:
    """Vis alle regelinnstillinger med verdi og lovhenvisning. / Show every rule setting with its reference."""
    settings = load_unit(unit_file).rules.settings if unit_file else DEFAULT_RULES
    table = Table(title=t("rules_title"))
    for column in ("name", "value", "unit", "hard", "reference", "description"):
        table.add_column(t(f"col_{column}"))
    for name, s in settings.items():
        flag = t("hard") if s.hard else t("soft_weight", weight=s.weight)
        value = str(s.value) + ("" if s.verified else " *")
        table.add_row(name, value, s.unit, flag, s.reference, s.description)
    console.print(table)
    console.print(t("rules_unverified_note"))


@app.command("demo")
def demo(
    out: Path = typer.Option(Path("demo-out"), "--out", help="Mappe for resultatene. / Output folder."),
    time_limit: float | None = typer.Option(
        None, "--tidsgrense", min=1, help="Sekunder per løsning (turnus, scenarioer). / Seconds per solver run."
    ),
) -> None:
    """Kjør hele kjeden på demoenheten. / Run the whole chain on the embedded demo unit."""
    from bemanning.demo import build_demo_unit
    from bemanning.demo.chain import run_chain

    unit = build_demo_unit()
    with console.status(t("demo_running")) as status:
        outputs = run_chain(unit, out, progress=lambda message: status.update(message), time_limit=time_limit)
    for step in outputs:
        console.print(f"[bold]{step.title}[/bold]")
        for line in step.summary:
            console.print(f"  {line}")
    console.print(t("demo_done", path=str(out / "index.html")))


def _load_features() -> None:
    for module_name in FEATURE_MODULES:
        importlib.import_module(module_name).register(app)


_load_features()


def main() -> None:
    """Entry point: user errors print a message and exit 2, never a traceback."""
    logging.basicConfig(level=os.environ.get("BEMANNING_LOG_LEVEL", "WARNING"))
    try:
        # Outside standalone mode click returns the exit code of typer.Exit instead of raising it.
        code = app(standalone_mode=False)
        if isinstance(code, int) and code != 0:
            sys.exit(code)
    except UserError as exc:
        err_console.print(f"[red]{exc.text()}[/red]", highlight=False)
        sys.exit(2)
    except typer.Exit as exc:
        sys.exit(exc.exit_code)
    except typer.Abort:
        err_console.print(t("aborted"))
        sys.exit(130)
    except KeyboardInterrupt:
        err_console.print(t("aborted"))
        sys.exit(130)
    except Exception as exc:  # the last guard: no traceback for users, details in the log
        if os.environ.get("BEMANNING_DEBUG"):
            raise
        import click

        if isinstance(exc, click.ClickException):
            exc.show()
            sys.exit(exc.exit_code)
        log.exception("unexpected error (%s)", type(exc).__name__)
        err_console.print(t("internal_error", kind=type(exc).__name__))
        sys.exit(1)
