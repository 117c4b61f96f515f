"""Create a unit by uploading a unit file (YAML or Excel). Administrators only."""

from __future__ import annotations

from fastapi import APIRouter, Depends, File, UploadFile

from bemanning.io.unit_file import MAX_FILE_BYTES
from bemanning.store.db import Database
from bemanning.web.deps import get_db
from bemanning.web.schemas import UnitSummary
from bemanning.web.security import Actor, Perm, api_actor, csrf_protect
from bemanning.web.unit_import import store_new_unit, unit_from_upload

router = APIRouter(prefix="/units", tags=["units"])


@router.post("/import", response_model=UnitSummary, status_code=201, dependencies=[Depends(csrf_protect)])
def import_unit(
    file: UploadFile = File(..., description="Enhetsfil (.yaml/.yml/.xlsx) / unit file"),
    actor: Actor = Depends(api_actor),
    db: Database = Depends(get_db),
) -> UnitSummary:
    """Ny enhet fra en enhetsfil, sjekket som `bemanning valider`. / A new unit from a unit file."""
    actor.require(Perm.USER_ADMIN)
    unit = unit_from_upload(file.filename, file.file.read(MAX_FILE_BYTES + 1))
    store_new_unit(db, actor.username, unit)
    return UnitSummary(id=unit.id, name=unit.name, version=1, organisation=unit.organisation.model_dump(mode="json"))
