"""`bemanning kostnad` (cost of a roster) and `bemanning eksport` (Excel grid and .ics files)."""

from __future__ import annotations

from pathlib import Path

import typer

from bemanning.cli.checks import check_out_dir
from bemanning.cli.output import make_console
from bemanning.i18n import number, t
from bemanning.i18n import register as register_messages
from bemanning.io.errors import UserError

console = make_console()

register_messages({
    "costs_own_staff": {
        "no": "Egne ansatte: {total} kr for {weeks:.1f} uker "
              "({per_week} kr/uke, {annual} kr/år)",
        "en": "Own staff: NOK {total} for {weeks:.1f} weeks "
              "(NOK {per_week}/week, {annual}/year)",
    },
    "costs_cover": {
        "no": "Udekte vakter: overtid {overtime} kr, bemanningssenter {pool} kr, "
              "innleie {agency} kr ({agency_hours:.1f} t); {unfilled} kan ikke dekkes",
        "en": "Uncovered shifts: overtime NOK {overtime}, pool NOK {pool}, "
              "agency NOK {agency} ({agency_hours:.1f} h); {unfilled} cannot be covered",
    },
    "costs_cover_added": {
        "no": "Dekning tatt med: {places} udekkede plasser ({heads} hoder) som turnuskontrollen fant, "
              "til sammen {total} kr i turnusperioden "
              "(--uncovered FIL for egne plasser, --uten-dekning for bare egne ansatte)",
        "en": "Cover included: {places} uncovered places ({heads} heads) found by the roster check, "
              "NOK {total} for the roster period "
              "(--uncovered FILE for your own places, --uten-dekning for own staff only)",
    },
    "costs_cover_left_out": {
        "no": "Dekning av udekkede plasser er IKKE tatt med (--uten-dekning); budsjettet er bare egne ansatte",
        "en": "Cover of uncovered places is NOT included (--uten-dekning); the budget is own staff only",
    },
    "costs_cover_conflict": {
        "no": "--uten-dekning og --uncovered kan ikke brukes sammen",
        "en": "--uten-dekning and --uncovered cannot be used together",
    },
    "costs_budget": {
        "no": "Lønnsbudsjett {year}: {total} kr",
        "en": "Salary budget {year}: NOK {total}",
    },
    "costs_missing_pay": {
        "no": "Advarsel: ingen timelønn for {groups} (regnet som 0 kr)",
        "en": "Warning: no hourly pay for {groups} (costed at NOK 0)",
    },
    "export_done": {
        "no": "Skrev {excel} og {count} kalenderfiler i {folder}",
        "en": "Wrote {excel} and {count} calendar files in {folder}",
    },
})


