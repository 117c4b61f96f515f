"""Excel in and out, CSV and the `oppgavedeling` command."""

from __future__ import annotations

import csv
import os
import re
import subprocess
import sys
from pathlib import Path

import pytest
from openpyxl import Workbook, load_workbook
from typer.testing import CliRunner

from bemanning.cli import app, main
from bemanning.demo import build_demo_unit
from bemanning.io.errors import UserError
from bemanning.io.tasksharing_excel import (
    ACTIVITY_COLUMNS,
    ALLOCATION_COLUMNS,
    read_mapping_form,
    write_mapping_form,
)
from bemanning.io.unit_file import save_unit
from bemanning.model import GroupCapacity, TaskCategory, TimeInterval

SRC = str(Path(__file__).resolve().parents[1] / "src")
TASK_FIELDS = (
    "id",
    "name",
    "category",
    "interval",
    "minutes",
    "frequency",
    "per",
    "days",
    "eligible_groups",
    "training",
    "excluded_groups",
    "required_competence",
    "current_group",
    "pinned_group",
)


def test_mapping_form_round_trip(tmp_path: Path):
    unit = build_demo_unit()
    unit.tasks[3] = unit.tasks[3].model_copy(
        update={"excluded_groups": ["spl_sengepost"], "pinned_group": "spl_overvakning"}
    )
    path = tmp_path / "skjema.xlsx"
    write_mapping_form(unit, path)
    back = read_mapping_form(path, unit)

    def dump(tasks: list) -> list[dict]:
        return sorted((t.model_dump(include=set(TASK_FIELDS)) for t in tasks), key=lambda d: d["id"])

    assert dump(back.tasks) == dump(unit.tasks)


def _seed_form(path: Path, rows: list[list[object]]) -> None:
    """A hand-made form like the seed's slide: groups with «Tid» and «Behov: Opplæring», marks, headings."""
    book = Workbook()
    sheet = book.active
    sheet.title = "Ark1"
    sheet.append(
        [
            "Oppgaven",
            "Sykepleier medisinsk overvåkning",
            "Tid",
            "Behov: Opplæring",
            "Sykepleier sengepost",
            "Tid",
            "Behov: Opplæring",
            "Helsefagarbeider",
            "Tid",
            "Behov: Opplæring",
            "Sekretær",
            "Tid",
            "Assistent",
            "Tid",
        ]
    )
    for row in rows:
        sheet.append(row)
    book.save(path)


def test_seed_style_form_import(tmp_path: Path):
    path = tmp_path / "seed.xlsx"
    _seed_form(
        path,
        [
            ["Pasientbehandling sengepost:"],
            ["• Sårstell", None, None, None, "x", 20, None, None, None, "Kurs i sårbehandling"],
            ["• Vekt", None, None, None, None, None, None, None, None, None, None, None, "x", 3],
            ["Ernæring:"],
            ["• Servere frokost", None, None, None, None, None, None, "X", 4],
        ],
    )
    unit = read_mapping_form(path, build_demo_unit())
    by_name = {t.name: t for t in unit.tasks}
    assert set(by_name) == {"Sårstell", "Vekt", "Servere frokost"}
    wound = by_name["Sårstell"]
    assert wound.category is TaskCategory.PATIENT_CARE and wound.minutes == 20
    assert wound.eligible_groups == ["spl_sengepost"] and wound.training == {
        "helsefagarbeider": "Kurs i sårbehandling"
    }
    assert by_name["Vekt"].eligible_groups == ["assistent"]
    assert by_name["Servere frokost"].category is TaskCategory.NUTRITION
    assert by_name["Servere frokost"].interval is TimeInterval.ANYTIME


def test_form_errors_name_row_and_problem(tmp_path: Path):
    path = tmp_path / "bad.xlsx"
    _seed_form(path, [["• Uten kategori", None, None, None, "x", 5], ["Tull:"], ["• Uten merke"]])
    with pytest.raises(UserError) as caught:
        read_mapping_form(path, build_demo_unit())
    text = caught.value.text("no")
    assert "rad 2" in text and "rad 3" in text and "Tull" in text


