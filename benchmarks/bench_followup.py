"""Benchmark: aggregate a 10-million-row shift-level dataset into monthly unit KPIs and the roll-up.

Usage:  PYTHONPATH=src python benchmarks/bench_followup.py [--rows 10000000] [--runs 3] [--data DIR]

The data (region of 4 trusts × 30 units, shifts over 3 years) is generated once into DIR and not
timed. Each run is a fresh subprocess that loads and validates the Parquet file, aggregates to
unit × month, fills the grid, and computes every level (unit, clinic, trust, region) with rolling
12-month trends and year-over-year, plus the sick-leave ranking. Peak memory is the child's
maximum resident set size (ru_maxrss), so it includes the Python interpreter and polars itself.
"""

from __future__ import annotations

import argparse
import json
import os
import resource
import statistics
import subprocess
import sys
import time
from pathlib import Path


def child(data: Path) -> None:
    started = time.perf_counter()
    from bemanning.followup.kpi import all_levels, unit_month_base
    from bemanning.followup.loading import load_followup
    from bemanning.followup.settings import FollowupSettings
    from bemanning.followup.sickleave import sick_leave_ranking

    imported = time.perf_counter()
    settings = FollowupSettings()
    loaded = load_followup([data / "organisasjon.csv", data / "vakter.parquet"])
    validated = time.perf_counter()
    base = unit_month_base(loaded, settings)
    levels = all_levels(base, settings)
    ranking = sick_leave_ranking(base, settings)
    done = time.perf_counter()
    print(
        json.dumps(
            {
                "import_s": imported - started,
                "validate_s": validated - imported,
                "aggregate_s": done - validated,
                "total_s": done - imported,
                "rows": loaded.shift_rows,
                "rejected": int(loaded.rejected()["rad"].n_unique()),
                "unit_months": levels["enhet"].height,
                "trust_months": levels["foretak"].height,
                "ranked_units": ranking.height,
            }
        )
    )


def ensure_data(data: Path, rows: int) -> float:
    target = data / "vakter.parquet"
    if target.exists() and (data / "rows.txt").exists() and (data / "rows.txt").read_text() == str(rows):
        return 0.0
    from bemanning.followup.generate import RegionShape, generate_region, generate_shifts

    started = time.perf_counter()
    data.mkdir(parents=True, exist_ok=True)
    org = generate_region(RegionShape())["organisasjon"]
    org.write_csv(data / "organisasjon.csv")
    generate_shifts(rows, org, years=3).write_parquet(target)
    (data / "rows.txt").write_text(str(rows))
    return time.perf_counter() - started


def run_child(data: Path) -> tuple[dict[str, float], float, float]:
    """(timings, peak RSS in MB, CPU seconds). ru_maxrss of RUSAGE_CHILDREN is the largest child so far."""
    env = {**os.environ, "PYTHONPATH": os.environ.get("PYTHONPATH", "src")}
    before = resource.getrusage(resource.RUSAGE_CHILDREN)
    done = subprocess.run(
        [sys.executable, __file__, "--child", str(data)], capture_output=True, text=True, env=env, check=True
    )
    usage = resource.getrusage(resource.RUSAGE_CHILDREN)
    cpu = usage.ru_utime + usage.ru_stime - before.ru_utime - before.ru_stime
    return json.loads(done.stdout.strip().splitlines()[-1]), usage.ru_maxrss / 1024, cpu


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--rows", type=int, default=10_000_000)
    parser.add_argument("--runs", type=int, default=3)
    parser.add_argument("--data", type=Path, default=Path("/tmp/bemanning-bench-followup"))
    parser.add_argument("--child", type=Path)
    args = parser.parse_args()
    if args.child:
        child(args.child)
        return
    generated = ensure_data(args.data, args.rows)
    size_mb = (args.data / "vakter.parquet").stat().st_size / 1e6
    results = []
    peak = 0.0
    cpus = []
    for _ in range(args.runs):
        result, rss, cpu = run_child(args.data)
        results.append(result)
        cpus.append(cpu)
        peak = max(peak, rss)
    median = {k: statistics.median(r[k] for r in results) for k in ("validate_s", "aggregate_s", "total_s")}
    first = results[0]
    print(
        f"Shift rows: {first['rows']:,} ({size_mb:.0f} MB Parquet); generated in {generated:.1f} s "
        f"(0 = reused)\n"
    )
    print(f"| step | median of {args.runs} runs (wall clock) |")
    print("|---|---|")
    print(f"| load + validate (reject bad rows) | {median['validate_s']:.2f} s |")
    print(
        f"| aggregate unit × month, roll-up to clinic/trust/region, 12-month trends, YoY, ranking "
        f"| {median['aggregate_s']:.2f} s |"
    )
    print(f"| **total (target ≤ 5 s)** | **{median['total_s']:.2f} s** |")
    print(
        f"| CPU time of the child process incl. imports (user + sys) | {statistics.median(cpus):.2f} s |"
    )
    print(f"| peak RSS of the process (target ≤ 2 GB) | {peak:.0f} MB |")
    print(
        f"\nOutput: {first['unit_months']:,} unit-months, {first['trust_months']} trust-months, "
        f"{first['ranked_units']} units ranked, {first['rejected']} rows rejected."
    )


if __name__ == "__main__":
    main()
