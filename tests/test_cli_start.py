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

HEAVY = ("ortools", "numba", "pandas", "polars", "plotly", "fastapi", "sqlalchemy", "openpyxl", "pyarrow", "numpy",
         # medium, but together ~0.3 s of CPU: the pydantic models (and typer's pydantic coercion), YAML, holiday
         # calendars, and what typer's help formatter would import for Markdown and tracebacks (startup.py)
         "pydantic", "pydantic_core", "yaml", "holidays", "markdown_it", "pygments", "bemanning.model")
SRC = str(Path(__file__).resolve().parents[1] / "src")
ENV = {"PYTHONPATH": SRC, "PATH": "/usr/bin:/bin", "COLUMNS": "100", "BEMANNING_LANG": "no"}


def run_probe(code: str) -> str:
    result = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, timeout=120, env=ENV)
    assert result.returncode == 0, result.stderr
    return result.stdout


def heavy_modules_after(code: str) -> list[str]:
    probe = f"import sys\n{code}\nprint('HEAVY:', *(m for m in {HEAVY!r} if m in sys.modules))"
    return run_probe(probe).strip().splitlines()[-1].split()[1:]


def help_code(args: list[str], before: str = "") -> str:
    return f"{before}\nfrom bemanning.cli import main\ntry:\n    main({args!r})\nexcept SystemExit:\n    pass"


def test_import_of_the_cli_loads_no_heavy_library() -> None:
    assert heavy_modules_after("import bemanning.cli") == []


@pytest.mark.parametrize("args", [["--help"], ["solve", "--help"], ["scenario", "compare", "--help"],
                                  ["followup", "report", "--help"], ["bench", "curtois", "--help"]])
def test_help_loads_no_heavy_library(args: list[str]) -> None:
    assert heavy_modules_after(help_code(args)) == []


def test_every_command_help_loads_no_heavy_library() -> None:
    """`bemanning <cmd> --help` for every command of LAZY_COMMANDS, one fresh process each (new modules too)."""
    for name in LAZY_COMMANDS:
        assert heavy_modules_after(help_code([name, "--help"])) == [], name


def test_every_subcommand_help_loads_no_heavy_library() -> None:
    """`bemanning <group> <cmd> --help` (e.g. `aktivitet importer`): the group's own options are read too."""
    for name, lazy in LAZY_COMMANDS.items():
        command = load_commands(lazy.module)[name]
        for sub in getattr(command, "commands", {}):
            assert heavy_modules_after(help_code([name, sub, "--help"])) == [], (name, sub)


@pytest.mark.parametrize("args", [["--help"], ["solve", "--help"], ["followup", "report", "--help"],
                                  ["--lang", "en", "aktivitet", "importer", "--help"]])
def test_help_is_the_same_as_with_typers_own_formatter(args: list[str]) -> None:
    """The light formatter (stand-ins for rich.markdown and rich.traceback) prints exactly what typer would."""
    light = run_probe(help_code(args))
    typers_own = run_probe(help_code(args, before="import rich.markdown, rich.traceback, typer.rich_utils"))
    assert light == typers_own
    assert "Usage" in light or "Bruk" in light


def test_stand_ins_load_the_real_classes_when_used() -> None:
    code = """
import sys
from bemanning.cli.startup import import_help_formatter
import_help_formatter()
from typer import rich_utils
assert "rich.markdown" not in sys.modules and "rich.traceback" not in sys.modules
text = rich_utils._make_rich_text(text="**fet**", markup_mode="markdown")
import rich.markdown, rich.traceback
assert type(text) is rich.markdown.Markdown and isinstance(text, rich_utils.Markdown)
assert rich_utils.Traceback.from_exception == rich.traceback.Traceback.from_exception
print("ok")
"""
    assert run_probe(code).strip() == "ok"


def test_group_options_keep_their_values_and_checks(capsys: pytest.CaptureFixture[str]) -> None:
    """`--lang` goes through LightOption (no pydantic): its value and its check work as before."""
    from bemanning.cli import main

    with pytest.raises(SystemExit) as exit_info:
        main(["--lang", "xx", "regler"])
    assert exit_info.value.code == 2 and "xx" in capsys.readouterr().err
    with pytest.raises(SystemExit) as exit_info:
        main(["--lang", "en", "solv"])
    assert exit_info.value.code == 2 and "Unknown command 'solv'" in capsys.readouterr().err


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
