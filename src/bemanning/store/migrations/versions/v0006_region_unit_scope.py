"""Agency approval scope: the region units (units of an imported region, not of this app's own unit
list) a manager answers for, beside the app units of ``user_units``.

Revision ID: 0006_region_unit_scope
Revises: 0005_staffing_centre
Create Date: 2026-12-07
"""

from __future__ import annotations

import sqlalchemy as sa
from alembic import op

revision = "0006_region_unit_scope"
down_revision = "0005_staffing_centre"
branch_labels = None
depends_on = None


def upgrade() -> None:
    op.create_table(
        "user_region_units",
        sa.Column("user_id", sa.Integer, sa.ForeignKey("users.id", ondelete="CASCADE"), primary_key=True),
        # A unit id of an imported region: no foreign key, a region's units live in its document.
        sa.Column("unit_id", sa.String(64), primary_key=True),
    )


def downgrade() -> None:
    op.drop_table("user_region_units")
