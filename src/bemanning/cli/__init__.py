"""The command line: `bemanning --help`. Help texts are Norwegian first, English after the slash.

Start-up is kept light: this module imports typer and rich only. Each capability's commands live in
their own module (``register(app)``), listed in ``LAZY_COMMANDS`` with their one-line help; a module is
imported only when one of its commands runs or shows its own help. Heavy libraries (OR-Tools, numba,
pandas, polars, plotly, FastAPI, SQLAlchemy, openpyxl) are imported inside the command functions.
"""

from __future__ import annotations

import importlib
import json
import os
import sys
import time
from dataclasses import dataclass
from pathlib import Path
from typing import Any

# typer 0.29 coerces parameters with pydantic, whose plugin loader scans every installed package's entry
# points (~0.1 s); bemanning uses no pydantic plugin. A value the user set wins.
os.environ.setdefault("PYDANTIC_DISABLE_PLUGINS", "__all__")

import typer  # noqa: E402
from typer.core import TyperGroup  # noqa: E402

from bemanning.cli import errors, interrupt
from bemanning.cli.checks import check_out_dir, check_target, positive_seconds
from bemanning.cli.helptext import (
    LocalisedCommand,
    localise,
    localised_help_option,
    prepare_help_formatter,
    write_usage,
)
from bemanning.cli.output import make_console
from bemanning.cli.startup import as_light_options
from bemanning.i18n import t
from bemanning.io.errors import UserError


@dataclass(frozen=True)
class LazyCommand:
    module: str
    help: str  # the first line of the command's own help; tests/test_cli_start.py keeps the two equal


# Each capability registers its commands from its own module: `register(app)`. One line per command
# (a module may register several); the order is the order of `bemanning --help`.
LAZY_COMMANDS: dict[str, LazyCommand] = {
    "oppgavedeling": LazyCommand(
        "bemanning.cli.tasksharing",
        "Fordel oppgavene på yrkesgruppene og lag døgnrytmeplanen. / Allocate tasks, build the activity plan.",
    ),
    "kartleggingsskjema": LazyCommand(
        "bemanning.cli.tasksharing",
        "Skriv oppgavene som kartleggingsskjema (Excel). / Write the tasks as a mapping form (Excel).",
    ),
    "bemanningsplan": LazyCommand(
        "bemanning.cli.staffing",
        "Bemanningsplan, årsverksbehov og framskriving som CSV. / Staffing plan, FTE need, projection.",
    ),
    "kostnad": LazyCommand(
        "bemanning.cli.costs",
        "Kostnad for en turnus med tillegg, overtid og innleie. / Cost of a roster incl. cover.",
    ),
    "eksport": LazyCommand(
        "bemanning.cli.costs",
        "Turnus som Excel-rutenett og iCalendar per ansatt. / Roster as Excel grid and .ics files.",
    ),
    "followup": LazyCommand(
        "bemanning.cli.followup",
        "Oppfølging av styringsdata: innleie, månedsverk, overtid, sykefravær. / Follow-up of actuals.",
    ),
    "serve": LazyCommand(
        "bemanning.cli.web",
        "Start webapplikasjonen (SQLite i BEMANNING_DATA_DIR eller BEMANNING_DATABASE_URL). "
        "/ Start the web application.",
    ),
    "bruker": LazyCommand(
        "bemanning.cli.users",
        "Brukere av webapplikasjonen (BEMANNING_DATA_DIR / BEMANNING_DATABASE_URL). / Web app users.",
    ),
    "solve": LazyCommand("bemanning.cli.roster", "Lag turnus for enheten. / Plan a roster for the unit."),
    "check": LazyCommand(
        "bemanning.cli.roster",
        "Sjekk turnus mot lov, avtaler og minimum (exit 1 ved brudd). / Check a roster (exit 1 if broken).",
    ),
    "repair": LazyCommand(
        "bemanning.cli.sickcalls",
        "Reparer turnus etter sykemelding med få endringer. / Repair a roster after sick calls, few changes.",
    ),
    "fyll": LazyCommand(
        "bemanning.cli.sickcalls",
        "Forslag til hvem som kan ta en ledig vakt. / Ranked candidates for an empty place.",
    ),
    "scenario": LazyCommand("bemanning.cli.scenarios", "Scenarioer: sammenlign tiltak. / Scenarios: compare measures."),
    "bench": LazyCommand(
        "bemanning.cli.bench", "Måling mot offentlige benchmarker. / Benchmarks against public instances."
    ),
    "aktivitet": LazyCommand(
        "bemanning.cli.integrations",
        "Planlagt aktivitet fra DIPS (FHIR) eller CSV. / Planned activity from DIPS (FHIR) or CSV.",
    ),
    "import": LazyCommand("bemanning.cli.integrations", "Les filer fra GAT. / Read files from GAT."),
    "kompetanse": LazyCommand(
        "bemanning.cli.integrations",
        "Dokumentert kompetanse fra kompetanseportalen. / Documented competence.",
    ),
    "lonn": LazyCommand(
        "bemanning.cli.integrations",
        "Lønnslinjer (variabel lønn) for lønnssystemet. / Payroll lines (variable pay) for payroll.",
    ),
    "rapport": LazyCommand(
        "bemanning.cli.report",
        "Rapport for enheten som HTML-side og PDF. / Report for the unit as an HTML page and PDF.",
    ),
    "region": LazyCommand(
        "bemanning.cli.region", "Region og bemanningssenter på tvers av enheter. / Region and staffing-centre pool."
    ),
}


