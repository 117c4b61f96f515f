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
import math
import time

from ortools.sat.python import cp_model

from bemanning.model import Assignment, DayType, Roster, ShiftKind, Unit, WorkArrangement
from bemanning.model.curtois import CurtoisInstance
from bemanning.planning.rostering.checker import check_context
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

from .colgen import applies as columns_apply
from .colgen import improve_by_best_responses, solve_by_columns
from .dp_pricing import dp_applies
from .result import FEASIBLE, NO_SOLUTION, OPTIMAL, EngineResult, Progress

START = dt.date(2024, 1, 1)  # a Monday: day 0 of every instance
GROUP = "staff"
# Tuning, measured on the instances (docs/benchmarks/curtois.md)
CONSTRUCTION_SHARE = 0.5  # at most this share of the limit for the one-employee-at-a-time roster
CONSTRUCTION_STEP_MIN = 0.1  # seconds an employee's model gets at least (then the fallback)
FIRST_ROSTER_LIMIT = 5.0  # seconds for a feasibility-only employee model (it stops at the first roster)
FAST_CONSTRUCTION_ABOVE = 1500  # days × shift types above which construction is feasibility-first
FULL_MODEL_MAX_VARS = 1_000  # staff × days × shifts up to which the whole model gets a hinted run
FULL_MODEL_SHARE = 0.3  # share of the remaining time for that run
# Column generation with CP-SAT pricing (rule sets the DP pricer does not know) builds the roster up
# to this size: staff × days × shifts, and days (a CP-SAT pricing model grows with the horizon: on 14
# (42 days) and 16 (56) the root relaxation did not converge in half of 60 s, on 18 (84) a first
# pricing took over 2 s). With DP pricing, ``colgen.PRICING_WORK_LIMIT`` decides.
COLUMNS_MAX_VARS = 17_000
COLUMNS_MAX_DAYS = 28
COLUMNS_SHARE = 0.9  # at most this share of the limit for column generation and its dive
STEP_LIMIT = 1.0  # seconds per LNS step at most
BEST_RESPONSE_SHARE = 0.3  # share of the rest for best responses after construction (when the DP prices all)
PAIRS = 1  # long horizons: first try the neediest type with a filler type (0: one type only)
PAIR_LIMIT = 0.5  # seconds at most for such a two-type employee model
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


def _employee_model(ctx: RosterContext, rules: list[Rule], forbidden: set[tuple[str, int, str]], who: str,
                    plan: dict[str, dict[int, str]], *, with_penalty: bool) -> RosterModel:
    """``who``'s model with everyone else's roster as constants (the penalty, or hard rules only)."""
    m = RosterModel(ctx, forbidden, active={who}, fixed=plan)
    for rule in rules:
        if rule.applies(ctx) and (rule.hard or with_penalty):
            rule.add_to_model(m)
    if with_penalty:
        m.model.minimize(m.objective())
    return m


def _neediest(instance: CurtoisInstance, who: str, demand: dict[str, int]) -> str | None:
    """The shift type with the most uncovered demand that ``who`` can work day after day and often
    enough to reach the minimum minutes (a one-type roster is then nearly always lawful)."""
    usable = _usable(instance, who)
    return max(usable, key=lambda s: demand.get(s, 0)) if usable else None


def _usable(instance: CurtoisInstance, who: str) -> list[str]:
    """The shift types ``who`` could work alone all period: may follow themselves, enough of them."""
    staff = instance.staff_by_id[who]
    return [s.id for s in instance.shifts
            if s.id not in s.cannot_follow
            and staff.max_shifts.get(s.id, instance.days) * s.minutes >= staff.min_total_minutes]


def _neediest_pair(instance: CurtoisInstance, who: str, demand: dict[str, int],
                   filler: str | None) -> tuple[str, str] | None:
    """(the type with the most uncovered demand that ``who`` may work at all, ``filler`` — the
    ``_neediest`` type — to make up the minutes), when the first is needed more than the filler."""
    allowed = [s.id for s in instance.shifts if instance.max_shifts_of(who, s.id) > 0]
    if filler is None or not allowed:
        return None
    first = max(allowed, key=lambda s: demand.get(s, 0))
    if first == filler or demand.get(first, 0) <= demand.get(filler, 0):
        return None
    return first, filler


