"""Run the chain for many scenario units: sequentially, in a process pool, or on a Ray cluster.

Each run is ``bemanning.planning.chain.run_chain`` on an already-applied scenario unit: the
input and output pickle and a run shares nothing with another, so the order of completion
never changes a result. Results come back in the jobs' order. ``seeded_jobs`` makes one job per
scenario and seed (the same work budget each) and ``by_scenario`` groups their results again, for
``planning.scenario_compare``.

Default one worker: each CP-SAT roster solve already uses two search workers, which fills a
two-core machine; more processes only make each solve slower within its time limit.
"""

from __future__ import annotations

import importlib
from collections.abc import Callable
from concurrent.futures import ProcessPoolExecutor, as_completed
from dataclasses import dataclass
from typing import TYPE_CHECKING, Any

from bemanning.i18n import register, t
from bemanning.model import Roster, Unit
from bemanning.planning.chain import ChainResult, run_chain

if TYPE_CHECKING:
    from bemanning.model.scenario import ScenarioSet
    from bemanning.planning.scenario_compare import ScenarioOutcome

DEFAULT_WORKERS = 1

register({"scenario_seed_label": {"no": "{name} (frø {seed})", "en": "{name} (seed {seed})"}})


@dataclass(frozen=True)
class ChainJob:
    """One scenario run: everything ``run_chain`` needs, picklable."""

    scenario: str
    unit: Unit
    roster_budget: float = 30.0
    seed: int = 0
    num_workers: int = 2
    roster: Roster | None = None
    label: str = ""  # shown in progress; default the scenario's name

    @property
    def name(self) -> str:
        return self.label or self.scenario

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
    """Run every job and return the results in the jobs' order. The callbacks get the job's name."""
    if ray_address is not None:
        return _run_ray(jobs, ray_address, on_start, on_done)
    results: dict[int, ChainResult] = {}
    if workers <= 1 or len(jobs) <= 1:
        for index, job in enumerate(jobs):
            if on_start:
                on_start(job.name)
            results[index] = job()
            if on_done:
                on_done(job.name, results[index])
    else:
        with ProcessPoolExecutor(max_workers=workers) as pool:
            futures = {}
            for index, job in enumerate(jobs):
                if on_start:
                    on_start(job.name)
                futures[pool.submit(_run_job, job)] = index
            for future in as_completed(futures):
                index = futures[future]
                results[index] = future.result()
                if on_done:
                    on_done(jobs[index].name, results[index])
    return [results[index] for index in range(len(jobs))]


def seeded_jobs(units: dict[str, Unit], seeds: int, *, roster_budget: float, first_seed: int = 0,
                num_workers: int = 2) -> list[ChainJob]:
    """One job per scenario (``units``' order) and seed ``first_seed`` … ``first_seed + seeds - 1``,
    each with the same work budget."""
    return [
        ChainJob(scenario=name, unit=unit, roster_budget=roster_budget, seed=seed, num_workers=num_workers,
                 label=name if seeds == 1 else t("scenario_seed_label", name=name, seed=seed))
        for name, unit in units.items()
        for seed in range(first_seed, first_seed + seeds)
    ]


def by_scenario(jobs: list[ChainJob], results: list[ChainResult]) -> dict[str, list[ChainResult]]:
    """The results of ``seeded_jobs`` per scenario, in the scenarios' and the seeds' order."""
    out: dict[str, list[ChainResult]] = {}
    for job, result in zip(jobs, results, strict=True):
        out.setdefault(job.scenario, []).append(result)
    return out


def compare_scenarios(
    unit: Unit,
    scenarios: ScenarioSet,
    units: dict[str, Unit],
    *,
    seeds: int,
    roster_budget: float,
    first_seed: int = 0,
    workers: int = DEFAULT_WORKERS,
    ray_address: str | None = None,
    on_start: Callable[[str], None] | None = None,
    on_done: Done | None = None,
) -> list[ScenarioOutcome]:
    """The one scenario comparison (``bemanning scenario compare``, the demo, the web job): each
    applied unit in ``units`` run with ``seeds`` seeds from ``first_seed``, the same work budget
    each, and the outcomes with spreads and verdicts against the scenario set's baseline. A
    callback may raise to stop between runs (sequentially); nothing is compared then."""
    from bemanning.planning.scenario_compare import compare_runs

    jobs = seeded_jobs(units, seeds, roster_budget=roster_budget, first_seed=first_seed)
    results = run_jobs(jobs, workers=workers, ray_address=ray_address, on_start=on_start, on_done=on_done)
    return compare_runs(by_scenario(jobs, results), scenarios.baseline.name, units=units,
                        scenarios=scenarios.scenarios, unit=unit)


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
    pending = {}
    for index, job in enumerate(jobs):
        if on_start:
            on_start(job.name)
        pending[remote.remote(job)] = index
    results: dict[int, ChainResult] = {}
    while pending:
        ready, _ = ray.wait(list(pending), num_returns=1)
        index = pending.pop(ready[0])
        results[index] = ray.get(ready[0])
        if on_done:
            on_done(jobs[index].name, results[index])
    return [results[index] for index in range(len(jobs))]
