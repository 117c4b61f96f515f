"""Units: the whole unit document (with version check) and its parts."""

from __future__ import annotations

from typing import Any

from fastapi import APIRouter, Depends, Response
from pydantic import ValidationError

from bemanning.io.unit_file import validation_messages
from bemanning.model import Wish
from bemanning.store import repo
from bemanning.store.db import Database
from bemanning.web import services
from bemanning.web.deps import get_cache, get_db
from bemanning.web.limits import WishId
from bemanning.web.problems import Problem
from bemanning.web.schemas import (
    RuleOut,
    UnitDocument,
    UnitSummary,
    UnitUpdate,
    VersionOut,
    WishesOut,
    WishIn,
    WishOut,
    WishStored,
)
from bemanning.web.security import Actor, Perm, api_actor, csrf_protect
from bemanning.web.services import UnitCache

router = APIRouter(prefix="/units", tags=["units"])


@router.get("", response_model=list[UnitSummary])
def list_units(actor: Actor = Depends(api_actor), db: Database = Depends(get_db)) -> list[UnitSummary]:
    with db.read() as session:
        rows = repo.list_units(session, None if actor.is_admin else set(actor.unit_ids))
        return [
            UnitSummary(id=r.id, name=r.name, version=r.version, organisation=r.document.get("organisation") or {})
            for r in rows
        ]


def readable_unit(
    unit_id: str,
    actor: Actor = Depends(api_actor),
    db: Database = Depends(get_db),
    cache: UnitCache = Depends(get_cache),
) -> services.StoredUnit:
    """The stored unit of the path, for an actor who may read it (a dependency of the read endpoints)."""
    actor.require(Perm.UNIT_READ, unit_id)
    return services.load_unit(db, cache, unit_id)


@router.get("/{unit_id}", response_model=UnitDocument)
def get_unit(stored: services.StoredUnit = Depends(readable_unit), actor: Actor = Depends(api_actor)) -> UnitDocument:
    return UnitDocument(version=stored.version, unit=services.redacted_document(stored.unit, actor))


@router.put("/{unit_id}", response_model=VersionOut, dependencies=[Depends(csrf_protect)])
def put_unit(
    unit_id: str,
    body: UnitUpdate,
    actor: Actor = Depends(api_actor),
    db: Database = Depends(get_db),
    cache: UnitCache = Depends(get_cache),
) -> VersionOut:
    """Erstatt hele enhetsdokumentet. / Replace the whole unit document (409 on a stale version)."""
    actor.require(Perm.UNIT_EDIT, unit_id)
    return VersionOut(version=services.update_unit(db, cache, actor, unit_id, body.version, body.unit))


@router.get("/{unit_id}/groups")
def get_groups(stored: services.StoredUnit = Depends(readable_unit)) -> list[dict[str, Any]]:
    unit = stored.unit
    return [g.model_dump(mode="json") for g in unit.groups_by_rank()]


@router.get("/{unit_id}/staff")
def get_staff(stored: services.StoredUnit = Depends(readable_unit)) -> list[dict[str, Any]]:
    unit = stored.unit
    return [e.model_dump(mode="json") for e in unit.employees]


@router.get("/{unit_id}/shift-types")
def get_shift_types(stored: services.StoredUnit = Depends(readable_unit)) -> list[dict[str, Any]]:
    unit = stored.unit
    return [{**s.model_dump(mode="json"), "working_hours": s.working_hours} for s in unit.shift_types]


@router.get("/{unit_id}/tasks")
def get_tasks(stored: services.StoredUnit = Depends(readable_unit)) -> list[dict[str, Any]]:
    unit = stored.unit
    return [t.model_dump(mode="json") for t in unit.tasks]


@router.get("/{unit_id}/rules", response_model=list[RuleOut])
def get_rules(stored: services.StoredUnit = Depends(readable_unit)) -> list[RuleOut]:
    """Regelinnstillinger med lovhenvisning. / Rule settings with their legal references."""
    unit = stored.unit
    return [RuleOut(name=name, **s.model_dump()) for name, s in unit.rules.settings.items()]


def _wish_out(row: Any) -> WishOut:
    return WishOut(id=row.id, **repo.wish_from_row(row).model_dump())


@router.get("/{unit_id}/wishes", response_model=WishesOut)
def get_wishes(
    unit_id: str,
    actor: Actor = Depends(api_actor),
    db: Database = Depends(get_db),
) -> WishesOut:
    """Ønsker (ansatte: bare egne). / Wishes (employees: their own only)."""
    perm = actor.require_any((Perm.WISH_ALL, Perm.WISH_OWN), unit_id)
    own = actor.employee_id if perm is Perm.WISH_OWN else None
    if perm is Perm.WISH_OWN and own is None:
        raise Problem(403, "web_no_employee")
    with db.read() as session:
        version = repo.unit_version(session, unit_id)
        rows = repo.list_wish_rows(session, unit_id, own)
        return WishesOut(version=version, wishes=[_wish_out(r) for r in rows])


@router.post("/{unit_id}/wishes", response_model=WishStored, status_code=201, dependencies=[Depends(csrf_protect)])
def post_wish(
    unit_id: str,
    body: WishIn,
    response: Response,
    actor: Actor = Depends(api_actor),
    db: Database = Depends(get_db),
    cache: UnitCache = Depends(get_cache),
) -> WishStored:
    """Legg inn et ønske (ansatte: bare egne). Samme ønske to ganger lagres én gang (200). / Add a wish
    (employees: their own only); the same wish again is stored once (200)."""
    perm = actor.require_any((Perm.WISH_ALL, Perm.WISH_OWN), unit_id)
    employee = body.employee or actor.employee_id
    if perm is Perm.WISH_OWN and employee != actor.employee_id:
        raise Problem(403, "web_own_wishes_only")
    if employee is None:
        raise Problem(422, "web_no_employee")
    try:
        wish = Wish(
            employee=employee,
            day=body.day,
            date=body.date,
            shift=body.shift,
            want=body.want,
            weight=body.weight,
        )
    except ValidationError as exc:
        raise validation_messages(exc, "wish") from None
    wish_id, created = services.add_wish(db, cache, actor, unit_id, wish)
    if not created:
        response.status_code = 200
    with db.read() as session:
        version = repo.unit_version(session, unit_id)
    return WishStored(id=wish_id, created=created, version=version)


@router.delete("/{unit_id}/wishes/{wish_id}", status_code=204, dependencies=[Depends(csrf_protect)])
def delete_wish(
    unit_id: str, wish_id: WishId, actor: Actor = Depends(api_actor), db: Database = Depends(get_db)
) -> Response:
    """Fjern et ønske (ansatte: bare egne). / Remove a wish (employees: their own only)."""
    perm = actor.require_any((Perm.WISH_ALL, Perm.WISH_OWN), unit_id)
    own = actor.employee_id if perm is Perm.WISH_OWN else None
    if perm is Perm.WISH_OWN and own is None:
        raise Problem(403, "web_no_employee")
    services.delete_wish(db, actor, unit_id, wish_id, own)
    return Response(status_code=204)
