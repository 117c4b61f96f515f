"""Solving a region: every unit's roster (independent tasks), then the pool step as the final task.

Three runners give the same answer: ``serial`` (in this process), ``process`` (a
``ProcessPoolExecutor``, the default) and ``ray`` (Ray tasks on a local or remote cluster). A
task takes and returns plain picklable values and shares nothing with another, and every solve
has a fixed seed and a deterministic budget, so the runner never changes a result.
"""

from __future__ import annotations

import os
import time
from collections.abc import Callable, Sequence
from concurrent.futures import ProcessPoolExecutor
from dataclasses import dataclass
from typing import Any, TypeVar

from bemanning.i18n import register
from bemanning.io.errors import UserError, UserMessage
from bemanning.model import Roster, Unit
from bemanning.model.region import RegionFile
from bemanning.planning.pool import OpenPlace, PoolOptions, PoolResult, open_places, region_period, solve_pool
from bemanning.planning.preassessment import Assessment, assess_region
from bemanning.planning.rostering import UncoveredPlace

register(
    {
        "region_ray_start_failed": {
            "no": "Ray startet ikke ({address}): {reason}. Prøv igjen, eller kjør uten --ray (prosesser).",
            "en": "Ray did not start ({address}): {reason}. Try again, or run without --ray (processes).",
        }
    }
)

T = TypeVar("T")
R = TypeVar("R")


@dataclass(frozen=True)
class UnitSolveSettings:
    """The budget of each unit's roster solve (the one engine, ``solve_roster``): work units (CP-SAT
    deterministic seconds) and a seed, so the roster does not depend on the machine's load."""

    work_limit: float = 10.0
    seed: int = 0
    num_workers: int = 2


@dataclass(frozen=True)
class UnitJob:
    unit: Unit
    region: RegionFile
    settings: UnitSolveSettings


@dataclass
class UnitOutcome:
    unit_id: str
    roster: Roster
    status: str
    uncovered: list[UncoveredPlace]
    hard_violations: int
    seconds: float


@dataclass
class RegionResult:
    units: dict[str, UnitOutcome]
    places: list[OpenPlace]
    pool: PoolResult
    assessments: list[Assessment]
    assess_seconds: float = 0.0  # the agency pre-assessment's wall time (after the pool step)


def solve_unit(job: UnitJob) -> UnitOutcome:
    """One unit's roster for the region's period with the roster engine."""
    from bemanning.planning.rostering import SolveOptions, solve_roster

    s = job.settings
    options = SolveOptions.for_work(s.work_limit, seed=s.seed, num_workers=s.num_workers,
                                    period=region_period(job.region))
    result = solve_roster(job.unit, None, options)
    return UnitOutcome(
        unit_id=job.unit.id,
        roster=result.roster,
        status=result.status,
        uncovered=list(result.uncovered),
        hard_violations=len(result.hard_violations),
        seconds=result.seconds,
    )


def finish_region(
    region: RegionFile, units: dict[str, Unit], outcomes: list[UnitOutcome], pool_options: PoolOptions
) -> tuple[list[OpenPlace], PoolResult, list[Assessment], float]:
    """The final task: the pool on every unit's open places, then the agency pre-assessment (and its
    wall seconds)."""
    period = region_period(region)
    places = [p for o in outcomes for p in open_places(units[o.unit_id], o.uncovered, period)]
    places.sort(key=lambda p: (p.day, p.unit_id, p.shift, p.group))
    pool = solve_pool(region, units, places, pool_options)
    rosters = {o.unit_id: o.roster for o in outcomes}
    started = time.monotonic()
    assessments = assess_region(region, units, rosters, pool)
    return places, pool, assessments, time.monotonic() - started


# --- runners ------------------------------------------------------------------------------------


class SerialRunner:
    name = "serial"

    def run(self, jobs: Sequence[UnitJob], final: Callable[[list[UnitOutcome]], Any]) -> tuple[list[UnitOutcome], Any]:
        outcomes = [solve_unit(j) for j in jobs]
        return outcomes, final(outcomes)


class ProcessRunner:
    name = "process"

    def __init__(self, workers: int | None = None):
        self.workers = workers or os.cpu_count() or 1

    def run(self, jobs: Sequence[UnitJob], final: Callable[[list[UnitOutcome]], Any]) -> tuple[list[UnitOutcome], Any]:
        with ProcessPoolExecutor(max_workers=self.workers) as pool:
            outcomes = list(pool.map(solve_unit, jobs))
        return outcomes, final(outcomes)