def load_commands(module_name: str) -> dict[str, Any]:
    """Import one command module and return the click commands it registers, by name."""
    scratch = typer.Typer(cls=LocalisedGroup)
    importlib.import_module(module_name).register(scratch)
    for info in scratch.registered_groups:  # sub-apps (`scenario`, `bench`, …) get Norwegian errors too
        if info.cls is None or type(info.cls).__name__ == "DefaultPlaceholder":
            info.cls = LocalisedGroup
        sub = info.typer_instance
        if sub is not None and type(sub.info.cls).__name__ == "DefaultPlaceholder":
            sub.info.cls = LocalisedGroup

    @scratch.callback()
    def _scratch() -> None:  # forces a group even when the module registers a single command
        pass

    group = typer.main.get_command(scratch)
    assert isinstance(group, TyperGroup)
    return {name: localise(command) for name, command in group.commands.items()}


class LocalisedGroup(TyperGroup):
    """A typer group whose "unknown command" error is a catalogue message naming the command, and whose help
    is localised (helptext.py). Its own options are read on every command line that passes through it,
    without pydantic (startup.py).
    """

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        as_light_options(self.params)

    def get_help_option(self, ctx: Any) -> Any:
        return localised_help_option(super().get_help_option(ctx))

    def format_usage(self, ctx: Any, formatter: Any) -> None:
        write_usage(self, ctx, formatter)

    def format_help(self, ctx: Any, formatter: Any) -> None:
        prepare_help_formatter()
        super().format_help(ctx, formatter)

    def resolve_command(self, ctx: Any, args: list[str]) -> Any:
        name = args[0] if args else ""
        if name and not name.startswith("-") and self.get_command(ctx, name) is None and not ctx.resilient_parsing:
            ctx.fail(errors.unknown_command_message(name, self.list_commands(ctx)))
        resolved = super().resolve_command(ctx, args)
        errors.resolved_command(ctx, resolved[0], resolved[1])
        return resolved


class LazyGroup(LocalisedGroup):
    """The top-level group: lists every command from ``LAZY_COMMANDS`` and imports a module on first use."""

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        localise(self)

    def list_commands(self, ctx: Any) -> list[str]:
        return [*self.commands, *(name for name in LAZY_COMMANDS if name not in self.commands)]

    def get_command(self, ctx: Any, cmd_name: str) -> Any:
        command = self.commands.get(cmd_name)
        if command is None and cmd_name in LAZY_COMMANDS:
            # A stand-in with the one-line help, enough for `bemanning --help`; resolve_command loads the real one.
            return LocalisedCommand(cmd_name, help=LAZY_COMMANDS[cmd_name].help)
        return command

    def resolve_command(self, ctx: Any, args: list[str]) -> Any:
        if args and args[0] in LAZY_COMMANDS and args[0] not in self.commands:
            for name, command in load_commands(LAZY_COMMANDS[args[0]].module).items():
                self.commands.setdefault(name, command)
        return super().resolve_command(ctx, args)


