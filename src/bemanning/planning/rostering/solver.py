"""Solving a roster with CP-SAT: ``solve_roster(unit, requirement, options) -> RosterResult``."""

from __future__ import annotations

import random
import time
from collections import defaultdict
from collections.abc import Callable
from dataclasses import dataclass, field
from typing import Any

from ortools.sat.python import cp_model

from bemanning.model import Assignment, Roster, StaffingRequirement, Unit

from .checker import ComplianceReport, check_context
from .context import Period, RosterContext, RosterHistory, build_context, period_for_unit
from .model_builder import RosterModel
from .rules import OneShiftPerDay, Rule, UncoveredPlace, Violation, default_rules
from .rules.coverage import chains


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
    strategy: str = "lns"  # "lns": decomposition + large-neighbourhood search; "full": one CP-SAT model
    log_search: bool = False
    should_stop: Callable[[], bool] | None = None  # polled between steps, e.g. a web job's cancel flag


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


def _run(
    m: RosterModel, options: SolveOptions, time_limit: float, started: float
) -> tuple[Any, cp_model.CpSolver, _Callback]:
    solver = cp_model.CpSolver()
    solver.parameters.max_time_in_seconds = max(time_limit, 0.1)
    solver.parameters.random_seed = options.seed
    solver.parameters.num_workers = max(options.num_workers, 1)
    solver.parameters.log_search_progress = options.log_search
    callback = _Callback(
        started, options.progress, options.stop_after_first, options.should_stop
    )
    status = solver.solve(m.model, callback)
    return status, solver, callback


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


class _Search:
    """Decomposition and large-neighbourhood search over employees with the same rule objects.

    Construct: solve one professional group at a time (most competent first), the groups already
    planned fixed as constants. Improve: re-solve a neighbourhood (a whole group, or a random mix
    of employees from different groups, so higher groups can take lower groups' places) with the
    rest fixed and the current roster as hint; keep it when the checker's score improves.
    """

    def __init__(
        self, ctx: RosterContext, rules: list[Rule], options: SolveOptions, started: float, relax_weight: int
    ):
        self.ctx, self.rules, self.options, self.started = ctx, rules, options, started
        self.relax_weight = relax_weight
        self.rng = random.Random(options.seed)
        self.timeline: list[Progress] = []
        self.plan: dict[str, dict[int, str]] = {}
        self.score: float = float("inf")
        self.report: ComplianceReport | None = None
        self.relaxed_rules = [r if isinstance(r, OneShiftPerDay) else r.relaxed(relax_weight) for r in rules]

    def remaining(self) -> float:
        if self.options.should_stop is not None and self.options.should_stop():
            return 0.0
        return self.options.time_limit - (time.monotonic() - self.started)

    def evaluate(self, plan: dict[str, dict[int, str]]) -> tuple[float, ComplianceReport]:
        report = check_context(self.ctx, _roster(self.ctx, plan), self.rules)
        return report.penalty + self.relax_weight * len(report.hard), report

    def offer(self, plan: dict[str, dict[int, str]]) -> bool:
        score, report = self.evaluate(plan)
        if score < self.score:
            self.plan, self.score, self.report = plan, score, report
            event = Progress(
                objective=score,
                bound=0.0,
                seconds=time.monotonic() - self.started,
                solutions=len(self.timeline) + 1,
            )
            self.timeline.append(event)
            if self.options.progress is not None:
                self.options.progress(event)
            return True
        return False

    def sub_solve(
        self, active: set[str], limit: float, relaxed: bool = False, feasible_first: bool = False
    ) -> dict[str, dict[int, str]] | None:
        rules = self.relaxed_rules if relaxed else self.rules
        fixed = {e: days for e, days in self.plan.items() if e not in active}
        live = [r for r in rules if r.applies(self.ctx)]
        forbidden = {t for r in live for t in r.forbidden(self.ctx) if t[0] in active}
        m = RosterModel(self.ctx, forbidden, active=active, fixed=fixed)
        for rule in live:
            rule.add_to_model(m)
        solver = cp_model.CpSolver()
        solver.parameters.random_seed = self.rng.randrange(1 << 30)
        solver.parameters.num_workers = max(self.options.num_workers, 1)
        solver.parameters.log_search_progress = self.options.log_search
        values = None
        if not feasible_first:
            values = self._complete(m, solver, limit)
        if values is None:
            # Without an objective CP-SAT finds a rule-abiding roster fast; it then seeds the optimisation.
            solver.parameters.max_time_in_seconds = max(min(limit, self.remaining()), 0.05)
            if solver.solve(m.model) not in (cp_model.OPTIMAL, cp_model.FEASIBLE):
                return None
            values = list(solver.response_proto.solution)
        m.model.minimize(m.objective())
        for index, value in enumerate(values):
            m.model.add_hint(m.model.get_int_var_from_proto_index(index), value)
        solver.parameters.max_time_in_seconds = max(min(limit, self.remaining()), 0.05)
        status = solver.solve(m.model)
        if status not in (cp_model.OPTIMAL, cp_model.FEASIBLE):
            return None
        plan = {e: dict(days) for e, days in fixed.items()}
        for (e, d, c), var in m.x.items():
            if solver.value(var):
                plan.setdefault(e, {})[d] = c
        return plan

    def _complete(self, m: RosterModel, solver: cp_model.CpSolver, limit: float) -> list[int] | None:
        """Values of every model variable for the current roster (a complete hint), if it is feasible."""
        probe = m.model.clone()
        for (who, d, c), var in m.x.items():
            probe.add(
                probe.get_int_var_from_proto_index(var.index) == int(self.plan.get(who, {}).get(d) == c)
            )
        for person in m.employees:
            for d, c in self.plan.get(person.id, {}).items():
                if (person.id, d, c) not in m.x:
                    return None  # the current roster has a shift the model forbids
        solver.parameters.max_time_in_seconds = max(min(limit / 2, self.remaining()), 0.05)
        if solver.solve(probe) not in (cp_model.OPTIMAL, cp_model.FEASIBLE):
            return None
        return list(solver.response_proto.solution)

    def construct(self, budget: float) -> None:
        """One employee at a time, most competent group first, each covering what is still open."""
        order = [g for chain in chains(self.ctx) for g in chain]
        people = sorted(self.ctx.employees, key=lambda e: (order.index(e.group), -e.position_pct, e.id))
        for e in people:
            if self.options.should_stop is not None and self.options.should_stop():
                break  # stopped from outside: keep the employees planned so far
            limit = max(budget / len(people), 0.3)
            plan = self.sub_solve({e.id}, limit, feasible_first=True) or self.sub_solve(
                {e.id}, limit, relaxed=True, feasible_first=True
            )
            if plan is not None:
                self.plan = plan
        self.score = float("inf")
        self.offer(self.plan)

    def improve(self, step: float) -> None:
        ids = [e.id for e in self.ctx.employees]
        groups = sorted({e.group for e in self.ctx.employees})
        while self.remaining() > 0.2:
            if self.rng.random() < 0.4:
                group = self.rng.choice(groups)
                active = {e.id for e in self.ctx.employees if e.group == group}
            else:
                active = set(self.rng.sample(ids, min(len(ids), 10)))
            relaxed = self.report is not None and not self.report.ok
            plan = self.sub_solve(active, step, relaxed=relaxed)
            if plan is not None:
                self.offer(plan)


