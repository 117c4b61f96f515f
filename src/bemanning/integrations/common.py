"""Shared pieces of the import adapters: reading a file safely, CSV rows with line numbers, and
collecting every problem before failing (all-or-nothing imports)."""

from __future__ import annotations

import csv
import io
from collections.abc import Iterator
from pathlib import Path
from typing import Any

from bemanning.io.errors import UserError, UserMessage
from bemanning.io.unit_file import MAX_FILE_BYTES

# Integration files (a FHIR bundle of a quarter, a year of time records) are larger than a unit file.
MAX_IMPORT_BYTES = MAX_FILE_BYTES * 20
MAX_MESSAGES = 50


class Problems:
    """Problems found while reading one file; ``raise_if_any`` fails with all of them at once."""

    def __init__(self, source: str):
        self.source = source
        self.messages: list[UserMessage] = []

    def add(self, key: str, **context: Any) -> None:
        self.messages.append(UserMessage(key, {"path": self.source, **context}))

    def __bool__(self) -> bool:
        return bool(self.messages)

    def raise_if_any(self) -> None:
        if self.messages:
            raise UserError(self.messages[:MAX_MESSAGES])


def read_bytes(path: Path) -> bytes:
    source = str(path)
    if not path.is_file():
        raise UserError.of("file_not_found", path=source)
    size = path.stat().st_size
    if size > MAX_IMPORT_BYTES:
        raise UserError.of("file_too_large", path=source, size=round(size / 1e6, 1),
                           limit=MAX_IMPORT_BYTES // 1_000_000)
    if size == 0:
        raise UserError.of("file_empty", path=source)
    return path.read_bytes()


def read_text(path: Path) -> str:
    try:
        return read_bytes(path).decode("utf-8-sig")
    except UnicodeDecodeError:
        raise UserError.of("file_not_text", path=str(path)) from None


def csv_rows(text: str, source: str, required: list[str]) -> tuple[list[str], Iterator[tuple[int, dict[str, str]]]]:
    """Header and (line number, row) pairs; ``;`` or ``,`` separated (Norwegian Excel writes ``;``).

    Header names are compared case-insensitively and trimmed. Missing required columns fail at once.
    """
    first = text.split("\n", 1)[0]
    delimiter = ";" if first.count(";") > first.count(",") else ","
    reader = csv.reader(io.StringIO(text), delimiter=delimiter)
    header = [h.strip().lower() for h in next(reader, [])]
    missing = [c for c in required if c not in header]
    if missing:
        raise UserError.of("csv_missing_columns", path=source, columns=", ".join(missing))

    def rows() -> Iterator[tuple[int, dict[str, str]]]:
        for line, values in enumerate(reader, start=2):
            if not any(v.strip() for v in values):
                continue
            yield line, {h: (values[i].strip() if i < len(values) else "") for i, h in enumerate(header)}

    return header, rows()
