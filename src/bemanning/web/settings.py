"""Settings of the web application, read from environment variables at start."""

from __future__ import annotations

import os
import secrets
from dataclasses import dataclass, field
from pathlib import Path

from bemanning.io.errors import UserError
from bemanning.store.db import data_dir_from_env, database_url_from_env

from .limits import InputLimits


@dataclass
class JobSettings:
    """The background-job queue: ``workers`` jobs run at once, at most ``per_user`` of one user and
    ``per_unit`` of one unit; a user may have at most ``max_pending`` jobs queued or running."""

    workers: int = 2
    per_user: int = 1
    per_unit: int = 1
    max_pending: int = 25


@dataclass
class WebSettings:
    database_url: str
    data_dir: Path
    secret_key: str
    secure_cookies: bool = False
    db_schema: str | None = None
    seed_demo: bool = True
    session_max_age: int = 8 * 3600  # absolute session time-out (seconds from login)
    session_idle_seconds: int = 30 * 60  # idle time-out
    # Login throttling: after `free` failures in a row, each attempt waits 1, 2, 4 … s (at most
    # login_delay_max_seconds); after `lock_after` failures the key is locked for login_lock_seconds.
    login_account_free_failures: int = 3
    login_account_lock_after: int = 10
    login_address_free_failures: int = 20
    login_address_lock_after: int = 100
    login_delay_max_seconds: int = 60
    login_lock_seconds: int = 15 * 60
    limits: InputLimits = field(default_factory=InputLimits)
    jobs: JobSettings = field(default_factory=JobSettings)


def _secret_key(data_dir: Path, persist: bool) -> str:
    """BEMANNING_SECRET_KEY, else a random key kept in the data folder so sessions survive restarts."""
    key = os.environ.get("BEMANNING_SECRET_KEY")
    if key:
        return key
    if not persist:
        return secrets.token_urlsafe(32)
    path = data_dir / "secret_key"
    if path.is_file():
        return path.read_text(encoding="utf-8").strip()
    data_dir.mkdir(mode=0o700, parents=True, exist_ok=True)
    key = secrets.token_urlsafe(32)
    path.write_text(key, encoding="utf-8")
    path.chmod(0o600)
    return key


_INT_SETTINGS = {
    "BEMANNING_SESSION_ABSOLUTE_SECONDS": "session_max_age",
    "BEMANNING_SESSION_IDLE_SECONDS": "session_idle_seconds",
    "BEMANNING_LOGIN_ACCOUNT_FREE_FAILURES": "login_account_free_failures",
    "BEMANNING_LOGIN_ACCOUNT_LOCK_AFTER": "login_account_lock_after",
    "BEMANNING_LOGIN_ADDRESS_FREE_FAILURES": "login_address_free_failures",
    "BEMANNING_LOGIN_ADDRESS_LOCK_AFTER": "login_address_lock_after",
    "BEMANNING_LOGIN_DELAY_MAX_SECONDS": "login_delay_max_seconds",
    "BEMANNING_LOGIN_LOCK_SECONDS": "login_lock_seconds",
}


def _int_settings() -> dict[str, int]:
    """Whole-number settings from the environment; a bad value stops the start with its name."""
    values = {}
    for env, name in _INT_SETTINGS.items():
        raw = os.environ.get(env)
        if raw is None:
            continue
        if not raw.strip().isdigit() or int(raw) < 1:
            raise UserError.of("setting_positive_int", name=env, value=raw)
        values[name] = int(raw)
    return values


def settings_from_env(host: str = "127.0.0.1") -> WebSettings:
    data_dir = data_dir_from_env()
    url = database_url_from_env()
    secure_env = os.environ.get("BEMANNING_SECURE_COOKIES")
    secure = secure_env == "1" if secure_env in ("0", "1") else host not in ("127.0.0.1", "localhost", "::1")
    settings = WebSettings(
        database_url=url,
        data_dir=data_dir,
        secret_key=_secret_key(data_dir, url.startswith("sqlite")),
        secure_cookies=secure,
    )
    for name, value in _int_settings().items():
        setattr(settings, name, value)
    return settings
