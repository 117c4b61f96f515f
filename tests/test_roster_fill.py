"""The greedy coverage fill after the lawful construction: it only moves or changes shifts, keeps
every hard rule (the checker judges) and fills open places."""

from __future__ import annotations

import pytest

from bemanning.planning.rostering import build_context, period_for_unit
from bemanning.planning.rostering.budget import Budget
from bemanning.planning.rostering.checker import check_context
from bemanning.planning.rostering.fill import CoverageFill
from bemanning.planning.rostering.rules import default_rules
from bemanning.planning.rostering.solver import SolveOptions, _roster, _Search
from roster_helpers import small_unit


def _constructed(nurses: int, helpers: int, seed: int):  # type: ignore[no-untyped-def]
    unit = small_unit(nurses=nurses, helpers=helpers, weeks=4, pct=(100, 80))
    ctx = build_context(unit, period_for_unit(unit))
    rules = default_rules(unit)
    search = _Search(ctx, rules, SolveOptions(time_limit=10, seed=seed), Budget(wall=10), 10**6)
    search.construct(budget=3.0)  # no fill: fill_budget 0
    return ctx, rules, search.plan


@pytest.mark.parametrize("seed", [0, 1])
def test_fill_keeps_hard_rules_and_never_costs_more(seed: int) -> None:
    ctx, rules, plan = _constructed(nurses=6, helpers=5, seed=seed)
    before = check_context(ctx, _roster(ctx, plan), rules)
    assert before.ok
    filled = CoverageFill(ctx, rules).run(plan, work=20)
    after = check_context(ctx, _roster(ctx, filled), rules)
    assert after.ok, [v.text("en") for v in after.hard]
    assert after.penalty_by_rule().get("coverage", 0) <= before.penalty_by_rule().get("coverage", 0)
    assert after.uncovered_places <= before.uncovered_places
    # Hours are kept: every employee still works within their contract (checked above) and the
    # long shifts are the same in number.
    longs = lambda p: sum(ctx.shifts[c].is_long for days in p.values() for c in days.values())  # noqa: E731
    assert longs(filled) == longs(plan)


def test_fill_fills_open_places_of_the_profile_construction() -> None:
    # The profile patterns ignore demand beyond the week rotation; the fill moves shifts onto open places.
    ctx, rules, plan = _constructed(nurses=8, helpers=6, seed=0)
    before = check_context(ctx, _roster(ctx, plan), rules)
    filled = CoverageFill(ctx, rules).run(plan, work=20)
    after = check_context(ctx, _roster(ctx, filled), rules)
    assert before.uncovered
    assert after.ok
    assert after.uncovered_places < before.uncovered_places
