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
from bemanning.i18n import label, number, t
from bemanning.i18n import register as register_messages
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
        "roster_unknown": {
            "no": "Fant ingen lovlig turnus innenfor budsjettet ({work} arbeidsenheter). Ingen turnus skrevet; "
            "prøv et større --work-limit.",
            "en": "No lawful roster found within the budget ({work} work units). No roster written; "
            "try a larger --work-limit.",
        },
        "roster_infeasible": {
            "no": "De harde reglene kan ikke holdes samtidig for denne enheten. Minste motstridende sett: {rules}. "
            "Turnusen som er skrevet bryter dem.",
            "en": "The hard rules cannot all hold for this unit. Smallest conflicting set: {rules}. "
            "The roster written breaks them.",
        },
        "roster_capped": {
            "no": "Tidsgrensen ({seconds} s) stoppet søket før arbeidsbudsjettet var brukt: resultatet kan variere.",
            "en": "The time limit ({seconds} s) stopped the search before the work budget was spent: "
            "the result may vary.",
        },
        "roster_cover_times": {
            "no": "Første lovlige turnus etter {lawful}; full dekning etter {full}.",
            "en": "First lawful roster after {lawful}; full cover after {full}.",
        },
        "roster_never": {"no": "aldri", "en": "never"},
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
        "safety_red": {
            "no": "RØDT: {count:p:plass|plasser} under forsvarlig minimum ({dates})",
            "en": "RED: {count:p:place|places} below the safe minimum ({dates})",
        },
        "safety_amber": {
            "no": "GULT: {count:p:plass|plasser} mellom forsvarlig minimum og behov, ingen under minimum",
            "en": "AMBER: {count:p:place|places} between the safe minimum and the requirement, none below the minimum",
        },
        "safety_green": {"no": "GRØNT: alle plasser dekket", "en": "GREEN: every place covered"},
        "check_below_minimum_allowed": {
            "no": "Plasser under minimum er tillatt med --tillat-under-minimum.",
            "en": "Places below the minimum allowed by --tillat-under-minimum.",
        },
    }
)

# Exit codes (docs/roster.md, docs/trust.md): 0 fine; 1 `check` found hard violations or places below
# the safe minimum; 2 usage error or bad input; 3 `solve` or `repair` wrote the roster but it leaves
# places below the safe minimum; 4 / 5 `solve` found no lawful roster (EXIT_NO_LAWFUL_ROSTER,
# EXIT_INFEASIBLE below).
EXIT_BELOW_MINIMUM = 3


def safety_line(report: ComplianceReport) -> str:
    """The last line of `solve` and `check`: the cover status in words and colour."""
    status = report.cover_status
    if status == "red":
        dates = report.below_minimum_dates()
        shown = ", ".join(dates[:10]) + (f" … +{len(dates) - 10}" if len(dates) > 10 else "")
        return f"[bold red]{t('safety_red', count=report.below_minimum_places, dates=shown)}[/bold red]"
    if status == "amber":
        return f"[bold yellow]{t('safety_amber', count=report.uncovered_places)}[/bold yellow]"
    return f"[green]{t('safety_green')}[/green]"


def exit_if_below_minimum(report: ComplianceReport) -> None:
    """Exit 3 when a written roster leaves places below the safe minimum (`solve`, `repair`).

    sys.exit, not typer.Exit: main() runs the app with standalone_mode=False, which swallows Exit codes."""
    if report.below_minimum_places:
        sys.exit(EXIT_BELOW_MINIMUM)


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


def print_report(report: ComplianceReport, names: dict[str, str] | None = None) -> None:
    for items in report.by_rule().values():
        first = items[0]
        kind = t("check_hard") if first.hard else t("check_soft")
        console.print(
            f"[bold]{first.title()}[/bold] ({kind}, {first.reference_text()}): {len(items)}", highlight=False
        )
        for v in items[:20]:
            console.print(f"  - {v.text(None, names)}", highlight=False)
        if len(items) > 20:
            console.print(f"  … +{len(items) - 20}")
    console.print(t("check_uncovered", count=report.uncovered_places))


