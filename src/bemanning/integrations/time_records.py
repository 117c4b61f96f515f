"""Time records from GAT (registered, actually worked time) → the follow-up's shift-level dataset.

A time record is one row per employee, date and code: ``ansattnr;dato;kode;fra;til;timer``
(optional ``gruppe`` and ``kostnad``; CSV or Excel; columns and codes mapped by the code table,
``codes.py``). Each row becomes one row of the follow-up dataset ``vakter`` (``vakter.parquet``: ``enhet_id, dato,
yrkesgruppe, timetype, timer, kostnad_nok``, see ``followup/schemas.py``) which the follow-up KPIs
sum per unit and month and roll up to clinic, trust and region:

- a unit shift code → ``ordinaer``; an overtime code → ``overtid``; an extra-shift code →
  ``ekstravakt``; an agency code → ``innleie`` (agency staff need not be employees of the unit,
  but then the row must give ``gruppe``);
- a sick-leave code → ``fravaer_korttid`` (``fravaer_langtid`` for the long-term codes); other
  absence (vacation, leave, course) and days off are not part of these KPIs and are counted only.

Hours: ``timer`` when given, else ``til − fra`` (past midnight when ``til`` ≤ ``fra``), else the
unit shift's working hours (a sick day without any: the contract's daily share). Cost:
``kostnad`` when given, else hours × the employee's hourly pay from the unit's cost settings
(overtime: × (1 + the overtime share); agency: the group's ordinary agency price) — an estimate;
the payroll's own figures are better when the file has them.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass, field
from pathlib import Path

from bemanning.model import Unit
from bemanning.model.planning_settings import AbsenceKind

from . import messages as _messages  # noqa: F401  (registers the messages)
from .codes import CodeTable
from .common import Problems, parse_date, table_rows

VAKTER_COLUMNS = ["enhet_id", "dato", "yrkesgruppe", "timetype", "timer", "kostnad_nok"]


@dataclass
class TimeRecordImport:
    unit_id: str
    rows: list[dict[str, object]] = field(default_factory=list)  # rows of the follow-up ``vakter`` dataset
    skipped: int = 0  # days off and absence that is not sick leave

    def hours(self, kind: str) -> float:
        return sum(float(str(r["timer"])) for r in self.rows if r["timetype"] == kind)


def _clock(value: str) -> int | None:
    try:
        moment = dt.time.fromisoformat(value if len(value) > 2 else f"{int(value):02d}:00")
    except ValueError:
        return None
    return moment.hour * 60 + moment.minute


def read_time_records(path: Path, unit: Unit, codes: CodeTable | None = None) -> TimeRecordImport:
    codes = codes or CodeTable()
    c = codes.column
    _, rows = table_rows(path, [c("ansatt"), c("dato"), c("kode")])
    problems = Problems(str(path))
    result = TimeRecordImport(unit_id=unit.id)
    employees = {e.id: e for e in unit.employees}
    groups = {g.id for g in unit.groups}
    shift_codes = {s.code for s in unit.shift_types}
    costs = unit.costs
    for line, row in rows:
        employee_id, code = row.get(c("ansatt"), ""), row.get(c("kode"), "").strip()
        upper = code.upper()
        date = parse_date(row.get(c("dato"), ""))
        if date is None:
            problems.add("csv_bad_cell", row=line, column=c("dato"), problem=row.get(c("dato"), ""))
            continue
        if upper in codes.off:
            result.skipped += 1
            continue
        shift = codes.shift_of(code, shift_codes)
        absence = codes.absence_of(code)
        if upper in codes.overtime:
            kind = "overtid"
        elif upper in codes.extra:
            kind = "ekstravakt"
        elif upper in codes.agency:
            kind = "innleie"
        elif shift is not None:
            kind = "ordinaer"
        elif absence is AbsenceKind.SICK:
            kind = "fravaer_langtid" if upper in codes.long_sick else "fravaer_korttid"
        elif absence is not None:
            result.skipped += 1
            continue
        else:
            problems.add("integ_unknown_code", row=line, column=c("kode"), code=code,
                         known=codes.known(shift_codes) + ", " + ", ".join(sorted(codes.overtime | codes.agency)))
            continue
        employee = employees.get(employee_id)
        group = row.get(c("gruppe"), "") or (employee.group if employee else "")
        if employee is None and kind != "innleie":
            problems.add("integ_unknown_employee", row=line, employee=employee_id)
            continue
        if group not in groups:
            problems.add("integ_unknown_code", row=line, column=c("gruppe"), code=group,
                         known=", ".join(sorted(groups)))
            continue
        hours = _hours(row, codes, unit, shift)
        if hours is None and kind.startswith("fravaer") and employee is not None and not row.get(c("timer")):
            hours = _daily_share(unit, employee_id)
        if hours is None or not 0 <= hours <= 24:
            problems.add("csv_bad_cell", row=line, column=c("timer"), problem=row.get(c("timer"), "") or
                         f"{row.get(c('fra'), '')}-{row.get(c('til'), '')}")
            continue
        cost_text = row.get(c("kostnad"), "").replace(",", ".")
        if cost_text:
            try:
                cost = float(cost_text)
            except ValueError:
                cost = -1.0
            if cost < 0:
                problems.add("csv_bad_cell", row=line, column=c("kostnad"), problem=cost_text)
                continue
        elif kind == "innleie":
            price = costs.agency.get(group)
            cost = hours * (price.ordinary if price else 0.0)
        else:
            pay = costs.pay_for(group, employee_id)
            cost = hours * pay * (1 + costs.overtime_share if kind == "overtid" else 1)
        result.rows.append({"enhet_id": unit.id, "dato": date.isoformat(), "yrkesgruppe": group, "timetype": kind,
                            "timer": round(hours, 2), "kostnad_nok": round(cost, 2)})
    problems.raise_if_any()
    return result


def _hours(row: dict[str, str], codes: CodeTable, unit: Unit, shift: str | None) -> float | None:
    c = codes.column
    text = row.get(c("timer"), "").replace(",", ".")
    if text:
        try:
            return float(text)
        except ValueError:
            return None
    start, end = row.get(c("fra"), ""), row.get(c("til"), "")
    if start and end:
        first, last = _clock(start), _clock(end)
        if first is None or last is None:
            return None
        return ((last - first) % (24 * 60) or 24 * 60) / 60
    if shift is not None:
        return unit.shift_type(shift).working_hours
    return None


def _daily_share(unit: Unit, employee_id: str) -> float:
    """A sick day without hours counts the contract's daily share (position × weekly hours / 5)."""
    from bemanning.planning.rostering.context import weekly_hours_basis

    e = unit.employee(employee_id)
    return e.position_pct / 100 * weekly_hours_basis(unit, e.arrangement, e.weekly_hours) / 5


def write_vakter(records: TimeRecordImport, path: Path) -> None:
    """The follow-up's shift-level dataset as Parquet (the only form the follow-up reads it in)."""
    import polars as pl

    frame = pl.DataFrame(records.rows, schema={"enhet_id": pl.String, "dato": pl.String, "yrkesgruppe": pl.String,
                                               "timetype": pl.String, "timer": pl.Float64,
                                               "kostnad_nok": pl.Float64}, orient="row")
    frame.with_columns(pl.col("dato").str.to_date()).select(VAKTER_COLUMNS).write_parquet(path)


def organisation_row(unit: Unit, clinic: str, trust: str, region: str) -> dict[str, str]:
    """The follow-up's organisation row for ``unit`` (needed to roll the unit up to the region)."""
    return {"enhet_id": unit.id, "enhet": unit.name, "klinikk": clinic, "foretak": trust, "region": region}
