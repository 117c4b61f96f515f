"""Malformed input rows are reported with file, row and column, and excluded visibly with counts."""

from __future__ import annotations

import subprocess
import sys
from pathlib import Path

import polars as pl
import pytest
from openpyxl import Workbook

from bemanning.followup.loading import load_followup
from bemanning.followup.reading import load_table
from bemanning.followup.schemas import HOURS
from bemanning.io.errors import UserError

ORG = "enhet_id,enhet,klinikk,foretak,region\nA,Post A,Med,HF1,R\nB,Post B,Med,HF1,R\n"
HOURS_CSV = (
    "enhet_id,maned,ordinaer_timer,overtid_timer,ekstravakt_timer,fastlonn_nok,variabel_lonn_nok\n"
    "A,2023-01,1000,50,30,400000,40000\n"  # line 2: good
    "A,2023-13,1000,50,30,400000,40000\n"  # line 3: bad month
    "B,2023-01,mye,-5,30,400000,\n"  # line 4: three problems
    "A,2023-01,1000,50,30,400000,40000\n"  # line 5: duplicate of line 2
    "X,2023-01,1000,50,30,400000,40000\n"  # line 6: unknown unit
    "B,2023-02,1 000,0,0,400000,0\n"  # line 7: good (space as thousands separator)
)


def _write(folder: Path, name: str, text: str) -> Path:
    path = folder / name
    path.write_text(text, encoding="utf-8")
    return path


def test_bad_rows_are_reported_with_file_row_column(tmp_path: Path) -> None:
    _write(tmp_path, "organisasjon.csv", ORG)
    hours = _write(tmp_path, "timer.csv", HOURS_CSV)
    data = load_followup([tmp_path])
    rejected = data.rejected()
    problems = {(r["rad"], r["kolonne"]) for r in rejected.iter_rows(named=True)}
    assert problems == {
        (3, "maned"),
        (4, "ordinaer_timer"),
        (4, "overtid_timer"),
        (4, "variabel_lonn_nok"),
        (5, "maned"),
        (6, "enhet_id"),
    }
    assert set(rejected["fil"]) == {str(hours)}
    reasons = {(r["rad"], r["kolonne"]): r["arsak"] for r in rejected.iter_rows(named=True)}
    assert "ikke et tall" in reasons[(4, "ordinaer_timer")]
    assert "duplikat av rad 2" in reasons[(5, "maned")]
    assert "organisasjonstabellen" in reasons[(6, "enhet_id")]
    kept = data.frame("timer")
    assert kept is not None and kept.height == 2
    assert kept["ordinaer_timer"].to_list() == [1000.0, 1000.0]
    counts = data.row_counts().filter(pl.col("tabell") == "timer").row(0, named=True)
    assert (counts["lest"], counts["avvist"], counts["brukt"]) == (6, 4, 2)
    assert "6 rader lest, 4 avvist, 2 brukt" in " ".join(data.summary_lines())


def test_excel_rows_are_sheet_rows(tmp_path: Path) -> None:
    workbook = Workbook()
    sheet = workbook.active
    assert sheet is not None
    sheet.append(HOURS.column_names)
    sheet.append(["A", "2023-01", 10, 1, 0, 5000, 100])
    sheet.append(["A", "2023-02", "ti", 1, 0, 5000, 100])
    path = tmp_path / "timer.xlsx"
    workbook.save(path)
    table = load_table(path, HOURS)
    assert table.rejected.select("rad", "kolonne").rows() == [(3, "ordinaer_timer")]
    assert table.data.height == 1 and table.rows_rejected == 1


def test_parquet_rows_are_records(tmp_path: Path) -> None:
    path = tmp_path / "timer.parquet"
    pl.DataFrame(
        {
            "enhet_id": ["A", None],
            "maned": ["2023-01", "2023-01"],
            "ordinaer_timer": [1.0, 2.0],
            "overtid_timer": [0.0, 0.0],
            "ekstravakt_timer": [0.0, 0.0],
            "fastlonn_nok": [1.0, 1.0],
            "variabel_lonn_nok": [0.0, float("nan")],
        }
    ).write_parquet(path)
    table = load_table(path, HOURS)
    assert table.rejected.select("rad", "kolonne").rows() == [(2, "enhet_id"), (2, "variabel_lonn_nok")]
    assert table.summary() == "timer: 2 rader lest, 1 avvist, 1 brukt"


