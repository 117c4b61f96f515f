"""Pricing by dynamic programming (``planning/benchmark/dp_pricing.py``): on random one-employee
instances its rosters pass the independent checker, its cheapest equals CP-SAT pricing on the
product's rule objects, and its bound never exceeds the cheapest."""

from __future__ import annotations

import random

import numpy as np
import pytest
from hypothesis import HealthCheck, event, given, settings
from hypothesis import strategies as st

from bemanning.io.curtois import read_curtois
from bemanning.model.curtois import CurtoisInstance, CurtoisShift, Request
from bemanning.planning.benchmark.curtois_check import check_solution
from bemanning.planning.benchmark.product import context_from_curtois, rules_from_curtois
from bemanning.planning.rostering import dp_pricing
from bemanning.planning.rostering.colgen import Cell, Column, Pricer
from bemanning.planning.rostering.rules import Fairness
from test_bench_curtois_check import staff
from test_bench_curtois_cli import DATA, needs_data

SHIFTS = [CurtoisShift("E", 480, ()), CurtoisShift("D", 480, ("E",)), CurtoisShift("N", 600, ("E", "D"))]


@st.composite
def one_employee(draw: st.DrawFn) -> tuple[CurtoisInstance, dict[Cell, float]]:
    days = draw(st.sampled_from([7, 10, 14, 21]))
    person = staff(
        "A", max_shifts={s.id: draw(st.integers(0, days)) for s in SHIFTS},
        max_min=draw(st.integers(1500, 9000)), min_min=draw(st.integers(0, 3000)),
        max_cons=draw(st.integers(1, 6)), min_cons=draw(st.integers(1, 3)), min_off=draw(st.integers(1, 3)),
        max_weekends=draw(st.integers(0, 3)))
    cells = st.tuples(st.just("A"), st.integers(0, days - 1), st.sampled_from([s.id for s in SHIFTS]),
                      st.integers(1, 3))
    off = {"A": frozenset(draw(st.sets(st.integers(0, days - 1), max_size=3)))}
    inst = CurtoisInstance("dp", days, SHIFTS, [person], off, [Request(*c) for c in draw(st.lists(cells, max_size=5))],
                           [Request(*c) for c in draw(st.lists(cells, max_size=5))], [])
    rng = random.Random(draw(st.integers(0, 10**6)))
    duals = {(d, s.id): rng.choice([0.0, rng.uniform(0, 300)]) for d in range(days) for s in SHIFTS}
    return inst, duals


def pricer(inst: CurtoisInstance) -> Pricer:
    ctx, rules = context_from_curtois(inst), rules_from_curtois(inst)
    forbidden = {t for rule in rules if rule.applies(ctx) for t in rule.forbidden(ctx)}
    return Pricer(ctx, rules, forbidden, inst.staff[0].id, 1)


def value(p: Pricer, column: Column, duals: dict[Cell, float]) -> float:
    return p.cost(column) - sum(duals.get(cell, 0.0) for cell in column)


def lawful(inst: CurtoisInstance, column: Column) -> bool:
    result = check_solution(inst, [(inst.staff[0].id, d, s) for d, s in column])
    return result.feasible


