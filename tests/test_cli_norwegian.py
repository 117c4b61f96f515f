"""The CLI's reports speak the same Norwegian as the web pages (one formatting module, bemanning.i18n):
the staffing table, the cost summary and the rule listing have a decimal comma, separated thousands,
group names instead of ids and ja/nei instead of True/False."""

from __future__ import annotations

import datetime as dt
import re
from pathlib import Path

import pytest
from typer.testing import CliRunner

from bemanning.cli import app
from bemanning.cli import staffing as staffing_cli
from bemanning.demo import build_demo_unit
from bemanning.io.roster_csv import write_roster_csv
from bemanning.io.unit_file import save_unit
from bemanning.model import Assignment, Roster
from staffing_fixtures import as_is_plan

# A decimal point ("12.5"; not a date "04.01.2027" nor a file name "unit.yaml") and a number of five
# digits or more without a thousands separator.
POINT = re.compile(r"(?<![\w./-])\d+\.\d+(?![\w./-])")
BIG = re.compile(r"(?<![\w.,:/\u202f\u00a0-])\d{5,}(?![\w/-])")


def _wrong(output: str) -> list[str]:
    lines = [line for line in output.splitlines() if not line.startswith("Skrev ")]  # file paths
    text = "\n".join(lines)
    found = [f"decimal point {m.group(0)!r}" for m in POINT.finditer(text)]
    found += [f"no thousands separator {m.group(0)!r}" for m in BIG.finditer(text)]
    found += [f"raw {w!r}" for w in ("True", "False", "spl_sengepost", "helsefagarbeider") if w in text]
    return found


@pytest.fixture
def unit_file(tmp_path: Path) -> Path:
    path = tmp_path / "unit.yaml"
    save_unit(build_demo_unit(), path)
    return path


def test_staffing_table_is_norwegian(unit_file: Path, tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(
        staffing_cli, "_activity_plans_for", lambda u: (as_is_plan(u, use_current=False), as_is_plan(u))
    )
    result = CliRunner().invoke(app, ["bemanningsplan", str(unit_file), "--out", str(tmp_path / "out")],
                                env={"BEMANNING_LANG": "no", "COLUMNS": "250"})
    assert result.exit_code == 0, result.output
    assert "Helsefagarbeider" in result.output and re.search(r"\d,\d\d", result.output)
    assert not _wrong(result.output), _wrong(result.output)


def test_cost_summary_and_rules_are_norwegian(unit_file: Path, tmp_path: Path) -> None:
    unit = build_demo_unit()
    start = unit.roster.start_date
    roster = Roster(unit_id=unit.id, start_date=start, days=42, cyclic=True, assignments=[
        Assignment(employee_id=e.id, date=start + dt.timedelta(days=d), shift_code="D")
        for e in unit.employees[:20] for d in range(0, 42, 2)
    ])
    roster_file = tmp_path / "roster.csv"
    write_roster_csv(roster, unit, roster_file)
    env = {"BEMANNING_LANG": "no", "COLUMNS": "250"}
    costs = CliRunner().invoke(app, ["kostnad", str(unit_file), str(roster_file), "--out", str(tmp_path / "c")],
                               env=env)
    assert costs.exit_code == 0, costs.output
    assert re.search(r"\d\u202f\d{3}\u202f\d{3} kr", costs.output), costs.output  # millions, grouped
    assert not _wrong(costs.output), _wrong(costs.output)
    rules = CliRunner().invoke(app, ["regler", str(unit_file)], env=env)
    assert rules.exit_code == 0, rules.output
    assert "nei" in rules.output or "ja" in rules.output
    assert not _wrong(rules.output), _wrong(rules.output)
