"""Seed 002: the HSØ table "Innleie – avvik mot budsjett 2023", reproduced from its printed inputs."""

from __future__ import annotations

import subprocess
import sys
from importlib import resources
from pathlib import Path

import polars as pl
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from bemanning.followup.budget import (
    DIFFERENCE_LABEL,
    OUTPUT_COLUMNS,
    SUM_LABEL,
    budget_deviation,
    deviation_table,
    percent,
)
from bemanning.followup.settings import BudgetDenominators

GROUP = "Helse Sør-Øst Foretaksgruppen"
FIXTURE = Path(str(resources.files("bemanning.followup") / "data" / "hso_2023_innleie.csv"))

# As printed in the seed: innleie avvik, %, lønn avvik, %, sum avvik, % (NOK 1000)
PRINTED = {
    "Akershus universitetssykehus HF": (57514, 51.0, 358176, 5.1, 415690, 5.5),
    "Oslo universitetssykehus HF": (67247, 55.8, 553653, 3.2, 620900, 3.5),
    "Sunnaas sykehus HF": (0, 0.0, 13135, 2.9, 13135, 2.9),
    "Sykehusapotekene HF": (0, 0.0, 7113, 1.1, 7113, 1.1),
    "Sykehuset i Vestfold HF": (36018, 136.3, 48390, 1.4, 84408, 2.3),
    "Sykehuset Innlandet HF": (75061, 124.4, 175115, 3.2, 250176, 4.4),
    "Sykehuset Telemark HF": (17757, 47.4, 100775, 4.0, 118532, 4.4),
    "Sykehuset Østfold HF": (42794, 129.4, 150807, 3.5, 193600, 4.2),
    "Sykehuspartner HF": (0, 0.0, -24441, -1.6, -24441, -1.6),
    "Sørlandet sykehus HF": (38381, 56.5, 159953, 3.5, 198334, 4.1),
    "Vestre Viken HF": (11044, 25.1, 320573, 5.0, 331617, 4.9),
    "Helse Sør-Øst RHF": (0, 0.0, -7986, -3.3, -7986, -3.4),
    GROUP: (345815, 68.8, 1574527, 2.9, 1920343, 3.4),
}


@pytest.fixture(scope="module")
def table() -> pl.DataFrame:
    return budget_deviation(FIXTURE, group=GROUP).table


def test_every_printed_row_is_reproduced(table: pl.DataFrame) -> None:
    rows = {r["foretak"]: r for r in table.iter_rows(named=True)}
    for name, printed in PRINTED.items():
        row = rows[name]
        got = tuple(row[c] for c in OUTPUT_COLUMNS[1:])
        for column, value, expected in zip(OUTPUT_COLUMNS[1:], got, printed, strict=True):
            if column.endswith("_pct"):
                assert value == expected, (name, column, value, expected)
            else:
                assert abs(value - expected) <= 1, (name, column, value, expected)


def test_order_sum_group_and_difference(table: pl.DataFrame) -> None:
    names = table["foretak"].to_list()
    assert names[:12] == [n for n in PRINTED if n != GROUP]
    assert names[12:] == [SUM_LABEL, GROUP, DIFFERENCE_LABEL]
    rows = {r["foretak"]: r for r in table.iter_rows(named=True)}
    trusts = table.head(12)
    assert rows[SUM_LABEL]["innleie_avvik"] == trusts["innleie_avvik"].sum() == 345815
    assert rows[SUM_LABEL]["lonn_avvik"] == trusts["lonn_avvik"].sum()
    # agency hire adds up; salary does not (internal transactions are eliminated in the group line)
    assert rows[DIFFERENCE_LABEL]["innleie_avvik"] == 0
    assert rows[DIFFERENCE_LABEL]["lonn_avvik"] == rows[GROUP]["lonn_avvik"] - rows[SUM_LABEL]["lonn_avvik"]
    assert rows[DIFFERENCE_LABEL]["lonn_avvik"] == -280736
    assert rows[DIFFERENCE_LABEL]["sum_avvik_pct"] == pytest.approx(
        rows[GROUP]["sum_avvik_pct"] - rows[SUM_LABEL]["sum_avvik_pct"]
    )


