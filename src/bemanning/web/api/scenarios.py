"""Scenario comparison: upload the ``comparison.csv`` of ``bemanning scenario compare`` for a unit and
read it back with chart series."""

from __future__ import annotations

from pathlib import Path
from typing import Any

from fastapi import APIRouter, Depends, File, Request, UploadFile

from bemanning.store import repo
from bemanning.web import services
from bemanning.web.problems import Problem
from bemanning.web.scenarios import MAX_BYTES, chart_data, load_comparison, store_comparison
from bemanning.web.security import Actor, Perm, api_actor, csrf_protect

router = APIRouter(tags=["scenarios"])


def data_dir(request: Request) -> Path:
    return Path(request.app.state.settings.data_dir)


def comparison_view(request: Request, unit_id: str) -> dict[str, Any] | None:
    rows = load_comparison(data_dir(request), unit_id)
    return None if rows is None else {"rows": rows, "charts": chart_data(rows)}


def upload(request: Request, actor: Actor, unit_id: str, file: UploadFile) -> dict[str, Any]:
    actor.require(Perm.UNIT_EDIT, unit_id)
    services.load_unit(request.app.state.db, request.app.state.unit_cache, unit_id)  # 404 for no unit
    rows = store_comparison(data_dir(request), unit_id, file.file.read(MAX_BYTES + 1))
    with request.app.state.db.transaction() as session:
        repo.add_audit(session, actor.username, "unit", unit_id, "scenario_comparison", f"scenarios={len(rows)}")
    return {"rows": rows, "charts": chart_data(rows)}


@router.get("/units/{unit_id}/scenarios/comparison")
def get_comparison(unit_id: str, request: Request, actor: Actor = Depends(api_actor)) -> dict[str, Any]:
    """The stored comparison (rows as in comparison.csv) and chart series; 404 when none is stored."""
    actor.require(Perm.UNIT_READ, unit_id)
    view = comparison_view(request, unit_id)
    if view is None:
        raise Problem(404, "web_not_found", entity="comparison", key=unit_id)
    return view


@router.post("/units/{unit_id}/scenarios/comparison", status_code=201, dependencies=[Depends(csrf_protect)])
def post_comparison(
    unit_id: str, request: Request, file: UploadFile = File(...), actor: Actor = Depends(api_actor)
) -> dict[str, Any]:
    """Upload ``comparison.csv`` (from ``bemanning scenario compare`` or the demo's ``scenarioer/``)."""
    return upload(request, actor, unit_id, file)
