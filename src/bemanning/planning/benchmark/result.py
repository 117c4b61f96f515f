"""What a benchmark engine returns."""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass, field

# status values, as written to results.csv
OPTIMAL = "optimal"
FEASIBLE = "feasible"
NO_SOLUTION = "no_solution"
INFEASIBLE = "infeasible"

Progress = Callable[[str], None]


@dataclass
class EngineResult:
    assignments: list[tuple[str, int, str]]
    objective: int | None  # the solver's own value of the returned roster
    lower_bound: int | None
    status: str
    seconds: float
    log: list[str] = field(default_factory=list)

    @property
    def has_solution(self) -> bool:
        return self.objective is not None


def solver_params(solver: object, time_limit: float, seed: int, workers: int = 2) -> None:
    """Deterministic seed, 2 workers (2-core machine), the given limit: CP-SAT's defaults otherwise
    (the plain baseline keeps them on purpose)."""
    params = solver.parameters  # type: ignore[attr-defined]
    params.max_time_in_seconds = max(time_limit, 0.05)
    params.num_workers = workers
    params.random_seed = seed