def test_sum_column_divides_by_actual_by_default() -> None:
    # Helse Sør-Øst RHF: -7 986 / 242 437 (budget) = -3.3 %, but -7 986 / 234 451 (actual) = -3.4 %
    assert percent(-7986, 242437) == -3.3
    assert percent(-7986, 234451) == -3.4
    assert BudgetDenominators().describe() == "innleie/budsjett, lønn/budsjett, sum/faktisk"


def test_denominator_setting_changes_the_pct(table: pl.DataFrame) -> None:
    inputs = pl.read_csv(FIXTURE)
    by_actual = deviation_table(inputs, BudgetDenominators(innleie="faktisk", lonn="faktisk", sum="budsjett"))
    akershus = by_actual.row(0, named=True)
    assert akershus["innleie_avvik_pct"] == percent(57514, 170245) == 33.8
    assert akershus["lonn_avvik_pct"] == percent(358175, 7328305) == 4.9
    assert akershus["sum_avvik_pct"] == percent(415689, 112731 + 6970130) == 5.9
    assert akershus["innleie_avvik"] == table.row(0, named=True)["innleie_avvik"]


def test_zero_denominator_gives_no_percentage() -> None:
    assert percent(0, 0) is None
    assert percent(100, 0) is None


def test_no_budget_leaves_the_percentages_empty() -> None:
    inputs = pl.DataFrame(
        {
            "foretak": ["Uten budsjett", "Ingen innleie", "Innleie uten budsjett"],
            "innleie_faktisk": [500.0, 0.0, 80.0],
            "innleie_budsjett": [0.0, 0.0, 0.0],
            "lonn_faktisk": [9000.0, 1000.0, 1000.0],
            "lonn_budsjett": [0.0, 900.0, 900.0],
        }
    )
    rows = deviation_table(inputs).rows_by_key("foretak", named=True, unique=True)
    no_budget = rows["Uten budsjett"]
    # before: innleie 0.0 % and sum 100.0 % (9 500 / 9 500 by the actual)
    assert no_budget["innleie_avvik_pct"] is None
    assert no_budget["lonn_avvik_pct"] is None
    assert no_budget["sum_avvik_pct"] is None
    assert no_budget["sum_avvik"] == 9500  # the NOK deviation from a zero budget is still shown
    # no agency hire and no agency budget: on budget, 0.0 % as the seed prints it
    assert rows["Ingen innleie"]["innleie_avvik_pct"] == 0.0
    # agency hire against a zero agency budget: no %, but salary and sum still have a budget
    partly = rows["Innleie uten budsjett"]
    assert partly["innleie_avvik_pct"] is None
    assert partly["lonn_avvik_pct"] == 11.1
    assert partly["sum_avvik_pct"] == percent(180, 1080)
    assert rows[SUM_LABEL]["innleie_avvik_pct"] is None


def test_cli_flags_zero_budgets_and_negative_actuals(tmp_path: Path) -> None:
    source = tmp_path / "inn.csv"
    source.write_text(
        "foretak,innleie_faktisk,innleie_budsjett,lonn_faktisk,lonn_budsjett\n"
        "HF A,100,90,1000,1000\n"  # line 2: fine
        "HF B,250,0,1000,1000\n"  # line 3: agency hire against a zero budget
        "HF C,-40,10,1000,1000\n",  # line 4: negative actual
        encoding="utf-8",
    )
    done = _cli("followup", "budsjettavvik", str(source), "--out", str(tmp_path / "out"))
    assert done.returncode == 0, done.stderr
    assert "rad 3 (HF B): innleie_budsjett er 0 mens faktisk er 250" in done.stdout
    assert "rad 4, kolonne innleie_faktisk: «-40» er mindre enn 0" in done.stdout
    assert "3 rader lest, 1 avvist, 2 brukt" in done.stdout
    lines = (tmp_path / "out" / "budsjettavvik.csv").read_text(encoding="utf-8").splitlines()
    assert lines[2] == "HF B,250,,0,0.0,250,20.0"  # empty %, not 0.0; HF C is not in the table
    assert [line.split(",")[0] for line in lines[1:]] == ["HF A", "HF B", SUM_LABEL]


