"""KPI formulas on hand-computed data, roll-up sums, trends, the sick-leave ranking, and the report."""

from __future__ import annotations

import re
from pathlib import Path

import polars as pl
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from bemanning.followup.generate import RegionShape, generate_region, hot_units, write_region
from bemanning.followup.kpi import BASE_COLUMNS, all_levels, rollup, unit_month_base
from bemanning.followup.loading import load_followup
from bemanning.followup.report import write_report
from bemanning.followup.settings import BudgetDenominators, FollowupSettings
from bemanning.followup.sickleave import sick_leave_ranking

ORG = pl.DataFrame(
    {
        "enhet_id": ["A", "B", "C"],
        "enhet": ["Post A", "Post B", "Post C"],
        "klinikk": ["Med", "Med", "Kir"],
        "foretak": ["HF1", "HF1", "HF2"],
        "region": ["R"] * 3,
    }
)


def _write(folder: Path, frames: dict[str, pl.DataFrame]) -> Path:
    folder.mkdir(parents=True, exist_ok=True)
    for name, frame in frames.items():
        frame.write_csv(folder / f"{name}.csv")
    return folder


@pytest.fixture()
def hand_data(tmp_path: Path) -> Path:
    return _write(
        tmp_path / "data",
        {
            "organisasjon": ORG,
            "timer": pl.DataFrame(
                {
                    "enhet_id": ["A", "B"],
                    "maned": ["2023-01", "2023-01"],
                    "ordinaer_timer": [1500.0, 325.0],
                    "overtid_timer": [75.0, 0.0],
                    "ekstravakt_timer": [50.0, 0.0],
                    "fastlonn_nok": [500000.0, 100000.0],
                    "variabel_lonn_nok": [50000.0, 0.0],
                }
            ),
            "stillinger": pl.DataFrame(
                {
                    "enhet_id": ["A", "B"],
                    "maned": ["2023-01"] * 2,
                    "stillinger": [12, 2],
                    "arsverk": [10.0, 2.0],
                }
            ),
            "fravaer": pl.DataFrame(
                {
                    "enhet_id": ["A", "A", "A"],
                    "maned": ["2023-01"] * 3,
                    "varighet": ["korttid", "korttid", "langtid"],
                    "sertifisering": ["egenmeldt", "legemeldt", "legemeldt"],
                    "mengde": [5.0, 20.0, 65.0],
                    "mengdeenhet": ["dager", "timer", "timer"],
                }
            ),
            "innleie": pl.DataFrame(
                {
                    "enhet_id": ["A"],
                    "maned": ["2023-01"],
                    "yrkesgruppe": ["sykepleier"],
                    "timer": [162.5],
                    "kostnad_nok": [150000.0],
                }
            ),
            "budsjett": pl.DataFrame(
                {
                    "enhet_id": ["A", "A", "B"],
                    "maned": ["2023-01"] * 3,
                    "post": ["innleie", "lonn", "lonn"],
                    "belop_nok": [100000.0, 500000.0, 100000.0],
                }
            ),
        },
    )


def test_unit_kpis_by_hand(hand_data: Path) -> None:
    base = unit_month_base(load_followup([hand_data]), FollowupSettings())
    a = rollup(base, "enhet", FollowupSettings()).filter(pl.col("enhet_id") == "A").row(0, named=True)
    assert a["brutto_timer"] == 1625
    assert a["brutto_manedsverk"] == pytest.approx(10.0)  # 1625 / (1950 / 12)
    assert a["netto_manedsverk"] == pytest.approx((1625 - 122.5) / 162.5)
    assert a["innleie_manedsverk"] == pytest.approx(1.0)  # 162.5 h / 162.5
    assert a["overtid_andel_pct"] == pytest.approx(100 * 75 / 1625)
    assert a["variabel_lonn_andel_pct"] == pytest.approx(100 * 50000 / 550000)
    # 5 days × 7.5 h + 20 h short, 65 h long, over 10 FTE × 162.5 h agreed
    assert a["sykefravaer_korttid_pct"] == pytest.approx(100 * 57.5 / 1625)
    assert a["sykefravaer_langtid_pct"] == pytest.approx(100 * 65 / 1625)
    assert a["sykefravaer_egenmeldt_pct"] == pytest.approx(100 * 37.5 / 1625)
    assert a["sykefravaer_pct"] == pytest.approx(100 * 122.5 / 1625)
    assert a["innleie_avvik_nok"] == 50000 and a["innleie_avvik_pct"] == pytest.approx(50.0)
    assert a["lonn_avvik_nok"] == 50000 and a["lonn_avvik_pct"] == pytest.approx(10.0)
    assert a["sum_avvik_pct"] == pytest.approx(100 * 100000 / 700000)  # the sum divides by the actual
    assert a["innleie_av_lonnsbudsjett_pct"] == pytest.approx(30.0)