def test_semicolon_csv_is_read(tmp_path: Path) -> None:
    path = _write(
        tmp_path, "timer.csv", HOURS_CSV.replace(",", ";").splitlines()[0] + "\nA;2023-01;1;0;0;1;0\n"
    )
    assert load_table(path, HOURS).data.height == 1


def test_missing_column_is_a_user_error(tmp_path: Path) -> None:
    path = _write(tmp_path, "timer.csv", "enhet_id,maned\nA,2023-01\n")
    with pytest.raises(UserError) as caught:
        load_table(path, HOURS)
    assert "ordinaer_timer" in caught.value.text("no")


def test_organisation_is_required(tmp_path: Path) -> None:
    _write(tmp_path, "timer.csv", HOURS_CSV)
    with pytest.raises(UserError):
        load_followup([tmp_path])


def _cli(*args: str) -> subprocess.CompletedProcess[str]:
    return subprocess.run(
        [sys.executable, "-c", "from bemanning.cli import main; main()", *args],
        capture_output=True,
        text=True,
        env={"PYTHONPATH": "src", "PATH": "/usr/bin:/bin"},
        timeout=120,
    )


def test_cli_exit_2_on_bad_files(tmp_path: Path) -> None:
    missing = _cli(
        "followup", "report", "--data", str(tmp_path / "finnes_ikke"), "--out", str(tmp_path / "o")
    )
    assert missing.returncode == 2 and "Traceback" not in missing.stderr
    _write(tmp_path, "organisasjon.csv", "enhet_id,enhet\nA,B\n")
    bad_columns = _cli("followup", "report", "--data", str(tmp_path), "--out", str(tmp_path / "o"))
    assert bad_columns.returncode == 2 and "klinikk" in bad_columns.stderr
    binary = tmp_path / "budsjett.xlsx"
    binary.write_bytes(b"not a zip file")
    bad_budget = _cli("followup", "budsjettavvik", str(binary), "--out", str(tmp_path / "o"))
    assert bad_budget.returncode == 2 and "Traceback" not in bad_budget.stderr


def test_cli_report_states_rejected_rows(tmp_path: Path) -> None:
    data = tmp_path / "data"
    data.mkdir()
    _write(data, "organisasjon.csv", ORG)
    _write(data, "timer.csv", HOURS_CSV)
    done = _cli("followup", "report", "--data", str(data), "--out", str(tmp_path / "out"))
    assert done.returncode == 0, done.stderr
    assert "6 rader lest, 4 avvist, 2 brukt" in done.stdout
    assert "rad 4, kolonne overtid_timer" in done.stdout
    rejected = pl.read_csv(tmp_path / "out" / "avviste_rader.csv")
    assert rejected["rad"].n_unique() == 4
    assert "<strong>4 avvist</strong>" in (tmp_path / "out" / "oppfolging.html").read_text(encoding="utf-8")


def _shift_folders(tmp_path: Path) -> tuple[Path, Path, Path]:
    """The same generated shifts as Parquet (the generator's format), as CSV and as CSV + Parquet halves."""
    from bemanning.followup.generate import generate_shifts

    org = pl.read_csv(_write(tmp_path, "org.csv", ORG))
    shifts = generate_shifts(3000, org, first_year=2023, years=1, seed=3)
    folders = [tmp_path / name for name in ("parquet", "csv", "mixed")]
    for folder in folders:
        folder.mkdir()
        _write(folder, "organisasjon.csv", ORG)
    shifts.write_parquet(folders[0] / "vakter.parquet")
    text = shifts.with_columns(pl.col(pl.Enum, pl.Categorical).cast(pl.String))
    text.write_csv(folders[1] / "vakter.csv")
    text.head(1000).write_csv(folders[2] / "vakter_1.csv")
    shifts.tail(2000).write_parquet(folders[2] / "vakter_2.parquet")
    return folders[0], folders[1], folders[2]