def register(app: typer.Typer) -> None:
    @app.command("kostnad")
    def costs(
        unit_file: Path = typer.Argument(..., help="Enhetsfil (.yaml/.xlsx). / Unit file."),
        roster_file: Path = typer.Argument(..., help="Turnus som CSV. / Roster CSV."),
        uncovered: Path | None = typer.Option(
            None, "--uncovered", help="Udekte vakter (CSV); standard: de turnuskontrollen finner. / "
            "Uncovered places (CSV); default: those the roster check finds."),
        no_cover: bool = typer.Option(False, "--uten-dekning", help="Ikke ta med dekning av udekkede plasser. / "
                                      "Leave the cover of uncovered places out."),
        year: int | None = typer.Option(None, "--year", help="År for lønnsbudsjettet. / Budget year."),
        out: Path = typer.Option(..., "--out", help="Mappe for resultatene. / Output folder."),
    ) -> None:
        """Kostnad for en turnus med tillegg, overtid og innleie. / Cost of a roster incl. cover."""
        from bemanning.io.cost_report import cost_summary, write_cost_summary, write_costs_csv
        from bemanning.io.roster_csv import read_roster_csv
        from bemanning.io.uncovered_csv import read_uncovered_csv
        from bemanning.io.unit_file import load_unit
        from bemanning.model.costs_result import CoverSource as S
        from bemanning.planning.costing import cover_cost, open_places, roster_cost, salary_budget
        from bemanning.planning.rostering import check_roster

        if no_cover and uncovered is not None:
            raise typer.BadParameter(t("costs_cover_conflict"), param_hint="--uten-dekning")
        check_out_dir(out)
        unit = load_unit(unit_file)
        roster = read_roster_csv(roster_file, unit)
        places = read_uncovered_csv(uncovered, unit) if uncovered is not None else None
        from_check = places is None and not no_cover
        if from_check:  # by default the budget includes covering what the roster leaves open
            places = open_places(check_roster(unit, roster).uncovered)
        own = roster_cost(unit, roster)
        cover = cover_cost(unit, roster, places) if places is not None else None
        budget = salary_budget(unit, roster, year or roster.start_date.year, cover)
        out.mkdir(parents=True, exist_ok=True)
        write_costs_csv(own, out / "costs.csv")
        fte_hours = unit.rules.number("fte_year_hours")
        summary = cost_summary(unit, own, cover, budget, fte_hours)
        if "cover" in summary:  # where the places to cover came from
            summary["cover"]["places_from"] = "roster_check" if from_check else str(uncovered)
        write_cost_summary(summary, out / "cost_summary.json")
        if own.missing_pay_groups:
            console.print(t("costs_missing_pay", groups=", ".join(own.missing_pay_groups)))
        console.print(t("costs_own_staff", total=number(own.total, 0), weeks=own.weeks,
                        per_week=number(own.per_week, 0), annual=number(own.annualised(), 0)))
        if cover is not None:
            console.print(t("costs_cover", overtime=number(cover.cost(S.OVERTIME), 0),
                            pool=number(cover.cost(S.POOL), 0), agency=number(cover.cost(S.AGENCY), 0),
                            agency_hours=cover.hours(S.AGENCY),
                            unfilled=cover.count(S.UNFILLED)))
        if cover is not None and places is not None and from_check:
            console.print(t("costs_cover_added", places=len(places), heads=sum(p.count for p in places),
                            total=number(cover.cost(), 0)))
        if no_cover:
            console.print(t("costs_cover_left_out"))
        console.print(t("costs_budget", year=budget.year, total=number(budget.total, 0)))
        console.print(t("written", path=str(out / "costs.csv")))

    @app.command("eksport")
    def export(
        unit_file: Path = typer.Argument(..., help="Enhetsfil (.yaml/.xlsx). / Unit file."),
        roster_file: Path = typer.Argument(..., help="Turnus som CSV. / Roster CSV."),
        out: Path = typer.Option(..., "--out", help="Mappe for resultatene. / Output folder."),
        fmt: str = typer.Option("excel", "--format", help="excel (rutenett + .ics) eller gat (gat.csv). / "
                                "excel (grid + .ics) or gat (gat.csv)."),
        start: str | None = typer.Option(None, "--from", help="Turnusens første dato. / Roster's first date."),
        end: str | None = typer.Option(None, "--to", help="Turnusens siste dato. / Roster's last date."),
    ) -> None:
        """Turnus som Excel-rutenett og iCalendar per ansatt. / Roster as Excel grid and .ics files."""
        from bemanning.io.ical import write_employee_calendars
        from bemanning.io.roster_csv import read_roster_csv
        from bemanning.io.roster_excel import write_roster_excel
        from bemanning.io.unit_file import load_unit

        if fmt not in ("excel", "gat"):
            from bemanning.integrations import messages as _messages  # noqa: F401  (registers the message)

            raise UserError.of("integ_unknown_unit_format", value=fmt, known="excel, gat")
        check_out_dir(out)
        unit = load_unit(unit_file)
        if start is not None or end is not None:  # a calendar roster (e.g. from `solve --behov`)
            from bemanning.cli.integrations import period_of

            first, days = period_of(start, end)
            roster = read_roster_csv(roster_file, unit, start=first, days=days, cyclic=False)
        else:
            roster = read_roster_csv(roster_file, unit)
        out.mkdir(parents=True, exist_ok=True)
        if fmt == "gat":  # issue 29: the roster in the shape GAT reads and writes
            from bemanning.integrations.gat import write_gat_csv, write_gat_grid

            write_gat_csv(roster, unit, out / "gat.csv")
            write_gat_grid(roster, unit, out / "gat_rutenett.xlsx")
            console.print(t("written", path=str(out / "gat.csv")))
            console.print(t("written", path=str(out / "gat_rutenett.xlsx")))
            return
        excel = out / "turnus.xlsx"
        write_roster_excel(unit, roster, excel)
        paths = write_employee_calendars(unit, roster, out / "kalender")
        console.print(t("export_done", excel=str(excel), count=len(paths), folder=str(out / "kalender")))
