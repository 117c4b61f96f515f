"""Column generation and a diving heuristic for rosters whose penalty is each employee's wishes
plus weighted cover (the Curtois & Qu instances).

Why: the penalty of the small and mid-size instances is mostly cover shortage at 100 a head that
only a global rearrangement of whole rosters removes; the compact model's linear relaxation
bounds Instance5 at 1 (best known 1143). The relaxation over whole employee rosters (Dantzig-Wolfe)
bounds it at 1141, and fixing rosters that relaxation likes most, one dive step after another,
finds rosters within a few tenths of a percent of the best known (docs/benchmarks/curtois.md).

- A *column* is one employee's lawful roster for the period (a set of (day, shift) cells).
- The *master* LP (GLOP) picks a convex combination of columns per employee to cover the demand,
  with under- and over-cover priced as in ``WeightedCover``.
- *Pricing*: per employee, the roster of least wish cost minus the cover duals: by dynamic
  programming over the days (``dp_pricing.py``), else by the product's one-employee CP-SAT model
  with the hard rules (the same rule objects as every other engine here).
- *Dive*: fix the columns the LP uses (almost) wholly, re-generate columns for the rest, repeat;
  repeated from the root while time allows, the best roster kept. Out of time, a CP-SAT integer
  master over the columns found completes the roster.
- *Best responses*: each employee in turn gets the cheapest lawful roster given the others' (one
  pricing with the cover penalty of one head more as prices), until no employee's roster changes.
"""

from __future__ import annotations

import math
import random
import time
from concurrent.futures import ThreadPoolExecutor
from dataclasses import dataclass, field

import numpy as np
from ortools.linear_solver import pywraplp
from ortools.sat.python import cp_model

from bemanning.planning.rostering.context import RosterContext
from bemanning.planning.rostering.model_builder import RosterModel
from bemanning.planning.rostering.rules import Rule, Wishes
from bemanning.planning.rostering.rules.contracts import CoverTarget, WeightedCover

from .dp_pricing import RosterDP, dp_applies

Cell = tuple[int, str]  # (day, shift)
Column = frozenset[Cell]

DUAL_SCALE = 1_000_000  # pricing objective = round(DUAL_SCALE × reduced cost): CP-SAT wants integers
COLUMNS_PER_PRICING = 3  # improving rosters CP-SAT met on the way are columns too
PRICING_LIMIT = 2.0  # seconds for one employee's pricing model (~20 ms for 28 days × 4 shift types)
FIX_AT = 0.99  # a dive fixes every column the LP uses at least this much (and the largest one)
PRICING_THREADS = 2  # CP-SAT releases the GIL while it solves: two pricings at once on 2 cores
EPSILON = 1e-6
DIVE_PRICING_ROUNDS = 20  # pricing rounds after each fixing step of the dive, at most
DIVE_NOISE = 0.3  # later dives add up to this to the LP weight of a column when ranking (diversity)
DIVE_MARGIN = 1.5  # another dive only while 1.5 × the first dive's time is left
MAX_DIVES = 8
# One pricing round's DP cells × shift types at most (Instance15: 82 M, its root converges in 15 s; 19: 325 M
# and 13: 471 M, roots unfinished at 60 s, yet the dive and best responses start the LNS far better than
# construction: 19 from 38-40 % to 18-25 % over the best known; 20: 1497 M, its LNS path is better at 600 s).
PRICING_WORK_LIMIT = 500_000_000
BEST_RESPONSE_MIN_GAIN = 0.05  # after construction: sweeps go on while each cuts the penalty by this share
# The master changes a little each round: presolving it again does not pay (root ~10 % faster on 12, 15).
GLOP_PARAMETERS = "use_preprocessing: false"
ROOT_SHARE = 0.5  # at most this share of the time for the first relaxation (the rest: the dive)


