"""The staffing centre's pool placed on the units' open places, across all units, as one CP-SAT model.

The pool is planned as one synthetic "unit" whose shift types are every unit's shift types
renamed ``<unit>.<code>``: a Boolean x[employee, day, "<unit>.<code>"] of the roster engine's
``RosterModel`` then means "this pool employee works that unit's shift that day". The hard rules
of ``planning/rostering/rules`` (daily and weekly rest, hours, consecutive days and nights,
weekends …) add themselves to that model exactly as they do for one unit, so every pool
employee's shifts obey the law and the agreements across all units together; the same rule
objects' ``check`` then verifies the union of each employee's shifts.

Placement Booleans y[employee, open place] link x to the open places an employee may fill
(group by the competence order, the unit's required competences, permission, orientation).
The objective is lexicographic by weights: agency minutes, then overtime minutes (above the
pool employee's position), then travel (distinct units per employee and week).
"""

from __future__ import annotations

import datetime as dt
import time
from collections import defaultdict
from dataclasses import dataclass, field, replace
from typing import Any

from ortools.sat.python import cp_model

from bemanning.model import (
    Assignment,
    Employee,
    PlanningMode,
    ProfessionalGroup,
    Roster,
    RosterSettings,
    ShiftType,
    StaffingSettings,
    Unit,
    WorkArrangement,
)
from bemanning.model.region import PoolEmployee, RegionFile, UnitRef

from .rostering import Period, RosterContext, Rule, Violation, build_context, check_context, default_rules
from .rostering.model_builder import RosterModel
from .rostering.rules import (
    ContractHours,
    Coverage,
    Fairness,
    LongShiftShare,
    OverCoverage,
    SkillMix,
    UncoveredPlace,
    Wishes,
)

# Rules about a unit's coverage, wishes and contracts: not the pool employee's law.
NOT_POOL_RULES = (ContractHours, Coverage, OverCoverage, SkillMix, Wishes, Fairness, LongShiftShare)
# Agency and overtime are counted in quarter hours in the objective (smaller coefficients).
QUANTUM = 15


@dataclass(frozen=True)
class OpenPlace:
    """Heads still missing on a unit's shift for a group after the unit's own roster."""

    unit_id: str
    day: int
    date: dt.date
    shift: str
    group: str
    count: int
    minutes: int  # working minutes of one head on this shift

    @property
    def key(self) -> tuple[str, int, str, str]:
        return (self.unit_id, self.day, self.shift, self.group)


@dataclass(frozen=True)
class Placement:
    employee_id: str
    unit_id: str
    day: int
    date: dt.date
    shift: str
    group: str  # the place's group


@dataclass(frozen=True)
class Refusal:
    """Why a pool employee may not take one more place: ``reason`` is ``permission``, ``orientation``,
    ``competence``, ``group`` (see ``ineligibility``), ``busy`` (already at work that day), ``rule`` (a hard
    rule of the union of their shifts across units breaks: ``violation`` names it) or ``units_per_week``."""

    reason: str
    violation: Violation | None = None
    limit: int | None = None


@dataclass
class PoolResult:
    placements: list[Placement]
    agency: dict[tuple[str, int, str, str], int]  # open place key → heads left for agency
    places: list[OpenPlace]
    status: str  # optimal | feasible | first_fit (no solution within the budget: first fit stands) | no_places
    objective: float | None
    bound: float | None
    agency_minutes: int
    agency_minutes_bound: int | None
    overtime_minutes: int
    travel: int
    seconds: float
    roster: Roster  # the pool's roster on the synthetic unit (codes "<unit>.<code>")
    violations: list[str] = field(default_factory=list)  # hard rule breaks found by the checker (must be none)

    @property
    def gap(self) -> float | None:
        if self.objective is None or self.bound is None:
            return None
        if self.objective == 0:
            return 0.0
        return max(self.objective - self.bound, 0.0) / abs(self.objective)


@dataclass(frozen=True)
class PoolOptions:
    work_limit: float = 10.0  # CP-SAT deterministic seconds
    time_limit: float = 120.0  # wall-clock safety cap only
    seed: int = 0
    num_workers: int = 2
    interleave: bool = True


def pool_code(unit_id: str, code: str) -> str:
    return f"{unit_id}.{code}"


def split_code(code: str) -> tuple[str, str]:
    unit_id, _, shift = code.rpartition(".")
    return unit_id, shift


def region_period(region: RegionFile) -> Period:
    return Period.calendar(region.period.start, region.period.end)


