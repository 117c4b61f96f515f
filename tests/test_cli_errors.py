"""Usage errors are usage errors (issue 26): exit 2, the command's usage and one line naming the bad value.

Most cases run `main()` in-process (fast); a few run the real `bemanning` process (Ctrl-C, the entry point).
"""

from __future__ import annotations

import os
import signal
import subprocess
import sys
import time
from pathlib import Path

import pytest

from bemanning.cli import main
from bemanning.io.unit_file import save_unit
from bemanning.model import Unit


@pytest.fixture
def files(tmp_path: Path, demo_unit: Unit) -> dict[str, str]:
    unit = tmp_path / "enhet.yaml"
    save_unit(demo_unit, unit)
    a_file = tmp_path / "finnes.txt"
    a_file.write_text("x", encoding="utf-8")
    folder = tmp_path / "mappe.yaml"
    folder.mkdir()
    return {"unit": str(unit), "file": str(a_file), "dir": str(folder), "tmp": str(tmp_path),
            "out": str(tmp_path / "ut")}


def run_main(args: list[str], capsys: pytest.CaptureFixture[str]) -> tuple[int, str]:
    try:
        main(args)
        code = 0
    except SystemExit as exc:
        code = exc.code if isinstance(exc.code, int) else 1
    captured = capsys.readouterr()
    return code, captured.out + captured.err


@pytest.fixture(autouse=True)
def norwegian(monkeypatch: pytest.MonkeyPatch, tmp_path: Path) -> None:
    monkeypatch.setenv("BEMANNING_LANG", "no")  # --lang sets it for the process; start each test in Norwegian
    monkeypatch.setenv("BEMANNING_LOG_DIR", str(tmp_path / "logs"))
    monkeypatch.delenv("BEMANNING_DEBUG", raising=False)


# (name, arguments with {unit}/{file}/{dir}/{tmp}/{out}, texts the message must contain)
USAGE_CASES = [
    ("missing argument", ["kartleggingsskjema"], ["Mangler argumentet", "unit_file"]),
    ("missing option", ["solve", "{unit}"], ["Mangler valget", "--out"]),
    ("option without value", ["solve", "{unit}", "--out"], ["--out", "trenger en verdi"]),
    ("unknown command", ["turnus", "{unit}"], ["Ukjent kommando", "turnus"]),
    ("unknown command, close match", ["solv"], ["solv", "mente du solve"]),
    ("unknown subcommand", ["scenario", "sammenlign"], ["Ukjent kommando", "sammenlign"]),
    ("unknown option", ["valider", "--fort", "{unit}"], ["Ukjent valg", "--fort"]),
    ("extra argument", ["valider", "{unit}", "ekstra"], ["ekstra"]),
    ("non-numeric weeks", ["solve", "{unit}", "--out", "{out}", "--weeks", "fire"], ["fire", "--weeks", "heltall"]),
    ("non-numeric time", ["solve", "{unit}", "--out", "{out}", "--time-limit", "lenge"], ["lenge", "tall"]),
    ("bad date", ["solve", "{unit}", "--out", "{out}", "--from", "2026-13-01", "--to", "2026-02-01"],
     ["2026-13-01", "ÅÅÅÅ-MM-DD"]),
    ("bad date (day first)", ["check", "{unit}", "{file}", "--from", "01.02.2026", "--to", "2026-02-28"],
     ["01.02.2026", "ÅÅÅÅ-MM-DD"]),
    ("from after to", ["solve", "{unit}", "--out", "{out}", "--from", "2026-03-01", "--to", "2026-02-01"],
     ["2026-03-01", "2026-02-01"]),
    ("zero weeks", ["solve", "{unit}", "--out", "{out}", "--weeks", "0"], ["--weeks", "0"]),
    ("negative weeks", ["solve", "{unit}", "--out", "{out}", "--weeks", "-2"], ["--weeks", "-2"]),
    ("zero time limit", ["solve", "{unit}", "--out", "{out}", "--time-limit", "0"], ["--time-limit", "0"]),
    ("negative time limit", ["solve", "{unit}", "--out", "{out}", "--time-limit", "-5"], ["--time-limit", "-5"]),
    ("existing --out file", ["solve", "{unit}", "--out", "{file}"], ["finnes.txt", "er en fil"]),
    ("--out below a file", ["kostnad", "{unit}", "{file}", "--out", "{file}/ut"], ["finnes.txt", "er en fil"]),
    ("tasksharing zero time", ["oppgavedeling", "{unit}", "--tidsgrense", "0"], ["--tidsgrense", "0"]),
    ("demo zero time", ["demo", "--tidsgrense", "0"], ["--tidsgrense", "0"]),
    ("convert into missing folder", ["konverter", "{unit}", "{tmp}/finnes-ikke/enhet.xlsx"],
     ["finnes-ikke", "finnes ikke"]),
    ("convert onto a folder", ["konverter", "{unit}", "{dir}"], ["mappe.yaml", "er en mappe"]),
    ("form into missing folder", ["kartleggingsskjema", "{unit}", "{tmp}/nei/skjema.xlsx"], ["nei", "finnes ikke"]),
    ("repair zero time", ["repair", "{unit}", "{file}", "--absent", "x:2026-01-05", "--out", "{out}",
                          "--time-limit", "0"], ["--time-limit", "0"]),
    ("fill bad date", ["fyll", "{unit}", "{file}", "--date", "i morgen", "--shift", "D", "--group", "spl"],
     ["i morgen", "ÅÅÅÅ-MM-DD"]),
    ("fill zero top", ["fyll", "{unit}", "{file}", "--date", "2026-01-05", "--shift", "D", "--group", "spl",
                       "--top", "0"], ["--top", "0"]),
    ("scenario zero workers", ["scenario", "compare", "{unit}", "{file}", "--out", "{out}", "--workers", "0"],
     ["--workers", "0"]),
    ("bench zero time", ["bench", "curtois", "--time-limit", "0"], ["--time-limit", "0"]),
    ("unknown language", ["--lang", "de", "regler"], ["de", "no eller en"]),
]


