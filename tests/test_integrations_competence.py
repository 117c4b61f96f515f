"""Competence-portal certifications → the employees' dated certifications, status and training needs;
the roster check counts them per day; the task-sharing training plan lists what runs out."""

from __future__ import annotations

import datetime as dt
from pathlib import Path
from typing import Any

import pytest
from openpyxl import load_workbook

from bemanning.integrations.competence import apply_certifications, read_certifications
from bemanning.integrations.samples import sample_competence_csv
from bemanning.io.errors import UserError
from bemanning.io.roster_csv import write_roster_csv
from bemanning.io.tasksharing_excel import CERTIFICATION_SHEET, training_text, write_tasksharing_workbook
from bemanning.io.unit_file import load_unit, save_unit
from bemanning.model import Assignment, Roster, Unit
from bemanning.planning.rostering import check_roster
from bemanning.planning.tasksharing import allocate_tasks

START, END = dt.date(2027, 1, 4), dt.date(2027, 1, 31)
HEADER = "ansattnr;kompetanse;gyldig_fra;gyldig_til\n"


def _file(tmp_path: Path, body: str) -> Path:
    path = tmp_path / "k.csv"
    path.write_text(HEADER + body, encoding="utf-8")
    return path


def test_certifications_are_dated_and_replace_the_named_codes(demo_unit: Unit, tmp_path: Path) -> None:
    e1, e2, e3 = (e.id for e in demo_unit.employees[:3])  # nurses holding legemiddel and telemetri
    path = _file(tmp_path, f"{e1};legemiddel;01.01.2020;\n"                  # valid, never expires
                           f"{e2};legemiddel;2020-01-01;2027-01-20\n"         # runs out in the period
                           f"{e3};legemiddel;2020-01-01;2026-12-01\n"         # expired
                           f"{e3};telemetri;2020-01-01;2027-03-01\n")         # valid, expires soon after
    result = apply_certifications(demo_unit, read_certifications(path, demo_unit), START, END, warn_days=90)
    unit = result.unit
    assert all("legemiddel" not in e.competences for e in unit.employees)  # the file names it: file only
    assert unit.employee(e2).holds("legemiddel", dt.date(2027, 1, 20))
    assert not unit.employee(e2).holds("legemiddel", dt.date(2027, 1, 21))
    assert not unit.employee(e3).holds("legemiddel", START)
    untouched = next(e for e in demo_unit.employees[3:] if "legemiddel" in e.competences)
    assert not unit.employee(untouched.id).holds("legemiddel", START)  # not in the file: no longer held
    status = {(s["ansattnr"], s["kompetanse"]): s["status"] for s in result.status}
    assert status == {(e1, "legemiddel"): "gyldig", (e2, "legemiddel"): "ikke_hele_perioden",
                      (e3, "legemiddel"): "utlopt", (e3, "telemetri"): "utloper_snart"}
    reasons = {(n.employee, n.competence): (n.reason, n.due) for n in result.needs if n.employee}
    assert reasons[(e2, "legemiddel")] == ("expires_in_period", dt.date(2027, 1, 21))
    assert reasons[(e3, "legemiddel")] == ("expired", START)
    assert reasons[(e3, "telemetri")] == ("expires_soon", dt.date(2027, 3, 1))
    assert (e1, "legemiddel") not in reasons
    # the saved unit file keeps the dates (YAML and Excel round trips)
    for name in ("enhet.yaml", "enhet.xlsx"):
        save_unit(unit, tmp_path / name)
        assert load_unit(tmp_path / name).employee(e2).certifications == unit.employee(e2).certifications


def test_expiring_window_is_a_setting(demo_unit: Unit, tmp_path: Path) -> None:
    e1 = demo_unit.employees[0].id
    path = _file(tmp_path, f"{e1};telemetri;2020-01-01;2027-03-01\n")
    rows = read_certifications(path, demo_unit)
    assert any(n.reason == "expires_soon" for n in apply_certifications(demo_unit, rows, START, END).needs)
    short = demo_unit.model_copy(update={"rules": demo_unit.rules.model_validate(
        {"certification_warning_days": 10})})
    assert not any(n.reason == "expires_soon" for n in apply_certifications(short, rows, START, END).needs)


