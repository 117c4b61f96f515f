"""Per-employee contract limits and per-shift cover weights, as rule objects with two faces.

The hospital catalogue reads its numbers from the unit's rule set, one value for everyone. These
rules carry their numbers per employee (or per cover row) on the rule object itself, so the same
engine can plan instances whose staff have individual contracts (the Curtois & Qu benchmark):
max shifts per type, min/max total minutes, min/max consecutive working days, min consecutive
days off, max worked weekends, forbidden shift successions and weighted cover.

Conventions (calendar mode, no history): the days before and after the period are off, so a
run touching either end of the period is not held to a minimum length, and the maximum counts
a run from day 0 in full.
"""

from __future__ import annotations

from collections import Counter
from collections.abc import Iterable, Mapping
from dataclasses import dataclass, field
from typing import ClassVar

from bemanning.i18n import register

from ..context import RosterContext
from ..model_builder import Lit, RosterModel
from ..view import RosterView
from .base import Rule, Violation

_TEXTS: dict[str, tuple[str, str, str, str]] = {
    "forbidden_succession": (
        "Forbudt vaktrekkefølge", "Forbidden shift succession",
        "{employee} har {first} etterfulgt av {second} ({dates})",
        "{employee} works {first} followed by {second} ({dates})",
    ),
    "shift_type_limit": (
        "Maks antall vakter av en type", "Max shifts of a type",
        "{employee} har {count} {shift}-vakter, maks {limit}",
        "{employee} has {count} {shift} shifts, at most {limit}",
    ),
    "total_minutes": (
        "Arbeidstid i perioden", "Working time in the period",
        "{employee} har {minutes} min, tillatt {low}–{high}",
        "{employee} works {minutes} min, allowed {low}–{high}",
    ),
    "consecutive_shifts": (
        "Vakter på rad", "Consecutive shifts",
        "{employee} har {length:p:vakt|vakter} på rad ({dates}), tillatt {low}–{high}",
        "{employee} works {length:p:shift|shifts} in a row ({dates}), allowed {low}–{high}",
    ),
    "min_days_off": (
        "Fridager på rad", "Consecutive days off",
        "{employee} har bare {length} fridager på rad ({dates}), minst {limit}",
        "{employee} has only {length:p:day|days} off in a row ({dates}), at least {limit}",
    ),
    "max_weekends": (
        "Helger i arbeid", "Weekends worked",
        "{employee} arbeider {count} helger, maks {limit}",
        "{employee} works {count} weekends, at most {limit}",
    ),
    "weighted_cover": (
        "Bemanning per vakt", "Cover per shift",
        "{shift} {dates}: {heads} på vakt, behov {required}",
        "{shift} {dates}: {heads} on duty, {required} required",
    ),
}
register(
    {
        key: {"no": texts[i], "en": texts[i + 1]}
        for code, texts in _TEXTS.items()
        for key, i in ((f"rule_{code}", 0), (f"viol_{code}", 2))
    }
)


def _runs(view: RosterView, employee: str, working: bool) -> list[tuple[int, int]]:
    """(first day, length) of every maximal run of working (or free) days inside the period."""
    out: list[tuple[int, int]] = []
    start = None
    for d in range(view.ctx.n + 1):
        inside = d < view.ctx.n and view.works(employee, d) == working
        if inside and start is None:
            start = d
        elif not inside and start is not None:
            out.append((start, d - start))
            start = None
    return out


def _min_run(rule: Rule, m: RosterModel, employee: str, k: int, working: bool) -> None:
    """A run starting on day d ≥ 1 lasts ``k`` days or reaches the last day of the period.

    Only the clauses that touch a day with variables (days d−1 … d+k−1 near the free span)."""
    n = m.ctx.n
    span = m.span(employee)
    if k <= 1 or span is None:
        return
    lo, hi = span

    def inside(d: int) -> Lit:
        lit = m.works(employee, d)
        return lit if working else m.neg(lit)

    for d in range(max(lo - k + 1, 1), min(hi + 1, n - 2) + 1):
        before, first = inside(d - 1), inside(d)
        for j in range(1, min(k, n - d)):
            m.clause(rule, [before, m.neg(first), inside(d + j)], name=f"{employee}_{d}_{j}")


