"""Rosters carry their absences (sick days of a repair, absence rows of an imported CSV).

Revision ID: 0004
Revises: 0003
Create Date: 2026-12-07
"""

from __future__ import annotations

import sqlalchemy as sa
from alembic import op

revision = "0004"
down_revision = "0003"
branch_labels = None
depends_on = None


def upgrade() -> None:
    with op.batch_alter_table("rosters") as batch:
        batch.add_column(sa.Column("absences", sa.JSON, nullable=True))


def downgrade() -> None:
    with op.batch_alter_table("rosters") as batch:
        batch.drop_column("absences")
