"""`bemanning solve` and `bemanning check`: plan a roster, check any roster against the rules."""

from __future__ import annotations

import csv
import json
import sys
from pathlib import Path
from typing import TYPE_CHECKING

import typer

from bemanning.cli.checks import (
    check_out_dir,
    check_period,
    iso_date,
    parse_date,
    positive_count,
    positive_seconds,
    positive_weeks,
)
from bemanning.cli.output import make_console
from bemanning.i18n import register as register_messages
from bemanning.i18n import t
from bemanning.io.errors import UserError

if TYPE_CHECKING:  # the planning code (OR-Tools) is imported when a command runs, not at start-up
    from bemanning.model import Unit
    from bemanning.planning.rostering import ComplianceReport, Period, RosterResult

register_messages(
    {
        "roster_bad_period": {
            "no": "Oppgi enten --weeks eller både --from og --to",
            "en": "Give --weeks or both --from and --to",
        },
        "roster_solving": {"no": "Lager turnus", "en": "Planning roster"},
        "roster_best": {"no": "beste {objective}", "en": "best {objective}"},
        "roster_written": {
            "no": "Turnus skrevet til {path}: status {status}, mål {objective}, "
            "{hard} brudd på harde regler, "
            "{uncovered} udekkede plasser",
            "en": "Roster written to {path}: status {status}, objective {objective}, {hard} hard violations, "
            "{uncovered} uncovered places",
        },
        "check_ok": {
            "no": "Ingen brudd på harde regler ({soft} myke avvik, straff {penalty}).",
            "en": "No hard rule broken ({soft} soft deviations, penalty {penalty}).",
        },
        "check_failed": {"no": "{hard} brudd på harde regler.", "en": "{hard} hard rule violation(s)."},
        "check_hard": {"no": "hard", "en": "hard"},
        "check_soft": {"no": "myk", "en": "soft"},
        "check_uncovered": {"no": "Udekkede plasser: {count}", "en": "Uncovered places: {count}"},
    }
)

console = make_console()


def check_period_options(weeks: int | None, start: str | None, end: str | None) -> None:
    """--weeks, or both --from and --to, with --from not after --to (before any long work)."""
    if (start is None) != (end is None) or (weeks is not None and start is not None):
        raise UserError.of("roster_bad_period")
    check_period(start, end)


def _period(unit_period: Period, weeks: int | None, start: str | None, end: str | None) -> Period:
    from bemanning.planning.rostering import Period

    check_period_options(weeks, start, end)
    if start is not None and end is not None:
        return Period.calendar(parse_date(start), parse_date(end))
    if weeks is not None:
        return Period.cycle(unit_period.start, weeks)
    return unit_period


def write_compliance_csv(report: ComplianceReport, path: Path, lang: str | None = None) -> None:
    with path.open("w", newline="", encoding="utf-8") as handle:
        writer = csv.writer(handle)
        writer.writerow(["rule", "hard", "employee_id", "dates", "reference", "penalty", "message"])
        for v in report.violations:
            writer.writerow(
                [
                    v.rule,
                    int(v.hard),
                    v.employee or "",
                    " ".join(d.isoformat() for d in v.dates),
                    v.reference,
                    v.penalty,
                    v.text(lang),
                ]
            )


def write_coverage_csv(report: ComplianceReport, path: Path) -> None:
    with path.open("w", newline="", encoding="utf-8") as handle:
        writer = csv.writer(handle)
        writer.writerow(["date", "shift_code", "group", "missing", "below_minimum"])
        for p in report.uncovered:
            writer.writerow([p.date, p.shift, p.group, p.missing, p.below_minimum])


def print_report(report: ComplianceReport) -> None:
    for items in report.by_rule().values():
        first = items[0]
        kind = t("check_hard") if first.hard else t("check_soft")
        console.print(
            f"[bold]{first.title()}[/bold] ({kind}, {first.reference}): {len(items)}", highlight=False
        )
        for v in items[:20]:
            console.print(f"  - {v.text()}", highlight=False)
        if len(items) > 20:
            console.print(f"  … +{len(items) - 20}")
    console.print(t("check_uncovered", count=report.uncovered_places))


def explain_solve(unit: Unit, result: RosterResult, period: Period) -> list[dict[str, object]]:
    """Why places stay open (first places), and which hard rules conflict when the result is relaxed."""
    from bemanning.planning.rostering import build_context, default_rules
    from bemanning.planning.sickcalls.explain import explain_infeasible, explain_uncovered

    found = explain_uncovered(unit, result.roster, None, result.report.uncovered, max_places=5)
    if result.status == "relaxed":
        ctx = build_context(unit, period)
        found += explain_infeasible(unit, ctx, default_rules(unit), time_limit=10.0)
    return [x.as_dict() for x in found]


