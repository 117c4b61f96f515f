"""What a search may spend: work units, or wall seconds, with a wall-clock safety cap.

Work units are CP-SAT's deterministic seconds, summed over every solver call of a search. A step's
limit is set in them (``max_deterministic_time``) and what it spent is read back from the response,
so the sequence of steps — and the roster — does not depend on how busy the machine is. Several
CP-SAT workers are deterministic only when interleaved (``interleave_search``), so that is set too.
Without a work limit the budget is wall time, as the public benchmark measures it.
"""

from __future__ import annotations

import time
from dataclasses import dataclass

from ortools.sat.python import cp_model

MIN_STEP = 0.01  # work units (or seconds) a solver call gets at least
# CP-SAT's deterministic time leaves out loading a model: an LNS step on a whole ward's model with
# no presolve reports ~0.014 units while loading ~80 000 variables and constraints costs several times
# that in wall time (docs/roster.md, "Budgets"). Each call is charged this much per variable and
# constraint on top, so the budget follows the real cost of many small steps (still deterministic).
LOAD_WORK = 1e-6


@dataclass
class Budget:
    wall: float  # seconds: the budget without ``work``, else the safety cap
    work: float | None = None
    started: float = 0.0
    spent: float = 0.0  # work units so far
    capped: bool = False  # the wall cap ended a work-limited search early

    def __post_init__(self) -> None:
        if not self.started:
            self.started = time.monotonic()

    @property
    def deterministic(self) -> bool:
        return self.work is not None

    def elapsed(self) -> float:
        return time.monotonic() - self.started

    def wall_left(self) -> float:
        return self.wall - self.elapsed()

    def left(self) -> float:
        """What is left, in the budget's own unit (work units, or seconds)."""
        wall_left = self.wall_left()
        if self.work is None:
            return wall_left
        if wall_left <= 0:
            self.capped = True
            return 0.0
        return self.work - self.spent

    def used(self) -> float:
        """What is spent, in the budget's own unit."""
        return self.spent if self.work is not None else self.elapsed()

    def limit(self, parameters: object, step: float) -> None:
        """Bound one solver call to ``step`` in the budget's unit (the caller bounds ``step`` by
        ``left()``: a step in a thread must not read the budget while others are charged)."""
        p: cp_model.SatParameters = parameters  # type: ignore[assignment]
        allowed = max(step, MIN_STEP)
        if self.work is None:
            p.max_time_in_seconds = allowed
            return
        p.max_deterministic_time = allowed
        p.max_time_in_seconds = max(self.wall_left(), MIN_STEP)
        if p.num_workers != 1:
            p.interleave_search = True

    def charge(self, solver: cp_model.CpSolver, model: cp_model.CpModel | None = None) -> float:
        """Count a finished call's work; returns it (deterministic seconds, plus loading ``model``).

        A call stopped by its work limit is charged the limit: CP-SAT's interleaved workers finish
        their last batch past it by an amount that depends on thread timing (the same solution
        reported 4.30 or 4.34 units against a limit of 4.195 from run to run, docs/roster.md)."""
        work = float(solver.response_proto.deterministic_time)
        if self.work is not None:
            work = min(work, solver.parameters.max_deterministic_time)
        if model is not None:
            work += LOAD_WORK * (len(model.proto.variables) + len(model.proto.constraints))
        self.spent += work
        return work
