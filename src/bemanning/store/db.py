"""Engine, sessions and migrations. SQLite in a data folder by default; PostgreSQL when
``BEMANNING_DATABASE_URL`` is set (``postgresql+psycopg://user@host/db``)."""

from __future__ import annotations

import logging
import os
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path
from typing import Any

from alembic import command
from alembic.config import Config
from sqlalchemy import Engine, create_engine, event
from sqlalchemy.orm import Session, sessionmaker

MIGRATIONS_DIR = Path(__file__).parent / "migrations"
log = logging.getLogger("bemanning.store")


def data_dir_from_env() -> Path:
    return Path(os.environ.get("BEMANNING_DATA_DIR", "./bemanning-data"))


def database_url_from_env() -> str:
    """The database URL: BEMANNING_DATABASE_URL, else SQLite in BEMANNING_DATA_DIR."""
    url = os.environ.get("BEMANNING_DATABASE_URL")
    if url:
        return url
    folder = data_dir_from_env()
    return f"sqlite:///{(folder / 'bemanning.sqlite3').resolve()}"


def _private_sqlite_file(path: Path) -> None:
    """The database holds health data: the file (and its -wal/-shm) 0600, a new folder 0700.
    A folder that exists already is left as it is (it may be shared, e.g. /tmp), with a warning when
    others may list it."""
    folder = path.parent
    if not folder.exists():
        folder.mkdir(mode=0o700, parents=True)
    elif folder.stat().st_mode & 0o007:
        log.warning("database folder %s can be read by other users; chmod 700 it", folder)
    if not path.exists():
        os.close(os.open(path, os.O_CREAT | os.O_WRONLY, 0o600))
    for file in (path, path.with_name(path.name + "-wal"), path.with_name(path.name + "-shm")):
        if file.exists() and file.stat().st_mode & 0o077:
            file.chmod(0o600)


def _sqlite_pragmas(dbapi_connection: Any, _record: Any) -> None:
    cursor = dbapi_connection.cursor()
    cursor.execute("PRAGMA foreign_keys=ON")
    cursor.execute("PRAGMA journal_mode=WAL")
    cursor.execute("PRAGMA busy_timeout=5000")
    cursor.close()


class Database:
    """One database: ``transaction()`` gives a session that commits on success, rolls back on error."""

    def __init__(self, url: str, *, schema: str | None = None):
        self.url = url
        self.is_sqlite = url.startswith("sqlite")
        kwargs: dict[str, Any] = {"future": True, "pool_pre_ping": not self.is_sqlite}
        if self.is_sqlite:
            path = url.removeprefix("sqlite:///")
            if path and path != ":memory:" and not url.startswith("sqlite://:"):
                _private_sqlite_file(Path(path))
            kwargs["connect_args"] = {"check_same_thread": False}
        elif schema:
            # Tests run in their own schema; search_path makes every table land there.
            kwargs["connect_args"] = {"options": f"-csearch_path={schema}"}
        self.engine: Engine = create_engine(url, **kwargs)
        if self.is_sqlite:
            event.listen(self.engine, "connect", _sqlite_pragmas)
        self._sessions = sessionmaker(self.engine, expire_on_commit=False)

    @contextmanager
    def transaction(self) -> Iterator[Session]:
        with self._sessions() as session, session.begin():
            yield session

    @contextmanager
    def read(self) -> Iterator[Session]:
        with self._sessions() as session:
            yield session

    def migrate(self) -> None:
        """Bring the schema to the newest migration (idempotent)."""
        config = Config()
        config.set_main_option("script_location", str(MIGRATIONS_DIR))
        config.set_main_option("sqlalchemy.url", self.url.replace("%", "%%"))
        with self.engine.begin() as connection:
            config.attributes["connection"] = connection
            command.upgrade(config, "heads")  # "heads": migrations of parallel work apply in any order

    def dispose(self) -> None:
        self.engine.dispose()
