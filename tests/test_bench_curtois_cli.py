"""`bemanning bench curtois`: the smoke run on instances 1-3, and a mismatch is an error."""

from __future__ import annotations

import csv
from collections.abc import Callable
from pathlib import Path
from subprocess import CompletedProcess

import pytest
from typer.testing import CliRunner

from bemanning.cli import app
from bemanning.cli import bench as bench_cli
from bemanning.cli.bench import default_data_dir, parse_instances
from bemanning.io.curtois import read_curtois, read_solution
from bemanning.io.errors import UserError
from bemanning.model.curtois import CurtoisInstance
from bemanning.planning.benchmark.curtois_check import check_solution
from bemanning.planning.benchmark.plain import solve_plain
from bemanning.planning.benchmark.result import FEASIBLE, EngineResult

Cli = Callable[..., CompletedProcess[str]]
DATA = default_data_dir()
needs_data = pytest.mark.skipif(not (DATA / "Instance1.txt").is_file(), reason=f"benchmark files not found in {DATA}")


def _results(path: Path) -> list[dict[str, str]]:
    with path.open(newline="", encoding="utf-8") as handle:
        reader = csv.DictReader(handle)
        assert reader.fieldnames == ["instance", "objective", "best_known", "gap_pct", "lower_bound", "seconds",
                                     "status"]
        return list(reader)


@needs_data
def test_smoke_instances_1_to_3_write_checked_solutions(tmp_path: Path, cli: Cli) -> None:
    out = tmp_path / "bench"
    result = cli("bench", "curtois", "--instances", "1-3", "--time-limit", "3", "--out", str(out),
                 "--data-dir", str(DATA))
    assert result.returncode == 0, result.stderr
    rows = _results(out / "results.csv")
    assert [r["instance"] for r in rows] == ["Instance1", "Instance2", "Instance3"]
    for row in rows:
        solution = out / f"{row['instance']}.csv"
        assert solution.read_text(encoding="utf-8").splitlines()[0] == "employee,day,shift"
        check = check_solution(read_curtois(DATA / f"{row['instance']}.txt"), read_solution(solution))
        assert check.feasible
        assert int(row["objective"]) == check.penalty  # recomputed from the written file
        assert int(row["best_known"]) > 0 and row["gap_pct"]
    assert rows[0]["status"] in ("optimal", "feasible")
    assert int(rows[0]["objective"]) >= 607  # never below the proven optimum


@needs_data
def test_plain_engine_runs_in_the_same_harness(tmp_path: Path) -> None:
    result = CliRunner().invoke(app, ["bench", "curtois", "--instances", "1", "--time-limit", "3", "--engine",
                                      "plain", "--out", str(tmp_path), "--data-dir", str(DATA)])
    assert result.exit_code == 0, result.output
    assert _results(tmp_path / "results.csv")[0]["objective"] == "607"


@needs_data
def test_a_solver_value_that_differs_from_the_checked_file_is_an_error(
        tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    def lying_engine(instance: CurtoisInstance, time_limit: float, **_: object) -> EngineResult:
        honest = solve_plain(instance, 3.0)
        return EngineResult(honest.assignments, (honest.objective or 0) + 1, None, FEASIBLE, 0.0)

    monkeypatch.setitem(bench_cli.ENGINES, "product", lying_engine)
    result = CliRunner().invoke(app, ["bench", "curtois", "--instances", "1", "--time-limit", "1",
                                      "--out", str(tmp_path), "--data-dir", str(DATA)])
    assert result.exit_code == 1
    assert _results(tmp_path / "results.csv")[0]["status"] == "mismatch"
    assert "608" in result.output and "607" in result.output


@needs_data
def test_a_roster_breaking_a_hard_rule_is_an_error(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    def illegal_engine(instance: CurtoisInstance, time_limit: float, **_: object) -> EngineResult:
        rows = [(e.id, d, instance.shifts[0].id) for e in instance.staff for d in range(instance.days)]
        return EngineResult(rows, check_solution(instance, rows).penalty, None, FEASIBLE, 0.0)

    monkeypatch.setitem(bench_cli.ENGINES, "product", illegal_engine)
    result = CliRunner().invoke(app, ["bench", "curtois", "--instances", "1", "--out", str(tmp_path),
                                      "--data-dir", str(DATA)])
    assert result.exit_code == 1
    assert _results(tmp_path / "results.csv")[0]["status"] == "hard_violation"


def test_instance_lists() -> None:
    assert parse_instances("1-3,5,2") == [1, 2, 3, 5]
    for bad in ("0", "25", "3-1", "x"):
        with pytest.raises(UserError):
            parse_instances(bad)


def test_bad_arguments_are_user_errors(tmp_path: Path) -> None:
    """`main()` turns a UserError into exit 2 with the message (tests/test_cli.py covers that path)."""
    runner = CliRunner()
    result = runner.invoke(app, ["bench", "curtois", "--instances", "30", "--out", str(tmp_path)])
    assert isinstance(result.exception, UserError) and "Invalid instance list" in result.exception.text("en")
    result = runner.invoke(app, ["bench", "curtois", "--instances", "1", "--data-dir", str(tmp_path / "none"),
                                 "--out", str(tmp_path)])
    assert isinstance(result.exception, UserError) and "not found" in result.exception.text("en")
    result = runner.invoke(app, ["bench", "curtois", "--engine", "fast", "--out", str(tmp_path)])
    assert isinstance(result.exception, UserError)


def test_data_dir_from_environment(monkeypatch: pytest.MonkeyPatch, tmp_path: Path) -> None:
    monkeypatch.setenv("BEMANNING_CURTOIS_DIR", str(tmp_path))
    assert default_data_dir() == tmp_path
