"""Shared fixtures: the demo unit, and PostgreSQL/browser availability with visible skip reasons."""

from __future__ import annotations

import os
import shutil
import subprocess
import sys
from pathlib import Path

import pytest

from bemanning.demo import build_demo_unit
from bemanning.model import Unit

POSTGRES_URL = os.environ.get("BEMANNING_TEST_POSTGRES_URL", "postgresql+psycopg://postgres@127.0.0.1:5432/test")
CHROMIUM = os.environ.get("BEMANNING_CHROMIUM", "/usr/bin/chromium")


def _postgres_reachable() -> str | None:
    try:
        import psycopg
    except ImportError:
        return "psycopg is not installed"
    dsn = POSTGRES_URL.replace("postgresql+psycopg://", "postgresql://")
    try:
        with psycopg.connect(dsn, connect_timeout=3):
            return None
    except Exception as exc:  # any failure means: skip, and say why
        return f"PostgreSQL not reachable at {dsn.split('@')[-1]} ({type(exc).__name__})"


def pytest_collection_modifyitems(config: pytest.Config, items: list[pytest.Item]) -> None:
    needs_pg = any("postgres" in item.keywords for item in items)
    pg_problem = _postgres_reachable() if needs_pg else None
    for item in items:
        if "postgres" in item.keywords and pg_problem:
            item.add_marker(pytest.mark.skip(reason=pg_problem))
        if "browser" in item.keywords and not Path(CHROMIUM).exists():
            item.add_marker(pytest.mark.skip(reason=f"{CHROMIUM} not installed (apt-get install -y chromium)"))


@pytest.fixture(scope="session")
def demo_unit() -> Unit:
    return build_demo_unit()


@pytest.fixture
def postgres_url() -> str:
    return POSTGRES_URL


def run_cli(*args: str, cwd: Path | None = None, env: dict[str, str] | None = None) -> subprocess.CompletedProcess[str]:
    """Run `python -m bemanning ARGS` as a user would, capturing output."""
    full_env = {**os.environ, **(env or {})}
    src = str(Path(__file__).resolve().parents[1] / "src")
    full_env["PYTHONPATH"] = src + os.pathsep + full_env.get("PYTHONPATH", "")
    return subprocess.run([sys.executable, "-m", "bemanning", *args], capture_output=True, text=True, cwd=cwd,
                          env=full_env, timeout=600)


@pytest.fixture
def cli() -> object:
    return run_cli


def has_chromium() -> bool:
    return Path(CHROMIUM).exists() or shutil.which("chromium") is not None
