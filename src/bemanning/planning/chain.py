"""The whole planning chain for one unit in one pure call: ``run_chain(unit) -> ChainResult``.

task sharing → activity plan → staffing requirement and FTE need → roster → compliance → costs.

This is the function scenario comparison, the web app and a cluster call: its input (a
validated ``Unit`` and plain options) and its output (a pydantic ``ChainResult``) pickle, it
reads no file, clock-independent settings or globals, so runs can go to separate processes.
(The roster solve has a work budget and a seed: the same unit, seed and budget give the same
roster on any machine; another seed may find another roster, which is why a scenario comparison
runs several seeds and shows the spread, ``planning.scenario_compare``. Pass ``roster=`` to
evaluate a given roster instead of solving one.)

How sick leave enters the cost: the roster plans own staff on shifts; a share
``sick_leave_share`` of those planned shifts is expected to be lost to sick leave and must be
covered. Per shift code and group the expected absent heads are spread evenly over the cycle
(a running total of planned heads × share, rounded), and these *absence places* are covered
together with the roster's open places by the cheapest lawful mix (``cover_cost``: overtime
within AML §10-6, pool, agency). The absent employee keeps their pay (employer-paid sick
pay, no NAV refund counted), so own-staff cost does not change.
"""

from __future__ import annotations

import datetime as dt
from collections import defaultdict
from typing import Any

from pydantic import BaseModel, ConfigDict, Field

from bemanning.model import Roster, StaffingRequirement, Unit
from bemanning.model.costs_result import CoverCost, CoverSource, SalaryBudget, UncoveredPlace
from bemanning.model.staffing_result import FteResult
from bemanning.model.task_sharing_result import TrainingNeed

from .activity_plan import build_activity_plan
from .costing import cover_cost, needed_cover_price, public_holidays, roster_cost, salary_budget
from .costing import open_places as places_to_cover
from .rostering import SolveOptions, check_roster, solve_roster
from .staffing_chain import run_staffing
from .tasksharing import allocate_tasks

# One run's figures, in order: the first columns of comparison.csv, all numbers but ``scenario``.
# comparison.csv adds each figure's spread over the seeds, the roster status and the verdicts
# against the baseline (``planning.scenario_compare.CSV_COLUMNS``; docs/trust.md lists them all).
COMPARISON_COLUMNS: tuple[str, ...] = (
    "scenario",
    "fte_need",
    "fte_current",
    "uncovered_shifts",
    "hard_violations",
    "weekends_per_employee",
    "long_shift_share",
    "avg_position_pct",
    "cost_own_staff_nok",
    "cost_overtime_nok",
    "cost_agency_nok",
    "cost_total_nok",
    "agency_hours",
    "below_minimum_places",
    "penalty",
    "unfilled_at_agency_nok",
)


class ChainError(ValueError):
    """The chain cannot run for this unit; ``key``/``context`` feed the message catalogue."""

    def __init__(self, key: str, **context: Any):
        self.key = key
        self.context = context
        super().__init__(f"{key}: {context}")

    def __reduce__(self) -> tuple[Any, ...]:  # keeps key and context across a process pool
        return (_chain_error, (self.key, self.context))


def _chain_error(key: str, context: dict[str, Any]) -> ChainError:
    return ChainError(key, **context)


class GroupFte(BaseModel):
    group: str
    fte_need: float = Field(description="FTE need including room for absence")
    fte_current: float


