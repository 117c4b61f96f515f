"""Follow-up figures that must not mislead: no budget, header-only files, shift-level agency by
profession, the doctors' agency table of seed 002, the seed's "1.5 %", and the report's formats."""

from __future__ import annotations

import subprocess
import sys
from pathlib import Path

import polars as pl
import pytest

from bemanning.followup.agency import CONVERTED_LABEL, TOTAL_LABEL, doctor_agency_table
from bemanning.followup.generate import RegionShape, generate_region, generate_shifts
from bemanning.followup.kpi import derive
from bemanning.followup.loading import load_followup
from bemanning.followup.report import compute, write_report
from bemanning.followup.settings import FollowupSettings
from bemanning.i18n import number, percent
from bemanning.io.errors import UserError

ORG = "enhet_id,enhet,klinikk,foretak,region\nA,Post A,Med,HF1,R\nB,Post B,Med,HF1,R\n"
HOURS = (
    "enhet_id,maned,ordinaer_timer,overtid_timer,ekstravakt_timer,fastlonn_nok,variabel_lonn_nok\n"
    "A,2023-01,1000,50,0,400000,40000\n"
    "B,2023-01,500,0,0,200000,0\n"
)
AGENCY = "enhet_id,maned,yrkesgruppe,timer,kostnad_nok\nA,2023-01,sykepleier,100,90000\n"


def _cli(*args: str) -> subprocess.CompletedProcess[str]:
    return subprocess.run(
        [sys.executable, "-c", "from bemanning.cli import main; main()", *args],
        capture_output=True,
        text=True,
        env={"PYTHONPATH": "src", "PATH": "/usr/bin:/bin"},
        timeout=300,
    )


def _folder(tmp_path: Path, files: dict[str, str]) -> Path:
    folder = tmp_path / "data"
    folder.mkdir(exist_ok=True)
    for name, text in files.items():
        (folder / name).write_text(text, encoding="utf-8")
    return folder


def test_report_without_budget_leaves_deviation_empty(tmp_path: Path) -> None:
    folder = _folder(tmp_path, {"organisasjon.csv": ORG, "timer.csv": HOURS, "innleie.csv": AGENCY})
    result = compute(load_followup([folder]))
    for level, frame in result.levels.items():
        row = frame.row(0, named=True)
        # before: innleie_avvik_pct 0.0 and sum_avvik_pct 100.0 (the actual over itself)
        for column in ("innleie", "lonn", "sum"):
            assert row[f"{column}_avvik_nok"] is None, (level, column)
            assert row[f"{column}_avvik_pct"] is None, (level, column)
    year = result.year_by_trust.row(0, named=True)
    assert year["sum_avvik_pct"] is None and year["innleie_avvik_nok"] is None


def test_report_with_a_zero_budget_line_has_no_percentage(tmp_path: Path) -> None:
    budget = "enhet_id,maned,post,belop_nok\nA,2023-01,innleie,0\nA,2023-01,lonn,400000\n"
    folder = _folder(
        tmp_path, {"organisasjon.csv": ORG, "timer.csv": HOURS, "innleie.csv": AGENCY, "budsjett.csv": budget}
    )
    unit = compute(load_followup([folder])).levels["enhet"].filter(pl.col("enhet_id") == "A").row(0, named=True)
    assert unit["innleie_avvik_nok"] == 90000  # overspent against a budget of 0 ...
    assert unit["innleie_avvik_pct"] is None  # ... but not "0.0 %" of it
    assert unit["lonn_avvik_pct"] == pytest.approx(10.0)


def test_header_only_file_in_report_is_exit_2(tmp_path: Path) -> None:
    folder = _folder(
        tmp_path,
        {"organisasjon.csv": ORG, "timer.csv": HOURS.splitlines()[0] + "\n"},
    )
    with pytest.raises(UserError, match="timer.csv: the file has no data rows"):
        load_followup([folder])
    done = _cli("followup", "report", "--data", str(folder), "--out", str(tmp_path / "out"))
    assert done.returncode == 2, done.stdout + done.stderr
    assert "ingen datarader" in done.stderr and "Traceback" not in done.stderr


