"""Demo step: the cost of the demo roster (own staff, cover of open places, salary budget) and its
exports: the GAT-like Excel grid with violations and coverage, and one iCalendar file per employee.

Writes into ``kostnader/`` (the roster step owns ``turnus/``).
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass

from bemanning.demo.chain import DemoContext, StepOutput
from bemanning.i18n import number
from bemanning.io.cost_report import cost_summary, write_cost_summary, write_costs_csv
from bemanning.io.ical import write_employee_calendars
from bemanning.io.roster_excel import write_roster_excel
from bemanning.model import Roster, StaffingRequirement
from bemanning.model.costs_result import CoverSource, UncoveredPlace
from bemanning.planning.costing import cover_cost, roster_cost, salary_budget
from bemanning.planning.costing import open_places as places_to_cover
from bemanning.planning.rostering import RosterResult, Violation

FOLDER = "kostnader"


@dataclass
class _Marked:
    """A violation as the Excel grid marks it: one cell (employee, first date) and a message."""

    employee_id: str
    date: dt.date
    message: str


def marks(violations: list[Violation]) -> list[_Marked]:
    return [
        _Marked(employee_id=v.employee, date=v.dates[0], message=f"{v.title()}: {v.text()} ({v.reference})")
        for v in violations
        if v.employee is not None and v.dates
    ]


def open_places(result: RosterResult) -> list[UncoveredPlace]:
    return places_to_cover(result.report.uncovered)


def _nok(amount: float) -> str:
    return number(amount, 0, "no")


def run(ctx: DemoContext) -> StepOutput:
    title = "Kostnader og eksport av turnus"
    roster: Roster | None = ctx.results.get("roster")
    result: RosterResult | None = ctx.results.get("roster_result")
    if roster is None or result is None:
        return StepOutput(title=title, folder=FOLDER, summary=["Hoppet over: turnusen mangler"])
    unit = ctx.unit
    requirement: StaffingRequirement | None = ctx.results.get("requirement")
    ctx.progress("Kostnader for turnusen …")
    folder = ctx.folder(FOLDER)
    own = roster_cost(unit, roster)
    cover = cover_cost(unit, roster, open_places(result))
    budget = salary_budget(unit, roster, roster.start_date.year, cover)
    write_costs_csv(own, folder / "costs.csv")
    fte_hours = unit.rules.number("fte_year_hours")
    write_cost_summary(cost_summary(unit, own, cover, budget, fte_hours), folder / "cost_summary.json")
    write_roster_excel(unit, roster, folder / "turnus.xlsx", requirement=requirement,
                       violations=marks(result.report.violations))
    calendars = write_employee_calendars(unit, roster, folder / "kalender")
    ctx.results["roster_cost"] = own
    ctx.results["cover_cost"] = cover
    ctx.results["salary_budget"] = budget
    return StepOutput(
        title=title,
        folder=FOLDER,
        files=[f"{FOLDER}/costs.csv", f"{FOLDER}/cost_summary.json", f"{FOLDER}/turnus.xlsx",
               f"{FOLDER}/kalender/"],
        summary=[
            f"Egne ansatte: {_nok(own.per_week)} kr per uke, {_nok(own.annualised())} kr per år.",
            f"Udekkede plasser: overtid {_nok(cover.cost(CoverSource.OVERTIME))} kr, "
            f"bemanningssenter {_nok(cover.cost(CoverSource.POOL))} kr, "
            f"innleie {_nok(cover.cost(CoverSource.AGENCY))} kr ({number(cover.hours(CoverSource.AGENCY), 0, 'no')} t) "
            f"i turnusperioden; {cover.count(CoverSource.UNFILLED)} kan ikke dekkes.",
            f"Lønnsbudsjett {budget.year}: {_nok(budget.total)} kr.",
            f"Turnus som Excel-rutenett (GAT-format) og {len(calendars)} kalenderfiler (.ics).",
        ],
    )
