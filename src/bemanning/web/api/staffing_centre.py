"""The staffing centre (bemanningssenter): regions, open places across units, the pool's calendar,
placing a pool employee (rule check across units) and agency decisions after the pre-assessment."""

from __future__ import annotations

from typing import Annotated, Any, Literal

from fastapi import APIRouter, Depends, File, Path, Query, Request, UploadFile
from pydantic import BaseModel, Field

from bemanning.store.db import Database
from bemanning.web import staffing_centre as sc
from bemanning.web.deps import get_db
from bemanning.web.limits import Version, WindowDate
from bemanning.web.security import Actor, Perm, api_actor, csrf_protect

router = APIRouter(prefix="/regions", tags=["staffing centre"])

RegionId = Annotated[str, Path(min_length=1, max_length=64, pattern=r"^[A-Za-z0-9_.-]+$")]
Code = Annotated[str, Field(min_length=1, max_length=64)]


def _cache(request: Request) -> sc.RegionCache:
    return sc.region_cache(request.app.state)


def _filters(
    start: Annotated[WindowDate | None, Query(alias="from")] = None,
    end: Annotated[WindowDate | None, Query(alias="to")] = None,
    group: Annotated[str | None, Query(max_length=64)] = None,
    competence: Annotated[str | None, Query(max_length=64)] = None,
    unit: Annotated[str | None, Query(max_length=64)] = None,
) -> sc.Filters:
    return sc.Filters(start, end, group or None, competence or None, unit or None)


class PlacementIn(BaseModel):
    version: Version
    employee_id: Code
    unit_id: Code
    date: WindowDate
    shift_code: Code
    group: Code


class DecisionIn(BaseModel):
    unit_id: Code
    date: WindowDate
    shift_code: Code
    group: Code
    decision: Literal["approved", "rejected"]
    reason: str = Field(default="", max_length=4000, description="Skriftlig begrunnelse (10–500 tegn)")


def _summary(state: sc.RegionState) -> dict[str, Any]:
    base = state.base
    pool = state.pool
    period = base.problem.ctx.period
    return {
        "id": state.id, "name": state.name, "version": state.version,
        "period": {"start": period.start.isoformat(), "end": period.end.isoformat()},
        "units": [{"id": r.id, "name": base.units[r.id].name, "kind": r.kind,
                   "required_competences": list(r.required_competences)} for r in base.region.unit_refs()],
        "groups": sorted({p.group for p in base.places}),
        "competences": sorted({c for r in base.region.unit_refs() for c in r.required_competences}),
        "open_places": sum(p.count for p in base.places),
        "pool_placed": len(pool.placements),
        "agency_places": sum(pool.agency.values()),
        "agency_hours": round(pool.agency_minutes / 60, 2),
        "rule_violations": pool.violations,
    }


@router.get("")
def list_regions(actor: Actor = Depends(api_actor), db: Database = Depends(get_db)) -> list[dict[str, Any]]:
    actor.require(Perm.REGION_READ)
    return sc.list_regions(db)


@router.post("/import", status_code=201, dependencies=[Depends(csrf_protect)])
def import_region(
    request: Request,
    file: UploadFile = File(..., description="Zip: region.yaml, enhetsfilene og resultatmappen fra "
                                             "`bemanning region solve` / region folder and solve output"),
    actor: Actor = Depends(api_actor),
    db: Database = Depends(get_db),
) -> dict[str, Any]:
    """Importer en løst region. / Import a solved region."""
    actor.require(Perm.REGION_IMPORT)
    imported = sc.region_from_zip(file.filename, file.file.read(sc.MAX_ZIP_BYTES + 1))
    sc.store_region(db, actor.username, imported)
    return _summary(sc.load_state(db, _cache(request), imported.region.id))


@router.get("/{region_id}")
def get_region(
    region_id: RegionId, request: Request, actor: Actor = Depends(api_actor), db: Database = Depends(get_db)
) -> dict[str, Any]:
    actor.require(Perm.REGION_READ)
    return _summary(sc.load_state(db, _cache(request), region_id))


