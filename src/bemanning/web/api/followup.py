"""Follow-up KPIs for the dashboards: agency hire vs budget, gross FTE-months, overtime share and
sick-leave trends per trust/clinic/unit and month, and units with sick leave above expected."""

from __future__ import annotations

from typing import Any

from fastapi import APIRouter, Depends, Query, Request

from bemanning.store import repo
from bemanning.web.followup import Filters, dashboard, followup_store
from bemanning.web.security import Actor, Perm, api_actor, csrf_protect

router = APIRouter(tags=["followup"])


def filters(
    trust: str | None = Query(None, max_length=200),
    clinic: str | None = Query(None, max_length=200),
    unit: str | None = Query(None, max_length=100),
    start: str | None = Query(None, alias="from", max_length=7),
    end: str | None = Query(None, alias="to", max_length=7),
) -> Filters:
    return Filters.of(trust=trust, clinic=clinic, unit=unit, start=start, end=end)


@router.get("/followup/dashboard")
def get_dashboard(
    request: Request, chosen: Filters = Depends(filters), actor: Actor = Depends(api_actor)
) -> dict[str, Any]:
    """Query: ``trust``, ``clinic``, ``unit``, ``from``/``to`` (ÅÅÅÅ-MM). Series are the children of
    the selection (trusts → clinics → units)."""
    actor.require(Perm.FOLLOWUP_READ)
    return dashboard(followup_store(request.app.state), chosen)


@router.post("/followup/seed", dependencies=[Depends(csrf_protect)])
def post_seed(request: Request, actor: Actor = Depends(api_actor)) -> dict[str, Any]:
    """Regenerate the demo follow-up data (admin)."""
    actor.require(Perm.FOLLOWUP_SEED)
    followup_store(request.app.state).seed()
    with request.app.state.db.transaction() as session:
        repo.add_audit(session, actor.username, "followup", "demo", "seed", "generated region")
    return {"seeded": True}
