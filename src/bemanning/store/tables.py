"""The database schema. Units and rosters are stored as validated JSON documents with a version
column for optimistic concurrency; users, unit access and the audit log are normalised tables."""

from __future__ import annotations

import datetime as dt
from typing import Any

from sqlalchemy import JSON, Boolean, DateTime, ForeignKey, Index, Integer, String, Text, UniqueConstraint, func
from sqlalchemy.orm import DeclarativeBase, Mapped, mapped_column


def utcnow() -> dt.datetime:
    return dt.datetime.now(dt.UTC)


class Base(DeclarativeBase):
    type_annotation_map = {dict[str, Any]: JSON, list[Any]: JSON}


class UnitRow(Base):
    __tablename__ = "units"

    id: Mapped[str] = mapped_column(String(64), primary_key=True)
    name: Mapped[str] = mapped_column(String(200))
    version: Mapped[int] = mapped_column(Integer, default=1)
    document: Mapped[dict[str, Any]] = mapped_column(JSON)
    updated_at: Mapped[dt.datetime] = mapped_column(DateTime(timezone=True), default=utcnow)


class RosterRow(Base):
    __tablename__ = "rosters"
    __table_args__ = (UniqueConstraint("unit_id", "name", name="uq_rosters_unit_name"),)

    id: Mapped[int] = mapped_column(Integer, primary_key=True, autoincrement=True)
    unit_id: Mapped[str] = mapped_column(String(64), ForeignKey("units.id", ondelete="CASCADE"), index=True)
    name: Mapped[str] = mapped_column(String(200))
    status: Mapped[str] = mapped_column(String(16), default="draft")
    version: Mapped[int] = mapped_column(Integer, default=1)
    start_date: Mapped[str] = mapped_column(String(10))
    days: Mapped[int] = mapped_column(Integer)
    cyclic: Mapped[int] = mapped_column(Integer, default=1)
    # Loaded only when read: lists and cached reads (repo.roster_from_row) need no JSON parse.
    assignments: Mapped[list[Any]] = mapped_column(JSON, deferred=True)
    # Registered absence the roster itself carries (health data: shown by role like the unit's own)
    absences: Mapped[list[Any] | None] = mapped_column(JSON, nullable=True, default=None)
    created_by: Mapped[str] = mapped_column(String(64))
    created_at: Mapped[dt.datetime] = mapped_column(DateTime(timezone=True), default=utcnow)
    updated_at: Mapped[dt.datetime] = mapped_column(DateTime(timezone=True), default=utcnow)
    # Archived rosters leave the lists but stay stored (approved ones are never deleted: the audit).
    archived_at: Mapped[dt.datetime | None] = mapped_column(DateTime(timezone=True), nullable=True, default=None)


class UserRow(Base):
    __tablename__ = "users"

    id: Mapped[int] = mapped_column(Integer, primary_key=True, autoincrement=True)
    username: Mapped[str] = mapped_column(String(64), unique=True)
    password_hash: Mapped[str] = mapped_column(Text)
    role: Mapped[str] = mapped_column(String(16))
    employee_id: Mapped[str | None] = mapped_column(String(64), nullable=True)
    active: Mapped[int] = mapped_column(Integer, default=1)
    created_at: Mapped[dt.datetime] = mapped_column(DateTime(timezone=True), default=utcnow)


# User names are case-insensitive: "ADMIN" and "admin" are the same user.
Index("uq_users_username_lower", func.lower(UserRow.username), unique=True)


class UserUnitRow(Base):
    """Which units a non-admin user may see (leder, planlegger, ansatt, tillitsvalgt)."""

    __tablename__ = "user_units"

    user_id: Mapped[int] = mapped_column(
        Integer, ForeignKey("users.id", ondelete="CASCADE"), primary_key=True
    )
    unit_id: Mapped[str] = mapped_column(
        String(64), ForeignKey("units.id", ondelete="CASCADE"), primary_key=True
    )


class UserRegionUnitRow(Base):
    """Units of imported regions (staffing centre) a manager answers for: they see and decide agency hire
    for these places, besides their own units of ``user_units`` (region units need not be units here)."""

    __tablename__ = "user_region_units"

    user_id: Mapped[int] = mapped_column(
        Integer, ForeignKey("users.id", ondelete="CASCADE"), primary_key=True
    )
    unit_id: Mapped[str] = mapped_column(String(64), primary_key=True)


class AuditRow(Base):
    """Who changed what and when. ``summary`` holds counts and codes, never names or health data."""

    __tablename__ = "audit_log"

    id: Mapped[int] = mapped_column(Integer, primary_key=True, autoincrement=True)
    at: Mapped[dt.datetime] = mapped_column(DateTime(timezone=True), default=utcnow, index=True)
    username: Mapped[str] = mapped_column(String(64))
    entity: Mapped[str] = mapped_column(String(32))
    entity_id: Mapped[str] = mapped_column(String(128))
    action: Mapped[str] = mapped_column(String(32))
    summary: Mapped[str] = mapped_column(Text, default="")