def test_cli_rejects_a_header_only_file(tmp_path: Path) -> None:
    source = tmp_path / "tom.csv"
    source.write_text("foretak,innleie_faktisk,innleie_budsjett,lonn_faktisk,lonn_budsjett\n", encoding="utf-8")
    done = _cli("followup", "budsjettavvik", str(source), "--out", str(tmp_path / "out"))
    assert done.returncode == 2
    assert "tom.csv: filen har ingen datarader" in " ".join(done.stderr.split())  # error lines may wrap
    assert "Traceback" not in done.stdout + done.stderr
    assert not (tmp_path / "out" / "budsjettavvik.csv").exists()


@settings(max_examples=50, deadline=None)
@given(st.lists(st.tuples(*(st.integers(0, 10**7) for _ in range(4))), min_size=1, max_size=8))
def test_sum_row_is_the_sum_of_trusts(rows: list[tuple[int, int, int, int]]) -> None:
    inputs = pl.DataFrame(
        [(f"HF {i}", *r) for i, r in enumerate(rows)],
        schema=["foretak", "innleie_faktisk", "innleie_budsjett", "lonn_faktisk", "lonn_budsjett"],
        orient="row",
    )
    table = deviation_table(inputs)
    trusts, total = table.head(len(rows)), table.row(len(rows), named=True)
    for column in ("innleie_avvik", "lonn_avvik", "sum_avvik"):
        assert total[column] == pytest.approx(trusts[column].sum())
    assert (trusts["sum_avvik"] == trusts["innleie_avvik"] + trusts["lonn_avvik"]).all()
    assert all(v is None or round(v, 1) == v for v in table["sum_avvik_pct"].to_list())


def _cli(*args: str) -> subprocess.CompletedProcess[str]:
    return subprocess.run(
        [sys.executable, "-c", "from bemanning.cli import main; main()", *args],
        capture_output=True,
        text=True,
        env={"PYTHONPATH": "src", "PATH": "/usr/bin:/bin"},
        timeout=120,
    )


def test_cli_writes_the_seed_table(tmp_path: Path) -> None:
    done = _cli("followup", "budsjettavvik", str(FIXTURE), "--konsern", GROUP, "--out", str(tmp_path))
    assert done.returncode == 0, done.stderr
    lines = (tmp_path / "budsjettavvik.csv").read_text(encoding="utf-8").splitlines()
    assert lines[0] == ",".join(OUTPUT_COLUMNS)
    assert lines[1] == "Akershus universitetssykehus HF,57514,51.0,358175,5.1,415689,5.5"
    assert lines[-3].startswith("Sum foretak,345815,68.8,")
    assert lines[-2] == "Helse Sør-Øst Foretaksgruppen,345815,68.8,1574527,2.9,1920342,3.4"
    assert lines[-1] == "Differanse,0,0.0,-280736,-0.5,-280736,-0.5"
    assert "sum/faktisk" in done.stdout


def test_cli_without_group_has_no_difference_row(tmp_path: Path) -> None:
    done = _cli("followup", "budsjettavvik", str(FIXTURE), "--out", str(tmp_path))
    assert done.returncode == 0, done.stderr
    lines = (tmp_path / "budsjettavvik.csv").read_text(encoding="utf-8").splitlines()
    assert lines[-1].startswith("Sum foretak,")
    assert len(lines) == 1 + 13 + 1


def test_cli_unknown_group_exits_2(tmp_path: Path) -> None:
    done = _cli("followup", "budsjettavvik", str(FIXTURE), "--konsern", "Finnes ikke", "--out", str(tmp_path))
    assert done.returncode == 2
    assert "Finnes ikke" in done.stderr


@settings(max_examples=200, deadline=None)
@given(
    st.integers(0, 10**6),
    st.integers(0, 10**6),
    st.sampled_from(["budsjett", "faktisk"]),
)
def test_deviation_pct_is_empty_exactly_without_a_budget(actual: int, budget: int, denominator: str) -> None:
    from bemanning.followup.budget import deviation_pct

    pair = {"faktisk": float(actual), "budsjett": float(budget)}
    value = deviation_pct(pair, denominator)
    if actual == 0 and budget == 0:
        assert value == 0.0
    elif budget == 0 or pair[denominator] == 0:
        assert value is None  # never 0.0 % or 100 % without something to divide by
    else:
        assert value == percent(actual - budget, pair[denominator])
        assert value is not None and value * (actual - budget) >= 0  # the sign of the deviation
