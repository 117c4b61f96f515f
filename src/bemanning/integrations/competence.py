"""Documented competence from a competence portal (CSV/Excel) → the unit's employees' competences.

The file has one row per certification: ``ansattnr;kompetanse;gyldig_fra;gyldig_til`` (dates ISO or
dd.mm.yyyy; an empty ``gyldig_til`` never expires). For the planning period an employee holds a
competence when one certification of it is valid on every day of the period; the roster's skill-mix
rules (``staffing.skill_mix``: at least N staff with a competence on a shift, checked by the CP-SAT
model and the checker alike) then count only them. Competences the file never names keep what the
unit file says. Certifications that run out in the period or within ``warn_days`` after it, or that
ran out before it, go to a training list; so do skill-mix competences with too few valid holders.
"""

from __future__ import annotations

import csv
import datetime as dt
from dataclasses import dataclass
from pathlib import Path

from bemanning.model import Unit

from . import messages as _messages  # noqa: F401  (registers the messages)
from .common import Problems, parse_date, table_rows

STATUS_COLUMNS = ["ansattnr", "gruppe", "kompetanse", "status", "gyldig_til"]
TRAINING_COLUMNS = ["ansattnr", "gruppe", "kompetanse", "grunn", "frist"]


@dataclass(frozen=True)
class Certification:
    line: int
    employee: str
    competence: str
    valid_from: dt.date | None
    valid_to: dt.date | None

    def covers(self, start: dt.date, end: dt.date) -> bool:
        return (self.valid_from is None or self.valid_from <= start) and (self.valid_to is None or end <= self.valid_to)


def read_certifications(path: Path, unit: Unit) -> list[Certification]:
    """All rows of the portal file (all or nothing; problems name the row)."""
    _, rows = table_rows(path, ["ansattnr", "kompetanse", "gyldig_fra", "gyldig_til"])
    problems = Problems(str(path))
    employees = {e.id for e in unit.employees}
    out: list[Certification] = []
    for line, row in rows:
        if row["ansattnr"] not in employees:
            problems.add("integ_unknown_employee", row=line, employee=row["ansattnr"])
            continue
        if not row["kompetanse"]:
            problems.add("csv_bad_cell", row=line, column="kompetanse", problem="")
            continue
        dates = {}
        for column in ("gyldig_fra", "gyldig_til"):
            dates[column] = parse_date(row[column]) if row[column] else None
            if row[column] and dates[column] is None:
                problems.add("csv_bad_cell", row=line, column=column, problem=row[column])
        if any(row[c] and dates[c] is None for c in dates):
            continue
        first, last = dates["gyldig_fra"], dates["gyldig_til"]
        if first and last and last < first:
            problems.add("csv_bad_cell", row=line, column="gyldig_til", problem=f"{last} < {first}")
            continue
        out.append(Certification(line, row["ansattnr"], row["kompetanse"], first, last))
    problems.raise_if_any()
    return out


@dataclass
class CompetenceResult:
    unit: Unit  # the unit with its employees' competences for the period
    status: list[dict[str, str]]
    training: list[dict[str, str]]


def apply_certifications(unit: Unit, certs: list[Certification], start: dt.date, end: dt.date,
                         warn_days: int = 90) -> CompetenceResult:
    named = {c.competence for c in certs}
    valid: dict[str, set[str]] = {}
    for c in certs:
        if c.covers(start, end):
            valid.setdefault(c.employee, set()).add(c.competence)
    employees = [
        e.model_copy(update={"competences": sorted({x for x in e.competences if x not in named}
                                                   | valid.get(e.id, set()))})
        for e in unit.employees
    ]
    updated = unit.model_copy(update={"employees": employees})
    group_of = {e.id: e.group for e in unit.employees}
    warn_until = end + dt.timedelta(days=warn_days) if end < dt.date.max - dt.timedelta(days=warn_days) else dt.date.max
    status, training = [], []
    best: dict[tuple[str, str], Certification] = {}
    for c in certs:  # the longest-running certification per employee and competence
        key = (c.employee, c.competence)
        if key not in best or (best[key].valid_to or dt.date.max) < (c.valid_to or dt.date.max):
            best[key] = c
    for (employee, competence), c in sorted(best.items()):
        until = c.valid_to.isoformat() if c.valid_to else ""
        if c.valid_to is not None and c.valid_to < start:
            state, reason = "utlopt", "utløpt"
        elif not c.covers(start, end):
            state, reason = "ikke_hele_perioden", "utløper i perioden" if c.valid_to and c.valid_to < end else ""
        elif c.valid_to is not None and c.valid_to <= warn_until:
            state, reason = "utloper_snart", "utløper snart"
        else:
            state, reason = "gyldig", ""
        status.append({"ansattnr": employee, "gruppe": group_of[employee], "kompetanse": competence,
                       "status": state, "gyldig_til": until})
        if reason:
            training.append({"ansattnr": employee, "gruppe": group_of[employee], "kompetanse": competence,
                             "grunn": reason, "frist": until})
    for rule in unit.staffing.skill_mix:  # too few valid holders for the rule's minimum on a shift
        holders = [e for e in employees if rule.competence in e.competences]
        if len(holders) < rule.minimum:
            training.append({"ansattnr": "", "gruppe": "", "kompetanse": rule.competence,
                             "grunn": f"mangler: {len(holders)} med gyldig kompetanse, minst {rule.minimum} per vakt",
                             "frist": start.isoformat()})
    return CompetenceResult(unit=updated, status=status, training=training)


def write_rows(rows: list[dict[str, str]], columns: list[str], path: Path) -> None:
    with path.open("w", newline="", encoding="utf-8") as handle:
        writer = csv.DictWriter(handle, fieldnames=columns, delimiter=";")
        writer.writeheader()
        writer.writerows(rows)
