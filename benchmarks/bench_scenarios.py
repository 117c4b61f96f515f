"""Time the demo's four scenarios end to end (task sharing → … → roster → costs), sequentially and
in a process pool of 2 workers.

Run: PYTHONPATH=src python benchmarks/bench_scenarios.py [--time-limit 20]
"""

from __future__ import annotations

import argparse
import time

from bemanning.demo import build_demo_unit
from bemanning.demo.scenarios import demo_scenarios
from bemanning.planning.scenarios import apply_scenario
from bemanning.runtime.scenario_pool import ChainJob, run_jobs


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--time-limit", type=float, default=20.0, help="roster time limit per scenario (s)")
    args = parser.parse_args()
    unit = build_demo_unit()
    scenarios = demo_scenarios()
    jobs = [ChainJob(scenario=s.name, unit=apply_scenario(unit, s), roster_budget=args.time_limit)
            for s in scenarios.scenarios]
    print(f"Demo unit: {len(unit.employees)} employees, {unit.roster.cycle_weeks}-week cycle; "
          f"roster time limit {args.time_limit:g} s per scenario, CP-SAT num_workers=2\n")
    print("| mode | workers | wall time (s) | per scenario: roster solve s, status, uncovered shifts, "
          "total cost (M kr/year) |")
    print("|---|---:|---:|---|")
    for mode, workers in (("sequential", 1), ("process pool", 2)):
        started = time.perf_counter()
        results = run_jobs(jobs, workers=workers)
        wall = time.perf_counter() - started
        details = "; ".join(
            f"{r.scenario}: {r.roster_seconds:.0f} s, {r.roster_status}, {r.uncovered_shifts}, "
            f"{r.cost_total / 1e6:.1f} M"
            for r in results
        )
        print(f"| {mode} | {workers} | {wall:.1f} | {details} |")


if __name__ == "__main__":
    main()
