"""Instant start (issue 26): `bemanning --help` imports no heavy library; lazy commands match their modules.

Start-up *time* is measured by benchmarks/bench_cli_start.py (docs/benchmarks/cli.md), not here.
"""

from __future__ import annotations

import subprocess
import sys
from pathlib import Path

import pytest
import typer

from bemanning.cli import LAZY_COMMANDS, load_commands

HEAVY = ("ortools", "numba", "pandas", "polars", "plotly", "fastapi", "sqlalchemy", "openpyxl", "pyarrow", "numpy")
SRC = str(Path(__file__).resolve().parents[1] / "src")


def heavy_modules_after(code: str) -> list[str]:
    probe = f"import sys\n{code}\nprint('HEAVY:', *(m for m in {HEAVY!r} if m in sys.modules))"
    result = subprocess.run([sys.executable, "-c", probe], capture_output=True, text=True, timeout=120,
                            env={"PYTHONPATH": SRC, "PATH": "/usr/bin:/bin"})
    assert result.returncode == 0, result.stderr
    return result.stdout.strip().splitlines()[-1].split()[1:]


def test_import_of_the_cli_loads_no_heavy_library() -> None:
    assert heavy_modules_after("import bemanning.cli") == []


@pytest.mark.parametrize("args", [["--help"], ["solve", "--help"], ["scenario", "compare", "--help"],
                                  ["followup", "report", "--help"], ["bench", "curtois", "--help"]])
def test_help_loads_no_heavy_library(args: list[str]) -> None:
    code = f"from bemanning.cli import main\ntry:\n    main({args!r})\nexcept SystemExit:\n    pass"
    assert heavy_modules_after(code) == []


def test_every_command_help_loads_no_heavy_library() -> None:
    """`bemanning <cmd> --help` for every command of LAZY_COMMANDS, one fresh process each (new modules too)."""
    for name in LAZY_COMMANDS:
        code = f"from bemanning.cli import main\ntry:\n    main([{name!r}, '--help'])\nexcept SystemExit:\n    pass"
        assert heavy_modules_after(code) == [], name


def first_line(text: str | None) -> str:
    return " ".join((text or "").split("\n\n")[0].split())


@pytest.mark.parametrize("module", sorted({c.module for c in LAZY_COMMANDS.values()}))
def test_lazy_table_matches_what_each_module_registers(module: str) -> None:
    """Every command a module registers is listed under that module, with the command's own first help line."""
    registered = load_commands(module)
    listed = {name for name, c in LAZY_COMMANDS.items() if c.module == module}
    assert set(registered) == listed
    for name, command in registered.items():
        assert first_line(command.help) == LAZY_COMMANDS[name].help, name


def test_help_lists_every_command_and_runs_the_real_one(capsys: pytest.CaptureFixture[str]) -> None:
    from bemanning.cli import main

    with pytest.raises(SystemExit) as exit_info:
        main(["--help"])
    assert exit_info.value.code == 0
    out = capsys.readouterr().out
    for name in LAZY_COMMANDS:
        assert name in out
    with pytest.raises(SystemExit):
        main(["solve", "--help"])
    assert "--time-limit" in capsys.readouterr().out  # the real command, not the stand-in


def test_cli_runner_still_works_on_app() -> None:
    from typer.testing import CliRunner

    from bemanning.cli import app

    result = CliRunner().invoke(app, ["bench", "--help"])
    assert result.exit_code == 0 and "curtois" in result.output
    assert isinstance(app, typer.Typer)
