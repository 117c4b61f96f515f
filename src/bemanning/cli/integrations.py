"""Integrations (issue 29): `bemanning aktivitet …` (planned activity from DIPS/FHIR or CSV),
`bemanning import gat|timer …` (GAT rosters and time records), `bemanning lonn …` (payroll lines).

Heavy modules are imported inside the commands."""

from __future__ import annotations

import datetime as dt
import json
from pathlib import Path
from typing import TYPE_CHECKING

import typer

from bemanning.cli.output import make_console
from bemanning.i18n import t
from bemanning.integrations import messages as _messages  # noqa: F401  (registers the messages)
from bemanning.io.errors import UserError

if TYPE_CHECKING:
    from bemanning.model import Unit

console = make_console()


def load_unit(path: Path) -> Unit:
    """The unit file; its loader imports the pydantic models, so only when a command runs (not for --help)."""
    from bemanning.io.unit_file import load_unit as load

    return load(path)


def _date(value: str | None) -> dt.date | None:
    if value is None:
        return None
    try:
        return dt.date.fromisoformat(value)
    except ValueError:
        raise UserError.of("integ_bad_date", value=value) from None


def register_activity(app: typer.Typer) -> None:
    activity = typer.Typer(
        help="Planlagt aktivitet fra DIPS (FHIR) eller CSV. / Planned activity from DIPS (FHIR) or CSV.",
        no_args_is_help=True,
    )
    app.add_typer(activity, name="aktivitet")

    @activity.command("importer")
    def import_activity(
        file: Path = typer.Argument(..., help="FHIR Bundle (.json) eller CSV. / FHIR Bundle or CSV."),
        unit_file: Path = typer.Option(..., "--enhet", help="Enhetsfil. / Unit file."),
        out: Path = typer.Option(..., "--out", help="Mappe for resultatene. / Output folder."),
        start: str | None = typer.Option(None, "--from", help="Første dato (standard: filens). / First date."),
        end: str | None = typer.Option(None, "--to", help="Siste dato (standard: filens). / Last date."),
    ) -> None:
        """Aktivitet per dato og bemanningsbehov per dato. / Activity and staffing requirement per date."""
        from bemanning.integrations.activity import read_activity, write_activity_csv
        from bemanning.integrations.requirement import requirement_by_date, write_requirement_by_date

        unit = load_unit(unit_file)
        first, last = _date(start), _date(end)
        if first is not None and last is not None and last < first:
            raise UserError.of("integ_bad_period")
        activity = read_activity(file, unit)
        rows = requirement_by_date(unit, activity, start=first, end=last)
        out.mkdir(parents=True, exist_ok=True)
        write_activity_csv(activity, out / "activity_by_date.csv")
        write_requirement_by_date(rows, out / "requirement_by_date.csv")
        console.print(t("integ_activity_done", resources=activity.resources, other=activity.other_units,
                        dates=len({r.date for r in rows}), rows=len(rows), path=str(out)))

    @activity.command("eksempel")
    def sample_activity(
        unit_file: Path = typer.Option(..., "--enhet", help="Enhetsfil. / Unit file."),
        out: Path = typer.Option(..., "--out", help="Mappe for eksempelfilene. / Output folder."),
        weeks: int = typer.Option(2, "--uker", min=1, max=52, help="Uker. / Weeks."),
        appointments: int = typer.Option(120, "--avtaler", min=0, max=100_000, help="Timeavtaler. / Appointments."),
    ) -> None:
        """Skriv en eksempel-Bundle (FHIR) og en eksempel-CSV. / Write a sample FHIR Bundle and CSV."""
        from bemanning.integrations.samples import sample_activity_csv, sample_fhir_bundle

        unit = load_unit(unit_file)
        out.mkdir(parents=True, exist_ok=True)
        bundle = sample_fhir_bundle(unit, weeks=weeks, appointments=appointments)
        (out / "dips_bundle.json").write_text(json.dumps(bundle, indent=1, ensure_ascii=False), encoding="utf-8")
        (out / "aktivitet.csv").write_text(sample_activity_csv(unit, weeks=weeks), encoding="utf-8")
        console.print(t("written", path=str(out / "dips_bundle.json")))
        console.print(t("written", path=str(out / "aktivitet.csv")))