def test_denominators_and_fte_year_are_settings(hand_data: Path) -> None:
    custom = FollowupSettings(
        fte_year_hours=1846, denominators=BudgetDenominators("faktisk", "faktisk", "budsjett")
    )
    base = unit_month_base(load_followup([hand_data]), custom)
    a = rollup(base, "enhet", custom).filter(pl.col("enhet_id") == "A").row(0, named=True)
    assert a["brutto_manedsverk"] == pytest.approx(1625 / (1846 / 12))
    assert a["innleie_avvik_pct"] == pytest.approx(100 * 50000 / 150000)
    assert a["lonn_avvik_pct"] == pytest.approx(100 * 50000 / 550000)
    assert a["sum_avvik_pct"] == pytest.approx(100 * 100000 / 600000)


def test_clinic_ratio_is_from_sums_not_mean_of_ratios(hand_data: Path) -> None:
    settings = FollowupSettings()
    base = unit_month_base(load_followup([hand_data]), settings)
    clinic = rollup(base, "klinikk", settings).filter(pl.col("klinikk") == "Med").row(0, named=True)
    assert clinic["brutto_manedsverk"] == pytest.approx(12.0)
    assert clinic["sykefravaer_pct"] == pytest.approx(100 * 122.5 / 1950)
    # an empty unit gives no ratio, not a zero
    c = rollup(base, "enhet", settings).filter(pl.col("enhet_id") == "C").row(0, named=True)
    assert c["sykefravaer_pct"] is None and c["_har_data"] == 0


@pytest.fixture(scope="module")
def region(tmp_path_factory: pytest.TempPathFactory) -> Path:
    folder = tmp_path_factory.mktemp("region")
    write_region(generate_region(RegionShape(trusts=3, units_per_trust=9, months=36)), folder)
    return folder


def test_rollup_sums_unit_to_region(region: Path) -> None:
    settings = FollowupSettings()
    levels = all_levels(unit_month_base(load_followup([region]), settings), settings)
    totals = {
        level: frame.select(pl.col(c).sum() for c in BASE_COLUMNS).row(0) for level, frame in levels.items()
    }
    for level in ("klinikk", "foretak", "region"):
        assert totals[level] == pytest.approx(totals["enhet"])
    assert levels["foretak"].height == 3 * 36 and levels["region"].height == 36
    by_trust = (
        levels["enhet"].group_by("foretak", "maned").agg(pl.col("innleie_nok").sum()).sort("foretak", "maned")
    )
    assert by_trust["innleie_nok"].to_list() == pytest.approx(
        levels["foretak"].sort("foretak", "maned")["innleie_nok"].to_list()
    )


def test_rolling_12_months_and_year_over_year(region: Path) -> None:
    settings = FollowupSettings()
    frame = all_levels(unit_month_base(load_followup([region]), settings), settings)["region"].sort("maned")
    nok = frame["innleie_nok"].to_list()
    assert frame["innleie_nok_12m"][10] is None
    assert frame["innleie_nok_12m"][11] == pytest.approx(sum(nok[:12]))
    assert frame["innleie_nok_12m"][20] == pytest.approx(sum(nok[9:21]))
    assert frame["innleie_nok_endring"][12] == pytest.approx(nok[12] - nok[0])
    assert frame["innleie_nok_fjor"][0] is None
    absence = (frame["fravaer_korttid_timer"] + frame["fravaer_langtid_timer"]).to_list()
    agreed = frame["avtalte_timer"].to_list()
    assert frame["sykefravaer_pct_12m"][23] == pytest.approx(100 * sum(absence[12:24]) / sum(agreed[12:24]))


def test_ranking_finds_the_planted_units(region: Path) -> None:
    settings = FollowupSettings()
    data = load_followup([region])
    ranking = sick_leave_ranking(unit_month_base(data, settings), settings)
    planted = set(hot_units(data.organisation))
    assert set(ranking.head(len(planted))["enhet_id"]) == planted
    assert set(ranking.filter(pl.col("folges_opp"))["enhet_id"]) >= planted


def test_ranking_expectation_by_hand(tmp_path: Path) -> None:
    """A: 5 % → 9 %; its peers B, C: 5 % → 6 %. Expected for A = 5 + (6 − 5) = 6, excess 3 pp."""
    months = [f"{2022 + m // 12}-{m % 12 + 1:02d}" for m in range(24)]
    rate = {"A": (5.0, 9.0), "B": (5.0, 6.0), "C": (5.0, 6.0)}
    org = pl.DataFrame(
        {
            "enhet_id": list(rate),
            "enhet": list(rate),
            "klinikk": ["K"] * 3,
            "foretak": ["F"] * 3,
            "region": ["R"] * 3,
        }
    )
    rows = [
        (u, m, "langtid", "legemeldt", rate[u][i >= 12] * 1.625, "timer")
        for u in rate
        for i, m in enumerate(months)
    ]
    absence = pl.DataFrame(
        rows, schema=["enhet_id", "maned", "varighet", "sertifisering", "mengde", "mengdeenhet"], orient="row"
    )
    positions = pl.DataFrame(
        [(u, m, 1, 1.0) for u in rate for m in months],
        schema=["enhet_id", "maned", "stillinger", "arsverk"],
        orient="row",
    )
    folder = _write(tmp_path, {"organisasjon": org, "fravaer": absence, "stillinger": positions})
    settings = FollowupSettings()
    ranking = sick_leave_ranking(unit_month_base(load_followup([folder]), settings), settings)
    top = ranking.row(0, named=True)
    assert top["enhet_id"] == "A"
    assert top["sykefravaer_pct"] == pytest.approx(9.0)
    assert top["forventet_pct"] == pytest.approx(6.0)
    assert top["overskudd_pp"] == pytest.approx(3.0)
    assert top["folges_opp"] is True
    b = ranking.filter(pl.col("enhet_id") == "B").row(0, named=True)
    # B's peers are A and C: 5 → 7.5; expected 5 + 2.5 = 7.5, B is at 6
    assert b["overskudd_pp"] == pytest.approx(-1.5) and b["folges_opp"] is False


