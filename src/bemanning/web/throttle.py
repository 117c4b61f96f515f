"""Login throttling per account name and per client address, in the database (so it holds across
workers and restarts).

Each attempt is counted as a failure *before* the password is checked and taken back on success,
so a burst of parallel guesses cannot slip past the limit. After ``free`` failures in a row each
further attempt must wait 1, 2, 4 … seconds (at most ``login_delay_max_seconds``); after
``lock_after`` failures the key is locked for ``login_lock_seconds``. The key of an unknown user
name is throttled exactly like a real one, so the answers do not tell which names exist.
"""

from __future__ import annotations

import datetime as dt
import math
from dataclasses import dataclass

from sqlalchemy import delete, select, update
from sqlalchemy.dialects import postgresql, sqlite
from sqlalchemy.orm import Session

from bemanning.store.tables import LoginThrottleRow

from . import sessions
from .settings import WebSettings


@dataclass(frozen=True)
class Limits:
    free: int
    lock_after: int


def account_key(username: str) -> str:
    return "account:" + username.strip().lower()[:64]


def address_key(address: str) -> str:
    return "address:" + address[:64]


def _limits(key: str, settings: WebSettings) -> Limits:
    if key.startswith("account:"):
        return Limits(settings.login_account_free_failures, settings.login_account_lock_after)
    return Limits(settings.login_address_free_failures, settings.login_address_lock_after)


def delay_seconds(failures: int, limits: Limits, settings: WebSettings) -> int:
    """The wait after ``failures`` failures in a row: 0 up to ``free``, then 1, 2, 4 … up to the cap."""
    if failures < limits.free:
        return 0
    return min(2 ** min(failures - limits.free, 30), settings.login_delay_max_seconds)


def _insert_missing(session: Session, keys: list[str]) -> None:
    """Rows for new keys; the write also takes SQLite's write lock before anything is read."""
    values = [{"key": k, "failures": 0} for k in keys]
    dialect = session.get_bind().dialect.name
    if dialect == "postgresql":
        session.execute(postgresql.insert(LoginThrottleRow).values(values).on_conflict_do_nothing())
    elif dialect == "sqlite":
        session.execute(sqlite.insert(LoginThrottleRow).values(values).on_conflict_do_nothing())
    else:  # pragma: no cover - the project supports SQLite and PostgreSQL
        for value in values:
            if session.get(LoginThrottleRow, value["key"]) is None:
                session.add(LoginThrottleRow(**value))
        session.flush()


def begin_attempt(session: Session, keys: list[str], settings: WebSettings) -> int:
    """0 and the attempt counted, or the seconds to wait (the attempt is then refused, not counted)."""
    _insert_missing(session, keys)
    rows = list(
        session.scalars(select(LoginThrottleRow).where(LoginThrottleRow.key.in_(keys)).with_for_update())
    )
    moment = sessions.now()
    window = dt.timedelta(seconds=settings.login_lock_seconds)
    wait = 0.0
    for row in rows:
        if row.locked_until is not None and sessions.aware(row.locked_until) <= moment:
            row.locked_until, row.failures = None, 0  # the lock has run out: a fresh start
        if row.last_failure_at is not None and moment - sessions.aware(row.last_failure_at) > window:
            row.failures = 0  # failures long ago are forgotten
        if row.locked_until is not None:
            wait = max(wait, (sessions.aware(row.locked_until) - moment).total_seconds())
        elif row.last_failure_at is not None:
            delay = delay_seconds(row.failures, _limits(row.key, settings), settings)
            ready = sessions.aware(row.last_failure_at) + dt.timedelta(seconds=delay)
            wait = max(wait, (ready - moment).total_seconds())
    if wait > 0:
        return max(1, math.ceil(wait))
    for row in rows:
        row.failures += 1
        row.last_failure_at = moment
    return 0


def record_failure(session: Session, keys: list[str], settings: WebSettings) -> bool:
    """The counted attempt failed: lock each key that reached its limit. True when one was locked."""
    moment = sessions.now()
    locked = False
    for row in session.scalars(select(LoginThrottleRow).where(LoginThrottleRow.key.in_(keys))):
        if row.failures >= _limits(row.key, settings).lock_after and row.locked_until is None:
            row.locked_until = moment + dt.timedelta(seconds=settings.login_lock_seconds)
            locked = True
    return locked


def record_success(session: Session, account: str, address: str) -> None:
    """The account starts afresh; the address only gets its counted attempt back (a valid login of
    one's own must not reset the count of guesses at other accounts)."""
    session.execute(delete(LoginThrottleRow).where(LoginThrottleRow.key == account))
    session.execute(
        update(LoginThrottleRow)
        .where(LoginThrottleRow.key == address, LoginThrottleRow.failures > 0)
        .values(failures=LoginThrottleRow.failures - 1)
        .execution_options(synchronize_session=False)
    )


def clear_account(session: Session, username: str) -> None:
    """An administrator reset the password: lift the lock on the account."""
    session.execute(delete(LoginThrottleRow).where(LoginThrottleRow.key == account_key(username)))


def purge_stale(session: Session, settings: WebSettings) -> None:
    """Forget keys without failures for a day (unknown names would otherwise pile up)."""
    cut = sessions.now() - dt.timedelta(seconds=max(settings.login_lock_seconds, 24 * 3600))
    session.execute(
        delete(LoginThrottleRow)
        .where(LoginThrottleRow.last_failure_at < cut, LoginThrottleRow.locked_until.is_(None))
        .execution_options(synchronize_session=False)
    )
