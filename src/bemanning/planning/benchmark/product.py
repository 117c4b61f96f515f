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
from bemanning.planning.rostering.solver import SolveOptions, solve_context

from .result import FEASIBLE, NO_SOLUTION, OPTIMAL, EngineResult, Progress

START = dt.date(2024, 1, 1)  # a Monday: day 0 of every instance
GROUP = "staff"
LNS_SHARE = 0.3  # at most this share of the limit for the first lawful roster (small instances)
FULL_MODEL_MAX_VARS = 5_000  # staff × days × shifts up to which the whole model is solved after it
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
    from bemanning.planning.rostering.solver import build_model

    return build_model(context_from_curtois(instance), rules_from_curtois(instance))


def solve_product(instance: CurtoisInstance, time_limit: float, *, seed: int = 1,
                  progress: Progress | None = None) -> EngineResult:
    """``--engine product``: the roster engine's own strategies on the instance.

    Small instances: the search's construction (``strategy="lns"``, ``stop_after_first``) for a lawful
    roster, then the whole CP-SAT model (``strategy="full"``) warm-started from it; the better roster
    by the product checker wins. Large instances: the LNS search (the default of ``bemanning solve``)
    for the whole limit. The objective returned is the product checker's penalty of that roster;
    the harness compares it with the independent Curtois checker's value of the written file.
    """
    started = time.monotonic()
    ctx = context_from_curtois(instance)
    rules = rules_from_curtois(instance)
    log: list[str] = []

    def show(event: object) -> None:
        if progress is not None:
            progress(f"{getattr(event, 'objective', 0):g} after {getattr(event, 'seconds', 0.0):.1f} s")

    small = len(instance.staff) * instance.days * len(instance.shifts) <= FULL_MODEL_MAX_VARS
    # Small: the LNS construction only (a lawful roster fast), then the hinted whole model.
    # Large: the whole model is too big for the limit, the LNS search gets all the time.
    first_limit = LNS_SHARE * time_limit if small else time_limit
    lns = solve_context(ctx, rules, SolveOptions(time_limit=first_limit, seed=seed, progress=show,
                                                 stop_after_first=small),
                        started=started)
    best = lns if lns.report.ok else None
    log.append(f"product lns: {lns.report.penalty if best else 'no lawful roster'}")
    remaining = time_limit - (time.monotonic() - started)
    if small and remaining > 0.5:
        full = solve_context(ctx, rules, SolveOptions(time_limit=remaining, seed=seed, progress=show, strategy="full",
                                                      hint=best.roster if best else None))
        if full.status in ("optimal", "feasible") and full.report.ok and (
                best is None or full.report.penalty <= best.report.penalty):
            best = full
        log.append(f"product full: {full.status} {full.report.penalty} (bound {full.bound})")
    seconds = time.monotonic() - started
    if best is None:
        return EngineResult([], None, None, NO_SOLUTION, seconds, log)
    assignments = sorted((a.employee_id, ctx.index_of(a.date), a.shift_code) for a in best.roster.assignments)
    proven = best.status == "optimal" and best.bound is not None and round(best.bound) >= best.report.penalty
    bound = round(best.bound) if best.bound is not None and best.status in ("optimal", "feasible") else None
    return EngineResult(assignments, best.report.penalty, bound, OPTIMAL if proven else FEASIBLE, seconds, log)
