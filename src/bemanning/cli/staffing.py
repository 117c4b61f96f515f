"""`bemanning bemanningsplan UNIT --out DIR`: staffing requirement, FTE need and projection as CSV."""

from __future__ import annotations

from pathlib import Path
from typing import TYPE_CHECKING

import typer

from bemanning.cli.checks import check_out_dir
from bemanning.cli.output import make_console
from bemanning.i18n import group_label, number, t
from bemanning.i18n import register as register_messages
from bemanning.io.errors import UserError

if TYPE_CHECKING:  # the planning code is imported when a command runs, not at start-up
    from bemanning.model import ActivityPlan, Unit
    from bemanning.planning.staffing_chain import StaffingResults

register_messages(
    {
        "staffing_no_allocation": {
            "no": "Oppgavene kan ikke fordeles, så bemanningsplanen kan ikke beregnes: {reasons}",
            "en": "The tasks cannot be allocated, so the staffing requirement cannot be computed: {reasons}",
        },
        "staffing_needs_activity_plan": {
            "no": "Bemanningsplanen trenger aktivitetsplanen (oppgavedeling), som ikke er tilgjengelig her",
            "en": "The staffing plan needs the activity plan (task sharing), which is not available here",
        },
        "skill_mix_no_group": {
            "no": "Ferdighetskrav: ingen yrkesgruppe har kompetansen «{competence}»",
            "en": "Skill mix: no professional group holds the competence '{competence}'",
        },
        "fixed_below_minimum": {
            "no": "Fast bemanningsplan {day_type}/{shift}/{group} er {required}, "
            "under forsvarlig minimum {minimum}",
            "en": "Fixed staffing plan {day_type}/{shift}/{group} is {required}, "
            "below the safe minimum {minimum}",
        },
        "bad_productive_share": {
            "no": "Regelinnstillingen productive_share må være mellom 0 og 1, ikke {value}",
            "en": "The rule setting productive_share must be between 0 and 1, not {value}",
        },
        "bad_fte_basis": {
            "no": "Kan ikke regne årsverk med ukentlig arbeidstid {hours} og utilgjengelighet {u}",
            "en": "Cannot compute FTE with weekly hours {hours} and unavailability {u}",
        },
        "bad_years": {
            "no": "Antall år for framskrivingen må være mellom 0 og 50, ikke {years}",
            "en": "The projection must cover 0 to 50 years, not {years}",
        },
        "staffing_title": {"no": "Årsverksbehov per yrkesgruppe", "en": "FTE need per professional group"},
        "staffing_fte_year": {
            "no": "Årsverkskonvensjon: 1 årsverk = {hours:.0f} timer (regelinnstilling fte_year_hours)",
            "en": "FTE-year convention: 1 FTE = {hours:.0f} hours (rule setting fte_year_hours)",
        },
        "staffing_projection": {
            "no": "Framskriving år {year}: {with_m:.1f} årsverk med tiltak, {without_m:.1f} uten "
            "(inkl. fravær)",
            "en": "Projection year {year}: {with_m:.1f} FTE with measures, {without_m:.1f} without "
            "(incl. absence)",
        },
        "col_weekly_hours": {"no": "Timer/uke", "en": "Hours/week"},
        "col_fte_need": {"no": "Behov", "en": "Need"},
        "col_fte_need_with_absence": {"no": "Behov m/fravær", "en": "Need incl. absence"},
        "col_fte_current": {"no": "Stillinger", "en": "Positions"},
        "col_gap_fte": {"no": "Gap årsverk", "en": "Gap FTE"},
        "col_gap_hours_per_year": {"no": "Gap timer/år", "en": "Gap hours/year"},
    }
)


def _activity_plans_for(unit: Unit) -> tuple[ActivityPlan, ActivityPlan]:
    """The activity plan after task sharing, and the as-is plan (tasks on today's group)."""
    from bemanning.planning.activity_plan import build_activity_plan
    from bemanning.planning.tasksharing import allocate_tasks

    plans = []
    for enabled in (unit.task_sharing.enabled, False):
        variant = unit.model_copy(update={"task_sharing": unit.task_sharing.model_copy(update={"enabled": enabled})})
        result = allocate_tasks(variant)
        if result.allocation is None:
            raise UserError.of("staffing_no_allocation", reasons="; ".join(result.explanation_text()))
        plans.append(build_activity_plan(variant, result.allocation))
    return plans[0], plans[1]


def write_staffing(unit: Unit, plan: ActivityPlan, as_is_plan: ActivityPlan, out: Path,
                   years: int | None = None) -> StaffingResults:
    """Compute requirement, FTE and projection and write the three CSV files (bad input: UserError)."""
    from bemanning.io.staffing_csv import write_all
    from bemanning.model.staffing_result import StaffingInputError
    from bemanning.planning.staffing_chain import run_staffing

    try:
        results = run_staffing(unit, plan, as_is_plan, years=years)
    except StaffingInputError as exc:
        raise UserError.of(exc.key, **exc.context) from None
    write_all(results.requirement, results.fte, results.projection, out)
    return results


def register_commands(app: typer.Typer) -> None:
    console = make_console()

    @app.command("bemanningsplan")
    def bemanningsplan(
        unit_file: Path = typer.Argument(..., help="Enhetsfil (.yaml/.xlsx). / Unit file."),
        out: Path = typer.Option(Path("bemanningsplan"), "--out",
                                 help="Mappe for CSV-filene. / Output folder."),
        years: int = typer.Option(-1, "--years", help="År i framskrivingen (standard: regelinnstilling). / "
                                  "Projection years (default: rule setting)."),
    ) -> None:
        """Bemanningsplan, årsverksbehov og framskriving som CSV. / Staffing plan, FTE need, projection."""
        from rich.table import Table

        from bemanning.io.unit_file import load_unit

        if years != -1 and not 0 <= years <= 50:
            raise UserError.of("bad_years", years=years)
        check_out_dir(out)
        unit = load_unit(unit_file)
        plan, as_is = _activity_plans_for(unit)
        results = write_staffing(unit, plan, as_is, out, years=None if years == -1 else years)
        table = Table(title=t("staffing_title"))
        columns = ["group", "weekly_hours", "fte_need", "fte_need_with_absence", "fte_current", "gap_fte",
                   "gap_hours_per_year"]
        for column in columns:
            table.add_column(t(f"col_{column}"))
        decimals = {"weekly_hours": 1, "fte_need": 2, "fte_need_with_absence": 2, "fte_current": 2, "gap_fte": 2,
                    "gap_hours_per_year": 0}
        for row in results.fte.rows:
            table.add_row(group_label(unit.groups, row.group),
                          *(number(getattr(row, c), decimals[c], sign=c.startswith("gap")) for c in columns[1:]))
        console.print(table)
        console.print(t("staffing_fte_year", hours=results.fte.fte_year_hours))
        projection = results.projection
        last = max((r.year for r in projection.rows), default=0)
        if last:
            console.print(t("staffing_projection", year=last, with_m=projection.total(last),
                            without_m=projection.total(last, with_measures=False)))
        for name in ("requirement.csv", "fte.csv", "projection.csv"):
            console.print(t("written", path=str(out / name)))


def register(app: typer.Typer) -> None:
    register_commands(app)
