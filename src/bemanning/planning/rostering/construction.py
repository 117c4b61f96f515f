"""A first roster for rule sets whose penalty is wishes plus one weighted cover (``colgen.applies``):
column generation when its pricing fits, else one employee at a time; then best responses.

Why one employee at a time: the hard rules of such a set each concern one employee and only the
soft cover links them, so a model per employee with everyone else fixed never gets stuck where a
monolithic model finds nothing (Curtois 20–24: a year's horizon, 50–150 staff).

Every number here was measured on the Curtois & Qu instances (docs/benchmarks/curtois.md); the
phases are chosen from the problem (its size, horizon and whether the DP pricer knows every hard
rule), never from the caller.
"""

from __future__ import annotations

import time
from typing import TypeVar

from ortools.sat.python import cp_model

from .colgen import applies as columns_apply
from .colgen import improve_by_best_responses, solve_by_columns
from .context import RosterContext
from .dp_pricing import dp_applies
from .model_builder import RosterModel
from .rules import Rule
from .rules.contracts import ForbiddenSuccessions, ShiftTypeLimits, TotalMinutes

Plan = dict[str, dict[int, str]]
R = TypeVar("R", bound=Rule)

CONSTRUCTION_SHARE = 0.5  # at most this share of the limit for the one-employee-at-a-time roster
CONSTRUCTION_STEP_MIN = 0.1  # seconds an employee's model gets at least (then the fallback)
FIRST_ROSTER_LIMIT = 5.0  # seconds for a feasibility-only employee model (it stops at the first roster)
FAST_CONSTRUCTION_ABOVE = 1500  # days × shift types above which construction is feasibility-first
# Column generation with CP-SAT pricing (rule sets the DP pricer does not know) builds the roster up
# to this size: staff × days × shifts, and days (a CP-SAT pricing model grows with the horizon: on 14
# (42 days) and 16 (56) the root relaxation did not converge in half of 60 s, on 18 (84) a first
# pricing took over 2 s). With DP pricing, ``colgen.PRICING_WORK_LIMIT`` decides.
COLUMNS_MAX_VARS = 17_000
COLUMNS_MAX_DAYS = 28
COLUMNS_SHARE = 0.9  # at most this share of the limit for column generation and its dive
BEST_RESPONSE_SHARE = 0.3  # share of the rest for best responses after construction (when the DP prices all)
PAIRS = 1  # long horizons: first try the neediest type with a filler type (0: one type only)
PAIR_LIMIT = 0.5  # seconds at most for such a two-type employee model


def cover_family(ctx: RosterContext, rules: list[Rule]) -> bool:
    """The rule set column generation is exact for: wishes and one weighted cover are the only soft rules."""
    return columns_apply(ctx, rules)


def first_roster(ctx: RosterContext, rules: list[Rule], started: float, time_limit: float, seed: int,
                 log: list[str]) -> tuple[Plan | None, int | None]:
    """A lawful roster and a lower bound on its penalty (when proven) for a ``cover_family`` rule set.

    Column generation, a dive and best responses (``colgen.py``, at most ``COLUMNS_SHARE``) when its
    pricing fits: by DP up to ``colgen.PRICING_WORK_LIMIT``, by CP-SAT up to ``COLUMNS_MAX_VARS`` cells
    and ``COLUMNS_MAX_DAYS`` days. Larger ones, or when it finds nothing: ``construct``, then best
    responses by DP pricing while they gain (``BEST_RESPONSE_SHARE``)."""
    deadline = started + time_limit
    n_vars = len(ctx.employees) * ctx.n * len(ctx.shifts)
    small = n_vars <= COLUMNS_MAX_VARS and ctx.n <= COLUMNS_MAX_DAYS
    plan, bound = None, None
    if small or dp_applies(ctx, rules):
        plan, bound = solve_by_columns(ctx, rules, started + COLUMNS_SHARE * time_limit, seed, log)
    if plan is None:
        plan = construct(ctx, rules, started + CONSTRUCTION_SHARE * time_limit, deadline, seed, log)
        if plan is not None and BEST_RESPONSE_SHARE > 0:
            plan = improve_by_best_responses(
                ctx, rules, plan, time.monotonic() + BEST_RESPONSE_SHARE * (deadline - time.monotonic()), seed, log)
    return plan, bound


def _rule(rules: list[Rule], kind: type[R]) -> R | None:
    return next((r for r in rules if isinstance(r, kind)), None)


