"""Benchmark: the engine of this checkout against the engine of an earlier commit, one after the
other on the same machine, with wall-clock limits as a user sets them.

    PYTHONPATH=src:benchmarks python benchmarks/bench_against_commit.py --commit d042f74 \\
        [--ward kirurgisk] [--old 300] [--new 30,300] [--seed 0]

The earlier commit is checked out into a temporary git worktree; each solve runs in its own
process with that tree's (or this one's) ``src`` first on the path and calls
``solve_context(ctx, rules, SolveOptions(time_limit=T, seed=S))`` on that tree's own demo ward
(the surgical ward, or the medical demo with its requirement). The checker of the same tree judges
the roster. Prints one markdown row per run, with the ratio to the first old run.
"""

from __future__ import annotations

import argparse
import os
import subprocess
import sys
import tempfile
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]

# Run in a child process: only the given tree's ``bemanning`` is importable there.
CHILD = """
import os, sys, time
from bemanning.planning.rostering import SolveOptions, build_context, check_context, default_rules, solve_context
from bemanning.planning.rostering import period_for_unit
ward, seconds, seed = sys.argv[1], float(sys.argv[2]), int(sys.argv[3])
if ward == "kirurgisk":
    from bemanning.demo import surgical_ward
    unit, requirement = surgical_ward.build_surgical_unit(), None
else:
    from bemanning.demo import build_demo_unit
    from bemanning.demo.steps.roster_step import demo_requirement
    unit = build_demo_unit()
    requirement = demo_requirement(unit)
ctx = build_context(unit, period_for_unit(unit), requirement)
rules = default_rules(unit)
load = os.getloadavg()[0]
started = time.monotonic()
result = solve_context(ctx, rules, SolveOptions(time_limit=seconds, seed=seed))
wall = time.monotonic() - started
report = check_context(ctx, result.roster, rules)
print(len(report.hard), report.uncovered_places, report.penalty,
      report.penalty_by_rule().get("fairness", 0), f"{wall:.1f}", f"{load:.1f}")
"""


def solve(src: Path, ward: str, seconds: float, seed: int) -> list[str]:
    env = {**os.environ, "PYTHONPATH": str(src)}
    out = subprocess.run([sys.executable, "-c", CHILD, ward, str(seconds), str(seed)],
                         env=env, capture_output=True, text=True, check=True)
    return out.stdout.split()


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--commit", required=True, help="the earlier engine's commit")
    parser.add_argument("--ward", default="kirurgisk", choices=["kirurgisk", "demo"])
    parser.add_argument("--old", default="300", help="time limits (s) for the earlier engine")
    parser.add_argument("--new", default="30,300", help="time limits (s) for this checkout's engine")
    parser.add_argument("--seed", type=int, default=0)
    args = parser.parse_args()
    with tempfile.TemporaryDirectory() as tmp:
        tree = Path(tmp) / "old"
        subprocess.run(["git", "-C", str(ROOT), "worktree", "add", "--detach", str(tree), args.commit],
                       check=True, capture_output=True)
        try:
            runs = [(args.commit, tree / "src", float(t)) for t in args.old.split(",")]
            runs += [("this checkout", ROOT / "src", float(t)) for t in args.new.split(",")]
            print("| engine | time limit s | hard | open | penalty | of which fairness | wall s | load | ratio |")
            print("|---" * 9 + "|")
            first: int | None = None
            for name, src, seconds in runs:
                hard, open_places, penalty, fairness, wall, load = solve(src, args.ward, seconds, args.seed)
                first = int(penalty) if first is None else first
                ratio = f"{int(penalty) / first:.2f}" if first else "–"
                print(f"| {name} | {seconds:g} | {hard} | {open_places} | {penalty} | {fairness} | {wall} | "
                      f"{load} | {ratio} |", flush=True)
        finally:
            subprocess.run(["git", "-C", str(ROOT), "worktree", "remove", "--force", str(tree)],
                           check=False, capture_output=True)


if __name__ == "__main__":
    main()