class RayStartError(UserError):
    """Ray could not start or reach its node (a message for the user, exit 2)."""

    def __init__(self, address: str, reason: str):
        super().__init__([UserMessage("region_ray_start_failed", {"address": address, "reason": reason})])
        self.reason = reason


class RayRunner:
    """Unit solves as Ray tasks, the pool step as the final task (it waits on the units' results).
    ``address="local"`` starts a local Ray with two CPUs; else it connects to ``address``."""

    name = "ray"

    def __init__(self, address: str, num_cpus: int = 2):
        self.address = address
        self.num_cpus = num_cpus

    def run(self, jobs: Sequence[UnitJob], final: Callable[[list[UnitOutcome]], Any]) -> tuple[list[UnitOutcome], Any]:
        import ray

        started_here = not ray.is_initialized()
        if started_here:
            self._start(ray)
        try:
            unit_task = ray.remote(num_cpus=1)(solve_unit)
            refs = [unit_task.remote(j) for j in jobs]
            final_task = ray.remote(num_cpus=1)(_call_final)
            done = final_task.remote(final, *refs)  # Ray resolves the unit refs before it starts
            return ray.get(refs), ray.get(done)
        finally:
            if started_here:
                ray.shutdown()

    def _start(self, ray: Any) -> None:
        try:
            if self.address == "local":
                init_local_ray(ray, self.num_cpus)
            else:
                ray.init(address=self.address, log_to_driver=False)
        except Exception as exc:  # Ray raises plain exceptions when its node does not come up
            ray.shutdown()
            # On a loaded machine the raylet may give up waiting for its agents (ray-project/ray#65983;
            # the deadlines are raised in LOCAL_RAY_SYSTEM_CONFIG); a retry did not help at load 15, so
            # the user decides.
            reason = str(exc).splitlines()[0] if str(exc) else type(exc).__name__
            raise RayStartError(self.address, reason) from exc


# A local node on a loaded machine: the raylet shuts down when its agents (dashboard, runtime env) or
# its workers do not register in time, and a busy machine starts Python processes slowly. Ray's own
# settings (``_system_config``) give them three minutes instead of Ray's defaults (seconds).
LOCAL_RAY_SYSTEM_CONFIG: dict[str, Any] = {"agent_register_timeout_ms": 180_000, "worker_register_timeout_seconds": 180}


def init_local_ray(ray: Any, num_cpus: int = 2) -> None:
    """Start a local Ray node as ``--ray local`` does (no dashboard, generous registration deadlines)."""
    ray.init(num_cpus=num_cpus, include_dashboard=False, log_to_driver=False, _system_config=LOCAL_RAY_SYSTEM_CONFIG)


def _call_final(final: Callable[[list[UnitOutcome]], Any], *outcomes: UnitOutcome) -> Any:
    return final(list(outcomes))


@dataclass(frozen=True)
class _Final:
    """The final task as a picklable callable."""

    region: RegionFile
    units: dict[str, Unit]
    pool_options: PoolOptions

    def __call__(self, outcomes: list[UnitOutcome]) -> tuple[list[OpenPlace], PoolResult, list[Assessment], float]:
        return finish_region(self.region, self.units, outcomes, self.pool_options)


def runner_for(ray_address: str | None, workers: int | None = None) -> SerialRunner | ProcessRunner | RayRunner:
    if ray_address:
        return RayRunner(ray_address)
    if workers == 1:
        return SerialRunner()
    return ProcessRunner(workers)


def solve_region(
    region: RegionFile,
    units: dict[str, Unit],
    runner: SerialRunner | ProcessRunner | RayRunner,
    unit_settings: UnitSolveSettings | None = None,
    pool_options: PoolOptions | None = None,
) -> RegionResult:
    settings = unit_settings or UnitSolveSettings()
    jobs = [UnitJob(units[ref.id], region, settings) for ref in region.unit_refs()]
    final = _Final(region, units, pool_options or PoolOptions())
    outcomes, (places, pool, assessments, assess_seconds) = runner.run(jobs, final)
    return RegionResult(units={o.unit_id: o for o in outcomes}, places=places, pool=pool, assessments=assessments,
                        assess_seconds=assess_seconds)
