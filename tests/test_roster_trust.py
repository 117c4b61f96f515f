"""The one engine's promises: same unit + seed + work budget → the same roster; a time-out never
returns an illegal roster; only proven infeasibility does, with the conflicting rules named; the
public benchmark and `bemanning solve` share one search."""

from __future__ import annotations

import ast
import datetime as dt
import hashlib
import json
import os
import subprocess
import sys
from pathlib import Path

import pytest

from bemanning.model.curtois import Cover
from bemanning.planning.benchmark import product
from bemanning.planning.rostering import SolveOptions, check_roster, solve_roster
from bemanning.planning.rostering import solver as solver_module
from roster_helpers import START, small_unit
from test_bench_curtois_check import instance, staff

ROOT = Path(__file__).resolve().parents[1]


def _fingerprint(result) -> str:  # type: ignore[no-untyped-def]
    rows = sorted((a.employee_id, a.date.isoformat(), a.shift_code) for a in result.roster.assignments)
    return hashlib.sha256(repr((rows, result.objective, result.status)).encode()).hexdigest()


def test_same_seed_and_work_budget_give_the_same_roster() -> None:
    unit = small_unit(nurses=4, helpers=2, weeks=2, pct=(100, 80))
    first = solve_roster(unit, options=SolveOptions.for_work(3.0, seed=7))
    again = solve_roster(unit, options=SolveOptions.for_work(3.0, seed=7))
    assert first.lawful and not first.capped
    assert _fingerprint(first) == _fingerprint(again)
    assert [p.objective for p in first.timeline] == [p.objective for p in again.timeline]


BURNER = "import time\nend = time.time() + 600\nwhile time.time() < end: pass\n"


def run_idle_and_busy(tmp_path: Path, *args: str) -> tuple[Path, Path]:
    """`bemanning ARGS --out DIR` in a fresh process, then again (another hash seed) beside two
    processes burning both cores; the two output folders."""
    env = {**os.environ, "PYTHONPATH": str(ROOT / "src")}

    def run(out: Path, hash_seed: str) -> None:
        cmd = [sys.executable, "-c", "from bemanning.cli import main; main()", *args, "--out", str(out)]
        done = subprocess.run(cmd, env={**env, "PYTHONHASHSEED": hash_seed}, capture_output=True, text=True,
                              timeout=900)
        # 3: written, but places below the safe minimum (docs/trust.md); the same either way.
        assert done.returncode in (0, 3), done.stdout + done.stderr

    run(tmp_path / "idle", "1")
    burners = [subprocess.Popen([sys.executable, "-c", BURNER]) for _ in range(2)]
    try:
        run(tmp_path / "busy", "2")
    finally:
        for b in burners:
            b.kill()
    return tmp_path / "idle", tmp_path / "busy"


def test_cli_solve_is_byte_identical_on_an_idle_and_a_busy_machine(tmp_path: Path) -> None:
    """Two `bemanning solve` runs in fresh processes (other hash seeds), the second beside two
    processes burning both cores: the same roster.csv, coverage and figures."""
    unit_file = tmp_path / "unit.yaml"
    from bemanning.io.unit_file import save_unit

    save_unit(small_unit(nurses=5, helpers=3, weeks=2, pct=(100, 75)), unit_file)
    # 5 units: the whole model stops at its limit, where CP-SAT's reported time varied with the load
    # (3 of 8 runs) until a call stopped by its limit was charged the limit (``Budget.charge``).
    run_idle_and_busy(tmp_path, "solve", str(unit_file), "--work-limit", "5", "--seed", "3")
    for name in ("roster.csv", "coverage.csv", "compliance.csv"):
        assert (tmp_path / "idle" / name).read_bytes() == (tmp_path / "busy" / name).read_bytes(), name
    idle, busy = (json.loads((tmp_path / f / "summary.json").read_text()) for f in ("idle", "busy"))
    timing = {"seconds", "first_solution_seconds", "seconds_to_first_lawful", "seconds_to_full_cover"}
    for key in set(idle) - timing - {"open_places_over_time"}:
        assert idle[key] == busy[key], key
    assert idle["open_places_floor"] == idle["uncovered_places"] == 16  # too few staff: the proved floor
    strip = [{k: v for k, v in p.items() if k != "seconds"} for p in idle["open_places_over_time"]]
    assert strip == [{k: v for k, v in p.items() if k != "seconds"} for p in busy["open_places_over_time"]]


