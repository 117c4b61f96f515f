"""Benchmark: repair of a solved ward roster after sick calls.

    .venv/bin/python benchmarks/bench_repair.py [--ward demo|kirurgisk] [--work-limit 4] [--time-limit 8]
                                                [--roster base.csv]

The base roster is solved with a work budget (the same roster on any machine). The repair gets
``--work-limit`` work units where ``repair_roster`` takes them (the one engine), else ``--time-limit``
seconds (older commits: run the same script with their ``src`` on ``PYTHONPATH`` to compare).

Columns: the sick shifts taken out, the places that opened because of them ("lost") and how many of
those the repair filled again ("restored"), the changed assignments besides the sick days and their
change cost, the open places against the full requirement before the call → after the repair, hard
violations of the result, status and seconds.
"""

from __future__ import annotations

import argparse
import datetime as dt
import inspect
import time
from pathlib import Path

from bemanning.demo import build_demo_unit
from bemanning.demo.steps.roster_step import demo_requirement
from bemanning.io.roster_csv import read_roster_csv, write_roster_csv
from bemanning.planning.rostering import SolveOptions, check_context, check_roster, solve_roster
from bemanning.planning.sickcalls import SickCall, repair_roster
from bemanning.planning.sickcalls.repair import roster_of


def _ward(name: str):  # type: ignore[no-untyped-def]
    if name == "kirurgisk":
        from bemanning.demo.surgical_ward import build_surgical_unit

        unit = build_surgical_unit()
        return unit, None
    unit = build_demo_unit()
    return unit, demo_requirement(unit)


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--ward", default="demo", choices=["demo", "kirurgisk"])
    parser.add_argument("--solve-work", type=float, default=20.0)
    parser.add_argument("--work-limit", type=float, default=4.0)
    parser.add_argument("--time-limit", type=float, default=8.0)
    parser.add_argument("--roster", type=Path, help="base roster CSV: read when it exists, else solved and written "
                        "(so two commits repair the same roster)")
    args = parser.parse_args()
    unit, requirement = _ward(args.ward)
    if args.roster is not None and args.roster.exists():
        roster = read_roster_csv(args.roster, unit)
    else:
        roster = solve_roster(unit, requirement, SolveOptions.for_work(args.solve_work, seed=0)).roster
        if args.roster is not None:
            write_roster_csv(roster, unit, args.roster)
    engine = "work_limit" in inspect.signature(repair_roster).parameters
    budget = {"work_limit": args.work_limit} if engine else {"time_limit": args.time_limit}
    print(f"{args.ward}: {len(unit.employees)} staff, {roster.days // 7} weeks, {len(roster.assignments)} shifts; "
          f"repair budget {budget}\n")
    print("| case | sick shifts | lost | restored | changes | change cost | open before → after | hard | status "
          "| repair s |")
    print("|---|---|---|---|---|---|---|---|---|---|")
    first = roster.start_date + dt.timedelta(days=10)
    working = sorted({a.employee_id for a in roster.assignments if a.date == first})
    cases = (
        ("1 day", [(working[0], 0)]),
        ("3 days", [(working[len(working) // 2], 2)]),
        ("1 week", [(working[-1], 6)]),
        ("2 staff, 2 days", [(working[1], 1), (working[-2], 1)]),
        ("3 staff, 4 days", [(working[2], 3), (working[len(working) // 3], 3), (working[-3], 3)]),
    )
    for label, calls in cases:
        call = [SickCall(who, first, first + dt.timedelta(days=days)) for who, days in calls]
        started = time.monotonic()
        result = repair_roster(unit, roster, call, requirement, **budget)  # type: ignore[arg-type]
        seconds = time.monotonic() - started
        before = check_roster(unit, roster, requirement).uncovered_places
        setup = result.setup
        coverage = [r for r in setup.rules if r.code == "coverage"]  # on the repair's target (only what was lost)
        lost = check_context(setup.ctx, roster_of(setup.start, setup.ctx), coverage).uncovered_places
        left = check_context(setup.ctx, result.roster, coverage).uncovered_places
        print(f"| {label} | {result.removed} | {lost} | {lost - left} | {result.changed_assignments} | "
              f"{result.change_cost} | {before} → {result.report.uncovered_places} | {len(result.report.hard)} | "
              f"{result.status} | {seconds:.1f} |")


if __name__ == "__main__":
    main()