def test_header_only_shift_file_is_exit_2(tmp_path: Path) -> None:
    org = generate_region(RegionShape(trusts=1, units_per_trust=2, months=12))["organisasjon"]
    folder = tmp_path / "d"
    folder.mkdir()
    org.write_csv(folder / "organisasjon.csv")
    generate_shifts(10, org, years=1).head(0).write_parquet(folder / "vakter.parquet")
    with pytest.raises(UserError, match="vakter.parquet: the file has no data rows"):
        load_followup([folder])


def test_agency_by_profession_from_shift_data(tmp_path: Path) -> None:
    org = generate_region(RegionShape(trusts=2, units_per_trust=3, months=12))["organisasjon"]
    shifts = generate_shifts(30_000, org, first_year=2023, years=1)
    folder = tmp_path / "d"
    folder.mkdir()
    org.write_csv(folder / "organisasjon.csv")
    shifts.write_parquet(folder / "vakter.parquet")
    table = compute(load_followup([folder])).agency_by_profession
    agency = shifts.filter(pl.col("timetype") == "innleie")
    assert table.height > 0  # before: empty on shift-level data
    assert table["timer"].sum() == pytest.approx(agency["timer"].cast(pl.Float64).sum(), rel=1e-9)
    expected = (
        agency.join(org.select("enhet_id", "foretak"), left_on=pl.col("enhet_id").cast(pl.String), right_on="enhet_id")
        .group_by("foretak", pl.col("yrkesgruppe").cast(pl.String))
        .agg(pl.col("kostnad_nok").cast(pl.Float64).sum())
    )
    got = table.select("foretak", "yrkesgruppe", "kostnad_nok")
    assert got.sort("foretak", "yrkesgruppe").equals(expected.sort("foretak", "yrkesgruppe"))
    assert table["arsverk"].to_list() == pytest.approx((table["timer"] / 1950).to_list())


def test_doctor_agency_table_is_the_seed_slide() -> None:
    from importlib import resources

    source = Path(str(resources.files("bemanning.followup") / "data" / "hso_2023_legeinnleie.csv"))
    table = doctor_agency_table(pl.read_csv(source))
    rows = {r["foretak"]: r for r in table.iter_rows(named=True)}
    # "Akershus universitetssykehus HF 7 406 2 708 24 561 13 8,87 % 142 4 686"
    akershus = rows["Akershus universitetssykehus HF"]
    assert (akershus["psykiatri_vop"], akershus["psykiatri_innleid_antall"], akershus["andel_innleie_pct"]) == (
        24561,
        13,
        8.87,
    )
    assert rows["Sykehuset Innlandet HF"]["andel_innleie_pct"] == 20.61
    # "Helse Sør-Øst 10 961 7 091 121 041 17 990 23 901" and "Omregnet til månedsverk 6 4 62 9 12"
    specialties = ["anestesi", "nevrologi", "psykiatri_vop", "radiologi", "ovrige_leger"]
    assert [rows[TOTAL_LABEL][c] for c in specialties] == [10961, 7091, 121041, 17990, 23901]
    assert [rows[CONVERTED_LABEL][c] for c in specialties] == [6, 4, 62, 9, 12]
    # "Brutto månedsverk overleger ... 844" is the sum of the trusts' own psychiatrists
    assert rows[TOTAL_LABEL]["psykiatri_overleger_manedsverk"] == 844
    assert table.columns[0] == "foretak" and table.height == 8 + 2