def _fixed_and_free(m: RosterModel, employee: str) -> tuple[dict[int, str], list[tuple[int, str, Lit]]]:
    """An employee's constant days and the variables of the others."""
    return m.fixed_plan(employee), m.by_employee.get(employee, [])


@dataclass
class ForbiddenSuccessions(Rule):
    """Shift ``b`` may not start the day after shift ``a`` for every (a, b) in ``pairs``."""

    pairs: frozenset[tuple[str, str]] = frozenset()
    code: ClassVar[str] = "forbidden_succession"

    def groups(self) -> list[tuple[list[str], list[str]]]:
        """Shifts with the same banned successors, with those successors (one row per group)."""
        after: dict[str, set[str]] = {}
        for a, b in self.pairs:
            after.setdefault(a, set()).add(b)
        grouped: dict[tuple[str, ...], list[str]] = {}
        for a, bs in sorted(after.items()):
            grouped.setdefault(tuple(sorted(bs)), []).append(a)
        return [(firsts, list(bs)) for bs, firsts in grouped.items()]

    def add_to_model(self, m: RosterModel) -> None:
        n = m.ctx.n
        groups = self.groups()
        for e in m.employees:
            span = m.span(e.id)
            if span is None:
                continue
            days = range(max(span[0] - 1, 0), min(span[1], n - 2) + 2)
            # Each day's possible shifts as literals, looked up once (32 shifts × 8 groups a day).
            lits = {d: {c: lit for c in m.ctx.shifts if (lit := m.shift(e.id, d, c)) is not False} for d in days}
            for d in days[:-1]:
                if not (m.is_free(e.id, d) or m.is_free(e.id, d + 1)):
                    continue
                today, tomorrow = lits[d], lits[d + 1]
                for firsts, banned in groups:
                    # Σ x[d,a] + Σ x[d+1,b] ≤ 1 over a group: each day has one shift at most, so
                    # this is every pair at once, in one row (Instance24: 8 rows a day, not 32 × 28).
                    terms = [(1, today[a]) for a in firsts if a in today]
                    terms += [(1, tomorrow[b]) for b in banned if b in tomorrow]
                    if len(terms) > 1:
                        m.at_most(self, terms, 1, name=f"{e.id}_{d}_{firsts[0]}")

    def check(self, view: RosterView) -> list[Violation]:
        out = []
        for e in view.employees():
            for d in range(view.ctx.n - 1):
                pair = (view.shift(e, d), view.shift(e, d + 1))
                if pair in self.pairs:
                    out.append(self.violation(view, e, [d, d + 1], first=pair[0], second=pair[1]))
        return out


@dataclass
class ShiftTypeLimits(Rule):
    """At most ``limits[employee][shift]`` shifts of that type in the period (0: never)."""

    limits: Mapping[str, Mapping[str, int]] = field(default_factory=dict)
    code: ClassVar[str] = "shift_type_limit"

    def forbidden(self, ctx: RosterContext) -> Iterable[tuple[str, int, str]]:
        if not self.hard:
            return
        for e in ctx.employees:
            for code, limit in self.limits.get(e.id, {}).items():
                if limit <= 0:
                    yield from ((e.id, d, code) for d in range(ctx.n))

    def add_to_model(self, m: RosterModel) -> None:
        for e in m.employees:
            fixed, free = _fixed_and_free(m, e.id)
            constant = Counter(fixed.values())
            variables: dict[str, list[tuple[int, Lit]]] = {}
            for _, c, var in free:
                variables.setdefault(c, []).append((1, var))
            for code, limit in self.limits.get(e.id, {}).items():
                if limit < m.ctx.n:
                    terms = [*variables.get(code, []), (constant[code], True)]
                    m.at_most(self, terms, limit, name=f"{e.id}_{code}")

    def check(self, view: RosterView) -> list[Violation]:
        out = []
        for e in view.employees():
            counts = Counter(view.plan.get(e, {}).values())
            for code, limit in self.limits.get(e, {}).items():
                if counts[code] > limit:
                    days = [d for d, c in view.plan[e].items() if c == code]
                    out.append(self.violation(view, e, days, amount=counts[code] - limit,
                                              shift=code, count=counts[code], limit=limit))
        return out


