"""A new unit from an uploaded unit file (YAML or Excel), checked by the same loader as
`bemanning valider`, so the messages are the CLI's (naming the uploaded file, not a temporary path)."""

from __future__ import annotations

import re
import tempfile
from pathlib import Path

from sqlalchemy.exc import IntegrityError

from bemanning.io.errors import UserError
from bemanning.io.unit_file import MAX_FILE_BYTES, load_unit
from bemanning.model import Unit
from bemanning.store import repo
from bemanning.store.db import Database
from bemanning.store.tables import UnitRow

from .problems import Problem


def safe_filename(name: str | None) -> str:
    cleaned = re.sub(r"[^A-Za-z0-9_.-]+", "_", Path(name or "enhet.yaml").name).strip("._")
    return cleaned or "enhet.yaml"


def unit_from_upload(filename: str | None, data: bytes) -> Unit:
    """The unit in an uploaded file; UserError with the CLI's messages when it is not valid."""
    name = safe_filename(filename)
    if len(data) > MAX_FILE_BYTES:
        raise UserError.of(
            "file_too_large", path=name, size=round(len(data) / 1e6, 1), limit=MAX_FILE_BYTES // 1_000_000
        )
    with tempfile.TemporaryDirectory() as folder:
        path = Path(folder) / name
        path.write_bytes(data)
        try:
            return load_unit(path)
        except UserError as exc:
            for message in [exc.header, *exc.messages]:
                if message is not None and "path" in message.context:
                    message.context["path"] = name
            raise


def store_new_unit(db: Database, by: str, unit: Unit) -> None:
    """Stores a unit whose id is new (409 when it exists) and writes the audit row."""
    try:
        with db.transaction() as session:
            if session.get(UnitRow, unit.id) is not None:
                raise Problem(409, "web_unit_exists", unit_id=unit.id)
            repo.create_unit(session, unit)
            repo.add_audit(
                session, by, "unit", unit.id, "create",
                f"groups={len(unit.groups)}; employees={len(unit.employees)}; shifts={len(unit.shift_types)}",
            )
    except IntegrityError:
        raise Problem(409, "web_unit_exists", unit_id=unit.id) from None
