"""A greedy pass that fills open places of a lawful roster: the first step of the engine's
cover-first phase (``_Search.cover_first``), before the exact re-solves around open places.

For each open place (costliest first), a move either changes the shift of someone of a group
that may fill it who works another shift that day, or moves one of the shifts of someone off
that day onto it. Only moves that keep the long-shift count (a whole-unit rule) and the contract
hours within tolerance are tried, best coverage gain first. A move is kept when the employee's
own rules (the checker's rule objects on that employee alone) stay lawful and their soft
penalty grows less than the coverage gained. The independent checker judges the finished
roster, so a miss here costs time, never a wrong answer.
"""

from __future__ import annotations

import dataclasses
from collections import defaultdict

from .context import RosterContext
from .rules import Rule
from .rules.coverage import chains, demand_by_shift, fill
from .view import RosterView

Plan = dict[str, dict[int, str]]

# Rules that look at the whole unit: the fill pass scores their main part (coverage) itself.
_UNIT_RULES = {"coverage", "over_coverage", "skill_mix", "fairness", "long_shift_share"}


class _OneView(RosterView):
    """A roster view holding one employee's shifts only (the others look empty)."""

    def __init__(self, ctx: RosterContext, employee: str, days: dict[int, str]):
        self.ctx = ctx
        self.plan = defaultdict(dict, {employee: dict(days)})
        self.duplicates = []
        self.outside = []
        self.employee = employee

    def employees(self) -> list[str]:
        return [self.employee]