@settings(max_examples=25, deadline=None)
@given(st.lists(st.tuples(st.floats(0, 5000), st.floats(0, 500), st.floats(0, 500)), min_size=2, max_size=6))
def test_gross_fte_months_add_up(rows: list[tuple[float, float, float]]) -> None:
    from bemanning.followup.kpi import derive

    frame = pl.DataFrame({c: [0.0] * len(rows) for c in BASE_COLUMNS}).with_columns(
        pl.Series("ordinaer_timer", [r[0] for r in rows]),
        pl.Series("overtid_timer", [r[1] for r in rows]),
        pl.Series("ekstravakt_timer", [r[2] for r in rows]),
    )
    settings = FollowupSettings()
    units = derive(frame, settings)
    total = derive(frame.select(pl.all().sum()), settings)
    assert isinstance(units, pl.DataFrame) and isinstance(total, pl.DataFrame)
    assert total["brutto_manedsverk"][0] == pytest.approx(units["brutto_manedsverk"].sum())
    assert total["brutto_manedsverk"][0] == pytest.approx(sum(sum(r) for r in rows) / 162.5)


def test_report_files(region: Path, tmp_path: Path) -> None:
    result = write_report(load_followup([region]), tmp_path)
    page = (tmp_path / "oppfolging.html").read_text(encoding="utf-8")
    assert not re.search(r"<script[^>]+src=", page)  # plotly.js is embedded, no CDN
    assert page.count("Plotly.newPlot") >= 5
    assert "nevner innleie/budsjett, lønn/budsjett, sum/faktisk" in page
    from openpyxl import load_workbook

    sheets = load_workbook(tmp_path / "oppfolging.xlsx", read_only=True).sheetnames
    assert {
        "Les meg",
        "Region",
        "Foretak",
        "Klinikk",
        "Enhet",
        "Sykefravær rangering",
        "Avviste rader",
    } <= set(sheets)
    enhet = pl.read_parquet(tmp_path / "parquet" / "kpi_enhet_maned.parquet")
    assert enhet.height == 27 * 36 and "brutto_manedsverk" in enhet.columns
    assert result.agency_by_profession.filter(pl.col("ar") == "2023")["arsverk"].sum() == pytest.approx(
        result.agency_by_profession.filter(pl.col("ar") == "2023")["timer"].sum() / 1950
    )


def test_shift_level_data_aggregates_like_monthly(tmp_path: Path) -> None:
    from bemanning.followup.generate import generate_shifts
    from bemanning.followup.shifts import monthly_from_shifts

    org = generate_region(RegionShape(trusts=1, units_per_trust=3, months=12))["organisasjon"]
    shifts = generate_shifts(20_000, org, years=1)
    monthly = monthly_from_shifts(shifts.lazy()).collect()
    assert monthly["innleie_timer"].sum() == pytest.approx(
        shifts.filter(pl.col("timetype") == "innleie")["timer"].sum(), rel=1e-6
    )
    assert monthly.height == 3 * 12
    folder = tmp_path / "d"
    folder.mkdir()
    org.write_csv(folder / "organisasjon.csv")
    bad = shifts.with_columns(
        pl.when(pl.int_range(pl.len()) == 4).then(-1.0).otherwise(pl.col("timer")).alias("timer")
    )
    bad.write_parquet(folder / "vakter.parquet")
    data = load_followup([folder])
    assert data.shift_rejected is not None and data.shift_rejected.select("rad", "kolonne").rows() == [
        (5, "timer")
    ]
    counts = data.row_counts().filter(pl.col("tabell") == "vakter").row(0, named=True)
    assert (counts["lest"], counts["avvist"], counts["brukt"]) == (20_000, 1, 19_999)


def test_demo_step(tmp_path: Path) -> None:
    from bemanning.demo import build_demo_unit
    from bemanning.demo.chain import DemoContext
    from bemanning.demo.steps import followup_step

    output = followup_step.run(DemoContext(unit=build_demo_unit(), out=tmp_path))
    assert (tmp_path / "oppfolging" / "oppfolging.html").exists()
    assert any("følges opp" in line for line in output.summary)