def test_cli_legeinnleie_writes_and_shows_the_table(tmp_path: Path) -> None:
    done = _cli("followup", "legeinnleie", "--out", str(tmp_path))
    assert done.returncode == 0, done.stderr
    csv = pl.read_csv(tmp_path / "legeinnleie.csv")
    assert csv.filter(pl.col("foretak") == CONVERTED_LABEL)["psykiatri_vop"].item() == 62
    assert "Innleie av leger i timer 2023 (1 årsverk = 1950 timer)" in done.stdout
    assert number(121041, 0, "no") in done.stdout and percent(8.87, 2, "no") in done.stdout
    own = tmp_path / "mine.csv"
    own.write_text(
        "foretak,anestesi,nevrologi,psykiatri_vop,radiologi,ovrige_leger,psykiatri_overleger_manedsverk\n"
        "HF X,1950,0,3900,0,0,20\n"
        "HF Y,-5,0,0,0,0,\n",
        encoding="utf-8",
    )
    mine = _cli("followup", "legeinnleie", str(own), "--out", str(tmp_path / "o"), "--ar", "2025")
    assert mine.returncode == 0, mine.stderr
    assert "rad 3, kolonne anestesi: «-5» er mindre enn 0" in mine.stdout
    table = pl.read_csv(tmp_path / "o" / "legeinnleie.csv")
    assert table.row(0, named=True)["andel_innleie_pct"] == 10.0  # 2 FTE hired over 20 own
    empty = tmp_path / "tom.csv"
    empty.write_text(own.read_text(encoding="utf-8").splitlines()[0] + "\n", encoding="utf-8")
    header_only = _cli("followup", "legeinnleie", str(empty), "--out", str(tmp_path / "o"))
    assert header_only.returncode == 2 and "Traceback" not in header_only.stderr


def test_seed_one_point_five_percent_is_agency_over_actual_salary() -> None:
    """Seed 002: "Forbruk 2023: Redusert til 848 mill, 1,5% av lønnsbudsjettet" (group line, NOK 1000)."""
    zero = {c: [0.0] for c in ("ordinaer_timer", "overtid_timer", "ekstravakt_timer", "innleie_timer",
                               "fravaer_korttid_timer", "fravaer_langtid_timer", "fravaer_egenmeldt_timer",
                               "fravaer_legemeldt_timer", "avtalte_timer", "variabel_lonn_nok",
                               "budsjett_innleie_nok")}
    group = pl.DataFrame({**zero, "innleie_nok": [848231.0], "fastlonn_nok": [55476061.0],
                          "budsjett_lonn_nok": [53901534.0]})
    row = derive(group, FollowupSettings()).row(0, named=True)
    assert round(row["innleie_av_lonn_pct"], 1) == 1.5  # 1.529 %: the printed figure
    assert round(row["innleie_av_lonnsbudsjett_pct"], 1) == 1.6  # 1.574 %: over the budget it is not 1.5


def test_report_format_parquet_writes_only_parquet(tmp_path: Path) -> None:
    folder = _folder(tmp_path, {"organisasjon.csv": ORG, "timer.csv": HOURS})
    result = write_report(load_followup([folder]), tmp_path / "out", formats=("parquet",))
    assert not (tmp_path / "out" / "oppfolging.xlsx").exists()
    assert not (tmp_path / "out" / "oppfolging.html").exists()
    assert (tmp_path / "out" / "parquet" / "kpi_enhet_maned.parquet").exists()
    assert set(result.seconds) == {"parquet"}
    done = _cli("followup", "report", "--data", str(folder), "--out", str(tmp_path / "cli"), "--format", "html,xlsx")
    assert done.returncode == 0, done.stderr
    assert sorted(p.name for p in (tmp_path / "cli").iterdir()) == [
        "avviste_rader.csv", "oppfolging.html", "oppfolging.xlsx"
    ]
    every = _cli("followup", "report", "--data", str(folder), "--out", str(tmp_path / "all"))
    assert every.returncode == 0 and "bruk --format parquet for bare Parquet" in every.stdout
    bad = _cli("followup", "report", "--data", str(folder), "--out", str(tmp_path / "x"), "--format", "pdf")
    assert bad.returncode == 2 and "«pdf»" in bad.stderr and "Traceback" not in bad.stderr
