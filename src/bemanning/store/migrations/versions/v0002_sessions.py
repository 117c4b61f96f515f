"""Server-side sessions, login throttling, case-insensitive user names.

Revision ID: 0002
Revises: 0001
Create Date: 2026-12-07
"""

from __future__ import annotations

import sqlalchemy as sa
from alembic import op

revision = "0002"
down_revision = "0001"
branch_labels = None
depends_on = None

TS = sa.DateTime(timezone=True)


def upgrade() -> None:
    op.create_table(
        "sessions",
        sa.Column("id", sa.Integer, primary_key=True, autoincrement=True),
        sa.Column("token_hash", sa.String(64), nullable=False, unique=True),
        sa.Column("user_id", sa.Integer, sa.ForeignKey("users.id", ondelete="CASCADE"), nullable=False),
        sa.Column("csrf", sa.String(64), nullable=False),
        sa.Column("created_at", TS, nullable=False),
        sa.Column("last_seen_at", TS, nullable=False),
        sa.Column("address", sa.String(64), nullable=False),
        sa.Column("user_agent", sa.String(200), nullable=False),
    )
    op.create_index("ix_sessions_user_id", "sessions", ["user_id"])
    op.create_table(
        "login_throttle",
        sa.Column("key", sa.String(200), primary_key=True),
        sa.Column("failures", sa.Integer, nullable=False),
        sa.Column("last_failure_at", TS, nullable=True),
        sa.Column("locked_until", TS, nullable=True),
    )
    users = sa.table("users", sa.column("username", sa.String))
    bind = op.get_bind()
    clashes = bind.execute(
        sa.select(sa.func.lower(users.c.username))
        .group_by(sa.func.lower(users.c.username))
        .having(sa.func.count() > 1)
    ).all()
    if clashes:
        raise RuntimeError(
            f"{len(clashes)} user names differ only in case; rename them before upgrading "
            "(user names are case-insensitive from revision 0002)"
        )
    op.create_index("uq_users_username_lower", "users", [sa.text("lower(username)")], unique=True)


def downgrade() -> None:
    op.drop_index("uq_users_username_lower", "users")
    op.drop_table("login_throttle")
    op.drop_index("ix_sessions_user_id", "sessions")
    op.drop_table("sessions")
