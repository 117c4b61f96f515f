"""Benchmark: the demo unit's 6-week roster. Prints a markdown table.

    PYTHONPATH=src python benchmarks/bench_roster.py [--time-limits 60,600] [--seed 0]
"""

from __future__ import annotations

import argparse

from bemanning.demo import build_demo_unit
from bemanning.demo.steps.roster_step import demo_requirement
from bemanning.planning.rostering import SolveOptions, solve_roster


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--time-limits", default="60")
    parser.add_argument("--seed", type=int, default=0)
    args = parser.parse_args()
    unit = build_demo_unit()
    requirement = demo_requirement(unit)
    print("| time limit (s) | first zero-hard roster (s) | objective at 10 s | at 30 s | at 60 s | final "
          "| hard violations | uncovered places | status |")
    print("|---|---|---|---|---|---|---|---|---|")
    for limit in [float(x) for x in args.time_limits.split(",")]:
        result = solve_roster(unit, requirement, SolveOptions(time_limit=limit, seed=args.seed, num_workers=2))

        def at(seconds: float, timeline: list = result.timeline) -> str:
            best = [p.objective for p in timeline if p.seconds <= seconds]
            return f"{min(best):.0f}" if best else "–"

        print(f"| {limit:.0f} | {result.first_solution_seconds or float('nan'):.1f} | {at(10)} | {at(30)} | "
              f"{at(60)} | {result.objective:.0f} | {len(result.report.hard)} | "
              f"{result.report.uncovered_places} | {result.status} |")
        print()
        print("penalties:", result.penalties)


if __name__ == "__main__":
    main()