def solve_roster(
    unit: Unit, requirement: StaffingRequirement | None = None, options: SolveOptions | None = None
) -> RosterResult:
    """Plan a roster for ``unit`` that covers ``requirement`` (default: the unit's own) under the rules.

    Coverage is soft, so a unit with too few staff gets a roster with the open places listed.
    When the hard rules cannot all hold together, they are relaxed to heavy penalties and the
    result has status ``relaxed`` with the broken rules in ``report``.

    ``options.strategy``: ``"lns"`` (default) decomposes by group and improves by
    large-neighbourhood search; ``"full"`` solves one monolithic CP-SAT model (gives a bound).
    """
    options = options or SolveOptions()
    started = time.monotonic()
    period = options.period or period_for_unit(unit)
    ctx = build_context(unit, period, requirement, options.history)
    rules = list(options.rules if options.rules is not None else default_rules(unit)) + list(
        options.extra_rules
    )
    relax_weight = unit.rules.get("relaxed_hard_weight").weight
    if options.strategy == "full":
        return _solve_full(unit, ctx, rules, options, started, relax_weight)
    search = _Search(ctx, rules, options, started, relax_weight)
    if options.hint is not None:
        search.offer(_plan_of(options.hint, ctx))
    else:
        search.construct(budget=min(options.time_limit * 0.4, 8.0))
    if not options.stop_after_first:
        search.improve(step=max(min(options.time_limit / 10, 3.0), 0.5))
    report = search.report or check_context(ctx, _roster(ctx, search.plan), rules)
    status = "feasible" if report.ok else "relaxed"
    return RosterResult(
        roster=_roster(ctx, search.plan),
        status=status,
        objective=float(report.penalty),
        bound=None,
        seconds=time.monotonic() - started,
        first_solution_seconds=search.timeline[0].seconds if search.timeline else None,
        penalties=report.penalty_by_rule(),
        report=report,
        timeline=search.timeline,
    )


def _solve_full(
    unit: Unit,
    ctx: RosterContext,
    rules: list[Rule],
    options: SolveOptions,
    started: float,
    relax_weight: int,
) -> RosterResult:
    period = ctx.period
    m = build_model(ctx, rules)
    if options.hint is not None:
        _add_hint(m, options.hint)
    status, solver, callback = _run(m, options, options.time_limit, started)
    label = (
        "optimal"
        if status == cp_model.OPTIMAL
        else "feasible"
        if status == cp_model.FEASIBLE
        else "no_solution"
    )
    if status == cp_model.INFEASIBLE:
        relaxed = [r if isinstance(r, OneShiftPerDay) else r.relaxed(relax_weight) for r in rules]
        m = build_model(ctx, relaxed)
        remaining = options.time_limit - (time.monotonic() - started)
        status, solver, callback = _run(m, options, remaining, started)
        label = "relaxed" if status in (cp_model.OPTIMAL, cp_model.FEASIBLE) else "no_solution"
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
        roster = Roster(unit_id=unit.id, start_date=period.start, days=period.days, cyclic=period.cyclic)
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
    )
