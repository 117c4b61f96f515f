"""Storage: database schema, migrations and repositories (SQLite embedded, PostgreSQL in production)."""

from .db import Database, database_url_from_env
from .repo import NotFound, VersionConflict

__all__ = ["Database", "NotFound", "VersionConflict", "database_url_from_env"]
