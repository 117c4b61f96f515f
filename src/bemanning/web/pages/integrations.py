"""The integrations page: upload a file, see a preview of what it gives, then apply it (issue 29).

Every import is checked in full first; the page shows either the problems (naming the row or FHIR
resource) or a preview. Planned activity, time records and competence are previews (the CLI writes
their files); a GAT roster is applied to a stored roster with a second button, which sends the
same file again under the roster's version check."""

from __future__ import annotations

import base64
import binascii
from collections.abc import Callable
from pathlib import Path
from typing import Any

from fastapi import APIRouter, Depends, File, Form, Request, UploadFile
from fastapi.responses import HTMLResponse, RedirectResponse, Response

from bemanning.integrations import messages as _messages  # noqa: F401  (registers the messages)
from bemanning.io.errors import UserError
from bemanning.store import repo
from bemanning.store.db import Database
from bemanning.web import services
from bemanning.web.api.integrations import _day, _uploaded
from bemanning.web.deps import get_cache, get_db
from bemanning.web.i18n_web import request_lang
from bemanning.web.pages import NavItem, register_nav
from bemanning.web.security import Actor, Perm, csrf_protect, page_actor
from bemanning.web.services import UnitCache
from bemanning.web.templating import render

router = APIRouter(include_in_schema=False)
register_nav(NavItem("nav_integrations", "/units/{unit_id}/integrasjoner", "unit", 75, perms=(Perm.ROSTER_EDIT,)))
KINDS = ("aktivitet", "gat", "timer", "kompetanse")
PREVIEW_ROWS = 60


def _page(request: Request, actor: Actor, db: Database, cache: UnitCache, unit_id: str, status_code: int = 200,
          **values: Any) -> HTMLResponse:
    unit = services.load_unit(db, cache, unit_id).unit
    with db.read() as session:
        rosters = [(r.id, r.name, r.version) for r in repo.list_rosters(session, unit_id)]
    return render(request, "integrations.html", status_code=status_code, actor=actor, unit_id=unit_id, unit=unit,
                  rosters=rosters, can_gat=actor.allowed(Perm.ABSENCE_DETAILS, unit_id),
                  can_time=actor.allowed(Perm.FOLLOWUP_READ, unit_id),
                  can_unit_edit=actor.allowed(Perm.UNIT_EDIT, unit_id), **values)


@router.get("/units/{unit_id}/integrasjoner", response_class=HTMLResponse)
def integrations_page(
    unit_id: str,
    request: Request,
    actor: Actor = Depends(page_actor),
    db: Database = Depends(get_db),
    cache: UnitCache = Depends(get_cache),
) -> Response:
    actor.require(Perm.ROSTER_EDIT, unit_id)
    return _page(request, actor, db, cache, unit_id)


@router.post("/units/{unit_id}/integrasjoner/{kind}", response_class=HTMLResponse,
             dependencies=[Depends(csrf_protect)])
def preview(
    unit_id: str,
    kind: str,
    request: Request,
    file: UploadFile = File(...),
    start: str = Form(""),
    end: str = Form(""),
    roster_id: int = Form(0, ge=0, le=2**31 - 1),
    actor: Actor = Depends(page_actor),
    db: Database = Depends(get_db),
    cache: UnitCache = Depends(get_cache),
) -> Response:
    actor.require(Perm.ROSTER_EDIT, unit_id)
    if kind not in KINDS:
        raise UserError.of("integ_unknown_unit_format", value=kind, known=", ".join(KINDS))
    unit = services.load_unit(db, cache, unit_id).unit
    lang = request_lang(request)
    with _uploaded(file, f"{kind}.csv") as path:
        data = path.read_bytes()
        try:
            result = _preview(kind, path, unit, actor, db, unit_id, start, end, roster_id)
        except UserError as exc:
            for message in exc.messages:
                if "path" in message.context:
                    message.context["path"] = path.name
            return _page(request, actor, db, cache, unit_id, status_code=422, kind=kind,
                         problems=[m.text(lang) for m in exc.messages])
        filename = path.name
    if kind in ("gat", "kompetanse"):  # the apply button sends the same file again
        result["file_b64"] = base64.b64encode(data).decode("ascii")
        result["filename"] = filename
    return _page(request, actor, db, cache, unit_id, kind=kind, preview=result)