class ChainResult(BaseModel):
    """What a scenario comparison needs from one run of the chain. Annual amounts are NOK per year."""

    model_config = ConfigDict(frozen=True)

    scenario: str = ""
    unit_id: str
    year: int
    sick_leave_share: float
    training_needs: list[TrainingNeed] = Field(default_factory=list)
    fte: FteResult
    requirement: StaffingRequirement
    roster: Roster
    roster_status: str
    roster_seconds: float
    seed: int = 0
    work_budget: float | None = Field(default=None, description="Work units of the roster solve (None: given)")
    capped: bool = Field(default=False, description="The wall-clock safety cap cut the work budget short")
    hard_violations: int
    below_minimum_places: int = Field(default=0, description="Open places below the requirement's safe minimum")
    penalty: int = Field(default=0, description="The checker's soft penalty of the roster")
    unfilled_at_agency: float = Field(
        default=0.0, description="The roster's open places priced at the agency rate, per roster period")
    uncovered: list[UncoveredPlace] = Field(default_factory=list, description="Open places of the roster")
    absence_places: list[UncoveredPlace] = Field(default_factory=list, description="Expected sick-leave cover")
    weekends_per_employee: float = Field(description="Weekends worked per employee in one roster cycle")
    weekends_in_cycle: int
    long_shift_share: float = Field(description="Share of planned shifts that are long shifts")
    avg_position_pct: float
    own_cost_per_week: float
    budget: SalaryBudget
    cover: CoverCost
    cover_factor: float = Field(description="Roster period → year (days in year / roster days)")

    @property
    def uncovered_shifts(self) -> int:
        return sum(p.count for p in self.uncovered)

    def groups(self) -> list[GroupFte]:
        return [
            GroupFte(group=r.group, fte_need=r.fte_need_with_absence, fte_current=r.fte_current)
            for r in self.fte.rows
        ]

    @property
    def fte_need(self) -> float:
        return self.fte.total_need_with_absence

    @property
    def fte_current(self) -> float:
        return sum(r.fte_current for r in self.fte.rows)

    def annual_cover(self, source: CoverSource) -> float:
        return self.cover.cost(source) * self.cover_factor

    def annual_cover_hours(self, source: CoverSource) -> float:
        return self.cover.hours(source) * self.cover_factor

    @property
    def cost_own_staff(self) -> float:
        return sum(line.own_staff for line in self.budget.lines)

    @property
    def cost_total(self) -> float:
        return self.budget.total

    def row(self) -> dict[str, Any]:
        """One row of comparison.csv (annual amounts, rounded for reading)."""
        return {
            "scenario": self.scenario,
            "fte_need": round(self.fte_need, 2),
            "fte_current": round(self.fte_current, 2),
            "uncovered_shifts": self.uncovered_shifts,
            "hard_violations": self.hard_violations,
            "weekends_per_employee": round(self.weekends_per_employee, 2),
            "long_shift_share": round(self.long_shift_share, 4),
            "avg_position_pct": round(self.avg_position_pct, 1),
            "cost_own_staff_nok": round(self.cost_own_staff),
            "cost_overtime_nok": round(self.annual_cover(CoverSource.OVERTIME)),
            "cost_agency_nok": round(self.annual_cover(CoverSource.AGENCY)),
            "cost_total_nok": round(self.cost_total),
            "agency_hours": round(self.annual_cover_hours(CoverSource.AGENCY), 1),
            "below_minimum_places": self.below_minimum_places,
            "penalty": self.penalty,
            "unfilled_at_agency_nok": round(self.unfilled_at_agency * self.cover_factor),
        }


