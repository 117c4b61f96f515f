"""HTML pages. Each page is a module here with an APIRouter ``router``; it adds itself to the
navigation with ``register_nav``. A later capability plugs in by adding its module name to
``PAGE_MODULES`` (one line) - e.g. ``bemanning.web.pages.requirement`` for staffing/FTE."""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any, Literal

from bemanning.web.security import Actor, Perm

PAGE_MODULES: list[str] = [
    "bemanning.web.pages.auth",
    "bemanning.web.pages.units",
    "bemanning.web.pages.tasks",
    "bemanning.web.pages.roster",
    "bemanning.web.pages.solve",
    "bemanning.web.pages.requirement",
    "bemanning.web.pages.sickcalls",
    "bemanning.web.pages.followup",
    "bemanning.web.pages.scenarios",
    "bemanning.web.pages.me",
    "bemanning.web.pages.admin",
    "bemanning.web.pages.account",
    "bemanning.web.pages.integrations",
    "bemanning.web.pages.staffing_centre",
]


@dataclass(frozen=True)
class NavItem:
    """A navigation entry. ``path`` may hold ``{unit_id}`` for unit pages (``scope='unit'``).
    ``enabled=False`` shows the entry greyed out with a 'coming later' note."""

    key: str  # message key of the label
    path: str
    scope: Literal["global", "unit"]
    order: int
    perms: tuple[Perm, ...] = ()  # any of these is enough; empty: every logged-in user
    enabled: bool = True


_NAV: dict[str, NavItem] = {}


def register_nav(item: NavItem) -> None:
    _NAV[item.key] = item


def navigation(actor: Actor | None, unit_id: str | None) -> list[dict[str, Any]]:
    if actor is None:
        return []
    out = []
    for item in sorted(_NAV.values(), key=lambda i: (i.scope != "global", i.order)):
        if item.scope == "unit" and unit_id is None:
            continue
        scope_unit = unit_id if item.scope == "unit" else None
        if item.perms and not any(actor.allowed(p, scope_unit) for p in item.perms):
            continue
        out.append(
            {
                "key": item.key,
                "href": item.path.format(unit_id=unit_id),
                "enabled": item.enabled,
                "scope": item.scope,
            }
        )
    return out
