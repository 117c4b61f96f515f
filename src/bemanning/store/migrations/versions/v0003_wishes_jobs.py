"""Wishes in their own table (moved out of the unit documents), background jobs, roster archive.

Revision ID: 0003
Revises: 0001
Create Date: 2026-12-07
"""

from __future__ import annotations

import datetime as dt
from typing import Any

import sqlalchemy as sa
from alembic import op

revision = "0003"
down_revision = "0002"
branch_labels = None
depends_on = None

TS = sa.DateTime(timezone=True)


def _wish_key(wish: dict[str, Any]) -> str:
    # The same as bemanning.store.repo.wish_key (kept here so the migration never changes).
    place = f"d{wish['date']}" if wish.get("date") else f"n{wish.get('day')}"
    return f"{wish['employee']}|{place}|{wish.get('shift') or ''}|{int(bool(wish.get('want', True)))}"


def upgrade() -> None:
    op.add_column("rosters", sa.Column("archived_at", TS, nullable=True))
    wishes = op.create_table(
        "wishes",
        sa.Column("id", sa.Integer, primary_key=True, autoincrement=True),
        sa.Column("unit_id", sa.String(64), sa.ForeignKey("units.id", ondelete="CASCADE"), nullable=False),
        sa.Column("employee_id", sa.String(64), nullable=False),
        sa.Column("key", sa.String(200), nullable=False),
        sa.Column("day", sa.Integer, nullable=True),
        sa.Column("date", sa.String(10), nullable=True),
        sa.Column("shift", sa.String(64), nullable=True),
        sa.Column("want", sa.Boolean, nullable=False),
        sa.Column("weight", sa.Integer, nullable=False),
        sa.Column("created_by", sa.String(64), nullable=False),
        sa.Column("created_at", TS, nullable=False),
        sa.UniqueConstraint("unit_id", "key", name="uq_wishes_unit_key"),
    )
    op.create_index("ix_wishes_unit_id", "wishes", ["unit_id"])
    op.create_table(
        "jobs",
        sa.Column("id", sa.String(32), primary_key=True),
        sa.Column("kind", sa.String(32), nullable=False),
        sa.Column("unit_id", sa.String(64), nullable=False),
        sa.Column("username", sa.String(64), nullable=False),
        sa.Column("status", sa.String(16), nullable=False),
        sa.Column("progress", sa.JSON, nullable=False),
        sa.Column("result", sa.JSON, nullable=True),
        sa.Column("error", sa.String(200), nullable=True),
        sa.Column("created_at", TS, nullable=False),
        sa.Column("started_at", TS, nullable=True),
        sa.Column("finished_at", TS, nullable=True),
    )
    op.create_index("ix_jobs_unit_id", "jobs", ["unit_id"])
    op.create_index("ix_jobs_status", "jobs", ["status"])

    # Move the wishes out of each unit document (one row per distinct wish).
    units = sa.table("units", sa.column("id", sa.String), sa.column("document", sa.JSON))
    connection = op.get_bind()
    now = dt.datetime.now(dt.UTC)
    for unit_id, document in connection.execute(sa.select(units.c.id, units.c.document)).all():
        if not isinstance(document, dict) or not document.get("wishes"):
            continue
        seen: set[str] = set()
        rows = []
        for wish in document["wishes"]:
            key = _wish_key(wish)
            if key in seen:
                continue
            seen.add(key)
            rows.append(
                {
                    "unit_id": unit_id,
                    "employee_id": wish["employee"],
                    "key": key,
                    "day": wish.get("day") if not wish.get("date") else None,
                    "date": wish.get("date"),
                    "shift": wish.get("shift"),
                    "want": bool(wish.get("want", True)),
                    "weight": int(wish.get("weight", 1)),
                    "created_by": "migration",
                    "created_at": now,
                }
            )
        op.bulk_insert(wishes, rows)
        connection.execute(
            units.update().where(units.c.id == unit_id).values(document={**document, "wishes": []})
        )


def downgrade() -> None:
    op.drop_index("ix_jobs_status", "jobs")
    op.drop_index("ix_jobs_unit_id", "jobs")
    op.drop_table("jobs")
    op.drop_index("ix_wishes_unit_id", "wishes")
    op.drop_table("wishes")
    with op.batch_alter_table("rosters") as batch:
        batch.drop_column("archived_at")
