"""Benchmark: repair of the 40-staff, 6-week demo roster after sick calls (issue 6: under 10 s).

    PYTHONPATH=src .venv/bin/python benchmarks/bench_repair.py [--solve-seconds 45] [--time-limit 8]

Columns: the sick shifts taken out, the places that opened because of them ("lost") and how many of
those the repair filled again ("restored"), the changed assignments besides the sick days, the open
places against the full requirement before the call → after the repair, status and seconds.
"""

from __future__ import annotations

import argparse
import datetime as dt
import time

from bemanning.demo import build_demo_unit
from bemanning.demo.steps.roster_step import demo_requirement
from bemanning.planning.rostering import SolveOptions, check_context, check_roster, solve_roster
from bemanning.planning.sickcalls import SickCall, repair_roster
from bemanning.planning.sickcalls.fill import suggest_fill
from bemanning.planning.sickcalls.repair import roster_of


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--solve-seconds", type=float, default=45.0)
    parser.add_argument("--time-limit", type=float, default=8.0)
    args = parser.parse_args()
    unit = build_demo_unit()
    requirement = demo_requirement(unit)
    roster = solve_roster(unit, requirement, SolveOptions(time_limit=args.solve_seconds, seed=0)).roster
    print(f"demo unit: {len(unit.employees)} staff, {roster.days // 7} weeks, {len(roster.assignments)} shifts\n")
    print("| case | sick shifts | lost | restored | changes | open before → after | status | repair s | fill s |")
    print("|---|---|---|---|---|---|---|---|---|")
    first = roster.start_date + dt.timedelta(days=10)
    working = sorted({a.employee_id for a in roster.assignments if a.date == first})
    cases = (
        ("1 day", [(working[0], 0)]),
        ("3 days", [(working[len(working) // 2], 2)]),
        ("1 week", [(working[-1], 6)]),
        ("2 staff, 2 days", [(working[1], 1), (working[-2], 1)]),
    )
    for label, calls in cases:
        call = [SickCall(who, first, first + dt.timedelta(days=days)) for who, days in calls]
        started = time.monotonic()
        result = repair_roster(unit, roster, call, requirement, time_limit=args.time_limit)
        seconds = time.monotonic() - started
        before = check_roster(unit, roster, requirement).uncovered_places
        setup = result.setup
        coverage = [r for r in setup.rules if r.code == "coverage"]  # on the repair's target (only what was lost)
        lost = check_context(setup.ctx, roster_of(setup.start, setup.ctx), coverage).uncovered_places
        left = check_context(setup.ctx, result.roster, coverage).uncovered_places
        fill_s = 0.0
        if result.report.uncovered:
            place = result.report.uncovered[0]
            t0 = time.monotonic()
            suggest_fill(unit, result.roster, dt.date.fromisoformat(place.date), place.shift, place.group,
                         requirement, ctx=result.setup.ctx, rules=result.setup.rules)
            fill_s = time.monotonic() - t0
        print(f"| {label} | {result.removed} | {lost} | {lost - left} | {result.changed_assignments} | {before} → "
              f"{result.report.uncovered_places} | {result.status} | {seconds:.1f} | {fill_s:.1f} |")


if __name__ == "__main__":
    main()
