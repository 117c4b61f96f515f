"""Integrations (issue 29): planned activity (FHIR/CSV) → requirement per date, GAT time records →
follow-up hours, and payroll lines of a stored roster. Imports are previews: they validate the
whole file (422 naming the row or FHIR resource) and return what it would give; nothing is stored."""

from __future__ import annotations

import datetime as dt
import re
import tempfile
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from pathlib import Path
from typing import Any, TypeVar

from fastapi import APIRouter, Depends, File, Form, UploadFile
from fastapi.responses import Response

from bemanning.integrations.common import MAX_IMPORT_BYTES
from bemanning.io.errors import UserError
from bemanning.store import repo
from bemanning.store.db import Database
from bemanning.web import services
from bemanning.web.deps import get_cache, get_db
from bemanning.web.limits import RosterId
from bemanning.web.problems import Problem
from bemanning.web.security import Actor, Perm, api_actor, csrf_protect
from bemanning.web.services import UnitCache

router = APIRouter(prefix="/units/{unit_id}", tags=["integrations"])
T = TypeVar("T")


@contextmanager
def _uploaded(file: UploadFile, default_name: str) -> Iterator[Path]:
    """The upload as a file in a temporary folder (the adapters read paths); size-limited."""
    data = file.file.read(MAX_IMPORT_BYTES + 1)
    if len(data) > MAX_IMPORT_BYTES:
        raise Problem(413, "web_bad_request", problem="file too large")
    name = re.sub(r"[^A-Za-z0-9_.-]+", "_", Path(file.filename or default_name).name) or default_name
    with tempfile.TemporaryDirectory() as folder:
        path = Path(folder) / name
        path.write_bytes(data)
        yield path


def _read(path: Path, read: Callable[[Path], T]) -> T:
    """Run an adapter; its messages name the uploaded file, not the temporary folder."""
    try:
        return read(path)
    except UserError as exc:
        for message in exc.messages:
            if "path" in message.context:
                message.context["path"] = path.name
        raise


def _day(value: str | None) -> dt.date | None:
    if not value:
        return None
    try:
        return dt.date.fromisoformat(value)
    except ValueError:
        raise UserError.of("integ_bad_date", value=value) from None


@router.post("/integrations/activity", dependencies=[Depends(csrf_protect)])
def preview_activity(
    unit_id: str,
    file: UploadFile = File(...),
    start: str | None = Form(None),
    end: str | None = Form(None),
    actor: Actor = Depends(api_actor),
    db: Database = Depends(get_db),
    cache: UnitCache = Depends(get_cache),
) -> dict[str, Any]:
    """Planlagt aktivitet (FHIR Bundle/CSV) → behov per dato. / Planned activity → requirement per date."""
    from bemanning.integrations.activity import KIND_CSV_NAME, read_activity
    from bemanning.integrations.requirement import requirement_by_date

    actor.require(Perm.ROSTER_EDIT, unit_id)
    unit = services.load_unit(db, cache, unit_id).unit
    first, last = _day(start), _day(end)
    if (first is None) != (last is None) or (first and last and last < first):
        raise UserError.of("integ_bad_period")
    with _uploaded(file, "aktivitet.json") as path:
        activity = _read(path, lambda p: read_activity(p, unit))
    rows = requirement_by_date(unit, activity, start=first, end=last)
    return {
        "resources": activity.resources,
        "other_units": activity.other_units,
        "activity": [
            {"date": d.isoformat(), "interval": interval, "kind": KIND_CSV_NAME[kind], "count": count}
            for (d, interval, kind), count in sorted(activity.counts.items(), key=lambda kv: (kv[0][0], kv[0][1]))
        ],
        "requirement": [r.model_dump(mode="json") for r in rows],
    }