def test_a_call_stopped_by_its_work_limit_is_charged_the_limit() -> None:
    """Interleaved CP-SAT workers overrun a work limit by an amount that depends on thread timing;
    the budget charges the limit, so what is left for the next step is the same on any machine."""
    from ortools.sat.python import cp_model

    from bemanning.planning.rostering.budget import LOAD_WORK, Budget

    model = cp_model.CpModel()
    xs = [model.new_int_var(0, 50, f"x{i}") for i in range(60)]
    for i in range(59):
        model.add(xs[i] + xs[i + 1] != 50)
        model.add_all_different(xs[i : i + 3])
    model.maximize(sum((i % 7 + 1) * x for i, x in enumerate(xs)))
    budget = Budget(wall=60.0, work=10.0)
    solver = cp_model.CpSolver()
    solver.parameters.num_workers = 2
    budget.limit(solver.parameters, 0.05)
    solver.solve(model)
    assert solver.parameters.interleave_search
    assert solver.response_proto.deterministic_time >= 0.05  # stopped by the limit, not finished
    charged = budget.charge(solver, model)
    assert charged == pytest.approx(0.05 + LOAD_WORK * (len(model.proto.variables) + len(model.proto.constraints)))
    assert budget.spent == charged


@pytest.mark.parametrize("work", [0.01, 0.05, 0.2])
def test_tiny_budgets_never_return_an_illegal_roster(work: float) -> None:
    unit = small_unit(nurses=3, helpers=2, weeks=2, pct=(100, 80))
    result = solve_roster(unit, options=SolveOptions.for_work(work, seed=1))
    if result.lawful:
        report = check_roster(unit, result.roster)
        assert report.ok, [v.text("en") for v in report.hard]
    else:  # no roster at all rather than an illegal one
        assert result.status == "unknown" and not result.roster.assignments


def test_a_time_out_in_construction_is_unknown_never_infeasible(monkeypatch: pytest.MonkeyPatch) -> None:
    """Every pattern step runs out of time (as on a busy machine): no step may be taken for a proof."""
    real = solver_module._Search._solve_model

    def starved(self, model, limit, presolve=True, seed=None, charge=True):  # type: ignore[no-untyped-def]
        return real(self, model, 1e-9 if limit < 1.0 else limit, presolve, seed, charge)

    monkeypatch.setattr(solver_module._Search, "_solve_model", starved)
    unit = small_unit(nurses=3, helpers=2, weeks=2, pct=(100, 80))
    result = solve_roster(unit, options=SolveOptions(time_limit=3, seed=1))
    assert result.status != "infeasible" and not result.conflicts
    assert check_roster(unit, result.roster).ok if result.lawful else not result.roster.assignments


def test_proven_infeasibility_returns_the_conflict_with_its_reference() -> None:
    """A 60 % position cannot reach its hours in one week with these shifts and tolerance: the rules
    cannot hold together, and the smallest conflicting set names contract hours with its reference."""
    unit = small_unit(nurses=2, helpers=1, weeks=1, pct=(60,))
    result = solve_roster(unit, options=SolveOptions.for_work(5.0, seed=0))
    if result.lawful:
        pytest.skip("this unit happens to be feasible")
    assert result.status == "infeasible"
    assert result.conflicts and all(c.reference for c in result.conflicts)
    assert result.roster.assignments  # the roster that breaks them as little as it could


def test_the_benchmark_harness_runs_the_product_engine(monkeypatch: pytest.MonkeyPatch) -> None:
    """Identical rules → one code path: the Curtois harness calls the same ``solve_context`` as
    `bemanning solve` (it would fail if the benchmark got a private search again)."""
    calls: list[str] = []
    real = solver_module.solve_context

    def spy(ctx, rules, options, **kwargs):  # type: ignore[no-untyped-def]
        calls.append(ctx.unit_id)
        return real(ctx, rules, options, **kwargs)

    monkeypatch.setattr(product, "solve_context", spy)
    inst = instance(days=7, people=[staff("A", max_cons=3)], cover=[Cover(d, "E", 1, 100, 1) for d in range(7)])
    result = product.solve_product(inst, 5.0, seed=1)
    assert calls == [inst.name] and result.objective is not None


def test_no_search_lives_in_the_benchmark_package() -> None:
    """planning/benchmark holds readers, mappings, the checker and the plain baseline: only the plain
    baseline (a benchmark's own yardstick) may build a CP-SAT solver there."""
    folder = ROOT / "src" / "bemanning" / "planning" / "benchmark"
    for path in folder.glob("*.py"):
        tree = ast.parse(path.read_text(encoding="utf-8"))
        names = {n.attr for n in ast.walk(tree) if isinstance(n, ast.Attribute)}
        if path.name != "plain.py":
            assert "CpSolver" not in names and "solve_by_columns" not in names, path.name


