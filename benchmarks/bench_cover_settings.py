"""Benchmark: which CP-SAT settings find full cover fastest on a ward's cover model (the engine's
``_Search.cover_model``: the hard rules as constraints, the cover as the only objective).

    PYTHONPATH=src:benchmarks python benchmarks/bench_cover_settings.py [--wards kirurgisk,demo]
                                                                        [--work 10] [--seconds]

Per ward: the engine's first roster (``stop_after_first``) is the hint; then one solve per setting
with the same budget (work units, interleaved workers: deterministic; ``--seconds``: wall time, free
workers), judged by the checker. The settings are CP-SAT's default portfolio, the quick-restart
subsolver alone (what the engine uses, with and without the light presolve) and local search only.
"""

from __future__ import annotations

import argparse
import os
import time
from typing import Any

from ortools.sat.python import cp_model

from bemanning.planning.rostering import SolveOptions, build_context, check_context, default_rules, solve_context
from bemanning.planning.rostering.rules.coverage import Coverage
from bemanning.planning.rostering.solver import _add_hint, _extract, build_model
from bench_engine import _ward

SETTINGS: dict[str, dict[str, Any]] = {
    "default portfolio": {},
    "quick_restart_no_lp": {"subsolvers": ["quick_restart_no_lp"]},
    "quick_restart_no_lp, light presolve": {
        "subsolvers": ["quick_restart_no_lp"], "cp_model_probing_level": 0, "max_presolve_iterations": 1},
    "local search only": {"use_ls_only": True},
}


class _FullCover(cp_model.CpSolverSolutionCallback):
    """When the cover model first reached no open place (seconds into the solve)."""

    def __init__(self, started: float) -> None:
        super().__init__()
        self.started = started
        self.at: float | None = None

    def on_solution_callback(self) -> None:
        if self.at is None and self.objective_value == 0:
            self.at = time.monotonic() - self.started


def run(name: str, setting: dict[str, Any], budget: float, seconds: bool, seed: int) -> str:
    unit, requirement, period = _ward(name)
    ctx = build_context(unit, period, requirement)
    rules = default_rules(unit)
    first = solve_context(ctx, rules, SolveOptions.for_work(5, seed=seed, stop_after_first=True))
    m = build_model(ctx, [r for r in rules if r.hard or isinstance(r, Coverage)])
    _add_hint(m, first.roster)
    solver = cp_model.CpSolver()
    p = solver.parameters
    p.num_workers, p.random_seed = 2, seed
    for key, value in setting.items():
        if isinstance(value, list):
            getattr(p, key).extend(value)
        else:
            setattr(p, key, value)
    if seconds:
        p.max_time_in_seconds = budget
    else:
        p.max_deterministic_time, p.interleave_search = budget, True
    started = time.monotonic()
    callback = _FullCover(started)
    status = solver.solve(m.model, callback)
    wall = time.monotonic() - started
    work = solver.response_proto.deterministic_time
    if status not in (cp_model.OPTIMAL, cp_model.FEASIBLE):
        return f"– | – | {work:.1f} | {wall:.1f} | –"
    report = check_context(ctx, _extract(m, solver), rules)
    full = f"{callback.at:.1f}" if callback.at is not None else "–"
    return f"{len(report.hard)} | {report.uncovered_places} | {work:.1f} | {wall:.1f} | {full}"


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--wards", default="kirurgisk,demo,icu-calendar,surgical-long,medium-cyclic")
    parser.add_argument("--work", type=float, default=10.0)
    parser.add_argument("--seconds", action="store_true", help="a wall-clock limit instead of work units")
    parser.add_argument("--seed", type=int, default=0)
    args = parser.parse_args()
    print("| ward | setting | hard | open places | work | wall s | full cover s | load |")
    print("|---|---|---|---|---|---|---|---|")
    for name in args.wards.split(","):
        for label, setting in SETTINGS.items():
            load = os.getloadavg()[0]
            print(f"| {name} | {label} | {run(name, setting, args.work, args.seconds, args.seed)} | {load:.1f} |",
                  flush=True)


if __name__ == "__main__":
    main()
