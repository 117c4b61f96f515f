"""Benchmark: repair of the 40-staff, 6-week demo roster after one sick call (issue 6: under 10 s).

    PYTHONPATH=src /work/venv/bin/python benchmarks/bench_repair.py [--solve-seconds 45]
"""

from __future__ import annotations

import argparse
import datetime as dt
import time

from bemanning.demo import build_demo_unit
from bemanning.demo.steps.roster_step import demo_requirement
from bemanning.planning.rostering import SolveOptions, check_roster, solve_roster
from bemanning.planning.sickcalls import SickCall, repair_roster
from bemanning.planning.sickcalls.fill import suggest_fill


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--solve-seconds", type=float, default=45.0)
    parser.add_argument("--time-limit", type=float, default=8.0)
    args = parser.parse_args()
    unit = build_demo_unit()
    requirement = demo_requirement(unit)
    roster = solve_roster(unit, requirement, SolveOptions(time_limit=args.solve_seconds, seed=0)).roster
    print(f"demo unit: {len(unit.employees)} staff, {roster.days // 7} weeks, {len(roster.assignments)} shifts\n")
    print("| case | sick shifts | changes | open before → after | status | repair s | fill s |")
    print("|---|---|---|---|---|---|---|")
    first = roster.start_date + dt.timedelta(days=10)
    working = sorted({a.employee_id for a in roster.assignments if a.date == first})
    for label, employee, days in (("1 day", working[0], 0), ("3 days", working[len(working) // 2], 2),
                                  ("1 week", working[-1], 6)):
        call = SickCall(employee, first, first + dt.timedelta(days=days))
        started = time.monotonic()
        result = repair_roster(unit, roster, [call], requirement, time_limit=args.time_limit)
        seconds = time.monotonic() - started
        before = check_roster(unit, roster, requirement).uncovered_places
        fill_s = 0.0
        if result.report.uncovered:
            place = result.report.uncovered[0]
            t0 = time.monotonic()
            suggest_fill(unit, result.roster, dt.date.fromisoformat(place.date), place.shift, place.group,
                         requirement, ctx=result.setup.ctx, rules=result.setup.rules)
            fill_s = time.monotonic() - t0
        print(f"| {label} | {result.removed} | {result.changed_assignments} | {before} → "
              f"{result.report.uncovered_places} | {result.status} | {seconds:.1f} | {fill_s:.1f} |")


if __name__ == "__main__":
    main()
