"""The planning chain as the web app needs it: task sharing → activity plan → staffing requirement and
FTE need for a stored unit, cached per unit version (the requirement costs seconds; pages read it often).

When the chain cannot run (tasks cannot be allocated, bad staffing input) the unit's own requirement
(fixed bemanningsplan or safe minimums) is used and the reason is kept for the page to show.
"""

from __future__ import annotations

import threading
from collections import OrderedDict
from dataclasses import dataclass, replace
from typing import Any

from bemanning.i18n import LANGS, t
from bemanning.model import ActivityPlan, StaffingRequirement, Unit
from bemanning.model.staffing_result import FteResult, StaffingInputError
from bemanning.model.task_sharing_result import AllocationResult
from bemanning.planning.activity_plan import build_activity_plan
from bemanning.planning.demand import staffing_requirement
from bemanning.planning.fte import fte_result
from bemanning.planning.rostering import requirement_for_unit
from bemanning.planning.tasksharing import allocate_tasks

from . import services


@dataclass
class ChainResult:
    unit: Unit
    version: int
    requirement: StaffingRequirement
    source: str  # "staffing": from the staffing chain; "unit": the unit's fixed plan or minimums
    allocation: AllocationResult | None = None
    plan: ActivityPlan | None = None
    fte: FteResult | None = None
    # Why the unit's own plan is used (source == "unit"), in each language: {"no": ..., "en": ...}.
    fallback_texts: dict[str, str] | None = None

    def fallback_reason(self, lang: str = "no") -> str | None:
        return self.fallback_texts.get(lang) if self.fallback_texts else None


def compute_chain(unit: Unit, version: int) -> ChainResult:
    allocation = allocate_tasks(unit)
    if allocation.allocation is None:
        reason = {lang: "; ".join(allocation.explanation_text(lang)) for lang in LANGS}
        return ChainResult(unit, version, requirement_for_unit(unit), "unit", allocation, fallback_texts=reason)
    plan = build_activity_plan(unit, allocation.allocation)
    try:
        requirement = staffing_requirement(unit, plan)
        fte = fte_result(unit, requirement)
    except StaffingInputError as exc:
        return ChainResult(
            unit, version, requirement_for_unit(unit), "unit", allocation, plan,
            fallback_texts={lang: t(exc.key, lang, **exc.context) for lang in LANGS},
        )
    return ChainResult(unit, version, requirement, "staffing", allocation, plan, fte)


class ChainCache:
    """Chain results by (unit id, version); one computation per key even under concurrent requests."""

    def __init__(self, size: int = 8):
        self._items: OrderedDict[tuple[str, int], ChainResult] = OrderedDict()
        self._size = size
        self._lock = threading.Lock()
        self._computing: dict[tuple[str, int], threading.Lock] = {}

    def get(self, unit: Unit, version: int) -> ChainResult:
        key = (unit.id, version)
        with self._lock:
            hit = self._items.get(key)
            if hit is not None:
                self._items.move_to_end(key)
                return hit
            key_lock = self._computing.setdefault(key, threading.Lock())
        with key_lock:
            with self._lock:
                hit = self._items.get(key)
            if hit is not None:
                return hit
            result = compute_chain(unit, version)
            with self._lock:
                self._items[key] = result
                self._computing.pop(key, None)
                while len(self._items) > self._size:
                    self._items.popitem(last=False)
            return result


def chain_cache(state: Any) -> ChainCache:
    cache = getattr(state, "chain_cache", None)
    if cache is None:
        cache = ChainCache()
        state.chain_cache = cache
    assert isinstance(cache, ChainCache)
    return cache


def chain_for(state: Any, unit_id: str) -> ChainResult:
    """The chain result for the stored unit's current version (``state``: the app's state)."""
    stored = services.load_unit(state.db, state.unit_cache, unit_id)
    result = chain_cache(state).get(stored.unit, stored.version)
    # Wishes have their own table: the requirement does not depend on them, the unit carries the newest.
    return result if result.unit is stored.unit else replace(result, unit=stored.unit)
