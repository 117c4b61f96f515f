"""A scenario comparison that can be trusted (issue 25): every scenario with the same work budget,
over several seeds; each figure with its spread, and a verdict against the baseline only where the
difference exceeds that spread.

Why seeds: a roster is *searched* within a work budget. The same unit, seed and budget give the same
roster on any machine, but another seed may find a better or a worse one, and a measure that looks
cheaper on one seed may be dearer on the next. So each scenario is run with ``seeds`` seeds (the same
budget each), and:

- the *value* of a figure is that of the representative run: the run with the median penalty (the
  engine's own measure of a roster), ties to the earlier seed, so a row's figures belong together;
- ``<figure>_min`` / ``<figure>_max`` are its lowest and highest value over the seeds;
- a scenario is *better* than the baseline on a figure only when its whole range lies below the
  baseline's (its highest value under the baseline's lowest), *worse* when it lies above, and
  otherwise there is *no sure difference*. Figures that do not depend on the roster (the FTE need)
  are exact: their range is one value, so any difference counts. With a single seed the spread of a
  searched figure is unknown and it is not ranked.
- a scenario whose roster is ``unknown`` (no lawful roster in the budget) or ``infeasible`` on any
  seed is flagged and never ranked; nor is anything ranked against such a baseline.

Pure: the runs come in (``runtime.scenario_pool`` runs them), rows go out. The same runs give the
same rows, so the same unit, seeds and budget give a byte-identical ``comparison.csv``.
"""

from __future__ import annotations

import math
from collections.abc import Sequence
from dataclasses import dataclass, field
from typing import Any

from pydantic import BaseModel

from bemanning.model import Roster, StaffingRequirement, Unit
from bemanning.model.scenario import LongShiftChange, Scenario

from .chain import COMPARISON_COLUMNS, ChainResult

DEFAULT_SEEDS = 3

# Verdicts against the baseline (comparison.csv keeps these codes; labels in io/comparison_report.py).
BASELINE, BETTER, WORSE, NO_SURE_DIFFERENCE, NOT_COMPARABLE, SPREAD_UNKNOWN = (
    "baseline", "better", "worse", "no_sure_difference", "not_comparable", "spread_unknown")
VERDICTS = (BASELINE, BETTER, WORSE, NO_SURE_DIFFERENCE, NOT_COMPARABLE, SPREAD_UNKNOWN)

# A lawful roster on every seed makes a scenario comparable; the worst status names it otherwise.
LAWFUL = ("optimal", "feasible", "given")
_STATUS_ORDER = ("infeasible", "unknown", "feasible", "optimal", "given")


@dataclass(frozen=True)
class Figure:
    """A figure of comparison.csv that gets a spread. ``exact``: it does not depend on the roster
    (the same on every seed by construction). ``ranked``: lower is better, and it gets a verdict."""

    key: str
    ranked: bool = True
    exact: bool = False


FIGURES: tuple[Figure, ...] = (
    Figure("fte_need", exact=True),
    Figure("uncovered_shifts"),
    Figure("below_minimum_places"),
    Figure("penalty"),
    Figure("cost_total_nok"),
    Figure("cost_agency_nok"),
    Figure("unfilled_at_agency_nok"),
    Figure("long_shift_share", ranked=False),
)
RANKED: tuple[Figure, ...] = tuple(f for f in FIGURES if f.ranked)

# Every column of comparison.csv, in order (documented in docs/trust.md; reports read them by name).
CSV_COLUMNS: tuple[str, ...] = (
    *COMPARISON_COLUMNS,
    "roster_status",
    "comparable",
    "seeds",
    "lawful_runs",
    "work_budget",
    *(f"{f.key}_{end}" for f in FIGURES for end in ("min", "max")),
    *(f"{f.key}_verdict" for f in RANKED),
    "long_shift_target",
    "long_shift_bound",
    "long_shift_volunteers",
    "long_shift_limited_by",
    "capped_runs",
)


@dataclass(frozen=True)
class Spread:
    value: float
    low: float
    high: float

    def __post_init__(self) -> None:
        assert self.low <= self.value <= self.high, (self.low, self.value, self.high)


class LongShiftNote(BaseModel):
    """Whether a long-shift scenario reached its share, and if not, why (the reasons are codes:
    ``no_roster``, ``no_long_shift``, ``no_volunteers``, ``few_volunteers``, ``limits``,
    ``fills_no_place``, ``ceiling``)."""

    target: float
    achieved: float
    low: float
    high: float
    volunteers: int
    employees: int
    volunteer_share: float  # the volunteers' shifts as a share of all shifts (long or not)
    bound: float  # the highest share the volunteers and the hard per-person limits allow
    limits: list[tuple[str, str]]  # (limit id, reference) of per-person limits that bind
    fills_place: bool  # a long shift fills a place of the requirement
    reasons: list[str]
    unchanged: bool = False  # the unit already allowed this: the change alters no rule and no volunteer

    @property
    def reached(self) -> bool:
        return not self.reasons


