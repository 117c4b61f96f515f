"""Cell neighbourhoods for the LNS (``SolveOptions.neighbourhoods="cells"``): which (employee, day)
cells a step frees, in five shapes with their own adaptive sizes.

* ``days``: every employee over a window of days — re-balances cover directly;
* ``block``: a few employees over one to four weeks;
* ``employees``: a few employees over the whole period;
* ``twin``: every employee over two short windows, one around a day with open places and one
  around a day with more heads than needed — lets work move from one to the other across weeks,
  which a single window cannot;
* ``weekends``: a few employees over up to four weekends (one with open places among them), each
  with the Friday before and the Monday after — re-deals who works which weekend, which a window
  cannot when a weekend cap binds (Curtois 13: the open places were all on weekends while 77 of
  120 staff had minutes to spare). Only drawn when the period's weekends are given (the solver's
  ``WEEKEND_NEIGHBOURHOODS``, off by default).

A shape grows after a step CP-SAT solved to optimality and shrinks after one it did not finish.
Which shape pays best differs between instances (on Curtois 21 whole employees gained the most
per second, on the mid-size ones day windows), so the draw is adaptive: after a warm-up round
each shape is drawn in proportion to its recent gain per second, with a share of uniform draws
so that a shape that stopped paying can come back.
"""

from __future__ import annotations

import random

SHAPES = ("days", "block", "employees", "twin", "weekends")
START_CELLS = 120  # free cells of the first neighbourhoods
GROW, SHRINK = 1.1, 0.85
FOCUS_SHARE = 0.5  # share of day windows drawn around a day with open places
EXPLORE = 0.2  # share of uniform shape draws
WEEKENDS_AT_ONCE = 4  # weekends a ``weekends`` neighbourhood frees
WARM_UP = 2  # steps per shape before the draw follows the gains
DECAY = 0.7  # weight of a shape's earlier gain rate against its latest step


class CellNeighbourhoods:
    def __init__(self, employees: list[str], days: int, rng: random.Random,
                 weekends: list[tuple[int, int]] | None = None):
        self.employees, self.days, self.rng = employees, days, rng
        # each weekend as Saturday and Sunday with the Friday before and the Monday after, in the period
        self.weekends = [{d for d in range(sat - 1, sat + 3) if 0 <= d < days} for sat, _ in weekends or []]
        self.weekends = [w for w in self.weekends if w]
        # shapes that can be drawn here (no weekend in the period: no ``weekends``)
        self.shapes = tuple(s for s in SHAPES if s != "weekends" or self.weekends)
        self.total = len(employees) * days
        self.floor = float(min(2 * len(employees), 40, self.total))
        self.cells = {shape: float(min(START_CELLS, self.total)) for shape in SHAPES}
        self.steps = {shape: 0 for shape in SHAPES}
        self.rate = {shape: 0.0 for shape in SHAPES}  # decayed penalty gain per second

    def _draw(self) -> str:
        untried = [s for s in self.shapes if self.steps[s] < WARM_UP]
        if untried:
            return untried[0]
        total = sum(self.rate[s] for s in self.shapes)
        if total <= 0 or self.rng.random() < EXPLORE:
            return self.rng.choice(self.shapes)
        return self.rng.choices(self.shapes, weights=[self.rate[s] for s in self.shapes])[0]

    def next(
        self, short_days: list[int] | None = None, surplus_days: list[int] | None = None,
        half_weekends: list[str] | None = None,
    ) -> tuple[str, dict[str, set[int]]]:
        """A shape and its free days per employee. ``short_days`` (days with open places): when
        given, half of the day windows are drawn around one of them; ``twin`` needs both
        ``short_days`` and ``surplus_days`` (days with more heads than needed), else it is a day
        window. ``half_weekends`` (employees who work one day of some weekend, which uses up a
        weekend for one shift): half of the ``weekends`` shape's employees are drawn from them."""
        rng, n_emp, n = self.rng, len(self.employees), self.days
        kind = self._draw()
        if kind == "twin" and not (short_days and surplus_days):
            self.steps["twin"] += 1  # counts as tried, or the warm-up would draw it forever
            kind = "days"
        cells = int(self.cells[kind])
        if kind == "twin":
            length = max(1, min(n // 2, round(cells / n_emp / 2)))
            days: set[int] = set()
            for around in (rng.choice(short_days or []), rng.choice(surplus_days or [])):
                days.update(self._window_around(around, length))
            return kind, {e: set(days) for e in self.employees}
        if kind == "weekends":
            days = self._weekend_days(short_days or [])
            size = max(1, min(n_emp, round(cells / len(days))))
            half = rng.sample(half_weekends or [], min(len(half_weekends or []), size // 2))
            taken = set(half)
            others = [e for e in self.employees if e not in taken]
            chosen = half + rng.sample(others, size - len(half))
            return kind, {e: set(days) for e in chosen}
        if kind == "employees":
            chosen = rng.sample(self.employees, max(1, min(n_emp, round(cells / n))))
            return kind, {e: set(range(n)) for e in chosen}
        if kind == "days":
            length = max(2, min(n, round(cells / n_emp)))
            if short_days and rng.random() < FOCUS_SHARE:
                window = self._window_around(rng.choice(short_days), length)
            else:
                first = rng.randrange(0, n - length + 1)
                window = range(first, first + length)
            return kind, {e: set(window) for e in self.employees}
        length = min(n, rng.choice((7, 14, 21, 28)))
        chosen = rng.sample(self.employees, max(1, min(n_emp, round(cells / length))))
        first = rng.randrange(0, n - length + 1)
        return kind, {e: set(range(first, first + length)) for e in chosen}

    def _weekend_days(self, short_days: list[int]) -> set[int]:
        """The days of up to ``WEEKENDS_AT_ONCE`` weekends, one with an open place if there is one."""
        open_ = [w for w in self.weekends if w & set(short_days)]
        first = [self.rng.choice(open_)] if open_ else []
        others = [w for w in self.weekends if w not in first]
        chosen = first + self.rng.sample(others, min(len(others), WEEKENDS_AT_ONCE - len(first)))
        return set().union(*chosen)

    def _window_around(self, day: int, length: int) -> range:
        """A random window of ``length`` days inside the period that contains ``day``."""
        first = self.rng.randrange(max(0, day - length + 1), min(day, self.days - length) + 1)
        return range(first, first + length)

    def solved(self, kind: str, optimal: bool, gain: float = 0.0, seconds: float = 1.0) -> None:
        """After a step of ``kind``: its size adapts to whether CP-SAT finished, its draw weight to
        the penalty it gained per second."""
        self.steps[kind] += 1
        self.rate[kind] = DECAY * self.rate[kind] + (1 - DECAY) * max(gain, 0.0) / max(seconds, 1e-3)
        if optimal:
            self.cells[kind] = min(self.cells[kind] * GROW, float(self.total))
        else:
            self.cells[kind] = max(self.cells[kind] * SHRINK, self.floor)