def construct(instance: CurtoisInstance, ctx: RosterContext, rules: list[Rule], deadline: float,
              hard_deadline: float, seed: int, log: list[str]) -> dict[str, dict[int, str]] | None:
    """A lawful roster, one employee at a time with everyone else fixed (hard rules concern one
    employee; only the soft cover links them, so this never gets stuck where a monolithic model
    finds nothing).

    Short horizons: each employee's model holds the whole penalty (cover-aware), within a share
    of the time. Long ones (days × shift types above ``FAST_CONSTRUCTION_ABOVE``): feasibility
    first, the penalty left to the LNS: the type the cover still needs most with a filler type
    that makes up the minutes, as many of the needed type as the rules allow (``PAIRS``: the
    needed type may be one an employee cannot work day after day or often enough, like a 12-hour
    night), else the one type the cover needs most that one employee can work day after day — a
    model of a few hundred variables. Either falls back to the hard rules alone."""
    forbidden_all = {t for rule in rules if rule.applies(ctx) for t in rule.forbidden(ctx)}
    fast = instance.days * len(instance.shifts) > FAST_CONSTRUCTION_ABOVE
    demand: dict[str, int] = {}
    for c in instance.cover:
        demand[c.shift] = demand.get(c.shift, 0) + c.requirement
    plan: dict[str, dict[int, str]] = {}
    staff = [e.id for e in instance.staff]
    for position, who in enumerate(staff):
        share = max((deadline - time.monotonic()) / (len(staff) - position), CONSTRUCTION_STEP_MIN)
        # (extra forbidden shift types, with the penalty, time limit): later ones only if earlier fail
        attempts: list[tuple[tuple[str, ...] | None, bool, float]] = [(None, True, share)]
        if fast:
            # Stops at the first roster, so no share cap: a cut-off here costs a second, larger model.
            single = _neediest(instance, who, demand)
            attempts = [((single,) if single else None, False, max(share, FIRST_ROSTER_LIMIT))]
            pair = _neediest_pair(instance, who, demand, single) if PAIRS else None
            if pair is not None:
                # Measured on 21-24 at 60 s: a better start (23: 502 794 vs 886 441) pays for its time.
                attempts.insert(0, (pair, False, min(max(share, 0.2), PAIR_LIMIT)))
        attempts.append((None, False, max(share, 30.0)))
        for only, with_penalty, limit in attempts:
            limit = min(limit, hard_deadline - time.monotonic())
            if limit <= 0:
                log.append(f"construction: time limit reached at employee {position + 1} of {len(staff)}")
                return None
            forbidden = forbidden_all
            if only is not None:
                forbidden = forbidden_all | {(who, d, s.id) for d in range(ctx.n) for s in instance.shifts
                                             if s.id not in only}
            m = _employee_model(ctx, rules, forbidden, who, plan, with_penalty=with_penalty)
            solver = cp_model.CpSolver()
            solver.parameters.max_time_in_seconds = limit
            solver.parameters.random_seed = seed + position
            if with_penalty:
                solver.parameters.num_workers = 1
                solver.parameters.linearization_level = 2
            elif only is not None and len(only) == 2:
                # As many of the needed type as the rules allow; the filler makes up the minutes.
                m.model.maximize(sum(var for (_, _, c), var in m.x.items() if c == only[0]))
                solver.parameters.num_workers = 2
            else:
                solver.parameters.num_workers = 2
                solver.parameters.stop_after_first_solution = True
            status = solver.solve(m.model)
            if status in (cp_model.OPTIMAL, cp_model.FEASIBLE):
                break
        else:
            log.append(f"construction: no roster for employee {who} ({solver.status_name(status)})")
            return None
        plan[who] = {d: c for (_, d, c), var in m.x.items() if solver.value(var)}
        for code in plan[who].values():
            demand[code] = demand.get(code, 0) - 1
    return plan


def _roster(ctx: RosterContext, plan: dict[str, dict[int, str]]) -> Roster:
    assignments = [Assignment(employee_id=e, date=ctx.date_of(d), shift_code=c)
                   for e, days in plan.items() for d, c in sorted(days.items())]
    return Roster(unit_id=ctx.unit_id, start_date=ctx.period.start, days=ctx.n, cyclic=False,
                  assignments=assignments)


