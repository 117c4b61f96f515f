"""Shared request dependencies."""

from __future__ import annotations

from fastapi import Request

from bemanning.store.db import Database

from .services import UnitCache


def get_db(request: Request) -> Database:
    db: Database = request.app.state.db
    return db


def get_cache(request: Request) -> UnitCache:
    cache: UnitCache = request.app.state.unit_cache
    return cache
