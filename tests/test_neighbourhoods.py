"""Cell neighbourhoods of the LNS: valid shapes, the twin window, and the adaptive draw."""

from __future__ import annotations

import random
from collections import Counter

from hypothesis import given, settings
from hypothesis import strategies as st

from bemanning.planning.rostering.neighbourhoods import SHAPES, WARM_UP, CellNeighbourhoods

STAFF = [f"e{i}" for i in range(12)]


@settings(max_examples=60, deadline=None)
@given(days=st.integers(2, 60), seed=st.integers(0, 1000),
       short=st.lists(st.integers(0, 59), max_size=5), surplus=st.lists(st.integers(0, 59), max_size=5))
def test_every_shape_frees_days_inside_the_period_for_known_staff(days, seed, short, surplus):
    weekends = [(sat, sat + 1) for sat in range(-2, days, 7)]  # day 0 a Monday, as in Curtois
    shapes = CellNeighbourhoods(STAFF, days, random.Random(seed), weekends)
    short = [d for d in short if d < days]
    surplus = [d for d in surplus if d < days]
    for _ in range(3 * len(SHAPES)):
        kind, free = shapes.next(short, surplus, STAFF[:3])
        assert kind in SHAPES
        assert free and set(free) <= set(STAFF)
        assert all(days_free and days_free <= set(range(days)) for days_free in free.values())
        shapes.solved(kind, optimal=True, gain=1.0, seconds=0.1)


def _only(shapes: CellNeighbourhoods, shape: str) -> CellNeighbourhoods:
    shapes.steps = {s: WARM_UP for s in SHAPES}
    shapes.rate = {s: (1.0 if s == shape else 0.0) for s in SHAPES}
    return shapes


def _draws(shapes: CellNeighbourhoods, shape: str, short: list[int], surplus: list[int],
           half_weekends: list[str] | None = None) -> list[dict[str, set[int]]]:
    """The free days of the draws of ``shape`` among 40 draws."""
    draws = [shapes.next(short, surplus, half_weekends) for _ in range(40)]
    return [free for kind, free in draws if kind == shape]


def test_twin_frees_a_short_day_and_a_surplus_day_weeks_apart_for_everyone():
    shapes = _only(CellNeighbourhoods(STAFF, 56, random.Random(3)), "twin")
    draws = _draws(shapes, "twin", [5], [40])
    for free in draws:
        assert set(free) == set(STAFF)
        days = next(iter(free.values()))
        assert 5 in days and 40 in days
        assert not set(range(10, 36)) & days  # two windows, not one long one
    assert len(draws) > 20


def test_twin_without_surplus_days_is_a_day_window():
    shapes = _only(CellNeighbourhoods(STAFF, 28, random.Random(1)), "twin")
    kinds = Counter(shapes.next([3], [])[0] for _ in range(30))
    assert "twin" not in kinds and kinds["days"] > 0


def test_the_draw_follows_the_gain_per_second_after_the_warm_up():
    shapes = CellNeighbourhoods(STAFF, 28, random.Random(7), [(5, 6), (12, 13), (19, 20), (26, 27)])
    warm_up = []
    for _ in range(WARM_UP * len(SHAPES)):
        kind, _ = shapes.next([1], [20])
        warm_up.append(kind)
        gain = 100.0 if kind == "employees" else 1.0
        shapes.solved(kind, optimal=True, gain=gain, seconds=1.0)
    assert Counter(warm_up) == {s: WARM_UP for s in SHAPES}
    later: Counter[str] = Counter()
    for _ in range(300):
        kind, _ = shapes.next([1], [20])
        later[kind] += 1
        shapes.solved(kind, optimal=True, gain=100.0 if kind == "employees" else 1.0, seconds=1.0)
    assert later["employees"] > 0.7 * 300
    assert all(later[s] > 0 for s in SHAPES)  # the uniform share keeps every shape in play


def test_weekends_frees_every_weekend_with_friday_and_monday_for_a_few_employees():
    weekends = [(5, 6), (12, 13), (19, 20), (26, 27)]
    shapes = _only(CellNeighbourhoods(STAFF, 28, random.Random(5), weekends), "weekends")
    shapes.cells["weekends"] = 45.0  # 15 days a head: three employees
    draws = _draws(shapes, "weekends", [5], [8])
    for free in draws:
        assert len(free) == 3
        for days in free.values():
            assert days == {4, 5, 6, 7, 11, 12, 13, 14, 18, 19, 20, 21, 25, 26, 27}  # no day 28
    assert len(draws) > 20


def test_weekends_draws_half_of_its_employees_from_those_who_work_half_a_weekend():
    shapes = _only(CellNeighbourhoods(STAFF, 14, random.Random(2), [(5, 6), (12, 13)]), "weekends")
    shapes.cells["weekends"] = 4 * 7.0  # seven days a head: four employees
    halves = ["e10", "e11"]
    for _ in range(30):
        kind, free = shapes.next([5], [8], halves)
        if kind == "weekends":
            assert set(halves) <= set(free) and len(free) == 4


def test_without_weekends_in_the_period_the_weekends_shape_is_never_drawn():
    shapes = CellNeighbourhoods(STAFF, 28, random.Random(1))
    kinds = Counter()
    for _ in range(100):
        kind, _ = shapes.next([3], [9])
        kinds[kind] += 1
        shapes.solved(kind, optimal=True, gain=1.0, seconds=1.0)
    assert "weekends" not in kinds and set(kinds) == set(SHAPES) - {"weekends"}


def test_a_twin_that_cannot_run_still_ends_its_warm_up():
    shapes = CellNeighbourhoods(STAFF, 28, random.Random(4))
    kinds = Counter()
    for _ in range(60):
        kind, _ = shapes.next([3], [])  # no surplus day: no twin possible
        kinds[kind] += 1
        shapes.solved(kind, optimal=True, gain=1.0, seconds=1.0)
    assert kinds["block"] > 5 and kinds["employees"] > 5  # not every draw a twin turned day window


def test_weekends_on_a_long_period_frees_four_weekends_one_of_them_with_an_open_place():
    weekends = [(sat, sat + 1) for sat in range(5, 84, 7)]  # twelve weekends
    shapes = _only(CellNeighbourhoods(STAFF, 84, random.Random(8), weekends), "weekends")
    for _ in range(30):
        kind, free = shapes.next([47], [2])  # day 47: the Saturday of the seventh weekend
        if kind != "weekends":
            continue
        days = next(iter(free.values()))
        assert {46, 47, 48, 49} <= days and len(days) in (15, 16)  # the last weekend has no Monday
        assert all(days == other for other in free.values())