def test_a_calendar_roster_staggers_staff_with_the_same_rules() -> None:
    """Four full-time nurses with the same rules in a 4-week calendar period: the first roster does
    not give them all the same days (they are moved by whole weeks), and it is lawful (a seam the
    move breaks is mended by the cover model on a unit this size, else by the safety net)."""
    from bemanning.planning.rostering import Period, build_context, default_rules
    from bemanning.planning.rostering.budget import Budget
    from bemanning.planning.rostering.solver import _roster, _Search
    from roster_helpers import START

    unit = small_unit(nurses=4, helpers=0, weeks=4, pct=(100,))
    ctx = build_context(unit, Period.calendar(START, START + dt.timedelta(days=27)))
    search = _Search(ctx, default_rules(unit), SolveOptions(time_limit=60, seed=0), Budget(wall=60), 10**6)
    search.construct(budget=10.0)
    days = {e: frozenset(search.plan.get(e, {})) for e in ("S0", "S1", "S2", "S3")}
    assert len(set(days.values())) > 1
    search.cover_model(1.0, [], first_only=True)
    assert check_roster(unit, _roster(ctx, search.plan)).ok


def test_scenario_compare_is_byte_identical_on_an_idle_and_a_busy_machine(tmp_path: Path) -> None:
    """Issue 25's acceptance: `scenario compare` twice, the second with two processes burning both
    cores: every table it writes is the same, byte for byte."""
    from bemanning.io.unit_file import save_unit
    from scenario_helpers import chain_unit

    save_unit(chain_unit(nurses=5, helpers=4, weeks=2), tmp_path / "unit.yaml")
    (tmp_path / "scenarios.yaml").write_text(
        "scenarios:\n  - name: Som i dag\n    baseline: true\n    changes:\n"
        "      - {type: task_sharing, enabled: false}\n  - name: Oppgavedeling\n    changes:\n"
        "      - {type: task_sharing}\n", encoding="utf-8")
    run_idle_and_busy(tmp_path, "scenario", "compare", str(tmp_path / "unit.yaml"), str(tmp_path / "scenarios.yaml"),
                      "--work-limit", "2", "--frø", "2", "--konsekvens", "Oppgavedeling")
    tables = sorted(p.name for p in (tmp_path / "idle").iterdir() if p.suffix in (".csv", ".md", ".json"))
    assert "comparison.csv" in tables
    header, *rows = (tmp_path / "idle" / "comparison.csv").read_text(encoding="utf-8").splitlines()
    assert "cost_total_nok_min" in header.split(",") and len(rows) == 2  # spreads over the two seeds
    for name in tables:
        assert (tmp_path / "idle" / name).read_bytes() == (tmp_path / "busy" / name).read_bytes(), name


def test_vacation_blocks_of_the_same_length_share_a_pattern_moved_onto_each_vacation() -> None:
    """A calendar summer: four nurses, each a one-week vacation in another week. One pattern serves
    all four (their hard rules differ only in *when* they are away), moved so its free week falls
    on each one's vacation: the first roster is lawful without solving four models."""
    from bemanning.model import Absence
    from bemanning.planning.rostering import Period, build_context, default_rules
    from bemanning.planning.rostering.budget import Budget
    from bemanning.planning.rostering.solver import _roster, _Search
    from roster_helpers import START

    unit = small_unit(nurses=4, helpers=0, weeks=4, pct=(100,))
    unit = unit.model_copy(update={"absences": [
        Absence(employee=f"S{i}", start=START + dt.timedelta(weeks=i), end=START + dt.timedelta(weeks=i, days=6))
        for i in range(4)]})
    ctx = build_context(unit, Period.calendar(START, START + dt.timedelta(days=27)))
    search = _Search(ctx, default_rules(unit), SolveOptions(time_limit=60, seed=0), Budget(wall=60), 10**6)
    assert len({search._profile(e) for e in ctx.employees}) == 1
    search.construct(budget=10.0)
    for i in range(4):
        away = {7 * i + d for d in range(7)}
        assert not away & set(search.plan.get(f"S{i}", {}))
    assert check_roster(unit, _roster(ctx, search.plan)).ok


