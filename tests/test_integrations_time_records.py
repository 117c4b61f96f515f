"""GAT time records → the follow-up's shift dataset → KPIs rolled up to the region (issue 29)."""

from __future__ import annotations

import csv
from pathlib import Path
from typing import Any

import pytest

from bemanning.followup.kpi import rollup, unit_month_base
from bemanning.followup.loading import load_followup
from bemanning.followup.settings import FollowupSettings
from bemanning.integrations.codes import load_code_table
from bemanning.integrations.time_records import organisation_row, read_time_records, write_vakter
from bemanning.io.errors import UserError
from bemanning.io.unit_file import save_unit
from bemanning.model import Unit

HEADER = "ansattnr;dato;kode;fra;til;timer;gruppe;kostnad\n"


def write(path: Path, body: str) -> Path:
    path.write_text(HEADER + body, encoding="utf-8")
    return path


def test_time_records_feed_hours_overtime_agency_and_absence(demo_unit: Unit, tmp_path: Path) -> None:
    e1, e2 = demo_unit.employees[0], demo_unit.employees[1]
    day = demo_unit.shift_types[0]
    source = write(tmp_path / "gat.csv", (
        f"{e1.id};04.01.2027;{day.code};07:00;15:00;;;\n"        # 8 h ordinary (from the clock)
        f"{e1.id};2027-01-05;{day.code};;;7,5;;\n"                # 7.5 h ordinary (given)
        f"{e1.id};2027-01-05;OT50;;;2;;1000\n"                    # 2 h overtime, cost given
        f"{e2.id};2027-01-04;SYK;;;7,5;;\n"                       # short-term sick leave
        f"{e2.id};2027-01-05;SYKL;;;7,5;;\n"                      # long-term sick leave
        f"{e2.id};2027-01-06;FER;;;;;\n"                          # vacation: not in the KPIs
        f"{e2.id};2027-01-07;F1;;;;;\n"                           # day off
        f"VIKAR-1;2027-02-01;INNL;22:00;07:00;;{e1.group};\n"     # agency night, 9 h
    ))
    records = read_time_records(source, demo_unit)
    assert records.hours("ordinaer") == 15.5
    assert records.hours("overtid") == 2
    assert records.hours("fravaer_korttid") == 7.5 and records.hours("fravaer_langtid") == 7.5
    assert records.hours("innleie") == 9
    assert records.skipped == 2
    overtime = next(r for r in records.rows if r["timetype"] == "overtid")
    assert overtime["kostnad_nok"] == 1000
    # into the follow-up: unit → region
    folder = tmp_path / "data"
    folder.mkdir()
    write_vakter(records, folder / "vakter.parquet")
    with (folder / "organisasjon.csv").open("w", newline="", encoding="utf-8") as handle:
        writer = csv.DictWriter(handle, fieldnames=["enhet_id", "enhet", "klinikk", "foretak", "region"])
        writer.writeheader()
        writer.writerow(organisation_row(demo_unit, "Medisinsk klinikk", "Testsykehuset HF", "Helse Test"))
    data = load_followup([folder])
    settings = FollowupSettings()
    base = unit_month_base(data, settings)
    january = base.filter(base["maned"] == "2027-01").row(0, named=True)
    assert january["ordinaer_timer"] == pytest.approx(15.5 + 15)  # ordinary incl. paid absence
    assert january["overtid_timer"] == pytest.approx(2)
    assert january["fravaer_korttid_timer"] == pytest.approx(7.5)
    assert january["fravaer_langtid_timer"] == pytest.approx(7.5)
    february = base.filter(base["maned"] == "2027-02").row(0, named=True)
    assert february["innleie_timer"] == pytest.approx(9)
    region = rollup(base, "region", settings)
    assert region.filter(region["maned"] == "2027-02")["innleie_timer"].to_list() == [pytest.approx(9)]


@pytest.mark.parametrize(
    ("body", "expected"),
    [
        ("E01;2027-01-32;D;;;;;\n", "row 2, column 'dato'"),
        ("E01;2027-01-04;ZZ;;;;;\n", "unknown code 'ZZ'"),
        ("NOBODY;2027-01-04;D;;;;;\n", "row 2: unknown employee 'NOBODY'"),
        ("X;2027-01-04;INNL;;;8;nogroup;\n", "column 'gruppe': unknown code 'nogroup'"),
        ("E01;2027-01-04;D;;;abc;;\n", "row 2, column 'timer'"),
        ("E01;2027-01-04;D;;;;;-5\n", "row 2, column 'kostnad'"),
    ],
)
def test_bad_time_records_name_the_row(demo_unit: Unit, tmp_path: Path, body: str, expected: str) -> None:
    good = f"{demo_unit.employees[0].id};2027-01-03;D;;;;;\n"
    with pytest.raises(UserError) as err:
        read_time_records(write(tmp_path / "t.csv", good + body.replace("E01", demo_unit.employees[0].id)),
                          demo_unit)
    assert expected.replace("row 2", "row 3") in err.value.text("en")


def test_missing_column_and_code_table(demo_unit: Unit, tmp_path: Path) -> None:
    bad = tmp_path / "t.csv"
    bad.write_text("ansattnr;dato\nE01;2027-01-04\n", encoding="utf-8")
    with pytest.raises(UserError, match="missing columns kode"):
        read_time_records(bad, demo_unit)
    table = tmp_path / "koder.yaml"
    table.write_text("kolonner: {ansatt: Ansatt-ID, kode: Vakt}\nvakter: {DAG: D}\novertid: [UT]\n",
                     encoding="utf-8")
    source = tmp_path / "mapped.csv"
    employee = demo_unit.employees[0].id
    source.write_text(f"Ansatt-ID;dato;Vakt;timer\n{employee};2027-01-04;DAG;7.5\n{employee};2027-01-04;UT;1\n",
                      encoding="utf-8")
    records = read_time_records(source, demo_unit, load_code_table(table))
    assert records.hours("ordinaer") == 7.5 and records.hours("overtid") == 1
    broken = tmp_path / "broken.yaml"
    broken.write_text("fravaer: {SYK: flu}\n", encoding="utf-8")
    with pytest.raises(UserError, match="fravaer.SYK"):
        load_code_table(broken)


def test_cli_time_records_to_followup_report(cli: Any, demo_unit: Unit, tmp_path: Path) -> None:
    unit_file = tmp_path / "unit.yaml"
    save_unit(demo_unit, unit_file)
    assert cli("import", "eksempel", "--enhet", str(unit_file), "--out", str(tmp_path / "s")).returncode == 0
    done = cli("import", "timer", str(tmp_path / "s" / "gat_timer.csv"), "--enhet", str(unit_file),
               "--out", str(tmp_path / "data"))
    assert done.returncode == 0, done.stderr
    report = cli("followup", "report", "--data", str(tmp_path / "data"), "--out", str(tmp_path / "rep"))
    assert report.returncode == 0, report.stderr
    assert (tmp_path / "rep" / "oppfolging.xlsx").exists()
    bad = write(tmp_path / "bad.csv", "NOBODY;2027-01-04;D;;;;;\n")
    failed = cli("--lang", "en", "import", "timer", str(bad), "--enhet", str(unit_file), "--out", str(tmp_path / "x"))
    assert failed.returncode == 2 and "NOBODY" in failed.stderr
    assert not (tmp_path / "x").exists()
