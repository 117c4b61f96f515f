"""The fewest open places any lawful roster can leave: a lower bound on the coverage penalty.

Relaxation: per employee only how many shifts of each type they work on weekdays and on weekend
days is chosen, within the planned minutes the contract allows at most (when that rule is hard), at
most one shift on each day the hard rules leave open (a composite shift counted for each place it
covers), and at most 2 × the weekends the weekend rule lets them work (one in every ``nth``:
⌊weekends / nth⌋ in a cycle, where each weekend lies in ``nth`` windows, ⌈weekends / nth⌉ in a
calendar). Places are charged as the coverage rule charges them (nested groups of a competence
chain, required and safe-minimum weights), summed over the days of a class: a sum of per-day
shortfalls is never below the shortfall of the sums, so every lawful roster costs at least this.
Every other rule is left out, which only lowers the bound.

The engine stops closing places when a roster reaches it (the medical demo ward: 18 open places,
reached in a quarter of the first cover step), and the result reports it: those places need more
staff or other rules, not another search.
"""

from __future__ import annotations

import math
from collections import defaultdict
from dataclasses import dataclass

from ortools.sat.python import cp_model

from bemanning.i18n import register as register_messages
from bemanning.planning.rostering.budget import Budget
from bemanning.planning.rostering.context import RosterContext
from bemanning.planning.rostering.rules import Rule
from bemanning.planning.rostering.rules.coverage import Coverage, chains, demand_by_shift
from bemanning.planning.rostering.rules.hours import ContractHours
from bemanning.planning.rostering.rules.weekends import WeekendFrequency

# Work units (or seconds) the bound may take at most, whatever is left of the caller's budget (a
# result reports it even after a search that spent all): it solves in 0.001–0.05 on the test wards.
FLOOR_WORK = 0.5

# What `bemanning solve` and the web's "Lag turnus" say when the floor is above 0.
register_messages(
    {
        "coverage_floor": {
            "no": "Minst {open:p:plass|plasser} står åpne i enhver lovlig turnus med disse ansatte og reglene "
            "({below} under forsvarlig minimum): det krever flere ansatte eller andre regler, ikke lengre søk.",
            "en": "At least {open:p:place|places} stay open in any lawful roster with these staff and rules "
            "({below} below the safe minimum): that needs more staff or other rules, not a longer search.",
        }
    }
)


@dataclass(frozen=True)
class CoverageFloor:
    """What any lawful roster leaves open at least: the coverage penalty, the open places and, of
    those, the places below the safe minimum."""

    penalty: int
    open_places: int
    below_minimum: int


def coverage_floor(ctx: RosterContext, rules: list[Rule], budget: Budget) -> CoverageFloor | None:
    """The bound for ``ctx`` under ``rules``, or None when it was not proved within ``FLOOR_WORK``
    (or there is no coverage rule). One worker: the same answer on any machine."""
    cover = next((r for r in rules if isinstance(r, Coverage) and r.applies(ctx)), None)
    demand = demand_by_shift(ctx)
    if cover is None or not demand:
        return None
    active = [r for r in rules if r.applies(ctx)]
    forbidden: dict[str, set[tuple[int, str]]] = defaultdict(set)
    for rule in active:
        for who, d, c in rule.forbidden(ctx):
            forbidden[who].add((d, c))
    hours_capped = any(isinstance(r, ContractHours) and r.hard for r in active)
    frequency = next((r for r in active if isinstance(r, WeekendFrequency) and r.hard), None)
    weekends = ctx.weekends()
    weekend = {d for pair in weekends for d in pair}
    classes = sorted({(c, d in weekend) for d, c in demand})
    m = cp_model.CpModel()
    # Shift types worked, per (type, weekend?): a demanded type or a composite one covering some.
    worked = sorted({(c, w) for c in ctx.shifts for t, w in classes if t in ctx.counted_as(c)})
    count: dict[tuple[str, tuple[str, bool]], cp_model.IntVar] = {}
    for e in ctx.employees:
        for k in worked:
            code, at_weekend = k
            days = sum(
                1 for d in range(ctx.n)
                if (d in weekend) == at_weekend and (d, code) not in forbidden[e.id]
                and any((d, t) in demand for t in ctx.counted_as(code))
            )
            if days:
                count[(e.id, k)] = m.new_int_var(0, days, f"n_{e.id}_{code}_{int(at_weekend)}")
        mine = [(var, k) for (who, k), var in count.items() if who == e.id]
        if hours_capped:
            m.add(sum(var * ctx.shifts[k[0]].work_minutes for var, k in mine) <= ctx.contract_minutes(e)[1])
        open_days = {d for d in range(ctx.n) for c in ctx.shifts if (d, c) not in forbidden[e.id]}
        m.add(sum(var for var, _ in mine) <= len(open_days))
        nth = frequency.nth_for(e) if frequency is not None else 1
        if nth > 1:
            most = len(weekends) // nth if ctx.cyclic else math.ceil(len(weekends) / nth)
            m.add(sum(var for var, k in mine if k[1]) <= 2 * most)
    short: dict[int, list[cp_model.IntVar]] = {0: [], 1: []}
    for k in classes:
        for chain in chains(ctx):
            for level in (0, 1):  # required places, safe minimum
                lack = m.new_int_var(0, 10**6, f"lack_{k[0]}_{int(k[1])}_{chain[0]}_{level}")
                for top in range(1, len(chain) + 1):
                    wanted = sum(
                        v[level]
                        for (d, c), groups in demand.items()
                        if (c, d in weekend) == k
                        for g, v in groups.items()
                        if g in chain[:top]
                    )
                    staff = [
                        var
                        for (who, (code, at_weekend)), var in count.items()
                        if k[0] in ctx.counted_as(code) and at_weekend == k[1]
                        and ctx.employee(who).group in chain[:top]
                    ]
                    m.add(lack >= wanted - sum(staff))
                short[level].append(lack)
    # Each figure its own minimum: the fewest open places and the fewest below the safe minimum
    # need not come from the same relaxed roster as the lowest penalty.
    floors = []
    for objective in (
        cover.weight * sum(short[0]) + cover.minimum_weight * sum(short[1]), sum(short[0]), sum(short[1])
    ):
        m.minimize(objective)
        solver = cp_model.CpSolver()
        solver.parameters.num_workers = 1
        budget.limit(solver.parameters, FLOOR_WORK / 3)
        status = solver.solve(m)
        budget.charge(solver, m)
        if status != cp_model.OPTIMAL:
            return None
        floors.append(round(solver.objective_value))
    return CoverageFloor(*floors)
