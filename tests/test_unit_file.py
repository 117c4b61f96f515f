"""The unit file: round trips without loss, and bad files give exit 2 and a readable message."""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path
from subprocess import CompletedProcess

import pytest
from openpyxl import load_workbook

from bemanning.io.errors import UserError
from bemanning.io.unit_file import dump_unit_yaml, load_unit, load_unit_yaml_text, save_unit
from bemanning.model import Unit

Cli = Callable[..., CompletedProcess[str]]


def test_yaml_round_trip_is_lossless(demo_unit: Unit, tmp_path: Path) -> None:
    text = dump_unit_yaml(demo_unit)
    again = load_unit_yaml_text(text)
    assert again == demo_unit
    assert dump_unit_yaml(again) == text


def test_excel_round_trip_is_lossless(demo_unit: Unit, tmp_path: Path) -> None:
    yaml_path, xlsx_path, back = tmp_path / "unit.yaml", tmp_path / "unit.xlsx", tmp_path / "back.yaml"
    save_unit(demo_unit, yaml_path)
    save_unit(load_unit(yaml_path), xlsx_path)
    book = load_workbook(xlsx_path)
    assert {"innstillinger", "groups", "tasks", "shift_types", "employees"} <= set(book.sheetnames)
    save_unit(load_unit(xlsx_path), back)
    assert back.read_text(encoding="utf-8") == yaml_path.read_text(encoding="utf-8")
    assert load_unit(back) == demo_unit


def test_times_like_14_30_are_times_not_base_60_numbers(demo_unit: Unit) -> None:
    text = dump_unit_yaml(demo_unit).replace('start: "14:30"', "start: 14:30")
    assert "start: 14:30" in text
    unit = load_unit_yaml_text(text)
    assert unit.shift_type("A").start.hour == 14 and unit.shift_type("A").start.minute == 30


def test_error_names_line_and_path(demo_unit: Unit) -> None:
    text = dump_unit_yaml(demo_unit).replace("position_pct: 60.0", "position_pct: 160.0", 1)
    line = text.splitlines().index(next(x for x in text.splitlines() if "position_pct: 160.0" in x)) + 1
    with pytest.raises(UserError) as info:
        load_unit_yaml_text(text, "enhet.yaml")
    message = info.value.text("no")
    assert "enhet.yaml" in message and "position_pct" in message and f"linje/line {line}" in message
    assert "kan ikke være over 100" in message
    assert "must be at most 100" in info.value.text("en")


def _demo_text(demo_unit: Unit) -> str:
    return dump_unit_yaml(demo_unit)


MALFORMED: dict[str, Callable[[str], bytes]] = {
    "syntax_error": lambda good: (good + "\ngroups: [unclosed\n").encode(),
    "wrong_type": lambda good: good.replace("beds: 24", "beds: mange").encode(),
    "missing_required": lambda good: good.replace("name: Medisinsk sengepost\n", "", 1).encode(),
    "unknown_key": lambda good: good.replace("beds: 24", "beds: 24\n  senger_ekstra: 3").encode(),
    "empty_file": lambda good: b"",
    "only_comments": lambda good: b"# ingenting her\n",
    "binary_garbage": lambda good: bytes(range(256)) * 40,
    "huge_file": lambda good: b"# " + b"x" * (6 * 1024 * 1024),
    "not_a_mapping": lambda good: b"- bare\n- en liste\n",
    "duplicate_key": lambda good: good.replace("beds: 24", "beds: 24\n  beds: 30").encode(),
    "alias_bomb": lambda good: b"a: &a [1,2,3]\nb: [*a, *a, *a]\n",
    "shift_not_overnight": lambda good: good.replace("  overnight: true\n", "", 1).encode(),
}


@pytest.mark.parametrize("case", sorted(MALFORMED))
def test_malformed_unit_files_exit_2_with_a_message(case: str, demo_unit: Unit, tmp_path: Path, cli: Cli) -> None:
    path = tmp_path / "enhet.yaml"
    path.write_bytes(MALFORMED[case](_demo_text(demo_unit)))
    result = cli("valider", str(path))
    assert result.returncode == 2, (case, result.stdout, result.stderr)
    assert "Traceback" not in result.stderr + result.stdout
    assert "enhet.yaml" in result.stderr
    assert len(result.stderr.strip()) > 10


def test_english_messages_with_lang_en(demo_unit: Unit, tmp_path: Path, cli: Cli) -> None:
    path = tmp_path / "enhet.yaml"
    path.write_text(_demo_text(demo_unit).replace("beds: 24", "beds: mange"), encoding="utf-8")
    result = cli("--lang", "en", "valider", str(path))
    assert result.returncode == 2
    assert "must be a whole number" in result.stderr


def test_bad_excel_file_exits_2(tmp_path: Path, cli: Cli) -> None:
    path = tmp_path / "enhet.xlsx"
    path.write_bytes(b"PK\x03\x04 not really a workbook")
    result = cli("valider", str(path))
    assert result.returncode == 2 and "Traceback" not in result.stderr


def test_valid_file_passes_and_schema_prints(demo_unit: Unit, tmp_path: Path, cli: Cli) -> None:
    path = tmp_path / "enhet.yaml"
    save_unit(demo_unit, path)
    ok = cli("valider", str(path))
    assert ok.returncode == 0 and "Medisinsk sengepost" in ok.stdout
    schema = cli("schema", "unit")
    assert schema.returncode == 0 and '"title": "Unit"' in schema.stdout


def test_missing_file_exits_2(tmp_path: Path, cli: Cli) -> None:
    result = cli("valider", str(tmp_path / "finnes-ikke.yaml"))
    assert result.returncode == 2 and "Finner ikke filen" in result.stderr