def solve_product(instance: CurtoisInstance, time_limit: float, *, seed: int = 1,
                  progress: Progress | None = None) -> EngineResult:
    """``--engine product``: the instance on the product's rule objects and roster search.

    1. Column generation, a dive and best responses (``colgen.py``, at most ``COLUMNS_SHARE``): a roster
       and a lower bound; it is exact for this rule set (wishes and weighted cover are the only soft rules).
       Pricing by DP up to ``colgen.PRICING_WORK_LIMIT`` (instances 1–19), by CP-SAT up
       to ``COLUMNS_MAX_VARS`` cells and ``COLUMNS_MAX_DAYS`` days. Larger ones, or when it finds nothing:
       ``construct``, a lawful roster one employee at a time (at most ``CONSTRUCTION_SHARE``), then best
       responses by DP pricing while they gain (``BEST_RESPONSE_SHARE``; instances 20-24).
    2. Small instances: the product's whole model (``strategy="full"``) from that roster as hint,
       LP-heavy, for ``FULL_MODEL_SHARE`` of the rest: a bound, sometimes optimality.
    3. The product's LNS (``solve_context`` from the roster as hint) with cell neighbourhoods and
       LP-heavy single-worker steps for the rest of the time.

    The objective returned is the product checker's penalty of the best roster; the harness
    compares it with the independent Curtois checker's value of the written file.
    """
    started = time.monotonic()
    deadline = started + time_limit
    ctx = context_from_curtois(instance)
    rules = rules_from_curtois(instance)
    log: list[str] = []

    def say(message: str) -> None:
        log.append(message)
        if progress is not None:
            progress(message)

    found = [math.inf]  # the best penalty the searches reported

    def show(event: SearchProgress) -> None:
        found[0] = min(found[0], event.objective)
        say(f"{event.objective:g} after {event.seconds:.1f} s")

    n_vars = len(instance.staff) * instance.days * len(instance.shifts)
    plan, bound = None, None
    small = n_vars <= COLUMNS_MAX_VARS and instance.days <= COLUMNS_MAX_DAYS
    if columns_apply(ctx, rules) and (small or dp_applies(ctx, rules)):
        plan, bound = solve_by_columns(ctx, rules, started + COLUMNS_SHARE * time_limit, seed, log)
    if plan is None:
        plan = construct(instance, ctx, rules, started + CONSTRUCTION_SHARE * time_limit, deadline, seed, log)
        if plan is not None and BEST_RESPONSE_SHARE > 0:
            plan = improve_by_best_responses(
                ctx, rules, plan, time.monotonic() + BEST_RESPONSE_SHARE * (deadline - time.monotonic()), seed, log)
    if plan is None:
        return EngineResult([], None, None, NO_SOLUTION, time.monotonic() - started, log)
    best = _roster(ctx, plan)
    penalty = check_context(ctx, best, rules).penalty
    say(f"first roster: {penalty} after {time.monotonic() - started:.1f} s (bound {bound})")
    if bound is not None and bound >= penalty:
        return _result(ctx, best, penalty, bound, OPTIMAL, started, log)
    if n_vars <= FULL_MODEL_MAX_VARS:
        limit = FULL_MODEL_SHARE * (deadline - time.monotonic())
        full = solve_context(ctx, rules, SolveOptions(time_limit=limit, seed=seed, strategy="full", hint=best,
                                                      lp_heavy=True, progress=show))
        if full.status in ("optimal", "feasible") and full.report.ok:
            if full.bound is not None:
                bound = max(bound or 0, math.ceil(full.bound - 1e-6))
            if full.report.penalty <= penalty:
                best, penalty = full.roster, full.report.penalty
            say(f"full model: {penalty} (bound {bound})")
            if full.status == "optimal":
                return _result(ctx, best, penalty, bound, OPTIMAL, started, log)
    remaining = deadline - time.monotonic()
    if remaining > 0.5:
        # A roster at the lower bound is optimal: no need to search on (Instance11 after 19 s, not 60 s).
        proven = None if bound is None else (lambda: found[0] <= bound)
        lns = solve_context(ctx, rules, SolveOptions(time_limit=remaining, seed=seed, hint=best, lp_heavy=True,
                                                     neighbourhoods="cells", step_limit=STEP_LIMIT,
                                                     progress=show, should_stop=proven))
        if lns.report.ok and lns.report.penalty <= penalty:
            best, penalty = lns.roster, lns.report.penalty
    status = OPTIMAL if bound is not None and bound >= penalty else FEASIBLE
    return _result(ctx, best, penalty, bound, status, started, log)


def _result(ctx: RosterContext, roster: Roster, penalty: int, bound: int | None, status: str, started: float,
            log: list[str]) -> EngineResult:
    assignments = sorted((a.employee_id, ctx.index_of(a.date), a.shift_code) for a in roster.assignments)
    return EngineResult(assignments, penalty, bound, status, time.monotonic() - started, log)
