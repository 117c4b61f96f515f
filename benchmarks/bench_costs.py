"""Time the cost model and the roster exports on the demo unit with a synthetic 6-week roster.

Run: PYTHONPATH=src python benchmarks/bench_costs.py
"""

from __future__ import annotations

import datetime as dt
import tempfile
import time
from collections.abc import Callable
from pathlib import Path

from bemanning.demo import build_demo_unit
from bemanning.io.ical import write_employee_calendars
from bemanning.io.roster_excel import write_roster_excel
from bemanning.model import Assignment, Roster
from bemanning.model.costs_result import UncoveredPlace
from bemanning.planning.costing import annual_roster_cost, cover_cost, roster_cost, salary_budget

PATTERN = "DDANN--"


def synthetic_roster() -> Roster:
    unit = build_demo_unit()
    start = unit.roster.start_date
    assignments = [
        Assignment(employee_id=e.id, date=start + dt.timedelta(days=d), shift_code=PATTERN[(d + i) % 7])
        for i, e in enumerate(unit.employees)
        for d in range(42)
        if PATTERN[(d + i) % 7] != "-"
    ]
    return Roster(unit_id=unit.id, start_date=start, days=42, cyclic=True, assignments=assignments)


def timed(fn: Callable[[], object], repeat: int = 3) -> float:
    best = float("inf")
    for _ in range(repeat):
        t0 = time.perf_counter()
        fn()
        best = min(best, time.perf_counter() - t0)
    return best


def main() -> None:
    unit = build_demo_unit()
    roster = synthetic_roster()
    start = roster.start_date
    groups = ["spl_sengepost", "helsefagarbeider", "spl_overvakning"]
    places = [
        UncoveredPlace(date=start + dt.timedelta(days=d), shift_code="DAN"[d % 3], group=groups[d % 3])
        for d in range(42)
    ]
    cover = cover_cost(unit, roster, places)
    with tempfile.TemporaryDirectory() as tmp:
        rows = [
            ("roster_cost (6 weeks)", len(roster.assignments), timed(lambda: roster_cost(unit, roster))),
            (
                "annual_roster_cost (365 days)",
                len(roster.assignments) * 365 // 42,
                timed(lambda: annual_roster_cost(unit, roster, 2027)),
            ),
            (
                "cover_cost (42 uncovered places)",
                len(places),
                timed(lambda: cover_cost(unit, roster, places)),
            ),
            (
                "salary_budget (year + cover)",
                len(roster.assignments) * 365 // 42,
                timed(lambda: salary_budget(unit, roster, 2027, cover)),
            ),
            (
                "write_roster_excel",
                len(roster.assignments),
                timed(lambda: write_roster_excel(unit, roster, Path(tmp) / "t.xlsx")),
            ),
            (
                "write_employee_calendars",
                len(roster.assignments),
                timed(lambda: write_employee_calendars(unit, roster, Path(tmp) / "ics")),
            ),
        ]
    print("| step | items | best of 3 (s) |")
    print("|---|---:|---:|")
    for name, items, seconds in rows:
        print(f"| {name} | {items} | {seconds:.3f} |")


if __name__ == "__main__":
    main()
