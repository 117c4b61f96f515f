"""The CLI: help in both languages, the demo writes its files."""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path
from subprocess import CompletedProcess

from bemanning.io.unit_file import load_unit, save_unit
from bemanning.model import Unit

Cli = Callable[..., CompletedProcess[str]]


def test_help_documents_commands_in_norwegian_and_english(cli: Cli) -> None:
    result = cli("--help")
    assert result.returncode == 0
    for command in ("demo", "valider", "schema", "regler", "konverter"):
        assert command in result.stdout
    assert "Bemanningsplanlegging" in result.stdout and "Workforce planning" in result.stdout


def test_demo_writes_unit_file_and_index(tmp_path: Path, cli: Cli) -> None:
    out = tmp_path / "demo"
    result = cli("demo", "--out", str(out), "--tidsgrense", "10")
    assert result.returncode == 0, result.stderr
    unit = load_unit(out / "unit.yaml")
    assert unit.name == "Medisinsk sengepost"
    index = (out / "index.html").read_text(encoding="utf-8")
    assert "unit.yaml" in index
    assert (out / "enhet" / "unit.xlsx").is_file()


def test_rules_command_lists_references(cli: Cli) -> None:
    result = cli("regler")
    assert result.returncode == 0
    assert "daily_rest_hours" in result.stdout and "§10-8" in result.stdout


def test_convert_yaml_to_excel_and_back(demo_unit: Unit, tmp_path: Path, cli: Cli) -> None:
    save_unit(demo_unit, tmp_path / "start.yaml")
    assert cli("konverter", str(tmp_path / "start.yaml"), str(tmp_path / "u.xlsx")).returncode == 0
    assert cli("konverter", str(tmp_path / "u.xlsx"), str(tmp_path / "u.yaml")).returncode == 0
    assert load_unit(tmp_path / "u.yaml") == demo_unit
