"""Solving a roster with CP-SAT: ``solve_roster(unit, requirement, options) -> RosterResult``."""

from __future__ import annotations

import dataclasses
import datetime as dt
import math
import random
import time
from collections import defaultdict
from collections.abc import Callable, Iterator
from concurrent.futures import FIRST_COMPLETED, Future, ThreadPoolExecutor, wait
from dataclasses import dataclass, field
from typing import Any

from ortools.sat.python import cp_model

from bemanning.model import Assignment, Roster, StaffingRequirement, Unit

from .bound import CoverageFloor, coverage_floor
from .budget import MIN_STEP, Budget
from .checker import ComplianceReport, check_context
from .conflicts import Conflict, find_conflicts
from .construction import cover_family, first_roster
from .context import EmployeeInfo, Period, RosterContext, RosterHistory, build_context, period_for_unit
from .fill import CoverageFill
from .model_builder import RosterModel
from .neighbourhoods import CellNeighbourhoods
from .rules import (
    RULE_CLASSES,
    AbsenceRule,
    OneShiftPerDay,
    Rule,
    UncoveredPlace,
    Violation,
    default_rules,
    uncovered_places,
)
from .rules.coverage import Coverage, chains, demand_by_shift
from .view import RosterView

# Time limit of one best-response step (one or two employees on a model of their own). Most
# are proved optimal in 0.1-0.5 s; the first pass from the constructed roster takes longest.
POLISH_STEP = 2.0
# Full cover first (``_Search.cover_model``): the whole unit's hard rules with the cover as the only
# objective, for at most this share of the budget left after the first roster, on plans of at most
# this many employee-days (a 12-week calendar of 60 staff; a year of 150 is left to the LNS).
COVER_MODEL_SHARE = 0.9
# ... in steps of this much (work units or seconds), or this share of the phase when more; the
# phase ends after a step that closes no open place (the medical demo ward reaches its floor of
# 18 in a few steps and then had 50 s of nothing).
COVER_MODEL_STEP = 5.0
COVER_MODEL_STEP_SHARE = 0.25
COVER_MODEL_MAX_DAYS = 6_000
# CP-SAT's deterministic (interleaved) portfolio runs eight full-problem subsolvers in turn and found
# no full cover of the surgical ward in 10 work units; the quick-restart one alone, with the LNS and
# local search beside it, covers every 6-week test ward in 2-9 units (docs/benchmarks/roster.md, "Session 15").
WHOLE_MODEL_SUBSOLVERS = ["quick_restart_no_lp"]
# Less than this (work units or seconds) left, and the whole model is not built: on a busy machine a
# 3 s plan ran 3 s over building two that had no time to search (docs/benchmarks/roster.md, "Session 15").
WHOLE_MODEL_MIN_STEP = 1.0
# Then the whole model with every soft rule (``_Search.soft_model``) for this share of what is left.
SOFT_MODEL_SHARE = 0.9
# Then a greedy fill and exact windows (``_Search.cover_first``): at most this share of what is left.
COVER_FIRST_SHARE = 0.5
# ... when at most this many places are open (a repair, a warm start; see ``cover_first``).
COVER_FIRST_MAX_OPEN = 20
# The LNS builds the whole-unit model and probes the current roster on it first (1-2 s for the
# demo unit under load): with less time left it could not make a step and would overrun the
# limit, so a lawful roster is returned as it is.
WHOLE_MODEL_SECONDS = 3.0
# The wall-clock safety cap of a work budget (``SolveOptions.for_work``): a work unit took 1.5–3.5 s on
# an idle 2-core machine (docs/benchmarks/roster.md), several times that on a busy one; the cap only
# stops a runaway search.
WALL_CAP_FACTOR = 20.0
WALL_CAP_MIN = 120.0
# Small problems (staff × days × shifts) get a run of the whole model, LP-heavy, for this share of
# the rest: a bound and often optimality (Curtois 1-11, docs/benchmarks/curtois.md).
FULL_MODEL_MAX_VARS = 1_000
FULL_MODEL_SHARE = 0.3
# A calendar plan this many base cycles long or longer starts from the engine's roster of one cycle,
# rolled out (``_Search.roll_out``; the 52-week ward of benchmarks/wards.py, docs/benchmarks/roster.md).
ROLL_OUT_MIN_CYCLES = 2
ROLL_OUT_BASE_WEEKS = 6  # a base cycle is at least this long (room for weekends and rest)
ROLL_OUT_SHARE = 0.3  # of the budget for the base cycle's roster
MIX_WORK = 0.1  # work units a pattern gets to move towards the demand's shift mix (``_mixed``)
MIX_SCALE = 100  # a pattern's shift mix is matched to the demand's in hundredths (``_aim_at_demand_mix``)
SAFETY_NET_SHARE = 2.0  # construction's safety net stops once construction has spent this × its budget
CELL_STEP_LIMIT = 1.0  # per cell-neighbourhood LNS step (Curtois, docs/benchmarks/curtois.md)
# Work units the infeasibility proof gets at least, whatever is left of a work budget.
PROOF_WORK = 10.0
# Wall seconds the proof may run past the caller's limit, as a share of that limit (a 3 s solve on a
# busy machine once proved for 55 s more: docs/benchmarks/roster.md, "Session 15").
PROOF_GRACE = 0.2
# A polish round that gains no more than this share of the penalty hands over to the next round
# (``_Search.polish``); after the last, the whole-unit LNS.
POLISH_ENOUGH = 0.03
# Days either side of an open place that its fillers may rearrange in one polish step.
OPEN_PLACE_REACH = 2
# The ``weekends`` cell neighbourhood: off by default. Curtois at 60 s (docs/benchmarks/curtois.md):
# better on 13 (-13 % over four runs each), worse on 15 and 18 (+5 %, +8 %), the rest within noise.
WEEKEND_NEIGHBOURHOODS = False


@dataclass(frozen=True)
class Progress:
    """One improving solution: the hook of the CLI progress bar and the web app."""

    objective: float
    bound: float
    seconds: float
    solutions: int
    hard_violations: int = 0  # of this roster (LNS search); 0 for a lawful one
    open_places: int | None = None  # places below the requirement in this roster (None: not counted)
    work: float = 0.0  # work units spent when it was found (deterministic: the same on any machine)


@dataclass
class SolveOptions:
    """What a caller says: the problem's budget and seed, never how to search (the engine picks
    its phases from the problem: ``_tactics``).

    ``work_limit``: the budget in work units (CP-SAT deterministic seconds, summed over every step);
    with it the same unit, seed and budget give the same roster on an idle or a busy machine.
    ``time_limit`` is then only a wall-clock safety cap (``RosterResult.capped`` says when it cut
    the work short); without ``work_limit`` it is the budget itself."""

    time_limit: float = 30.0
    work_limit: float | None = None
    seed: int = 0
    num_workers: int = 2
    period: Period | None = None  # default: the unit's roster settings
    history: RosterHistory | None = None
    hint: Roster | None = None  # warm start from a previous roster
    progress: Callable[[Progress], None] | None = None
    rules: list[Rule] | None = None  # default: default_rules(unit)
    extra_rules: list[Rule] = field(default_factory=list)  # e.g. a minimal-change rule for repair
    stop_after_first: bool = False
    strategy: str = "lns"  # "lns": decomposition + large-neighbourhood search; "full": one CP-SAT model
    log_search: bool = False
    should_stop: Callable[[], bool] | None = None  # polled between steps, e.g. a web job's cancel flag

    @classmethod
    def for_work(cls, work: float, **kwargs: Any) -> SolveOptions:
        """A deterministic budget of ``work`` units with a generous wall-clock safety cap."""
        return cls(work_limit=work, time_limit=max(WALL_CAP_MIN, WALL_CAP_FACTOR * work), **kwargs)


@dataclass
class RosterResult:
    roster: Roster
    # optimal | feasible: a lawful roster. infeasible: the hard rules are proven unable to hold
    # together (``conflicts`` names the smallest set); the roster breaks them as little as it could.
    # unknown: no lawful roster within the budget and no proof that none exists; the roster is empty.
    status: str
    objective: float | None
    bound: float | None
    seconds: float
    first_solution_seconds: float | None
    penalties: dict[str, int]  # the solver's objective split by rule
    report: ComplianceReport  # the independent checker's verdict on ``roster``
    timeline: list[Progress] = field(default_factory=list)
    conflicts: list[Conflict] = field(default_factory=list)
    work: float = 0.0  # work units spent (CP-SAT deterministic seconds)
    capped: bool = False  # the wall-clock safety cap cut the work budget short
    log: list[str] = field(default_factory=list)
    # The fewest open places any lawful roster leaves (``bound.py``), when the roster has open places
    # and the bound was proved: those need more staff or other rules, not a longer search.
    floor: CoverageFloor | None = None

    @property
    def lawful(self) -> bool:
        return self.status in ("optimal", "feasible")

    @property
    def seconds_to_first_lawful(self) -> float | None:
        return next((p.seconds for p in self.timeline if p.hard_violations == 0), None) if self.lawful else None

    @property
    def seconds_to_full_cover(self) -> float | None:
        """When the search first held a lawful roster with no open place (None: never)."""
        if not self.lawful:
            return None
        return next((p.seconds for p in self.timeline if p.hard_violations == 0 and p.open_places == 0), None)

    @property
    def violations(self) -> list[Violation]:
        return self.report.violations

    @property
    def hard_violations(self) -> list[Violation]:
        return self.report.hard

    @property
    def uncovered(self) -> list[UncoveredPlace]:
        return self.report.uncovered


