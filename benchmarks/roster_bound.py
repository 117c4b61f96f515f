"""A lower bound on the coverage penalty of a cyclic roster, to see how far a result is from
optimal coverage (benchmark side; the engine does not use it).

Relaxation: per employee only the number of shifts of each type on weekdays and on weekend days is
chosen, with the planned minutes at most the contract's upper bound, at most one shift per day the
hard rules leave open (a composite shift counted for each place it covers), and at most 2 ×
⌊weekends / nth⌋ weekend shifts (at most one worked weekend in every ``nth`` consecutive ones,
wrapping in a cycle: each weekend lies in ``nth`` windows). Places are charged as the model charges
them (nested groups of a competence chain, required and safe-minimum weights), summed over the days
of a class: a sum of per-day shortfalls is never below the shortfall of the sums, so every lawful
roster costs at least this.
"""

from __future__ import annotations

from collections import defaultdict

from ortools.sat.python import cp_model

from bemanning.planning.rostering.context import RosterContext
from bemanning.planning.rostering.rules import Rule
from bemanning.planning.rostering.rules.coverage import chains, demand_by_shift


def coverage_bound(ctx: RosterContext, rules: list[Rule]) -> tuple[int, int, int]:
    """(penalty, open places, of which below the safe minimum): lower bounds for any lawful roster."""
    if not ctx.cyclic:
        raise ValueError("the weekend cap assumes a cycle")
    cover = next(r for r in rules if r.code == "coverage")
    weights = (cover.weight, getattr(cover, "minimum_weight", 0))
    forbidden: dict[str, set[tuple[int, str]]] = defaultdict(set)
    for rule in rules:
        if rule.applies(ctx):
            for e, d, c in rule.forbidden(ctx):
                forbidden[e].add((d, c))
    demand = demand_by_shift(ctx)
    weekend = {d for pair in ctx.weekends() for d in pair}
    classes = sorted({(c, d in weekend) for d, c in demand})
    frequency = next((r for r in rules if r.code == "weekend_frequency" and r.hard and r.applies(ctx)), None)
    nth = int(ctx.settings.rules.number("weekend_every_nth")) if frequency is not None else 1
    weekend_cap = 2 * (len(ctx.weekends()) // nth)
    m = cp_model.CpModel()
    # Shift types worked, per (type, weekend?): a demanded type or a composite one covering some
    # (a long day L counts for a D and an A place: ``RosterContext.counted_as``).
    worked = sorted({(c, w) for c in ctx.shifts for t, w in classes if t in ctx.counted_as(c)})
    count: dict[tuple[str, tuple[str, bool]], cp_model.IntVar] = {}
    for e in ctx.employees:
        for k in worked:
            code, at_weekend = k
            days = sum(1 for d in range(ctx.n) if (d in weekend) == at_weekend and (d, code) not in forbidden[e.id]
                       and any((d, t) in demand for t in ctx.counted_as(code)))
            if days:
                count[(e.id, k)] = m.new_int_var(0, days, f"n_{e.id}_{k}")
        mine = [(var, ctx.shifts[k[0]].work_minutes, k) for (who, k), var in count.items() if who == e.id]
        m.add(sum(var * minutes for var, minutes, _ in mine) <= ctx.contract_minutes(e)[1])
        open_days = {d for d in range(ctx.n) for c in ctx.shifts if (d, c) not in forbidden[e.id]}
        m.add(sum(var for var, _, _ in mine) <= len(open_days))
        m.add(sum(var for var, _, k in mine if k[1]) <= weekend_cap)
    short: dict[int, list[cp_model.IntVar]] = {0: [], 1: []}
    for k in classes:
        for chain in chains(ctx):
            for level in (0, 1):  # required places, safe minimum
                lack = m.new_int_var(0, 10**6, f"lack_{k}_{chain[0]}_{level}")
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
    m.minimize(weights[0] * sum(short[0]) + weights[1] * sum(short[1]))
    solver = cp_model.CpSolver()
    solver.parameters.num_workers = 2
    solver.parameters.max_time_in_seconds = 60
    if solver.solve(m) != cp_model.OPTIMAL:
        raise RuntimeError("the coverage bound was not proved")
    return (
        round(solver.objective_value),
        sum(solver.value(v) for v in short[0]),
        sum(solver.value(v) for v in short[1]),
    )