class WishRow(Base):
    """One wish (ønsketurnus) of one employee. ``key`` (employee, day or date, shift, want) is unique per
    unit, so the same wish posted twice is stored once; each row is its own insert, so employees posting
    at the same time never conflict."""

    __tablename__ = "wishes"
    __table_args__ = (UniqueConstraint("unit_id", "key", name="uq_wishes_unit_key"),)

    id: Mapped[int] = mapped_column(Integer, primary_key=True, autoincrement=True)
    unit_id: Mapped[str] = mapped_column(String(64), ForeignKey("units.id", ondelete="CASCADE"), index=True)
    employee_id: Mapped[str] = mapped_column(String(64))
    key: Mapped[str] = mapped_column(String(200))
    day: Mapped[int | None] = mapped_column(Integer, nullable=True)
    date: Mapped[str | None] = mapped_column(String(10), nullable=True)
    shift: Mapped[str | None] = mapped_column(String(64), nullable=True)
    want: Mapped[bool] = mapped_column(Boolean, default=True)
    weight: Mapped[int] = mapped_column(Integer, default=1)
    created_by: Mapped[str] = mapped_column(String(64))
    created_at: Mapped[dt.datetime] = mapped_column(DateTime(timezone=True), default=utcnow)


class JobRow(Base):
    """A background job (Lag turnus, scenarios, sick-call repair). Its row outlives the process that
    ran it: a job left queued or running by a stopped server is marked 'interrupted' (avbrutt)."""

    __tablename__ = "jobs"
    __table_args__ = (Index("ix_jobs_status", "status"),)

    id: Mapped[str] = mapped_column(String(32), primary_key=True)
    kind: Mapped[str] = mapped_column(String(32))
    unit_id: Mapped[str] = mapped_column(String(64), index=True)
    username: Mapped[str] = mapped_column(String(64))
    status: Mapped[str] = mapped_column(String(16))  # queued, running, done, failed, cancelled, interrupted
    progress: Mapped[dict[str, Any]] = mapped_column(JSON)
    result: Mapped[dict[str, Any] | None] = mapped_column(JSON, nullable=True)
    error: Mapped[str | None] = mapped_column(String(200), nullable=True)
    created_at: Mapped[dt.datetime] = mapped_column(DateTime(timezone=True), default=utcnow)
    started_at: Mapped[dt.datetime | None] = mapped_column(DateTime(timezone=True), nullable=True)
    finished_at: Mapped[dt.datetime | None] = mapped_column(DateTime(timezone=True), nullable=True)
class SessionRow(Base):
    """A logged-in browser or API client. The cookie holds a random token; only its SHA-256 is stored."""

    __tablename__ = "sessions"

    id: Mapped[int] = mapped_column(Integer, primary_key=True, autoincrement=True)
    token_hash: Mapped[str] = mapped_column(String(64), unique=True)
    user_id: Mapped[int] = mapped_column(Integer, ForeignKey("users.id", ondelete="CASCADE"), index=True)
    csrf: Mapped[str] = mapped_column(String(64))
    created_at: Mapped[dt.datetime] = mapped_column(DateTime(timezone=True), default=utcnow)
    last_seen_at: Mapped[dt.datetime] = mapped_column(DateTime(timezone=True), default=utcnow)
    address: Mapped[str] = mapped_column(String(64), default="")
    user_agent: Mapped[str] = mapped_column(String(200), default="")


class LoginThrottleRow(Base):
    """Failed logins per key (``account:<name>`` or ``address:<ip>``): delay and temporary lock."""

    __tablename__ = "login_throttle"

    key: Mapped[str] = mapped_column(String(200), primary_key=True)
    failures: Mapped[int] = mapped_column(Integer, default=0)
    last_failure_at: Mapped[dt.datetime | None] = mapped_column(DateTime(timezone=True), nullable=True)
    locked_until: Mapped[dt.datetime | None] = mapped_column(DateTime(timezone=True), nullable=True)


class RegionRow(Base):
    """A region imported into the staffing centre (``bemanning region solve`` output): the region file and
    its units (``document``), each unit's roster, and the pool's placements (edited by hand, versioned)."""

    __tablename__ = "regions"

    id: Mapped[str] = mapped_column(String(64), primary_key=True)
    name: Mapped[str] = mapped_column(String(200))
    version: Mapped[int] = mapped_column(Integer, default=1)
    document: Mapped[dict[str, Any]] = mapped_column(JSON)
    rosters: Mapped[dict[str, Any]] = mapped_column(JSON)
    placements: Mapped[list[Any]] = mapped_column(JSON)
    imported_by: Mapped[str] = mapped_column(String(64))
    imported_at: Mapped[dt.datetime] = mapped_column(DateTime(timezone=True), default=utcnow)
    updated_at: Mapped[dt.datetime] = mapped_column(DateTime(timezone=True), default=utcnow)


class AgencyDecisionRow(Base):
    """A manager's approval or rejection of agency hire for one open place, with the written reason
    (also in the audit log). The latest row per place is the decision in force."""

    __tablename__ = "agency_decisions"

    id: Mapped[int] = mapped_column(Integer, primary_key=True, autoincrement=True)
    region_id: Mapped[str] = mapped_column(String(64), ForeignKey("regions.id", ondelete="CASCADE"), index=True)
    unit_id: Mapped[str] = mapped_column(String(64))
    date: Mapped[str] = mapped_column(String(10))
    shift: Mapped[str] = mapped_column(String(64))
    group: Mapped[str] = mapped_column(String(64))
    decision: Mapped[str] = mapped_column(String(16))  # approved | rejected
    reason: Mapped[str] = mapped_column(Text)
    username: Mapped[str] = mapped_column(String(64))
    at: Mapped[dt.datetime] = mapped_column(DateTime(timezone=True), default=utcnow)