@router.post("/integrations/time-records", dependencies=[Depends(csrf_protect)])
def preview_time_records(
    unit_id: str,
    file: UploadFile = File(...),
    actor: Actor = Depends(api_actor),
    db: Database = Depends(get_db),
    cache: UnitCache = Depends(get_cache),
) -> dict[str, Any]:
    """Timelister fra GAT → timer per måned og type (ingen personer). / Time records → hours per month and type."""
    from bemanning.integrations.time_records import read_time_records

    actor.require(Perm.FOLLOWUP_READ, unit_id)
    unit = services.load_unit(db, cache, unit_id).unit
    with _uploaded(file, "timer.csv") as path:
        records = _read(path, lambda p: read_time_records(p, unit))
    months: dict[tuple[str, str], dict[str, float]] = {}
    for row in records.rows:
        key = (str(row["dato"])[:7], str(row["timetype"]))
        cell = months.setdefault(key, {"timer": 0.0, "kostnad_nok": 0.0})
        cell["timer"] += float(str(row["timer"]))
        cell["kostnad_nok"] += float(str(row["kostnad_nok"]))
    return {
        "rows": len(records.rows),
        "skipped": records.skipped,
        "months": [
            {"maned": m, "timetype": kind, "timer": round(v["timer"], 2), "kostnad_nok": round(v["kostnad_nok"], 2)}
            for (m, kind), v in sorted(months.items())
        ],
    }


@router.get("/rosters/{roster_id}/payroll.csv")
def payroll_csv(
    unit_id: str,
    roster_id: RosterId,
    actor: Actor = Depends(api_actor),
    db: Database = Depends(get_db),
    cache: UnitCache = Depends(get_cache),
) -> Response:
    """Lønnslinjer (variabel lønn) for turnusen. / Payroll lines of the roster (leder, admin)."""
    from bemanning.integrations.payroll import payroll_lines, write_payroll_csv

    actor.require(Perm.ROSTER_APPROVE, unit_id)
    unit = services.load_unit(db, cache, unit_id).unit
    with db.read() as session:
        roster = repo.roster_from_row(repo.get_roster_row(session, unit_id, roster_id))
    with tempfile.TemporaryDirectory() as folder:
        path = Path(folder) / "payroll.csv"
        write_payroll_csv(payroll_lines(unit, roster), path)
        text = path.read_text(encoding="utf-8")
    return Response(
        content=text,
        media_type="text/csv; charset=utf-8",
        headers={"Content-Disposition": f'attachment; filename="lonn-{unit_id}-{roster_id}.csv"'},
    )


def competence_period(unit: Any, start: str | None, end: str | None) -> tuple[dt.date, dt.date]:
    """The planning period of a competence import: the form's dates, else the unit's roster period."""
    from bemanning.planning.rostering.context import period_for_unit

    first, last = _day(start), _day(end)
    if first is None and last is None:
        period = period_for_unit(unit)
        return period.start, period.end
    if first is None or last is None or last < first:
        raise UserError.of("integ_bad_period")
    return first, last


def apply_competence(db: Database, cache: UnitCache, actor: Actor, unit_id: str, version: int, unit: Any) -> int:
    """Store the unit with the imported certifications (unit editors; version-checked and audited)."""
    actor.require(Perm.UNIT_EDIT, unit_id)
    data = {**unit.model_dump(mode="json"), "wishes": []}  # wishes live in their own table
    return services.update_unit(db, cache, actor, unit_id, version, data, action="import_competence")


