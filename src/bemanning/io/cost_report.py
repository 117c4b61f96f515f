"""Cost reports: ``costs.csv`` (per employee, group and total) and ``cost_summary.json``."""

from __future__ import annotations

import csv
import json
from decimal import ROUND_HALF_UP, Decimal
from pathlib import Path
from typing import Any

from bemanning.model import Unit
from bemanning.model.costs_result import CostBand, CoverCost, CoverSource, PayLine, RosterCost, SalaryBudget

COLUMNS = ["level", "id", "group", "shifts", "hours", "hourly_pay", "base_pay",
           *(f"allowance_{b.value}" for b in CostBand), *(f"hours_{b.value}" for b in CostBand),
           "overtime_premium", "social_cost", "total"]
CENT = Decimal("0.01")


def money(value: float) -> Decimal:
    """NOK to the øre, half up: the one rounding of money in reports and payroll lines."""
    return Decimal(repr(value)).quantize(CENT, ROUND_HALF_UP)


def _money(value: float) -> float:
    return float(money(value))


MONEY_COLUMNS = ("base_pay", *(f"allowance_{b.value}" for b in CostBand), "overtime_premium", "social_cost")


def _line_cells(line: PayLine) -> dict[str, float]:
    cells = {"hours": round(line.hours, 2), "base_pay": _money(line.base_pay),
             "overtime_premium": _money(line.overtime_premium), "social_cost": _money(line.social_cost),
             "total": _money(line.total)}
    for band in CostBand:
        cells[f"allowance_{band.value}"] = _money(line.allowances.get(band, 0.0))
        cells[f"hours_{band.value}"] = round(line.band_hours.get(band, 0.0), 2)
    return cells


def _summed(cells: list[dict[str, float]], line: PayLine) -> dict[str, float]:
    """Group and total rows: money is the sum of the employees' rounded amounts, so every level
    adds up to the øre (payroll lines tie to the employee rows); hours are rounded sums."""
    out = _line_cells(line)
    for column in MONEY_COLUMNS:
        out[column] = float(sum((Decimal(repr(c[column])) for c in cells), Decimal(0)))
    out["total"] = float(sum((Decimal(repr(out[c])) for c in MONEY_COLUMNS), Decimal(0)))
    return out


def cost_rows(cost: RosterCost) -> list[dict[str, Any]]:
    rows: list[dict[str, Any]] = []
    cells_of: dict[str, list[dict[str, float]]] = {}
    for e in cost.employees:
        cells = _line_cells(e.line)
        cells["total"] = float(sum((Decimal(repr(cells[c])) for c in MONEY_COLUMNS), Decimal(0)))
        cells_of.setdefault(e.group, []).append(cells)
        rows.append({"level": "employee", "id": e.employee_id, "group": e.group, "shifts": e.shifts,
                     "hourly_pay": e.hourly_pay, **cells})
    for g in cost.groups:
        rows.append({"level": "group", "id": g.group, "group": g.group, "shifts": g.shifts, "hourly_pay": "",
                     **_summed(cells_of.get(g.group, []), g.line)})
    every = [c for cells in cells_of.values() for c in cells]
    rows.append({"level": "total", "id": cost.unit_id, "group": "",
                 "shifts": sum(g.shifts for g in cost.groups), "hourly_pay": "", **_summed(every, cost.line)})
    return rows


def write_costs_csv(cost: RosterCost, path: Path) -> None:
    with path.open("w", newline="", encoding="utf-8") as handle:
        writer = csv.DictWriter(handle, fieldnames=COLUMNS)
        writer.writeheader()
        writer.writerows(cost_rows(cost))


def cost_summary(unit: Unit, cost: RosterCost, cover: CoverCost | None, budget: SalaryBudget | None,
                 fte_year_hours: float) -> dict[str, Any]:
    """Plain data for JSON; money in NOK rounded to øre, hours to 2 decimals."""
    costs = unit.costs
    summary: dict[str, Any] = {
        "unit_id": unit.id,
        "period": {"start": cost.start_date.isoformat(), "days": cost.days, "weeks": round(cost.weeks, 3)},
        "own_staff": {"hours": round(cost.line.hours, 2), "base_pay": _money(cost.line.base_pay),
                      "allowances": {b.value: _money(v) for b, v in cost.line.allowances.items()},
                      "social_cost": _money(cost.line.social_cost), "total": _money(cost.total),
                      "per_week": _money(cost.per_week), "annualised": _money(cost.annualised())},
        "missing_pay_groups": cost.missing_pay_groups,
        "settings": {
            "social_cost_factor": costs.social_cost_factor,
            "evening_night": costs.evening_night.reference,
            "weekend": costs.weekend.reference,
            "public_holiday": costs.public_holiday.reference,
            "overtime": costs.overtime_reference,
            "fte_year_hours": fte_year_hours,
        },
    }
    if cover is not None:
        by_source = {s.value: {"places": cover.count(s), "hours": round(cover.hours(s), 2),
                               "cost": _money(cover.cost(s))} for s in CoverSource}
        agency_hours = cover.hours(CoverSource.AGENCY)
        summary["cover"] = {**by_source, "total": _money(cover.cost()),
                            "agency_fte_months": round(agency_hours / fte_year_hours * 12, 3)}
        summary["total"] = _money(cost.total + cover.cost())
    else:
        summary["total"] = _money(cost.total)
    if budget is not None:
        summary["salary_budget"] = {
            "year": budget.year,
            "groups": [{"group": b.group, "fte": round(b.fte, 2), "hours": round(b.hours, 1),
                        "own_staff": _money(b.own_staff), "overtime": _money(b.overtime),
                        "pool": _money(b.pool), "agency": _money(b.agency), "total": _money(b.total)}
                       for b in budget.lines],
            "months": {str(m): _money(v) for m, v in budget.months.items()},
            "total": _money(budget.total),
        }
    return summary


def write_cost_summary(summary: dict[str, Any], path: Path) -> None:
    path.write_text(json.dumps(summary, indent=2, ensure_ascii=False), encoding="utf-8")