def test_skill_mix_counts_a_certificate_only_while_valid(demo_unit: Unit, tmp_path: Path) -> None:
    """The check of a roster (``bemanning check``) sees the certificates per day: one night nurse,
    valid until the 10th, covers the night of the 10th and not the 11th."""
    rule = demo_unit.staffing.skill_mix[0]
    nurse = next(e for e in demo_unit.employees if rule.competence in e.competences)
    body = "".join(f"{e.id};{rule.competence};2020-01-01;{'2027-01-10' if e.id == nurse.id else '2026-06-30'}\n"
                   for e in demo_unit.employees if rule.competence in e.competences)
    unit = apply_certifications(demo_unit, read_certifications(_file(tmp_path, body), demo_unit), START, END).unit
    night = next(s.code for s in unit.shift_types if s.kind.is_night)
    roster = Roster(unit_id=unit.id, start_date=START, days=14, cyclic=False, assignments=[
        Assignment(employee_id=nurse.id, date=dt.date(2027, 1, 10), shift_code=night),
        Assignment(employee_id=nurse.id, date=dt.date(2027, 1, 11), shift_code=night)])
    flagged = {v.dates[0] for v in check_roster(unit, roster).violations
               if v.rule == "skill_mix" and v.detail["shift"] == night}
    assert dt.date(2027, 1, 11) in flagged and dt.date(2027, 1, 10) not in flagged
    before = {v.dates[0] for v in check_roster(demo_unit, roster).violations
              if v.rule == "skill_mix" and v.detail["shift"] == night}
    assert dt.date(2027, 1, 11) not in before  # undated, the nurse counted that night


@pytest.mark.parametrize(("body", "expected"), [
    ("NOBODY;legemiddel;2020-01-01;\n", "rad 3: ukjent ansatt «NOBODY»"),
    ("{e};legemiddel;2020-13-01;\n", "rad 3, kolonne «gyldig_fra»: ugyldig verdi «2020-13-01»"),
    ("{e};legemiddel;2021-01-01;31.12.2020\n", "rad 3: gyldig_til 2020-12-31 er før gyldig_fra 2021-01-01"),
    ("{e};;2021-01-01;\n", "rad 3: kolonnen «kompetanse» er tom"),
    ("{e};brannvern;2021-01-01;\n", "rad 3, kolonne «kompetanse»: ukjent kode «brannvern»"),
])
def test_bad_rows_name_the_row_and_nothing_is_read(demo_unit: Unit, tmp_path: Path, body: str, expected: str) -> None:
    e = demo_unit.employees[0].id
    path = _file(tmp_path, f"{e};legemiddel;2020-01-01;\n" + body.format(e=e))  # row 2 good, row 3 bad
    with pytest.raises(UserError) as err:
        read_certifications(path, demo_unit)
    assert expected in err.value.text("no")
    assert len(err.value.messages) == 1


def test_missing_column(demo_unit: Unit, tmp_path: Path) -> None:
    path = tmp_path / "k.csv"
    path.write_text("ansattnr;kompetanse;gyldig_fra\nE01;legemiddel;2020-01-01\n", encoding="utf-8")
    with pytest.raises(UserError) as err:
        read_certifications(path, demo_unit)
    assert "mangler kolonnene gyldig_til" in err.value.text("no")


