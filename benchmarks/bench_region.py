"""Region solve: wall time serial vs process pool vs local Ray, peak memory, and agency hours after the
pool step vs a first-fit placement of the pool.

    .venv/bin/python benchmarks/bench_region.py --units 40 --staff 40 --pool 30 --weeks 6 \
        --unit-work 8 --pool-work 15

Each runner solves the same region with the same budgets (work units, fixed seed); the script
checks that they agree. Memory and CPU of every runner are sampled from /proc every 0.5 s over this
process and all its descendants: the process pool's workers, and for Ray the node it starts (GCS,
raylet, its workers), so Ray's figures include its workers. Peak memory is the largest sum of their
resident sets at one sample; CPU is each process's last sampled user + system time.
"""

from __future__ import annotations

import argparse
import os
import threading
import time
from collections import Counter

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


class TreeSampler:
    """Samples this process and all its descendants from /proc every ``interval`` seconds: the peak of
    their summed resident set (MB) and their CPU seconds (each process's last seen utime + stime). Ray's
    node (GCS, raylet, workers) is started by the driver, so its workers are descendants and counted."""

    def __init__(self, interval: float = 0.5):
        self.interval = interval
        self.peak_mb = 0.0
        self.peak_processes = 0
        self._cpu: dict[tuple[int, int], float] = {}  # (pid, start time) -> CPU seconds
        self._before: dict[tuple[int, int], float] = {}  # what this process had used before
        self._stop = threading.Event()
        self._thread = threading.Thread(target=self._run, daemon=True)
        self._tick = os.sysconf("SC_CLK_TCK")
        self._page = os.sysconf("SC_PAGE_SIZE")

    def __enter__(self) -> TreeSampler:
        self.sample()
        self._before, self.peak_mb = dict(self._cpu), 0.0
        self._thread.start()
        return self

    def __exit__(self, *exc: object) -> None:
        self._stop.set()
        self._thread.join()
        self.sample()

    @property
    def cpu_seconds(self) -> float:
        return sum(v - self._before.get(k, 0.0) for k, v in self._cpu.items())

    def _run(self) -> None:
        while not self._stop.wait(self.interval):
            self.sample()

    def sample(self) -> None:
        stats: dict[int, list[str]] = {}
        for entry in os.listdir("/proc"):
            if not entry.isdigit():
                continue
            try:
                with open(f"/proc/{entry}/stat") as f:
                    text = f.read()
            except OSError:
                continue
            # The command name may hold spaces: fields after the closing parenthesis.
            stats[int(entry)] = text[text.rindex(")") + 2:].split()
        children: dict[int, list[int]] = {}
        for pid, fields in stats.items():
            children.setdefault(int(fields[1]), []).append(pid)
        tree, todo = [], [os.getpid()]
        while todo:
            pid = todo.pop()
            tree.append(pid)
            todo += children.get(pid, [])
        rss = 0
        for pid in tree:
            fields = stats.get(pid)
            if fields is None:
                continue
            # stat fields (1-based, man 5 proc): 14 utime, 15 stime, 22 starttime, 24 rss (pages).
            rss += int(fields[21]) * self._page
            self._cpu[(pid, int(fields[19]))] = (int(fields[11]) + int(fields[12])) / self._tick
        if rss / 2**20 > self.peak_mb:
            self.peak_mb, self.peak_processes = rss / 2**20, len(tree)


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--units", type=int, default=40)
    parser.add_argument("--staff", type=int, default=40)
    parser.add_argument("--pool", type=int, default=30)
    parser.add_argument("--weeks", type=int, default=6)
    parser.add_argument("--unit-work", type=float, default=8.0)
    parser.add_argument("--pool-work", type=float, default=15.0)
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
        started = time.monotonic()
        load = os.getloadavg()[0]
        try:
            with TreeSampler() as sampler:
                results[name] = solve_region(demo.region, demo.units, runners[name], settings, pool_options)
        except RayStartError as exc:
            print(f"{name}: did not start ({exc.reason})", flush=True)
            continue
        walls[name] = time.monotonic() - started
        r = results[name]
        print(f"{name}: {walls[name]:.1f} s wall, {sampler.cpu_seconds:.1f} s CPU, peak {sampler.peak_mb:.0f} MB "
              f"({sampler.peak_processes} processes), load {load:.1f} -> {os.getloadavg()[0]:.1f}; "
              f"pool step {r.pool.seconds:.1f} s ({r.pool.status}), pre-assessment {r.assess_seconds:.1f} s; "
              f"units {dict(Counter(o.status for o in r.units.values()))}", flush=True)

    base = next(iter(walls))
    print("\n| runner | wall (s) | ratio to " + base + " |")
    print("|---|---|---|")
    for name, wall in walls.items():
        print(f"| {name} | {wall:.1f} | {walls[base] / wall:.2f} |")
    rosters = {n: [(o.unit_id, o.roster) for o in r.units.values()] for n, r in results.items()}
    same = all(v == rosters[base] for v in rosters.values())
    placed = {n: r.pool.placements for n, r in results.items()}
    same_pool = all(v == placed[base] for v in placed.values())
    print(f"\nsame unit rosters from every runner: {same}; same pool placements: {same_pool}")

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
    seconds = sorted(o.seconds for o in result.units.values())
    print(f"\nunit statuses: { {s: statuses.count(s) for s in sorted(set(statuses))} }; unit solve seconds "
          f"({base}): median {seconds[len(seconds) // 2]:.1f}, max {seconds[-1]:.1f}, sum {sum(seconds):.1f}")
    print(f"open places {sum(p.count for p in result.places)}, pool shifts {len(pool.placements)}, "
          f"agency places {sum(pool.agency.values())}, pre-assessment rows {len(result.assessments)}")
    print(f"pool rule violations (checker on the union of each pool employee's shifts): {len(pool.violations)}")


if __name__ == "__main__":
    main()