DEFAULT_WORK = 30.0  # work units for `solve` (one to two minutes on an idle 2-core machine)
DEFAULT_WALL_CAP = 600.0  # seconds: only a safety cap; the work budget decides the result
EXIT_NO_LAWFUL_ROSTER = 4
EXIT_INFEASIBLE = 5


def open_places_over_time(result: RosterResult) -> list[dict[str, object]]:
    """Each improving roster of the search: when (seconds, work units), its open places and score."""
    return [
        {"seconds": round(p.seconds, 2), "work": round(p.work, 3), "open_places": p.open_places,
         "hard_violations": p.hard_violations, "objective": p.objective}
        for p in result.timeline
    ]


def explain_solve(unit: Unit, result: RosterResult, period: Period) -> list[dict[str, object]]:
    """Why places stay open (first places), and which hard rules conflict when the result is relaxed."""
    from bemanning.planning.rostering import build_context, default_rules
    from bemanning.planning.sickcalls.explain import explain_infeasible, explain_uncovered

    found = explain_uncovered(unit, result.roster, None, result.report.uncovered, max_places=5)
    if result.status == "infeasible":
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
        work_limit: float = typer.Option(
            DEFAULT_WORK, "--work-limit", callback=positive_seconds,
            help="Arbeidsbudsjett (CP-SAT deterministiske sekunder): samme turnus på ledig og travel maskin. "
            "/ Work budget (CP-SAT deterministic seconds): the same roster on an idle or a busy machine.",
        ),
        time_limit: float = typer.Option(DEFAULT_WALL_CAP, "--time-limit", callback=positive_seconds,
                                         help="Sikkerhetsgrense i sekunder. / Safety cap in seconds."),
        seed: int = typer.Option(0, "--seed", help="Frø for søket. / Random seed."),
        workers: int = typer.Option(2, "--workers", callback=positive_count,
                                    help="Tråder for CP-SAT. / CP-SAT workers."),
        behov: Path | None = typer.Option(
            None, "--behov", help="Bemanningsbehov per dato (requirement_by_date.csv). / Requirement per date."
        ),
        hint_file: Path | None = typer.Option(
            None, "--hint", help="Start fra en turnus (CSV, f.eks. forrige periode). / Warm start from a roster CSV."
        ),
    ) -> None:
        """Lag turnus for enheten. / Plan a roster for the unit.

        Exit 0: lovlig turnus; 3: skrevet, men plasser under forsvarlig minimum; 4: ingen lovlig turnus innen
        budsjettet (ingen skrevet); 5: reglene kan bevislig ikke holdes samtidig. / Exit 0: lawful roster;
        3: written, but places below the safe minimum; 4: none within the budget (none written); 5: the hard
        rules are proven unable to hold together."""
        from bemanning.io.roster_csv import read_roster_csv, write_roster_csv
        from bemanning.io.unit_file import load_unit
        from bemanning.planning.rostering import Progress as SolveProgress
        from bemanning.planning.rostering import SolveOptions, period_for_unit, solve_roster
        from bemanning.planning.rostering.context import absences_in_period

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
        hint = None
        if hint_file is not None:
            hint = read_roster_csv(hint_file, unit, start=period.start, days=period.days, cyclic=period.cyclic)
        from rich.progress import BarColumn, Progress, TextColumn, TimeElapsedColumn

        with Progress(
            TextColumn("{task.description}"),
            BarColumn(),
            TimeElapsedColumn(),
            console=console,
            transient=True,
        ) as bar:
            task = bar.add_task(t("roster_solving"), total=work_limit)

            def on_progress(p: SolveProgress) -> None:
                bar.update(
                    task,
                    completed=min(p.work, work_limit),
                    description=f"{t('roster_solving')} – {t('roster_best', objective=number(p.objective, 0))}",
                )

            result = solve_roster(
                unit,
                requirement,
                SolveOptions(
                    time_limit=time_limit,
                    work_limit=work_limit,
                    seed=seed,
                    num_workers=workers,
                    period=period,
                    progress=on_progress,
                    hint=hint,
                ),
            )
        out.mkdir(parents=True, exist_ok=True)
        if result.status == "unknown":
            console.print(t("roster_unknown", work=round(result.work, 1)))
            sys.exit(EXIT_NO_LAWFUL_ROSTER)
        # The roster file carries the unit's absences in the period, so `check` on it needs nothing else.
        roster = result.roster.model_copy(update={"absences": absences_in_period(unit.absences, period)})
        write_roster_csv(roster, unit, out / "roster.csv")
        write_compliance_csv(result.report, out / "compliance.csv")
        write_coverage_csv(result.report, out / "coverage.csv")
        summary: dict[str, object] = {
            "status": result.status,
            "objective": result.objective,
            "bound": result.bound,
            "seconds": round(result.seconds, 2),
            "first_solution_seconds": result.first_solution_seconds,
            "seconds_to_first_lawful": result.seconds_to_first_lawful,
            "seconds_to_full_cover": result.seconds_to_full_cover,
            "work": round(result.work, 3),
            "work_limit": work_limit,
            "capped_by_time_limit": result.capped,
            "seed": seed,
            "open_places_over_time": open_places_over_time(result),
            "conflicts": [
                {"rule": c.rule, "reference": c.reference, "employee_id": c.employee,
                 "dates": [d.isoformat() for d in c.dates]}
                for c in result.conflicts
            ],
            "hard_violations": len(result.report.hard),
            "soft_violations": len(result.report.violations) - len(result.report.hard),
            "uncovered_places": result.report.uncovered_places,
            # The fewest open places any lawful roster leaves (null: no open places, or not proved).
            "open_places_floor": result.floor.open_places if result.floor else None,
            "below_minimum_floor": result.floor.below_minimum if result.floor else None,
            "penalties": result.penalties,
            "period": {"start": period.start.isoformat(), "days": period.days, "cyclic": period.cyclic},
            **result.report.safety_summary(),
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
        never = t("roster_never")
        lawful, full = result.seconds_to_first_lawful, result.seconds_to_full_cover
        console.print(t("roster_cover_times", lawful=f"{number(lawful, 1)} s" if lawful is not None else never,
                        full=f"{number(full, 1)} s" if full is not None else never))
        if result.floor is not None and result.floor.open_places:
            console.print(t("coverage_floor", open=result.floor.open_places, below=result.floor.below_minimum))
        if result.capped:
            console.print(t("roster_capped", seconds=time_limit))
        if result.status == "infeasible":
            from bemanning.model.rule_texts import source_label  # the model package: not at start-up

            rules = ", ".join(sorted({f"{label('rule', c.rule)} ({source_label(c.reference)})"
                                      for c in result.conflicts}))
            console.print(t("roster_infeasible", rules=rules))
        console.print(safety_line(result.report), highlight=False)  # the last line: the safe-minimum status
        if result.status == "infeasible":
            sys.exit(EXIT_INFEASIBLE)
        exit_if_below_minimum(result.report)

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
        allow_below_minimum: bool = typer.Option(
            False,
            "--tillat-under-minimum",
            help="Ikke exit 1 for plasser under forsvarlig minimum. / Do not exit 1 for places below the safe minimum.",
        ),
    ) -> None:
        """Sjekk turnus mot lov, avtaler og minimum (exit 1 ved brudd). / Check a roster (exit 1 if broken).

        Plasser under forsvarlig minimum gir exit 1 uten --tillat-under-minimum. / Places below the safe
        minimum exit 1 without --tillat-under-minimum."""
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
        print_report(report, {e.id: e.name for e in unit.employees})
        if report.ok:
            soft = len(report.violations)
            console.print(t("check_ok", soft=soft, penalty=report.penalty))
        else:
            console.print(t("check_failed", hard=len(report.hard)))
        console.print(safety_line(report), highlight=False)
        if report.below_minimum_places and allow_below_minimum:
            console.print(t("check_below_minimum_allowed"))
        # sys.exit, not typer.Exit: main() runs the app with standalone_mode=False, which swallows Exit codes.
        if not report.ok or (report.below_minimum_places and not allow_below_minimum):
            sys.exit(1)


def register(app: typer.Typer) -> None:
    register_commands(app)