def _set_lang(value: str) -> str:
    if value not in ("no", "en"):
        raise typer.BadParameter(t("cli_bad_lang", value=value))
    os.environ["BEMANNING_LANG"] = value
    return value


app = typer.Typer(
    name="bemanning",
    cls=LazyGroup,
    help="Bemanningsplanlegging for sykehusenheter. / Workforce planning for Norwegian hospital units.",
    no_args_is_help=True,
    add_completion=False,
    pretty_exceptions_enable=False,
)
# Wide output when piped, so tables stay readable in files and tests.
console = make_console()
err_console = make_console(stderr=True)


@app.callback()
def _main(
    lang: str = typer.Option(
        "no", "--lang", is_eager=True, callback=_set_lang, help="Språk for meldinger (no|en). / Language of messages."
    ),
) -> None:
    pass


@app.command("schema")
def schema(
    kind: str = typer.Argument("unit", help="Hvilket skjema (unit). / Which schema (unit)."),
) -> None:
    """Skriv JSON Schema for enhetsfilen. / Print the JSON Schema of the unit file."""
    from bemanning.model import Unit

    if kind != "unit":
        raise UserError.of("unknown_schema", kind=kind)
    console.print_json(json.dumps(Unit.model_json_schema(), ensure_ascii=False))


@app.command("valider")
def validate(unit_file: Path = typer.Argument(..., help="Enhetsfil (.yaml/.xlsx). / Unit file.")) -> None:
    """Sjekk en enhetsfil og skriv en kort oppsummering. / Validate a unit file."""
    from bemanning.io.unit_file import load_unit

    unit = load_unit(unit_file)
    console.print(t("unit_ok", name=unit.name, groups=len(unit.groups), tasks=len(unit.tasks),
                    employees=len(unit.employees), shifts=len(unit.shift_types)))


@app.command("konverter")
def convert(
    source: Path = typer.Argument(..., help="Fra fil (.yaml/.xlsx). / From file."),
    target: Path = typer.Argument(..., help="Til fil (.yaml/.xlsx). / To file."),
) -> None:
    """Konverter en enhetsfil mellom YAML og Excel. / Convert a unit file between YAML and Excel."""
    from bemanning.io.unit_file import load_unit, save_unit

    if target.suffix.lower() not in (".yaml", ".yml", ".xlsx"):
        raise UserError.of("unknown_format", path=str(target))
    check_target("{target}", target)
    unit = load_unit(source)
    save_unit(unit, target)
    console.print(t("written", path=str(target)))


@app.command("regler")
def rules(
    unit_file: Path | None = typer.Argument(None, help="Enhetsfil (valgfri). / Unit file (optional)."),
) -> None:
    """Vis alle regelinnstillinger med verdi og lovhenvisning. / Show every rule setting with its reference."""
    from rich.table import Table

    from bemanning.i18n import number
    from bemanning.io.unit_file import load_unit
    from bemanning.model import DEFAULT_RULES
    from bemanning.model.rule_texts import rule_label, rule_unit, source_label

    settings = load_unit(unit_file).rules.settings if unit_file else DEFAULT_RULES
    table = Table(title=t("rules_title"))
    for column in ("name", "value", "unit", "hard", "reference", "description"):
        table.add_column(t(f"col_{column}"))
    for name, s in settings.items():
        flag = t("hard") if s.hard else t("soft_weight", weight=s.weight)
        shown = number(s.value) if isinstance(s.value, int | float) else str(s.value)
        value = shown + ("" if s.verified else " *")
        table.add_row(name, value, rule_unit(s.unit), flag, source_label(s.reference), rule_label(name))
    console.print(table)
    console.print(t("rules_unverified_note"))
    from bemanning.model.costs import CostSettings

    costs = load_unit(unit_file).costs if unit_file else CostSettings()
    cost_table = Table(title=t("rules_costs_title"))
    for column in ("name", "value", "unit", "reference"):
        cost_table.add_column(t(f"col_{column}"))
    for row in costs.listing():
        cost_table.add_row(*row)
    console.print(cost_table)


