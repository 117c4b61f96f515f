"""GAT rosters in and out: list or grid, CSV or Excel, code table; export → import is the same roster."""

from __future__ import annotations

import datetime as dt
from pathlib import Path
from typing import Any

import pytest

from bemanning.integrations.codes import load_code_table
from bemanning.integrations.gat import read_gat, write_gat_csv, write_gat_grid
from bemanning.integrations.samples import sample_gat_roster
from bemanning.io.errors import UserError
from bemanning.io.roster_csv import read_roster_csv, write_roster_csv
from bemanning.io.unit_file import save_unit
from bemanning.model import Absence, AbsenceKind, Unit

START = dt.date(2027, 1, 4)


def same(a: Any, b: Any) -> None:
    assert (a.start_date, a.days, a.cyclic) == (b.start_date, b.days, b.cyclic)
    key = lambda x: (x.date, x.employee_id)  # noqa: E731
    assert sorted(a.assignments, key=key) == sorted(b.assignments, key=key)
    assert sorted(a.absences, key=lambda x: (x.start, x.employee)) == sorted(
        b.absences, key=lambda x: (x.start, x.employee))


def test_sample_has_shifts_and_every_absence_kind(demo_unit: Unit) -> None:
    roster = sample_gat_roster(demo_unit)
    assert roster.assignments
    assert {a.kind for a in roster.absences} == set(AbsenceKind)


@pytest.mark.parametrize("grid", [False, True])
def test_round_trip_export_import_gives_the_same_roster(demo_unit: Unit, tmp_path: Path, grid: bool) -> None:
    roster = sample_gat_roster(demo_unit)
    path = tmp_path / ("gat.xlsx" if grid else "gat.csv")
    (write_gat_grid if grid else write_gat_csv)(roster, demo_unit, path)
    same(read_gat(path, demo_unit), roster)


def test_gat_list_with_norwegian_codes_and_mapped_columns(demo_unit: Unit, tmp_path: Path) -> None:
    e1, e2 = demo_unit.employees[0].id, demo_unit.employees[1].id
    table = tmp_path / "koder.yaml"
    table.write_text("kolonner: {ansatt: Ansatt, dato: Dag, kode: Vakt}\nvakter: {DAG: D}\n"
                     "fravaer: {SY: sick}\n", encoding="utf-8")
    path = tmp_path / "gat.csv"
    path.write_text("Ansatt;Dag;Vakt\n"
                    f"{e1};04.01.2027;DAG\n{e1};05.01.2027;F1\n{e1};06.01.2027;SY\n{e1};07.01.2027;SY\n"
                    f"{e2};04.01.2027;EGM\n{e2};05.01.2027;FER\n{e2};06.01.2027;N\n", encoding="utf-8")
    roster = read_gat(path, demo_unit, load_code_table(table))
    assert (roster.start_date, roster.days) == (START, 4)
    assert {(a.employee_id, a.date.day, a.shift_code) for a in roster.assignments} == {(e1, 4, "D"), (e2, 6, "N")}
    assert Absence(employee=e1, start=dt.date(2027, 1, 6), end=dt.date(2027, 1, 7), kind=AbsenceKind.SICK) \
        in roster.absences
    assert {(a.employee, a.kind) for a in roster.absences} == {
        (e1, AbsenceKind.SICK), (e2, AbsenceKind.SICK), (e2, AbsenceKind.VACATION)}


@pytest.mark.parametrize(
    ("body", "expected"),
    [
        ("{e};32.01.2027;D\n", "row 3, column 'dato'"),
        ("{e};2027-01-05;XYZ\n", "row 3, column 'kode': unknown code 'XYZ'"),
        ("NOBODY;2027-01-05;D\n", "row 3: unknown employee 'NOBODY'"),
        ("{e};2027-01-04;N\n", "row 3: {e} 2027-01-04 is already in the file"),
    ],
)
def test_bad_gat_rows_are_named_and_nothing_is_read(demo_unit: Unit, tmp_path: Path, body: str,
                                                    expected: str) -> None:
    e = demo_unit.employees[0].id
    path = tmp_path / "gat.csv"
    path.write_text(f"ansattnr;dato;kode\n{e};2027-01-04;D\n" + body.format(e=e), encoding="utf-8")
    with pytest.raises(UserError) as err:
        read_gat(path, demo_unit)
    assert expected.format(e=e) in err.value.text("en")


def test_missing_column_grid_errors_and_period(demo_unit: Unit, tmp_path: Path) -> None:
    e = demo_unit.employees[0].id
    path = tmp_path / "gat.csv"
    path.write_text("dato;kode\n2027-01-04;D\n", encoding="utf-8")
    with pytest.raises(UserError, match="missing columns ansattnr"):
        read_gat(path, demo_unit)
    path.write_text(f"ansattnr;navn;2027-01-04;notadate\n{e};X;D;N\n", encoding="utf-8")
    with pytest.raises(UserError, match="missing columns dato"):
        read_gat(path, demo_unit)
    path.write_text(f"ansattnr;navn;2027-01-04;2027-01-05\n{e};X;D;QQ\n", encoding="utf-8")
    with pytest.raises(UserError, match=r"row 2 \(2027-01-05\), column '2027-01-05': unknown code 'QQ'"):
        read_gat(path, demo_unit)
    path.write_text(f"ansattnr;dato;kode\n{e};2027-01-04;D\n{e};2027-01-20;D\n", encoding="utf-8")
    with pytest.raises(UserError, match="outside the period"):
        read_gat(path, demo_unit, start=START, end=START + dt.timedelta(days=6))


def test_cli_export_gat_then_import_gat_round_trip(cli: Any, demo_unit: Unit, tmp_path: Path) -> None:
    unit_file = tmp_path / "unit.yaml"
    save_unit(demo_unit, unit_file)
    roster = sample_gat_roster(demo_unit)
    write_roster_csv(roster, demo_unit, tmp_path / "roster.csv")
    period = ["--from", roster.start_date.isoformat(), "--to", roster.end_date.isoformat()]
    exported = cli("eksport", str(unit_file), str(tmp_path / "roster.csv"), "--format", "gat", *period,
                   "--out", str(tmp_path / "ut"))
    assert exported.returncode == 0, exported.stderr
    assert (tmp_path / "ut" / "gat.csv").read_text(encoding="utf-8").startswith("ansattnr;navn;dato;kode")
    imported = cli("import", "gat", str(tmp_path / "ut" / "gat.csv"), "--enhet", str(unit_file),
                   "--out", str(tmp_path / "inn"))
    assert imported.returncode == 0, imported.stderr
    back = read_roster_csv(tmp_path / "inn" / "roster.csv", demo_unit, start=roster.start_date, days=roster.days,
                           cyclic=False)
    same(back, roster)
    bad = tmp_path / "bad.csv"
    bad.write_text("ansattnr;dato;kode\nNOBODY;2027-01-04;D\n", encoding="utf-8")
    failed = cli("--lang", "en", "import", "gat", str(bad), "--enhet", str(unit_file), "--out", str(tmp_path / "x"))
    assert failed.returncode == 2 and "NOBODY" in failed.stderr
    assert not (tmp_path / "x").exists()
    wrong = cli("eksport", str(unit_file), str(tmp_path / "roster.csv"), "--format", "pdf", *period,
                "--out", str(tmp_path / "y"))
    assert wrong.returncode == 2