def test_cli_repair_is_byte_identical_on_an_idle_and_a_busy_machine(tmp_path: Path) -> None:
    """`bemanning repair` runs on the one engine with a work budget: the same repaired roster and
    changes on an idle and a busy machine."""
    from bemanning.io.roster_csv import write_roster_csv
    from bemanning.io.unit_file import save_unit

    unit = small_unit(nurses=5, helpers=4, weeks=2, pct=(100, 80, 75, 60))
    save_unit(unit, tmp_path / "unit.yaml")
    roster = solve_roster(unit, None, SolveOptions.for_work(3, seed=3)).roster
    write_roster_csv(roster, unit, tmp_path / "roster.csv")
    who = sorted({a.employee_id for a in roster.assignments if a.date == START + dt.timedelta(days=3)})[0]
    sick = f"{who}:{START + dt.timedelta(days=3)}:{START + dt.timedelta(days=5)}"
    run_idle_and_busy(tmp_path, "repair", str(tmp_path / "unit.yaml"), str(tmp_path / "roster.csv"),
                      "--absent", sick, "--work-limit", "3")
    for name in ("roster.csv", "changes.csv", "coverage.csv", "compliance.csv"):
        assert (tmp_path / "idle" / name).read_bytes() == (tmp_path / "busy" / name).read_bytes(), name


def test_a_long_calendar_plan_rolls_out_the_roster_of_one_base_cycle() -> None:
    """A 24-week calendar plan (four 6-week cycles) starts from the engine's roster of one 6-week
    cycle, repeated and cut where someone is away (a 3-week vacation), and the first roster is
    lawful. Without the roll-out every pattern is solved on the whole plan and wraps at its end."""
    from bemanning.model import Absence
    from bemanning.planning.rostering import Period, build_context, default_rules, solve_context

    unit = small_unit(nurses=6, helpers=0, weeks=6, pct=(100,))
    unit = unit.model_copy(update={"absences": [
        Absence(employee="S0", start=START + dt.timedelta(weeks=8), end=START + dt.timedelta(weeks=10, days=6))]})
    ctx = build_context(unit, Period.calendar(START, START + dt.timedelta(weeks=24, days=-1)))
    result = solve_context(ctx, default_rules(unit), SolveOptions.for_work(4, seed=0, stop_after_first=True))
    assert result.report.ok and result.status == "feasible"
    assert any(line.startswith("base cycle (6 weeks)") for line in result.log)
    plan: dict[str, dict[int, str]] = {}
    for a in result.roster.assignments:
        plan.setdefault(a.employee_id, {})[(a.date - START).days] = a.shift_code
    assert not set(range(56, 77)) & set(plan["S0"])  # nothing during the vacation
    # The same 6 weeks again (weeks 0-5 as weeks 6-11, before Easter) for most staff:
    repeating = [e for e in plan if all(plan[e].get(d) == plan[e].get(d + 42) for d in range(42))]
    assert len(repeating) >= 4
    assert len({frozenset(days.items()) for days in plan.values()}) > 1  # staggered, not all alike


@pytest.mark.parametrize("wanted", ["D", "A"])
def test_a_first_pattern_takes_the_shift_mix_its_group_is_needed_for(
    wanted: str, monkeypatch: pytest.MonkeyPatch
) -> None:
    """The nurses' places are all on one shift type: the pattern construction gives a nurse that
    shift type (most of her shifts), whichever it is, not whatever lawful pattern comes first.
    (A plan too large for the cover model, which sets the mix itself on smaller ones.)"""
    import dataclasses

    from bemanning.planning.rostering import Period, build_context, default_rules, solver
    from bemanning.planning.rostering.budget import Budget
    from bemanning.planning.rostering.context import DemandRow
    from bemanning.planning.rostering.solver import _Search

    monkeypatch.setattr(solver, "COVER_MODEL_MAX_DAYS", 0)
    unit = small_unit(nurses=2, helpers=0, weeks=4, pct=(100,))
    ctx = build_context(unit, Period.cycle(START, 4))
    demand = [DemandRow(day=d, shift=wanted, group="spl", required=1, minimum=0) for d in range(ctx.n)]
    ctx = dataclasses.replace(ctx, demand=demand, cache={})
    search = _Search(ctx, default_rules(unit), SolveOptions.for_work(10), Budget(wall=60, work=10), 10**6)
    days, relaxed = search._lawful_pattern("S0", 2.0)
    assert not relaxed and days
    assert sum(1 for c in days.values() if c == wanted) >= 0.8 * len(days)