def test_form_unknown_group_column(tmp_path: Path):
    book = Workbook()
    book.active.append(["Oppgaven", "Lege", "Tid"])
    book.save(tmp_path / "x.xlsx")
    with pytest.raises(UserError, match="Lege"):
        read_mapping_form(tmp_path / "x.xlsx", build_demo_unit())


@pytest.fixture(scope="module")
def cli_out(tmp_path_factory: pytest.TempPathFactory) -> Path:
    folder = tmp_path_factory.mktemp("cli")
    save_unit(build_demo_unit(), folder / "unit.yaml")
    result = CliRunner().invoke(
        app, ["oppgavedeling", str(folder / "unit.yaml"), "--out", str(folder / "out")]
    )
    assert result.exit_code == 0, result.output
    assert "Frigjort sykepleiertid" in result.output
    # the reader's numbers (decimal comma) and the rule's name, not its key
    assert re.search(r"Frigjort sykepleiertid: \d+,\d t/uke .* à 35,5 t/uke \(Ukentlig arbeidstid", result.output)
    assert re.search(r"oppgaver fordelt \(\w+\), \d+,\d timer per uke", result.output)
    return folder / "out"


def test_cli_writes_allocation_csv_with_exact_columns(cli_out: Path):
    with (cli_out / "allocation.csv").open(encoding="utf-8") as handle:
        reader = csv.DictReader(handle)
        assert tuple(reader.fieldnames or ()) == ALLOCATION_COLUMNS
        assert ALLOCATION_COLUMNS == (
            "task_id",
            "task",
            "category",
            "interval",
            "group",
            "hours_per_week",
            "training_needed",
            "reason",
        )
        rows = list(reader)
    assert len(rows) == len(build_demo_unit().tasks)
    assert len({r["task_id"] for r in rows}) == len(rows)
    ekg = next(r for r in rows if r["task_id"] == "t08")
    assert ekg["group"] == "helsefagarbeider" and ekg["training_needed"] == "Opplæring i EKG-registrering"


def test_cli_writes_activity_plan_csv_matching_allocation(cli_out: Path):
    with (cli_out / "activity_plan.csv").open(encoding="utf-8") as handle:
        reader = csv.DictReader(handle)
        assert (
            tuple(reader.fieldnames or ())
            == ACTIVITY_COLUMNS
            == ("group", "interval", "category", "day_type", "hours")
        )
        plan = list(reader)
    with (cli_out / "allocation.csv").open(encoding="utf-8") as handle:
        allocation = sum(float(r["hours_per_week"]) for r in csv.DictReader(handle))
    days = {"weekday": 5, "saturday": 1, "sunday": 1}
    assert sum(float(r["hours"]) * days[r["day_type"]] for r in plan) == pytest.approx(allocation, abs=0.05)


def test_workbook_has_seed_layout_and_heat_map(cli_out: Path):
    book = load_workbook(cli_out / "oppgavedeling.xlsx")
    assert {
        "Oppgavefordeling",
        "Aktivitetsplan",
        "Varmekart",
        "Før og etter",
        "Opplæringsbehov",
        "Kartlegging",
    } <= set(book.sheetnames)
    header = [c.value for c in book["Oppgavefordeling"][1]]
    assert header[1:5] == ["Oppgaven", "Sykepleier medisinsk overvåkning", "Tid (t/uke)", "Behov: opplæring"]
    heat = book["Varmekart"]
    assert len(heat.conditional_formatting) >= 4
    first_column = [heat.cell(r, 1).value for r in range(1, 12)]
    assert "kl. 22:00–07:00" in first_column
    # The form sheet in the result workbook reads back as a mapping form.
    assert len(read_mapping_form(cli_out / "oppgavedeling.xlsx", build_demo_unit()).tasks) == 69


def _run_main(*args: str) -> subprocess.CompletedProcess[str]:
    env = {**os.environ, "PYTHONPATH": SRC}
    return subprocess.run(
        [sys.executable, "-c", "from bemanning.cli import main; main()", *args],
        capture_output=True,
        text=True,
        env=env,
        timeout=120,
    )


