"""`bemanning rapport UNIT --out DIR`: the whole chain for a unit and its report as one HTML page and PDF."""

from __future__ import annotations

from pathlib import Path
from typing import TYPE_CHECKING

import typer

from bemanning.cli.checks import check_out_dir, positive_seconds
from bemanning.cli.output import make_console
from bemanning.i18n import t

if TYPE_CHECKING:
    from rich.console import Console

    from bemanning.report import WrittenReport


def register(app: typer.Typer) -> None:
    @app.command("rapport")
    def report_command(
        unit_file: Path = typer.Argument(..., help="Enhetsfil (.yaml/.xlsx). / Unit file."),
        out: Path = typer.Option(..., "--out", help="Mappe for rapporten og filene. / Output folder."),
        time_limit: float | None = typer.Option(
            None, "--tidsgrense", callback=positive_seconds,
            help="Arbeidsbudsjett per turnus (turnus, scenarioer). / Work budget per roster solve.",
        ),
    ) -> None:
        """Rapport for enheten som HTML-side og PDF. / Report for the unit as an HTML page and PDF."""
        import bemanning.report  # noqa: F401 - its messages
        from bemanning.demo.chain import run_chain_with_report
        from bemanning.io.unit_file import load_unit

        unit = load_unit(unit_file)
        check_out_dir(out)
        console = make_console()
        with console.status(t("demo_running")) as status:
            _, written = run_chain_with_report(unit, out, progress=lambda message: status.update(message),
                                               time_limit=time_limit)
        report_pdf_notes(console, written)


def report_pdf_notes(console: Console, written: WrittenReport) -> None:
    """Where the report is; without WeasyPrint, what the PDF lacks, and without any PDF engine, what to
    install (the HTML page is written either way, so the command still succeeds)."""
    if written.pdf is None:
        console.print(t("report_written_html", html=str(written.html)))
        console.print(t("pdf_unavailable"), style="yellow")
        return
    console.print(t("report_written", html=str(written.html), pdf=str(written.pdf)))
    if written.engine != "weasyprint":
        console.print(t("report_pdf_fallback"), style="yellow")
