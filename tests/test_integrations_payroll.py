"""Payroll lines (variable pay) tie to the cost report to the øre (issue 29)."""

from __future__ import annotations

import csv
import datetime as dt
from collections import defaultdict
from decimal import Decimal
from pathlib import Path
from typing import Any

import pytest

from bemanning.integrations.payroll import COLUMNS, PAY_CODES, payroll_lines, write_payroll_csv
from bemanning.io.cost_report import write_costs_csv
from bemanning.io.roster_csv import write_roster_csv
from bemanning.io.unit_file import save_unit
from bemanning.model import Assignment, Roster, Unit
from bemanning.planning.costing import roster_cost

START = dt.date(2026, 12, 21)  # over Christmas and New Year: weekend and holiday bands


def busy_roster(unit: Unit, days: int = 21) -> Roster:
    """Every employee works one shift a day on a rotating code (costing needs no lawful roster)."""
    codes = [s.code for s in unit.shift_types]
    assignments = [
        Assignment(employee_id=e.id, date=START + dt.timedelta(days=d), shift_code=codes[(n + d) % len(codes)])
        for n, e in enumerate(unit.employees) for d in range(days) if (n + d) % 4 != 3
    ]
    return Roster(unit_id=unit.id, start_date=START, days=days, cyclic=False, assignments=assignments)


def test_payroll_totals_equal_the_cost_report_to_the_ore(demo_unit: Unit, tmp_path: Path) -> None:
    roster = busy_roster(demo_unit)
    lines = payroll_lines(demo_unit, roster)
    write_payroll_csv(lines, tmp_path / "payroll.csv")
    write_costs_csv(roster_cost(demo_unit, roster), tmp_path / "costs.csv")
    with (tmp_path / "payroll.csv").open(encoding="utf-8") as handle:
        written = list(csv.DictReader(handle, delimiter=";"))
    assert list(written[0]) == COLUMNS
    by_key: dict[tuple[str, str], Decimal] = defaultdict(Decimal)
    for row in written:
        by_key[(row["employee_id"], row["pay_code"])] += Decimal(row["amount"])
        assert Decimal(row["amount"]) == Decimal(row["amount"]).quantize(Decimal("0.01"))
        # amount is quantity × unit price up to the øre the rounding moves
        assert abs(Decimal(row["quantity"]) * Decimal(row["unit_price"]) - Decimal(row["amount"])) <= Decimal("0.06")
    with (tmp_path / "costs.csv").open(encoding="utf-8") as handle:
        report = list(csv.DictReader(handle))
    checked = 0
    for row in report:
        for band, code in PAY_CODES.items():
            cell = Decimal(row[f"allowance_{band.value}"])
            if row["level"] == "employee":
                assert by_key.get((row["id"], code), Decimal(0)) == cell, (row["id"], code)
                checked += 1
            elif row["level"] == "total":
                assert sum((v for (_, c), v in by_key.items() if c == code), Decimal(0)) == cell, code
    assert checked == len(demo_unit.employees) * len(PAY_CODES)
    assert {r["pay_code"] for r in written} == set(PAY_CODES.values())  # all three bands occur
    total = next(r for r in report if r["level"] == "total")
    assert sum(Decimal(r["amount"]) for r in written) == sum(
        Decimal(total[f"allowance_{b.value}"]) for b in PAY_CODES
    )


def test_payroll_lines_are_per_shift_and_band(demo_unit: Unit) -> None:
    night = next(s for s in demo_unit.shift_types if s.kind.is_night)
    employee = demo_unit.employees[0]
    new_year = dt.date(2027, 1, 1)  # a Friday and a public holiday
    roster = Roster(unit_id=demo_unit.id, start_date=new_year, days=1, cyclic=False,
                    assignments=[Assignment(employee_id=employee.id, date=new_year, shift_code=night.code)])
    lines = payroll_lines(demo_unit, roster, cost_centre="4711")
    assert {line.pay_code for line in lines} >= {"KVELD_NATT", "HELLIGDAG"}
    assert all(line.transaction_date == new_year and line.cost_centre == "4711" for line in lines)
    assert all(line.employee_id == employee.id for line in lines)


def test_cli_payroll_and_bad_roster(cli: Any, demo_unit: Unit, tmp_path: Path) -> None:
    unit_file = tmp_path / "unit.yaml"
    save_unit(demo_unit, unit_file)
    roster = busy_roster(demo_unit, days=7)
    write_roster_csv(roster, demo_unit, tmp_path / "roster.csv")
    out = tmp_path / ("utdata_" + "x" * 90)  # a long path: the piped line must not be cut at 80 columns
    done = cli("lonn", str(unit_file), str(tmp_path / "roster.csv"), "--from", START.isoformat(),
               "--to", (START + dt.timedelta(days=6)).isoformat(), "--out", str(out))
    assert done.returncode == 0, done.stderr
    assert any(line.startswith(tuple("0123456789")) and line.rstrip().endswith(str(out / "payroll.csv"))
               for line in done.stdout.splitlines()), done.stdout
    assert (out / "payroll.csv").read_text(encoding="utf-8").startswith(";".join(COLUMNS))
    bad = tmp_path / "bad.csv"
    bad.write_text("employee_id,date,shift_code\nNOBODY,2026-12-21,D\n", encoding="utf-8")
    failed = cli("--lang", "en", "lonn", str(unit_file), str(bad), "--from", START.isoformat(),
                 "--to", START.isoformat(), "--out", str(tmp_path / "out2"))
    assert failed.returncode == 2
    assert "row 2" in failed.stderr and "NOBODY" in failed.stderr
    assert not (tmp_path / "out2").exists()


@pytest.mark.parametrize("args", [["--from", "2026-13-01", "--to", "2026-12-31"], ["--from", "2026-12-21"]])
def test_cli_payroll_bad_period(cli: Any, demo_unit: Unit, tmp_path: Path, args: list[str]) -> None:
    unit_file = tmp_path / "unit.yaml"
    save_unit(demo_unit, unit_file)
    write_roster_csv(busy_roster(demo_unit, days=2), demo_unit, tmp_path / "roster.csv")
    failed = cli("lonn", str(unit_file), str(tmp_path / "roster.csv"), *args, "--out", str(tmp_path / "o"))
    assert failed.returncode == 2 and "Traceback" not in failed.stderr
