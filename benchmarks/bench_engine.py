"""Benchmark: the one roster engine against a plain monolithic CP-SAT model of the same rules, on
test wards of different shapes (``wards.py``) and the demo ward, at the same work budgets.

    PYTHONPATH=src:benchmarks python benchmarks/bench_engine.py [--wards all] [--work 5,10,30]
                                                               [--seed 0] [--busy]

Per ward and budget, each side's roster is judged by the same independent checker: hard
violations, open places (below the requirement), of which below the safe minimum, the soft penalty,
work units spent, wall seconds, and for the engine the seconds to its first lawful roster and to
full cover. "plain" is ``build_model`` (every rule object's model face, the full objective) solved
by CP-SAT with 2 interleaved workers and the same deterministic budget — what one would write
without the engine. ``--busy`` runs two processes burning both cores beside each solve (the result
must not change: work budgets). The load average before each run is printed.
"""

from __future__ import annotations

import argparse
import datetime as dt
import os
import subprocess
import sys
import time
from dataclasses import dataclass

from ortools.sat.python import cp_model

from bemanning.planning.rostering import SolveOptions, build_context, check_context, default_rules, solve_context
from bemanning.planning.rostering.bound import coverage_floor
from bemanning.planning.rostering.budget import Budget
from bemanning.planning.rostering.solver import _extract, build_model
from wards import WARDS, build_ward

BURNER = "import time\nend = time.time() + 3600\nwhile time.time() < end: pass\n"


@dataclass
class Row:
    side: str
    lawful: bool
    hard: int
    open_places: int
    below_minimum: int
    penalty: int
    work: float
    wall: float
    first_lawful: float | None = None
    full_cover: float | None = None


def _ward(name: str):  # type: ignore[no-untyped-def]
    if name == "demo":
        from bemanning.demo import build_demo_unit
        from bemanning.demo.steps.roster_step import demo_requirement
        from bemanning.planning.rostering import period_for_unit

        unit = build_demo_unit()
        return unit, demo_requirement(unit), period_for_unit(unit)
    if name == "kirurgisk":  # the shipped surgical demo ward (long shifts, composite cover)
        from bemanning.demo import surgical_ward
        from bemanning.planning.rostering import period_for_unit

        unit = surgical_ward.build_surgical_unit()
        return unit, None, period_for_unit(unit)
    if name == "kirurgisk-calendar":  # the same ward planned as a 12-week calendar period
        from bemanning.demo import surgical_ward
        from bemanning.planning.rostering import Period

        unit = surgical_ward.build_surgical_unit()
        start = unit.roster.start_date
        return unit, None, Period.calendar(start, start + dt.timedelta(weeks=12, days=-1))
    return build_ward(WARDS[name])


def run_engine(name: str, work: float, seed: int, seconds: bool = False) -> Row:
    unit, requirement, period = _ward(name)
    ctx = build_context(unit, period, requirement)
    rules = default_rules(unit)
    started = time.monotonic()
    options = SolveOptions(time_limit=work, seed=seed) if seconds else SolveOptions.for_work(work, seed=seed)
    result = solve_context(ctx, rules, options)
    wall = time.monotonic() - started
    report = result.report
    return Row("engine", result.lawful, len(report.hard), report.uncovered_places,
               sum(p.below_minimum for p in report.uncovered), report.penalty, result.work, wall,
               result.seconds_to_first_lawful, result.seconds_to_full_cover)


def run_plain(name: str, work: float, seed: int, seconds: bool = False) -> Row:
    unit, requirement, period = _ward(name)
    ctx = build_context(unit, period, requirement)
    rules = default_rules(unit)
    started = time.monotonic()
    m = build_model(ctx, rules)
    solver = cp_model.CpSolver()
    solver.parameters.num_workers = 2
    solver.parameters.random_seed = seed
    budget = Budget(wall=work) if seconds else Budget(wall=max(60.0, 10 * work), work=work)
    budget.limit(solver.parameters, work)
    status = solver.solve(m.model)
    wall = time.monotonic() - started
    if status not in (cp_model.OPTIMAL, cp_model.FEASIBLE):
        return Row("plain", False, 0, 0, 0, 0, solver.response_proto.deterministic_time, wall)
    report = check_context(ctx, _extract(m, solver), rules)
    return Row("plain", report.ok, len(report.hard), report.uncovered_places,
               sum(p.below_minimum for p in report.uncovered), report.penalty,
               solver.response_proto.deterministic_time, wall)


def _fmt(value: float | None) -> str:
    return "–" if value is None else f"{value:.1f}"


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--wards", default="all",
                        help="comma-separated names of wards.py, 'demo', 'kirurgisk', or 'all'")
    parser.add_argument("--work", default="5,10,30")
    parser.add_argument("--seed", type=int, default=0)
    parser.add_argument("--busy", action="store_true", help="burn both cores beside every solve")
    parser.add_argument("--seconds", action="store_true",
                        help="--work gives wall-clock seconds (a time limit, as a user sets it), not work units")
    parser.add_argument("--runs", type=int, default=1, help="runs per ward and budget (seeds seed, seed+1, ...)")
    parser.add_argument("--no-plain", action="store_true", help="the engine only")
    args = parser.parse_args()
    names = [*WARDS, "demo", "kirurgisk"] if args.wards == "all" else args.wards.split(",")
    print("| ward | work | side | lawful | hard | open places | below min | penalty | work spent | wall s | "
          "first lawful s | full cover s | open ratio plain/engine | load |")
    print("|---" * 14 + "|")
    bounds = []
    burners = [subprocess.Popen([sys.executable, "-c", BURNER]) for _ in range(2)] if args.busy else []
    try:
        for name in names:
            seeds = range(args.seed, args.seed + args.runs)
            budgets = [(float(w), seed) for w in args.work.split(",") for seed in seeds]
            for work, seed in budgets:
                load = os.getloadavg()[0]
                engine = run_engine(name, work, seed, args.seconds)
                plain = None if args.no_plain else run_plain(name, work, seed, args.seconds)
                ratio = (f"{plain.open_places / engine.open_places:.2f}"
                         if plain is not None and engine.open_places and plain.lawful else "–")
                for row in (engine, plain):
                    if row is None:
                        continue
                    print(f"| {name} | {work:g} | {row.side} | {'ja' if row.lawful else 'nei'} | {row.hard} | "
                          f"{row.open_places} | {row.below_minimum} | {row.penalty} | {row.work:.1f} | "
                          f"{row.wall:.1f} | {_fmt(row.first_lawful)} | {_fmt(row.full_cover)} | "
                          f"{ratio if row.side == 'engine' else ''} | {load:.1f} |", flush=True)
            bounds.append(f"* {name}: {bound_text(name)}")
    finally:
        for b in burners:
            b.kill()
    print()
    print("Lower bounds on open places (the engine's `bound.py`):")
    print("\n".join(bounds))


def bound_text(name: str) -> str:
    unit, requirement, period = _ward(name)
    ctx = build_context(unit, period, requirement)
    floor = coverage_floor(ctx, default_rules(unit), Budget(wall=60.0))
    if floor is None:
        return "– (not proved within its limit)"
    return (f"at least {floor.open_places} open places ({floor.below_minimum} below the safe minimum), "
            f"coverage penalty ≥ {floor.penalty}")


if __name__ == "__main__":
    main()
