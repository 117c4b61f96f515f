"""The product's roster engine and the plain CP-SAT baseline side by side on the Curtois & Qu instances.

    PYTHONPATH=src python benchmarks/bench_curtois.py --instances 1-24 --time-limit 60 --out bench-out

Runs, per instance, ``product`` then ``plain`` through the same harness as ``bemanning bench curtois``
(solution written, read back, checked by the independent checker), writes
``OUT/{product,plain}/results.csv`` and prints a markdown table with the 1-minute load average
at the end of each instance (the machine may be shared). Exits 1 if any check failed.
"""

from __future__ import annotations

import argparse
import os
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
    rows: dict[str, list[BenchRow]] = {"product": [], "plain": []}
    print("| instance | best known | product | gap product | LB product | plain | gap plain | plain/product "
          "| product status | plain status | load |")
    print("|---|---:|---:|---:|---:|---:|---:|---:|---|---|---:|", flush=True)
    failed = 0
    for n in parse_instances(args.instances):
        for engine in ("product", "plain"):
            out = args.out / engine
            out.mkdir(parents=True, exist_ok=True)
            row = run_instance(folder / f"Instance{n}.txt", out, engine, args.time_limit, args.seed, best)
            rows[engine].append(row)
            write_results(out / "results.csv", rows[engine])
            if row.error:
                failed += 1
                print(row.error, file=sys.stderr, flush=True)
        product, plain = rows["product"][-1], rows["plain"][-1]
        ratio = (f"{plain.objective / product.objective:.2f}" if product.objective and plain.objective is not None
                 else "–")
        load = os.getloadavg()[0]
        print(f"| {n} | {_fmt(product.best_known)} | {_fmt(product.objective)} | {_gap(product)} "
              f"| {_fmt(product.lower_bound)} | {_fmt(plain.objective)} | {_gap(plain)} | {ratio} "
              f"| {product.status} | {plain.status} | {load:.1f} |",
              flush=True)
    return 1 if failed else 0


if __name__ == "__main__":
    sys.exit(main())
