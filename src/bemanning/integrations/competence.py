"""Documented competence from a competence portal (CSV/Excel) → the employees' dated certifications.

The file has one row per certification: ``ansattnr;kompetanse;gyldig_fra;gyldig_til`` (dates ISO or
dd.mm.yyyy; an empty ``gyldig_fra`` has always held, an empty ``gyldig_til`` never expires). Every
competence code the file names is taken from the file alone: the employees' undated entries of it
and their earlier certifications of it are replaced by the file's rows, so an expired certificate
stops counting. Codes the file never names keep what the unit file says.

The certifications go into the unit (``Employee.certifications``); the roster engine counts each on
the days it is valid (skill mix, shift types only for holders), and ``bemanning check`` too. The
status per certification and the training needs for a period come from ``planning.competence``.
"""

from __future__ import annotations

import csv
import datetime as dt
from dataclasses import dataclass
from pathlib import Path

from bemanning.model import Certification, Unit
from bemanning.model.task_sharing_result import CertificationNeed
from bemanning.planning.competence import REASON_CODES, certification_needs, certification_status, need_text

from . import messages as _messages  # noqa: F401  (registers the messages)
from .common import Problems, parse_date, table_rows

COLUMNS = ["ansattnr", "kompetanse", "gyldig_fra", "gyldig_til"]
STATUS_COLUMNS = ["ansattnr", "gruppe", "kompetanse", "status", "gyldig_til", "gyldige_dager"]
TRAINING_COLUMNS = ["ansattnr", "gruppe", "kompetanse", "grunn", "frist", "forklaring"]


@dataclass(frozen=True)
class PortalRow:
    line: int
    employee: str
    competence: str
    valid_from: dt.date | None
    valid_to: dt.date | None


def read_certifications(path: Path, unit: Unit) -> list[PortalRow]:
    """All rows of the portal file (all or nothing: every problem is collected, each naming its row).

    A competence code must be one the unit names (``Unit.competence_codes``): held by staff, asked
    for by a skill-mix rule, a shift type or a task."""
    _, rows = table_rows(path, COLUMNS)
    problems = Problems(str(path))
    employees = {e.id for e in unit.employees}
    known = unit.competence_codes()
    out: list[PortalRow] = []
    for line, row in rows:
        bad = False
        if row["ansattnr"] not in employees:
            problems.add("integ_unknown_employee", row=line, employee=row["ansattnr"])
            bad = True
        code = row["kompetanse"]
        if not code:
            problems.add("integ_empty_cell", row=line, column="kompetanse")
            bad = True
        elif code not in known:
            problems.add("integ_unknown_code", row=line, column="kompetanse", code=code,
                         known=", ".join(sorted(known)) or "-")
            bad = True
        dates: dict[str, dt.date | None] = {}
        for column in ("gyldig_fra", "gyldig_til"):
            dates[column] = parse_date(row[column]) if row[column] else None
            if row[column] and dates[column] is None:
                problems.add("csv_bad_cell", row=line, column=column, problem=row[column])
                bad = True
        first, last = dates["gyldig_fra"], dates["gyldig_til"]
        if first and last and last < first:
            problems.add("integ_ends_before_start", row=line, start=first.isoformat(), end=last.isoformat())
            bad = True
        if not bad:
            out.append(PortalRow(line, row["ansattnr"], code, first, last))
    if not out and not problems:
        problems.add("integ_no_rows")
    problems.raise_if_any()
    return out


def with_certifications(unit: Unit, rows: list[PortalRow]) -> Unit:
    """The unit with the file's certifications: each code the file names is replaced for everyone."""
    named = {r.competence for r in rows}
    mine: dict[str, list[Certification]] = {}
    for r in rows:
        cert = Certification(competence=r.competence, valid_from=r.valid_from, valid_to=r.valid_to)
        if cert not in mine.setdefault(r.employee, []):
            mine[r.employee].append(cert)
    employees = [
        e.model_copy(update={
            "competences": [c for c in e.competences if c not in named],
            "certifications": sorted(
                [c for c in e.certifications if c.competence not in named] + mine.get(e.id, []),
                key=lambda c: (c.competence, c.valid_from or dt.date.min, c.valid_to or dt.date.max),
            ),
        })
        for e in unit.employees
    ]
    return unit.model_copy(update={"employees": employees})


@dataclass
class CompetenceResult:
    unit: Unit  # the unit with the file's certifications
    status: list[dict[str, str]]
    needs: list[CertificationNeed]

    @property
    def training(self) -> list[dict[str, str]]:
        return training_rows(self.needs)


def training_rows(needs: list[CertificationNeed], lang: str | None = None) -> list[dict[str, str]]:
    return [{"ansattnr": n.employee, "gruppe": n.group, "kompetanse": n.competence,
             "grunn": REASON_CODES[n.reason], "frist": n.due.isoformat(), "forklaring": need_text(n, lang)}
            for n in needs]


def apply_certifications(unit: Unit, rows: list[PortalRow], start: dt.date, end: dt.date,
                         warn_days: int | None = None) -> CompetenceResult:
    """The unit with the certifications, their status for ``start``..``end`` and the training needs
    (``warn_days``: default the rule setting ``certification_warning_days``)."""
    updated = with_certifications(unit, rows)
    warn = int(updated.rules.number("certification_warning_days")) if warn_days is None else warn_days
    status = [
        {"ansattnr": s.employee, "gruppe": s.group, "kompetanse": s.competence, "status": s.status,
         "gyldig_til": s.valid_to.isoformat() if s.valid_to else "", "gyldige_dager": str(s.valid_days)}
        for s in certification_status(updated, start, end, warn)
    ]
    return CompetenceResult(unit=updated, status=status, needs=certification_needs(updated, start, end, warn))


def write_rows(rows: list[dict[str, str]], columns: list[str], path: Path) -> None:
    with path.open("w", newline="", encoding="utf-8") as handle:
        writer = csv.DictWriter(handle, fieldnames=columns, delimiter=";")
        writer.writeheader()
        writer.writerows(rows)
