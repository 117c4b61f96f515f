"""Benchmark: a 52-week calendar roster for 150 staff with vacations (``wards.py`` "year-150").

    PYTHONPATH=src:benchmarks .venv/bin/python benchmarks/bench_year.py [--work 60] [--wall 600]

Reports when the first lawful roster came (work units and wall seconds), and the open places over
time, from the engine's progress events. ``--work``: the work budget; ``--wall``: its safety cap.
The load average is printed beside the wall seconds (they depend on it; the work units do not).
"""

from __future__ import annotations

import argparse
import os

from bemanning.planning.rostering import SolveOptions, build_context, default_rules, solve_context
from wards import WARDS, build_ward


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--ward", default="year-150")
    parser.add_argument("--work", type=float, default=60.0)
    parser.add_argument("--wall", type=float, default=600.0)
    parser.add_argument("--seed", type=int, default=0)
    args = parser.parse_args()
    unit, requirement, period = build_ward(WARDS[args.ward])
    ctx = build_context(unit, period, requirement)  # the unit's absences are in it already
    load = os.getloadavg()[0]
    options = SolveOptions(work_limit=args.work, time_limit=args.wall, seed=args.seed)
    result = solve_context(ctx, default_rules(unit), options)
    lawful = next((p for p in result.timeline if p.hard_violations == 0), None)
    print(f"{args.ward}: {len(unit.employees)} staff, {period.days} days, load {load:.1f} → {os.getloadavg()[0]:.1f}")
    print(f"status {result.status}, {result.report.uncovered_places} open places "
          f"({sum(1 for p in result.report.uncovered if p.below_minimum)} below minimum), "
          f"{len(result.report.hard)} hard violations, {result.work:.1f} work units, {result.seconds:.0f} s wall"
          + (", capped by the wall limit" if result.capped else ""))
    if lawful is not None:
        print(f"first lawful roster: {lawful.work:.1f} work units, {lawful.seconds:.0f} s, {lawful.open_places} open")
    print("\n| work units | wall s | hard | open places |\n|---|---|---|---|")
    for p in result.timeline:
        places = p.open_places if p.open_places is not None else "–"
        print(f"| {p.work:.1f} | {p.seconds:.0f} | {p.hard_violations} | {places} |")
    print("\n" + "\n".join(result.log))


if __name__ == "__main__":
    main()
