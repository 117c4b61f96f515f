"""The Curtois & Qu instance on the product's roster engine: a ``RosterContext`` and product rule
objects built from a ``CurtoisInstance``, solved by ``solve_context`` (the same search as
``bemanning solve``).

Mapping (SOURCES.md §3): calendar period from a Monday, no history (the days around the period are
off); shift types with the instance's lengths as working minutes; days off as planned absence
(``AbsenceRule``); shift-on/off requests as wishes with their weights (``Wishes``, weight 1); the
per-employee limits, successions and weighted cover as the contract rules of
``rostering/rules/contracts.py``.
"""

from __future__ import annotations

import datetime as dt
import time

from bemanning.model import DayType, ShiftKind, Unit, WorkArrangement
from bemanning.model.curtois import CurtoisInstance
from bemanning.planning.rostering.context import (
    DayInfo,
    DemandRow,
    EmployeeInfo,
    Period,
    RosterContext,
    ShiftInfo,
    WishItem,
)
from bemanning.planning.rostering.model_builder import RosterModel
from bemanning.planning.rostering.rules import AbsenceRule, OneShiftPerDay, Rule, Wishes
from bemanning.planning.rostering.rules.contracts import (
    ConsecutiveShifts,
    CoverTarget,
    ForbiddenSuccessions,
    MaxWeekends,
    MinDaysOff,
    ShiftTypeLimits,
    TotalMinutes,
    WeightedCover,
)
from bemanning.planning.rostering.solver import Progress as SearchProgress
from bemanning.planning.rostering.solver import SolveOptions, build_model, solve_context

from .result import FEASIBLE, NO_SOLUTION, OPTIMAL, EngineResult, Progress

START = dt.date(2024, 1, 1)  # a Monday: day 0 of every instance
GROUP = "staff"
REFERENCE = "Curtois & Qu (2014), SOURCES.md §3"


def context_from_curtois(instance: CurtoisInstance) -> RosterContext:
    """The planning context of ``instance``: one group, calendar days from a Monday, no history."""
    period = Period(start=START, days=instance.days, cyclic=False)
    days = []
    for i in range(instance.days):
        date = START + dt.timedelta(days=i)
        day_type = {5: DayType.SATURDAY, 6: DayType.SUNDAY}.get(date.weekday(), DayType.WEEKDAY)
        days.append(DayInfo(index=i, date=date, weekday=date.weekday(), day_type=day_type))
    shifts = {
        s.id: ShiftInfo(code=s.id, kind=ShiftKind.DAY, start=0, end=s.minutes, work_minutes=s.minutes)
        for s in instance.shifts
    }
    employees = [
        EmployeeInfo(id=e.id, group=GROUP, position_pct=100.0, weekly_hours=0.0,
                     arrangement=WorkArrangement.ROTATION, competences=frozenset(),
                     long_shift_volunteer=True, works_nights=True)
        for e in instance.staff
    ]
    # The demand rows steer the search's construction and neighbourhoods; the penalty is WeightedCover's.
    demand = [DemandRow(day=c.day, shift=c.shift, group=GROUP, required=c.requirement, minimum=0)
              for c in instance.cover if c.requirement > 0]
    wishes = [WishItem(employee=r.employee, day=r.day, shift=r.shift, want=True, weight=r.weight)
              for r in instance.on_requests]
    wishes += [WishItem(employee=r.employee, day=r.day, shift=r.shift, want=False, weight=r.weight)
               for r in instance.off_requests]
    # Only the rule-set defaults are read (relaxed_hard_weight); no unit file exists for an instance.
    settings = Unit.model_construct(id=instance.name, name=instance.name, groups=[], shift_types=[])  # type: ignore[call-arg]
    return RosterContext(
        unit_id=instance.name, period=period, days=days, shifts=shifts, employees=employees,
        group_rank={GROUP: None}, demand=demand, wishes=wishes,
        absent={e: set(days_off) for e, days_off in instance.days_off.items() if days_off},
        history={}, history_days=0, carry={}, holiday_eves=set(), settings=settings,
    )


def rules_from_curtois(instance: CurtoisInstance) -> list[Rule]:
    """Every constraint family of the instance as a product rule object (hard ones hard)."""
    ref = REFERENCE
    staff = instance.staff
    return [
        OneShiftPerDay(hard=True, weight=1, reference=ref),
        AbsenceRule(hard=True, weight=1, reference=ref),
        ForbiddenSuccessions(hard=True, weight=1, reference=ref, pairs=frozenset(
            (s.id, b) for s in instance.shifts for b in s.cannot_follow)),
        ShiftTypeLimits(hard=True, weight=1, reference=ref, limits={e.id: dict(e.max_shifts) for e in staff}),
        TotalMinutes(hard=True, weight=1, reference=ref,
                     bounds={e.id: (e.min_total_minutes, e.max_total_minutes) for e in staff}),
        ConsecutiveShifts(hard=True, weight=1, reference=ref,
                          limits={e.id: (e.min_consecutive_shifts, e.max_consecutive_shifts) for e in staff}),
        MinDaysOff(hard=True, weight=1, reference=ref, limits={e.id: e.min_consecutive_days_off for e in staff}),
        MaxWeekends(hard=True, weight=1, reference=ref, limits={e.id: e.max_weekends for e in staff}),
        Wishes(hard=False, weight=1, reference=REFERENCE),
        WeightedCover(hard=False, weight=1, reference=REFERENCE, targets=tuple(
            CoverTarget(c.day, c.shift, c.requirement, c.under_weight, c.over_weight) for c in instance.cover)),
    ]


def build_curtois_model(instance: CurtoisInstance) -> RosterModel:
    """The whole-instance CP-SAT model of the product engine (for tests and inspection)."""
    return build_model(context_from_curtois(instance), rules_from_curtois(instance))


def solve_product(instance: CurtoisInstance, time_limit: float, *, seed: int = 1,
                  progress: Progress | None = None) -> EngineResult:
    """``--engine product``: the instance on the product's rule objects, solved by the one roster
    engine (``solve_context``, the same call as ``bemanning solve``), for ``time_limit`` wall seconds
    as the benchmark is defined. The engine picks its phases from the problem (here: column
    generation or construction, best responses, the full model on small instances, cell LNS).

    The objective returned is the product checker's penalty of the best roster; the harness
    compares it with the independent Curtois checker's value of the written file.
    """
    started = time.monotonic()
    ctx = context_from_curtois(instance)
    rules = rules_from_curtois(instance)

    def show(event: SearchProgress) -> None:
        if progress is not None:
            progress(f"{event.objective:g} after {event.seconds:.1f} s")

    result = solve_context(ctx, rules, SolveOptions(time_limit=time_limit, seed=seed, progress=show), started=started)
    if not result.lawful:
        return EngineResult([], None, None, NO_SOLUTION, time.monotonic() - started, result.log)
    penalty = result.report.penalty
    bound = int(result.bound) if result.bound is not None else None
    status = OPTIMAL if result.status == "optimal" else FEASIBLE
    assignments = sorted((a.employee_id, ctx.index_of(a.date), a.shift_code) for a in result.roster.assignments)
    return EngineResult(assignments, penalty, bound, status, time.monotonic() - started, result.log)
