"""`bemanning bemanningsplan` and the demo step."""

from __future__ import annotations

import csv
import os
import subprocess
import sys
from pathlib import Path

import pytest
from typer.testing import CliRunner

import bemanning.cli.staffing as staffing_cli
from bemanning.cli import app
from bemanning.demo import build_demo_unit
from bemanning.demo.chain import DemoContext
from bemanning.demo.steps import staffing_step
from bemanning.i18n import number
from bemanning.io.unit_file import save_unit
from staffing_fixtures import as_is_plan

SRC = str(Path(__file__).resolve().parents[1] / "src")


def _header(path: Path) -> list[str]:
    with path.open(encoding="utf-8") as handle:
        return next(csv.reader(handle))


def _run_main(*args: str) -> subprocess.CompletedProcess[str]:
    env = {**os.environ, "PYTHONPATH": SRC}
    return subprocess.run(
        [sys.executable, "-c", "from bemanning.cli import main; main()", *args],
        capture_output=True,
        text=True,
        env=env,
        timeout=60,
    )


def test_cli_writes_the_three_csv_files(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    unit = build_demo_unit()
    unit_file = tmp_path / "unit.yaml"
    save_unit(unit, unit_file)
    monkeypatch.setattr(
        staffing_cli, "_activity_plans_for", lambda u: (as_is_plan(u, use_current=False), as_is_plan(u))
    )
    out = tmp_path / "out"
    result = CliRunner().invoke(app, ["bemanningsplan", str(unit_file), "--out", str(out), "--years", "2"])
    assert result.exit_code == 0, result.output
    assert _header(out / "requirement.csv")[:5] == ["day_type", "shift", "group", "minimum", "required"]
    assert _header(out / "fte.csv")[:7] == [
        "group",
        "weekly_hours",
        "fte_need",
        "fte_need_with_absence",
        "fte_current",
        "gap_fte",
        "gap_hours_per_year",
    ]
    assert _header(out / "projection.csv")[:3] == ["year", "group", "fte_need"]
    assert number(1950, 0, "no") in result.output  # the FTE-year convention is shown ("1 950")
    with (out / "projection.csv").open(encoding="utf-8") as handle:
        assert {row["year"] for row in csv.DictReader(handle)} == {"1", "2"}


def test_cli_missing_unit_file_exits_2(tmp_path: Path) -> None:
    done = _run_main("bemanningsplan", str(tmp_path / "finnes-ikke.yaml"), "--out", str(tmp_path / "o"))
    assert done.returncode == 2
    assert "Traceback" not in done.stderr


def test_cli_bad_years_exits_2(tmp_path: Path) -> None:
    done = _run_main("bemanningsplan", str(tmp_path / "x.yaml"), "--years", "99")
    assert done.returncode == 2
    assert "Traceback" not in done.stderr


def test_cli_bad_unit_file_exits_2(tmp_path: Path) -> None:
    bad = tmp_path / "bad.yaml"
    bad.write_text("id: [unclosed\n", encoding="utf-8")
    done = _run_main("bemanningsplan", str(bad), "--out", str(tmp_path / "o"))
    assert done.returncode == 2


def test_staffing_input_error_becomes_user_error(tmp_path: Path) -> None:
    unit = build_demo_unit()
    unit = unit.model_copy(update={"rules": unit.rules.model_validate({"productive_share": 1.5})})
    from bemanning.io.errors import UserError

    with pytest.raises(UserError) as info:
        staffing_cli.write_staffing(unit, as_is_plan(unit), as_is_plan(unit), tmp_path)
    assert "productive_share" in info.value.text("en")


def test_demo_step_puts_requirement_and_fte(tmp_path: Path) -> None:
    unit = build_demo_unit()
    ctx = DemoContext(unit=unit, out=tmp_path)
    ctx.results["activity_plan"] = as_is_plan(unit, use_current=False)
    ctx.results["activity_plan_as_is"] = as_is_plan(unit)
    output = staffing_step.run(ctx)
    assert "requirement" in ctx.results and "fte" in ctx.results
    assert ctx.results["requirement"].rows
    assert all((tmp_path / f).is_file() for f in output.files)
    assert any(number(1950, 0, "no") in line for line in output.summary)


def test_demo_step_without_activity_plan_is_skipped(tmp_path: Path) -> None:
    output = staffing_step.run(DemoContext(unit=build_demo_unit(), out=tmp_path))
    assert output.files == [] and output.summary