@dataclass
class TotalMinutes(Rule):
    """Working minutes of the period within ``bounds[employee] = (low, high)``."""

    bounds: Mapping[str, tuple[int, int]] = field(default_factory=dict)
    code: ClassVar[str] = "total_minutes"

    def add_to_model(self, m: RosterModel) -> None:
        shifts = m.ctx.shifts
        for e in m.employees:
            if e.id not in self.bounds:
                continue
            low, high = self.bounds[e.id]
            fixed, free = _fixed_and_free(m, e.id)
            terms = [(shifts[c].work_minutes, var) for _, c, var in free]
            const = sum(shifts[c].work_minutes for c in fixed.values())
            if self.hard and len(terms) == 0 and not low <= const <= high:
                m.model.add_bool_or([])  # nothing can change it (every shift ruled out): infeasible
                continue
            terms.append((const, True))
            m.at_most(self, terms, high, name=f"{e.id}_hi")
            if low > 0:
                m.at_least(self, terms, low, name=f"{e.id}_lo")

    def check(self, view: RosterView) -> list[Violation]:
        out = []
        for e in view.employees():
            if e not in self.bounds:
                continue
            low, high = self.bounds[e]
            minutes = sum(view.ctx.shifts[c].work_minutes for c in view.plan.get(e, {}).values())
            if not low <= minutes <= high:
                out.append(self.violation(view, e, [], minutes=minutes, low=low, high=high))
        return out


@dataclass
class ConsecutiveShifts(Rule):
    """Runs of working days: at most ``high``; at least ``low`` unless the run touches an end."""

    limits: Mapping[str, tuple[int, int]] = field(default_factory=dict)
    code: ClassVar[str] = "consecutive_shifts"

    def add_to_model(self, m: RosterModel) -> None:
        n = m.ctx.n
        for e in m.employees:
            if e.id not in self.limits:
                continue
            low, high = self.limits[e.id]
            span = m.span(e.id)
            if high < n and span is not None:
                # Every window of high + 1 days holds a day off; only windows over a free day.
                for start in range(max(span[0] - high, 0), min(span[1], n - high - 1) + 1):
                    window = [(1, m.works(e.id, start + j)) for j in range(high + 1)]
                    m.at_most(self, window, high, name=f"{e.id}_{start}")
            _min_run(self, m, e.id, low, working=True)

    def check(self, view: RosterView) -> list[Violation]:
        out = []
        n = view.ctx.n
        for e in view.employees():
            if e not in self.limits:
                continue
            low, high = self.limits[e]
            for start, length in _runs(view, e, working=True):
                inner = start > 0 and start + length < n
                if length > high or (inner and length < low):
                    days = range(start, start + length)
                    out.append(self.violation(view, e, days, length=length, low=low, high=high))
        return out


@dataclass
class MinDaysOff(Rule):
    """Runs of days off last at least ``limits[employee]`` days unless they touch an end."""

    limits: Mapping[str, int] = field(default_factory=dict)
    code: ClassVar[str] = "min_days_off"

    def add_to_model(self, m: RosterModel) -> None:
        for e in m.employees:
            _min_run(self, m, e.id, self.limits.get(e.id, 0), working=False)

    def check(self, view: RosterView) -> list[Violation]:
        out = []
        n = view.ctx.n
        for e in view.employees():
            limit = self.limits.get(e, 0)
            for start, length in _runs(view, e, working=False):
                if start > 0 and start + length < n and length < limit:
                    days = range(start, start + length)
                    out.append(self.violation(view, e, days, length=length, limit=limit))
        return out


def weekend_days(ctx: RosterContext) -> list[tuple[int, ...]]:
    """Saturday and Sunday of each week, clipped to the period (a weekend with either in the plan)."""
    out = []
    for sat, sun in ctx.weekends():
        days = tuple(d for d in (sat, sun) if 0 <= d < ctx.n)
        if days:
            out.append(days)
    return out


