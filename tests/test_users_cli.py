"""`bemanning bruker opprett|tilbakestill|liste` as a user runs it, against a real SQLite file."""

from __future__ import annotations

import logging
from pathlib import Path

import pytest
from typer.testing import CliRunner

from bemanning.cli import app as cli_app
from bemanning.io.errors import UserError
from conftest import run_cli


def _env(tmp_path: Path) -> dict[str, str]:
    return {"BEMANNING_DATA_DIR": str(tmp_path / "data"), "BEMANNING_LANG": "no"}


def _password_from(output: str) -> str:
    return output.split("noter det): ")[1].split()[0]


def test_create_generated_reset_and_list(tmp_path: Path) -> None:
    env = _env(tmp_path)
    created = run_cli("bruker", "opprett", "Kari", "--rolle", "admin", "--generer", env=env)
    assert created.returncode == 0, created.stderr
    assert "Brukeren «Kari» er opprettet (rolle administrator)" in created.stdout
    password = _password_from(created.stdout)
    assert len(password) >= 20

    from bemanning.store import repo
    from bemanning.store.db import Database
    from bemanning.web.security import verify_password

    db = Database(f"sqlite:///{tmp_path / 'data' / 'bemanning.sqlite3'}")
    with db.read() as session:
        row = repo.get_user_by_name(session, "KARI")
        assert row is not None and row.role == "admin" and verify_password(row.password_hash, password)
        first_hash = row.password_hash

    clash = run_cli("bruker", "opprett", "kari", "--rolle", "leder", "--generer", env=env)
    assert clash.returncode == 2 and "finnes allerede" in clash.stderr

    reset = run_cli("bruker", "tilbakestill", "KARI", "--generer", env=env)
    assert reset.returncode == 0 and "Nytt passord for «Kari»" in reset.stdout
    new_password = _password_from(reset.stdout)
    with db.read() as session:
        row = repo.get_user_by_name(session, "kari")
        assert row is not None and row.password_hash != first_hash
        assert verify_password(row.password_hash, new_password)
        actions = [(a.username, a.action) for a in repo.list_audit(session)]
    assert ("cli", "create") in actions and ("cli", "update") in actions
    db.dispose()

    listed = run_cli("bruker", "liste", env=env)
    assert listed.returncode == 0 and "Kari" in listed.stdout and "administrator" in listed.stdout
    assert password not in listed.stdout and new_password not in listed.stdout


def test_prompted_password_never_logged(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch, caplog: pytest.LogCaptureFixture
) -> None:
    for key, value in _env(tmp_path).items():
        monkeypatch.setenv(key, value)
    caplog.set_level(logging.DEBUG)
    secret = "en lang hemmelig passfrase"
    runner = CliRunner()
    result = runner.invoke(cli_app, ["bruker", "opprett", "ola", "--rolle", "leder"], input=f"{secret}\n{secret}\n")
    assert result.exit_code == 0, result.output
    assert secret not in result.output and secret not in caplog.text
    short = runner.invoke(cli_app, ["bruker", "opprett", "per", "--rolle", "leder"], input="kort\nkort\n")
    assert isinstance(short.exception, UserError) and "minst 12 tegn" in short.exception.text("no")


def test_bad_role_and_unknown_user_exit_2(tmp_path: Path) -> None:
    env = _env(tmp_path)
    role = run_cli("bruker", "opprett", "ola", "--rolle", "sjef", "--generer", env=env)
    assert role.returncode == 2 and "role" in role.stderr and "Traceback" not in role.stderr
    unknown = run_cli("bruker", "tilbakestill", "ingen", "--generer", env=env)
    assert unknown.returncode == 2 and "Fant ikke brukeren «ingen»" in unknown.stderr
    unit = run_cli("bruker", "opprett", "ola", "--rolle", "leder", "--enhet", "finnes-ikke", "--generer", env=env)
    assert unit.returncode == 2 and "finnes-ikke" in unit.stderr