def _preview(kind: str, path: Path, unit: Any, actor: Actor, db: Database, unit_id: str, start: str, end: str,
             roster_id: int) -> dict[str, Any]:
    first, last = _day(start), _day(end)
    if kind == "aktivitet":
        from bemanning.integrations.activity import read_activity
        from bemanning.integrations.requirement import requirement_by_date

        if (first is None) != (last is None) or (first and last and last < first):
            raise UserError.of("integ_bad_period")
        activity = read_activity(path, unit)
        rows = requirement_by_date(unit, activity, start=first, end=last)
        return {"summary": {"resources": activity.resources, "other_units": activity.other_units,
                            "dates": len({r.date for r in rows})},
                "columns": ["date", "shift", "group", "minimum", "required"],
                "rows": [[r.date.isoformat(), r.shift, r.group, r.minimum, r.required] for r in rows],
                "total": len(rows)}
    if kind == "timer":
        from bemanning.integrations.time_records import read_time_records

        actor.require(Perm.FOLLOWUP_READ, unit_id)
        records = read_time_records(path, unit)
        sums: dict[tuple[str, str], float] = {}
        for row in records.rows:
            key = (str(row["dato"])[:7], str(row["timetype"]))
            sums[key] = sums.get(key, 0.0) + float(str(row["timer"]))
        rows_out = [[m, k, round(h, 2)] for (m, k), h in sorted(sums.items())]
        return {"summary": {"rows": len(records.rows), "skipped": records.skipped},
                "columns": ["maned", "timetype", "timer"], "rows": rows_out, "total": len(rows_out)}
    if kind == "kompetanse":
        from bemanning.integrations.competence import (
            STATUS_COLUMNS,
            TRAINING_COLUMNS,
            apply_certifications,
            read_certifications,
        )
        from bemanning.web.api.integrations import competence_period

        period = competence_period(unit, start, end)
        certs = read_certifications(path, unit)
        result = apply_certifications(unit, certs, *period)
        with db.read() as session:
            version = repo.get_unit_row(session, unit_id).version
        status = [[s[c] for c in STATUS_COLUMNS] for s in result.status]
        return {"summary": {"certifications": len(certs), "from": period[0].isoformat(),
                            "to": period[1].isoformat(), "training": len(result.needs)},
                "columns": STATUS_COLUMNS, "rows": status, "total": len(status),
                "training_columns": TRAINING_COLUMNS,
                "training_rows": [[r[c] for c in TRAINING_COLUMNS] for r in result.training],
                "version": version}
    from bemanning.integrations.gat import read_gat

    actor.require(Perm.ABSENCE_DETAILS, unit_id)
    with db.read() as session:
        stored = repo.roster_from_row(repo.get_roster_row(session, unit_id, roster_id))
    roster = read_gat(path, unit, start=stored.start_date, end=stored.end_date)
    cells = [[a.employee_id, a.date.isoformat(), a.shift_code] for a in roster.assignments]
    cells += [[a.employee, f"{a.start.isoformat()}–{a.end.isoformat()}", a.kind.code] for a in roster.absences]
    with db.read() as session:
        version = repo.get_roster_row(session, unit_id, roster_id).version
    return {"summary": {"shifts": len(roster.assignments), "absences": len(roster.absences)},
            "columns": ["ansattnr", "dato", "kode"], "rows": cells, "total": len(cells),
            "roster_id": roster_id, "version": version}


class _Upload:
    """A file sent back by an apply button (base64), shaped like an UploadFile for ``_uploaded``."""

    def __init__(self, name: str, file_b64: str):
        import io

        try:
            content = base64.b64decode(file_b64, validate=True)
        except (binascii.Error, ValueError):
            raise UserError.of("integ_bad_upload") from None
        self.filename, self.file = name, io.BytesIO(content)


@router.post("/units/{unit_id}/integrasjoner/kompetanse/bruk", dependencies=[Depends(csrf_protect)])
def apply_competence_page(
    unit_id: str,
    request: Request,
    version: int = Form(..., ge=1, le=2**31 - 1),
    filename: str = Form("kompetanse.csv", max_length=200),
    file_b64: str = Form(..., max_length=200_000_000),
    actor: Actor = Depends(page_actor),
    db: Database = Depends(get_db),
    cache: UnitCache = Depends(get_cache),
) -> Response:
    """Store the previewed certifications in the unit (the same file again, under the unit's version)."""
    from bemanning.integrations.competence import read_certifications, with_certifications
    from bemanning.web.api.integrations import _read, apply_competence

    actor.require(Perm.UNIT_EDIT, unit_id)
    unit = services.load_unit(db, cache, unit_id).unit
    with _uploaded(_Upload(filename, file_b64), "kompetanse.csv") as path:  # type: ignore[arg-type]
        rows = _read(path, lambda p: read_certifications(p, unit))
    apply_competence(db, cache, actor, unit_id, version, with_certifications(unit, rows))
    return RedirectResponse(f"/units/{unit_id}/integrasjoner", status_code=303)


@router.post("/units/{unit_id}/integrasjoner/gat/bruk", dependencies=[Depends(csrf_protect)])
def apply_gat(
    unit_id: str,
    request: Request,
    roster_id: int = Form(..., ge=1, le=2**31 - 1),
    version: int = Form(..., ge=1, le=2**31 - 1),
    filename: str = Form("gat.csv", max_length=200),
    file_b64: str = Form(..., max_length=200_000_000),
    actor: Actor = Depends(page_actor),
    db: Database = Depends(get_db),
    cache: UnitCache = Depends(get_cache),
) -> Response:
    from bemanning.integrations.gat import read_gat
    from bemanning.web.api.integrations import _read

    actor.require(Perm.ROSTER_EDIT, unit_id)
    actor.require(Perm.ABSENCE_DETAILS, unit_id)
    unit = services.load_unit(db, cache, unit_id).unit
    try:
        data = base64.b64decode(file_b64, validate=True)
    except (binascii.Error, ValueError):
        raise UserError.of("integ_bad_upload") from None
    with db.read() as session:
        stored = repo.roster_from_row(repo.get_roster_row(session, unit_id, roster_id))

    class _Upload:  # the decoded file, shaped like an UploadFile for ``_uploaded``
        def __init__(self, name: str, content: bytes):
            import io

            self.filename, self.file = name, io.BytesIO(content)

    read: Callable[[Path], Any] = lambda p: read_gat(p, unit, start=stored.start_date, end=stored.end_date)  # noqa: E731
    with _uploaded(_Upload(filename, data), "gat.csv") as path:  # type: ignore[arg-type]
        roster = _read(path, read)
    services.replace_assignments(db, cache, actor, unit_id, roster_id, version, roster.assignments,
                                 action="import_gat", absences=roster.absences)
    return RedirectResponse(f"/units/{unit_id}/rosters/{roster_id}", status_code=303)