def _sorted_totals(frame: pl.DataFrame | None) -> pl.DataFrame:
    assert frame is not None
    keys = ["enhet_id", "_m", "timetype", "yrkesgruppe"]
    return frame.select(*[pl.col(k).cast(pl.String) for k in keys], pl.col("h").round(3), pl.col("nok").round(0)).sort(
        keys
    )


def test_shift_file_as_csv_gives_the_same_totals_as_parquet(tmp_path: Path) -> None:
    """vakter.csv (was an internal error: a CSV read as Parquet) is summed exactly like vakter.parquet."""
    parquet, csv, mixed = _shift_folders(tmp_path)
    expected = _sorted_totals(load_followup([parquet]).shift_totals())
    for folder in (csv, mixed):
        data = load_followup([folder])
        assert data.shift_rows == 3000 and data.rejected().height == 0
        assert _sorted_totals(data.shift_totals()).equals(expected), folder.name


def test_bad_rows_of_a_csv_shift_file_are_reported_with_their_lines(tmp_path: Path) -> None:
    _write(tmp_path, "organisasjon.csv", ORG)
    path = _write(
        tmp_path,
        "vakter.csv",
        "enhet_id;dato;timetype;timer;kostnad_nok\n"  # yrkesgruppe may be left out, as in Parquet files
        "A;2023-01-05;ordinaer;7,5;3 000\n"  # line 2: good (decimal comma, space as thousands separator)
        "A;2023-02-30;ordinaer;7,5;3000\n"  # line 3: no such date
        "B;2023-01-05;overtid;-1;500\n"  # line 4: negative hours
        "X;2023-01-05;innleie;8;9000\n"  # line 5: unknown unit
        "B;05.01.2023;ferie;8;9000\n",  # line 6: a date as typed in Norway and an unknown hour type
    )
    data = load_followup([tmp_path])
    rejected = data.rejected()
    problems = {(r["rad"], r["kolonne"], r["verdi"]) for r in rejected.iter_rows(named=True)}
    assert problems == {
        (3, "dato", "2023-02-30"),
        (4, "timer", "-1"),
        (5, "enhet_id", "X"),
        (6, "timetype", "ferie"),
        (6, "dato", "05.01.2023"),
    }
    assert set(rejected["fil"]) == {str(path)}
    assert "ÅÅÅÅ-MM-DD" in rejected.filter(pl.col("kolonne") == "dato")["arsak"][0]
    totals = data.shift_totals()
    assert totals is not None and totals["h"].to_list() == [7.5] and totals["nok"].to_list() == [3000.0]
    counts = data.row_counts().filter(pl.col("tabell") == "vakter").row(0, named=True)
    assert (counts["lest"], counts["avvist"], counts["brukt"]) == (5, 4, 1)


def test_cli_report_reads_a_csv_shift_file(tmp_path: Path) -> None:
    parquet, csv, _ = _shift_folders(tmp_path)
    done = _cli("followup", "report", "--data", str(csv), "--out", str(tmp_path / "out"), "--format", "parquet")
    assert done.returncode == 0, done.stderr
    assert "vakter: 3000 rader lest, 0 avvist, 3000 brukt" in done.stdout
    from_parquet = _cli("followup", "report", "--data", str(parquet), "--out", str(tmp_path / "ref"),
                        "--format", "parquet")
    assert from_parquet.returncode == 0, from_parquet.stderr
    for name in ("kpi_enhet_maned", "kpi_foretak_maned"):
        got = pl.read_parquet(tmp_path / "out" / "parquet" / f"{name}.parquet")
        want = pl.read_parquet(tmp_path / "ref" / "parquet" / f"{name}.parquet")
        assert got.shape == want.shape and got.columns == want.columns, name