def applies(ctx: RosterContext, rules: list[Rule]) -> bool:
    """Column generation is exact for this rule set: hard rules each concern one employee, and the
    soft ones are wishes and one weighted cover with one target per (day, shift)."""
    soft = [r for r in rules if r.applies(ctx) and not r.hard]
    covers = [r for r in soft if isinstance(r, WeightedCover)]
    if len(covers) != 1 or not all(isinstance(r, Wishes | WeightedCover) for r in soft):
        return False
    cells = [(t.day, t.shift) for t in covers[0].targets]
    return len(cells) == len(set(cells))  # the master has one cover row per (day, shift)


class Pricer:
    """One employee's pricing problem. By dynamic programming (``dp_pricing.py``) when the DP knows
    every hard rule, else (or when the DP finds no lawful roster) by a one-employee CP-SAT model with
    the hard rules, built once on first use; each call only replaces the objective."""

    def __init__(self, ctx: RosterContext, rules: list[Rule], forbidden: set[tuple[str, int, str]], who: str,
                 wish_weight: int, by_dp: bool = True):
        self.ctx, self.rules, self.forbidden, self.who = ctx, rules, forbidden, who
        # Wish cost of a roster = constant + Σ cell costs over its cells.
        self.constant = 0
        self.cell_cost: dict[Cell, int] = {}
        self.codes = list(ctx.shifts)
        for wish in ctx.wishes:
            if wish.employee != who:
                continue
            weight = wish_weight * wish.weight
            granted_when_worked = wish.want if wish.shift is not None else not wish.want
            if granted_when_worked:  # charged when the cell is not worked
                self.constant += weight
                weight = -weight
            for code in [wish.shift] if wish.shift is not None else self.codes:
                self.cell_cost[(wish.day, code)] = self.cell_cost.get((wish.day, code), 0) + weight
        self.dp = RosterDP(ctx, rules, forbidden, who) if by_dp else None
        if self.dp is not None and not self.dp.fits:
            self.dp = None
        self.index = {code: t for t, code in enumerate(self.codes, start=1)}
        self.base = np.zeros((ctx.n, len(self.codes) + 1))
        for (d, code), value in self.cell_cost.items():
            self.base[d, self.index[code]] = value
        self._model: RosterModel | None = None

    def cost(self, column: Column) -> int:
        return self.constant + sum(self.cell_cost.get(cell, 0) for cell in column)

    def price(self, duals: dict[Cell, float], enough: float = -math.inf) -> tuple[list[Column], float | None]:
        """Rosters of least reduced cost (best first, up to ``COLUMNS_PER_PRICING``), and a lower
        bound on the least cost − Σ duals of a lawful roster (None: none known; needed for a valid bound).
        By DP, a roster well below ``enough`` may end the search before the bound is tight."""
        if self.dp is not None:
            cost = self.base.copy()
            for (d, code), value in duals.items():
                cost[d, self.index[code]] -= value
            found = self.dp.cheapest(cost, COLUMNS_PER_PRICING, enough - self.constant)
            if found.rosters:
                columns = [frozenset(roster.items()) for roster in found.rosters]
                return columns, self.constant + found.bound
            if found.bound == -math.inf:
                return [], None  # not even with the type limits relaxed: no lawful roster
        return self._price_by_model(duals)

    def _price_by_model(self, duals: dict[Cell, float]) -> tuple[list[Column], float | None]:
        if self._model is None:
            self._model = RosterModel(self.ctx, self.forbidden, active={self.who}, fixed={})
            for rule in self.rules:
                if rule.applies(self.ctx) and rule.hard:
                    rule.add_to_model(self._model)
        model = self._model
        cells: dict[Cell, cp_model.IntVar] = {(d, c): var for (_, d, c), var in model.x.items()}
        model.model.minimize(sum(
            round(DUAL_SCALE * (self.cell_cost.get(cell, 0) - duals.get(cell, 0.0))) * var
            for cell, var in cells.items()))
        found: list[Column] = []

        class Collect(cp_model.CpSolverSolutionCallback):
            def on_solution_callback(self) -> None:
                found.append(frozenset(cell for cell, var in cells.items() if self.boolean_value(var)))

        solver = cp_model.CpSolver()
        solver.parameters.num_workers = 1
        solver.parameters.max_time_in_seconds = PRICING_LIMIT
        status = solver.solve(model.model, Collect())
        if status not in (cp_model.OPTIMAL, cp_model.FEASIBLE):
            return [], None
        # Rounding the objective to integers can hide this much per cell worked.
        slack = len(cells) / (2 * DUAL_SCALE)
        return found[::-1][:COLUMNS_PER_PRICING], self.constant + solver.best_objective_bound / DUAL_SCALE - slack