def _main_in_process(
    monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str], *args: str
) -> tuple[int, str]:
    monkeypatch.setattr(sys, "argv", ["bemanning", *args])
    with pytest.raises(SystemExit) as done:
        main()
    return int(done.value.code or 0), capsys.readouterr().err


def test_cli_bad_unit_file_exits_2(tmp_path: Path):
    bad = tmp_path / "bad.yaml"
    bad.write_text("id: x\nname: [unclosed\n", encoding="utf-8")
    done = _run_main("oppgavedeling", str(bad), "--out", str(tmp_path / "o"))
    assert done.returncode == 2
    assert "Traceback" not in done.stderr and "bad.yaml" in done.stderr


def test_cli_missing_or_invalid_unit_exits_2(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]
):
    code, err = _main_in_process(monkeypatch, capsys, "oppgavedeling", str(tmp_path / "nope.yaml"))
    assert code == 2 and "nope.yaml" in err
    (tmp_path / "u.yaml").write_text("id: x\nname: Post\ngroups: []\n", encoding="utf-8")
    code, err = _main_in_process(monkeypatch, capsys, "oppgavedeling", str(tmp_path / "u.yaml"))
    assert code == 2 and "u.yaml" in err


def test_cli_infeasible_unit_explains_and_exits_1(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]
):
    unit = build_demo_unit()
    caps = [GroupCapacity(group=g.id, interval=TimeInterval.H22_07, hours_per_day=0) for g in unit.groups]
    unit = unit.model_copy(update={"task_sharing": unit.task_sharing.model_copy(update={"capacities": caps})})
    save_unit(unit, tmp_path / "unit.yaml")
    monkeypatch.setenv("BEMANNING_LANG", "no")
    code, err = _main_in_process(
        monkeypatch,
        capsys,
        "--lang",
        "en",
        "oppgavedeling",
        str(tmp_path / "unit.yaml"),
        "--out",
        str(tmp_path / "o"),
    )
    assert code == 1
    assert "fits no group" in err
    assert (tmp_path / "o" / "forklaring.txt").read_text(encoding="utf-8").startswith("No task allocation")
    assert (tmp_path / "o" / "oppgavedeling.xlsx").is_file()


def test_kartleggingsskjema_command(tmp_path: Path):
    save_unit(build_demo_unit(), tmp_path / "unit.yaml")
    result = CliRunner().invoke(
        app, ["kartleggingsskjema", str(tmp_path / "unit.yaml"), str(tmp_path / "f.xlsx")]
    )
    assert result.exit_code == 0, result.output
    out = CliRunner().invoke(
        app,
        [
            "oppgavedeling",
            str(tmp_path / "unit.yaml"),
            "--skjema",
            str(tmp_path / "f.xlsx"),
            "--out",
            str(tmp_path / "o"),
        ],
    )
    assert out.exit_code == 0, out.output


def test_unit_without_tasks_writes_every_file_and_says_so(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]
):
    """A unit with no tasks (yet): empty CSVs and a workbook whose heat map says why it is empty (was TypeError)."""
    save_unit(build_demo_unit().model_copy(update={"tasks": []}), tmp_path / "unit.yaml")
    monkeypatch.setenv("BEMANNING_LANG", "no")
    monkeypatch.setattr(sys, "argv", ["bemanning", "oppgavedeling", str(tmp_path / "unit.yaml"), "--out",
                                      str(tmp_path / "o")])
    try:
        main()
    except SystemExit as done:
        assert done.code in (0, None), capsys.readouterr().err
    captured = capsys.readouterr()
    assert "Traceback" not in captured.err and "Intern feil" not in captured.err
    assert "0 oppgaver fordelt" in captured.out
    with (tmp_path / "o" / "allocation.csv").open(encoding="utf-8") as handle:
        assert list(csv.DictReader(handle)) == []
    book = load_workbook(tmp_path / "o" / "oppgavedeling.xlsx")
    assert book["Varmekart"].cell(1, 1).value == "Enheten har ingen oppgaver å fordele."
