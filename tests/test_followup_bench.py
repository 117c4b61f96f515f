"""The follow-up benchmark runs at a small size, and its hand-written query computes the same KPIs."""

from __future__ import annotations

import importlib.util
import subprocess
import sys
from pathlib import Path

import polars as pl
import pytest

from bemanning.followup.loading import load_followup
from bemanning.followup.report import compute

SCRIPT = Path(__file__).resolve().parents[1] / "benchmarks" / "bench_followup.py"


def _bench() -> object:
    spec = importlib.util.spec_from_file_location("bench_followup", SCRIPT)
    assert spec and spec.loader
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    return module


def test_query_and_command_agree(tmp_path: Path) -> None:
    bench = _bench()
    bench.ensure_data(tmp_path / "data", 20_000)  # type: ignore[attr-defined]
    bench.hand_query(tmp_path / "data", tmp_path / "query")  # type: ignore[attr-defined]
    query = pl.read_parquet(tmp_path / "query" / "kpi_foretak_maned.parquet").sort("foretak", "maned")
    levels = compute(load_followup([tmp_path / "data"])).levels["foretak"].sort("foretak", "maned")
    for column in ("brutto_manedsverk", "sykefravaer_pct", "overtid_andel_pct", "innleie_nok_12m"):
        ours = levels[column].fill_null(-1.0).to_list()  # empty until 12 months of data, in both
        theirs = query[column].fill_null(-1.0).to_list()
        assert len(ours) == len(theirs) == 4 * 36
        assert ours == pytest.approx(theirs, rel=1e-9), column


def test_benchmark_runs_small(tmp_path: Path) -> None:
    done = subprocess.run(
        [sys.executable, str(SCRIPT), "--rows", "3000", "--runs", "1", "--data", str(tmp_path)],
        capture_output=True,
        text=True,
        timeout=600,
    )
    assert done.returncode == 0, done.stderr
    assert "| **ratio command / query (target ≤ 1.5)** |" in done.stdout
    assert "Shift rows: 3,000" in done.stdout