@app.command("demo")
def demo(
    out: Path = typer.Option(Path("demo-out"), "--out", help="Mappe for resultatene. / Output folder."),
    time_limit: float | None = typer.Option(
        None, "--tidsgrense", callback=positive_seconds,
        help="Sekunder per løsning (turnus, scenarioer). / Seconds per solver run.",
    ),
    region: bool = typer.Option(
        False, "--region", help="Skriv demoregionen (region.yaml og enhetsfiler). / Write the demo region files."
    ),
    demo_unit: str = typer.Option(
        "medisinsk", "--enhet", help="Demoenhet: medisinsk eller kirurgisk. / Demo unit: medisinsk or kirurgisk."
    ),
) -> None:
    """Kjør hele kjeden på demoenheten. / Run the whole chain on the embedded demo unit."""
    from bemanning.demo import DEMO_UNITS
    from bemanning.demo.chain import run_chain_with_report

    if demo_unit not in DEMO_UNITS:
        raise UserError.of("demo_unknown_unit", name=demo_unit, choices=", ".join(DEMO_UNITS))
    check_out_dir(out)
    if region:
        from bemanning.demo.region import build_region, write_region

        console.print(t("written", path=str(write_region(build_region(), out))))
        return
    unit = DEMO_UNITS[demo_unit]()
    with console.status(t("demo_running")) as status:
        outputs, written = run_chain_with_report(unit, out, progress=lambda message: status.update(message),
                                                 time_limit=time_limit)
    for step in outputs:
        console.print(f"[bold]{step.title}[/bold]")
        for line in step.summary:
            console.print(f"  {line}")
    if written.engine == "none":
        console.print(t("pdf_unavailable"), style="yellow")
    elif written.engine != "weasyprint":
        console.print(t("report_pdf_fallback"), style="yellow")
    console.print(t("demo_done", path=str(out / "index.html")))


def main(args: list[str] | None = None) -> None:
    """Entry point: usage errors exit 2 with the usage and one line, Ctrl-C exits 130, never a traceback."""
    import logging

    logging.basicConfig(level=os.environ.get("BEMANNING_LOG_LEVEL", "WARNING"))  # `serve` logs (docs/web.md)
    args = list(sys.argv[1:] if args is None else args)
    started = time.time()
    errors.forget_resolved()
    interrupt.install()
    group = typer.main.get_command(app)
    try:
        with group.make_context("bemanning", list(args)) as ctx:
            group.invoke(ctx)
    except UserError as exc:
        from rich.text import Text

        err_console.print(Text(exc.text(), style="red"), highlight=False, soft_wrap=True)
        sys.exit(2)
    except errors.UsageError as exc:
        errors.show_usage_error(exc)
        sys.exit(2)
    except errors.ClickException as exc:  # e.g. a file that cannot be opened
        print(f"{t('cli_error')}: {exc.format_message()}", file=sys.stderr)  # type: ignore[attr-defined]
        sys.exit(getattr(exc, "exit_code", 1))
    except typer.Exit as exc:
        sys.exit(exc.exit_code)
    except (KeyboardInterrupt, typer.Abort):
        errors.show_interrupted(args, started)
        sys.exit(130)
    except BrokenPipeError:  # `bemanning regler | head`: the reader left; say nothing
        sys.stdout = open(os.devnull, "w")  # noqa: SIM115 - keep Python's exit flush quiet
        sys.exit(1)
    except Exception as exc:  # the last guard: one line for users, the details in a log file
        if interrupt.interrupted.is_set():  # e.g. a worker process that Ctrl-C ended first
            errors.show_interrupted(args, started)
            sys.exit(130)
        if os.environ.get("BEMANNING_DEBUG"):
            raise
        known = set(LAZY_COMMANDS) | set(getattr(group, "commands", {}))
        path = errors.write_crash_log(exc, errors.command_names(args, known))
        print(t("cli_internal_error", kind=type(exc).__name__, path=path), file=sys.stderr)
        sys.exit(1)
