"""Rosters of a unit: list, read, replace assignments or one cell (version check), approve,
and CSV import/export in the exchange format of ``bemanning.io.roster_csv``."""

from __future__ import annotations

import csv
import io
import re
import tempfile
from pathlib import Path

from fastapi import APIRouter, Depends, File, Form, Query, Request, UploadFile
from fastapi.responses import Response

from bemanning.io.errors import UserError
from bemanning.io.roster_csv import read_roster_csv, roster_columns, roster_rows
from bemanning.io.unit_file import MAX_FILE_BYTES
from bemanning.model import Roster
from bemanning.store import repo
from bemanning.store.db import Database
from bemanning.store.tables import RosterRow
from bemanning.web import approval, services
from bemanning.web.deps import get_cache, get_db
from bemanning.web.limits import MAX_INT, RosterId
from bemanning.web.problems import Problem
from bemanning.web.schemas import (
    ArchiveUpdate,
    CellUpdate,
    RosterCreate,
    RosterOut,
    RosterSummary,
    RosterUpdate,
    StatusUpdate,
    VersionOut,
)
from bemanning.web.security import Actor, Perm, api_actor, csrf_protect
from bemanning.web.services import UnitCache

router = APIRouter(prefix="/units/{unit_id}/rosters", tags=["rosters"])
READ = (Perm.ROSTER_READ, Perm.ROSTER_READ_OWN)


def summary(row: RosterRow, shifts: int) -> RosterSummary:
    return RosterSummary(
        id=row.id,
        name=row.name,
        status=row.status,  # type: ignore[arg-type]
        archived=row.archived_at is not None,
        version=row.version,
        start_date=row.start_date,
        days=row.days,
        cyclic=bool(row.cyclic),
        shifts=shifts,
        created_by=row.created_by,
        updated_at=row.updated_at,
    )


@router.get("", response_model=list[RosterSummary])
def list_rosters(
    unit_id: str,
    archived: bool = Query(False, description="true: the archived rosters instead of the active ones"),
    actor: Actor = Depends(api_actor),
    db: Database = Depends(get_db),
) -> list[RosterSummary]:
    actor.require_any(READ, unit_id)
    with db.read() as session:
        repo.unit_version(session, unit_id)  # 404 for no unit
        return [
            summary(r, len(services.visible_assignments(r, actor)))
            for r in repo.list_rosters(session, unit_id, archived=archived)
            if services.roster_visible(r, actor)
        ]


@router.post("", response_model=RosterSummary, status_code=201, dependencies=[Depends(csrf_protect)])
def create_roster(
    unit_id: str,
    body: RosterCreate,
    actor: Actor = Depends(api_actor),
    db: Database = Depends(get_db),
    cache: UnitCache = Depends(get_cache),
) -> RosterSummary:
    """Ny tom turnus for enhetens periode. / New empty roster over the unit's period."""
    actor.require(Perm.ROSTER_EDIT, unit_id)
    row = services.create_roster(db, cache, actor, unit_id, body.name, body.start_date, body.days)
    return summary(row, 0)


@router.get("/{roster_id}", response_model=RosterOut)
def get_roster(
    unit_id: str, roster_id: RosterId, actor: Actor = Depends(api_actor), db: Database = Depends(get_db)
) -> RosterOut:
    """Ansatte ser bare egne vakter. / Employees see their own shifts only."""
    actor.require_any(READ, unit_id)
    with db.read() as session:
        row = services.readable_roster(session, actor, unit_id, roster_id)
        visible = services.visible_assignments(row, actor)
        return RosterOut(**summary(row, len(visible)).model_dump(), unit_id=unit_id, assignments=visible)


@router.put("/{roster_id}", response_model=VersionOut, dependencies=[Depends(csrf_protect)])
def put_roster(
    unit_id: str,
    roster_id: RosterId,
    body: RosterUpdate,
    actor: Actor = Depends(api_actor),
    db: Database = Depends(get_db),
    cache: UnitCache = Depends(get_cache),
) -> VersionOut:
    actor.require(Perm.ROSTER_EDIT, unit_id)
    version = services.replace_assignments(
        db, cache, actor, unit_id, roster_id, body.version, body.assignments
    )
    return VersionOut(version=version)


@router.patch("/{roster_id}/cell", response_model=VersionOut, dependencies=[Depends(csrf_protect)])
def patch_cell(
    unit_id: str,
    roster_id: RosterId,
    body: CellUpdate,
    actor: Actor = Depends(api_actor),
    db: Database = Depends(get_db),
    cache: UnitCache = Depends(get_cache),
) -> VersionOut:
    """Endre én celle. / Change one cell (empty shift code: day off)."""
    actor.require(Perm.ROSTER_EDIT, unit_id)
    version, _ = services.set_cell(
        db,
        cache,
        actor,
        unit_id,
        roster_id,
        body.version,
        body.employee_id,
        body.date,
        body.shift_code or None,
    )
    return VersionOut(version=version)