@dataclass
class MaxWeekends(Rule):
    """At most ``limits[employee]`` weekends with a shift on Saturday or Sunday."""

    limits: Mapping[str, int] = field(default_factory=dict)
    code: ClassVar[str] = "max_weekends"

    def add_to_model(self, m: RosterModel) -> None:
        weekends = weekend_days(m.ctx)
        for e in m.employees:
            limit = self.limits.get(e.id, len(weekends))
            if limit >= len(weekends):
                continue
            worked = [m.or_of((m.works(e.id, d) for d in days), name=f"wk_{e.id}_{days[0]}")
                      for days in weekends]
            m.at_most(self, [(1, lit) for lit in worked], limit, name=e.id)

    def check(self, view: RosterView) -> list[Violation]:
        out = []
        weekends = weekend_days(view.ctx)
        for e in view.employees():
            limit = self.limits.get(e, len(weekends))
            worked = [days for days in weekends if any(view.works(e, d) for d in days)]
            if len(worked) > limit:
                out.append(self.violation(view, e, [d for days in worked for d in days],
                                          amount=len(worked) - limit, count=len(worked), limit=limit))
        return out


@dataclass(frozen=True)
class CoverTarget:
    day: int
    shift: str
    required: int
    under_weight: int
    over_weight: int


@dataclass
class WeightedCover(Rule):
    """Heads on each (day, shift): ``under_weight`` per missing and ``over_weight`` per extra head."""

    hard: bool = False
    targets: tuple[CoverTarget, ...] = ()
    code: ClassVar[str] = "weighted_cover"

    def relaxed(self, weight: int) -> Rule:
        return self

    def add_to_model(self, m: RosterModel) -> None:
        # Heads per (day, shift) in one pass over the cells, not one pass over the staff per row.
        heads: dict[tuple[int, str], tuple[int, list[Lit]]] = {}
        for e in m.ctx.employees:
            for d, c, var in m.by_employee.get(e.id, ()):
                heads.setdefault((d, c), (0, []))[1].append(var)
            for d, c in m.fixed_plan(e.id).items():
                const, lits = heads.get((d, c), (0, []))
                heads[(d, c)] = (const + 1, lits)
        fixed_penalty = 0
        for i, t in enumerate(self.targets):
            const, lits = heads.get((t.day, t.shift), (0, []))
            name = f"{t.day}_{t.shift}_{i}"
            gap_low, gap_high = const - t.required, const + len(lits) - t.required
            if not lits:
                fixed_penalty += t.over_weight * gap_low if gap_low > 0 else t.under_weight * -gap_low
            elif gap_low >= 0:  # never short: each head above the requirement costs over_weight
                fixed_penalty += t.over_weight * gap_low
                for lit in lits:
                    m.penalize(self, lit, t.over_weight)
            elif gap_high <= 0:  # never over: each head short costs under_weight
                fixed_penalty += t.under_weight * -gap_low
                for lit in lits:
                    m.penalize(self, lit, -t.under_weight)
            else:
                under = m.model.new_int_var(0, -gap_low, f"under_{name}")
                over = m.model.new_int_var(0, gap_high, f"over_{name}")
                m.model.add(sum(lits) + const - t.required == over - under)
                m.penalize(self, under, t.under_weight)
                m.penalize(self, over, t.over_weight)
        if fixed_penalty:
            m.penalize(self, m.model.new_constant(1), fixed_penalty)

    def check(self, view: RosterView) -> list[Violation]:
        heads: Counter[tuple[int, str]] = Counter(
            (d, c) for days in view.plan.values() for d, c in days.items()
        )
        out = []
        for t in self.targets:
            n = heads[(t.day, t.shift)]
            if n == t.required:
                continue
            penalty = t.under_weight * (t.required - n) if n < t.required else t.over_weight * (n - t.required)
            if penalty:
                v = self.violation(view, None, [t.day], shift=t.shift, heads=n, required=t.required)
                out.append(Violation(v.rule, v.hard, v.reference, None, v.dates, v.detail, penalty))
        return out