def test_training_plan_lists_the_expiring_certificate(demo_unit: Unit, tmp_path: Path) -> None:
    """The task-sharing step's training plan (``bemanning oppgavedeling``): the group training for tasks
    and, per employee, the certificates that run out in the unit's roster period or soon after."""
    nurse = demo_unit.employees[0]
    start = demo_unit.roster.start_date
    soon = start + dt.timedelta(days=7 * demo_unit.roster.cycle_weeks + 30)
    path = _file(tmp_path, f"{nurse.id};telemetri;2020-01-01;{soon.isoformat()}\n")
    unit = apply_certifications(demo_unit, read_certifications(path, demo_unit), start, start).unit
    result = allocate_tasks(unit, time_limit_s=10)
    needs = [n for n in result.certification_needs if n.employee == nurse.id]
    assert [(n.reason, n.competence, n.due) for n in needs] == [("expires_soon", "telemetri", soon)]
    assert "telemetri" in training_text(unit, result, "no")
    book_path = tmp_path / "oppgavedeling.xlsx"
    write_tasksharing_workbook(unit, result, None, book_path, "no")
    rows = list(load_workbook(book_path)[CERTIFICATION_SHEET].iter_rows(values_only=True))
    assert any(r[0] == nurse.id and r[2] == "telemetri" and "utløper snart" in str(r[5]) for r in rows[1:])
    assert not allocate_tasks(demo_unit, time_limit_s=10).certification_needs  # nothing certified: no line


def test_cli_competence(cli: Any, demo_unit: Unit, tmp_path: Path) -> None:
    unit_file = tmp_path / "unit.yaml"
    save_unit(demo_unit, unit_file)
    (tmp_path / "k.csv").write_text(sample_competence_csv(demo_unit), encoding="utf-8")
    done = cli("kompetanse", "importer", str(tmp_path / "k.csv"), "--enhet", str(unit_file),
               "--out", str(tmp_path / "ut"))  # the period: the unit's roster period
    assert done.returncode == 0, done.stderr
    unit = load_unit(tmp_path / "ut" / "enhet.yaml")
    assert any(e.certifications for e in unit.employees)
    assert "utlopt" in (tmp_path / "ut" / "kompetanse_status.csv").read_text(encoding="utf-8")
    training = (tmp_path / "ut" / "opplaering.csv").read_text(encoding="utf-8")
    assert training.startswith("ansattnr;gruppe;kompetanse;grunn;frist;forklaring") and ";utlopt;" in training
    # bemanning check on the imported unit: an expired nurse alone on a night is flagged
    expired = next(e for e in unit.employees for c in e.certifications
                   if c.competence == "legemiddel" and c.valid_to and c.valid_to < unit.roster.start_date)
    night = next(s.code for s in unit.shift_types if s.kind.is_night)
    day = unit.roster.start_date
    roster = Roster(unit_id=unit.id, start_date=day, days=7, cyclic=False,
                    assignments=[Assignment(employee_id=expired.id, date=day, shift_code=night)])
    write_roster_csv(roster, unit, tmp_path / "roster.csv")
    checked = cli("check", str(tmp_path / "ut" / "enhet.yaml"), str(tmp_path / "roster.csv"), "--from",
                  day.isoformat(), "--to", (day + dt.timedelta(days=6)).isoformat())
    assert "legemiddel" in checked.stdout + checked.stderr
    # bad input: exit 2, nothing written
    failed = cli("kompetanse", "importer", str(tmp_path / "k.csv"), "--enhet", str(unit_file), "--from",
                 "2027-02-30", "--to", END.isoformat(), "--out", str(tmp_path / "x"))
    assert failed.returncode == 2 and not (tmp_path / "x").exists()
    (tmp_path / "bad.csv").write_text(HEADER + f"{demo_unit.employees[0].id};legemiddel;2020-01-01;\n"
                                      "E01;legemiddel;2021-01-01;2020-01-01\n", encoding="utf-8")
    bad = cli("kompetanse", "importer", str(tmp_path / "bad.csv"), "--enhet", str(unit_file),
              "--out", str(tmp_path / "y"))
    assert bad.returncode == 2 and "rad 3" in bad.stderr and not (tmp_path / "y").exists()
