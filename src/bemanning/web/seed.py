"""First start: store the demo unit, an empty draft roster and a demo administrator."""

from __future__ import annotations

import secrets

from bemanning.demo import build_demo_unit
from bemanning.model import Roster
from bemanning.store import repo
from bemanning.store.db import Database

from .security import hash_password
from .services import default_period

DEMO_ADMIN = "admin"
DEMO_ROSTER_NAME = "Grunnturnus (utkast)"


def seed_if_empty(db: Database) -> str | None:
    """Seed an empty database; returns the admin's one-time password, or None when already seeded."""
    with db.transaction() as session:
        if repo.list_users(session) or repo.list_units(session):
            return None
        unit = build_demo_unit()
        repo.create_unit(session, unit)
        start, days, cyclic = default_period(unit)
        # An empty draft: the roster engine fills it later; planners can edit or import a CSV now.
        repo.create_roster(
            session,
            DEMO_ROSTER_NAME,
            Roster(unit_id=unit.id, start_date=start, days=days, cyclic=cyclic),
            "system",
        )
        password = secrets.token_urlsafe(12)
        repo.create_user(session, DEMO_ADMIN, hash_password(password), "admin")
        repo.add_audit(
            session, "system", "unit", unit.id, "seed", "demo unit, empty draft roster, admin user"
        )
    return password