def test_a_rolled_out_calendar_is_the_same_on_an_idle_and_a_busy_machine() -> None:
    """A 12-week calendar plan (the roll-out of a 6-week base, part-timers): the same roster with
    two processes burning both cores beside the second solve (work budgets end every phase)."""
    from bemanning.planning.rostering import Period, build_context, default_rules, solve_context

    unit = small_unit(nurses=5, helpers=3, weeks=6, pct=(100, 80, 60))
    ctx = build_context(unit, Period.calendar(START, START + dt.timedelta(weeks=12, days=-1)))

    def solve() -> str:
        result = solve_context(ctx, default_rules(unit), SolveOptions.for_work(4, seed=1))
        assert any(line.startswith("base cycle") for line in result.log)
        return _fingerprint(result)

    idle = solve()
    burners = [subprocess.Popen([sys.executable, "-c", "while True: pass"]) for _ in range(2)]
    try:
        busy = solve()
    finally:
        for burner in burners:
            burner.kill()
    assert idle == busy


def test_the_cover_model_closes_the_open_places_of_a_first_roster() -> None:
    """Full cover first: from the construction's first roster (open places left), the whole unit's
    cover model closes every open place (this unit can be fully covered), the roster lawful."""
    from bemanning.planning.rostering import Period, build_context, default_rules
    from bemanning.planning.rostering.budget import Budget
    from bemanning.planning.rostering.solver import _Search

    unit = small_unit(nurses=12, helpers=6, weeks=4)
    ctx = build_context(unit, Period.cycle(START, 4))
    rules = default_rules(unit)
    search = _Search(ctx, rules, SolveOptions.for_work(20), Budget(wall=120, work=20), 10**6)
    search.construct(budget=1.0)
    assert search.report is not None and search.report.ok and search.report.uncovered
    log: list[str] = []
    search.cover_model(1.0, log)
    assert search.report.ok
    assert not search.report.uncovered, log
    assert log and log[-1].startswith("cover model")


def test_an_unlawful_first_roster_is_made_lawful_by_the_cover_model(monkeypatch: pytest.MonkeyPatch) -> None:
    """A construction that leaves everyone working every day (what a time-out could leave): the
    cover model, with the hard rules as constraints, gives a lawful roster, not an illegal one."""
    from bemanning.planning.rostering.solver import _Search

    def everyone_every_day(self: _Search, budget: float) -> None:
        plan = {e.id: {d: "D" for d in range(self.ctx.n)} for e in self.ctx.employees}
        self.plan, self.score = plan, float("inf")
        self.offer(plan)

    monkeypatch.setattr(_Search, "construct", everyone_every_day)
    unit = small_unit(nurses=8, helpers=4, weeks=4)
    result = solve_roster(unit, options=SolveOptions.for_work(10, stop_after_first=True))
    assert result.status == "feasible"
    assert not check_roster(unit, result.roster).hard
    assert any(line.startswith("cover model") for line in result.log)


def test_the_infeasibility_proof_keeps_to_the_callers_wall_limit(monkeypatch: pytest.MonkeyPatch) -> None:
    """A 3 s solve that found no lawful roster gives its proof what is left of the 3 s, or a small
    share of them, not 10 s more (it once ran 55 s over on a busy machine)."""
    import time

    from bemanning.planning.rostering.budget import Budget

    given: list[Budget] = []

    def no_proof(ctx: object, rules: object, budget: Budget) -> None:
        given.append(budget)

    monkeypatch.setattr(solver_module, "find_conflicts", no_proof)
    for wall, work in ((3.0, None), (200.0, 10.0)):
        budget = Budget(wall=wall, work=work, started=time.monotonic() - wall)  # all spent
        assert solver_module._prove_infeasible(None, [], budget, []) == []  # type: ignore[arg-type]
        proof = given[-1]
        assert proof.wall <= solver_module.PROOF_GRACE * wall + 1e-6
        if work is not None:
            assert proof.work is not None and proof.work >= solver_module.PROOF_WORK


def test_with_vacations_the_cover_model_takes_the_time_a_better_base_cycle_would() -> None:
    """A 12-week calendar small enough for the cover model: without absences the base cycle is solved
    twice (its first lawful roster, then improved); with a vacation cutting the rolled-out base only
    once, the rest of the budget going to the cover model on the whole plan."""
    from bemanning.model import Absence
    from bemanning.planning.rostering import Period, build_context, default_rules, solve_context

    def base_solves(unit: object) -> int:
        ctx = build_context(unit, Period.calendar(START, START + dt.timedelta(weeks=12, days=-1)))  # type: ignore[arg-type]
        result = solve_context(ctx, default_rules(unit), SolveOptions.for_work(6, seed=0))  # type: ignore[arg-type]
        assert result.report.ok
        return sum(1 for line in result.log if line.startswith("base cycle"))

    unit = small_unit(nurses=6, helpers=3, weeks=6, pct=(100,))
    assert base_solves(unit) == 2
    away = unit.model_copy(update={"absences": [
        Absence(employee="S0", start=START + dt.timedelta(weeks=7), end=START + dt.timedelta(weeks=9, days=6))]})
    assert base_solves(away) == 1


