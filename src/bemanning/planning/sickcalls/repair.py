"""Repair a roster after sick calls with as few changes as possible.

The sick employees get no shifts in their absence (the shifts they lost still count towards their
contract hours; the repaired roster carries each sick day as a SYK absence with the hours it credits,
so ``bemanning check`` on the repaired roster counts them the same way), past and locked days stay
as they were, and the rest is re-planned on the roster engine's CP-SAT model with one extra soft
rule, ``ChangeCost``: every changed day costs a little, an open place costs much more. The current
roster (without the sick shifts) is the starting hint, so the solver begins from "change nothing" and
only moves what restores coverage.
"""

from __future__ import annotations

import datetime as dt
import time
from collections.abc import Callable
from dataclasses import dataclass, field, replace
from typing import Any

from ortools.sat.python import cp_model

from bemanning.i18n import register
from bemanning.model import Absence, AbsenceKind, Assignment, Roster, StaffingRequirement, Unit
from bemanning.planning.rostering import (
    ComplianceReport,
    DemandRow,
    Period,
    RosterContext,
    RosterHistory,
    RosterModel,
    Rule,
    build_context,
    check_context,
    default_rules,
)
from bemanning.planning.rostering.context import absences_in_period
from bemanning.planning.rostering.fill import CoverageFill
from bemanning.planning.rostering.rules import AbsenceRule, Coverage, OneShiftPerDay, SkillMix

from .rules import ChangeCost, FrozenDays, Plan, SkillMixBeyondKnownGaps, skill_mix_gaps

register(  # RepairResult.status, for users
    {
        "repair_status_optimal": {"no": "bevist best", "en": "proven best"},
        "repair_status_feasible": {"no": "gyldig, ikke bevist best", "en": "valid, not proven best"},
        "repair_status_relaxed": {"no": "harde regler brutt", "en": "hard rules broken"},
        "repair_status_unchanged": {"no": "uendret", "en": "unchanged"},
        "repair_status_open_places": {"no": "uendret, men plasser står åpne", "en": "unchanged, but places stay open"},
        "repair_left_open": {
            "no": "{count} plasser kunne ikke dekkes",
            "en": "{count} places could not be covered",
        },
        "repair_status_no_solution": {
            "no": "ingen løsning funnet i tiden, vaktene er tatt ut og plassene står åpne",
            "en": "no solution found in time, the shifts are taken out and the places left open",
        },
    }
)


@dataclass(frozen=True)
class SickCall:
    """``employee`` is away from ``start`` to ``end`` (both included)."""

    employee: str
    start: dt.date
    end: dt.date


@dataclass(frozen=True)
class Change:
    employee: str
    date: dt.date
    before: str | None  # shift code, None = day off
    after: str | None
    weight: int  # the ChangeCost penalty of this change (0 for the sick days themselves)


@dataclass
class RepairSetup:
    """The context, rules and plans a repair works on (also used by the greedy reference)."""

    ctx: RosterContext
    rules: list[Rule]
    before: Plan  # the roster before the sick call
    start: Plan  # before, without the sick shifts
    frozen: set[int]
    sick: set[tuple[str, int]]  # (employee, day) of the sick calls
    change_rule: ChangeCost
    full_demand: list[DemandRow] = field(default_factory=list)  # the requirement before discounting old gaps


@dataclass
class RepairResult:
    roster: Roster
    changes: list[Change]
    report: ComplianceReport
    # optimal | feasible | relaxed (hard rules broken) | unchanged (nothing lost, nothing left open) |
    # open_places (nothing could be changed and places stay open) | no_solution
    status: str
    seconds: float
    setup: RepairSetup
    removed: int  # sick shifts taken out
    relaxed_rules: list[str] = field(default_factory=list)
    left_open: int = 0  # places open after the repair that were covered before the sick call

    @property
    def changed_assignments(self) -> int:
        """Changed days other than the sick days themselves."""
        return sum(1 for c in self.changes if c.weight)

    @property
    def change_cost(self) -> int:
        return sum(c.weight for c in self.changes)


def plan_of(roster: Roster, ctx: RosterContext) -> Plan:
    plan: Plan = {}
    for a in roster.assignments:
        d = ctx.index_of(a.date)
        if 0 <= d < ctx.n and a.shift_code in ctx.shifts:
            plan.setdefault(a.employee_id, {})[d] = a.shift_code
    return plan