@router.get("/{region_id}/open-places")
def open_places(
    region_id: RegionId,
    request: Request,
    filters: sc.Filters = Depends(_filters),
    actor: Actor = Depends(api_actor),
    db: Database = Depends(get_db),
) -> dict[str, Any]:
    """Åpne vakter på tvers av enheter (filter: from, to, group, competence, unit)."""
    actor.require(Perm.REGION_READ)
    state = sc.load_state(db, _cache(request), region_id)
    return {"version": state.version, "places": sc.open_place_rows(state, filters)}


@router.get("/{region_id}/pool-calendar")
def pool_calendar(
    region_id: RegionId,
    request: Request,
    filters: sc.Filters = Depends(_filters),
    actor: Actor = Depends(api_actor),
    db: Database = Depends(get_db),
) -> dict[str, Any]:
    actor.require(Perm.REGION_READ)
    state = sc.load_state(db, _cache(request), region_id)
    return {"version": state.version, **sc.pool_calendar(state, filters)}


@router.post("/{region_id}/placements", dependencies=[Depends(csrf_protect)])
def place(
    region_id: RegionId,
    body: PlacementIn,
    request: Request,
    actor: Actor = Depends(api_actor),
    db: Database = Depends(get_db),
) -> dict[str, Any]:
    """Plasser en ansatt fra bemanningssenteret; 409 med regel og hjemmel når vaktene på tvers av enhetene
    ville brutt en regel. / Place a pool employee; 409 naming the rule when it would break one."""
    actor.require(Perm.POOL_PLACE)
    state = sc.place(db, _cache(request), actor.username, region_id, body.version, body.employee_id, body.unit_id,
                     body.date, body.shift_code, body.group)
    return _summary(state)


@router.delete("/{region_id}/placements", dependencies=[Depends(csrf_protect)])
def unplace(
    region_id: RegionId,
    request: Request,
    version: Annotated[Version, Query()],
    employee_id: Annotated[str, Query(min_length=1, max_length=64)],
    date: Annotated[WindowDate, Query()],
    actor: Actor = Depends(api_actor),
    db: Database = Depends(get_db),
) -> dict[str, Any]:
    """Ta en ansatt fra bemanningssenteret av vakten sin den dagen. / Remove a pool employee's shift."""
    actor.require(Perm.POOL_PLACE)
    return _summary(sc.unplace(db, _cache(request), actor.username, region_id, version, employee_id, date))


@router.get("/{region_id}/preassessment")
def preassessment(
    region_id: RegionId,
    request: Request,
    filters: sc.Filters = Depends(_filters),
    actor: Actor = Depends(api_actor),
    db: Database = Depends(get_db),
) -> dict[str, Any]:
    """Forhåndsvurdering før innleie for hver plass som fortsatt går til innleie, med beslutningen."""
    actor.require(Perm.REGION_READ)
    state = sc.load_state(db, _cache(request), region_id)
    # A manager sees the places of the units they answer for; the staffing centre and admins see all.
    rows, _total = sc.preassessment_rows(state, _cache(request), filters, db, units=actor.agency_units())
    return {"version": state.version, "places": rows}


@router.post("/{region_id}/agency-decisions", status_code=201, dependencies=[Depends(csrf_protect)])
def agency_decision(
    region_id: RegionId,
    body: DecisionIn,
    request: Request,
    actor: Actor = Depends(api_actor),
    db: Database = Depends(get_db),
) -> dict[str, Any]:
    """Godkjenn eller avslå innleie med skriftlig begrunnelse (revisjonslogg); 403 for en enhet brukeren ikke
    er ansvarlig for. / Approve or reject agency; 403 for a unit the user is not responsible for."""
    actor.require(Perm.AGENCY_APPROVE)
    sc.require_agency_unit(db, actor.username, actor.agency_units(), region_id, body.unit_id, body.date,
                           body.shift_code, body.group)
    return sc.decide(db, _cache(request), actor.username, region_id, body.unit_id, body.date, body.shift_code,
                     body.group, body.decision, body.reason)

