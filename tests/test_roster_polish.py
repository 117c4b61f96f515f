"""Best response after the lawful construction: each employee (then pairs) re-solved exactly on a
small model of their own with everyone else fixed. It keeps every hard rule (the checker judges
each result), only ever lowers the penalty, and ends in a roster no single employee can improve."""

from __future__ import annotations

import time

from bemanning.planning.rostering import build_context, period_for_unit
from bemanning.planning.rostering.checker import check_context
from bemanning.planning.rostering.rules import default_rules
from bemanning.planning.rostering.solver import SolveOptions, _roster, _Search
from roster_helpers import small_unit


def _search(time_limit: float, nurses: int = 6, helpers: int = 5, weeks: int = 4) -> _Search:
    unit = small_unit(nurses=nurses, helpers=helpers, weeks=weeks, pct=(100, 80))
    ctx = build_context(unit, period_for_unit(unit))
    search = _Search(ctx, default_rules(unit), SolveOptions(time_limit=time_limit, seed=0), time.monotonic(), 10**6)
    search.construct(budget=3.0)
    return search


def test_polish_keeps_hard_rules_and_lowers_the_penalty() -> None:
    search = _search(time_limit=8)
    before = search.score
    assert search.report is not None and search.report.ok and search.report.uncovered
    search.polish(step=2.0)
    after = check_context(search.ctx, _roster(search.ctx, search.plan), search.rules)
    assert after.ok, [v.text("en") for v in after.hard]
    assert after.penalty == search.score < before
    objectives = [p.objective for p in search.timeline]
    assert objectives == sorted(objectives, reverse=True)


def test_polish_ends_where_no_single_employee_can_do_better() -> None:
    search = _search(time_limit=60, nurses=4, helpers=3, weeks=2)
    search.polish(step=5.0)
    assert search.remaining() > 1.0  # stopped because nothing paid, not for the time
    score = search.score
    for e in search.ctx.employees:
        assert not search.reoptimise({e.id}, 5.0), e.id
    assert search.score == score