class _Limits:
    """What construction reads of one employee's contract rules (absent rules: no limit)."""

    def __init__(self, ctx: RosterContext, rules: list[Rule]):
        self.ctx = ctx
        successions = _rule(rules, ForbiddenSuccessions)
        self.banned = successions.pairs if successions is not None else frozenset()
        self.type_limits = _rule(rules, ShiftTypeLimits)
        self.minutes = _rule(rules, TotalMinutes)

    def max_shifts(self, who: str, code: str) -> int:
        limits = self.type_limits.limits.get(who, {}) if self.type_limits is not None else {}
        return limits.get(code, self.ctx.n)

    def min_minutes(self, who: str) -> int:
        return self.minutes.bounds.get(who, (0, 0))[0] if self.minutes is not None else 0

    def usable(self, who: str) -> list[str]:
        """The shift types ``who`` could work alone all period: may follow themselves, enough of them."""
        return [code for code, s in self.ctx.shifts.items()
                if (code, code) not in self.banned
                and self.max_shifts(who, code) * s.work_minutes >= self.min_minutes(who)]

    def neediest(self, who: str, demand: dict[str, int]) -> str | None:
        """The shift type with the most uncovered demand that ``who`` can work day after day and often
        enough to reach the minimum minutes (a one-type roster is then nearly always lawful)."""
        usable = self.usable(who)
        return max(usable, key=lambda s: demand.get(s, 0)) if usable else None

    def neediest_pair(self, who: str, demand: dict[str, int], filler: str | None) -> tuple[str, str] | None:
        """(the type with the most uncovered demand that ``who`` may work at all, ``filler`` — the
        ``neediest`` type — to make up the minutes), when the first is needed more than the filler."""
        allowed = [code for code in self.ctx.shifts if self.max_shifts(who, code) > 0]
        if filler is None or not allowed:
            return None
        first = max(allowed, key=lambda s: demand.get(s, 0))
        if first == filler or demand.get(first, 0) <= demand.get(filler, 0):
            return None
        return first, filler


def _employee_model(ctx: RosterContext, rules: list[Rule], forbidden: set[tuple[str, int, str]], who: str,
                    plan: Plan, *, with_penalty: bool) -> RosterModel:
    """``who``'s model with everyone else's roster as constants (the penalty, or hard rules only)."""
    m = RosterModel(ctx, forbidden, active={who}, fixed=plan)
    for rule in rules:
        if rule.applies(ctx) and (rule.hard or with_penalty):
            rule.add_to_model(m)
    if with_penalty:
        m.model.minimize(m.objective())
    return m


def construct(ctx: RosterContext, rules: list[Rule], deadline: float, hard_deadline: float, seed: int,
              log: list[str]) -> Plan | None:
    """A lawful roster, one employee at a time with everyone else fixed.

    Short horizons: each employee's model holds the whole penalty (cover-aware), within a share
    of the time. Long ones (days × shift types above ``FAST_CONSTRUCTION_ABOVE``): feasibility
    first, the penalty left to the LNS: the type the cover still needs most with a filler type
    that makes up the minutes, as many of the needed type as the rules allow (``PAIRS``: the
    needed type may be one an employee cannot work day after day or often enough, like a 12-hour
    night), else the one type the cover needs most that one employee can work day after day — a
    model of a few hundred variables. Either falls back to the hard rules alone."""
    forbidden_all = {t for rule in rules if rule.applies(ctx) for t in rule.forbidden(ctx)}
    fast = ctx.n * len(ctx.shifts) > FAST_CONSTRUCTION_ABOVE
    limits = _Limits(ctx, rules)
    demand: dict[str, int] = {}
    for row in ctx.demand:
        demand[row.shift] = demand.get(row.shift, 0) + row.required
    plan: Plan = {}
    staff = [e.id for e in ctx.employees]
    for position, who in enumerate(staff):
        share = max((deadline - time.monotonic()) / (len(staff) - position), CONSTRUCTION_STEP_MIN)
        # (extra forbidden shift types, with the penalty, time limit): later ones only if earlier fail
        attempts: list[tuple[tuple[str, ...] | None, bool, float]] = [(None, True, share)]
        if fast:
            # Stops at the first roster, so no share cap: a cut-off here costs a second, larger model.
            single = limits.neediest(who, demand)
            attempts = [((single,) if single else None, False, max(share, FIRST_ROSTER_LIMIT))]
            pair = limits.neediest_pair(who, demand, single) if PAIRS else None
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
                forbidden = forbidden_all | {(who, d, code) for d in range(ctx.n) for code in ctx.shifts
                                             if code not in only}
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