def roster_of(plan: Plan, ctx: RosterContext) -> Roster:
    assignments = [
        Assignment(employee_id=e, date=ctx.date_of(d), shift_code=c)
        for e, days in plan.items()
        for d, c in days.items()
    ]
    assignments.sort(key=lambda a: (a.date, a.employee_id))
    return Roster(
        unit_id=ctx.unit_id, start_date=ctx.period.start, days=ctx.n, cyclic=ctx.cyclic, assignments=assignments
    )


def prepare(
    unit: Unit,
    roster: Roster,
    calls: list[SickCall],
    requirement: StaffingRequirement | None = None,
    *,
    locked_until: dt.date | None = None,
    history: RosterHistory | None = None,
    rules: list[Rule] | None = None,
    only_lost: bool = True,
) -> RepairSetup:
    """The repair's context: sick days marked absent and credited with the shift they took away (0 for a
    day off), frozen days (before the first sick day and up to ``locked_until``), and the rule set with
    the change cost.

    ``only_lost``: restore the coverage the sick call took away, not places that were already open
    before it (those are the fill suggestions' business) — so one sick call does not reshuffle the
    whole roster to close old gaps."""
    ctx = build_context(unit, Period.of_roster(roster), requirement, history, roster.absences)
    full_demand = list(ctx.demand)
    if only_lost:
        _discount_open_places(ctx, unit, roster, requirement, history, rules)
    known = {e.id for e in ctx.employees}
    for call in calls:
        if call.employee not in known:
            raise ValueError(f"unknown employee {call.employee}")
    before = plan_of(roster, ctx)
    sick: set[tuple[str, int]] = set()
    call_days: dict[str, set[int]] = {}
    for call in calls:
        for d in range(-1, ctx.n + 1):
            if call.start <= ctx.date_of(d) <= call.end:
                call_days.setdefault(call.employee, set()).add(d)
                ctx.absent.setdefault(call.employee, set()).add(d)
    for e, days in call_days.items():
        sick |= {(e, d) for d in days if 0 <= d < ctx.n}
        # a planned shift that runs into the sick leave (the night before) is lost too
        sick |= {(e, d) for d, code in before.get(e, {}).items() if ctx.touches(d, code, days)}
    for e, d in sick:  # the sick days stay in the contract target; the shifts they took count as worked
        ctx.absent.setdefault(e, set()).add(d)
        code = before.get(e, {}).get(d)
        ctx.credited.setdefault(e, {})[d] = ctx.shifts[code].work_minutes if code else 0
    first = min((call.start for call in calls), default=ctx.period.start)
    first = min([first, *(ctx.date_of(d) for _, d in sick)])
    frozen = {d for d in range(ctx.n) if ctx.date_of(d) < first}
    if locked_until is not None:
        frozen |= {d for d in range(ctx.n) if ctx.date_of(d) <= locked_until}
    start = {e: {d: c for d, c in days.items() if (e, d) not in sick} for e, days in before.items()}
    change = ChangeCost.for_unit(unit, before, sick | {(e.id, d) for e in ctx.employees for d in frozen})
    base = list(rules) if rules is not None else default_rules(unit)
    out: list[Rule] = []
    for rule in base:
        if type(rule) is SkillMix and only_lost:
            rule = SkillMixBeyondKnownGaps(
                hard=rule.hard, weight=rule.weight, reference=rule.reference, known_gaps=skill_mix_gaps(ctx, before)
            )
        out.append(rule)
    out += [change, FrozenDays(before=before, days=frozen, skip=sick)]
    return RepairSetup(
        ctx=ctx,
        rules=out,
        before=before,
        start=start,
        frozen=frozen,
        sick=sick,
        change_rule=change,
        full_demand=full_demand,
    )


def _discount_open_places(
    ctx: RosterContext,
    unit: Unit,
    roster: Roster,
    requirement: StaffingRequirement | None,
    history: RosterHistory | None,
    rules: list[Rule] | None,
) -> None:
    """Lower each place's requirement by what was already missing before the sick call."""
    # A separate context: rules cache demand tables in the context they check.
    before_ctx = build_context(unit, Period.of_roster(roster), requirement, history, roster.absences)
    coverage = [r for r in (rules if rules is not None else default_rules(unit)) if r.code == "coverage"]
    if not coverage:
        return
    missing = {(p.date, p.shift, p.group): p.missing for p in check_context(before_ctx, roster, coverage).uncovered}
    if not missing:
        return
    rows = []
    for row in ctx.demand:
        gap = missing.get((ctx.date_of(row.day).isoformat(), row.shift, row.group), 0)
        required = max(0, row.required - gap)
        rows.append(replace(row, required=required, minimum=min(row.minimum, required)))
    ctx.demand = rows