@settings(max_examples=150, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(one_employee(), st.sampled_from([32, 1]), st.booleans())
def test_dp_pricing_is_lawful_and_as_cheap_as_cp_sat(case: tuple[CurtoisInstance, dict[Cell, float]],
                                                      track_factor: int, relax_weekends: bool) -> None:
    """``track_factor`` 1 relaxes every binding type limit with a multiplier (never carried exactly),
    ``relax_weekends`` the weekends limit (as on a year's horizon): then the DP may miss the cheapest
    roster, but its rosters stay lawful and its bound valid."""
    inst, duals = case
    saved = dp_pricing.TRACK_FACTOR, dp_pricing.WEEKEND_RESOURCE_CELLS
    dp_pricing.TRACK_FACTOR = track_factor
    dp_pricing.WEEKEND_RESOURCE_CELLS = 0 if relax_weekends else saved[1]
    try:
        p = pricer(inst)
        assert p.dp is not None
        event(f"weekends relaxed: {dp_pricing.WEEKENDS in p.dp.limits}")
        by_dp, dp_bound = p.price(duals)
    finally:
        dp_pricing.TRACK_FACTOR, dp_pricing.WEEKEND_RESOURCE_CELLS = saved
    by_model, _ = p._price_by_model(duals)
    event(f"model finds a roster: {bool(by_model)}; DP: {bool(by_dp)}")
    if not by_model:  # CP-SAT proves (on these sizes, within its limit) that no roster is lawful
        assert not by_dp
        return
    cheapest = value(p, by_model[0], duals)
    assert by_dp, "a lawful roster exists: the DP (or its CP-SAT fallback) finds one"
    for column in by_dp:
        assert lawful(inst, column)
    assert dp_bound is not None and dp_bound <= cheapest + 1e-6
    if track_factor == 32 and not relax_weekends:
        assert value(p, by_dp[0], duals) == pytest.approx(cheapest, abs=1e-6)


@settings(max_examples=100, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(one_employee(), st.sampled_from([0.0, 20.0, 200.0, 2000.0]))
def test_dp_pricing_stops_early_only_with_a_column_near_the_cheapest(
        case: tuple[CurtoisInstance, dict[Cell, float]], margin: float) -> None:
    """Column generation asks for a column below the convexity dual (``enough``). With every type
    limit relaxed (the bisection is what is cut short), the roster returned stays lawful, the bound
    valid, and a roster below ``enough`` is within ``GAP_SHARE`` of its improvement of the cheapest."""
    inst, duals = case
    probe = pricer(inst)
    by_model, _ = probe._price_by_model(duals)
    if not by_model:
        return
    cheapest = value(probe, by_model[0], duals)
    enough = cheapest + margin
    saved = dp_pricing.TRACK_FACTOR
    dp_pricing.TRACK_FACTOR = 1
    try:
        p = pricer(inst)
        by_dp, dp_bound = p.price(duals, enough)
    finally:
        dp_pricing.TRACK_FACTOR = saved
    assert by_dp and all(lawful(inst, column) for column in by_dp)
    assert dp_bound is not None and dp_bound <= cheapest + 1e-6
    found = value(p, by_dp[0], duals)
    assert found >= cheapest - 1e-6
    # It stops early only when the column is that close to its bound, so then to the cheapest; a
    # column below ``enough`` may also come when the bisection ran out of rounds (no claim then).
    stopped_early = found < enough and found - dp_bound <= dp_pricing.GAP_SHARE * (enough - found)
    event(f"stopped early: {stopped_early}")
    if stopped_early:
        assert found - cheapest <= dp_pricing.GAP_SHARE * (enough - found) + dp_pricing.BOUND_TOLERANCE


def test_dp_carries_a_binding_type_limit_exactly() -> None:
    """Night shifts are priced far below day shifts, but at most 2 are allowed: the DP takes exactly
    2 and proves it cheapest (bound = its cost)."""
    person = staff("A", max_shifts={"E": 14, "D": 0, "N": 2}, max_min=4000, min_min=0, max_cons=5, min_off=1)
    inst = CurtoisInstance("dp", 14, SHIFTS, [person], {}, [], [], [])
    duals = {(d, s): (500.0 if s == "N" else 10.0) for d in range(14) for s in ("E", "N")}
    p = pricer(inst)
    columns, bound = p.price(duals)
    nights = sum(1 for _, s in columns[0] if s == "N")
    assert nights == 2 and lawful(inst, columns[0])
    assert bound == pytest.approx(value(p, columns[0], duals))
    assert p.dp is not None and p.dp.tracked  # carried as a resource, not only priced


def test_dp_relaxes_a_binding_weekend_limit_and_keeps_it(monkeypatch: pytest.MonkeyPatch) -> None:
    """Weekend shifts are priced far below weekdays, but one weekend in three is allowed. With weekends
    priced by a multiplier instead of carried (a year's table would not fit), the DP's own roster still
    works one weekend, its cost equals CP-SAT's cheapest, and its bound is valid."""
    monkeypatch.setattr(dp_pricing, "WEEKEND_RESOURCE_CELLS", 0)
    person = staff("A", max_shifts={"E": 21, "D": 21, "N": 0}, max_min=6000, min_min=0, max_cons=5, min_off=1,
                   max_weekends=1)
    inst = CurtoisInstance("dp", 21, SHIFTS, [person], {}, [], [], [])
    duals = {(d, "E"): (400.0 if d % 7 in (5, 6) else 20.0 + d) for d in range(21)}
    p = pricer(inst)
    assert p.dp is not None and dp_pricing.WEEKENDS in p.dp.limits
    found = p.dp.cheapest(p.base - np.array([[0.0] + [duals.get((d, s.id), 0.0) for s in SHIFTS]
                                            for d in range(21)]), keep=3)
    assert found.rosters, "the DP itself finds a lawful roster (no CP-SAT fallback)"
    column = frozenset(found.rosters[0].items())
    weekends = {d // 7 for d, _ in column if d % 7 in (5, 6)}
    assert len(weekends) == 1 and lawful(inst, column)
    by_model, _ = p._price_by_model(duals)
    assert value(p, column, duals) == pytest.approx(value(p, by_model[0], duals))
    assert found.bound <= value(p, column, duals) + 1e-6


def test_relaxed_weekends_do_not_make_pricing_look_cheaper(monkeypatch: pytest.MonkeyPatch) -> None:
    """Column generation is chosen by the pricing work; relaxing weekends must not shrink it (Instance20
    would then leave the LNS path that serves it better)."""
    person = staff("A", max_min=6000, min_min=0, max_cons=5, min_off=1, max_weekends=1)
    inst = CurtoisInstance("dp", 21, SHIFTS, [person], {}, [], [], [])
    exact = pricer(inst).dp
    monkeypatch.setattr(dp_pricing, "WEEKEND_RESOURCE_CELLS", 0)
    relaxed = pricer(inst).dp
    assert exact is not None and relaxed is not None
    assert dp_pricing.WEEKENDS in relaxed.limits and dp_pricing.WEEKENDS not in exact.limits
    assert relaxed.work == exact.work


def test_dp_applies_only_to_the_rules_it_knows() -> None:
    inst = CurtoisInstance("dp", 7, SHIFTS, [staff("A")], {}, [], [], [])
    ctx, rules = context_from_curtois(inst), rules_from_curtois(inst)
    assert dp_pricing.dp_applies(ctx, rules)
    assert not dp_pricing.dp_applies(ctx, [*rules, Fairness(hard=True, weight=1, reference="test")])


@needs_data
@pytest.mark.parametrize("number", [8, 14])
def test_dp_pricing_agrees_with_cp_sat_on_benchmark_employees(number: int) -> None:
    """Real contracts (28 and 42 days, binding night limits) with random duals: same cheapest value."""
    inst = read_curtois(DATA / f"Instance{number}.txt")
    ctx, rules = context_from_curtois(inst), rules_from_curtois(inst)
    forbidden = {t for rule in rules if rule.applies(ctx) for t in rule.forbidden(ctx)}
    rng = random.Random(number)
    duals = {(c.day, c.shift): rng.uniform(0, 200) for c in inst.cover}
    for person in inst.staff[:4]:
        p = Pricer(ctx, rules, forbidden, person.id, 1)
        by_dp, bound = p.price(duals)
        by_model, _ = p._price_by_model(duals)
        assert by_dp and bound is not None
        # CP-SAT may stop at its time limit on 42 days: the DP is at least as cheap and proven.
        assert value(p, by_dp[0], duals) <= value(p, by_model[0], duals) + 1e-6
        assert bound == pytest.approx(value(p, by_dp[0], duals))
