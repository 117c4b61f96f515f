"""Every Curtois constraint family as a rule object with two faces.

Mirrors the roster engine's rule interface (``planning/rostering/rules/base.py`` on the roster
branch): ``add_to_model(m)`` adds the rule to a CP-SAT (sub)model, ``check(plan)`` checks a
finished roster in plain Python (it is the family's function from the independent checker), and
``forbidden(...)`` lists cells a hard rule rules out before any variable is made.
Soft rules charge the model exactly what ``check`` returns as penalties.
"""

from __future__ import annotations

from collections import Counter
from collections.abc import Callable, Iterable
from dataclasses import dataclass
from typing import ClassVar

from . import curtois_check as chk
from .submodel import Indexed, SubModel


@dataclass
class CurtoisRule:
    ix: Indexed
    code: ClassVar[str] = "rule"
    hard: ClassVar[bool] = True
    checker: ClassVar[str] = ""

    def forbidden(self) -> Iterable[tuple[int, int, int]]:
        return ()

    def add_to_model(self, m: SubModel) -> None:
        raise NotImplementedError

    def check(self, plan: chk.Plan) -> list[chk.Violation]:
        family: Callable[[chk.Plan], list[chk.Violation]] = getattr(chk, self.checker)
        return family(plan)


@dataclass
class OneShiftPerDay(CurtoisRule):
    """Structural: the model has one Boolean per shift and ``Σ x = w ≤ 1`` per cell."""

    code: ClassVar[str] = "one_shift_per_day"
    checker: ClassVar[str] = "check_one_shift_per_day"

    def add_to_model(self, m: SubModel) -> None:
        return None


@dataclass
class DaysOff(CurtoisRule):
    code: ClassVar[str] = "days_off"
    checker: ClassVar[str] = "check_days_off"

    def forbidden(self) -> Iterable[tuple[int, int, int]]:
        ix = self.ix
        for e, employee in enumerate(ix.employees):
            for d in ix.instance.days_off.get(employee, ()):
                for s in range(len(ix.shifts)):
                    yield e, d, s

    def add_to_model(self, m: SubModel) -> None:
        return None  # no variable exists for a day off (Indexed.allowed)


@dataclass
class Successions(CurtoisRule):
    """Per day and group of shifts with the same banned successors: one row, stronger and far
    fewer than pairwise clauses (Instance24: 8 groups for 32 shifts)."""

    code: ClassVar[str] = "succession"
    checker: ClassVar[str] = "check_successions"

    def add_to_model(self, m: SubModel) -> None:
        ix = self.ix
        for e in m.free:
            lo, hi = m.span(e)
            for d in range(max(lo - 1, 0), min(hi, ix.n_days - 2) + 1):
                if not m.is_free(e, d) and not m.is_free(e, d + 1):
                    continue
                # Σ_{A in group} x[d,A] + Σ_{B banned after the group} x[d+1,B] ≤ 1 (one shift a day)
                for firsts, after in ix.succession_groups:
                    m.between([(1, m.shift(e, d, a)) for a in firsts] + [(1, m.shift(e, d + 1, b)) for b in after],
                              None, 1)


@dataclass
class MaxShiftsPerType(CurtoisRule):
    code: ClassVar[str] = "max_shifts"
    checker: ClassVar[str] = "check_max_shifts"

    def add_to_model(self, m: SubModel) -> None:
        ix = self.ix
        for e, days in m.free.items():
            staff = ix.instance.staff[e]
            fixed = Counter(s for d, s in enumerate(m.base[e]) if s >= 0 and not m.is_free(e, d))
            for s, shift in enumerate(ix.shifts):
                limit = staff.max_shifts.get(shift, ix.n_days)
                if 0 < limit < ix.n_days:
                    m.between([(1, m.shift(e, d, s)) for d in days] + [(fixed[s], True)], None, limit)