@router.post("/{roster_id}/status", response_model=VersionOut, dependencies=[Depends(csrf_protect)])
def post_status(
    unit_id: str,
    roster_id: RosterId,
    body: StatusUpdate,
    request: Request,
    actor: Actor = Depends(api_actor),
    db: Database = Depends(get_db),
) -> VersionOut:
    """Godkjenn eller gjenåpne (leder, admin). Brudd på harde regler eller plasser under forsvarlig minimum
    krever `override_reason`, ellers 409. / Approve or reopen; hard violations or places below the safe
    minimum need `override_reason`, else 409."""
    actor.require(Perm.ROSTER_APPROVE, unit_id)
    note = ""
    if body.status == "approved":
        with db.read() as session:
            roster = repo.roster_from_row(repo.get_roster_row(session, unit_id, roster_id))
        note = approval.audit_note(approval.blockers(request.app.state, unit_id, roster), body.override_reason)
    return VersionOut(
        version=services.set_status(db, actor, unit_id, roster_id, body.version, body.status, note)
    )


@router.post("/{roster_id}/archive", response_model=VersionOut, dependencies=[Depends(csrf_protect)])
def post_archive(
    unit_id: str,
    roster_id: RosterId,
    body: ArchiveUpdate,
    actor: Actor = Depends(api_actor),
    db: Database = Depends(get_db),
) -> VersionOut:
    """Arkiver eller hent fram igjen. / Archive or restore (approved rosters: leder, admin)."""
    actor.require(Perm.ROSTER_EDIT, unit_id)
    return VersionOut(
        version=services.archive_roster(db, actor, unit_id, roster_id, body.version, body.archived)
    )


@router.delete("/{roster_id}", status_code=204, dependencies=[Depends(csrf_protect)])
def delete_roster(
    unit_id: str,
    roster_id: RosterId,
    version: int = Query(..., ge=1, le=MAX_INT, description="The version you saw; 409 when it changed"),
    actor: Actor = Depends(api_actor),
    db: Database = Depends(get_db),
) -> Response:
    """Slett et utkast. Godkjente turnuser beholdes (409: arkiver i stedet). / Delete a draft; approved
    rosters are kept for the audit (409: archive instead)."""
    actor.require(Perm.ROSTER_EDIT, unit_id)
    services.delete_roster(db, actor, unit_id, roster_id, version)
    return Response(status_code=204)


def csv_text(roster: Roster, db: Database, cache: UnitCache, unit_id: str) -> str:
    unit = services.load_unit(db, cache, unit_id).unit
    buffer = io.StringIO()
    writer = csv.DictWriter(buffer, fieldnames=roster_columns(roster), lineterminator="\n", restval="")
    writer.writeheader()
    writer.writerows(roster_rows(roster, unit))
    return buffer.getvalue()


@router.get(
    "/{roster_id}/csv",
    response_class=Response,
    responses={200: {"content": {"text/csv": {}}, "description": "employee_id,date,shift_code,start,end"}},
)
def export_csv(
    unit_id: str,
    roster_id: RosterId,
    actor: Actor = Depends(api_actor),
    db: Database = Depends(get_db),
    cache: UnitCache = Depends(get_cache),
) -> Response:
    actor.require_any(READ, unit_id)
    with db.read() as session:
        row = services.readable_roster(session, actor, unit_id, roster_id)
        roster = repo.roster_from_row(row).model_copy(
            update={
                "assignments": services.visible_assignments(row, actor),
                "absences": services.visible_absences(row, actor),
            }
        )
        name = re.sub(r"[^A-Za-z0-9_.-]+", "_", f"{unit_id}-{row.name}").strip("_") or "turnus"
    return Response(
        csv_text(roster, db, cache, unit_id),
        media_type="text/csv; charset=utf-8",
        headers={"Content-Disposition": f'attachment; filename="{name}.csv"'},
    )


@router.post("/{roster_id}/csv", response_model=VersionOut, dependencies=[Depends(csrf_protect)])
def import_csv(
    unit_id: str,
    roster_id: RosterId,
    file: UploadFile = File(...),
    version: int = Form(..., ge=1, le=MAX_INT),
    actor: Actor = Depends(api_actor),
    db: Database = Depends(get_db),
    cache: UnitCache = Depends(get_cache),
) -> VersionOut:
    """Erstatt vaktene med en CSV-fil. / Replace the shifts with a CSV file."""
    actor.require(Perm.ROSTER_EDIT, unit_id)
    data = file.file.read(MAX_FILE_BYTES * 10 + 1)
    if len(data) > MAX_FILE_BYTES * 10:
        raise Problem(413, "web_bad_request", problem="file too large")
    unit = services.load_unit(db, cache, unit_id).unit
    with db.read() as session:
        period = repo.roster_from_row(repo.get_roster_row(session, unit_id, roster_id))
    filename = re.sub(r"[^A-Za-z0-9_.-]+", "_", Path(file.filename or "turnus.csv").name) or "turnus.csv"
    with tempfile.TemporaryDirectory() as folder:
        path = Path(folder) / filename
        path.write_bytes(data)
        # Messages name the uploaded file, not the temporary folder.
        try:
            roster = read_roster_csv(
                path, unit, start=period.start_date, days=period.days, cyclic=period.cyclic
            )
        except UserError as exc:
            for message in exc.messages:
                if "path" in message.context:
                    message.context["path"] = filename
            raise
    new_version = services.replace_assignments(
        db, cache, actor, unit_id, roster_id, version, roster.assignments, action="import", absences=roster.absences
    )
    return VersionOut(version=new_version)
