"""The task list as the seed-004 mapping form: tasks by category, groups as columns in competence order."""

from __future__ import annotations

from typing import Any

from fastapi import APIRouter, Depends, Request
from fastapi.responses import HTMLResponse, Response

from bemanning.model import TaskCategory, Unit
from bemanning.store.db import Database
from bemanning.web import services
from bemanning.web.deps import get_cache, get_db
from bemanning.web.i18n_web import request_lang
from bemanning.web.pages import NavItem, register_nav
from bemanning.web.security import Actor, Perm, page_actor
from bemanning.web.services import UnitCache
from bemanning.web.templating import page_cache, render, render_fragment

router = APIRouter(include_in_schema=False)
register_nav(NavItem("nav_tasks", "/units/{unit_id}/tasks", "unit", 20, perms=(Perm.UNIT_READ,)))


@router.get("/units/{unit_id}/tasks", response_class=HTMLResponse)
def task_form(
    unit_id: str,
    request: Request,
    actor: Actor = Depends(page_actor),
    db: Database = Depends(get_db),
    cache: UnitCache = Depends(get_cache),
) -> Response:
    actor.require(Perm.UNIT_READ, unit_id)
    stored = services.load_unit(db, cache, unit_id)
    unit = stored.unit
    # The form depends only on the unit version and the language: rendered once, then reused.
    key = ("tasks", unit_id, stored.version, request_lang(request))
    body = page_cache(request.app.state).get(key)
    if body is None:
        body = render_fragment(request, "_tasks_body.html", **_task_form_values(unit), unit_id=unit_id)
        page_cache(request.app.state).put(key, body)
    return render(request, "tasks.html", actor=actor, unit_id=unit_id, unit=unit, body=body)


def _task_form_values(unit: Unit) -> dict[str, Any]:
    groups = unit.groups_by_rank()
    sections = []
    for category in TaskCategory:
        rows = []
        for task in (t for t in unit.tasks if t.category is category):
            marks = {}
            for group in groups:
                if group.id in task.excluded_groups:
                    marks[group.id] = "–"
                elif group.id in task.eligible_groups:
                    marks[group.id] = "X"
                elif group.id in task.training:
                    marks[group.id] = "O"
                else:
                    marks[group.id] = ""
            rows.append({"task": task, "marks": marks})
        if rows:
            sections.append({"category": category, "rows": rows})
    return {"unit": unit, "groups": groups, "sections": sections}