def _cover_search():  # type: ignore[no-untyped-def]
    """A 4-week unit's search after its construction, open places left, 20 work units."""
    from bemanning.planning.rostering import Period, build_context, default_rules
    from bemanning.planning.rostering.budget import Budget
    from bemanning.planning.rostering.solver import _Search

    unit = small_unit(nurses=12, helpers=6, weeks=4)
    ctx = build_context(unit, Period.cycle(START, 4))
    search = _Search(ctx, default_rules(unit), SolveOptions.for_work(20), Budget(wall=120, work=20), 10**6)
    search.construct(budget=1.0)
    assert search.report is not None and search.report.ok and search.report.uncovered
    return search


@pytest.mark.parametrize(("closing", "steps"), [(3, 4), (1, 2)])
def test_the_cover_model_steps_on_while_places_close_each_with_its_own_seed(
    monkeypatch: pytest.MonkeyPatch, closing: int, steps: int
) -> None:
    """Steps go on while they close places and end after one that closes none (the floor the rules
    allow, or near it). Every step is seeded anew, so a stalled search does not retrace its path."""
    from bemanning.planning.rostering.solver import _Search

    search = _cover_search()
    calls: list[int] = []

    def step(self: _Search, keep: object, limit: float, first_only: bool = False, seed: int = 0) -> float:
        calls.append(seed)
        self.budget.spent += 1.0
        return 100.0 - min(len(calls), closing)  # ``closing`` steps close a place, then none does

    monkeypatch.setattr(_Search, "_whole_model", step)
    monkeypatch.setattr(solver_module, "COVER_MODEL_STEP", 1.0)
    monkeypatch.setattr(solver_module, "COVER_MODEL_STEP_SHARE", 0.05)
    search.cover_model(1.0, [])
    assert calls == list(range(steps))


def test_the_lns_never_opens_a_place_to_gain_on_the_soft_rules(monkeypatch: pytest.MonkeyPatch) -> None:
    """Cover first holds in the LNS too: with an open place costing next to nothing (weight 1), a
    unit the cover model and the full model leave to the LNS (too large for them, here by patched
    sizes) must still never trade a filled place for a softer roster (it did: 20 open → 25)."""
    from bemanning.model.rules import RuleSet
    from bemanning.planning.rostering.rules import uncovered_places
    from bemanning.planning.rostering.solver import _roster
    from bemanning.planning.rostering.view import RosterView

    monkeypatch.setattr(solver_module, "COVER_MODEL_MAX_DAYS", 0)
    monkeypatch.setattr(solver_module, "FULL_MODEL_MAX_VARS", 0)
    unit = small_unit(nurses=5, helpers=3, weeks=2, pct=(100, 75))
    cheap = {**unit.rules.overrides(), "cover_required_weight": {"weight": 1}, "cover_minimum_weight": {"weight": 1}}
    unit = unit.model_copy(update={"rules": RuleSet.model_validate(cheap)})
    open_after: list[int] = []
    record, improve = solver_module._Search._record, solver_module._Search.improve

    def count(search: solver_module._Search, plan: dict[str, dict[int, str]]) -> int:
        return sum(p.missing for p in uncovered_places(RosterView(search.ctx, _roster(search.ctx, plan))))

    def spy_improve(self: solver_module._Search, step: float) -> None:
        open_after.append(count(self, self.plan))
        improve(self, step)

    def spy_record(self: solver_module._Search, plan: dict[str, dict[int, str]], objective: float) -> None:
        open_after.append(count(self, plan))
        record(self, plan, objective)

    monkeypatch.setattr(solver_module._Search, "improve", spy_improve)
    monkeypatch.setattr(solver_module._Search, "_record", spy_record)
    result = solve_roster(unit, options=SolveOptions.for_work(8, seed=0))
    assert result.lawful and len(open_after) > 1  # the LNS ran and kept rosters
    assert all(later <= earlier for earlier, later in zip(open_after, open_after[1:], strict=False)), open_after