@dataclass
class TotalMinutes(CurtoisRule):
    code: ClassVar[str] = "total_minutes"
    checker: ClassVar[str] = "check_total_minutes"

    def add_to_model(self, m: SubModel) -> None:
        ix = self.ix
        for e, days in m.free.items():
            staff = ix.instance.staff[e]
            fixed = sum(ix.minutes[s] for d, s in enumerate(m.base[e]) if s >= 0 and not m.is_free(e, d))
            terms = [(ix.minutes[s], m.shift(e, d, s)) for d in days for s in ix.allowed[e][d]]
            m.between(terms + [(fixed, True)], staff.min_total_minutes, staff.max_total_minutes)


@dataclass
class MaxConsecutiveShifts(CurtoisRule):
    """Sliding window: every run of ``k+1`` days holds a day off (days outside the horizon are off)."""

    code: ClassVar[str] = "max_consecutive_shifts"
    checker: ClassVar[str] = "check_max_consecutive_shifts"

    def add_to_model(self, m: SubModel) -> None:
        n = self.ix.n_days
        for e in m.free:
            k = self.ix.instance.staff[e].max_consecutive_shifts
            if k >= n:
                continue
            lo, hi = m.span(e)
            for start in range(max(lo - k, 0), min(hi, n - k - 1) + 1):
                m.between([(1, m.works(e, start + j)) for j in range(k + 1)], None, k)


def _min_run_clauses(m: SubModel, e: int, k: int, working: bool) -> None:
    """A run that starts inside the horizon (day ≥ 1) lasts ``k`` days or reaches the last day.

    For each start d ≥ 1 and 1 ≤ j < k with d + j < n: run starts at d → day d + j is in the run.
    Runs starting at day 0 are not constrained (they touch the start).
    """
    if k <= 1:
        return
    n = m.ix.n_days
    lo, hi = m.span(e)

    def inside(d: int) -> object:
        lit = m.works(e, d)
        return lit if working else m.neg(lit)

    for d in range(max(lo - k + 1, 1), min(hi + 1, n - 1) + 1):
        before, first = inside(d - 1), inside(d)
        for j in range(1, k):
            if d + j > n - 1:
                break
            m.clause([before, m.neg(first), inside(d + j)])  # type: ignore[arg-type, list-item]


@dataclass
class MinConsecutiveShifts(CurtoisRule):
    code: ClassVar[str] = "min_consecutive_shifts"
    checker: ClassVar[str] = "check_min_consecutive_shifts"

    def add_to_model(self, m: SubModel) -> None:
        for e in m.free:
            _min_run_clauses(m, e, self.ix.instance.staff[e].min_consecutive_shifts, working=True)


@dataclass
class MinConsecutiveDaysOff(CurtoisRule):
    code: ClassVar[str] = "min_consecutive_days_off"
    checker: ClassVar[str] = "check_min_consecutive_days_off"

    def add_to_model(self, m: SubModel) -> None:
        for e in m.free:
            _min_run_clauses(m, e, self.ix.instance.staff[e].min_consecutive_days_off, working=False)


@dataclass
class MaxWeekends(CurtoisRule):
    """A weekend indicator per weekend, bounded below by its two days (only the upper limit matters)."""

    code: ClassVar[str] = "max_weekends"
    checker: ClassVar[str] = "check_max_weekends"

    def add_to_model(self, m: SubModel) -> None:
        weekends = self.ix.instance.weekends()
        for e in m.free:
            limit = self.ix.instance.staff[e].max_weekends
            if limit >= len(weekends):
                continue
            terms: list[tuple[int, object]] = []
            for days in weekends:
                lits = [m.works(e, d) for d in days]
                if any(lit is True for lit in lits):
                    terms.append((1, True))
                    continue
                real = [lit for lit in lits if lit is not False]
                if not real:
                    continue
                if len(real) == 1:
                    terms.append((1, real[0]))
                    continue
                worked = m.model.new_bool_var(f"wk{e}_{days[0]}")
                for lit in real:
                    m.model.add_implication(lit, worked)  # type: ignore[arg-type]
                terms.append((1, worked))
            m.between(terms, None, limit)  # type: ignore[arg-type]


