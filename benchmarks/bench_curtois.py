"""Our engine and the plain CP-SAT baseline side by side on the Curtois & Qu instances.

    PYTHONPATH=src python benchmarks/bench_curtois.py --instances 1-24 --time-limit 60 --out bench-out

Runs, per instance, ``ours`` then ``plain`` through the same harness as ``bemanning bench curtois``
(solution written, read back, checked by the independent checker), writes
``OUT/{ours,plain}/results.csv`` and prints a markdown table. Exits 1 if any check failed.
"""

from __future__ import annotations

import argparse
import sys
from pathlib import Path

from bemanning.cli.bench import (
    BenchRow,
    default_data_dir,
    parse_instances,
    read_best_known,
    run_instance,
    write_results,
)


def _fmt(value: object) -> str:
    return "–" if value is None else str(value)


def _gap(row: BenchRow) -> str:
    return "–" if row.gap_pct is None else f"{row.gap_pct:.1f} %"


def main() -> int:
    parser = argparse.ArgumentParser()
    parser.add_argument("--instances", default="1-24")
    parser.add_argument("--time-limit", type=float, default=60.0)
    parser.add_argument("--out", type=Path, default=Path("bench-out"))
    parser.add_argument("--data-dir", type=Path, default=None)
    parser.add_argument("--seed", type=int, default=1)
    args = parser.parse_args()
    folder = args.data_dir or default_data_dir()
    best = read_best_known(folder)
    rows: dict[str, list[BenchRow]] = {"ours": [], "plain": []}
    print("| instance | best known | ours | gap ours | plain | gap plain | plain/ours | ours status | plain status |")
    print("|---|---:|---:|---:|---:|---:|---:|---|---|", flush=True)
    failed = 0
    for n in parse_instances(args.instances):
        for engine in ("ours", "plain"):
            out = args.out / engine
            out.mkdir(parents=True, exist_ok=True)
            row = run_instance(folder / f"Instance{n}.txt", out, engine, args.time_limit, args.seed, best)
            rows[engine].append(row)
            write_results(out / "results.csv", rows[engine])
            if row.error:
                failed += 1
                print(row.error, file=sys.stderr, flush=True)
        ours, plain = rows["ours"][-1], rows["plain"][-1]
        ratio = (f"{plain.objective / ours.objective:.2f}" if ours.objective and plain.objective is not None
                 else "–")
        print(f"| {n} | {_fmt(ours.best_known)} | {_fmt(ours.objective)} | {_gap(ours)} | {_fmt(plain.objective)} "
              f"| {_gap(plain)} | {ratio} | {ours.status} | {plain.status} |", flush=True)
    return 1 if failed else 0


if __name__ == "__main__":
    sys.exit(main())
