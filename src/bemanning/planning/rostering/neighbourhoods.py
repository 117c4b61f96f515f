"""Cell neighbourhoods for the LNS (``SolveOptions.neighbourhoods="cells"``): which (employee, day)
cells a step frees, in three shapes with their own adaptive sizes.

* ``days``: every employee over a window of days — re-balances cover directly, the most
  productive shape on the Curtois instances (docs/benchmarks/curtois.md), so it is drawn most;
* ``block``: a few employees over one to four weeks;
* ``employees``: a few employees over the whole period.

A shape grows after a step CP-SAT solved to optimality and shrinks after one it did not finish.
"""

from __future__ import annotations

import random

SHAPES = ("days", "days", "block", "block", "employees")
START_CELLS = 120  # free cells of the first neighbourhoods
GROW, SHRINK = 1.1, 0.85
FOCUS_SHARE = 0.5  # share of day windows drawn around a day with open places


class CellNeighbourhoods:
    def __init__(self, employees: list[str], days: int, rng: random.Random):
        self.employees, self.days, self.rng = employees, days, rng
        self.total = len(employees) * days
        self.floor = float(min(2 * len(employees), 40, self.total))
        self.cells = {shape: float(min(START_CELLS, self.total)) for shape in SHAPES}

    def next(self, short_days: list[int] | None = None) -> tuple[str, dict[str, set[int]]]:
        """A shape and its free days per employee. ``short_days`` (days with open places): when
        given, half of the day windows are drawn around one of them."""
        rng, n_emp, n = self.rng, len(self.employees), self.days
        kind = rng.choice(SHAPES)
        cells = int(self.cells[kind])
        if kind == "employees":
            chosen = rng.sample(self.employees, max(1, min(n_emp, round(cells / n))))
            return kind, {e: set(range(n)) for e in chosen}
        if kind == "days":
            length = max(2, min(n, round(cells / n_emp)))
            if short_days and rng.random() < FOCUS_SHARE:
                day = rng.choice(short_days)
                first = rng.randrange(max(0, day - length + 1), min(day, n - length) + 1)
            else:
                first = rng.randrange(0, n - length + 1)
            return kind, {e: set(range(first, first + length)) for e in self.employees}
        length = min(n, rng.choice((7, 14, 21, 28)))
        chosen = rng.sample(self.employees, max(1, min(n_emp, round(cells / length))))
        first = rng.randrange(0, n - length + 1)
        return kind, {e: set(range(first, first + length)) for e in chosen}

    def solved(self, kind: str, optimal: bool) -> None:
        if optimal:
            self.cells[kind] = min(self.cells[kind] * GROW, float(self.total))
        else:
            self.cells[kind] = max(self.cells[kind] * SHRINK, self.floor)