def register_payroll(app: typer.Typer) -> None:
    @app.command("lonn")
    def payroll(
        unit_file: Path = typer.Argument(..., help="Enhetsfil. / Unit file."),
        roster_file: Path = typer.Argument(..., help="Turnus som CSV. / Roster CSV."),
        out: Path = typer.Option(..., "--out", help="Mappe for resultatene. / Output folder."),
        start: str | None = typer.Option(None, "--from", help="Turnusens første dato. / Roster's first date."),
        end: str | None = typer.Option(None, "--to", help="Turnusens siste dato. / Roster's last date."),
        cost_centre: str | None = typer.Option(None, "--koststed", help="Koststed (standard: enhetens id). / "
                                               "Cost centre (default: the unit id)."),
    ) -> None:
        """Lønnslinjer (variabel lønn) for lønnssystemet. / Payroll lines (variable pay) for payroll."""
        from bemanning.integrations.payroll import payroll_lines, write_payroll_csv
        from bemanning.io.roster_csv import read_roster_csv

        unit = load_unit(unit_file)
        period = _period_of(start, end)
        if period is None:
            roster = read_roster_csv(roster_file, unit)
        else:
            roster = read_roster_csv(roster_file, unit, start=period[0], days=period[1], cyclic=False)
        lines = payroll_lines(unit, roster, cost_centre=cost_centre)
        out.mkdir(parents=True, exist_ok=True)
        write_payroll_csv(lines, out / "payroll.csv")
        console.print(t("integ_payroll_done", lines=len(lines), amount=sum(i.amount for i in lines),
                        path=str(out / "payroll.csv")))


def period_of(start: str | None, end: str | None) -> tuple[dt.date, int]:
    """First date and days of the calendar period --from/--to (both required)."""
    period = _period_of(start, end)
    if period is None:
        raise UserError.of("integ_bad_period")
    return period


def _period_of(start: str | None, end: str | None) -> tuple[dt.date, int] | None:
    """First date and days of a calendar period given by --from/--to, or None when neither is given."""
    first, last = _date(start), _date(end)
    if first is None and last is None:
        return None
    if first is None or last is None or last < first:
        raise UserError.of("integ_bad_period")
    return first, (last - first).days + 1


def register_imports(app: typer.Typer) -> typer.Typer:
    imports = typer.Typer(help="Les filer fra GAT. / Read files from GAT.", no_args_is_help=True)
    app.add_typer(imports, name="import")

    @imports.command("timer")
    def import_time_records(
        file: Path = typer.Argument(..., help="Timelister fra GAT (CSV/Excel). / Time records (CSV/Excel)."),
        unit_file: Path = typer.Option(..., "--enhet", help="Enhetsfil. / Unit file."),
        out: Path = typer.Option(..., "--out", help="Mappe for vakter.parquet. / Output folder."),
        code_file: Path | None = typer.Option(None, "--koder", help="Kodetabell (YAML). / Code table (YAML)."),
        clinic: str = typer.Option("Klinikk", "--klinikk", help="Klinikk i organisasjonstabellen. / Clinic."),
        trust: str = typer.Option("Helseforetak", "--foretak", help="Helseforetak. / Health trust."),
        region: str = typer.Option("Region", "--region", help="Regionalt helseforetak. / Region."),
    ) -> None:
        """Timelister til oppfølgingens vakter.parquet. / Time records to the follow-up's vakter.parquet."""
        import csv

        from bemanning.integrations.codes import load_code_table
        from bemanning.integrations.time_records import organisation_row, read_time_records, write_vakter

        unit = load_unit(unit_file)
        records = read_time_records(file, unit, load_code_table(code_file))
        out.mkdir(parents=True, exist_ok=True)
        write_vakter(records, out / "vakter.parquet")
        org = out / "organisasjon.csv"
        if not org.exists():  # the follow-up needs the unit in its organisation table
            with org.open("w", newline="", encoding="utf-8") as handle:
                writer = csv.DictWriter(handle, fieldnames=["enhet_id", "enhet", "klinikk", "foretak", "region"])
                writer.writeheader()
                writer.writerow(organisation_row(unit, clinic, trust, region))
        console.print(t("integ_time_done", rows=len(records.rows), skipped=records.skipped,
                        ordinary=round(records.hours("ordinaer"), 1), overtime=round(records.hours("overtid"), 1),
                        agency=round(records.hours("innleie"), 1),
                        absence=round(records.hours("fravaer_korttid") + records.hours("fravaer_langtid"), 1),
                        path=str(out / "vakter.parquet")))

    @imports.command("eksempel")
    def sample_imports(
        unit_file: Path = typer.Option(..., "--enhet", help="Enhetsfil. / Unit file."),
        out: Path = typer.Option(..., "--out", help="Mappe for eksempelfilene. / Output folder."),
    ) -> None:
        """Skriv eksempelfiler fra GAT (turnus, timelister). / Write sample GAT files (roster, time records)."""
        from bemanning.integrations.gat import write_gat_csv, write_gat_grid
        from bemanning.integrations.samples import sample_gat_roster, sample_time_records

        unit = load_unit(unit_file)
        out.mkdir(parents=True, exist_ok=True)
        roster = sample_gat_roster(unit)
        write_gat_csv(roster, unit, out / "gat.csv")
        write_gat_grid(roster, unit, out / "gat_rutenett.xlsx")
        (out / "gat_timer.csv").write_text(sample_time_records(unit), encoding="utf-8")
        for name in ("gat.csv", "gat_rutenett.xlsx", "gat_timer.csv"):
            console.print(t("written", path=str(out / name)))

    @imports.command("gat")
    def import_gat(
        file: Path = typer.Argument(..., help="Turnus fra GAT (CSV/Excel, liste eller rutenett). / GAT roster."),
        unit_file: Path = typer.Option(..., "--enhet", help="Enhetsfil. / Unit file."),
        out: Path = typer.Option(..., "--out", help="Mappe for roster.csv. / Output folder."),
        code_file: Path | None = typer.Option(None, "--koder", help="Kodetabell (YAML). / Code table (YAML)."),
        start: str | None = typer.Option(None, "--from", help="Første dato (standard: filens). / First date."),
        end: str | None = typer.Option(None, "--to", help="Siste dato (standard: filens). / Last date."),
    ) -> None:
        """Turnus med fravær fra GAT til roster.csv. / A GAT roster with absences to roster.csv."""
        from bemanning.integrations.codes import load_code_table
        from bemanning.integrations.gat import read_gat
        from bemanning.io.roster_csv import write_roster_csv

        unit = load_unit(unit_file)
        first, last = _date(start), _date(end)
        if (first is None) != (last is None) or (first and last and last < first):
            raise UserError.of("integ_bad_period")
        roster = read_gat(file, unit, load_code_table(code_file), start=first, end=last)
        out.mkdir(parents=True, exist_ok=True)
        write_roster_csv(roster, unit, out / "roster.csv")
        console.print(t("integ_gat_done", shifts=len(roster.assignments), absences=len(roster.absences),
                        start=roster.start_date.isoformat(), end=roster.end_date.isoformat(),
                        path=str(out / "roster.csv")))

    return imports