@dataclass
class ShiftOnRequests(CurtoisRule):
    code: ClassVar[str] = "shift_on_request"
    hard: ClassVar[bool] = False
    checker: ClassVar[str] = "penalty_on_requests"

    def add_to_model(self, m: SubModel) -> None:
        ix = self.ix
        for r in ix.instance.on_requests:
            lit = m.shift(ix.e_index[r.employee], r.day, ix.s_index[r.shift])
            if isinstance(lit, bool):
                m.charge(r.weight, not lit)
            else:  # w·(1 − x)
                m.offset += r.weight
                m.charge(-r.weight, lit)


@dataclass
class ShiftOffRequests(CurtoisRule):
    code: ClassVar[str] = "shift_off_request"
    hard: ClassVar[bool] = False
    checker: ClassVar[str] = "penalty_off_requests"

    def add_to_model(self, m: SubModel) -> None:
        ix = self.ix
        for r in ix.instance.off_requests:
            m.charge(r.weight, m.shift(ix.e_index[r.employee], r.day, ix.s_index[r.shift]))


@dataclass
class CoverRule(CurtoisRule):
    """Linear cover with exact under/over amounts: n − req = over − under, at most one of them positive."""

    code: ClassVar[str] = "cover"
    hard: ClassVar[bool] = False
    checker: ClassVar[str] = "penalty_cover"

    def add_to_model(self, m: SubModel) -> None:
        ix = self.ix
        fixed: Counter[tuple[int, int]] = Counter()
        free_on_day: dict[int, list[int]] = {}
        for e, row in enumerate(m.base):
            free = m.free_sets.get(e, set())
            for d, s in enumerate(row):
                if d in free:
                    free_on_day.setdefault(d, []).append(e)
                elif s >= 0:
                    fixed[(d, s)] += 1
        for c in ix.instance.cover:
            s = ix.s_index[c.shift]
            variables = [m.x[(e, c.day, s)] for e in free_on_day.get(c.day, ()) if (e, c.day, s) in m.x]
            const = fixed[(c.day, s)]
            if not variables:
                m.offset += (c.under_weight * max(c.requirement - const, 0)
                             + c.over_weight * max(const - c.requirement, 0))
                continue
            count = sum(variables)
            low, high = const - c.requirement, const + len(variables) - c.requirement
            if low >= 0:  # never under: over = n − req
                m.offset += c.over_weight * low
                for v in variables:
                    m.charge(c.over_weight, v)
            elif high <= 0:  # never over: under = req − n
                m.offset += c.under_weight * -low
                for v in variables:
                    m.charge(-c.under_weight, v)
            else:
                under = m.model.new_int_var(0, -low, f"u{c.day}_{s}")
                over = m.model.new_int_var(0, high, f"o{c.day}_{s}")
                short = m.model.new_bool_var(f"b{c.day}_{s}")
                m.model.add(count + const - c.requirement == over - under)
                m.model.add(under == 0).only_enforce_if(short.negated())
                m.model.add(over == 0).only_enforce_if(short)
                m.charge_int(c.under_weight, under)
                m.charge_int(c.over_weight, over)


RULE_TYPES: tuple[type[CurtoisRule], ...] = (
    OneShiftPerDay, DaysOff, Successions, MaxShiftsPerType, TotalMinutes, MaxConsecutiveShifts,
    MinConsecutiveShifts, MinConsecutiveDaysOff, MaxWeekends, ShiftOnRequests, ShiftOffRequests, CoverRule,
)


def rules_for(ix: Indexed) -> list[CurtoisRule]:
    return [cls(ix) for cls in RULE_TYPES]


def check_with_rules(rules: Iterable[CurtoisRule], plan: chk.Plan) -> list[chk.Violation]:
    return [v for rule in rules for v in rule.check(plan)]