def changes_between(setup: RepairSetup, after: Plan) -> list[Change]:
    ctx, out = setup.ctx, []
    for e in sorted({*setup.before, *after}):
        for d in range(ctx.n):
            old, new = setup.before.get(e, {}).get(d), after.get(e, {}).get(d)
            if old != new:
                weight = 0 if (e, d) in setup.sick else setup.change_rule.change_weight(ctx, d, old, new)
                out.append(Change(e, ctx.date_of(d), old, new, weight))
    return out


def compliance_rules(setup: RepairSetup) -> list[Rule]:
    """The rules a repaired roster is checked with: all but the change cost (changes go to changes.csv),
    and the skill mix against its full minimum (old shortfalls are reported, not hidden)."""
    kept = [r for r in setup.rules if not isinstance(r, ChangeCost)]
    return [r.full() if isinstance(r, SkillMixBeyondKnownGaps) else r for r in kept]


KEEP_HARD = (OneShiftPerDay, AbsenceRule, FrozenDays)


def relaxed_rules(unit: Unit, rules: list[Rule]) -> list[Rule]:
    """Hard rules as heavy soft ones, except the structure, the absence and the frozen days."""
    weight = unit.rules.get("relaxed_hard_weight").weight
    return [r if isinstance(r, KEEP_HARD) else r.relaxed(weight) for r in rules]


def solve_plan(
    ctx: RosterContext,
    rules: list[Rule],
    hint: Plan,
    *,
    active: set[str] | None = None,
    fixed: Plan | None = None,
    free_days: set[int] | None = None,
    give_up_outside: bool = True,
    time_limit: float = 10.0,
    seed: int = 0,
    workers: int = 2,
) -> tuple[Plan | None, str]:
    """Minimise the rules' penalties (with the change cost) from ``hint``; (plan, status).
    ``free_days``: only these days may change freely (default: all); on the others nothing is added
    or changed, and a hinted shift may be given up only when ``give_up_outside`` (which hands hours
    back to a day inside: the usual way a swap keeps contract hours, but a much larger search)."""
    live = [r for r in rules if r.applies(ctx)]
    active = active if active is not None else {e.id for e in ctx.employees}
    fixed = {e: days for e, days in (fixed or {}).items() if e not in active}
    forbidden = {t for r in live for t in r.forbidden(ctx) if t[0] in active}
    if free_days is not None:
        forbidden |= {
            (e, d, c)
            for e in active
            for d in range(ctx.n)
            if d not in free_days
            for c in ctx.shifts
            if hint.get(e, {}).get(d) != c
        }
    m = RosterModel(ctx, forbidden, active=active, fixed=fixed)
    for rule in live:
        rule.add_to_model(m)
    if free_days is not None and not give_up_outside:
        for (_, d, _), var in m.x.items():
            if d not in free_days:  # the hinted shift is the only one left there: keep it worked
                m.model.add(var == 1)
    started = time.monotonic()
    solver = cp_model.CpSolver()
    solver.parameters.random_seed = seed
    solver.parameters.num_workers = max(workers, 1)
    values = _complete_hint(m, solver, hint, time_limit / 4)
    m.model.minimize(m.objective())
    if values is not None:
        for index, value in enumerate(values):
            m.model.add_hint(m.model.get_int_var_from_proto_index(index), value)
    else:
        for (e, d, c), var in m.x.items():
            m.model.add_hint(var, hint.get(e, {}).get(d) == c)
    solver.parameters.max_time_in_seconds = max(time_limit - (time.monotonic() - started), 0.2)
    status = solver.solve(m.model)
    if status not in (cp_model.OPTIMAL, cp_model.FEASIBLE):
        return None, "infeasible" if status == cp_model.INFEASIBLE else "no_solution"
    plan: Plan = {e: dict(days) for e, days in fixed.items()}
    for (e, d, c), var in m.x.items():
        if solver.value(var):
            plan.setdefault(e, {})[d] = c
    return plan, "optimal" if status == cp_model.OPTIMAL else "feasible"


def _complete_hint(m: RosterModel, solver: cp_model.CpSolver, hint: Plan, limit: float) -> list[int] | None:
    """Every variable's value for ``hint`` (auxiliary ones included), when the hint keeps the hard rules."""
    for person in m.employees:
        for d, c in hint.get(person.id, {}).items():
            if (person.id, d, c) not in m.x:
                return None
    probe = m.model.clone()
    for (who, d, c), var in m.x.items():
        probe.add(probe.get_int_var_from_proto_index(var.index) == int(hint.get(who, {}).get(d) == c))
    solver.parameters.max_time_in_seconds = max(limit, 0.1)
    if solver.solve(probe) not in (cp_model.OPTIMAL, cp_model.FEASIBLE):
        return None
    return list(solver.response_proto.solution)


