"""One employee's cheapest lawful roster by dynamic programming: the pricing problem of column
generation (``colgen.py``) for the Curtois & Qu rule set, without a CP-SAT model.

Why: CP-SAT prices one employee in ~40 ms on 28 days, but needs over 2 s on the 56–84-day instances
(16–19), which kept column generation off them. The hard rules of these instances concern one
employee's sequence of days, so a shortest path over the days solves pricing in milliseconds:

- *state* of a day: never worked yet, off for j days (j capped at the minimum days off), or
  working a shift of succession class c (types with the same banned successors) for the r-th day
  in a row (r ≤ max consecutive shifts); the state says
  which successions and run lengths are lawful next (``ConsecutiveShifts``, ``MinDaysOff``,
  ``ForbiddenSuccessions``; runs touching either end are exempt from the minimums);
- *resources* carried exactly: minutes worked, in units of the shift lengths' greatest common
  divisor (``TotalMinutes``), and weekends worked (``MaxWeekends``) — or, when that makes the table
  too large (a year's horizon), weekends relaxed like the type limits below;
- max shifts of a type (``ShiftTypeLimits``, when it can bind): carried exactly as a count once a
  roster breaks it, while the counts' values multiply to at most ``TRACK_FACTOR``; otherwise relaxed
  with a Lagrange multiplier found by bisection: the value minus Σ μ·limit is a valid lower bound
  on the cheapest lawful roster, exact when the roster found keeps every limit and every multiplier
  left in use is met with equality.

Every roster returned is lawful by the rule objects (the tests check it against the product
checker and against CP-SAT pricing on random instances).
"""

from __future__ import annotations

import math
from dataclasses import dataclass

import numpy as np
from numba import njit

from bemanning.planning.rostering.context import RosterContext
from bemanning.planning.rostering.rules import AbsenceRule, OneShiftPerDay, Rule
from bemanning.planning.rostering.rules.contracts import (
    ConsecutiveShifts,
    ForbiddenSuccessions,
    MaxWeekends,
    MinDaysOff,
    ShiftTypeLimits,
    TotalMinutes,
    weekend_days,
)

DP_RULES = (OneShiftPerDay, AbsenceRule, ForbiddenSuccessions, ShiftTypeLimits, TotalMinutes,
            ConsecutiveShifts, MinDaysOff, MaxWeekends)
MULTIPLIER_ROUNDS = 16  # Lagrange multiplier updates per pricing at most
BOUND_TOLERANCE = 1e-3  # cost units (a penalty is a whole number): a bound this close is good enough
PROHIBITIVE = 1e7  # a multiplier that makes every relaxed type dearer than any roster's other costs
MAX_CELLS = 20_000_000  # days × states × resource values of one employee's DP table at most (int32)
GAP_SHARE = 0.3  # see ``cheapest`` (Instance12 root 7.0 → 5.5 s, 15 11.4 → 10.5 s, 19 LP at 40 s 3 210 → 3 174)
TRACK_FACTOR = 32  # type limits are carried exactly while their count values multiply to at most this
# Weekends worked are a resource while the table stays this small, else relaxed: instances 1-19 (≤ 2.9 M cells) keep
# them exact; a year's tables (22: 53 M, over MAX_CELLS for 45 of 50 employees; 23, 24: 350-470 M) shrink 27-fold.
WEEKEND_RESOURCE_CELLS = 4_000_000
WEEKENDS = 0  # the key of the weekends limit among the relaxed ones (shift types are 1, 2, …)


def dp_applies(ctx: RosterContext, rules: list[Rule]) -> bool:
    """The DP knows every hard rule of the set."""
    return all(isinstance(r, DP_RULES) for r in rules if r.applies(ctx) and r.hard)


