"""Region solve: wall time serial vs process pool vs local Ray, peak memory, and agency hours after the
pool step vs a first-fit placement of the pool.

    .venv/bin/python benchmarks/bench_region.py --units 40 --staff 40 --pool 30 --weeks 6 \
        --unit-work 2 --pool-work 20

Each runner solves the same region with the same budgets (work units, fixed seed); the script
checks that they agree. Peak memory: the largest resident set of this process and its children
(``resource.getrusage``); Ray's workers are separate processes under the raylet, so for Ray the
figure is the driver's only (noted in the table).
"""

from __future__ import annotations

import argparse
import os
import resource
import time

from bemanning.demo.region import build_region
from bemanning.planning.pool import PoolOptions, PoolProblem, first_fit
from bemanning.runtime.region import (
    ProcessRunner,
    RayRunner,
    RayStartError,
    RegionResult,
    SerialRunner,
    UnitSolveSettings,
    solve_region,
)


def _peak_mb() -> float:
    own = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss
    kids = resource.getrusage(resource.RUSAGE_CHILDREN).ru_maxrss
    return max(own, kids) / 1024


def _cpu() -> float:
    """CPU seconds of this process and its finished children (process-pool workers; not Ray's)."""
    own = resource.getrusage(resource.RUSAGE_SELF)
    kids = resource.getrusage(resource.RUSAGE_CHILDREN)
    return own.ru_utime + own.ru_stime + kids.ru_utime + kids.ru_stime


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--units", type=int, default=40)
    parser.add_argument("--staff", type=int, default=40)
    parser.add_argument("--pool", type=int, default=30)
    parser.add_argument("--weeks", type=int, default=6)
    parser.add_argument("--unit-work", type=float, default=2.0)
    parser.add_argument("--pool-work", type=float, default=20.0)
    parser.add_argument("--runners", default="serial,process,ray")
    args = parser.parse_args()

    demo = build_region(units=args.units, staff=args.staff, pool=args.pool, weeks=args.weeks)
    settings = UnitSolveSettings(work_limit=args.unit_work, seed=0)
    pool_options = PoolOptions(work_limit=args.pool_work, seed=0, time_limit=max(600.0, 30 * args.pool_work))
    runners = {"serial": SerialRunner(), "process": ProcessRunner(os.cpu_count() or 2),
               "ray": RayRunner("local", num_cpus=os.cpu_count() or 2)}
    print(f"# {args.units} units x {args.staff} staff, pool {args.pool}, {args.weeks} weeks; "
          f"unit work {args.unit_work}, pool work {args.pool_work}; load {os.getloadavg()[0]:.1f}")
    walls: dict[str, float] = {}
    results: dict[str, RegionResult] = {}
    for name in args.runners.split(","):
        started, cpu = time.monotonic(), _cpu()
        try:
            results[name] = solve_region(demo.region, demo.units, runners[name], settings, pool_options)
        except RayStartError as exc:
            print(f"{name}: did not start ({exc.reason})", flush=True)
            continue
        walls[name] = time.monotonic() - started
        print(f"{name}: {walls[name]:.1f} s wall, {_cpu() - cpu:.1f} s CPU, peak {_peak_mb():.0f} MB, "
              f"load {os.getloadavg()[0]:.1f}; pool step {results[name].pool.seconds:.1f} s", flush=True)

    base = next(iter(walls))
    print("\n| runner | wall (s) | ratio to " + base + " |")
    print("|---|---|---|")
    for name, wall in walls.items():
        print(f"| {name} | {wall:.1f} | {walls[base] / wall:.2f} |")
    rosters = {n: [(o.unit_id, o.roster) for o in r.units.values()] for n, r in results.items()}
    same = all(v == rosters[base] for v in rosters.values())
    print(f"\nsame unit rosters from every runner: {same}")

    result = results[base]
    pool = result.pool
    started = time.monotonic()
    greedy = first_fit(PoolProblem(demo.region, demo.units, result.places))
    greedy_seconds = time.monotonic() - started
    minutes = {p.key: p.minutes for p in result.places}
    greedy_placed = sum(minutes[(g.unit_id, g.day, g.shift, g.group)] for g in greedy)
    open_minutes = sum(p.count * p.minutes for p in result.places)
    print("\n| placement | pool shifts | agency hours | seconds |")
    print("|---|---|---|---|")
    print(f"| open places before the pool | - | {open_minutes / 60:.1f} | - |")
    print(f"| first fit | {len(greedy)} | {(open_minutes - greedy_placed) / 60:.1f} | {greedy_seconds:.1f} |")
    bound = "" if pool.agency_minutes_bound is None else f" (lower bound {pool.agency_minutes_bound / 60:.1f})"
    print(f"| CP-SAT pool step ({pool.status}, gap {pool.gap or 0:.1%}) | {len(pool.placements)} | "
          f"{pool.agency_minutes / 60:.1f}{bound} | {pool.seconds:.1f} |")
    statuses = [o.status for o in result.units.values()]
    print(f"\nunit statuses: { {s: statuses.count(s) for s in sorted(set(statuses))} }")
    print(f"pool rule violations (checker on the union of each pool employee's shifts): {len(pool.violations)}")


if __name__ == "__main__":
    main()