def run_chain(
    unit: Unit,
    *,
    roster_budget: float = 30.0,
    seed: int = 0,
    num_workers: int = 2,
    roster: Roster | None = None,
    scenario: str = "",
) -> ChainResult:
    """Run the whole chain for ``unit``. With ``roster`` given, that roster is checked and costed
    instead of solving a new one (same roster, other assumptions)."""
    allocation = allocate_tasks(unit, num_workers=num_workers)
    if allocation.allocation is None:
        raise ChainError("chain_no_allocation", reasons="; ".join(allocation.explanation_text()))
    plan = build_activity_plan(unit, allocation.allocation)
    # The projection is not part of a comparison (years=0); the as-is plan is only its input.
    staffing = run_staffing(unit, plan, plan, years=0)
    if roster is None:
        # A work budget: the same unit and seed give the same roster on an idle or a busy machine.
        options = SolveOptions.for_work(roster_budget, seed=seed, num_workers=num_workers)
        solved = solve_roster(unit, staffing.requirement, options)
        roster, report, status, seconds = solved.roster, solved.report, solved.status, solved.seconds
        budget_used: float | None = roster_budget
        capped = solved.capped
    else:
        report = check_roster(unit, roster, staffing.requirement)
        status, seconds, budget_used, capped = "given", 0.0, None, False
    open_places = places_to_cover(report.uncovered)
    sick_share = unit.rules.number("sick_leave_share")
    absence = absence_places(unit, roster, sick_share)
    holidays = public_holidays(range(roster.start_date.year, roster.end_date.year + 1))
    cover = cover_cost(unit, roster, open_places + absence, holidays)
    shifts = {s.code: s for s in unit.shift_types}
    unfilled = sum(p.count * needed_cover_price(unit, p.date, shifts[p.shift_code], p.group, holidays)
                   for p in open_places)
    year = roster.start_date.year
    budget = salary_budget(unit, roster, year, cover)
    days_in_year = (dt.date(year + 1, 1, 1) - dt.date(year, 1, 1)).days
    weekends, per_employee = weekends_worked(unit, roster)
    return ChainResult(
        scenario=scenario,
        unit_id=unit.id,
        year=year,
        sick_leave_share=sick_share,
        training_needs=allocation.training_needs,
        fte=staffing.fte,
        requirement=staffing.requirement,
        roster=roster,
        roster_status=status,
        roster_seconds=seconds,
        seed=seed,
        work_budget=budget_used,
        capped=capped,
        hard_violations=len(report.hard),
        below_minimum_places=report.below_minimum_places,
        penalty=report.penalty,
        unfilled_at_agency=unfilled,
        uncovered=open_places,
        absence_places=absence,
        weekends_per_employee=per_employee,
        weekends_in_cycle=weekends,
        long_shift_share=long_shift_share(unit, roster),
        avg_position_pct=(
            sum(e.position_pct for e in unit.employees) / len(unit.employees) if unit.employees else 0.0
        ),
        own_cost_per_week=roster_cost(unit, roster, holidays).per_week,
        budget=budget,
        cover=cover,
        cover_factor=days_in_year / roster.days,
    )


def absence_places(unit: Unit, roster: Roster, share: float) -> list[UncoveredPlace]:
    """Expected sick-leave places: per shift code and group, a running total of planned heads ×
    ``share``, rounded; a place falls on the date where the rounded total steps up. Deterministic,
    and the count is round(heads × share) per shift code and group."""
    if share <= 0:
        return []
    group_of = {e.id: e.group for e in unit.employees}
    heads: dict[tuple[str, str], dict[dt.date, int]] = defaultdict(lambda: defaultdict(int))
    for a in roster.assignments:
        heads[(a.shift_code, group_of[a.employee_id])][a.date] += 1
    places = []
    for (code, group), by_date in sorted(heads.items()):
        planned = 0
        placed = 0
        for date in sorted(by_date):
            planned += by_date[date]
            due = int(planned * share + 0.5) - placed
            if due > 0:
                places.append(UncoveredPlace(date=date, shift_code=code, group=group, count=due))
                placed += due
    return sorted(places, key=lambda p: (p.date, p.shift_code, p.group))


def weekends_worked(unit: Unit, roster: Roster) -> tuple[int, float]:
    """Weekends in the roster period, and the mean number an employee works (a shift starting on
    Saturday or Sunday), over every employee of the unit."""
    weekend_of = {d: d - dt.timedelta(days=d.weekday() - 5) for d in roster.dates() if d.weekday() >= 5}
    weekends = len(set(weekend_of.values()))
    worked: dict[str, set[dt.date]] = defaultdict(set)
    for a in roster.assignments:
        if a.date in weekend_of:
            worked[a.employee_id].add(weekend_of[a.date])
    if not unit.employees:
        return weekends, 0.0
    return weekends, sum(len(worked[e.id]) for e in unit.employees) / len(unit.employees)


def long_shift_share(unit: Unit, roster: Roster) -> float:
    if not roster.assignments:
        return 0.0
    long_codes = {s.code for s in unit.shift_types if s.is_long}
    return sum(a.shift_code in long_codes for a in roster.assignments) / len(roster.assignments)
