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
    shapes = CellNeighbourhoods(STAFF, days, random.Random(seed))
    short = [d for d in short if d < days]
    surplus = [d for d in surplus if d < days]
    for _ in range(3 * len(SHAPES)):
        kind, free = shapes.next(short, surplus)
        assert kind in SHAPES
        assert free and set(free) <= set(STAFF)
        assert all(days_free and days_free <= set(range(days)) for days_free in free.values())
        shapes.solved(kind, optimal=True, gain=1.0, seconds=0.1)


def test_twin_frees_a_short_day_and_a_surplus_day_weeks_apart_for_everyone():
    shapes = CellNeighbourhoods(STAFF, 56, random.Random(3))
    shapes.steps = {s: WARM_UP for s in SHAPES}
    shapes.rate = {s: (1.0 if s == "twin" else 0.0) for s in SHAPES}
    seen = 0
    for _ in range(40):
        kind, free = shapes.next([5], [40])
        if kind != "twin":
            continue
        seen += 1
        assert set(free) == set(STAFF)
        days = next(iter(free.values()))
        assert 5 in days and 40 in days
        assert not set(range(10, 36)) & days  # two windows, not one long one
    assert seen > 20


def test_twin_without_surplus_days_is_a_day_window():
    shapes = CellNeighbourhoods(STAFF, 28, random.Random(1))
    shapes.steps = {s: WARM_UP for s in SHAPES}
    shapes.rate = {s: (1.0 if s == "twin" else 0.0) for s in SHAPES}
    kinds = Counter(shapes.next([3], [])[0] for _ in range(30))
    assert "twin" not in kinds and kinds["days"] > 0


def test_the_draw_follows_the_gain_per_second_after_the_warm_up():
    shapes = CellNeighbourhoods(STAFF, 28, random.Random(7))
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
