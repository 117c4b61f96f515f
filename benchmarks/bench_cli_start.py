"""How fast `bemanning --help` and `bemanning <cmd> --help` start (issue 26: ≤ 0.5 s).

Runs each command line in a fresh process, N times, interleaving the source trees so that machine load hits
them alike, and prints a markdown table: median wall time, median CPU time of the process (user + system:
what the start costs, nearly independent of other load on a shared machine), peak memory (max RSS) and
which heavy libraries the process imported. Compare two trees (e.g. before/after a change) with ``--src``:

    git archive <old-commit> src | tar -x -C /tmp/before
    PYTHONPATH=src .venv/bin/python benchmarks/bench_cli_start.py --src before=/tmp/before/src --src after=src
"""

from __future__ import annotations

import argparse
import os
import platform
import statistics
import subprocess
import sys
import time
from pathlib import Path

COMMANDS = [
    ["--help"],
    ["solve", "--help"],
    ["scenario", "compare", "--help"],
    ["followup", "report", "--help"],
    ["bench", "curtois", "--help"],
    ["kostnad", "--help"],
    ["aktivitet", "importer", "--help"],
]
HEAVY = ("ortools", "numba", "pandas", "polars", "plotly", "fastapi", "sqlalchemy", "openpyxl",
         "pydantic", "yaml", "markdown_it", "pygments")
# What no `bemanning` command line can go below: the interpreter, and typer with rich's console (help needs both).
FLOORS = {"python -c pass": "pass", "python -c 'import typer, rich.console'": "import typer, rich.console"}

# The child runs the real entry point, then reports its peak memory and heavy imports on stderr.
CHILD = """
import atexit, resource, sys
def report():
    heavy = [m for m in {heavy!r} if m in sys.modules]
    usage = resource.getrusage(resource.RUSAGE_SELF)
    cpu = usage.ru_utime + usage.ru_stime
    sys.stderr.write(f"\\nBENCH {{usage.ru_maxrss}} {{cpu}} {{','.join(heavy) or '-'}}\\n")
atexit.register(report)
{body}
"""
MAIN = "from bemanning.cli import main\nmain()"


def run_once(src: str, args: list[str], body: str = MAIN) -> tuple[float, float, int, str]:
    env = {**os.environ, "PYTHONPATH": src, "BEMANNING_LANG": "no"}
    started = time.perf_counter()
    result = subprocess.run([sys.executable, "-c", CHILD.format(heavy=HEAVY, body=body), *args],
                            capture_output=True, text=True, env=env, timeout=300)
    seconds = time.perf_counter() - started
    line = next(x for x in result.stderr.splitlines() if x.startswith("BENCH "))
    _, rss, cpu, heavy = line.split()
    return seconds, float(cpu), int(rss) // 1024, heavy


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--src", action="append", default=[], help="NAME=PATH of a src tree (repeatable)")
    parser.add_argument("--runs", type=int, default=5)
    args = parser.parse_args()
    trees = [s.split("=", 1) for s in args.src] or [["this", "src"]]
    timings: dict[tuple[str, str], list[float]] = {}
    cpu_times: dict[tuple[str, str], list[float]] = {}
    memory: dict[tuple[str, str], int] = {}
    imported: dict[tuple[str, str], str] = {}
    load_before = os.getloadavg()[0]
    floors: dict[str, list[float]] = {}
    for _ in range(args.runs):
        for label, body in FLOORS.items():
            floors.setdefault(label, []).append(run_once("src", [], body)[1])
        for command in COMMANDS:
            for name, src in trees:
                key = (name, " ".join(command))
                seconds, cpu, rss, heavy = run_once(str(Path(src).resolve()), command)
                timings.setdefault(key, []).append(seconds)
                cpu_times.setdefault(key, []).append(cpu)
                memory[key] = max(memory.get(key, 0), rss)
                imported[key] = heavy
    load_after = os.getloadavg()[0]

    print(f"Python {platform.python_version()}, {platform.machine()}, {os.cpu_count()} cores; "
          f"load average {load_before:.1f} before, {load_after:.1f} after; median of {args.runs} runs\n")
    header = ["command"]
    for name, _ in trees:
        header += [f"{name} wall s", f"{name} CPU s", f"{name} MB", f"{name} heavy imports"]
    if len(trees) == 2:
        header += [f"wall {trees[0][0]} / {trees[1][0]}", f"CPU {trees[0][0]} / {trees[1][0]}"]
    print("| " + " | ".join(header) + " |")
    print("|" + " --- |" * len(header))
    for command in COMMANDS:
        label = "bemanning " + " ".join(command)
        row = [f"`{label}`"]
        walls, cpus = [], []
        for name, _ in trees:
            key = (name, " ".join(command))
            walls.append(statistics.median(timings[key]))
            cpus.append(statistics.median(cpu_times[key]))
            row += [f"{walls[-1]:.2f}", f"{cpus[-1]:.2f}", str(memory[key]), imported[key]]
        if len(trees) == 2:
            row += [f"{walls[0] / walls[1]:.1f}×", f"{cpus[0] / cpus[1]:.1f}×"]
        print("| " + " | ".join(row) + " |")
    print("\nFloor (CPU s, median): " + "; ".join(f"`{label}` {statistics.median(cpu):.2f}"
                                                 for label, cpu in floors.items()))


if __name__ == "__main__":
    main()