@router.post("/integrations/competence", dependencies=[Depends(csrf_protect)])
def import_competence(
    unit_id: str,
    file: UploadFile = File(...),
    start: str | None = Form(None),
    end: str | None = Form(None),
    version: int | None = Form(None, ge=1),
    preview: bool = Form(True),
    actor: Actor = Depends(api_actor),
    db: Database = Depends(get_db),
    cache: UnitCache = Depends(get_cache),
) -> dict[str, Any]:
    """Kompetanse fra portalen → status og opplæringsbehov for perioden; forhåndsvis, deretter ta i bruk
    (preview=false og enhetens versjon: sertifiseringene lagres i enheten). / Competence → status and
    training needs for the period (default: the unit's roster period); preview (default), then apply."""
    from bemanning.integrations.competence import apply_certifications, read_certifications

    actor.require(Perm.ROSTER_EDIT, unit_id)
    stored = services.load_unit(db, cache, unit_id)
    unit = stored.unit
    first, last = competence_period(unit, start, end)
    with _uploaded(file, "kompetanse.csv") as path:
        rows = _read(path, lambda p: read_certifications(p, unit))
    result = apply_certifications(unit, rows, first, last)
    body: dict[str, Any] = {
        "certifications": len(rows),
        "start": first.isoformat(),
        "end": last.isoformat(),
        "status": result.status,
        "training": result.training,
        "version": stored.version,
        "applied": False,
    }
    if not preview:
        if version is None:
            raise UserError.of("web_bad_request", problem="version")
        body["version"] = apply_competence(db, cache, actor, unit_id, version, result.unit)
        body["applied"] = True
    return body


@router.get("/rosters/{roster_id}/gat.csv")
def gat_csv(
    unit_id: str,
    roster_id: RosterId,
    actor: Actor = Depends(api_actor),
    db: Database = Depends(get_db),
    cache: UnitCache = Depends(get_cache),
) -> Response:
    """Turnusen med fravær i GAT-form. / The roster with absences in GAT's shape (sick leave: health data)."""
    from bemanning.integrations.gat import write_gat_csv

    actor.require(Perm.ROSTER_EDIT, unit_id)
    actor.require(Perm.ABSENCE_DETAILS, unit_id)
    unit = services.load_unit(db, cache, unit_id).unit
    with db.read() as session:
        roster = repo.roster_from_row(repo.get_roster_row(session, unit_id, roster_id))
    with tempfile.TemporaryDirectory() as folder:
        path = Path(folder) / "gat.csv"
        write_gat_csv(roster, unit, path)
        text = path.read_text(encoding="utf-8")
    return Response(
        content=text,
        media_type="text/csv; charset=utf-8",
        headers={"Content-Disposition": f'attachment; filename="gat-{unit_id}-{roster_id}.csv"'},
    )


@router.post("/rosters/{roster_id}/gat", dependencies=[Depends(csrf_protect)])
def import_gat(
    unit_id: str,
    roster_id: RosterId,
    file: UploadFile = File(...),
    version: int = Form(..., ge=1),
    preview: bool = Form(True),
    actor: Actor = Depends(api_actor),
    db: Database = Depends(get_db),
    cache: UnitCache = Depends(get_cache),
) -> dict[str, Any]:
    """Turnus fra GAT (liste/rutenett, CSV/Excel) inn i turnusen: forhåndsvis, deretter ta i bruk.
    / A GAT roster into the stored roster: preview (default), then apply with preview=false."""
    from bemanning.integrations.gat import read_gat

    actor.require(Perm.ROSTER_EDIT, unit_id)
    actor.require(Perm.ABSENCE_DETAILS, unit_id)
    unit = services.load_unit(db, cache, unit_id).unit
    with db.read() as session:
        stored = repo.roster_from_row(repo.get_roster_row(session, unit_id, roster_id))
    with _uploaded(file, "gat.csv") as path:
        roster = _read(path, lambda p: read_gat(p, unit, start=stored.start_date, end=stored.end_date))
    body: dict[str, Any] = {
        "shifts": len(roster.assignments),
        "absences": len(roster.absences),
        "assignments": [a.model_dump(mode="json") for a in roster.assignments],
        "absence_list": [a.model_dump(mode="json", exclude_none=True) for a in roster.absences],
        "applied": False,
    }
    if not preview:
        body["version"] = services.replace_assignments(
            db, cache, actor, unit_id, roster_id, version, roster.assignments, action="import_gat",
            absences=roster.absences,
        )
        body["applied"] = True
    return body