@dataclass
class ScenarioOutcome:
    """One scenario over its seeds."""

    scenario: str
    runs: list[ChainResult]  # one per seed, in seed order
    representative: ChainResult
    status: str
    lawful_runs: int
    spreads: dict[str, Spread]
    verdicts: dict[str, str] = field(default_factory=dict)
    long_shifts: LongShiftNote | None = None

    @property
    def comparable(self) -> bool:
        return self.lawful_runs == len(self.runs)

    @property
    def capped_runs(self) -> int:
        """Runs the wall-clock safety cap cut short: their result may vary from run to run."""
        return sum(r.capped for r in self.runs)

    @property
    def seeds(self) -> list[int]:
        return [r.seed for r in self.runs]

    def row(self) -> dict[str, Any]:
        """One row of comparison.csv."""
        note = self.long_shifts
        row = self.representative.row()
        row.update({
            "scenario": self.scenario,
            "roster_status": self.status,
            "comparable": "true" if self.comparable else "false",
            "seeds": len(self.runs),
            "lawful_runs": self.lawful_runs,
            "work_budget": "" if self.representative.work_budget is None else self.representative.work_budget,
        })
        for f in FIGURES:
            spread = self.spreads[f.key]
            row[f"{f.key}_min"], row[f"{f.key}_max"] = spread.low, spread.high
        for f in RANKED:
            row[f"{f.key}_verdict"] = self.verdicts.get(f.key, NOT_COMPARABLE)
        row.update({
            "long_shift_target": "" if note is None else note.target,
            "long_shift_bound": "" if note is None else round(note.bound, 4),
            "long_shift_volunteers": "" if note is None else note.volunteers,
            "long_shift_limited_by": "" if note is None else ";".join(note.reasons),
            "capped_runs": self.capped_runs,
        })
        return {c: row[c] for c in CSV_COLUMNS}


