"""Benchmark: the demo unit's 6-week roster. Prints a markdown table.

    PYTHONPATH=src python benchmarks/bench_roster.py [--time-limits 60,600] [--seed 0]
                                                      [--requirement chain|demo]

``chain`` (default) is the requirement the demo computes (task sharing → activity plan →
staffing requirement), ``demo`` the fallback of ``demo_requirement``. Per run: seconds to the
first roster without hard violations, the best objective at 10, 20, 30 and 60 s (from the
progress timeline), the final objective (the checker's penalty), and the load average, since
other processes on the same 2 cores slow the solver down; then a lower bound on the coverage
penalty (the engine's ``bound.py``) to say how far the open places are from the fewest possible.
"""

from __future__ import annotations

import argparse
import os
import time

from bemanning.demo import build_demo_unit
from bemanning.demo.steps.roster_step import demo_requirement
from bemanning.model import StaffingRequirement, Unit
from bemanning.planning.rostering import Progress, SolveOptions, build_context, period_for_unit, solve_roster
from bemanning.planning.rostering.bound import coverage_floor
from bemanning.planning.rostering.budget import Budget
from bemanning.planning.rostering.rules import default_rules

MARKS = (10, 20, 30, 60)


def chain_requirement(unit: Unit) -> StaffingRequirement:
    """The requirement of the demo chain's staffing step."""
    from bemanning.planning.activity_plan import build_activity_plan
    from bemanning.planning.staffing_chain import run_staffing
    from bemanning.planning.tasksharing import allocate_tasks

    result = allocate_tasks(unit, time_limit_s=30)
    assert result.allocation is not None
    plan = build_activity_plan(unit, result.allocation)
    as_is_unit = unit.model_copy(
        update={"task_sharing": unit.task_sharing.model_copy(update={"enabled": False})}
    )
    as_is = allocate_tasks(as_is_unit)
    as_is_plan = build_activity_plan(as_is_unit, as_is.allocation) if as_is.allocation else plan
    return run_staffing(unit, plan, as_is_plan).requirement


def best_at(timeline: list[Progress], seconds: float) -> str:
    best = [p.objective for p in timeline if p.seconds <= seconds and p.hard_violations == 0]
    return f"{min(best):.0f}" if best else "–"


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--time-limits", default="60")
    parser.add_argument("--seed", type=int, default=0)
    parser.add_argument("--requirement", choices=["chain", "demo"], default="chain")
    args = parser.parse_args()
    unit = build_demo_unit()
    requirement = chain_requirement(unit) if args.requirement == "chain" else demo_requirement(unit)
    print(
        "| time limit (s) | first zero-hard roster (s) | "
        + " | ".join(f"objective at {s} s" for s in MARKS)
        + " | final (checker) | hard violations | uncovered places | status | load avg before → after |"
    )
    print("|---" * (len(MARKS) + 8) + "|")
    details = []
    for limit in [float(x) for x in args.time_limits.split(",")]:
        load_before = os.getloadavg()[0]
        started = time.monotonic()
        result = solve_roster(unit, requirement, SolveOptions(time_limit=limit, seed=args.seed, num_workers=2))
        wall = time.monotonic() - started
        load_after = os.getloadavg()[0]
        lawful = [p for p in result.timeline if p.hard_violations == 0]
        first = f"{lawful[0].seconds:.1f}" if lawful and result.report.ok else "–"
        marks = " | ".join(best_at(result.timeline, s) if s <= limit else "–" for s in MARKS)
        print(
            f"| {limit:.0f} | {first} | {marks} | {result.objective:.0f} | {len(result.report.hard)} | "
            f"{result.report.uncovered_places} | {result.status} | {load_before:.1f} → {load_after:.1f} |"
        )
        details.append((limit, wall, result.penalties))
    print()
    for limit, wall, penalties in details:
        print(f"* {limit:.0f} s run (wall {wall:.1f} s), penalties: {penalties}")
    ctx = build_context(unit, period_for_unit(unit), requirement)
    floor = coverage_floor(ctx, default_rules(unit), Budget(wall=60.0))
    if floor is not None:
        print(
            f"* coverage lower bound (the engine's bound.py): {floor.penalty} "
            f"({floor.open_places} open places, {floor.below_minimum} of them below the safe minimum)"
        )


if __name__ == "__main__":
    main()
