"""Solving a roster with CP-SAT: ``solve_roster(unit, requirement, options) -> RosterResult``."""

from __future__ import annotations

import time
from collections import defaultdict
from collections.abc import Callable
from dataclasses import dataclass, field

from ortools.sat.python import cp_model

from bemanning.model import Assignment, Roster, StaffingRequirement, Unit

from .checker import ComplianceReport, check_context
from .context import Period, RosterContext, RosterHistory, build_context, period_for_unit
from .model_builder import RosterModel
from .rules import OneShiftPerDay, Rule, UncoveredPlace, Violation, default_rules


@dataclass(frozen=True)
class Progress:
    """One improving solution: the hook of the CLI progress bar and the web app."""

    objective: float
    bound: float
    seconds: float
    solutions: int


@dataclass
class SolveOptions:
    time_limit: float = 30.0
    seed: int = 0
    num_workers: int = 2
    period: Period | None = None  # default: the unit's roster settings
    history: RosterHistory | None = None
    hint: Roster | None = None  # warm start from a previous roster
    progress: Callable[[Progress], None] | None = None
    rules: list[Rule] | None = None  # default: default_rules(unit)
    extra_rules: list[Rule] = field(default_factory=list)  # e.g. a minimal-change rule for repair
    stop_after_first: bool = False
    log_search: bool = False


@dataclass
class RosterResult:
    roster: Roster
    status: str  # optimal | feasible | relaxed (hard rules could not all hold) | no_solution
    objective: float | None
    bound: float | None
    seconds: float
    first_solution_seconds: float | None
    penalties: dict[str, int]  # the solver's objective split by rule
    report: ComplianceReport  # the independent checker's verdict on ``roster``
    timeline: list[Progress] = field(default_factory=list)

    @property
    def violations(self) -> list[Violation]:
        return self.report.violations

    @property
    def hard_violations(self) -> list[Violation]:
        return self.report.hard

    @property
    def uncovered(self) -> list[UncoveredPlace]:
        return self.report.uncovered


class _Callback(cp_model.CpSolverSolutionCallback):
    def __init__(self, started: float, progress: Callable[[Progress], None] | None, stop_after_first: bool):
        super().__init__()
        self.started = started
        self.progress = progress
        self.stop_after_first = stop_after_first
        self.timeline: list[Progress] = []

    def on_solution_callback(self) -> None:
        event = Progress(objective=self.ObjectiveValue(), bound=self.BestObjectiveBound(),
                         seconds=time.monotonic() - self.started, solutions=len(self.timeline) + 1)
        self.timeline.append(event)
        if self.progress is not None:
            self.progress(event)
        if self.stop_after_first:
            self.StopSearch()


def build_model(ctx: RosterContext, rules: list[Rule]) -> RosterModel:
    active = [r for r in rules if r.applies(ctx)]
    forbidden = {triple for rule in active for triple in rule.forbidden(ctx)}
    m = RosterModel(ctx, forbidden)
    for rule in active:
        rule.add_to_model(m)
    m.model.Minimize(m.objective())
    return m


def _add_hint(m: RosterModel, hint: Roster) -> None:
    given = {(a.employee_id, m.ctx.index_of(a.date), a.shift_code) for a in hint.assignments}
    for key, var in m.x.items():
        m.model.AddHint(var, key in given)


def _extract(m: RosterModel, solver: cp_model.CpSolver) -> Roster:
    ctx = m.ctx
    assignments = [Assignment(employee_id=e, date=ctx.date_of(d), shift_code=c)
                   for (e, d, c), var in m.x.items() if solver.Value(var)]
    assignments.sort(key=lambda a: (a.date, a.employee_id))
    return Roster(unit_id=ctx.unit_id, start_date=ctx.period.start, days=ctx.n, cyclic=ctx.cyclic,
                  assignments=assignments)


def _run(m: RosterModel, options: SolveOptions, time_limit: float, started: float
         ) -> tuple[int, cp_model.CpSolver, _Callback]:
    solver = cp_model.CpSolver()
    solver.parameters.max_time_in_seconds = max(time_limit, 0.1)
    solver.parameters.random_seed = options.seed
    solver.parameters.num_workers = max(options.num_workers, 1)
    solver.parameters.log_search_progress = options.log_search
    callback = _Callback(started, options.progress, options.stop_after_first)
    status = solver.Solve(m.model, callback)
    return status, solver, callback


def solve_roster(unit: Unit, requirement: StaffingRequirement | None = None,
                 options: SolveOptions | None = None) -> RosterResult:
    """Plan a roster for ``unit`` that covers ``requirement`` (default: the unit's own) under the rules.

    Coverage is soft, so a unit with too few staff gets a roster with the open places listed.
    When the hard rules cannot all hold together, they are relaxed to heavy penalties and the
    result has status ``relaxed`` with the broken rules in ``report``.
    """
    options = options or SolveOptions()
    started = time.monotonic()
    period = options.period or period_for_unit(unit)
    ctx = build_context(unit, period, requirement, options.history)
    rules = list(options.rules if options.rules is not None else default_rules(unit)) + list(options.extra_rules)
    m = build_model(ctx, rules)
    if options.hint is not None:
        _add_hint(m, options.hint)
    status, solver, callback = _run(m, options, options.time_limit, started)
    label = {cp_model.OPTIMAL: "optimal", cp_model.FEASIBLE: "feasible"}.get(status, "no_solution")
    if status == cp_model.INFEASIBLE:
        weight = unit.rules.get("relaxed_hard_weight").weight
        relaxed = [r if isinstance(r, OneShiftPerDay) else r.relaxed(weight) for r in rules]
        m = build_model(ctx, relaxed)
        remaining = options.time_limit - (time.monotonic() - started)
        status, solver, callback = _run(m, options, remaining, started)
        label = "relaxed" if status in (cp_model.OPTIMAL, cp_model.FEASIBLE) else "no_solution"
    if status in (cp_model.OPTIMAL, cp_model.FEASIBLE):
        roster = _extract(m, solver)
        objective: float | None = solver.ObjectiveValue()
        bound: float | None = solver.BestObjectiveBound()
        penalties: dict[str, int] = defaultdict(int)
        for term in m.terms:
            value = solver.Value(term.var)
            if value:
                penalties[term.rule] += term.weight * value
    else:
        roster = Roster(unit_id=unit.id, start_date=period.start, days=period.days, cyclic=period.cyclic)
        objective = bound = None
        penalties = defaultdict(int)
    report = check_context(ctx, roster, rules)
    first = callback.timeline[0].seconds if callback.timeline else None
    return RosterResult(roster=roster, status=label, objective=objective, bound=bound,
                        seconds=time.monotonic() - started, first_solution_seconds=first,
                        penalties=dict(penalties), report=report, timeline=callback.timeline)