def open_places(unit: Unit, uncovered: list[UncoveredPlace], period: Period) -> list[OpenPlace]:
    minutes = {s.code: round(s.working_hours * 60) for s in unit.shift_types}
    out = []
    for p in uncovered:
        if p.missing <= 0:
            continue
        date = dt.date.fromisoformat(p.date)
        out.append(OpenPlace(unit.id, (date - period.start).days, date, p.shift, p.group, p.missing,
                             minutes[p.shift]))
    return sorted(out, key=lambda p: (p.day, p.unit_id, p.shift, p.group))


# --- who may fill what ------------------------------------------------------------------------


def ineligibility(employee: PoolEmployee, ref: UnitRef, unit: Unit, group: str) -> str | None:
    """Why ``employee`` may not fill a place of ``group`` at ``unit`` (a reason code), or None."""
    if ref.id not in employee.units:
        return "permission"
    if ref.id in employee.orientation_needed:
        return "orientation"
    missing = [c for c in ref.required_competences if c not in employee.competences]
    if missing:
        return "competence"
    groups = {g.id: g for g in unit.groups}
    own, wanted = groups.get(employee.group), groups.get(group)
    if own is None or wanted is None or not own.outranks_or_equals(wanted):
        return "group"
    return None


def pool_unit(region: RegionFile, units: dict[str, Unit]) -> Unit:
    """The synthetic unit the pool is planned on: every unit's shifts, the pool as employees."""
    first = next(iter(units.values()))
    groups: dict[str, ProfessionalGroup] = {}
    shifts: list[ShiftType] = []
    for unit in units.values():
        for g in unit.groups:
            groups.setdefault(g.id, g)
        for s in unit.shift_types:
            covers = [pool_code(unit.id, c) for c in s.covers]
            shifts.append(s.model_copy(update={"code": pool_code(unit.id, s.code), "covers": covers}))
    # A group's allowed shift types (the unit format's `shift_types`), renamed per unit; a unit that
    # does not restrict the group (or lacks it) allows all its shifts.
    allowed: dict[str, list[str]] = {gid: [] for gid in groups}
    for unit in units.values():
        own = {g.id: g.shift_types for g in unit.groups}
        for gid in groups:
            allowed[gid] += [pool_code(unit.id, c) for c in own.get(gid) or [s.code for s in unit.shift_types]]
    every = {s.code for s in shifts}
    groups = {
        gid: g.model_copy(update={"shift_types": [] if set(allowed[gid]) == every else allowed[gid]})
        for gid, g in groups.items()
    }
    employees = [
        Employee(
            id=e.id,
            name=e.name,
            group=e.group,
            # 0 % (on call): the rules below do not read the position; overtime uses pool_threshold.
            position_pct=e.position_pct or 100,
            arrangement=WorkArrangement.THREE_SHIFT,
            weekly_hours=e.weekly_hours,
            competences=e.competences,
            works_nights=e.works_nights,
        )
        for e in region.pool.employees
    ]
    return Unit(
        id=f"{region.id}.pool",
        name=region.pool.name,
        groups=list(groups.values()),
        shift_types=shifts,
        employees=employees,
        activity=first.activity,
        staffing=StaffingSettings(),
        rules=region.rules,
        roster=RosterSettings(mode=PlanningMode.CALENDAR, start_date=region.period.start, end_date=region.period.end),
    )


def pool_rules(unit: Unit) -> list[Rule]:
    """The hard rules a pool employee's shifts must obey, whichever units they are in."""
    return [r for r in default_rules(unit) if r.hard and not isinstance(r, NOT_POOL_RULES)]


def pool_threshold_minutes(employee: PoolEmployee, ctx: RosterContext) -> int:
    """Minutes over the period above which a pool employee works overtime: the position's share of
    the weekly hours (on-call substitutes at 0 %: a full-time week)."""
    info = ctx.employee(employee.id)
    share = (employee.position_pct or 100) / 100
    return int(share * info.weekly_hours * 60 * ctx.n / 7)


# --- the model ----------------------------------------------------------------------------------