class MasterFailed(RuntimeError):
    """GLOP did not solve the master LP to optimality."""


@dataclass
class _LpSolution:
    value: float
    duals: dict[Cell, float]
    convexity: dict[str, float]
    weights: dict[tuple[str, int], float]  # (employee, column index) → λ


@dataclass
class ColumnGeneration:
    ctx: RosterContext
    rules: list[Rule]
    log: list[str] = field(default_factory=list)

    def __post_init__(self) -> None:
        cover = next(r for r in self.rules if isinstance(r, WeightedCover))
        wishes = next((r for r in self.rules if isinstance(r, Wishes)), None)
        weight = wishes.weight if wishes is not None else 0
        self.targets: dict[Cell, CoverTarget] = {(t.day, t.shift): t for t in cover.targets}
        self.cover_weight = cover.weight
        forbidden = {t for rule in self.rules if rule.applies(self.ctx) for t in rule.forbidden(self.ctx)}
        self.by_dp = dp_applies(self.ctx, self.rules)
        self.pricers = {e.id: Pricer(self.ctx, self.rules, forbidden, e.id, weight, self.by_dp)
                        for e in self.ctx.employees}
        self.columns: dict[str, list[Column]] = {e: [] for e in self.pricers}
        self._known: dict[str, set[Column]] = {e: set() for e in self.pricers}
        self.fixed: dict[str, int] = {}
        self._lp: pywraplp.Solver | None = None
        self._rows: dict[Cell, pywraplp.Constraint] = {}
        self._convexity: dict[str, pywraplp.Constraint] = {}
        self._vars: dict[tuple[str, int], pywraplp.Variable] = {}
        self.bound: float | None = None  # best valid lower bound met (Lagrangian, exact pricing)
        self._pool = ThreadPoolExecutor(PRICING_THREADS)

    # --- the master -----------------------------------------------------------------------
    def add(self, who: str, column: Column) -> bool:
        if column in self._known[who]:
            return False
        self._known[who].add(column)
        self.columns[who].append(column)
        if self._lp is not None:
            self._add_variable(who, len(self.columns[who]) - 1)
        return True

    def fix(self, who: str, k: int) -> None:
        """Employee ``who`` works column ``k``: the LP may use no other of theirs."""
        self.fixed[who] = k
        for j in range(len(self.columns[who])):
            if j != k:
                self._vars[(who, j)].SetUb(0)

    def _build_master(self) -> pywraplp.Solver:
        """The master LP, built once; columns are added to it as they come, so GLOP starts each
        solve from the last basis (rebuilding it per round cost most of the root on Instance12)."""
        lp = pywraplp.Solver.CreateSolver("GLOP")
        lp.SetSolverSpecificParametersAsString(GLOP_PARAMETERS)
        objective = lp.Objective()
        objective.SetMinimization()
        for cell, t in self.targets.items():
            under, over = lp.NumVar(0, lp.infinity(), ""), lp.NumVar(0, lp.infinity(), "")
            row = lp.Constraint(t.required, t.required)
            row.SetCoefficient(under, 1)
            row.SetCoefficient(over, -1)
            objective.SetCoefficient(under, self.cover_weight * t.under_weight)
            objective.SetCoefficient(over, self.cover_weight * t.over_weight)
            self._rows[cell] = row
        self._lp = lp
        for who, columns in self.columns.items():
            self._convexity[who] = lp.Constraint(1, 1)
            for k in range(len(columns)):
                self._add_variable(who, k)
        return lp

    def _add_variable(self, who: str, k: int) -> None:
        assert self._lp is not None
        column = self.columns[who][k]
        var = self._lp.NumVar(0, 0 if who in self.fixed and self.fixed[who] != k else self._lp.infinity(), "")
        self._vars[(who, k)] = var
        self._convexity[who].SetCoefficient(var, 1)
        self._lp.Objective().SetCoefficient(var, self.pricers[who].cost(column))
        for cell in column:
            if cell in self._rows:
                self._rows[cell].SetCoefficient(var, 1)

    def solve_lp(self) -> _LpSolution:
        lp = self._lp if self._lp is not None else self._build_master()
        status = lp.Solve()
        if status != pywraplp.Solver.OPTIMAL:
            # A warm start can end badly after bounds change (seen in the harness on Instance5): rebuild.
            self.log.append(f"column generation: master LP status {status} from the last basis, rebuilt")
            self._lp, self._rows, self._convexity, self._vars = None, {}, {}, {}
            lp = self._build_master()
            status = lp.Solve()
        if status != pywraplp.Solver.OPTIMAL:
            raise MasterFailed(f"master LP not solved to optimality: status {status}")
        weights = {key: var.solution_value() for key, var in self._vars.items()
                   if key[0] not in self.fixed or self.fixed[key[0]] == key[1]}
        return _LpSolution(lp.Objective().Value(), {c: r.dual_value() for c, r in self._rows.items()},
                           {w: c.dual_value() for w, c in self._convexity.items()}, weights)

    def _price(self, who: str, lp: _LpSolution) -> tuple[str, list[Column], float | None]:
        # At the root, a column well below the employee's convexity dual will do; a dive wants the best.
        enough = -math.inf if self.fixed else lp.convexity[who]
        return (who, *self.pricers[who].price(lp.duals, enough))

    def reduced_cost(self, who: str, column: Column, lp: _LpSolution) -> float:
        return self.pricers[who].cost(column) - sum(lp.duals.get(c, 0.0) for c in column) - lp.convexity[who]

    # --- generation -----------------------------------------------------------------------
    def converge(self, deadline: float, rounds: int = 1_000_000) -> _LpSolution:
        """Add columns of negative reduced cost until there are none (or time is up). Employees
        whose last pricing gave a column are priced first; at the root all are priced before
        stopping (and only then is the Lagrangian bound valid)."""
        hot: set[str] = set()
        for _ in range(rounds):
            lp = self.solve_lp()
            if time.monotonic() >= deadline:
                return lp
            free = [w for w in self.pricers if w not in self.fixed]
            partial = [w for w in free if w in hot]
            everyone = len(partial) < max(2, len(free) // 5)
            priced = list(self._pool.map(self._price, free if everyone else partial, [lp] * len(free)))
            hot.clear()
            # The Lagrangian function at the duals: Σ dual × required + each employee's least cost.
            lagrangian = sum(lp.duals[cell] * t.required for cell, t in self.targets.items())
            valid = everyone and not self.fixed
            for who, columns, least in priced:
                valid = valid and least is not None
                if least is not None:
                    lagrangian += least
                for column in columns:
                    if self.reduced_cost(who, column, lp) < -EPSILON and self.add(who, column):
                        hot.add(who)
            if valid:
                self.bound = max(self.bound or -math.inf, lagrangian)
            # In a dive the employees not priced since gave nothing last time: good enough, faster.
            if not hot and (everyone or self.fixed):
                return lp
        return self.solve_lp()

    def relax(self, deadline: float) -> _LpSolution:
        """The root relaxation: columns until none improves (or ``deadline``)."""
        started = time.monotonic()
        lp = self.converge(deadline)
        self.log.append(f"column generation: LP {lp.value:.1f}, bound {self.bound}, "
                        f"{sum(map(len, self.columns.values()))} columns after {time.monotonic() - started:.1f} s")
        return lp

    def dive(self, deadline: float, rng: random.Random | None = None) -> None:
        """Fix columns the LP likes, one round at a time, until every employee has one. With
        ``rng``, the ranking of the columns used in part is shuffled a little (another dive)."""
        lp = self.solve_lp()
        rounds_left = len(self.pricers)  # until a round has been timed
        while len(self.fixed) < len(self.pricers) and time.monotonic() < deadline:
            round_started = time.monotonic()
            ranked = sorted(((v + (rng.uniform(0, DIVE_NOISE) if rng and v < FIX_AT else 0.0), v, key)
                             for key, v in lp.weights.items() if key[0] not in self.fixed), reverse=True)
            # One more employee a round at least; more when the rounds so far leave too few to finish.
            free = len(self.pricers) - len(self.fixed)
            quota = math.ceil(free / max(rounds_left, 1))
            # This round's share of the time: the dive must finish (a root left unfinished re-converges here).
            round_deadline = round_started + (deadline - round_started) * quota / free
            for _, value, (who, k) in ranked:
                if who not in self.fixed and (quota > 0 or value >= FIX_AT):
                    self.fix(who, k)
                    quota -= 1
            lp = self.converge(round_deadline, DIVE_PRICING_ROUNDS)
            seconds = max(time.monotonic() - round_started, 1e-3)
            rounds_left = int((deadline - time.monotonic()) / seconds)

    def unfix(self) -> None:
        """Back to the root: every column usable again (the columns found on the way stay)."""
        self.fixed.clear()
        for var in self._vars.values():
            var.SetUb(pywraplp.Solver.infinity())

    def best_responses(self, plan: dict[str, dict[int, str]], deadline: float, rng: random.Random,
                       min_gain: float = 0.0) -> dict[str, dict[int, str]]:
        """Each employee in turn gets the cheapest lawful roster given everyone else's, until a sweep
        changes none (or time is up): given the others, one more head on a cell changes the cover
        penalty by a fixed amount, so that roster is one pricing with those amounts as prices.
        ``PRICING_THREADS`` employees are priced at once; each result is checked against the roster
        as it is when it is applied (the one before may have changed it) and kept only if better.

        Why: a dive from an unconverged root (Instance19 at 60 s) leaves cover holes that moving
        one cell at a time cannot close under the minutes and run-length rules; a whole roster can.
        ``min_gain`` > 0: also stop after a sweep that cut the penalty by less than that share (then the
        LNS gains faster: Instance22)."""
        plan = {who: dict(days) for who, days in plan.items()}
        heads: dict[Cell, int] = {}
        for days in plan.values():
            for cell in days.items():
                heads[cell] = heads.get(cell, 0) + 1

        def extra(cell: Cell, others: int) -> float:
            """The cover penalty of one head more on ``cell`` when ``others`` work it already."""
            t = self.targets.get(cell)
            if t is None:
                return 0.0
            return self.cover_weight * (t.over_weight if others >= t.required else -t.under_weight)

        def respond(who: str) -> tuple[str, list[Column], Column]:
            own = frozenset(plan[who].items())
            prices = {cell: -extra(cell, heads.get(cell, 0) - (cell in own)) for cell in self.targets}
            pricer = self.pricers[who]
            # A roster well below the current one will do (on a year's horizon the exact one costs seconds).
            enough = pricer.cost(own) - sum(prices[cell] for cell in own if cell in prices)
            return who, pricer.price(prices, enough)[0], own

        def value(who: str, column: Column, own: Column) -> float:
            """Wish cost plus the cover penalty the column adds, given the others' rosters now."""
            return self.pricers[who].cost(column) + sum(extra(cell, heads.get(cell, 0) - (cell in own))
                                                       for cell in column)

        order = [w for w, p in self.pricers.items() if p.dp is not None]
        changed = True
        penalty = self.penalty(plan) if min_gain > 0 else 0
        sweeps = 0
        while changed and time.monotonic() < deadline:
            changed = False
            if min_gain > 0 and sweeps:
                before, penalty = penalty, self.penalty(plan)
                if penalty > (1 - min_gain) * before:
                    break
            sweeps += 1
            rng.shuffle(order)
            for i in range(0, len(order), PRICING_THREADS):
                if time.monotonic() >= deadline:
                    break
                for who, columns, own in list(self._pool.map(respond, order[i:i + PRICING_THREADS])):
                    if columns and value(who, columns[0], own) < value(who, own, own) - EPSILON:
                        for cell in own:
                            heads[cell] -= 1
                        plan[who] = dict(sorted(columns[0]))
                        for cell in columns[0]:
                            heads[cell] = heads.get(cell, 0) + 1
                        self.add(who, columns[0])
                        changed = True
        return plan

    def penalty(self, plan: dict[str, dict[int, str]]) -> int:
        """Wish cost plus weighted cover of a roster made of columns, as the master prices it."""
        heads: dict[Cell, int] = {}
        total = 0
        for who, days in plan.items():
            total += self.pricers[who].cost(frozenset(days.items()))
            for cell in days.items():
                heads[cell] = heads.get(cell, 0) + 1
        for cell, t in self.targets.items():
            n = heads.get(cell, 0)
            under, over = max(t.required - n, 0), max(n - t.required, 0)
            total += self.cover_weight * (t.under_weight * under + t.over_weight * over)
        return total

    def complete(self, limit: float, seed: int) -> dict[str, dict[int, str]]:
        """The best roster over the columns found (fixed ones kept): a small CP-SAT model."""
        m = cp_model.CpModel()
        pick = {(who, k): m.new_bool_var(f"y_{who}_{k}") for who, columns in self.columns.items()
                for k in range(len(columns)) if who not in self.fixed or self.fixed[who] == k}
        heads: dict[Cell, list[cp_model.IntVar]] = {}
        penalty = []
        for who in self.columns:
            m.add_exactly_one(var for (w, _), var in pick.items() if w == who)
        for (who, k), var in pick.items():
            column = self.columns[who][k]
            penalty.append(self.pricers[who].cost(column) * var)
            for cell in column:
                heads.setdefault(cell, []).append(var)
        for cell, t in self.targets.items():
            lits = heads.get(cell, [])
            under = m.new_int_var(0, t.required, "")
            over = m.new_int_var(0, max(len(lits) - t.required, 0), "")
            m.add(sum(lits) - t.required == over - under)
            penalty += [self.cover_weight * t.under_weight * under, self.cover_weight * t.over_weight * over]
        m.minimize(sum(penalty))
        solver = cp_model.CpSolver()
        solver.parameters.max_time_in_seconds = max(limit, 0.01)
        solver.parameters.num_workers = 2
        solver.parameters.random_seed = seed
        if limit > 0 and solver.solve(m) in (cp_model.OPTIMAL, cp_model.FEASIBLE):
            chosen = {who: k for (who, k), var in pick.items() if solver.boolean_value(var)}
        else:  # out of time: each employee's fixed column, else the first (every column is lawful)
            self.log.append("column generation: out of time, fixed or first columns")
            chosen = {who: self.fixed.get(who, 0) for who in self.columns}
        return {who: dict(sorted(self.columns[who][k])) for who, k in chosen.items()}

    def close(self) -> None:
        self._pool.shutdown()


def solve_by_columns(ctx: RosterContext, rules: list[Rule], deadline: float, seed: int,
                     log: list[str]) -> tuple[dict[str, dict[int, str]] | None, int | None]:
    """A lawful roster by column generation and diving (None when an employee's pricing model finds
    no roster: none is lawful, or not within ``PRICING_LIMIT``), and a lower bound on the penalty
    when one was proven."""
    cg = ColumnGeneration(ctx, rules, log)
    try:
        work = sum(p.dp.work for p in cg.pricers.values() if p.dp is not None)
        if cg.by_dp and (work > PRICING_WORK_LIMIT or any(p.dp is None for p in cg.pricers.values())):
            log.append(f"column generation: pricing too large ({work / 1e6:.0f} M DP cells × shift types, "
                       f"or an employee's DP table over the limit), not used")
            return None, None
        for who, pricer in cg.pricers.items():
            columns, _ = pricer.price({})
            if not columns:
                log.append(f"column generation: no roster for employee {who} (none lawful, or not within "
                           f"{PRICING_LIMIT:g} s)")
                return None, None
            cg.add(who, columns[0])
        # The dive needs time to finish; completing the roster from the columns needs a little.
        end = deadline - min(5.0, 0.1 * max(deadline - time.monotonic(), 0.0))
        try:
            cg.relax(time.monotonic() + ROOT_SHARE * (end - time.monotonic()))
            started = time.monotonic()
            cg.dive(end)
        except MasterFailed as error:
            log.append(f"column generation: {error}; not used")
            return None, None
        log.append(f"column generation: {len(cg.fixed)} of {len(cg.pricers)} employees fixed by the dive")
        plan = cg.complete(deadline - time.monotonic(), seed)
        log.append(f"column generation: first dive in {time.monotonic() - started:.1f} s: {cg.penalty(plan)}")
        rng = random.Random(seed)
        plan = cg.best_responses(plan, deadline, rng)
        best, took = cg.penalty(plan), time.monotonic() - started
        log.append(f"column generation: best responses in {took:.1f} s: {best}")
        # Time for more dives (a dive varies a lot: Instance8 1304 to over 1500): from the root, shuffled a little.
        dives = 1
        proven = math.ceil(cg.bound - EPSILON) if cg.bound is not None else None
        while dives < MAX_DIVES and time.monotonic() + DIVE_MARGIN * took < end and (proven is None or best > proven):
            cg.unfix()
            try:
                cg.dive(min(end, time.monotonic() + DIVE_MARGIN * took), rng)
            except MasterFailed as error:
                log.append(f"column generation: {error}; no more dives")
                break
            if len(cg.fixed) < len(cg.pricers):
                break
            other = cg.best_responses(cg.complete(deadline - time.monotonic(), seed), deadline, rng)
            dives += 1
            if cg.penalty(other) < best:
                plan, best = other, cg.penalty(other)
        log.append(f"column generation: best of {dives} dives {best}")
        # Every penalty is a whole number ≥ 0: round up; a bound ≤ 0 says nothing.
        bound = math.ceil(cg.bound - EPSILON) if cg.bound is not None and cg.bound > 0 else None
        return plan, bound
    finally:
        cg.close()


def improve_by_best_responses(ctx: RosterContext, rules: list[Rule], plan: dict[str, dict[int, str]],
                              deadline: float, seed: int, log: list[str]) -> dict[str, dict[int, str]]:
    """``best_responses`` on a roster made another way (a year's horizon: construction), when the DP
    prices every employee; the roster unchanged otherwise."""
    if not (applies(ctx, rules) and dp_applies(ctx, rules)):
        return plan
    cg = ColumnGeneration(ctx, rules, log)
    try:
        if any(p.dp is None for p in cg.pricers.values()):
            log.append("best responses: an employee's DP table is over the limit, not used")
            return plan
        before = cg.penalty(plan)
        started = time.monotonic()
        plan = cg.best_responses(plan, deadline, random.Random(seed), BEST_RESPONSE_MIN_GAIN)
        log.append(f"best responses: {before} → {cg.penalty(plan)} in {time.monotonic() - started:.1f} s")
        return plan
    finally:
        cg.close()
