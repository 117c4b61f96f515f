"""Run the chain for many scenario units: sequentially, in a process pool, or on a Ray cluster.

Each run is ``bemanning.planning.chain.run_chain`` on an already-applied scenario unit: the
input and output pickle and a run shares nothing with another, so the order of completion
never changes a result. Results come back in the scenarios' order.

Default one worker: each CP-SAT roster solve already uses two search workers, which fills a
two-core machine; more processes only make each solve slower within its time limit.
"""

from __future__ import annotations

import importlib
from collections.abc import Callable
from concurrent.futures import ProcessPoolExecutor, as_completed
from dataclasses import dataclass
from typing import Any

from bemanning.model import Roster, Unit
from bemanning.planning.chain import ChainResult, run_chain

DEFAULT_WORKERS = 1


@dataclass(frozen=True)
class ChainJob:
    """One scenario run: everything ``run_chain`` needs, picklable."""

    scenario: str
    unit: Unit
    roster_budget: float = 30.0
    seed: int = 0
    num_workers: int = 2
    roster: Roster | None = None

    def __call__(self) -> ChainResult:
        return run_chain(
            self.unit,
            roster_budget=self.roster_budget,
            seed=self.seed,
            num_workers=self.num_workers,
            roster=self.roster,
            scenario=self.scenario,
        )


def _run_job(job: ChainJob) -> ChainResult:
    return job()


Done = Callable[[str, ChainResult], None]


def run_jobs(
    jobs: list[ChainJob],
    *,
    workers: int = DEFAULT_WORKERS,
    ray_address: str | None = None,
    on_start: Callable[[str], None] | None = None,
    on_done: Done | None = None,
) -> list[ChainResult]:
    """Run every job and return the results in the jobs' order."""
    if ray_address is not None:
        return _run_ray(jobs, ray_address, on_start, on_done)
    results: dict[str, ChainResult] = {}
    if workers <= 1 or len(jobs) <= 1:
        for job in jobs:
            if on_start:
                on_start(job.scenario)
            results[job.scenario] = job()
            if on_done:
                on_done(job.scenario, results[job.scenario])
    else:
        with ProcessPoolExecutor(max_workers=workers) as pool:
            futures = {}
            for job in jobs:
                if on_start:
                    on_start(job.scenario)
                futures[pool.submit(_run_job, job)] = job.scenario
            for future in as_completed(futures):
                name = futures[future]
                results[name] = future.result()
                if on_done:
                    on_done(name, results[name])
    return [results[job.scenario] for job in jobs]


def ray_available() -> bool:
    try:
        importlib.import_module("ray")
    except ImportError:
        return False
    return True


def _run_ray(
    jobs: list[ChainJob], address: str, on_start: Callable[[str], None] | None, on_done: Done | None
) -> list[ChainResult]:
    """Ray is optional (not a dependency): the same job function as a remote task."""
    ray: Any = importlib.import_module("ray")
    ray.init(address=address, ignore_reinit_error=True)
    remote = ray.remote(num_cpus=2)(_run_job)
    refs = {}
    for job in jobs:
        if on_start:
            on_start(job.scenario)
        refs[job.scenario] = remote.remote(job)
    results: dict[str, ChainResult] = {}
    pending = {ref: name for name, ref in refs.items()}
    while pending:
        ready, _ = ray.wait(list(pending), num_returns=1)
        name = pending.pop(ready[0])
        results[name] = ray.get(ready[0])
        if on_done:
            on_done(name, results[name])
    return [results[job.scenario] for job in jobs]