def representative(runs: Sequence[ChainResult]) -> ChainResult:
    """The run with the median penalty (ties: the earlier seed)."""
    ordered = sorted(range(len(runs)), key=lambda i: (runs[i].penalty, i))
    return runs[ordered[(len(ordered) - 1) // 2]]


def scenario_status(runs: Sequence[ChainResult]) -> str:
    """The worst status over the seeds: infeasible, unknown, feasible, optimal (given: a given roster)."""
    return min((r.roster_status for r in runs), key=lambda s: _STATUS_ORDER.index(s) if s in _STATUS_ORDER else -1)


def spread(runs: Sequence[ChainResult], chosen: ChainResult, key: str) -> Spread:
    values = [r.row()[key] for r in runs]
    return Spread(value=chosen.row()[key], low=min(values), high=max(values))


def verdict(figure: Figure, scenario: ScenarioOutcome, baseline: ScenarioOutcome) -> str:
    """``better`` / ``worse`` only when the ranges over the seeds do not overlap (lower is better)."""
    if scenario is baseline:
        return BASELINE
    if not (scenario.comparable and baseline.comparable):
        return NOT_COMPARABLE
    if not figure.exact and min(len(scenario.runs), len(baseline.runs)) < 2:
        return SPREAD_UNKNOWN
    mine, theirs = scenario.spreads[figure.key], baseline.spreads[figure.key]
    if mine.high < theirs.low:
        return BETTER
    if mine.low > theirs.high:
        return WORSE
    return NO_SURE_DIFFERENCE


def compare_runs(
    runs: dict[str, list[ChainResult]],
    baseline: str,
    *,
    units: dict[str, Unit] | None = None,
    scenarios: Sequence[Scenario] = (),
    unit: Unit | None = None,
) -> list[ScenarioOutcome]:
    """The outcome of each scenario (in ``runs``' order) with spreads and verdicts against ``baseline``.
    ``units`` and ``scenarios`` (the applied units and the scenario definitions) add the long-shift
    note to scenarios that set a long-shift share; ``unit`` (before any scenario) lets it say when
    the unit already allowed that share."""
    outcomes = []
    for name, results in runs.items():
        chosen = representative(results)
        outcomes.append(ScenarioOutcome(
            scenario=name,
            runs=list(results),
            representative=chosen,
            status=scenario_status(results),
            lawful_runs=sum(r.roster_status in LAWFUL for r in results),
            spreads={f.key: spread(results, chosen, f.key) for f in FIGURES},
        ))
    by_name = {o.scenario: o for o in outcomes}
    base = by_name[baseline]
    for outcome in outcomes:
        outcome.verdicts = {f.key: verdict(f, outcome, base) for f in RANKED}
    definitions = {s.name: s for s in scenarios}
    for outcome in outcomes:
        definition = definitions.get(outcome.scenario)
        target = _long_shift_target(definition)
        if target is not None and definition is not None and units is not None and outcome.scenario in units:
            applied = units[outcome.scenario]
            note = long_shift_note(applied, outcome, target)
            if unit is not None:
                note.unchanged = _same_long_shift_rules(applied, _without_long_shifts(unit, definition))
            outcome.long_shifts = note
    return outcomes


def _without_long_shifts(unit: Unit, scenario: Scenario) -> Unit:
    from .scenarios import apply_scenario

    changes = [c for c in scenario.changes if not isinstance(c, LongShiftChange)]
    return apply_scenario(unit, scenario.model_copy(update={"changes": changes}))


def _same_long_shift_rules(a: Unit, b: Unit) -> bool:
    return a.rules == b.rules and [e.long_shift_volunteer for e in a.employees] == [
        e.long_shift_volunteer for e in b.employees]


def _long_shift_target(scenario: Scenario | None) -> float | None:
    if scenario is None:
        return None
    shares = [c.max_share for c in scenario.changes if isinstance(c, LongShiftChange)]
    return shares[-1] if shares and shares[-1] > 0 else None


# --- long shifts: the share reached, or why not --------------------------------------------------

# A share counts as reached within half a percentage point.
REACHED_TOLERANCE = 0.005


def long_shift_note(unit: Unit, outcome: ScenarioOutcome, target: float) -> LongShiftNote:
    """What limits the long shifts of ``unit``'s representative roster: the volunteers (and the rule
    that only volunteers may work them), the hard per-person shift limits, and whether a long shift
    fills a place of the requirement at all (the share is a ceiling, not a demand)."""
    chosen = outcome.representative
    spread_ = outcome.spreads["long_shift_share"]
    long_codes = {s.code for s in unit.shift_types if s.is_long}
    bound, volunteer_share, volunteers, limits = _long_shift_bound(unit, chosen.roster, long_codes)
    fills = _fills_a_place(unit, chosen.requirement, long_codes)
    reasons: list[str] = []
    if spread_.value + REACHED_TOLERANCE < target:
        if not chosen.roster.assignments:
            reasons.append("no_roster")
        elif not long_codes:
            reasons.append("no_long_shift")
        elif volunteers == 0:
            reasons.append("no_volunteers")
        else:
            if volunteer_share + REACHED_TOLERANCE < target:
                reasons.append("few_volunteers")
            if limits and bound + REACHED_TOLERANCE < min(target, volunteer_share):
                reasons.append("limits")
            if not fills:
                reasons.append("fills_no_place")
            if not reasons:
                reasons.append("ceiling")
    return LongShiftNote(
        target=target, achieved=spread_.value, low=spread_.low, high=spread_.high, volunteers=volunteers,
        employees=len(unit.employees), volunteer_share=volunteer_share, bound=bound, limits=limits,
        fills_place=fills, reasons=reasons,
    )


def _may_work_long(unit: Unit, employee_id: str, long_codes: set[str]) -> set[str]:
    employee = next(e for e in unit.employees if e.id == employee_id)
    if unit.rules.flag("long_shift_volunteers_only") and not employee.long_shift_volunteer:
        return set()
    codes = set(long_codes)
    if employee.shift_types:
        codes &= set(employee.shift_types)
    group = unit.group(employee.group).shift_types
    if group:
        codes &= set(group)
    return codes


def _long_shift_bound(unit: Unit, roster: Roster, long_codes: set[str]
                      ) -> tuple[float, float, int, list[tuple[str, str]]]:
    """(bound, volunteer share, volunteers, binding limits): each employee who may work a long shift
    could at most turn all of their shifts in ``roster`` into long ones, within every hard
    per-person limit on long shifts (a count per period, a share of their own shifts)."""
    shifts_of: dict[str, int] = {e.id: 0 for e in unit.employees}
    for a in roster.assignments:
        shifts_of[a.employee_id] = shifts_of.get(a.employee_id, 0) + 1
    total = sum(shifts_of.values())
    capped = 0
    own = 0
    volunteers = 0
    binding: dict[str, str] = {}
    for employee in unit.employees:
        codes = _may_work_long(unit, employee.id, long_codes)
        if not codes:
            continue
        volunteers += 1
        shifts = shifts_of.get(employee.id, 0)
        own += shifts
        caps: dict[str, int] = {}
        for limit in unit.shift_limits:
            if not limit.hard or not codes <= set(limit.shifts) or not limit.applies_to(employee.id, employee.group):
                continue
            counts = []
            if limit.max_count is not None:
                periods = math.ceil(roster.days / (7 * limit.period_weeks)) if limit.period_weeks else 1
                counts.append(limit.max_count * periods)
            if limit.max_share is not None:
                counts.append(math.floor(limit.max_share * shifts + 1e-9))
            caps[limit.id] = min(counts)
        cap = min([shifts, *caps.values()])
        if cap < shifts:  # the tightest limits bind
            binding |= {limit.id: limit.reference for limit in unit.shift_limits if caps.get(limit.id) == cap}
        capped += cap
    if not total:
        return 0.0, 0.0, volunteers, sorted(binding.items())
    return capped / total, own / total, volunteers, sorted(binding.items())


def _fills_a_place(unit: Unit, requirement: StaffingRequirement, long_codes: set[str]) -> bool:
    """A long shift fills a place when the requirement has places on it or on a shift it covers."""
    wanted = {r.shift for r in requirement.rows if r.required > 0}
    wanted |= {r.shift for r in requirement.dated_rows if r.required > 0}
    return any(code in wanted or set(unit.shift_type(code).covers) & wanted for code in long_codes)