@njit(cache=True, nogil=True)
def _cheapest(cost: np.ndarray, allowed: np.ndarray, succ_ok: np.ndarray, class_of: np.ndarray, units: np.ndarray,
              role: np.ndarray, k_off: int, lo: int, hi: int, max_units: int, low_units: int,
              max_weekends: int, weekend_price: float, track_stride: np.ndarray, track_cap: np.ndarray,
              need: np.ndarray, keep: int) -> tuple[np.ndarray, np.ndarray]:  # pragma: no cover (compiled)
    """Up to ``keep`` cheapest rosters ending in different states: (values, shift index per day, 0 = off).

    cost/allowed: (days, types + 1), column 0 unused; class_of[t]: t's succession class (types with the
    same banned successors share work states); succ_ok: classes × (types + 1); units: minutes per type;
    role[d]: 1 first day of a weekend, 2 its second day (the first inside the period);
    weekend_price ≥ 0: weekends are not a resource but cost this much each (max_weekends unused);
    track_stride[t] > 0: type t's count is a resource (stride in the resource index, ≤ track_cap[t]);
    need[d]: minutes (units) a roster must have after day d to still reach the minimum (others are dropped).
    Only each state's band of resource indices ever reached is scanned.
    Resource index = (minutes × (weekends + 1) + weekends) × counts + Σ count_t × stride_t."""
    n, width = cost.shape
    types = width - 1
    big_k = max(k_off, 1)
    classes = succ_ok.shape[0]
    n_states = 1 + big_k + classes * hi
    counts = 1
    for t in range(1, types + 1):
        if track_stride[t] > 0:
            counts *= track_cap[t] + 1
    w_dim = max_weekends + 1
    m_stride = w_dim * counts
    n_res = (max_units + 1) * m_stride
    inf = np.inf
    value = np.full((n_states, n_res), inf)
    value[0, 0] = 0.0
    first = np.full(n_states, n_res, dtype=np.int64)  # band of resource indices reached, per state
    final = np.full(n_states, -1, dtype=np.int64)
    first[0], final[0] = 0, 0
    pred = np.empty((n, n_states, n_res), dtype=np.int32)  # read only along reached paths
    choice = np.empty((n, n_states, n_res), dtype=np.int8)  # the shift type worked that day (0: off)
    for d in range(n):
        nxt = np.full((n_states, n_res), inf)
        nfirst = np.full(n_states, n_res, dtype=np.int64)
        nfinal = np.full(n_states, -1, dtype=np.int64)
        floor = need[d] * m_stride
        back = pred[d]
        took = choice[d]
        for s in range(n_states):
            if s == 0:
                kind, length, last = 0, 0, 0
            elif s <= big_k:
                kind, length, last = 1, s, 0
            else:
                kind = 2
                last = (s - 1 - big_k) // hi
                length = (s - 1 - big_k) % hi + 1
            for r in range(max(first[s], 0), final[s] + 1):
                v = value[s, r]
                if v == inf:
                    continue
                code = s * n_res + r
                # off today
                if kind == 0:
                    ns = 0
                elif kind == 1:
                    ns = min(length + 1, big_k)
                elif length >= lo or length == d:  # long enough, or the run started on day 0
                    ns = 1
                else:
                    ns = -1
                if ns >= 0 and r >= floor and v < nxt[ns, r]:
                    nxt[ns, r] = v
                    back[ns, r] = code
                    took[ns, r] = 0
                    nfirst[ns] = min(nfirst[ns], r)
                    nfinal[ns] = max(nfinal[ns], r)
                # work today
                if kind == 1 and length < k_off:
                    continue
                m = r // m_stride
                w = (r // counts) % w_dim
                base = r
                extra = 0.0
                if role[d] == 1 or (role[d] == 2 and kind != 2):
                    if weekend_price >= 0:
                        extra = weekend_price
                    elif w + 1 > max_weekends:
                        continue
                    else:
                        base += counts
                for t in range(1, types + 1):
                    if not allowed[d, t]:
                        continue
                    if kind == 2:
                        if length >= hi or not succ_ok[last, t]:
                            continue
                        ns = 1 + big_k + class_of[t] * hi + length
                    else:
                        ns = 1 + big_k + class_of[t] * hi
                    if m + units[t] > max_units:
                        continue
                    nr = base + units[t] * m_stride
                    if track_stride[t] > 0:
                        if (r // track_stride[t]) % (track_cap[t] + 1) >= track_cap[t]:
                            continue
                        nr += track_stride[t]
                    nv = v + cost[d, t] + extra
                    if nr >= floor and nv < nxt[ns, nr]:
                        nxt[ns, nr] = nv
                        back[ns, nr] = code
                        took[ns, nr] = t
                        nfirst[ns] = min(nfirst[ns], nr)
                        nfinal[ns] = max(nfinal[ns], nr)
        value, first, final = nxt, nfirst, nfinal
    # The cheapest end states with enough minutes.
    ends_value = np.full(keep, inf)
    ends_code = np.full(keep, -1, dtype=np.int64)
    for s in range(n_states):
        for r in range(low_units * m_stride, n_res):
            v = value[s, r]
            if v < ends_value[keep - 1]:
                j = keep - 1
                while j > 0 and ends_value[j - 1] > v:
                    ends_value[j] = ends_value[j - 1]
                    ends_code[j] = ends_code[j - 1]
                    j -= 1
                ends_value[j] = v
                ends_code[j] = s * n_res + r
    rosters = np.zeros((keep, n), dtype=np.int64)
    for i in range(keep):
        code = ends_code[i]
        for d in range(n - 1, -1, -1):
            if code < 0:
                break
            s = code // n_res
            if s > big_k:
                rosters[i, d] = choice[d, s, code % n_res]
            code = pred[d, s, code % n_res]
    return ends_value, rosters


@dataclass
class PricingResult:
    rosters: list[dict[int, str]]  # lawful rosters, cheapest first (day → shift)
    costs: list[float]  # their cost Σ cost[d, shift]
    bound: float  # a lower bound on the cheapest lawful roster's cost (−inf: none known)


class RosterDP:
    """One employee's rules as DP tables, built once; ``cheapest`` per cost matrix."""

    def __init__(self, ctx: RosterContext, rules: list[Rule], forbidden: set[tuple[str, int, str]], who: str):
        self.who = who
        self.n = ctx.n
        self.codes = list(ctx.shifts)
        active = [r for r in rules if r.applies(ctx) and r.hard]

        def find(kind: type[Rule]) -> list[Rule]:
            return [r for r in active if isinstance(r, kind)]

        types = len(self.codes)
        self.allowed = np.zeros((self.n, types + 1), dtype=np.bool_)
        for d in range(self.n):
            for t, code in enumerate(self.codes, start=1):
                self.allowed[d, t] = (who, d, code) not in forbidden
        self.succ_ok = np.ones((types + 1, types + 1), dtype=np.bool_)
        index = {code: t for t, code in enumerate(self.codes, start=1)}
        for rule in find(ForbiddenSuccessions):
            for a, b in rule.pairs:  # type: ignore[attr-defined]
                if a in index and b in index:
                    self.succ_ok[index[a], index[b]] = False
        # Types with the same banned successors share their work states (Instance13: 18 types, fewer classes).
        rows: dict[bytes, int] = {}
        self.class_of = np.zeros(types + 1, dtype=np.int64)
        for t in range(1, types + 1):
            self.class_of[t] = rows.setdefault(self.succ_ok[t].tobytes(), len(rows))
        self.succ_class = np.ones((max(len(rows), 1), types + 1), dtype=np.bool_)
        for t in range(1, types + 1):
            self.succ_class[self.class_of[t]] = self.succ_ok[t]
        minutes = [ctx.shifts[c].work_minutes for c in self.codes]
        used = [m for t, m in enumerate(minutes, start=1) if self.allowed[:, t].any()]
        self.unit = math.gcd(*used) if used and math.gcd(*used) > 0 else 1
        self.units = np.array([0] + [m // self.unit for m in minutes], dtype=np.int64)
        low, high = 0, sum(sorted(minutes)[-1:]) * self.n
        for rule in find(TotalMinutes):
            lo_, hi_ = rule.bounds.get(who, (0, high))  # type: ignore[attr-defined]
            low, high = max(low, lo_), min(high, hi_)
        self.low_units, self.max_units = -(-low // self.unit), high // self.unit
        self.lo, self.hi = 0, self.n
        for rule in find(ConsecutiveShifts):
            lo_, hi_ = rule.limits.get(who, (0, self.n))  # type: ignore[attr-defined]
            self.lo, self.hi = max(self.lo, lo_), min(self.hi, hi_)
        self.hi = max(self.hi, 1)
        self.k_off = max([r.limits.get(who, 0) for r in find(MinDaysOff)] or [0])  # type: ignore[attr-defined]
        weekends = weekend_days(ctx)
        limit = min([r.limits.get(who, len(weekends)) for r in find(MaxWeekends)] or [len(weekends)])  # type: ignore[attr-defined]
        self.role = np.zeros(self.n, dtype=np.int64)
        self.max_weekends = 0
        self.weekends = [np.array(days, dtype=np.int64) for days in weekends]
        self.limits: dict[int, int] = {}  # relaxed or tracked limits: shift type index (or WEEKENDS) → cap
        if limit < len(weekends):  # only a limit that can bind is carried as a resource (or relaxed)
            for days in weekends:
                self.role[days[0]] = 1
                if len(days) > 1:
                    self.role[days[1]] = 2
            self.max_weekends = limit
        # Type limits that can bind: relaxed (a multiplier each) or carried exactly; a limit of 0 is a forbidden cell.
        for rule in find(ShiftTypeLimits):
            for code, cap in rule.limits.get(who, {}).items():  # type: ignore[attr-defined]
                if code not in index or cap <= 0:
                    continue
                i = index[code]
                reachable = min(int(self.allowed[:, i].sum()), self.max_units // max(int(self.units[i]), 1))
                if cap < reachable:
                    self.limits[i] = min(cap, self.limits.get(i, cap))
        self.states = 1 + max(self.k_off, 1) + len(self.succ_class) * self.hi
        if self.max_weekends and self._cells([]) > WEEKEND_RESOURCE_CELLS:
            # A year (Instance22-24): weekends worked as a resource make the table too large; relax them too.
            self.limits[WEEKENDS] = self.max_weekends
            self.max_weekends = 0
        self.multipliers = dict.fromkeys(self.limits, 0.0)
        # Minutes a roster needs after day d to reach the minimum: at most hi of any hi + 1 days are worked.
        best_day = [max([int(self.units[t]) for t in range(1, types + 1) if self.allowed[d, t]] or [0])
                    for d in range(self.n)]
        self.need = np.zeros(self.n, dtype=np.int64)
        for d in range(self.n):
            rest = sorted(best_day[d + 1:], reverse=True)
            days_left = len(rest)
            workable = days_left - days_left // (self.hi + 1)
            self.need[d] = max(self.low_units - sum(rest[:workable]), 0)
        self.tracked: list[int] = []  # limits carried exactly (chosen among those relaxing broke)
        self.broken: set[int] = set()
        self.fits = self._cells(self.tracked) <= MAX_CELLS and types <= 127  # a day's type is kept in an int8

    @property
    def work(self) -> int:
        """Table cells × shift types: a pricing's cost, before any limit is carried exactly, counted with
        weekends as a resource even when they are relaxed (a relaxed one needs bisection rounds; with it
        counted smaller, Instance20 took column generation at 600 s: 5117 and 5151 vs 4979 and 5052 by
        construction and LNS)."""
        weekends = self.limits[WEEKENDS] + 1 if WEEKENDS in self.limits else 1
        return self._cells([]) * weekends * len(self.codes)

    def _cells(self, tracked: list[int]) -> int:
        counts = math.prod(self.limits[t] + 1 for t in tracked)
        return self.n * self.states * (self.max_units + 1) * (self.max_weekends + 1) * counts

    def _choose_tracked(self) -> list[int]:
        tracked: list[int] = []
        for t in sorted(self.broken - {WEEKENDS}, key=lambda t: self.limits[t]):
            more = [*tracked, t]
            if self._cells(more) <= MAX_CELLS and math.prod(self.limits[u] + 1 for u in more) <= TRACK_FACTOR:
                tracked = more
        return tracked

    def _solve(self, cost: np.ndarray, mu: dict[int, float], keep: int) -> tuple[np.ndarray, np.ndarray]:
        """The DP with the relaxed limits priced at ``mu``."""
        priced = cost.copy()
        for t, m in mu.items():
            if t != WEEKENDS:
                priced[:, t] += m
        stride = np.zeros(len(self.codes) + 1, dtype=np.int64)
        cap = np.zeros(len(self.codes) + 1, dtype=np.int64)
        step = 1
        for t in self.tracked:
            stride[t], cap[t] = step, self.limits[t]
            step *= self.limits[t] + 1
        return _cheapest(priced, self.allowed, self.succ_class, self.class_of, self.units, self.role, self.k_off,
                         self.lo, self.hi, self.max_units, self.low_units, self.max_weekends,
                         mu.get(WEEKENDS, -1.0) if WEEKENDS in self.limits else -1.0, stride, cap, self.need, keep)

    def _counts(self, row: np.ndarray) -> dict[int, int]:
        """The roster's value of each relaxed or tracked limit."""
        types = np.bincount(row, minlength=len(self.codes) + 1)
        return {t: (sum(bool(row[days].any()) for days in self.weekends) if t == WEEKENDS else int(types[t]))
                for t in self.limits}

    def cheapest(self, cost: np.ndarray, keep: int = 3, enough: float = -math.inf) -> PricingResult:
        """The cheapest lawful rosters for ``cost`` (days × (types + 1), column 0 unused), and a
        lower bound on the cheapest one's cost.

        A relaxed type limit's multiplier is searched by bisection between a price at which the
        cheapest roster still breaks the limit and one at which it keeps it with room to spare.
        It stops early once a lawful roster is below ``enough`` by at least 1 / ``GAP_SHARE`` times
        its distance to the bound (column generation needs a good column, not the best one)."""
        bound = -math.inf
        found: dict[tuple[int, ...], float] = {}
        mu = self.multipliers
        low, high = dict.fromkeys(mu, 0.0), dict.fromkeys(mu, math.inf)
        for _ in range(MULTIPLIER_ROUNDS):
            values, rosters = self._solve(cost, mu, keep)
            if not math.isfinite(values[0]):
                break  # no roster at all (even with the type limits relaxed)
            bound = max(bound, float(values[0]) - sum(m * self.limits[t] for t, m in mu.items()))
            violated = self._collect(cost, values, rosters, found)
            if found and min(found.values()) - bound <= GAP_SHARE * (enough - min(found.values())):
                break
            if not violated:
                counts = self._counts(rosters[0])
                loose = [t for t, m in mu.items() if m > 0 and counts[t] < self.limits[t]]
                if not loose:
                    bound = max(bound, min(found.values()))  # complementary slackness: exact
                    break
                if min(found.values()) - bound <= BOUND_TOLERANCE:
                    break  # the bisection has closed in: the cheapest lawful roster is known
                for t in loose:  # priced too high: the bound is weak and cheaper rosters may be missed
                    high[t] = mu[t]
                    mu[t] = (low[t] + mu[t]) / 2
                continue
            self.broken.update(violated)
            tracked = self._choose_tracked()
            if tracked != self.tracked:
                self.tracked = tracked  # carry the broken limits with the fewest values exactly
                mu = self.multipliers = {t: mu.get(t, 0.0) for t in self.limits if t not in tracked}
                low, high = dict.fromkeys(mu, 0.0), dict.fromkeys(mu, math.inf)
                continue
            for t, extra in violated.items():
                if t in mu:  # too many values to carry exactly
                    low[t] = mu[t]
                    if math.isfinite(high[t]):
                        mu[t] = (mu[t] + high[t]) / 2
                    else:  # the spread of the type's costs per extra shift, doubling
                        cells = cost[:, 1:][self.allowed[:, 1:]] if t == WEEKENDS else cost[self.allowed[:, t], t]
                        spread = float(np.ptp(cells)) if cells.size else 1.0
                        mu[t] = max(2 * mu[t], max(spread, 1e-3) * extra / max(self.limits[t], 1))
        if not found and math.isfinite(bound) and mu:
            # No lawful roster met yet: one with as few shifts of the relaxed types as possible.
            values, rosters = self._solve(cost, dict.fromkeys(mu, PROHIBITIVE), keep)
            self._collect(cost, values, rosters, found)
        ordered = sorted(found.items(), key=lambda item: item[1])[:keep]
        rosters_out = [{d: self.codes[t - 1] for d, t in enumerate(row) if t} for row, _ in ordered]
        return PricingResult(rosters_out, [c for _, c in ordered], bound)

    def _collect(self, cost: np.ndarray, values: np.ndarray, rosters: np.ndarray,
                 found: dict[tuple[int, ...], float]) -> dict[int, int]:
        """Adds the lawful rosters to ``found``; returns the limits the cheapest breaks (type → excess)."""
        violated: dict[int, int] = {}
        for i in range(len(values)):
            if not math.isfinite(values[i]):
                break
            row = rosters[i]
            counts = self._counts(row)
            over = {t: counts[t] - cap for t, cap in self.limits.items() if counts[t] > cap}
            if over:
                if i == 0:
                    violated = over
                continue
            found[tuple(int(x) for x in row)] = float(cost[np.arange(self.n), row].sum())
        return violated
