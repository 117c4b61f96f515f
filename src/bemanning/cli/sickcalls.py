"""`bemanning repair` (sick calls: re-plan with few changes) and `bemanning fyll` (who can take a place)."""

from __future__ import annotations

import csv
import datetime as dt
import json
from pathlib import Path
from typing import TYPE_CHECKING

import typer

from bemanning.cli.checks import check_out_dir, iso_date, positive_count, positive_seconds
from bemanning.cli.output import make_console
from bemanning.cli.roster import exit_if_below_minimum, safety_line, write_compliance_csv, write_coverage_csv
from bemanning.i18n import label, number, t
from bemanning.i18n import register as register_messages
from bemanning.io.errors import UserError

if TYPE_CHECKING:  # the planning code (OR-Tools) is imported when a command runs, not at start-up
    from bemanning.model import Unit
    from bemanning.planning.sickcalls import RepairResult, SickCall
    from bemanning.planning.sickcalls.explain import Explanation

register_messages(
    {
        "sick_bad_absent": {
            "no": "Ugyldig --absent «{value}»: bruk ANSATT:FRA[:TIL] med datoer ÅÅÅÅ-MM-DD",
            "en": "Invalid --absent '{value}': use EMPLOYEE:FROM[:TO] with dates YYYY-MM-DD",
        },
        "sick_unknown_employee": {
            "no": "Ukjent ansatt «{value}» (ikke i turnusen til enheten)",
            "en": "Unknown employee '{value}' (not rostered in the unit)",
        },
        "sick_bad_date": {"no": "Ugyldig dato «{value}» (ÅÅÅÅ-MM-DD)", "en": "Invalid date '{value}' (YYYY-MM-DD)"},
        "sick_outside": {
            "no": "Datoen {value} er utenfor turnusperioden",
            "en": "The date {value} is outside the roster period",
        },
        "sick_unknown_shift": {"no": "Ukjent vakt «{value}»", "en": "Unknown shift '{value}'"},
        "sick_unknown_group": {"no": "Ukjent yrkesgruppe «{value}»", "en": "Unknown group '{value}'"},
        "sick_no_absent": {"no": "Oppgi minst én --absent", "en": "Give at least one --absent"},
        "sick_repaired": {
            "no": "Reparert turnus skrevet til {path}: {removed:p:vakt|vakter} tatt bort, {changes} andre endringer, "
            "{uncovered} udekkede plasser, status {status}",
            "en": "Repaired roster written to {path}: {removed:p:shift|shifts} removed, {changes} other changes, "
            "{uncovered} uncovered places, status {status}",
        },
        "fill_none": {"no": "Ingen kandidater.", "en": "No candidates."},
        "fill_line": {
            "no": "{rank}. {name} ({group}) – {source}: {cost} kr, {hours} t, myk straff {penalty}",
            "en": "{rank}. {name} ({group}) – {source}: NOK {cost}, {hours} h, soft penalty {penalty}",
        },
    }
)

console = make_console()


def _date(value: str) -> dt.date:
    try:
        return dt.date.fromisoformat(value)
    except ValueError:
        raise UserError.of("sick_bad_date", value=value) from None


def parse_absent(value: str, unit: Unit) -> SickCall:
    """``EMPLOYEE:FROM[:TO]``; TO defaults to FROM."""
    from bemanning.planning.sickcalls import SickCall

    parts = value.split(":")
    if len(parts) not in (2, 3) or not parts[0]:
        raise UserError.of("sick_bad_absent", value=value)
    if parts[0] not in {e.id for e in unit.employees if e.group in set(unit.rostered_groups())}:
        raise UserError.of("sick_unknown_employee", value=parts[0])
    start = _date(parts[1])
    end = _date(parts[2]) if len(parts) == 3 else start
    if end < start:
        raise UserError.of("sick_bad_absent", value=value)
    return SickCall(parts[0], start, end)


def write_changes_csv(result: RepairResult, path: Path) -> None:
    with path.open("w", newline="", encoding="utf-8") as handle:
        writer = csv.writer(handle)
        writer.writerow(["employee_id", "date", "before", "after", "weight"])
        for c in result.changes:
            writer.writerow([c.employee, c.date.isoformat(), c.before or "", c.after or "", c.weight])


def write_explanations_csv(explanations: list[Explanation], path: Path) -> None:
    with path.open("w", newline="", encoding="utf-8") as handle:
        writer = csv.writer(handle)
        writer.writerow(["kind", "date", "shift_code", "group", "employee_id", "rule", "reference", "message"])
        for x in explanations:
            writer.writerow(
                [x.kind, x.date.isoformat() if x.date else "", x.shift or "", x.group or "", x.employee or "",
                 x.rule, x.reference, x.message]
            )


def repair_summary(result: RepairResult, explanations: list[Explanation]) -> dict[str, object]:
    return {
        "status": result.status,
        "seconds": round(result.seconds, 2),
        "removed_shifts": result.removed,
        "changed_assignments": result.changed_assignments,
        "change_cost": result.change_cost,
        "hard_violations": len(result.report.hard),
        "relaxed_rules": result.relaxed_rules,
        "uncovered_places": result.report.uncovered_places,
        "left_open": result.left_open,
        "frozen_days": len(result.setup.frozen),
        **result.report.safety_summary(),  # cover_status, below_minimum_places, … as in `solve` (docs/trust.md)
        "explanations": [x.as_dict() for x in explanations],
    }