@pytest.mark.parametrize(("name", "args", "expected"), USAGE_CASES, ids=[c[0] for c in USAGE_CASES])
def test_usage_error_exits_2_with_usage_and_the_bad_value(
    name: str, args: list[str], expected: list[str], files: dict[str, str], capsys: pytest.CaptureFixture[str],
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    import bemanning.planning.rostering as rostering

    def no_solver(*_: object, **__: object) -> None:
        raise AssertionError("the solver must not run when an option is wrong")

    monkeypatch.setattr(rostering, "solve_roster", no_solver)
    code, output = run_main([a.format(**files) for a in args], capsys)
    assert code == 2, output
    assert "Traceback" not in output
    assert "Bruk: bemanning" in output and "Feil: " in output, output
    for text in expected:
        assert text in output, f"{text!r} not in {output!r}"


FILE_CASES = [
    ("unit file is a folder", ["valider", "{dir}"], ["mappe.yaml", "er en mappe"]),
    ("roster file is a folder", ["check", "{unit}", "{dir}"], ["mappe.yaml", "er en mappe"]),
    ("unit file missing", ["valider", "{tmp}/borte.yaml"], ["borte.yaml", "Finner ikke"]),
]


@pytest.mark.parametrize(("name", "args", "expected"), FILE_CASES, ids=[c[0] for c in FILE_CASES])
def test_bad_input_file_exits_2_naming_the_file(
    name: str, args: list[str], expected: list[str], files: dict[str, str], capsys: pytest.CaptureFixture[str]
) -> None:
    code, output = run_main([a.format(**files) for a in args], capsys)
    assert code == 2 and "Traceback" not in output
    for text in expected:
        assert text in output, f"{text!r} not in {output!r}"


def test_english_with_lang_en(files: dict[str, str], capsys: pytest.CaptureFixture[str]) -> None:
    code, output = run_main(["--lang", "en", "solve", files["unit"], "--out", files["out"], "--weeks", "four"], capsys)
    assert code == 2
    assert "Usage: bemanning solve" in output and "Invalid value 'four' for --weeks" in output, output
    code, output = run_main(["--lang", "en", "solv"], capsys)
    assert code == 2 and "Unknown command 'solv' (did you mean solve?)" in output, output


def test_unexpected_error_is_one_line_and_a_log_without_personal_data(
    files: dict[str, str], capsys: pytest.CaptureFixture[str], monkeypatch: pytest.MonkeyPatch, tmp_path: Path
) -> None:
    import bemanning.io.unit_file as unit_file

    health_data = "Kari Nordmann er sykmeldt"

    def broken(path: object) -> None:
        raise RuntimeError(health_data)

    monkeypatch.setattr(unit_file, "load_unit", broken)
    code, output = run_main(["valider", files["unit"]], capsys)
    assert code == 1
    assert "Traceback" not in output and "Kari" not in output
    lines = output.strip().splitlines()
    assert len(lines) == 1 and "Intern feil (RuntimeError)" in lines[0], output
    logs = list((tmp_path / "logs").glob("feil-*.log"))
    assert len(logs) == 1 and str(logs[0]) in lines[0]
    text = logs[0].read_text(encoding="utf-8")
    assert "Traceback" in text and "RuntimeError" in text and "load_unit" not in output
    assert "Kari" not in text and "enhet.yaml" not in text  # neither the message nor argument values
    assert "command: bemanning valider" in text


def test_real_process_usage_error_has_no_traceback(files: dict[str, str], cli: object) -> None:
    result = cli("kartleggingsskjema")  # type: ignore[operator]
    assert result.returncode == 2
    assert "Traceback" not in result.stdout + result.stderr
    assert "Mangler argumentet {unit_file}" in result.stderr


def test_ctrl_c_says_what_was_saved_and_exits_130(files: dict[str, str], tmp_path: Path) -> None:
    """SIGINT while the solver runs: exit 130 and a line saying that nothing was saved yet."""
    env = {**os.environ, "BEMANNING_LANG": "no",
           "PYTHONPATH": str(Path(__file__).resolve().parents[1] / "src")}
    out = tmp_path / "turnus"
    process = subprocess.Popen(
        [sys.executable, "-m", "bemanning", "solve", files["unit"], "--out", str(out), "--time-limit", "300"],
        stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True, env=env,
    )
    time.sleep(15)  # start-up, load, model build: the solver is running (or about to) by now
    process.send_signal(signal.SIGINT)
    stdout, stderr = process.communicate(timeout=120)
    assert process.returncode == 130, stderr
    assert "Traceback" not in stdout + stderr
    assert "Avbrutt. Ingenting ble lagret." in stderr


def test_interrupt_lists_files_written_before_it(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    from bemanning.cli.errors import show_interrupted

    started = time.time()
    (tmp_path / "ut").mkdir()
    (tmp_path / "ut" / "results.csv").write_text("instance\n", encoding="utf-8")
    show_interrupted(["bench", "curtois", "--out", str(tmp_path / "ut")], started)
    err = capsys.readouterr().err
    assert "Lagret før avbruddet (1 filer" in err and "results.csv" in err