COVER_SCALE = 1000  # coverage and skill mix first ...
CHANGE_SCALE = 100  # ... then few changes, then the other soft rules


def lexicographic(rules: list[Rule]) -> list[Rule]:
    """Model weights for the repair: an open place outweighs any set of changes that fills it, and a
    change outweighs the small gains of the other soft rules (isolated days, fairness, wishes), so
    the roster only moves where coverage needs it. Relaxed hard rules stay heaviest."""
    out: list[Rule] = []
    for r in rules:
        if isinstance(r, Coverage):
            r = replace(r, weight=r.weight * COVER_SCALE, minimum_weight=r.minimum_weight * COVER_SCALE)
        elif isinstance(r, SkillMix):
            r = replace(r, weight=r.weight * COVER_SCALE)
        elif isinstance(r, ChangeCost):
            r = replace(r, scale=CHANGE_SCALE)
        elif not r.hard and r.weight >= 100_000:
            r = replace(r, weight=r.weight * COVER_SCALE * 10)
        out.append(r)
    return out


def neighbourhood(setup: RepairSetup) -> set[str]:
    """Who may be re-planned: the sick staff and everyone of a group that can take their places
    (their own group and the groups ranked above it); the others keep their roster as it is."""
    from .explain import eligible_groups

    ctx = setup.ctx
    sick = {e for e, _ in setup.sick}
    groups = {g for e in ctx.employees if e.id in sick for g in eligible_groups(ctx, e.group)}
    return sick | {e.id for e in ctx.employees if e.group in groups}


# The search widens in stages: days around the sick call (before, after, whether shifts outside may be
# given up), then the whole period; each stage gets this share of the time still left.
STAGES: tuple[tuple[int, int, bool, float] | None, ...] = ((3, 10, False, 0.3), (7, 14, True, 0.6), None)
MIN_STAGE_SECONDS = 1.0
FILL_SHARE = 0.15  # of the time for the greedy fill before the stages


def _search(
    ctx: RosterContext,
    rules: list[Rule],
    setup: RepairSetup,
    remaining: Callable[[], float],
    kwargs: dict[str, Any],
) -> tuple[Plan | None, str]:
    """The repair's search, from the roster without the sick shifts: a greedy fill, then CP-SAT on the
    days around the sick call (``STAGES``, widening while places stay open or the stage is not proven),
    then a polish over only the people moved; each step starts from the best so far. A result is kept
    only when it beats the best by the same penalties (the checker's sum equals the model's
    objective), so the repair never returns something worse than "change nothing"."""

    def penalty(plan: Plan) -> int:
        return check_context(ctx, roster_of(plan, ctx), rules).penalty

    best, best_penalty, status = setup.start, penalty(setup.start), "unchanged"
    target: list[Rule] = [r for r in rules if isinstance(r, Coverage | SkillMix)]
    if not check_context(ctx, roster_of(setup.start, ctx), target).violations:
        return best, status  # the sick call took nothing the roster needs: change nothing
    # A greedy start: fill each lost place by changing someone's shift that day or moving one of their
    # shifts there (the roster engine's coverage fill, each move checked on that employee, change
    # cost included); CP-SAT then starts from a roster that already restores most of the coverage.
    filled = CoverageFill(ctx, rules).run(setup.start, max(remaining() * FILL_SHARE, 0.1))
    if (value := penalty(filled)) < best_penalty:
        best, best_penalty, status = filled, value, "feasible"
    sick_days = sorted(d for _, d in setup.sick)
    found = best is not setup.start
    for number, stage in enumerate(STAGES if sick_days else (None,)):
        if number and remaining() < MIN_STAGE_SECONDS:
            break
        free_days, give_up, share = None, True, 1.0
        if stage is not None:
            before, after, give_up, share = stage
            span = range(sick_days[0] - before, sick_days[-1] + after + 1)
            free_days = {ctx.wrap(d) for d in span} if ctx.cyclic else {d for d in span if 0 <= d < ctx.n}
        plan, stage_status = solve_plan(
            ctx,
            rules,
            best,
            free_days=free_days,
            give_up_outside=give_up,
            time_limit=max(remaining() * share, MIN_STAGE_SECONDS),
            **kwargs,
        )
        if plan is None:
            continue
        found = True
        label = stage_status if free_days is None else "feasible"  # a window's optimum is not the period's
        value = penalty(plan)
        if value < best_penalty:
            best, best_penalty, status = plan, value, label
        elif status == "unchanged":
            status = label
        if stage_status == "optimal" and (
            free_days is None
            or not check_context(ctx, roster_of(best, ctx), [r for r in rules if isinstance(r, Coverage)]).uncovered
        ):
            break  # proven, or the window restored everything the sick call took with the fewest changes there
    if found and status != "optimal" and remaining() >= MIN_STAGE_SECONDS:
        # Polish: only the people the search moved, over the whole period. A small model, often
        # solved to optimality, that undoes the changes the larger stages made without need.
        moved = {e for e in kwargs["active"] if best.get(e, {}) != setup.start.get(e, {})}
        if moved:
            plan, stage_status = solve_plan(
                ctx, rules, best, **{**kwargs, "active": moved}, time_limit=max(remaining(), MIN_STAGE_SECONDS)
            )
            if plan is not None and penalty(plan) < best_penalty:
                best, best_penalty = plan, penalty(plan)
    return (best, status) if found else (None, "no_solution")