def _cover_penalty(report: ComplianceReport) -> int:
    return report.penalty_by_rule().get(Coverage.code, 0)


def _cover_terms(m: RosterModel) -> list[tuple[cp_model.IntVar, int]]:
    """The model's coverage penalty, as (variable, weight) terms."""
    return [(t.var, t.weight) for t in m.terms if t.rule == Coverage.code]


def _keep_cover(model: cp_model.CpModel, cover: list[tuple[cp_model.IntVar, int]], most: int) -> None:
    """Cover first in a sub-model: its coverage penalty (``cover``) may not exceed ``most``."""
    if cover:
        model.add(cp_model.LinearExpr.weighted_sum(*zip(*cover, strict=True)) <= most)


def _better(score: float, report: ComplianceReport, best: float, best_report: ComplianceReport | None) -> bool:
    """``score`` / ``report`` beats the best so far: less open among lawful rosters, then the score."""
    if best_report is not None and report.ok and best_report.ok:
        return (_cover_penalty(report), score) < (_cover_penalty(best_report), best)
    return score < best


class _Callback(cp_model.CpSolverSolutionCallback):
    def __init__(
        self,
        started: float,
        progress: Callable[[Progress], None] | None,
        stop_after_first: bool,
        should_stop: Callable[[], bool] | None = None,
    ):
        super().__init__()
        self.should_stop = should_stop
        self.started = started
        self.progress = progress
        self.stop_after_first = stop_after_first
        self.timeline: list[Progress] = []

    def on_solution_callback(self) -> None:
        event = Progress(
            objective=self.objective_value,
            bound=self.best_objective_bound,
            seconds=time.monotonic() - self.started,
            solutions=len(self.timeline) + 1,
        )
        self.timeline.append(event)
        if self.progress is not None:
            self.progress(event)
        if self.stop_after_first or (self.should_stop is not None and self.should_stop()):
            self.stop_search()


def build_model(ctx: RosterContext, rules: list[Rule]) -> RosterModel:
    active = [r for r in rules if r.applies(ctx)]
    forbidden = {triple for rule in active for triple in rule.forbidden(ctx)}
    m = RosterModel(ctx, forbidden)
    for rule in active:
        rule.add_to_model(m)
    m.model.minimize(m.objective())
    return m


def _add_hint(m: RosterModel, hint: Roster) -> None:
    given = {(a.employee_id, m.ctx.index_of(a.date), a.shift_code) for a in hint.assignments}
    for key, var in m.x.items():
        m.model.add_hint(var, key in given)


def _extract(m: RosterModel, solver: cp_model.CpSolver) -> Roster:
    ctx = m.ctx
    assignments = [
        Assignment(employee_id=e, date=ctx.date_of(d), shift_code=c)
        for (e, d, c), var in m.x.items()
        if solver.value(var)
    ]
    assignments.sort(key=lambda a: (a.date, a.employee_id))
    return Roster(
        unit_id=ctx.unit_id,
        start_date=ctx.period.start,
        days=ctx.n,
        cyclic=ctx.cyclic,
        assignments=assignments,
    )


def _run(m: RosterModel, options: SolveOptions, budget: Budget) -> tuple[Any, cp_model.CpSolver, _Callback]:
    solver = cp_model.CpSolver()
    solver.parameters.random_seed = options.seed
    solver.parameters.num_workers = max(options.num_workers, 1)
    solver.parameters.log_search_progress = options.log_search
    budget.limit(solver.parameters, budget.left())
    callback = _Callback(budget.started, options.progress, options.stop_after_first, options.should_stop)
    status = solver.solve(m.model, callback)
    budget.charge(solver, m.model)
    return status, solver, callback


def _lp_heavy(solver: cp_model.CpSolver) -> None:
    """One sequential worker with the full linear relaxation (``SolveOptions.lp_heavy``)."""
    solver.parameters.num_workers = 1
    solver.parameters.linearization_level = 2


def _roster(ctx: RosterContext, plan: dict[str, dict[int, str]]) -> Roster:
    assignments = [
        Assignment(employee_id=e, date=ctx.date_of(d), shift_code=c)
        for e, days in plan.items()
        for d, c in days.items()
    ]
    assignments.sort(key=lambda a: (a.date, a.employee_id))
    return Roster(
        unit_id=ctx.unit_id,
        start_date=ctx.period.start,
        days=ctx.n,
        cyclic=ctx.cyclic,
        assignments=assignments,
    )


def _plan_of(roster: Roster, ctx: RosterContext) -> dict[str, dict[int, str]]:
    plan: dict[str, dict[int, str]] = {}
    for a in roster.assignments:
        d = ctx.index_of(a.date)
        if 0 <= d < ctx.n and a.shift_code in ctx.shifts:
            plan.setdefault(a.employee_id, {})[d] = a.shift_code
    return plan


@dataclass
class _CellStep:
    """One cell-neighbourhood step in flight: its model and the roster it was built on."""

    kind: str
    free_days: dict[str, set[int]]
    model: RosterModel
    base: dict[str, dict[int, str]]
    score: float
    started: float
    seed: int
    rebased: bool = False  # built again on a newer roster after another step changed it


class ForbiddenView:
    """The forbidden (employee, day, shift) triples of ``employees``, read from the per-employee
    table without copying: a set per LNS step cost 0.16 s on Curtois 24 (150 staff × 364 days)."""

    def __init__(self, table: dict[str, set[tuple[str, int, str]]], employees: set[str]):
        self.table, self.employees = table, employees

    def __contains__(self, triple: object) -> bool:
        return (isinstance(triple, tuple) and triple[0] in self.employees
                and triple in self.table.get(triple[0], ()))

    def __iter__(self) -> Iterator[tuple[str, int, str]]:
        for e in self.employees:
            yield from self.table.get(e, ())


