"""Settings of the web application, read from environment variables at start."""

from __future__ import annotations

import os
import secrets
from dataclasses import dataclass, field
from pathlib import Path

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
    session_max_age: int = 8 * 3600
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
    data_dir.mkdir(parents=True, exist_ok=True)
    key = secrets.token_urlsafe(32)
    path.write_text(key, encoding="utf-8")
    path.chmod(0o600)
    return key


def settings_from_env(host: str = "127.0.0.1") -> WebSettings:
    data_dir = data_dir_from_env()
    url = database_url_from_env()
    secure_env = os.environ.get("BEMANNING_SECURE_COOKIES")
    secure = secure_env == "1" if secure_env in ("0", "1") else host not in ("127.0.0.1", "localhost", "::1")
    return WebSettings(
        database_url=url,
        data_dir=data_dir,
        secret_key=_secret_key(data_dir, url.startswith("sqlite")),
        secure_cookies=secure,
    )
