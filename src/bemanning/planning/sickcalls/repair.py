"""Repair a roster after sick calls with as few changes as possible.

The sick employees get no shifts in their absence (the shifts they lost still count towards their
contract hours; the repaired roster carries each sick day as a SYK absence with the hours it credits,
so ``bemanning check`` on the repaired roster counts them the same way), past and locked days stay
as they were, and the rest is re-planned by the one roster engine (``solve_context``) with one extra
soft rule, ``ChangeCost``: every changed day costs a little, an open place costs much more. The current
roster (without the sick shifts) is the starting hint, so the search begins from "change nothing" and
only moves what restores coverage; staff who cannot take the lost places are pinned.
"""

from __future__ import annotations

import datetime as dt
import time
from dataclasses import dataclass, field, replace

from bemanning.i18n import register
from bemanning.model import Absence, AbsenceKind, Assignment, Roster, StaffingRequirement, Unit
from bemanning.planning.rostering import (
    ComplianceReport,
    DemandRow,
    Period,
    RosterContext,
    RosterHistory,
    Rule,
    build_context,
    check_context,
    default_rules,
)
from bemanning.planning.rostering.context import absences_in_period
from bemanning.planning.rostering.rules import AbsenceRule, Coverage, OneShiftPerDay, SkillMix
from bemanning.planning.rostering.solver import SolveOptions, solve_context

from .rules import ChangeCost, FrozenDays, Plan, SkillMixBeyondKnownGaps, skill_mix_gaps

register(  # RepairResult.status, for users
    {
        "repair_status_optimal": {"no": "bevist best", "en": "proven best"},
        "repair_status_feasible": {"no": "gyldig, ikke bevist best", "en": "valid, not proven best"},
        "repair_status_relaxed": {"no": "harde regler brutt", "en": "hard rules broken"},
        "repair_status_unchanged": {"no": "uendret", "en": "unchanged"},
        "repair_status_open_places": {"no": "uendret, men plasser står åpne", "en": "unchanged, but places stay open"},
        "repair_left_open": {
            "no": "{count:p:plass|plasser} kunne ikke dekkes",
            "en": "{count:p:place|places} could not be covered",
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
    work: float = 0.0  # work units the engine spent (deterministic)

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


def _pin(rule: Rule, employees: set[str]) -> Rule:
    """The frozen-days rule extended to whole employees the repair leaves as they are."""
    return replace(rule, employees=rule.employees | employees) if isinstance(rule, FrozenDays) else rule


def neighbourhood(setup: RepairSetup) -> set[str]:
    """Who may be re-planned: the sick staff and everyone of a group that can take their places
    (their own group and the groups ranked above it) or the places the sick call left open (a nurse
    off sick may leave a health worker's place open, which a health worker can take); the others
    keep their roster as it is."""
    from .explain import eligible_groups

    ctx = setup.ctx
    sick = {e for e, _ in setup.sick}
    groups = {g for e in ctx.employees if e.id in sick for g in eligible_groups(ctx, e.group)}
    cover: list[Rule] = [r for r in setup.rules if isinstance(r, Coverage)]
    lost = check_context(ctx, roster_of(setup.start, ctx), cover).uncovered if cover else []
    groups |= {g for place in lost for g in eligible_groups(ctx, place.group)}
    return sick | {e.id for e in ctx.employees if e.group in groups}


def _search(
    ctx: RosterContext, rules: list[Rule], setup: RepairSetup, options: SolveOptions
) -> tuple[Plan | None, str, float]:
    """The repair on the one roster engine: the roster without the sick shifts is the hint, staff
    outside the neighbourhood are pinned (``FrozenDays.employees``), the change cost keeps the
    roster where it is unless coverage needs a move. The engine keeps the best roster by the
    checker's penalty, starting from "change nothing", so a repair never returns something worse.
    (plan, status, work units spent); plan is None when no lawful roster was found."""
    target: list[Rule] = [r for r in rules if isinstance(r, Coverage | SkillMix)]
    if not check_context(ctx, roster_of(setup.start, ctx), target).violations:
        return setup.start, "unchanged", 0.0  # the sick call took nothing the roster needs: change nothing
    result = solve_context(ctx, rules, replace(options, hint=roster_of(setup.start, ctx)))
    if result.status not in ("optimal", "feasible"):
        return None, "no_solution", result.work
    plan = plan_of(result.roster, ctx)
    status = result.status if plan != setup.start else "unchanged"
    return plan, status, result.work


def repair_roster(
    unit: Unit,
    roster: Roster,
    calls: list[SickCall],
    requirement: StaffingRequirement | None = None,
    *,
    locked_until: dt.date | None = None,
    history: RosterHistory | None = None,
    work_limit: float = 4.0,
    time_limit: float | None = None,
    seed: int = 0,
    workers: int = 2,
    only_lost: bool = True,
) -> RepairResult:
    """Take the sick staff off their shifts and restore coverage with as few changes as possible
    (``only_lost=False``: also close places that were open before the sick call).

    The budget is ``work_limit`` work units (deterministic: the same repair on an idle or a busy
    machine); ``time_limit`` is a wall-clock safety cap (default: the engine's)."""
    started = time.monotonic()
    setup = prepare(unit, roster, calls, requirement, locked_until=locked_until, history=history, only_lost=only_lost)
    ctx = setup.ctx
    # Rules the roster already broke before the sick call cannot be demanded now: they become heavy
    # soft rules (the repair may not make them worse), the others stay hard.
    relaxed: list[str] = []
    weight = unit.rules.get("relaxed_hard_weight").weight
    broken = {v.rule for v in check_context(ctx, roster_of(setup.start, ctx), compliance_rules(setup)).hard}
    rules = [r.relaxed(weight) if r.code in broken and not isinstance(r, KEEP_HARD) else r for r in setup.rules]
    pinned = {e.id for e in ctx.employees} - neighbourhood(setup)
    rules = [_pin(r, pinned) for r in lexicographic(rules)]
    options = SolveOptions.for_work(work_limit, seed=seed, num_workers=workers)
    if time_limit is not None:
        options.time_limit = time_limit
    plan, status, work = _search(ctx, rules, setup, options)
    if plan is None and not broken:
        rules = [_pin(r, pinned) for r in lexicographic(relaxed_rules(unit, setup.rules))]
        plan, status, more = _search(ctx, rules, setup, options)
        work += more
    if plan is None:  # nothing found within the budget: the sick shifts are out, their places stay open
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
        work=work,
    )
