"""Payroll lines: the variable pay of a roster in the CSV shape payroll systems import.

One line per employee, worked shift and allowance band with hours in it (evening/night, weekend,
public holiday; the bands and rates of the cost model, ``planning/costing.py``):
``employee_id;pay_code;quantity;unit_price;amount;transaction_date;cost_centre``. Fixed monthly
salary and employer costs (social cost) are not variable pay and are not in the file.

Money is rounded once, half up to the øre (``io.cost_report.money``). Each employee's lines of
a pay code add up exactly to that employee's allowance in the cost report (``costs.csv``): the
lines are rounded, and the few øre the roundings leave go to the lines with the largest
remainders. ``amount`` is therefore the figure to book; ``quantity × unit_price`` may differ from
it by an øre.
"""

from __future__ import annotations

import csv
import datetime as dt
from dataclasses import dataclass
from decimal import ROUND_HALF_UP, Decimal
from pathlib import Path

from bemanning.io.cost_report import CENT, money
from bemanning.model import Roster, Unit
from bemanning.model.costs_result import CostBand
from bemanning.planning.costing import hourly_pay, public_holidays, roster_cost, shift_pay

# Default pay codes (lønnsarter); a payroll system maps its own numbers onto these or the reverse.
PAY_CODES: dict[CostBand, str] = {
    CostBand.EVENING_NIGHT: "KVELD_NATT",
    CostBand.WEEKEND: "LOR_SON",
    CostBand.PUBLIC_HOLIDAY: "HELLIGDAG",
}
COLUMNS = ["employee_id", "pay_code", "quantity", "unit_price", "amount", "transaction_date", "cost_centre"]


@dataclass
class PayrollLine:
    employee_id: str
    pay_code: str
    quantity: Decimal  # hours, 2 decimals
    unit_price: Decimal  # NOK per hour, øre
    amount: Decimal  # NOK, øre
    transaction_date: dt.date
    cost_centre: str


def payroll_lines(unit: Unit, roster: Roster, *, pay_codes: dict[CostBand, str] | None = None,
                  cost_centre: str | None = None) -> list[PayrollLine]:
    codes = pay_codes or PAY_CODES
    centre = cost_centre or unit.id
    years = range(roster.start_date.year, roster.end_date.year + 2)
    holidays = public_holidays(years)
    shifts = {s.code: s for s in unit.shift_types}
    employees = {e.id: e for e in unit.employees}
    rates = {CostBand.EVENING_NIGHT: unit.costs.evening_night, CostBand.WEEKEND: unit.costs.weekend,
             CostBand.PUBLIC_HOLIDAY: unit.costs.public_holiday}
    raw: dict[tuple[str, CostBand], list[tuple[PayrollLine, float]]] = {}
    for a in sorted(roster.assignments, key=lambda a: (a.employee_id, a.date)):
        employee = employees[a.employee_id]
        pay = hourly_pay(unit, employee.id, employee.group)
        line = shift_pay(unit, a.date, shifts[a.shift_code], pay, holidays)
        for band in CostBand:
            hours = line.band_hours.get(band, 0.0)
            amount = line.allowances.get(band, 0.0)
            if hours <= 1e-9 or amount <= 0:
                continue
            price = Decimal(repr(rates[band].per_hour(pay))).quantize(CENT, ROUND_HALF_UP)
            item = PayrollLine(
                employee_id=employee.id, pay_code=codes[band],
                quantity=Decimal(repr(hours)).quantize(CENT, ROUND_HALF_UP), unit_price=price,
                amount=money(amount), transaction_date=a.date, cost_centre=centre,
            )
            raw.setdefault((employee.id, band), []).append((item, amount))
    # Tie each employee's pay code to the cost report's rounded allowance (largest remainders).
    report = {(e.employee_id, band): money(e.line.allowances.get(band, 0.0))
              for e in roster_cost(unit, roster, holidays).employees for band in CostBand}
    for key, items in raw.items():
        left = int((report[key] - sum((i.amount for i, _ in items), Decimal(0))) / CENT)
        step = CENT if left > 0 else -CENT
        sign = 1 if left > 0 else -1
        by_remainder = sorted(items, key=lambda pair: (Decimal(repr(pair[1])) - pair[0].amount) * sign, reverse=True)
        for n in range(abs(left)):
            by_remainder[n % len(by_remainder)][0].amount += step
    out = [item for items in raw.values() for item, _ in items]
    order = list(codes.values())
    out.sort(key=lambda i: (i.employee_id, i.transaction_date, order.index(i.pay_code)))
    return out


def write_payroll_csv(lines: list[PayrollLine], path: Path) -> None:
    """``;``-separated with a decimal point (the exchange form most payroll imports accept)."""
    with path.open("w", newline="", encoding="utf-8") as handle:
        writer = csv.writer(handle, delimiter=";")
        writer.writerow(COLUMNS)
        for i in lines:
            writer.writerow([i.employee_id, i.pay_code, i.quantity, i.unit_price, i.amount,
                             i.transaction_date.isoformat(), i.cost_centre])
