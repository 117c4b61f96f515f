"""Server-side sessions: the cookie holds a random token, the ``sessions`` table its SHA-256.

A session ends on logout, on an idle or absolute time-out, and for all of a user's sessions when
the password, the role or the active flag changes ("log out everywhere" does the same on request).
"""

from __future__ import annotations

import datetime as dt
import hashlib
import secrets

from sqlalchemy import delete, select
from sqlalchemy.orm import Session

from bemanning.store.tables import SessionRow

from .settings import WebSettings

# last_seen_at is written at most this often, so a burst of requests does not write each time.
TOUCH_EVERY = dt.timedelta(seconds=30)


def now() -> dt.datetime:
    """The clock of sessions and login throttling (tests replace it)."""
    return dt.datetime.now(dt.UTC)


def aware(value: dt.datetime) -> dt.datetime:
    """SQLite hands back naive datetimes; they were stored as UTC."""
    return value if value.tzinfo is not None else value.replace(tzinfo=dt.UTC)


def token_hash(token: str) -> str:
    return hashlib.sha256(token.encode("utf-8")).hexdigest()


def start(session: Session, user_id: int, *, address: str, user_agent: str) -> tuple[str, SessionRow]:
    """A new session for the user; returns the token for the cookie (never stored) and the row."""
    token = secrets.token_urlsafe(32)
    moment = now()
    row = SessionRow(
        token_hash=token_hash(token),
        user_id=user_id,
        csrf=secrets.token_urlsafe(24),
        created_at=moment,
        last_seen_at=moment,
        address=address[:64],
        user_agent=user_agent[:200],
    )
    session.add(row)
    session.flush()
    return token, row


def expired(row: SessionRow, settings: WebSettings, moment: dt.datetime) -> bool:
    idle = moment - aware(row.last_seen_at) > dt.timedelta(seconds=settings.session_idle_seconds)
    absolute = moment - aware(row.created_at) > dt.timedelta(seconds=settings.session_max_age)
    return idle or absolute


def load(session: Session, token: str, settings: WebSettings) -> SessionRow | None:
    """The live session of a token, touched; an expired one is deleted and gives None."""
    row = session.scalar(select(SessionRow).where(SessionRow.token_hash == token_hash(token)))
    if row is None:
        return None
    moment = now()
    if expired(row, settings, moment):
        session.delete(row)
        return None
    if moment - aware(row.last_seen_at) >= TOUCH_EVERY:
        row.last_seen_at = moment
    return row


def end(session: Session, token: str) -> None:
    session.execute(delete(SessionRow).where(SessionRow.token_hash == token_hash(token)))


def end_by_id(session: Session, user_id: int, session_id: int) -> None:
    session.execute(delete(SessionRow).where(SessionRow.id == session_id, SessionRow.user_id == user_id))


def end_all(session: Session, user_id: int, *, keep_id: int | None = None) -> int:
    """Ends every session of the user (but ``keep_id``); returns how many."""
    stmt = delete(SessionRow).where(SessionRow.user_id == user_id)
    if keep_id is not None:
        stmt = stmt.where(SessionRow.id != keep_id)
    result = session.execute(stmt.execution_options(synchronize_session=False))
    return int(getattr(result, "rowcount", 0) or 0)


def list_live(session: Session, user_id: int, settings: WebSettings) -> list[SessionRow]:
    """The user's sessions that have not timed out, newest first."""
    moment = now()
    rows = session.scalars(
        select(SessionRow).where(SessionRow.user_id == user_id).order_by(SessionRow.created_at.desc())
    )
    return [r for r in rows if not expired(r, settings, moment)]


def purge_expired(session: Session, settings: WebSettings) -> None:
    """Deletes sessions past either time-out (run at each login, so the table stays small)."""
    moment = now()
    idle_cut = moment - dt.timedelta(seconds=settings.session_idle_seconds)
    absolute_cut = moment - dt.timedelta(seconds=settings.session_max_age)
    session.execute(
        delete(SessionRow)
        .where((SessionRow.last_seen_at < idle_cut) | (SessionRow.created_at < absolute_cut))
        .execution_options(synchronize_session=False)
    )
