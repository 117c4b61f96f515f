"""Best response after the lawful construction: each employee (then pairs) re-solved exactly on a
small model of their own with everyone else fixed. It keeps every hard rule (the checker judges
each result), only ever lowers the penalty, and ends in a roster no single employee can improve."""

from __future__ import annotations

import datetime as dt

from bemanning.planning.rostering import build_context, period_for_unit
from bemanning.planning.rostering.budget import Budget
from bemanning.planning.rostering.checker import ComplianceReport, check_context
from bemanning.planning.rostering.rules import UncoveredPlace, default_rules
from bemanning.planning.rostering.solver import SolveOptions, _roster, _Search
from roster_helpers import small_unit


def _search(time_limit: float, nurses: int = 6, helpers: int = 5, weeks: int = 4) -> _Search:
    unit = small_unit(nurses=nurses, helpers=helpers, weeks=weeks, pct=(100, 80))
    ctx = build_context(unit, period_for_unit(unit))
    options = SolveOptions(time_limit=time_limit, seed=0)
    search = _Search(ctx, default_rules(unit), options, Budget(wall=time_limit), 10**6)
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


def test_a_window_step_changes_only_its_days_and_keeps_hard_rules() -> None:
    search = _search(time_limit=20)
    window = {7, 8, 9, 10, 11}
    before = {e: dict(days) for e, days in search.plan.items()}
    everyone = {e.id for e in search.ctx.employees}
    assert search.reoptimise(everyone, 5.0, window)  # the constructed roster leaves places open
    for e in everyone:
        outside = {d: c for d, c in search.plan.get(e, {}).items() if d not in window}
        assert outside == {d: c for d, c in before.get(e, {}).items() if d not in window}, e
    after = check_context(search.ctx, _roster(search.ctx, search.plan), search.rules)
    assert after.ok and after.penalty == search.score


def test_open_place_windows_put_the_safe_minimum_first_with_everyone_who_may_fill() -> None:
    search = _search(time_limit=20)
    ctx = search.ctx
    day = ctx.date_of
    places = [
        UncoveredPlace(date=day(1).isoformat(), shift="D", group="hfa", missing=1, below_minimum=0),
        UncoveredPlace(date=day(9).isoformat(), shift="A", group="spl", missing=1, below_minimum=0),
        UncoveredPlace(date=day(14).isoformat(), shift="D", group="hfa", missing=2, below_minimum=1),
        UncoveredPlace(date=day(20).isoformat(), shift="N", group="spl", missing=1, below_minimum=1),
    ]
    search.report = ComplianceReport(uncovered=places)

    def around(place: UncoveredPlace) -> frozenset[int]:
        day = ctx.index_of(dt.date.fromisoformat(place.date))
        return frozenset(ctx.wrap(d) for d in range(day - 2, day + 3))

    windows = search._open_place_windows(reach=2)
    assert len(windows) == len(places)
    below = [p for p in places if p.below_minimum]
    assert sorted(map(sorted, (days for _, days in windows[: len(below)]))) == sorted(
        map(sorted, map(around, below))
    )
    nurses = {e.id for e in ctx.employees if e.group == "spl"}
    helpers = {e.id for e in ctx.employees if e.group == "hfa"}
    # A nurses' place only nurses may fill; a helpers' place helpers and nurses (ranked above).
    assert sorted(len(who) for who, _ in windows) == sorted(
        len(nurses) if p.group == "spl" else len(nurses | helpers) for p in places
    )
    assert all(who in (nurses, nurses | helpers) for who, _ in windows)


def test_polish_with_a_threshold_ends_before_the_time_and_lawful() -> None:
    search = _search(time_limit=60, nurses=4, helpers=3, weeks=2)
    before = search.score
    search.polish(step=5.0, enough=0.5)
    assert search.remaining() > 1.0  # ended by the threshold
    assert search.report is not None and search.report.ok
    assert search.score < before