def repair_roster(
    unit: Unit,
    roster: Roster,
    calls: list[SickCall],
    requirement: StaffingRequirement | None = None,
    *,
    locked_until: dt.date | None = None,
    history: RosterHistory | None = None,
    time_limit: float = 10.0,
    seed: int = 0,
    workers: int = 2,
    only_lost: bool = True,
) -> RepairResult:
    """Take the sick staff off their shifts and restore coverage with as few changes as possible
    (``only_lost=False``: also close places that were open before the sick call)."""
    started = time.monotonic()
    setup = prepare(unit, roster, calls, requirement, locked_until=locked_until, history=history, only_lost=only_lost)
    ctx = setup.ctx
    # Rules the roster already broke before the sick call cannot be demanded now: they become heavy
    # soft rules (the repair may not make them worse), the others stay hard.
    relaxed: list[str] = []
    weight = unit.rules.get("relaxed_hard_weight").weight
    broken = {v.rule for v in check_context(ctx, roster_of(setup.start, ctx), compliance_rules(setup)).hard}
    rules = [r.relaxed(weight) if r.code in broken and not isinstance(r, KEEP_HARD) else r for r in setup.rules]
    rules = lexicographic(rules)
    active = neighbourhood(setup)
    reserve = 0.15 * time_limit  # the final check and the change list
    kwargs: dict[str, Any] = {"active": active, "fixed": setup.start, "seed": seed, "workers": workers}

    def remaining() -> float:
        return time_limit - reserve - (time.monotonic() - started)

    plan, status = _search(ctx, rules, setup, remaining, kwargs)
    if plan is None and not broken:
        rules = lexicographic(relaxed_rules(unit, setup.rules))
        plan, status = _search(ctx, rules, setup, remaining, kwargs)
    if plan is None:  # nothing found in time: the sick shifts are out, their places stay open
        plan, status = setup.start, "no_solution"
    # The roster carries its absences (its own and the sick calls, SYK) so `bemanning check` sees them.
    sick_absences = [
        Absence(employee=e, start=ctx.date_of(d), end=ctx.date_of(d), kind=AbsenceKind.SICK,
                credit_hours=ctx.credited[e][d] / 60)
        for e, d in sorted(setup.sick)
    ]
    result_roster = roster_of(plan, ctx).model_copy(
        update={"absences": absences_in_period([*roster.absences, *sick_absences], ctx.period)}
    )
    # Report against the full requirement: places open before the sick call are still open.
    report_ctx = replace(ctx, demand=setup.full_demand, cache={})
    report = check_context(report_ctx, result_roster, compliance_rules(setup))
    cover: list[Rule] = [r for r in compliance_rules(setup) if isinstance(r, Coverage)]
    was_open = {
        (p.date, p.shift, p.group): p.missing
        for p in check_context(replace(ctx, demand=setup.full_demand, cache={}), roster_of(setup.before, ctx),
                               cover).uncovered
    }
    left_open = sum(max(0, p.missing - was_open.get((p.date, p.shift, p.group), 0)) for p in report.uncovered)
    if status == "unchanged" and left_open:
        status = "open_places"  # "unchanged" only when the sick call left nothing open
    if report.hard:
        status = "relaxed"
        relaxed = sorted({v.rule for v in report.hard})
    return RepairResult(
        roster=result_roster,
        changes=changes_between(setup, plan),
        report=report,
        status=status,
        seconds=time.monotonic() - started,
        setup=setup,
        removed=sum(1 for e, d in setup.sick if d in setup.before.get(e, {})),
        relaxed_rules=relaxed,
        left_open=left_open,
    )