class _Search:
    """Decomposition and large-neighbourhood search over employees with the same rule objects.

    Construct: a lawful roster fast, one CP-SAT model with the hard rules only per employee
    *profile* (employees whose hard rules are the same share a solution; in a cycle it is rotated
    by whole weeks so they do not all work the same days). Polish: best response, each employee
    (then pairs) re-solved exactly on a small model of their own with the rest fixed. Improve:
    re-solve a neighbourhood (a group, a mix across the competence chain, or the staff who could
    fill open places) on the whole-unit model with the rest fixed and the current roster as hint;
    keep it when the checker's score improves. The neighbourhood grows while CP-SAT solves it to
    optimality and shrinks when it times out.
    """

    def __init__(
        self,
        ctx: RosterContext,
        rules: list[Rule],
        options: SolveOptions,
        budget: Budget,
        relax_weight: int,
        tactics: _Tactics | None = None,
    ):
        self.ctx, self.rules, self.options, self.budget = ctx, rules, options, budget
        self.started = budget.started
        self.tactics = tactics or _tactics(ctx, rules)
        self.relax_weight = relax_weight
        self.rng = random.Random(options.seed)
        self.timeline: list[Progress] = []
        self.plan: dict[str, dict[int, str]] = {}
        self.score: float = float("inf")
        self.report: ComplianceReport | None = None
        self.relaxed_rules = [r if isinstance(r, OneShiftPerDay) else r.relaxed(relax_weight) for r in rules]
        self._forbidden: dict[bool, dict[str, set[tuple[str, int, str]]]] = {}
        self._weekends: list[tuple[int, int]] = []
        self._absence_bans: set[tuple[str, int, str]] | None = None  # what absence forbids (``_profile``)
        self._floor: CoverageFloor | None = None
        self._floor_known = False
        # Who the search may move: a rule may pin someone's whole roster (a repair leaves most staff be).
        pinned = {e for r in rules if r.applies(ctx) for e in r.pinned(ctx)}
        self.movable = [e.id for e in ctx.employees if e.id not in pinned]

    def coverage_floor(self) -> CoverageFloor | None:
        """The fewest open places any lawful roster leaves (``bound.py``), proved once per search."""
        if not self._floor_known:
            self._floor, self._floor_known = coverage_floor(self.ctx, self.rules, self.budget), True
        return self._floor

    def at_floor(self) -> bool:
        """The roster is lawful and leaves no more open (by the coverage penalty) than any lawful
        roster must: closing places is done, what is left is for the soft rules."""
        report = self.report
        if report is None or not report.ok:
            return False
        if not report.uncovered:
            return True
        floor = self.coverage_floor()
        return floor is not None and _cover_penalty(report) <= floor.penalty

    def forbidden(self, relaxed: bool, active: set[str]) -> ForbiddenView:
        """The shifts the hard rules rule out for ``active``, computed once per rule list."""
        if relaxed not in self._forbidden:
            table: dict[str, set[tuple[str, int, str]]] = defaultdict(set)
            for rule in self.relaxed_rules if relaxed else self.rules:
                if rule.applies(self.ctx):
                    for triple in rule.forbidden(self.ctx):
                        table[triple[0]].add(triple)
            self._forbidden[relaxed] = table
        return ForbiddenView(self._forbidden[relaxed], active)

    def remaining(self) -> float:
        if self.options.should_stop is not None and self.options.should_stop():
            return 0.0
        return self.budget.left()

    def note(self, phase: str, log: list[str]) -> None:
        """A line for the result's log: where the search stands after ``phase``."""
        report = self.report
        state = (f"{len(report.hard)} hard, {report.uncovered_places} open" if report is not None
                 else "lawful")
        log.append(f"{phase}: {self.score:g} ({state}) after {self.budget.spent:.1f} work units, "
                   f"{self.budget.elapsed():.1f} s")

    def evaluate(self, plan: dict[str, dict[int, str]]) -> tuple[float, ComplianceReport]:
        report = check_context(self.ctx, _roster(self.ctx, plan), self.rules)
        return report.penalty + self.relax_weight * len(report.hard), report

    def offer(self, plan: dict[str, dict[int, str]],
              judged: tuple[float, ComplianceReport] | None = None) -> bool:
        """Keep ``plan`` when the checker scores it better (``judged``: its score and report already).
        Cover first: between lawful rosters the one with less open (by the coverage penalty) is
        better whatever the soft rules say; a place once covered is not traded for fairness."""
        score, report = judged or self.evaluate(plan)
        if _better(score, report, self.score, self.report):
            self.plan, self.score, self.report = plan, score, report
            event = Progress(
                objective=score,
                bound=0.0,
                seconds=time.monotonic() - self.started,
                solutions=len(self.timeline) + 1,
                hard_violations=len(report.hard),
                open_places=report.uncovered_places,
                work=self.budget.spent,
            )
            self.timeline.append(event)
            if self.options.progress is not None:
                self.options.progress(event)
            return True
        return False

    # --- sub-models -------------------------------------------------------------------------
    def _model(
        self, active: set[str], fixed: dict[str, dict[int, str]], relaxed: bool, hard_only: bool = False
    ) -> RosterModel:
        rules = self.relaxed_rules if relaxed else self.rules
        m = RosterModel(self.ctx, self.forbidden(relaxed, active), active=active, fixed=fixed)
        for rule in rules:
            if rule.applies(self.ctx) and (rule.hard or not hard_only):
                rule.add_to_model(m)
        if not hard_only:
            m.model.minimize(m.objective())
        return m

    def _solve(self, m: RosterModel, limit: float) -> tuple[cp_model.CpSolver, Any]:
        return self._solve_model(m.model, limit)

    def _solve_model(
        self,
        model: cp_model.CpModel,
        limit: float,
        presolve: bool = True,
        seed: int | None = None,
        charge: bool = True,
    ) -> tuple[cp_model.CpSolver, Any]:
        """Solve within ``limit`` (and what is left). ``charge=False``: the caller counts the work
        (a step in a thread: it is charged when its result is taken, in a fixed order)."""
        solver = cp_model.CpSolver()
        # LNS steps skip presolve: on a loaded 2-core machine it can eat the whole step.
        solver.parameters.cp_model_presolve = presolve
        solver.parameters.random_seed = self.rng.randrange(1 << 30) if seed is None else seed
        solver.parameters.num_workers = max(self.options.num_workers, 1)
        solver.parameters.log_search_progress = self.options.log_search
        if self.tactics.lp_heavy:
            _lp_heavy(solver)
        self.budget.limit(solver.parameters, min(limit, self.remaining()) if charge else limit)
        status = solver.solve(model)
        if charge:
            self.budget.charge(solver, model)
        return solver, status

    @staticmethod
    def _read(m: RosterModel, solver: cp_model.CpSolver) -> dict[str, dict[int, str]]:
        plan = {e: dict(days) for e, days in m.fixed.items()}
        for (e, d, c), var in m.x.items():
            if solver.value(var):
                plan.setdefault(e, {})[d] = c
        return plan

    # --- construction -----------------------------------------------------------------------
    def _profile(self, e: EmployeeInfo) -> tuple[object, ...]:
        """What the hard rules of the standard catalogue see of an employee (not name nor group).

        Not *when* they are absent, only how much (through their contract minutes): staff whose
        vacation blocks are as long share a pattern, and ``_place`` moves it so its free weeks fall
        on each one's vacation (a calendar summer: one model per block length, not per person)."""
        ctx = self.ctx
        absence_bans = self._absences()
        return (
            frozenset((day, code) for _, day, code in self.forbidden(False, {e.id})
                      if (e.id, day, code) not in absence_bans),
            ctx.contract_minutes(e)[:2],
            e.arrangement,
            e.works_nights,
            e.long_shift_volunteer,
            e.weekend_every,
            e.weekends_max,
            e.weekends_window,
            self._limits_of(e),
            tuple(sorted(ctx.history.get(e.id, {}).items())),
        )

    def _absences(self) -> set[tuple[str, int, str]]:
        """The (employee, day, shift) registered absences (vacations) forbid, computed once."""
        if self._absence_bans is None:
            self._absence_bans = {t for r in self.rules if isinstance(r, AbsenceRule) and r.applies(self.ctx)
                                  for t in r.forbidden(self.ctx)}
        return self._absence_bans

    def _limits_of(self, e: EmployeeInfo) -> tuple[object, ...]:
        """The per-person shift limits that name ``e`` or their group (``unit.shift_limits``)."""
        limits = getattr(self.ctx.settings, "shift_limits", None) or []
        return tuple(i for i, limit in enumerate(limits)
                     if e.id in (limit.employees or ()) or e.group in (limit.groups or ())
                     or not (limit.employees or limit.groups))

    def _lawful_pattern(self, who: str, limit: float) -> tuple[dict[int, str], bool]:
        """One employee's roster under the hard rules alone (others empty); (days, relaxed).

        When the hard rules give nothing within ``limit`` — proven impossible or simply out of time —
        the relaxed model gives a starting point the search mends; that is a heuristic, never a
        verdict: only ``_prove_infeasible`` may call a unit infeasible, and a roster that breaks a
        hard rule is returned only then."""
        for relaxed in (False, True):
            m = self._model({who}, {}, relaxed, hard_only=not relaxed)
            solver, status = self._solve(m, limit)
            if status in (cp_model.OPTIMAL, cp_model.FEASIBLE):
                days = self._read(m, solver).get(who, {})
                return (days if relaxed else self._mixed(m, who, days)), relaxed
        return {}, True

    def _mixed(self, m: RosterModel, who: str, days: dict[int, str]) -> dict[int, str]:
        """``days`` (a lawful pattern of ``m``) moved towards the shift mix its group's places ask
        for (``_aim_at_demand_mix``) within ``MIX_WORK``; ``days`` when nothing better was found."""
        if MIX_WORK <= 0 or self.covers_by_model() or not self._aim_at_demand_mix(m, who):
            return days
        for (_, d, c), var in m.x.items():
            m.model.add_hint(var, days.get(d) == c)
        solver, status = self._solve(m, MIX_WORK)
        if status in (cp_model.OPTIMAL, cp_model.FEASIBLE):
            return self._read(m, solver).get(who, {})
        return days

    def _aim_at_demand_mix(self, m: RosterModel, who: str) -> bool:
        """Ask a pattern for the shift mix its group's places ask for (each shift type's share of
        the places, a composite shift counting for the places it covers): without it the first
        lawful pattern is whatever CP-SAT finds first (on a 150-staff ward, nights three times over
        and half the places open; docs/benchmarks/roster.md)."""
        group = self.ctx.employee(who).group
        places: dict[str, int] = defaultdict(int)
        for row in self.ctx.demand:
            if row.group == group:
                places[row.shift] += row.required
        total = sum(places.values())
        mine = [(c, var) for (e, _, c), var in m.x.items() if e == who]
        if not total or not mine:
            return False
        worked = sum(var for _, var in mine)
        deviations = []
        for target, wanted in places.items():
            supply = sum(var for c, var in mine if target in self.ctx.counted_as(c))
            share = round(MIX_SCALE * wanted / total)
            gap = m.model.new_int_var(0, MIX_SCALE * len(mine), f"mix_{target}")
            m.model.add_abs_equality(gap, MIX_SCALE * supply - share * worked)
            deviations.append(gap)
        m.model.minimize(sum(deviations))
        return True

    def construct(self, budget: float) -> None:
        ctx = self.ctx
        began = self.budget.used()
        standard = {type(r) for r in self.rules} <= set(RULE_CLASSES) and not self.options.extra_rules
        profiles: dict[object, list[EmployeeInfo]] = defaultdict(list)
        for e in ctx.employees:
            profiles[self._profile(e) if standard else e.id].append(e)
        patterns: dict[str, dict[int, str]] = {}
        for members in profiles.values():
            if self.options.should_stop is not None and self.options.should_stop():
                break  # stopped from outside (e.g. a cancelled web job)
            limit = max(budget / len(profiles), 0.5)
            days, _ = self._lawful_pattern(members[0].id, limit)
            for e in members:
                patterns[e.id] = days
        plan = self._place(patterns)
        self.plan = plan
        self.score = float("inf")
        self.offer(plan)
        if not self.covers_by_model():  # else the cover model makes it lawful, all at once (faster)
            self._mend(budget, began, max(budget / len(profiles), 0.5))

    def _mend(self, budget: float, began: float, limit: float) -> None:
        """Construction's safety net: anyone the checker still finds breaking a hard rule (a calendar
        pattern moved across the end of the period, a rolled-out pattern cut by a vacation) is solved
        on their own, everyone else fixed and the cover in view; failing that, on the hard rules alone."""
        assert self.report is not None
        broken = {v.employee for v in self.report.hard if v.employee is not None}
        for who in sorted(broken):
            if self.budget.used() - began > SAFETY_NET_SHARE * budget:
                break  # the rest is left to the LNS on the relaxed model, which mends it step by step
            if not self.reoptimise({who}, limit):
                days, _ = self._lawful_pattern(who, limit)
                self.offer({**self.plan, who: days})

    def base_cycle(self) -> RosterContext | None:
        """The repeating base of a long calendar plan (``ROLL_OUT_MIN_CYCLES`` base cycles or more).
        Its length repeats every rule period (weekends "one in k" and "N of M", per-period shift
        limits) and is at least ``ROLL_OUT_BASE_WEEKS``."""
        ctx = self.ctx
        if ctx.cyclic or self.movable != [e.id for e in ctx.employees]:
            return None
        unit = ctx.settings
        periods = {int(unit.rules.number("weekend_every_nth")), int(unit.rules.number("weekends_window"))}
        periods |= {e.weekend_every or 1 for e in ctx.employees} | {e.weekends_window or 1 for e in ctx.employees}
        periods |= {limit.period_weeks or 1 for limit in getattr(unit, "shift_limits", None) or []}
        weeks = math.lcm(*(max(p, 1) for p in periods))
        weeks *= -(-ROLL_OUT_BASE_WEEKS // weeks)  # a whole multiple, at least the base length
        if ctx.n < ROLL_OUT_MIN_CYCLES * 7 * weeks:
            return None
        return ctx.base_cycle(weeks)

    def roll_out(self, base: RosterContext, budget: float, log: list[str]) -> None:
        """A long calendar plan's first rosters, the way a ward builds a year from its base rota
        (*grunnturnus* → *årsturnus*): the engine's roster of one base cycle (cyclic, without
        vacations or holidays), repeated over the plan, leaving out what the plan forbids each
        employee (vacations, holidays); contract hours a cut leaves outside the tolerance balanced
        (``CoverageFill.balance_hours``), anyone still unlawful re-solved (``_mend``). First the base
        cycle's first lawful roster (a lawful year soon), then the base improved for ``budget`` (in
        the budget's unit) and rolled out again; its employees still unlawful keep their first rows.

        A pattern solved on a whole year is a model of 364 days per profile, too slow for a first
        roster, and one moved around a calendar year breaks the rules at the seam; a cyclic roster
        repeated does not, and what the search gains on one cycle it gains on every one."""
        # The first lawful base may take all that is left (it stops at the first): on a busy machine
        # a 3 s plan's share was too little for one (docs/benchmarks/roster.md, "Session 15").
        found = self._base_roster(base, self.remaining(), log, first_only=True)
        if found is None:
            return
        began = self.budget.used()
        start, first = found
        self.plan, self.score = first, float("inf")
        self.offer(first)
        self._mend(budget, began, 1.0)
        if self.report is None or not self.report.ok or self.remaining() <= 0 or self.options.stop_after_first:
            return
        if self.covers_by_model() and self._absences():
            # Vacations cut what a better base gains; the cover model on the whole plan gains more
            # (icu-calendar at 60 s: 0 open places against 8; docs/benchmarks/roster.md, "Session 15").
            return
        found = self._base_roster(base, budget - (self.budget.used() - began), log, hint=start)
        if found is None:
            return
        self._offer_keeping_lawful_rows(found[1])

    def _offer_keeping_lawful_rows(self, plan: dict[str, dict[int, str]]) -> None:
        """Offer ``plan`` with each employee it leaves breaking a hard rule on their current row
        (a row's own rules hold whatever the others work)."""
        judged = self.evaluate(plan)
        broken = {v.employee for v in judged[1].hard if v.employee is not None}
        if not broken:
            self.offer(plan, judged)
            return
        self.offer({e: self.plan.get(e, {}) if e in broken else days for e, days in plan.items()})

    def _base_roster(self, base: RosterContext, budget: float, log: list[str], *, first_only: bool = False,
                     hint: Roster | None = None) -> tuple[Roster, dict[str, dict[int, str]]] | None:
        """The engine's roster of the base cycle within ``budget`` (``first_only``: its first lawful
        one; ``hint``: from an earlier base roster) and that roster rolled out over the plan with
        contract hours balanced; None when the base found nothing lawful."""
        deterministic = self.budget.deterministic
        options = dataclasses.replace(
            self.options, work_limit=budget if deterministic else None,
            time_limit=self.budget.wall_left() if deterministic else budget,
            hint=hint, progress=None, stop_after_first=first_only)
        result = solve_context(base, self.rules, options, prove=False)
        self.budget.spent += result.work
        log.append(f"base cycle ({base.n // 7} weeks): {result.status}, {result.report.uncovered_places} open, "
                   f"{result.work:.1f} work units")
        if not result.report.ok:
            return None
        cycle, patterns = base.n, _plan_of(result.roster, base)
        plan: dict[str, dict[int, str]] = {}
        for e in self.ctx.employees:
            banned, days = self.forbidden(False, {e.id}), patterns.get(e.id, {})
            rolled = ((d, days.get(d % cycle)) for d in range(self.ctx.n))
            plan[e.id] = {d: c for d, c in rolled if c is not None and (e.id, d, c) not in banned}
        fill = CoverageFill(self.ctx, self.rules)
        plan = fill.balance_hours(plan)
        self.budget.spent += fill.checks * fill.work_per_check if deterministic else 0.0
        return result.roster, plan

    def covers_by_model(self) -> bool:
        """Whether the cover model (``cover_model``) follows the first roster: it sets the shift
        mix itself, so the construction's mix step is left out (on the surgical ward it halved the
        time to the first lawful roster, 1.6 s to 0.6 s)."""
        ctx = self.ctx
        return (not self.tactics.cover_family and bool(self.movable)
                and len(ctx.employees) * ctx.n <= COVER_MODEL_MAX_DAYS)

    def cover_model(self, share: float, log: list[str], first_only: bool = False) -> None:
        """Full cover first: the whole unit's model with the hard rules and the cover as its only
        objective, from the current roster (hint), for ``share`` of what is left; it stops at full
        cover (``first_only``: at its first lawful roster). From a roster the construction left
        unlawful it is also the way to a lawful one. Fairness, wishes and the other soft rules
        come after (``soft_model``, the polish, the LNS), which keep the cover (an open place
        outweighs them)."""
        report = self.report
        if report is not None and report.ok and (first_only or self.at_floor()):
            return
        if not self.covers_by_model():
            return
        limit = share * self.remaining()
        began = self.budget.used()
        best = float("inf")
        # From an unlawful roster, a lawful one first (the first solution ends that step), then cover.
        lawful_first = first_only or report is None or not report.ok
        steps = 0
        while True:
            spent = self.budget.used() - began
            step = min(max(COVER_MODEL_STEP, COVER_MODEL_STEP_SHARE * limit), limit - spent)
            if step <= MIN_STEP:
                break
            # Each step its own seed: from a stalled roster the same seed tends to retrace its path
            # (icu-calendar stuck at 8 open: one of two other seeds went on to 2).
            found = self._whole_model(lambda rule: isinstance(rule, Coverage), step, lawful_first, seed=steps)
            steps += 1
            if found is None or found == 0 or first_only or self.at_floor():
                break  # the floor: on the medical demo reached in a quarter of the first step
            if not lawful_first and found >= best:
                break  # a step that closed no place: the floor the rules allow, or near it
            best, lawful_first = found, False
        self.note("cover model", log)

    def soft_model(self, share: float, log: list[str]) -> None:
        """After full cover (or as much as the rules allow): the whole unit's model with every rule,
        from the current lawful roster, for ``share`` of what is left. On the surgical ward CP-SAT's
        own neighbourhoods on the whole model gained more in 20 s than 25 s of best responses
        (penalty 1 400 against 1 945; docs/benchmarks/roster.md, "Session 15")."""
        if self.report is None or not self.report.ok or not self.covers_by_model():
            return
        self._whole_model(lambda rule: True, share * self.remaining())
        self.note("whole model", log)

    def _whole_model(
        self, keep: Callable[[Rule], bool], limit: float, first_only: bool = False, seed: int = 0
    ) -> float | None:
        """Solve the whole unit's model with the rules ``keep`` selects (the hard rules always, as
        the model's constraints) from the current roster as hint, within ``limit``; offer what it
        finds and return its objective (None: nothing found). ``seed`` is added to the caller's
        (each cover step its own). Not with less than
        ``WHOLE_MODEL_MIN_STEP`` left: building and loading the model alone would overrun."""
        if min(limit, self.remaining()) < WHOLE_MODEL_MIN_STEP:
            return None
        ctx = self.ctx
        active = set(self.movable)
        fixed = {e: days for e, days in self.plan.items() if e not in active}
        m = RosterModel(ctx, self.forbidden(False, active), active=active, fixed=fixed)
        for rule in self.rules:
            if rule.applies(ctx) and (rule.hard or keep(rule)):
                rule.add_to_model(m)
        m.model.minimize(m.objective())
        for (e, d, c), var in m.x.items():
            m.model.add_hint(var, self.plan.get(e, {}).get(d) == c)
        solver = cp_model.CpSolver()
        p = solver.parameters
        p.random_seed = self.options.seed + seed
        p.num_workers = max(self.options.num_workers, 2)
        p.subsolvers.extend(WHOLE_MODEL_SUBSOLVERS)
        # A light presolve: the full one took 1.6 of the 4 s to full cover on the surgical ward.
        p.cp_model_probing_level = 0
        p.max_presolve_iterations = 1
        p.stop_after_first_solution = first_only
        p.log_search_progress = self.options.log_search
        self.budget.limit(p, min(limit, self.remaining()))
        status = solver.solve(m.model)
        self.budget.charge(solver, m.model)
        if status not in (cp_model.OPTIMAL, cp_model.FEASIBLE):
            return None
        self.offer(self._read(m, solver))
        return solver.objective_value

    def cover_first(self, share: float, log: list[str]) -> None:
        """Full cover first, from a lawful roster with a few open places (a repair after a sick call,
        a warm start from last period's roster): a greedy fill (shifts moved or changed onto the open
        places, each move checked on its employee; ``CoverageFill``), then exact re-solves of the
        staff who may fill each one on the days around it (``_open_place_windows``), for at most
        ``share`` of what is left. Fairness, wishes and the other soft rules come after, in the
        polish and the LNS. A constructed first roster with hundreds of open places goes to the
        polish straight away: its rounds fill them at less cost (kirurgisk at 30 work units: 9 open
        places, against 12 after a greedy fill and 77 after one window per place)."""
        report = self.report
        if report is None or not report.ok or not report.uncovered or not self.movable:
            return
        if len(report.uncovered) > COVER_FIRST_MAX_OPEN or self.at_floor():
            return
        limit = share * self.remaining()
        began = self.budget.used()
        fill = CoverageFill(self.ctx, self.rules)
        plan = fill.run(self.plan, min(limit, self.remaining()) / 2)
        self.budget.spent += fill.checks * fill.work_per_check if self.budget.deterministic else 0.0
        self.offer(plan)
        for who, days in self._open_place_windows():
            spent = self.budget.used() - began
            if spent >= limit or self.remaining() <= 0.2 or not (self.report and self.report.uncovered):
                break
            self.reoptimise(who, min(POLISH_STEP, limit - spent), days)
        self.note("cover first", log)

    def _place(self, patterns: dict[str, dict[int, str]]) -> dict[str, dict[int, str]]:
        """Give each employee their pattern moved by the whole number of weeks that fills most of
        the places still open, so staff with the same rules get staggered days. In a cycle the
        move keeps every rule of the employee (a cycle repeats); in a calendar period the whole
        weeks wrap around and the seam may break a rule, which ``construct``'s safety net mends.
        Most competent first; a higher group may fill a lower group's place."""
        ctx = self.ctx
        open_places: dict[tuple[int, str, str], int] = defaultdict(int)
        for (day, shift), wanted in demand_by_shift(ctx).items():
            for group, (required, _) in wanted.items():
                open_places[(day, shift, group)] += required
        fills: dict[str, list[str]] = {}
        for chain in chains(ctx):
            for i, group in enumerate(chain):
                fills[group] = chain[i:]  # own group first, then the lower ones
        order = [g for chain in chains(ctx) for g in chain]
        weeks = max(ctx.n // 7, 1)
        span = 7 * weeks if ctx.n >= 7 else ctx.n  # whole weeks move; days after the last whole week stay
        own = CoverageFill(ctx, self.rules)  # its employee check: one person's rules on their own days
        plan: dict[str, dict[int, str]] = {}
        for e in sorted(ctx.employees, key=lambda e: (order.index(e.group), -e.position_pct, e.id)):
            days = patterns.get(e.id, {})
            targets = fills.get(e.group, [e.group])

            def moved(k: int, days: dict[int, str] = days) -> dict[int, str]:
                if not k:
                    return dict(days)
                return {((d + 7 * k) % span if d < span else d): c for d, c in days.items()}

            def gain(k: int, targets: list[str] = targets) -> int:
                return sum(
                    1
                    for d, c in moved(k).items()
                    if any(open_places.get((d, c, g), 0) > 0 for g in targets)
                )

            absent = ctx.absent.get(e.id, set())

            def clashes(k: int, absent: set[int] = absent) -> int:
                return sum(1 for d in moved(k) if d in absent)

            # No shift on an absence day first (the pattern's free weeks on the vacation), then cover.
            # In a cycle, the best move that keeps the employee's own rules (a count per fixed period
            # may break where the pattern was lawful); in a calendar period the seam breaks most
            # moves, and staggering matters more: the safety net below mends the seam.
            ranked = sorted(range(weeks), key=lambda k: (clashes(k), -gain(k), k))
            lawful = (k for k in ranked if not ctx.cyclic or own.employee_cost(e.id, moved(k)) is not None)
            best = next(lawful, ranked[0])
            plan[e.id] = moved(best)
            for d, c in plan[e.id].items():
                for g in targets:
                    if open_places.get((d, c, g), 0) > 0:
                        open_places[(d, c, g)] -= 1
                        break
        return plan

    # --- improvement ------------------------------------------------------------------------
    def reoptimise(self, who: set[str], limit: float, days: set[int] | None = None) -> bool:
        """Solve ``who`` on a small model of their own, everyone else fixed, from their current
        shifts; keep the result when the checker finds it better. ``days``: only these days of
        ``who`` are free (default: all). A small model presolves in milliseconds, so CP-SAT
        usually proves it optimal within the step."""
        free_days = {e: days for e in who} if days is not None else None
        fixed = self.plan if days is not None else {e: d for e, d in self.plan.items() if e not in who}
        m = RosterModel(self.ctx, self.forbidden(False, who), active=who, fixed=fixed, free_days=free_days)
        for rule in self.rules:
            if rule.applies(self.ctx):
                rule.add_to_model(m)
        m.model.minimize(m.objective())
        if self.report is not None and self.report.ok:
            # Cover first: no roster with more open than the current one (``offer`` would not keep it;
            # the whole model goes without: docs/roster.md, phase 2). The model's cover leaves out
            # places no one in it can fill, so this never cuts off the current roster.
            _keep_cover(m.model, _cover_terms(m), _cover_penalty(self.report))
        for (e, d, c), var in m.x.items():
            m.model.add_hint(var, self.plan.get(e, {}).get(d) == c)
        solver, status = self._solve_model(m.model, limit)
        if status not in (cp_model.OPTIMAL, cp_model.FEASIBLE):
            return False
        new = {e: dict(worked) for e, worked in self.plan.items()}
        for e in who:
            row = new.setdefault(e, {})
            for d in list(row):
                if days is None or d in days:
                    del row[d]
        for (e, d, c), var in m.x.items():
            if solver.value(var):
                new[e][d] = c
        if all(new.get(e, {}) == self.plan.get(e, {}) for e in who):
            return False
        return self.offer(new)

    def polish(self, step: float, enough: float = 0.0) -> None:
        """Best response: rounds of small exact re-solves, each kept when the checker finds it
        better. Singles (each employee with the rest fixed) pass after pass; when a pass gains
        ``enough`` or less, windows around open places (``_open_place_windows``), then pairs
        (``_pairs``) so two people can trade shifts; after any round that gains more, back to the
        singles. Ends when the pairs gain ``enough`` or less, or the time is up. Lawful rosters
        only: a relaxed one goes to the LNS on the relaxed model.

        ``enough`` is a share of the penalty: with 0 the polish ends where no single employee can
        do better; with a small share the late passes that re-solve everyone for a few hundred
        points are left to the whole-unit LNS (docs/benchmarks/roster.md)."""
        ids = self.movable
        rounds: list[Callable[[], list[tuple[set[str], set[int] | None]]]] = [
            lambda: [({who}, None) for who in ids],
            self._open_place_windows,
            lambda: [(pair, None) for pair in self._pairs(len(ids))],
        ]
        current = 0
        while self.report is None or self.report.ok:
            before = self.score
            for who, days in rounds[current]():
                if self.remaining() <= 0.2:
                    return
                self.reoptimise(who, step, days)
            if before - self.score > enough * before:
                current = 0
            elif current + 1 < len(rounds):
                current += 1
            else:
                return

    def _open_place_windows(self, reach: int = OPEN_PLACE_REACH) -> list[tuple[set[str], set[int] | None]]:
        """For each open place, dearest first (below the safe minimum before the rest): everyone
        who may fill it (its group and those ranked above it), free on the days within ``reach``
        of it. Filling a place usually means someone gives up a shift nearby to keep their hours
        and rest, which a single employee's re-solve cannot trade against another's."""
        ctx = self.ctx
        report = self.report or check_context(ctx, _roster(ctx, self.plan), self.rules)
        by_group = self._movable_by_group()
        places = sorted(report.uncovered, key=lambda p: (-p.below_minimum, self.rng.random()))
        out: list[tuple[set[str], set[int] | None]] = []
        for place in places:
            chain = next((c for c in chains(ctx) if place.group in c), [place.group])
            able = {e for g in chain[: chain.index(place.group) + 1] for e in by_group[g]}
            day = ctx.index_of(dt.date.fromisoformat(place.date))
            window = {ctx.wrap(d) for d in range(day - reach, day + reach + 1)}
            out.append((able, {d for d in window if 0 <= d < ctx.n}))
        return out

    def _pairs(self, count: int) -> list[set[str]]:
        """``count`` pairs of employees. Half around an open place: one of the groups that may fill
        it who is not on that shift that day, with one of them who works that day (they may trade
        shifts); the others two of one group (a trade that evens out their soft penalties)."""
        ctx, rng = self.ctx, self.rng
        report = self.report or check_context(ctx, _roster(ctx, self.plan), self.rules)
        by_group = self._movable_by_group()
        groups = sorted(g for g, members in by_group.items() if len(members) > 1)
        pairs: list[set[str]] = []
        for _ in range(4 * count):  # a draw may find no pair
            if len(pairs) == count or not (groups or report.uncovered):
                break
            if report.uncovered and (not groups or rng.random() < 0.5):
                place = rng.choice(report.uncovered)
                chain = next((c for c in chains(ctx) if place.group in c), [place.group])
                able = [e for g in chain[: chain.index(place.group) + 1] for e in by_group[g]]
                day = ctx.index_of(dt.date.fromisoformat(place.date))
                free = [e for e in able if self.plan.get(e, {}).get(day) != place.shift]
                if not free or len(able) < 2:
                    continue
                first = rng.choice(free)
                working = [e for e in able if e != first and day in self.plan.get(e, {})]
                pairs.append({first, rng.choice(working or [e for e in able if e != first])})
            else:
                pairs.append(set(rng.sample(by_group[rng.choice(groups)], 2)))
        return pairs

    def _movable_by_group(self) -> dict[str, list[str]]:
        movable = set(self.movable)
        by_group: dict[str, list[str]] = defaultdict(list)
        for e in self.ctx.employees:
            if e.id in movable:
                by_group[e.group].append(e.id)
        return by_group

    def _neighbourhood(self, size: int, uncovered: list[UncoveredPlace]) -> set[str]:
        ctx = self.ctx
        movable = set(self.movable)
        employees = [e for e in ctx.employees if e.id in movable]
        roll = self.rng.random()
        if roll < 0.35:
            group = self.rng.choice(sorted({e.group for e in employees}))
            pool = [e.id for e in employees if e.group == group]
            extra = [e.id for e in employees if e.group != group]
        elif roll < 0.7 and uncovered:
            # Who could fill an open place: its group and the groups ranked above it.
            place = self.rng.choice(uncovered)
            chain = next((c for c in chains(ctx) if place.group in c), [place.group])
            able = set(chain[: chain.index(place.group) + 1])
            day = ctx.index_of(dt.date.fromisoformat(place.date))
            # Those not on that shift that day first: one of them must move for the place to fill.
            pool = [
                e.id for e in employees if e.group in able and self.plan.get(e.id, {}).get(day) != place.shift
            ]
            extra = [e.id for e in employees if e.id not in pool]
            if len(pool) > size:
                return set(self.rng.sample(pool, size))
            return set(pool) | set(self.rng.sample(extra, min(size - len(pool), len(extra))))
        else:
            chain = self.rng.choice(chains(ctx))
            pool = [e.id for e in employees if e.group in chain]
            extra = [e.id for e in employees if e.group not in chain]
        chosen = self.rng.sample(pool, min(size, len(pool)))
        if len(chosen) < size and extra:
            chosen += self.rng.sample(extra, min(size - len(chosen), len(extra)))
        return set(chosen)

    def _complete(self, m: RosterModel, plan: dict[str, dict[int, str]]) -> tuple[list[int], float] | None:
        """Every variable's value (and the objective) for ``plan`` in ``m``, or None when ``m`` forbids it."""
        for e, days in plan.items():
            if m.is_active(e) and any((e, d, c) not in m.x for d, c in days.items()):
                return None
        probe = m.model.clone()
        for (e, d, c), var in m.x.items():
            value = int(plan.get(e, {}).get(d) == c)
            domain = probe.proto.variables[var.index].domain
            domain.clear()
            domain.extend([value, value])
        solver, status = self._solve_model(probe, max(self.remaining(), 0.1), presolve=True)
        if status not in (cp_model.OPTIMAL, cp_model.FEASIBLE):
            return None
        return list(solver.response_proto.solution), solver.objective_value

    def improve(self, step: float) -> None:
        """LNS on the whole-unit model, built once: each neighbourhood is a copy of it with every
        other employee's shifts fixed, solved from the current roster (complete hint) without
        presolve, so a step costs little more than its search."""
        ctx = self.ctx
        everyone = {e.id for e in ctx.employees}
        relaxed = self.report is not None and not self.report.ok
        if not self.movable or (not relaxed and self.remaining() < WHOLE_MODEL_SECONDS):
            return None  # (a relaxed roster still gets its chance to become lawful)
        m = self._model(everyone, {}, relaxed)
        start = self._complete(m, self.plan)
        if start is None and not relaxed:
            relaxed = True
            m = self._model(everyone, {}, relaxed)
            start = self._complete(m, self.plan)
        if start is None:
            return
        values, objective = start
        # Cover first (``_better``'s order): a step may not open a place to gain on the soft rules.
        # Units too large for the cover model come here with places still to close.
        cover = [] if relaxed else _cover_terms(m)
        size, fails = min(8, len(self.movable)), 0
        uncovered = self.report.uncovered if self.report is not None else []
        while self.remaining() > 0.2:
            active = self._neighbourhood(size, uncovered)
            free_days = range(ctx.n)
            if self.rng.random() < 0.3 and ctx.n > 14:
                # A time window for everyone: lets many people swap shifts on the same days.
                active = everyone
                length = min(7 * max(1, size // 4), ctx.n)
                first = self.rng.randrange(ctx.n)
                free_days = range(first, first + length)
            free = {d % ctx.n if ctx.cyclic else d for d in free_days}
            sub = m.model.clone()
            for (e, d, _), var in m.x.items():
                if e not in active or d not in free:
                    domain = sub.proto.variables[var.index].domain
                    domain.clear()
                    domain.extend([values[var.index]] * 2)
            sub.proto.solution_hint.vars.extend(range(len(values)))
            sub.proto.solution_hint.values.extend(values)
            _keep_cover(sub, cover, sum(weight * values[var.index] for var, weight in cover))
            solver, status = self._solve_model(sub, step, presolve=False)
            improved = status in (cp_model.OPTIMAL, cp_model.FEASIBLE) and solver.objective_value < objective
            if improved:
                values, objective = list(solver.response_proto.solution), solver.objective_value
                plan: dict[str, dict[int, str]] = {}
                for (e, d, c), var in m.x.items():
                    if values[var.index]:
                        plan.setdefault(e, {})[d] = c
                if relaxed:
                    # Scored by the checker; once lawful, continue on the model with the hard rules.
                    self.offer(plan)
                    if self.report is not None and self.report.ok:
                        return self.improve(step)
                else:
                    self._record(plan, objective)
                uncovered = uncovered_places(RosterView(ctx, _roster(ctx, plan)))
            # Short steps on small neighbourhoods while they pay; when they stop paying (or CP-SAT
            # proves a neighbourhood optimal), larger neighbourhoods and longer steps.
            if improved:
                fails = 0
            elif status == cp_model.OPTIMAL:
                size = min(size + 1, len(self.movable))
            else:
                fails += 1
                if fails >= 4:
                    size, step, fails = min(size + 1, len(self.movable)), min(step * 1.25, 4.0), 0
        return None

    def improve_cells(self, step: float) -> None:
        """LNS with cell neighbourhoods (``SolveOptions.neighbourhoods == "cells"``): each step
        builds a model whose variables are only the freed (employee, day) cells, every other cell a
        constant from the current roster, solves it from the roster (hint) with presolve, and keeps
        the result when it is better. A small model per step scales to long horizons where copying
        the whole-unit model every step would not. The sub-model's objective is taken as the
        roster's penalty: true for rules that charge constant cells as constants (the contract
        rules, ``Wishes``, ``WeightedCover``); the result is re-checked by the checker at the end.

        With one worker per step (``lp_heavy``) as many steps run at once as ``num_workers``, in
        threads (CP-SAT releases the GIL while it searches): one step's model is built while the
        other is solved. A step that finishes after another one improved the roster is merged into
        the new roster: it is solved again on the new roster with the merge as hint (re-based), so
        the model still decides what is lawful and what it costs — cheaper than the checker on a
        long horizon (Curtois 23: 0.2 s to build a step, 0.6 s to check the whole roster)."""
        ctx = self.ctx
        if self.report is None or not self.report.ok or not ctx.employees:
            return self.improve(step)  # only from a lawful roster; otherwise the relaxed search
        self._weekends = ctx.weekends() if WEEKEND_NEIGHBOURHOODS else []
        shapes = CellNeighbourhoods([e.id for e in ctx.employees], ctx.n, self.rng, self._weekends)
        rules = [rule for rule in self.rules if rule.applies(ctx)]
        demand: dict[tuple[int, str], int] = defaultdict(int)
        for r in ctx.demand:
            demand[(r.day, r.shift)] += r.required
        parallel = max(self.options.num_workers, 1) if self.tactics.lp_heavy else 1
        pending: dict[Future[tuple[cp_model.CpSolver, Any]], _CellStep] = {}
        with ThreadPoolExecutor(max_workers=parallel) as pool:

            def submit(job: _CellStep) -> None:
                # The step's limit is fixed here, in this thread, so it does not depend on when
                # other steps finish; its work is charged when its result is taken.
                limit = min(step, self.remaining())
                pending[pool.submit(self._solve_model, job.model.model, limit, True, job.seed, False)] = job

            while pending or self.remaining() > 0.2:
                while len(pending) < parallel and self.remaining() > 0.2:
                    submit(self._cell_step(shapes, rules, demand))
                if self.budget.deterministic:
                    done = {next(iter(pending))}  # the oldest step first: the same order on any machine
                    wait(done)
                else:
                    done, _ = wait(pending, return_when=FIRST_COMPLETED)
                for future in done:
                    solver, status = future.result()
                    job = pending.pop(future)
                    work = self.budget.charge(solver, job.model.model)
                    merged = self._cell_result(job, solver, status, shapes, work)
                    if merged is not None and self.remaining() > 0.2:
                        submit(self._cell_model(merged[0].kind, merged[0].free_days, rules, hint=merged[1]))
        return None

    def _cell_step(
        self, shapes: CellNeighbourhoods, rules: list[Rule], demand: dict[tuple[int, str], int]
    ) -> _CellStep:
        """The next neighbourhood's model, built on the current roster (with it as hint)."""
        heads: dict[tuple[int, str], int] = defaultdict(int)
        for worked in self.plan.values():
            for d, c in worked.items():
                heads[(d, c)] += 1
        short = sorted({d for (d, c), need in demand.items() if heads[(d, c)] < need})
        surplus = sorted({d for (d, c), count in heads.items() if count > demand.get((d, c), 0)})
        half = [e for e, worked in self.plan.items()
                if any((sat in worked) != (sun in worked) for sat, sun in self._weekends)] if self._weekends else []
        kind, free_days = shapes.next(short, surplus, half)
        return self._cell_model(kind, free_days, rules)

    def _cell_model(
        self,
        kind: str,
        free_days: dict[str, set[int]],
        rules: list[Rule],
        hint: dict[str, dict[int, str]] | None = None,
    ) -> _CellStep:
        """The model of ``free_days`` (employee → days with variables) on the current roster, with
        ``hint`` (default: that roster) as the solver's hint; ``hint`` marks a re-based step."""
        started = time.monotonic()
        guide = self.plan if hint is None else hint
        active = set(free_days)
        m = RosterModel(self.ctx, self.forbidden(False, active), active=active, fixed=self.plan,
                        free_days=free_days)
        for rule in rules:
            rule.add_to_model(m)
        m.model.minimize(m.objective())
        for (e, d, c), var in m.x.items():
            m.model.add_hint(var, guide.get(e, {}).get(d) == c)
        for (e, d), var in m.w.items():
            m.model.add_hint(var, d in guide.get(e, {}))
        return _CellStep(kind, free_days, m, self.plan, self.score, started, self.rng.randrange(1 << 30),
                         rebased=hint is not None)

    def _cell_result(
        self, job: _CellStep, solver: cp_model.CpSolver, status: Any, shapes: CellNeighbourhoods, work: float
    ) -> tuple[_CellStep, dict[str, dict[int, str]]] | None:
        """Keep a better step. A better step built on a roster that has been replaced since comes
        back as (step, its cells merged into the current roster), to be re-based once."""
        found = status in (cp_model.OPTIMAL, cp_model.FEASIBLE)
        gain = job.score - solver.objective_value if found else 0.0
        spent = work if self.budget.deterministic else time.monotonic() - job.started
        shapes.solved(job.kind, status == cp_model.OPTIMAL, gain, spent)
        if not found or gain <= 0.5:
            return None
        plan = {e: dict(days) for e, days in self.plan.items()}
        for e, days in job.free_days.items():
            row = plan.setdefault(e, {})
            for d in days:
                row.pop(d, None)
        for (e, d, c), var in job.model.x.items():
            if solver.value(var):
                plan[e][d] = c
        if job.base is self.plan:
            self._record(plan, solver.objective_value)
            return None
        return None if job.rebased else (job, plan)

    def _record(self, plan: dict[str, dict[int, str]], objective: float) -> None:
        """A better lawful roster; its model objective is the checker's penalty (the invariant)."""
        self.plan, self.score, self.report = plan, objective, None
        event = Progress(
            objective=objective,
            bound=0.0,
            seconds=time.monotonic() - self.started,
            solutions=len(self.timeline) + 1,
            work=self.budget.spent,
        )
        self.timeline.append(event)
        if self.options.progress is not None:
            self.options.progress(event)


def solve_roster(
    unit: Unit, requirement: StaffingRequirement | None = None, options: SolveOptions | None = None
) -> RosterResult:
    """Plan a roster for ``unit`` that covers ``requirement`` (default: the unit's own) under the rules.

    Coverage is soft, so a unit with too few staff gets a roster with the open places listed. A
    roster that breaks a hard rule is returned only when the hard rules are proven unable to hold
    together (status ``infeasible``, ``conflicts`` names them); a search that runs out of budget
    without a lawful roster says ``unknown`` and returns none.
    """
    options = options or SolveOptions()
    started = time.monotonic()
    period = options.period or period_for_unit(unit)
    ctx = build_context(unit, period, requirement, options.history)
    rules = list(options.rules if options.rules is not None else default_rules(unit)) + list(
        options.extra_rules
    )
    return solve_context(ctx, rules, options, started=started)


@dataclass(frozen=True)
class _Tactics:
    """How the search goes about a problem, chosen from the problem alone (``_tactics``)."""

    cover_family: bool  # wishes + weighted cover only: column generation is exact (``construction.py``)
    # LNS neighbourhoods: "staff" (groups / open places / time windows on the whole-unit model) or
    # "cells" (day windows, employee × day blocks, whole employees: a small model per step).
    neighbourhoods: str
    # One worker with the full LP (linearization_level 2) for the full model and each LNS step:
    # on the Curtois instances it proves bounds the 2-worker portfolio does not (docs/benchmarks/curtois.md).
    lp_heavy: bool
    step_limit: float | None  # per LNS step; None: from the budget


def _tactics(ctx: RosterContext, rules: list[Rule]) -> _Tactics:
    """Cell neighbourhoods and LP-heavy steps where every soft rule charges a fixed cell as a constant
    (the wishes + weighted cover family, measured on Curtois: docs/benchmarks/curtois.md); the staff
    neighbourhoods with best-response polish elsewhere (measured on the demo ward: docs/benchmarks/roster.md)."""
    if cover_family(ctx, rules):
        return _Tactics(True, "cells", True, CELL_STEP_LIMIT)
    return _Tactics(False, "staff", False, None)


def solve_context(
    ctx: RosterContext, rules: list[Rule], options: SolveOptions, *, started: float | None = None,
    prove: bool = True,
) -> RosterResult:
    """The one roster engine: every caller (CLI, web, scenarios, repair, fill, region, the public
    benchmark) comes here with a context and rules; the phases follow from the problem.

    1. A first roster: ``options.hint``; else, for the wishes + weighted cover family, column
       generation or one-employee-at-a-time construction with best responses (``construction.py``);
       a calendar plan of two base cycles or more: the roster of one base cycle, rolled out
       (``_Search.roll_out``); else one model per employee profile, aimed at the demand's shift
       mix and staggered (``_Search.construct``).
    2. Full cover first, on hospital units of up to ``COVER_MODEL_MAX_DAYS`` employee-days: the
       whole unit's hard rules with the cover as the only objective, from that roster
       (``_Search.cover_model``; it also turns a first roster the construction left unlawful into
       a lawful one), then the whole model with every rule (``_Search.soft_model``).
    3. Small problems (≤ ``FULL_MODEL_MAX_VARS`` cells): the whole model, LP-heavy, for
       ``FULL_MODEL_SHARE`` of the rest: a bound, sometimes optimality.
    4. Best responses and large-neighbourhood search for the rest of the budget (``_tactics``).
    5. No lawful roster: the hard rules are tested alone (``_prove_infeasible``; not for ``prove=False``,
       a base cycle inside a search); only a proof gives a roster that breaks them, with the
       conflicting rules named.
    """
    started = time.monotonic() if started is None else started
    budget = Budget(wall=options.time_limit, work=options.work_limit, started=started)
    relax_weight = ctx.settings.rules.get("relaxed_hard_weight").weight
    if options.strategy == "full":
        return _solve_full(ctx, rules, options, budget, relax_weight)
    tactics = _tactics(ctx, rules)
    search = _Search(ctx, rules, options, budget, relax_weight, tactics)
    log: list[str] = []
    bound: int | None = None
    if options.hint is not None:
        search.offer(_plan_of(options.hint, ctx))
        log.append(f"hint: {search.score:g}")
    elif tactics.cover_family:
        # Column generation and this construction keep wall deadlines (docs/roster.md: budgets): a work
        # budget is taken as that many seconds there, so the phase is not deterministic yet.
        limit = min(budget.work, budget.wall) if budget.work is not None else budget.wall
        plan, bound = first_roster(ctx, rules, started, limit, options.seed, log)
        if plan is not None:
            search.offer(plan)
    # The Curtois family has its own construction (``first_roster``); hospital units roll out a base.
    base = search.base_cycle() if not search.plan and not tactics.cover_family else None
    if base is not None:
        search.roll_out(base, ROLL_OUT_SHARE * budget.left(), log)
    if not search.plan:
        search.construct(budget=min(budget.left() * 0.3, 5.0))
    search.note("first roster", log)
    if not tactics.cover_family:
        search.cover_model(COVER_MODEL_SHARE, log, first_only=options.stop_after_first)
    if not options.stop_after_first:
        if not tactics.cover_family:
            search.cover_first(COVER_FIRST_SHARE, log)
            search.soft_model(SOFT_MODEL_SHARE, log)
        bound = _full_model_phase(search, bound, log)
        if not _proven(search, bound):
            if tactics.neighbourhoods == "cells":
                step = tactics.step_limit or 1.0
                stop = options.should_stop
                options.should_stop = lambda: (stop is not None and stop()) or _proven(search, bound)
                try:
                    search.improve_cells(step)
                finally:
                    options.should_stop = stop
            else:
                step = max(min(budget.left() / 40, 0.8), 0.3)
                search.polish(step=POLISH_STEP, enough=POLISH_ENOUGH)
                search.note("polish", log)
                search.improve(step)
            search.note("LNS", log)
    report = search.report or check_context(ctx, _roster(ctx, search.plan), rules)
    roster = _roster(ctx, search.plan)
    conflicts: list[Conflict] = []
    if report.ok:
        status = "optimal" if bound is not None and bound >= report.penalty else "feasible"
    else:
        conflicts = _prove_infeasible(ctx, rules, budget, log) if prove else []
        status = "infeasible" if conflicts else "unknown"
        if not conflicts:
            # Out of budget without a lawful roster: no proof that none exists, so nothing to show.
            roster = _roster(ctx, {})
            report = check_context(ctx, roster, rules)
    return RosterResult(
        roster=roster,
        status=status,
        objective=float(report.penalty) if status != "unknown" else None,
        bound=float(bound) if bound is not None else None,
        seconds=time.monotonic() - started,
        first_solution_seconds=search.timeline[0].seconds if search.timeline else None,
        penalties=report.penalty_by_rule(),
        report=report,
        timeline=search.timeline,
        conflicts=conflicts,
        work=budget.spent,
        capped=budget.capped,
        log=log,
        floor=search.coverage_floor() if status != "unknown" and report.uncovered else None,
    )


def _proven(search: _Search, bound: int | None) -> bool:
    """The current roster is at the lower bound: optimal, nothing left to search."""
    return bound is not None and search.report is not None and search.report.ok and search.score <= bound


def _full_model_phase(search: _Search, bound: int | None, log: list[str]) -> int | None:
    """Small problems: the whole model from the current lawful roster (hint), LP-heavy, for a share
    of the rest; keeps a better roster and returns the (possibly raised) lower bound."""
    ctx = search.ctx
    n_vars = len(ctx.employees) * ctx.n * len(ctx.shifts)
    if n_vars > FULL_MODEL_MAX_VARS or search.report is None or not search.report.ok or _proven(search, bound):
        return bound
    m = build_model(ctx, search.rules)
    _add_hint(m, _roster(ctx, search.plan))
    solver = cp_model.CpSolver()
    solver.parameters.random_seed = search.options.seed
    _lp_heavy(solver)
    search.budget.limit(solver.parameters, FULL_MODEL_SHARE * search.remaining())
    status = solver.solve(m.model)
    search.budget.charge(solver, m.model)
    if status in (cp_model.OPTIMAL, cp_model.FEASIBLE):
        bound = max(bound or 0, math.ceil(solver.best_objective_bound - 1e-6))
        search.offer(_plan_of(_extract(m, solver), ctx))
        log.append(f"full model: {search.score:g} (bound {bound})")
    return bound


def _prove_infeasible(ctx: RosterContext, rules: list[Rule], budget: Budget, log: list[str]) -> list[Conflict]:
    """The smallest set of hard rules that cannot hold together for this unit, or [] when no proof
    was found. A proof is worth a little more than the budget (a search that runs out proves
    nothing): a work budget gives it at least ``PROOF_WORK``; its wall clock is what the caller
    has left, or ``PROOF_GRACE`` of the caller's limit when that is more."""
    wall = max(budget.wall_left(), PROOF_GRACE * budget.wall)
    proof = Budget(wall=wall, work=max(budget.left(), PROOF_WORK) if budget.deterministic else None)
    conflicts = find_conflicts(ctx, rules, proof) or []
    budget.spent += proof.spent
    if conflicts:
        log.append("hard rules proven infeasible together: " + ", ".join(sorted({c.rule for c in conflicts})))
    else:
        log.append("no lawful roster found within the budget; the hard rules were not proven infeasible")
    return conflicts


def _solve_full(
    ctx: RosterContext,
    rules: list[Rule],
    options: SolveOptions,
    budget: Budget,
    relax_weight: int,
) -> RosterResult:
    """One monolithic CP-SAT model (``strategy="full"``, for tests and inspection)."""
    period = ctx.period
    started = budget.started
    m = build_model(ctx, rules)
    if options.hint is not None:
        _add_hint(m, options.hint)
    status, solver, callback = _run(m, options, budget)
    conflicts: list[Conflict] = []
    label = "optimal" if status == cp_model.OPTIMAL else "feasible" if status == cp_model.FEASIBLE else "unknown"
    if status == cp_model.INFEASIBLE:
        conflicts = _prove_infeasible(ctx, rules, budget, [])
        relaxed = [r if isinstance(r, OneShiftPerDay) else r.relaxed(relax_weight) for r in rules]
        m = build_model(ctx, relaxed)
        status, solver, callback = _run(m, options, budget)
        label = "infeasible" if status in (cp_model.OPTIMAL, cp_model.FEASIBLE) else "unknown"
    if status in (cp_model.OPTIMAL, cp_model.FEASIBLE):
        roster = _extract(m, solver)
        objective: float | None = solver.objective_value
        bound: float | None = solver.best_objective_bound
        penalties: dict[str, int] = defaultdict(int)
        for term in m.terms:
            value = solver.value(term.var)
            if value:
                penalties[term.rule] += term.weight * value
    else:
        roster = Roster(unit_id=ctx.unit_id, start_date=period.start, days=period.days, cyclic=period.cyclic)
        objective = bound = None
        penalties = defaultdict(int)
    report = check_context(ctx, roster, rules)
    first = callback.timeline[0].seconds if callback.timeline else None
    return RosterResult(
        roster=roster,
        status=label,
        objective=objective,
        bound=bound,
        seconds=time.monotonic() - started,
        first_solution_seconds=first,
        penalties=dict(penalties),
        report=report,
        timeline=callback.timeline,
        conflicts=conflicts,
        work=budget.spent,
        capped=budget.capped,
    )