@dataclass
class PoolProblem:
    region: RegionFile
    units: dict[str, Unit]
    places: list[OpenPlace]
    unit: Unit = field(init=False)
    ctx: RosterContext = field(init=False)
    rules: list[Rule] = field(init=False)
    eligible: dict[tuple[str, int, str, str], list[str]] = field(init=False)
    _own: dict[str, RosterContext] = field(init=False, default_factory=dict)

    def __post_init__(self) -> None:
        self.unit = pool_unit(self.region, self.units)
        self.ctx = build_context(self.unit, region_period(self.region))
        self.rules = [r for r in pool_rules(self.unit) if r.applies(self.ctx)]
        refs = {r.id: r for r in self.region.unit_refs()}
        self.eligible = {}
        for p in self.places:
            self.eligible[p.key] = [
                e.id
                for e in self.region.pool.employees
                if ineligibility(e, refs[p.unit_id], self.units[p.unit_id], p.group) is None
            ]

    def forbidden(self) -> set[tuple[str, int, str]]:
        """Every (employee, day, code) without an open place they may fill, plus the rules' own bans."""
        allowed = {(e, p.day, pool_code(p.unit_id, p.shift)) for p in self.places for e in self.eligible[p.key]}
        out = {
            (e.id, d, code)
            for e in self.ctx.employees
            for d in range(self.ctx.n)
            for code in self.ctx.shifts
            if (e.id, d, code) not in allowed
        }
        for rule in self.rules:
            out.update(rule.forbidden(self.ctx))
        return out

    def check(self, roster: Roster) -> list[str]:
        """Hard-rule breaks of the pool roster (the union of each employee's shifts), by the checker."""
        report = check_context(self.ctx, roster, self.rules)
        return [f"{v.rule} {v.employee} {','.join(d.isoformat() for d in v.dates)} ({v.reference})"
                for v in report.hard]

    def employee_violations(self, employee_id: str, placements: list[Placement]) -> list[Violation]:
        """Hard-rule breaks of one pool employee's ``placements`` (the union of their shifts in all units),
        by the same rule objects' checker as ``check``."""
        if employee_id not in self._own:
            self._own[employee_id] = replace(self.ctx, employees=[self.ctx.employee(employee_id)], cache={})
        mine = [p for p in placements if p.employee_id == employee_id]
        return check_context(self._own[employee_id], self.roster_of(mine), self.rules).hard

    def refusal(self, placements: list[Placement], trial: Placement) -> Refusal | None:
        """Why ``trial`` may not be added to the pool's ``placements`` (None: it may): permission,
        competence, orientation and group first, then one shift a day, the hard rules across units and the
        units-per-week cap."""
        person = next((e for e in self.region.pool.employees if e.id == trial.employee_id), None)
        refs = {r.id: r for r in self.region.unit_refs()}
        if person is None or trial.unit_id not in refs:
            return Refusal("permission")
        why = ineligibility(person, refs[trial.unit_id], self.units[trial.unit_id], trial.group)
        if why is not None:
            return Refusal(why)
        mine = [p for p in placements if p.employee_id == person.id]
        if any(p.day == trial.day for p in mine):
            return Refusal("busy")
        broken = self.employee_violations(person.id, [*mine, trial])
        if broken:
            return Refusal("rule", broken[0])
        week_units = {p.unit_id for p in mine if p.day // 7 == trial.day // 7} | {trial.unit_id}
        if len(week_units) > person.max_units_per_week:
            return Refusal("units_per_week", limit=person.max_units_per_week)
        return None

    def roster_of(self, placements: list[Placement]) -> Roster:
        period = self.ctx.period
        assignments = [
            Assignment(employee_id=p.employee_id, date=p.date, shift_code=pool_code(p.unit_id, p.shift))
            for p in sorted(placements, key=lambda p: (p.date, p.employee_id))
        ]
        return Roster(unit_id=self.unit.id, start_date=period.start, days=period.days, assignments=assignments)


def solve_pool(
    region: RegionFile, units: dict[str, Unit], places: list[OpenPlace], options: PoolOptions | None = None
) -> PoolResult:
    options = options or PoolOptions()
    started = time.monotonic()
    problem = PoolProblem(region, units, places)
    ctx = problem.ctx
    if not places or not region.pool.employees:
        return _result(problem, [], "no_places", 0, None, None, 0, 0, started)
    m = RosterModel(ctx, problem.forbidden())
    for rule in problem.rules:
        rule.add_to_model(m)
    model = m.model

    # y[e, place]: e fills one head of the place; x of that unit's shift is the sum of its ys.
    y: dict[tuple[str, tuple[str, int, str, str]], cp_model.IntVar] = {}
    by_x: dict[tuple[str, int, str], list[cp_model.IntVar]] = defaultdict(list)
    agency_terms = []
    agency_top = 0
    for p in places:
        ys = []
        for e in problem.eligible[p.key]:
            xkey = (e, p.day, pool_code(p.unit_id, p.shift))
            if xkey not in m.x:
                continue
            var = model.new_bool_var(f"y_{e}_{p.unit_id}_{p.day}_{p.shift}_{p.group}")
            y[(e, p.key)] = var
            by_x[xkey].append(var)
            ys.append(var)
        if ys:
            model.add(sum(ys) <= p.count)
        quanta = -(-p.minutes // QUANTUM)
        agency_top += p.count * quanta
        agency_terms.append((quanta, p.count, ys))
    for xkey, var in m.x.items():
        model.add(sum(by_x.get(xkey, [])) == var)

    # At most N units per week; travel = distinct (employee, unit, week).
    weeks = ctx.n // 7
    travel = []
    pool_by_id = {e.id: e for e in region.pool.employees}
    z: dict[tuple[str, str, int], cp_model.IntVar] = {}
    for (who, d, code), var in m.x.items():
        unit_id, _ = split_code(code)
        zkey = (who, unit_id, d // 7)
        if zkey not in z:
            z[zkey] = model.new_bool_var(f"z_{who}_{unit_id}_{d // 7}")
            travel.append(z[zkey])
        model.add_implication(var, z[zkey])
    for person in region.pool.employees:
        for w in range(weeks):
            units_in_week = [v for (eid, _, wk), v in z.items() if eid == person.id and wk == w]
            if len(units_in_week) > person.max_units_per_week:
                model.add(sum(units_in_week) <= person.max_units_per_week)

    # Overtime: minutes above the position over the period.
    overtime = []
    overtime_top = 0
    for person in region.pool.employees:
        terms = [(ctx.shifts[code].work_minutes, var) for (eid, _, code), var in m.x.items() if eid == person.id]
        if not terms:
            continue
        top = sum(c for c, _ in terms)
        threshold = pool_threshold_minutes(pool_by_id[person.id], ctx)
        if top <= threshold:
            continue
        ot = model.new_int_var(0, -(-(top - threshold) // QUANTUM), f"ot_{person.id}")
        model.add(sum(c * v for c, v in terms) - threshold <= QUANTUM * ot)
        overtime.append(ot)
        overtime_top += -(-(top - threshold) // QUANTUM)

    w_travel = 1
    w_overtime = len(travel) + 1
    w_agency = w_overtime * (overtime_top + 1)
    agency_expr = sum(q * (c - sum(ys)) for q, c, ys in agency_terms)
    model.minimize(w_agency * agency_expr + w_overtime * sum(overtime) + w_travel * sum(travel))
    greedy = first_fit(problem)
    _hint(m, y, z, greedy)

    solver = cp_model.CpSolver()
    params = solver.parameters
    params.num_workers = options.num_workers
    params.interleave_search = options.interleave  # deterministic with several workers
    params.random_seed = options.seed
    params.max_deterministic_time = options.work_limit
    params.max_time_in_seconds = options.time_limit
    status = solver.solve(model)
    if status not in (cp_model.OPTIMAL, cp_model.FEASIBLE):
        # No solution within the budget (a large trust's presolve can use a small budget up): the
        # first-fit placement is lawful (the checker placed it), so it stands, reported as such with
        # the search's lower bound when it has one.
        bound = solver.best_objective_bound if status == cp_model.UNKNOWN else None
        weights = (w_agency, w_overtime, w_travel)
        return _fallback(problem, greedy, bound, weights, started)
    placements = []
    for (who, (unit_id, day, shift, group)), var in y.items():
        if solver.value(var):
            placements.append(Placement(who, unit_id, day, ctx.date_of(day), shift, group))
    objective = solver.objective_value
    bound = solver.best_objective_bound
    agency_bound = int(bound // w_agency) if bound is not None else None
    return _result(
        problem,
        placements,
        "optimal" if status == cp_model.OPTIMAL else "feasible",
        sum(solver.value(v) for v in overtime) * QUANTUM,
        objective,
        bound,
        sum(solver.value(v) for v in travel),
        (agency_bound or 0) * QUANTUM,
        started,
    )


def _fallback(
    problem: PoolProblem,
    placements: list[Placement],
    bound: float | None,
    weights: tuple[int, int, int],
    started: float,
) -> PoolResult:
    """The first-fit placement as the pool step's answer (status ``first_fit``), with the objective the
    model would give it (agency, overtime and travel by the same weights) and the search's bound."""
    ctx = problem.ctx
    w_agency, w_overtime, w_travel = weights
    filled: dict[tuple[str, int, str, str], int] = defaultdict(int)
    worked: dict[str, int] = defaultdict(int)
    for p in placements:
        filled[(p.unit_id, p.day, p.shift, p.group)] += 1
        worked[p.employee_id] += ctx.shifts[pool_code(p.unit_id, p.shift)].work_minutes
    agency_quanta = sum(-(-p.minutes // QUANTUM) * (p.count - filled[p.key]) for p in problem.places)
    overtime = 0
    for person in problem.region.pool.employees:
        above = worked[person.id] - pool_threshold_minutes(person, ctx)
        overtime += max(0, -(-above // QUANTUM))
    travel = len({(p.employee_id, p.unit_id, p.day // 7) for p in placements})
    objective = float(w_agency * agency_quanta + w_overtime * overtime + w_travel * travel)
    bound = None if bound is None else min(bound, objective)
    agency_bound = int(bound // w_agency) * QUANTUM if bound is not None else 0
    return _result(problem, list(placements), "first_fit", overtime * QUANTUM, objective, bound, travel,
                   agency_bound, started)


def _hint(
    m: RosterModel,
    y: dict[tuple[str, tuple[str, int, str, str]], Any],
    z: dict[tuple[str, str, int], Any],
    placements: list[Placement],
) -> None:
    """Start from the first-fit placement (placements, shifts and unit-weeks): a lawful solution the
    search improves on."""
    chosen = {(p.employee_id, (p.unit_id, p.day, p.shift, p.group)) for p in placements}
    for ykey, var in y.items():
        m.model.add_hint(var, ykey in chosen)
    worked = {(p.employee_id, p.day, pool_code(p.unit_id, p.shift)) for p in placements}
    for xkey, var in m.x.items():
        m.model.add_hint(var, xkey in worked)
    for (who, d), var in m.w.items():
        m.model.add_hint(var, any((who, d, c) in worked for c in m.ctx.shifts))
    weeks = {(p.employee_id, p.unit_id, p.day // 7) for p in placements}
    for zkey, var in z.items():
        m.model.add_hint(var, zkey in weeks)


def _result(
    problem: PoolProblem,
    placements: list[Placement],
    status: str,
    overtime_minutes: int,
    objective: float | None,
    bound: float | None,
    travel: int,
    agency_bound_minutes: int,
    started: float,
) -> PoolResult:
    placements.sort(key=lambda p: (p.date, p.unit_id, p.shift, p.group, p.employee_id))
    filled: dict[tuple[str, int, str, str], int] = defaultdict(int)
    for p in placements:
        filled[(p.unit_id, p.day, p.shift, p.group)] += 1
    agency = {p.key: p.count - filled[p.key] for p in problem.places if p.count > filled[p.key]}
    minutes = {p.key: p.minutes for p in problem.places}
    roster = problem.roster_of(placements)
    return PoolResult(
        placements=placements,
        agency=agency,
        places=problem.places,
        status=status,
        objective=objective,
        bound=bound,
        agency_minutes=sum(n * minutes[k] for k, n in agency.items()),
        agency_minutes_bound=agency_bound_minutes if bound is not None else None,
        overtime_minutes=overtime_minutes,
        travel=travel,
        seconds=time.monotonic() - started,
        roster=roster,
        violations=problem.check(roster),
    )


# --- first fit (the baseline the optimisation is measured against) ------------------------------


def first_fit(problem: PoolProblem) -> list[Placement]:
    """Places in date order, each to the first pool employee (file order) who may fill it and whose
    shifts with it still pass every hard rule (the checker) and the units-per-week cap."""
    plan: dict[str, list[Placement]] = defaultdict(list)
    pool = {e.id: e for e in problem.region.pool.employees}
    out: list[Placement] = []
    for p in problem.places:
        for _ in range(p.count):
            for e in problem.eligible[p.key]:
                mine = plan[e]
                if any(q.day == p.day for q in mine):
                    continue
                week_units = {q.unit_id for q in mine if q.day // 7 == p.day // 7} | {p.unit_id}
                if len(week_units) > pool[e].max_units_per_week:
                    continue
                trial = Placement(e, p.unit_id, p.day, p.date, p.shift, p.group)
                if not problem.employee_violations(e, [*mine, trial]):
                    mine.append(trial)
                    out.append(trial)
                    break
    return out


def placed_result(problem: PoolProblem, placements: list[Placement], status: str) -> PoolResult:
    """A ``PoolResult`` of given placements (imported or edited by hand): agency left, the pool's roster and
    the checker's verdict on the union of every employee's shifts."""
    return _result(problem, list(placements), status, 0, None, None, 0, 0, time.monotonic())


def first_fit_result(
    region: RegionFile, units: dict[str, Unit], places: list[OpenPlace]
) -> PoolResult:
    """The first-fit placement as a ``PoolResult`` (for the benchmark)."""
    started = time.monotonic()
    problem = PoolProblem(region, units, places)
    return _result(problem, first_fit(problem), "first_fit", 0, None, None, 0, 0, started)

