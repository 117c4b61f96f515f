"""CLI: `bemanning oppgavedeling UNIT --out DIR` and `bemanning kartleggingsskjema UNIT FORM.xlsx`."""

from __future__ import annotations

import os
import sys
from pathlib import Path

import typer

from bemanning.cli.checks import check_out_dir, check_target, positive_seconds
from bemanning.cli.output import make_console
from bemanning.i18n import number, t
from bemanning.io.errors import UserError

console = make_console()
err_console = make_console(stderr=True)


def register(app: typer.Typer) -> None:
    app.command("oppgavedeling")(oppgavedeling)
    app.command("kartleggingsskjema")(kartleggingsskjema)


def oppgavedeling(
    unit_file: Path = typer.Argument(..., help="Enhetsfil (.yaml/.xlsx). / Unit file."),
    out: Path = typer.Option(
        Path("oppgavedeling-out"), "--out", help="Mappe for resultatene. / Output folder."
    ),
    form: Path | None = typer.Option(
        None,
        "--skjema",
        help="Kartleggingsskjema (.xlsx) som erstatter oppgavene i enhetsfilen. / "
        "Mapping form (.xlsx) replacing the unit file's tasks.",
    ),
    time_limit: float | None = typer.Option(
        None,
        "--tidsgrense",
        callback=positive_seconds,
        help="Tidsgrense for løseren i sekunder. / Solver time limit in seconds.",
    ),
) -> None:
    """Fordel oppgavene på yrkesgruppene og lag døgnrytmeplanen. / Allocate tasks, build the activity plan."""
    from bemanning.io.tasksharing_excel import (
        freed_text,
        read_mapping_form,
        training_text,
        write_tasksharing_outputs,
    )
    from bemanning.io.unit_file import load_unit
    from bemanning.planning.activity_plan import build_activity_plan
    from bemanning.planning.tasksharing import allocate_tasks

    check_out_dir(out)
    unit = load_unit(unit_file)
    if form is not None:
        unit = read_mapping_form(form, unit)
    result = allocate_tasks(unit, time_limit_s=time_limit)
    plan = build_activity_plan(unit, result.allocation) if result.allocation is not None else None
    lang = os.environ.get("BEMANNING_LANG")
    files = write_tasksharing_outputs(unit, result, plan, out, lang)
    for note in result.notes:
        console.print(note.text(lang or "no"))
    if result.allocation is None:
        for line in result.explanation_text(lang or "no"):
            err_console.print(line, highlight=False)
        err_console.print(t("ts_cli_infeasible", unit=unit.name, path=str(files[0])), highlight=False)
        sys.exit(1)  # no allocation exists (typer.Exit would be swallowed by main's standalone_mode=False)
    hours = sum(e.hours_per_week for e in result.allocation.entries)
    console.print(
        t(
            "ts_cli_summary",
            unit=unit.name,
            tasks=len(result.allocation.entries),
            status=result.status.value,
            hours=number(hours, 1),
        )
    )
    console.print(freed_text(result))
    console.print(training_text(unit, result))
    for path in files:
        console.print(t("written", path=str(path)))


def kartleggingsskjema(
    unit_file: Path = typer.Argument(..., help="Enhetsfil (.yaml/.xlsx). / Unit file."),
    target: Path = typer.Argument(
        ..., help="Skjemaet som skal skrives (.xlsx). / The form to write (.xlsx)."
    ),
) -> None:
    """Skriv oppgavene som kartleggingsskjema (Excel). / Write the tasks as a mapping form (Excel)."""
    from bemanning.io.tasksharing_excel import write_mapping_form
    from bemanning.io.unit_file import load_unit

    if target.suffix.lower() != ".xlsx":
        raise UserError.of("unknown_format", path=str(target))
    check_target("{target}", target)
    unit = load_unit(unit_file)
    write_mapping_form(unit, target)
    console.print(t("written", path=str(target)))
