"""Seed 002: "HSØ – Innleie av leger i timer 2023 (1 årsverk 1950 timer)"."""

from __future__ import annotations

from importlib import resources
from pathlib import Path

import polars as pl
import pytest

from bemanning.followup.agency import TOTAL_LABEL, agency_share_pct, fte_table, hours_to_fte, round_half_up
from bemanning.followup.settings import FollowupSettings

FIXTURE = Path(str(resources.files("bemanning.followup") / "data" / "hso_2023_legeinnleie.csv"))
PROFESSIONS = ["anestesi", "nevrologi", "psykiatri_vop", "radiologi", "ovrige_leger"]


def test_totals_and_fte_as_printed() -> None:
    table = fte_table(pl.read_csv(FIXTURE), "foretak", PROFESSIONS)
    total = table.filter(pl.col("foretak") == TOTAL_LABEL).row(0, named=True)
    # "Helse Sør-Øst 10 961 7 091 121 041 17 990 23 901"
    assert [total[p] for p in PROFESSIONS] == [10961, 7091, 121041, 17990, 23901]
    # "Omregnet til månedsverk 6 4 62 9 12"
    assert [round_half_up(total[f"{p}_arsverk"]) for p in PROFESSIONS] == [6, 4, 62, 9, 12]


def test_121041_hours_is_62_fte() -> None:
    assert round_half_up(hours_to_fte(121041)) == 62
    assert hours_to_fte(1950) == 1.0
    assert hours_to_fte(1950, months=6) == 2.0
    assert FollowupSettings().fte_year_hours == 1950


def test_psychiatrists_hired_per_trust_and_share() -> None:
    rows = {r["foretak"]: r for r in pl.read_csv(FIXTURE).iter_rows(named=True)}
    counts = {name: round_half_up(hours_to_fte(r["psykiatri_vop"])) for name, r in rows.items()}
    assert counts == {
        "Akershus universitetssykehus HF": 13,
        "Oslo universitetssykehus HF": 2,
        "Sykehuset i Vestfold HF": 1,
        "Sykehuset Innlandet HF": 20,
        "Sykehuset Telemark HF": 2,
        "Sykehuset Østfold HF": 10,
        "Sørlandet sykehus HF": 12,
        "Vestre Viken HF": 3,
    }
    printed_share = {
        "Akershus universitetssykehus HF": 8.87,
        "Sykehuset Innlandet HF": 20.61,
        "Sykehuset Østfold HF": 14.69,
        "Sørlandet sykehus HF": 15.65,
    }
    for name, share in printed_share.items():
        row = rows[name]
        assert (
            round_half_up(agency_share_pct(row["psykiatri_vop"], row["psykiatri_overleger_manedsverk"]), 2)
            == share
        )


def test_other_fte_year_conventions() -> None:
    settings = FollowupSettings(fte_year_hours=1846)
    table = fte_table(pl.DataFrame({"foretak": ["A"], "x": [1846.0]}), "foretak", ["x"], settings)
    assert table["x_arsverk"].to_list() == pytest.approx([1.0, 1.0])
