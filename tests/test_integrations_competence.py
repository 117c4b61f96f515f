"""Competence-portal certifications → employees' competences for a period, status and training list."""

from __future__ import annotations

import datetime as dt
from pathlib import Path
from typing import Any

import pytest

from bemanning.integrations.competence import apply_certifications, read_certifications
from bemanning.integrations.samples import sample_competence_csv
from bemanning.io.errors import UserError
from bemanning.io.unit_file import load_unit, save_unit
from bemanning.model import Assignment, Roster, Unit
from bemanning.planning.rostering import check_roster

START, END = dt.date(2027, 1, 4), dt.date(2027, 1, 31)


def test_valid_for_the_whole_period_only(demo_unit: Unit, tmp_path: Path) -> None:
    e1, e2, e3 = (e.id for e in demo_unit.employees[:3])
    path = tmp_path / "k.csv"
    path.write_text("ansattnr;kompetanse;gyldig_fra;gyldig_til\n"
                    f"{e1};legemiddel;01.01.2020;\n"                   # valid, never expires
                    f"{e2};legemiddel;2020-01-01;2027-01-20\n"          # runs out in the period
                    f"{e3};legemiddel;2020-01-01;2026-12-01\n"          # expired
                    f"{e3};hlr;2020-01-01;2027-03-01\n", encoding="utf-8")  # valid, expires soon after
    certs = read_certifications(path, demo_unit)
    result = apply_certifications(demo_unit, certs, START, END, warn_days=90)
    held = {e.id: set(e.competences) for e in result.unit.employees}
    assert "legemiddel" in held[e1] and "legemiddel" not in held[e2] and "legemiddel" not in held[e3]
    assert "hlr" in held[e3]
    status = {(s["ansattnr"], s["kompetanse"]): s["status"] for s in result.status}
    assert status == {(e1, "legemiddel"): "gyldig", (e2, "legemiddel"): "ikke_hele_perioden",
                      (e3, "legemiddel"): "utlopt", (e3, "hlr"): "utloper_snart"}
    training = {(t["ansattnr"], t["kompetanse"]) for t in result.training if t["ansattnr"]}
    assert training == {(e2, "legemiddel"), (e3, "legemiddel"), (e3, "hlr")}
    # competences the file never names keep the unit file's value
    untouched = demo_unit.employees[5]
    assert {c for c in untouched.competences if c not in {"legemiddel", "hlr"}} <= held[untouched.id]


def test_skill_mix_counts_only_valid_certifications(demo_unit: Unit, tmp_path: Path) -> None:
    """The checker's skill-mix rule sees the period's valid competences: expired ones no longer count."""
    rule = demo_unit.staffing.skill_mix[0]
    holders = [e for e in demo_unit.employees if rule.competence in e.competences]
    shift = rule.shifts[0] if rule.shifts else demo_unit.shift_types[0].code
    roster = Roster(unit_id=demo_unit.id, start_date=START, days=1, cyclic=False,
                    assignments=[Assignment(employee_id=e.id, date=START, shift_code=shift)
                                 for e in holders[: rule.minimum]])
    before = [v for v in check_roster(demo_unit, roster).violations if v.rule == "skill_mix"]
    path = tmp_path / "k.csv"
    path.write_text("ansattnr;kompetanse;gyldig_fra;gyldig_til\n" + "".join(
        f"{e.id};{rule.competence};2020-01-01;2026-06-30\n" for e in holders), encoding="utf-8")
    expired = apply_certifications(demo_unit, read_certifications(path, demo_unit), START, START).unit
    after = [v for v in check_roster(expired, roster).violations if v.rule == "skill_mix"]
    assert len(after) > len(before)
    assert after[0].reference


@pytest.mark.parametrize(("body", "expected"), [
    ("NOBODY;hlr;2020-01-01;\n", "row 2: unknown employee 'NOBODY'"),
    ("{e};hlr;2020-13-01;\n", "row 2, column 'gyldig_fra'"),
    ("{e};hlr;2021-01-01;2020-01-01\n", "row 2, column 'gyldig_til'"),
    ("{e};;2021-01-01;\n", "row 2, column 'kompetanse'"),
])
def test_bad_rows(demo_unit: Unit, tmp_path: Path, body: str, expected: str) -> None:
    path = tmp_path / "k.csv"
    path.write_text("ansattnr;kompetanse;gyldig_fra;gyldig_til\n" + body.format(e=demo_unit.employees[0].id),
                    encoding="utf-8")
    with pytest.raises(UserError) as err:
        read_certifications(path, demo_unit)
    assert expected in err.value.text("en")


def test_missing_column(demo_unit: Unit, tmp_path: Path) -> None:
    path = tmp_path / "k.csv"
    path.write_text("ansattnr;kompetanse;gyldig_fra\nE01;hlr;2020-01-01\n", encoding="utf-8")
    with pytest.raises(UserError, match="missing columns gyldig_til"):
        read_certifications(path, demo_unit)


def test_cli_competence(cli: Any, demo_unit: Unit, tmp_path: Path) -> None:
    unit_file = tmp_path / "unit.yaml"
    save_unit(demo_unit, unit_file)
    (tmp_path / "k.csv").write_text(sample_competence_csv(demo_unit), encoding="utf-8")
    done = cli("kompetanse", "importer", str(tmp_path / "k.csv"), "--enhet", str(unit_file), "--from",
               START.isoformat(), "--to", END.isoformat(), "--out", str(tmp_path / "ut"))
    assert done.returncode == 0, done.stderr
    unit = load_unit(tmp_path / "ut" / "enhet.yaml")
    assert sum(len(e.competences) for e in unit.employees) < sum(len(e.competences) for e in demo_unit.employees)
    assert "utlopt" in (tmp_path / "ut" / "kompetanse_status.csv").read_text(encoding="utf-8")
    assert (tmp_path / "ut" / "opplaering.csv").read_text(encoding="utf-8").count("\n") > 1
    failed = cli("kompetanse", "importer", str(tmp_path / "k.csv"), "--enhet", str(unit_file), "--from",
                 "2027-02-30", "--to", END.isoformat(), "--out", str(tmp_path / "x"))
    assert failed.returncode == 2 and not (tmp_path / "x").exists()