class CoverageFill:
    tries = 24  # candidate moves checked per open slot and pass: the best by coverage first
    # What one employee check costs in work units (CP-SAT deterministic seconds): about 1 ms of
    # Python against about 2 s per work unit on this machine (docs/benchmarks/roster.md), so the
    # greedy pass is charged to the same budget as the solver calls, and stops at the same point on
    # an idle or a busy machine.
    work_per_check = 0.0005

    def __init__(self, ctx: RosterContext, rules: list[Rule]):
        self.ctx = ctx
        self.rules = [r for r in rules if r.applies(ctx) and r.code not in _UNIT_RULES]
        cover = next((r for r in rules if r.code == "coverage"), None)
        self.active = cover is not None
        self.weight = cover.weight if cover is not None else 0
        self.minimum_weight = getattr(cover, "minimum_weight", 0)
        self.group_of = {e.id: e.group for e in ctx.employees}
        self.demand = demand_by_shift(ctx)
        self.chains = chains(ctx)
        self._alone: dict[str, RosterContext] = {}
        self.checks = 0  # employee checks made (the pass's deterministic cost)

    def alone(self, who: str) -> RosterContext:
        """The context with this employee only (rules that loop over all staff see one), own memo."""
        if who not in self._alone:
            me = [e for e in self.ctx.employees if e.id == who]
            self._alone[who] = dataclasses.replace(self.ctx, employees=me, cache={})
        return self._alone[who]

    def employee_cost(self, who: str, days: dict[int, str], skip: frozenset[str] = frozenset()) -> float | None:
        """The employee's own soft penalty, or None when one of their hard rules (but ``skip``) breaks."""
        self.checks += 1
        view = _OneView(self.alone(who), who, days)
        total = 0
        for i, rule in enumerate(self.rules):
            if rule.code in skip:
                continue
            for v in rule.check(view):
                if v.employee != who:
                    continue
                if v.hard:
                    # The rule that breaks goes first next time: most moves fail on a few rules.
                    self.rules.insert(0, self.rules.pop(i))
                    return None
                total += v.penalty
        return total

    def _heads(self, plan: Plan) -> dict[tuple[int, str], dict[str, int]]:
        """Workers per (day, shift) and group in ``plan``."""
        heads: dict[tuple[int, str], dict[str, int]] = defaultdict(lambda: defaultdict(int))
        for who, days in plan.items():
            for d, c in days.items():
                heads[(d, c)][self.group_of[who]] += 1
        return heads

    def slot_cost(self, heads: dict[str, int], day: int, shift: str) -> int:
        wanted = self.demand.get((day, shift))
        if not wanted:
            return 0
        cost = 0
        for chain in self.chains:
            short = fill(chain, heads, {g: v[0] for g, v in wanted.items()})
            low = fill(chain, heads, {g: v[1] for g, v in wanted.items()})
            cost += self.weight * sum(short.values()) + (self.minimum_weight) * sum(low.values())
        return cost

    def run(self, plan: Plan, work: float) -> Plan:
        """``plan`` with open places filled, within ``work`` work units (``work_per_check`` each
        employee check; the input is not changed)."""
        ctx = self.ctx
        if not self.active:
            return plan
        max_checks = self.checks + max(int(work / self.work_per_check), 1)
        plan = {e: dict(days) for e, days in plan.items()}
        heads = self._heads(plan)
        long = {c: s.is_long for c, s in ctx.shifts.items()}
        own = {e.id: self.employee_cost(e.id, plan.get(e.id, {})) for e in ctx.employees}
        # Contract hours, checked before the rules: most moves between shifts of different length fail it.
        minutes = {c: s.work_minutes for c, s in ctx.shifts.items()}
        worked = {e.id: sum(minutes[c] for c in plan.get(e.id, {}).values()) for e in ctx.employees}
        bounds = {e.id: ctx.contract_minutes(e)[:2] for e in ctx.employees}
        # Coverage cost of a slot, and its change when one of a group comes or goes; cached per
        # slot and dropped when a move changes the slot's heads.
        cache: dict[tuple[int, str], dict[tuple[str, int], int]] = defaultdict(dict)

        def delta(slot: tuple[int, str], group: str, change: int) -> int:
            known = cache[slot]
            if (group, change) not in known:
                if ("", 0) not in known:
                    known[("", 0)] = self.slot_cost(heads[slot], *slot)
                h = dict(heads[slot])
                h[group] = h.get(group, 0) + change
                known[(group, change)] = self.slot_cost(h, *slot) - known[("", 0)]
            return known[(group, change)]

        def current(slot: tuple[int, str]) -> int:
            return delta(slot, "", 0) if ("", 0) in cache[slot] else self._base(cache, heads, slot)

        improved = True
        while improved and self.checks < max_checks:
            improved = False
            open_slots = sorted(
                (slot for slot in self.demand if current(slot) > 0), key=lambda slot: -current(slot)
            )
            for slot in open_slots:
                if self.checks >= max_checks:
                    break
                day, shift = slot
                if current(slot) <= 0:
                    continue
                candidates = []
                for emp in ctx.employees:
                    days = plan.get(emp.id, {})
                    if days.get(day) == shift or own.get(emp.id) is None:
                        continue
                    if ctx.absent_during(emp.id, day, shift):
                        continue  # never someone absent, even when the absence rule is soft
                    gain = -delta(slot, emp.group, +1)
                    if gain <= 0:
                        continue
                    # Working that day: change the shift; off: move a shift from another day.
                    sources = [(day, days[day])] if day in days else list(days.items())
                    for d_from, c_from in sources:
                        if long[c_from] != long[shift]:
                            continue  # the long-shift share is a whole-unit rule
                        low, high = bounds[emp.id]
                        if not low <= worked[emp.id] - minutes[c_from] + minutes[shift] <= high:
                            continue
                        net = delta((d_from, c_from), emp.group, -1) - gain
                        if net < 0:
                            candidates.append((net, emp.id, d_from, c_from))
                candidates.sort()
                for net, who, d_from, c_from in candidates[: self.tries]:
                    days = dict(plan[who])
                    del days[d_from]
                    days[day] = shift
                    mine = self.employee_cost(who, days)
                    before = own[who]
                    if mine is None or before is None or net + (mine - before) >= 0:
                        continue
                    group = self.group_of[who]
                    heads[(d_from, c_from)][group] -= 1
                    heads[slot][group] += 1
                    cache.pop((d_from, c_from), None)
                    cache.pop(slot, None)
                    plan[who], own[who] = days, mine
                    worked[who] += minutes[shift] - minutes[c_from]
                    improved = True
                    break
        return plan

    def balance_hours(self, plan: Plan) -> Plan:
        """``plan`` with everyone's planned hours brought inside their contract tolerance in each
        settlement period, where one shift at a time can do it: a shift added on the place that
        needs it most, or taken off the one that needs it least, each kept only when the employee's
        other rules stay lawful (a rolled-out base roster cut by a vacation lands a shift or two
        off). What this cannot mend is left to the caller (the input is not changed)."""
        ctx = self.ctx
        plan = {e: dict(days) for e, days in plan.items()}
        heads = self._heads(plan)
        minutes = {c: s.work_minutes for c, s in ctx.shifts.items()}
        skip = frozenset({"contract_hours"})

        def change(slot: tuple[int, str], group: str, by: int) -> int:
            """Coverage cost after one of ``group`` comes (+1) or goes (-1), less the cost now."""
            h = dict(heads[slot])
            h[group] = h.get(group, 0) + by
            return self.slot_cost(h, *slot) - self.slot_cost(heads[slot], *slot)

        for e in ctx.employees:
            days = plan.setdefault(e.id, {})
            for period in ctx.contract_periods():
                low, high, _ = ctx.contract_minutes_in(e, period)
                total = sum(minutes[c] for d, c in days.items() if d in period)
                while not low <= total <= high:
                    short = total < low
                    if short:
                        moves = [(change((d, c), e.group, +1), d, c) for d in period if d not in days
                                 for c in ctx.shifts if total + minutes[c] <= high
                                 and not ctx.absent_during(e.id, d, c)]
                    else:
                        moves = [(change((d, c), e.group, -1), d, c) for d, c in days.items()
                                 if d in period and total - minutes[c] >= low]
                    for _, d, c in sorted(moves)[: self.tries]:
                        trial = dict(days)
                        if short:
                            trial[d] = c
                        else:
                            del trial[d]
                        if self.employee_cost(e.id, trial, skip) is not None:
                            days = plan[e.id] = trial
                            heads[(d, c)][e.group] += 1 if short else -1
                            total += minutes[c] if short else -minutes[c]
                            break
                    else:
                        break  # no single shift mends it: left to the caller
        return plan

    def _base(
        self,
        cache: dict[tuple[int, str], dict[tuple[str, int], int]],
        heads: dict[tuple[int, str], dict[str, int]],
        slot: tuple[int, str],
    ) -> int:
        cache[slot][("", 0)] = value = self.slot_cost(heads[slot], *slot)
        return value