def register_competence(app: typer.Typer) -> None:
    competence = typer.Typer(help="Dokumentert kompetanse fra kompetanseportalen. / Documented competence.",
                             no_args_is_help=True)
    app.add_typer(competence, name="kompetanse")

    @competence.command("importer")
    def import_competence(
        file: Path = typer.Argument(..., help="Kompetanse (CSV/Excel). / Competence (CSV/Excel)."),
        unit_file: Path = typer.Option(..., "--enhet", help="Enhetsfil. / Unit file."),
        out: Path = typer.Option(..., "--out", help="Mappe for resultatene. / Output folder."),
        start: str | None = typer.Option(None, "--from", help="Planperiodens første dato (standard: enhetens). / "
                                         "First date of the plan (default: the unit's)."),
        end: str | None = typer.Option(None, "--to", help="Planperiodens siste dato (standard: enhetens). / "
                                       "Last date of the plan (default: the unit's)."),
        warn_days: int | None = typer.Option(None, "--varsel-dager", min=0, max=3650,
                                             help="Varsle om utløp så mange dager etter perioden (standard: "
                                             "enhetens regelinnstilling, 90). / Days of warning (default: the "
                                             "unit's rule setting, 90)."),
    ) -> None:
        """Kompetanse til enhetsfil, status og opplæringsliste. / Competence to unit file, status, training."""
        from bemanning.integrations.competence import (
            STATUS_COLUMNS,
            TRAINING_COLUMNS,
            apply_certifications,
            read_certifications,
            write_rows,
        )
        from bemanning.io.unit_file import save_unit
        from bemanning.planning.rostering.context import period_for_unit

        unit = load_unit(unit_file)
        period = _period_of(start, end)
        if period is None:
            default = period_for_unit(unit)
            period = default.start, default.days
        first, days = period
        rows = read_certifications(file, unit)
        result = apply_certifications(unit, rows, first, first + dt.timedelta(days=days - 1), warn_days)
        out.mkdir(parents=True, exist_ok=True)
        save_unit(result.unit, out / "enhet.yaml")
        write_rows(result.status, STATUS_COLUMNS, out / "kompetanse_status.csv")
        write_rows(result.training, TRAINING_COLUMNS, out / "opplaering.csv")
        console.print(t("integ_competence_done", certs=len(rows), training=len(result.needs), path=str(out)))

    @competence.command("eksempel")
    def sample_competence(
        unit_file: Path = typer.Option(..., "--enhet", help="Enhetsfil. / Unit file."),
        out: Path = typer.Option(..., "--out", help="Mappe for eksempelfilen. / Output folder."),
    ) -> None:
        """Skriv en eksempelfil fra kompetanseportalen. / Write a sample competence-portal file."""
        from bemanning.integrations.samples import sample_competence_csv

        unit = load_unit(unit_file)
        out.mkdir(parents=True, exist_ok=True)
        (out / "kompetanse.csv").write_text(sample_competence_csv(unit), encoding="utf-8")
        console.print(t("written", path=str(out / "kompetanse.csv")))


def register(app: typer.Typer) -> None:
    register_activity(app)
    register_payroll(app)
    register_imports(app)
    register_competence(app)