def register_commands(app: typer.Typer) -> None:
    @app.command("solve")
    def solve(
        unit_file: Path = typer.Argument(..., help="Enhetsfil. / Unit file."),
        out: Path = typer.Option(..., "--out", help="Mappe for resultatene. / Output folder."),
        weeks: int | None = typer.Option(
            None, "--weeks", callback=positive_weeks, help="Syklisk turnus på N uker. / Cyclic roster of N weeks."
        ),
        start: str | None = typer.Option(
            None, "--from", callback=iso_date, help="Kalenderplan fra dato (ÅÅÅÅ-MM-DD). / Calendar plan from date."
        ),
        end: str | None = typer.Option(
            None, "--to", callback=iso_date, help="Kalenderplan til dato (ÅÅÅÅ-MM-DD). / Calendar plan to date."
        ),
        time_limit: float = typer.Option(60.0, "--time-limit", callback=positive_seconds,
                                         help="Sekunder. / Seconds."),
        seed: int = typer.Option(0, "--seed", help="Frø for søket. / Random seed."),
        workers: int = typer.Option(2, "--workers", callback=positive_count,
                                    help="Tråder for CP-SAT. / CP-SAT workers."),
        behov: Path | None = typer.Option(
            None, "--behov", help="Bemanningsbehov per dato (requirement_by_date.csv). / Requirement per date."
        ),
    ) -> None:
        """Lag turnus for enheten. / Plan a roster for the unit."""
        from bemanning.io.roster_csv import write_roster_csv
        from bemanning.io.unit_file import load_unit
        from bemanning.planning.rostering import Progress as SolveProgress
        from bemanning.planning.rostering import SolveOptions, period_for_unit, solve_roster

        check_period_options(weeks, start, end)
        check_out_dir(out)
        unit = load_unit(unit_file)
        requirement = None
        if behov is not None:  # issue 29: the requirement follows planned activity, date by date
            from bemanning.integrations.requirement import dated_requirement

            requirement, first, last = dated_requirement(unit, behov)
            if weeks is None and start is None and end is None:
                start, end = first.isoformat(), last.isoformat()
        period = _period(period_for_unit(unit), weeks, start, end)
        from rich.progress import BarColumn, Progress, TextColumn, TimeElapsedColumn

        with Progress(
            TextColumn("{task.description}"),
            BarColumn(),
            TimeElapsedColumn(),
            console=console,
            transient=True,
        ) as bar:
            task = bar.add_task(t("roster_solving"), total=time_limit)

            def on_progress(p: SolveProgress) -> None:
                bar.update(
                    task,
                    completed=min(p.seconds, time_limit),
                    description=f"{t('roster_solving')} – {t('roster_best', objective=int(p.objective))}",
                )

            result = solve_roster(
                unit,
                requirement,
                SolveOptions(
                    time_limit=time_limit, seed=seed, num_workers=workers, period=period, progress=on_progress
                ),
            )
        out.mkdir(parents=True, exist_ok=True)
        write_roster_csv(result.roster, unit, out / "roster.csv")
        write_compliance_csv(result.report, out / "compliance.csv")
        write_coverage_csv(result.report, out / "coverage.csv")
        summary: dict[str, object] = {
            "status": result.status,
            "objective": result.objective,
            "bound": result.bound,
            "seconds": round(result.seconds, 2),
            "first_solution_seconds": result.first_solution_seconds,
            "hard_violations": len(result.report.hard),
            "soft_violations": len(result.report.violations) - len(result.report.hard),
            "uncovered_places": result.report.uncovered_places,
            "penalties": result.penalties,
            "period": {"start": period.start.isoformat(), "days": period.days, "cyclic": period.cyclic},
        }
        summary["explanations"] = explain_solve(unit, result, period)  # sick calls (issue 6)
        (out / "summary.json").write_text(json.dumps(summary, indent=2, ensure_ascii=False), encoding="utf-8")
        console.print(
            t(
                "roster_written",
                path=str(out),
                status=result.status,
                objective=result.objective,
                hard=len(result.report.hard),
                uncovered=result.report.uncovered_places,
            )
        )

    @app.command("check")
    def check(
        unit_file: Path = typer.Argument(..., help="Enhetsfil. / Unit file."),
        roster_file: Path = typer.Argument(..., help="Turnus (CSV). / Roster (CSV)."),
        weeks: int | None = typer.Option(
            None, "--weeks", callback=positive_weeks, help="Syklisk turnus på N uker. / Cyclic roster of N weeks."
        ),
        start: str | None = typer.Option(
            None, "--from", callback=iso_date, help="Kalenderplan fra dato (ÅÅÅÅ-MM-DD). / Calendar plan from date."
        ),
        end: str | None = typer.Option(
            None, "--to", callback=iso_date, help="Kalenderplan til dato (ÅÅÅÅ-MM-DD). / Calendar plan to date."
        ),
    ) -> None:
        """Sjekk en turnus mot lov og avtaler (exit 1 ved brudd). / Check a roster (exit 1 if broken)."""
        from bemanning.io.roster_csv import read_roster_csv
        from bemanning.io.unit_file import load_unit
        from bemanning.planning.rostering import check_roster, period_for_unit

        check_period_options(weeks, start, end)
        unit = load_unit(unit_file)
        period = _period(period_for_unit(unit), weeks, start, end)
        roster = read_roster_csv(
            roster_file, unit, start=period.start, days=period.days, cyclic=period.cyclic
        )
        report = check_roster(unit, roster)
        print_report(report)
        if report.ok:
            soft = len(report.violations)
            console.print(t("check_ok", soft=soft, penalty=report.penalty))
            return
        console.print(t("check_failed", hard=len(report.hard)))
        # sys.exit, not typer.Exit: main() runs the app with standalone_mode=False, which swallows Exit codes.
        sys.exit(1)


def register(app: typer.Typer) -> None:
    register_commands(app)
