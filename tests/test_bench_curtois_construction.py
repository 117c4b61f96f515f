"""Long-horizon construction (feasibility first, one employee at a time): the shift type the cover
needs most is tried first even when one employee cannot work it day after day, with a filler type
for the remaining minutes; without that, the construction leaves such a type to nobody."""

from __future__ import annotations

import time

import pytest

from bemanning.model.curtois import Cover, CurtoisInstance, CurtoisShift
from bemanning.planning.benchmark import product
from bemanning.planning.rostering import construction
from bemanning.planning.rostering.checker import check_context
from bemanning.planning.rostering.solver import _roster
from test_bench_curtois_check import staff

DAYS = 28


def night_heavy() -> CurtoisInstance:
    """Nights are needed most but N cannot follow N; A and B must work 14 shifts of 480–600 min."""
    shifts = [CurtoisShift("E", 480, ()), CurtoisShift("N", 600, ("N",))]
    people = [staff(e, max_min=9_000, min_min=14 * 480, max_cons=5, min_off=1, max_weekends=4) for e in "AB"]
    cover = [Cover(d, "N", 2, 100, 1) for d in range(DAYS)] + [Cover(d, "E", 1, 100, 1) for d in range(DAYS)]
    return CurtoisInstance("nights", DAYS, shifts, people, cover=cover)


def construct(monkeypatch: pytest.MonkeyPatch, inst: CurtoisInstance, pairs: int) -> dict[str, dict[int, str]]:
    monkeypatch.setattr(construction, "FAST_CONSTRUCTION_ABOVE", 0)  # the long-horizon path on a small case
    monkeypatch.setattr(construction, "PAIRS", pairs)
    ctx, rules = product.context_from_curtois(inst), product.rules_from_curtois(inst)
    now = time.monotonic()
    plan = construction.construct(ctx, rules, now + 10, now + 20, 1, [])
    assert plan is not None and check_context(ctx, _roster(ctx, plan), rules).ok
    return plan


def test_the_neediest_type_gets_heads_even_when_it_cannot_follow_itself(monkeypatch: pytest.MonkeyPatch) -> None:
    plan = construct(monkeypatch, night_heavy(), pairs=1)
    nights = sum(c == "N" for days in plan.values() for c in days.values())
    assert nights >= 2 * (DAYS // 2)  # every other day at least, for each of the two


def test_one_type_construction_leaves_that_type_empty(monkeypatch: pytest.MonkeyPatch) -> None:
    plan = construct(monkeypatch, night_heavy(), pairs=0)
    assert all(c == "E" for days in plan.values() for c in days.values())


def test_the_pair_is_the_neediest_type_and_a_usable_filler() -> None:
    inst = night_heavy()
    limits = construction._Limits(product.context_from_curtois(inst), product.rules_from_curtois(inst))
    assert limits.neediest_pair("A", {"N": 56, "E": 28}, "E") == ("N", "E")
    assert limits.neediest_pair("A", {"N": 0, "E": 28}, "E") is None  # E alone does it