def register(app: typer.Typer) -> None:
    @app.command("repair")
    def repair(
        unit_file: Path = typer.Argument(..., help="Enhetsfil. / Unit file."),
        roster_file: Path = typer.Argument(..., help="Turnus (CSV). / Roster (CSV)."),
        absent: list[str] = typer.Option(
            [], "--absent", help="Fravær ANSATT:FRA[:TIL] (kan gjentas). / Absence EMPLOYEE:FROM[:TO] (repeatable)."
        ),
        locked_until: str | None = typer.Option(
            None, "--locked-until", callback=iso_date,
            help="Dager til og med denne datoen er låst. / Days up to this date are locked."
        ),
        out: Path = typer.Option(..., "--out", help="Mappe for resultatene. / Output folder."),
        work_limit: float = typer.Option(
            4.0, "--work-limit", callback=positive_seconds,
            help="Arbeidsbudsjett (CP-SAT deterministiske sekunder): samme resultat på ledig og travel maskin. "
            "/ Work budget (CP-SAT deterministic seconds): the same result on an idle or a busy machine.",
        ),
        time_limit: float = typer.Option(
            120.0, "--time-limit", callback=positive_seconds,
            help="Sikkerhetsgrense i sekunder. / Safety cap in seconds.",
        ),
        seed: int = typer.Option(0, "--seed", help="Frø for søket. / Random seed."),
        all_gaps: bool = typer.Option(
            False,
            "--alle-hull",
            help="Tett også hull som fantes før sykemeldingen. / Also close places open before the sick call.",
        ),
    ) -> None:
        """Reparer turnus etter sykemelding med få endringer. / Repair a roster after sick calls, few changes.

        Exit 0: reparert turnus skrevet; 3: skrevet, men plasser under forsvarlig minimum. / Exit 0: repaired
        roster written; 3: written, but places below the safe minimum."""
        from bemanning.io.roster_csv import read_roster_csv, write_roster_csv
        from bemanning.io.unit_file import load_unit
        from bemanning.planning.sickcalls import repair_roster
        from bemanning.planning.sickcalls.explain import explain_uncovered

        check_out_dir(out)
        unit = load_unit(unit_file)
        if not absent:
            raise UserError.of("sick_no_absent")
        calls = [parse_absent(value, unit) for value in absent]
        locked = _date(locked_until) if locked_until else None
        roster = read_roster_csv(roster_file, unit)
        result = repair_roster(
            unit, roster, calls, locked_until=locked, work_limit=work_limit, time_limit=time_limit, seed=seed,
            only_lost=not all_gaps,
        )
        explanations = explain_uncovered(
            unit, result.roster, None, result.report.uncovered, ctx=result.setup.ctx, rules=result.setup.rules
        )
        out.mkdir(parents=True, exist_ok=True)
        write_roster_csv(result.roster, unit, out / "roster.csv")
        write_changes_csv(result, out / "changes.csv")
        write_coverage_csv(result.report, out / "coverage.csv")
        write_compliance_csv(result.report, out / "compliance.csv")
        write_explanations_csv(explanations, out / "explanations.csv")
        summary = repair_summary(result, explanations)
        (out / "summary.json").write_text(json.dumps(summary, indent=2, ensure_ascii=False), encoding="utf-8")
        console.print(
            t("sick_repaired", path=str(out), removed=result.removed, changes=result.changed_assignments,
              uncovered=result.report.uncovered_places, status=label("repair_status", result.status)),
            highlight=False,
        )
        if result.left_open:
            console.print(t("repair_left_open", count=result.left_open), highlight=False)
            for x in explanations[:10]:
                console.print(f"  - {x.message}", highlight=False)
        console.print(safety_line(result.report), highlight=False)  # the last line: the safe-minimum status
        exit_if_below_minimum(result.report)

    @app.command("fyll")
    def fill(
        unit_file: Path = typer.Argument(..., help="Enhetsfil. / Unit file."),
        roster_file: Path = typer.Argument(..., help="Turnus (CSV). / Roster (CSV)."),
        date: str = typer.Option(..., "--date", callback=iso_date, help="Dato for plassen. / Date of the place."),
        shift: str = typer.Option(..., "--shift", help="Vaktkode. / Shift code."),
        group: str = typer.Option(..., "--group", help="Yrkesgruppe. / Professional group."),
        top: int = typer.Option(10, "--top", callback=positive_count, help="Antall forslag. / Number of suggestions."),
        as_json: bool = typer.Option(False, "--json", help="Skriv JSON. / Print JSON."),
    ) -> None:
        """Forslag til hvem som kan ta en ledig vakt. / Ranked candidates for an empty place."""
        from bemanning.io.roster_csv import read_roster_csv
        from bemanning.io.unit_file import load_unit
        from bemanning.planning.sickcalls.fill import suggest_fill

        unit = load_unit(unit_file)
        day = _date(date)
        if shift not in {s.code for s in unit.shift_types}:
            raise UserError.of("sick_unknown_shift", value=shift)
        if group not in {g.id for g in unit.groups}:
            raise UserError.of("sick_unknown_group", value=group)
        roster = read_roster_csv(roster_file, unit)
        if not roster.start_date <= day < roster.start_date + dt.timedelta(days=roster.days):
            raise UserError.of("sick_outside", value=date)
        found = suggest_fill(unit, roster, day, shift, group, top=top)
        if as_json:
            console.print_json(json.dumps([c.as_dict() for c in found], ensure_ascii=False))
            return
        if not found:
            console.print(t("fill_none"))
        for i, c in enumerate(found, start=1):
            console.print(
                t("fill_line", rank=i, name=c.name, group=c.group, source=label("fill_source", c.source),
                  cost=number(c.cost, 0), hours=c.hours, penalty=c.penalty),
                highlight=False,
            )
