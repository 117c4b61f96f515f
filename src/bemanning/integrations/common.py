"""Shared pieces of the import adapters: reading a file safely, CSV rows with line numbers, and
collecting every problem before failing (all-or-nothing imports)."""

from __future__ import annotations

import csv
import datetime as dt
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


def table_rows(path: Path, required: list[str]) -> tuple[list[str], Iterator[tuple[int, dict[str, str]]]]:
    """Header and (row number, row) pairs of a CSV file or the first sheet of an Excel workbook.

    Excel cells are turned into text as a user sees them: dates as ISO dates, times as HH:MM,
    whole numbers without decimals. Row numbers are the sheet's (header = row 1).
    """
    if path.suffix.lower() != ".xlsx":
        return csv_rows(read_text(path), str(path), required)
    from openpyxl import load_workbook

    data = read_bytes(path)
    try:
        book = load_workbook(io.BytesIO(data), read_only=True, data_only=True)
    except Exception:  # not a workbook (zip/xml errors of every kind)
        raise UserError.of("file_not_text", path=str(path)) from None
    sheet = book.worksheets[0]

    def text(value: object) -> str:
        if value is None:
            return ""
        if isinstance(value, dt.datetime):
            return value.date().isoformat() if value.time() == dt.time(0) else value.isoformat(timespec="minutes")
        if isinstance(value, dt.date):
            return value.isoformat()
        if isinstance(value, dt.time):
            return value.strftime("%H:%M")
        if isinstance(value, float) and value.is_integer():
            return str(int(value))
        return str(value).strip()

    cells = sheet.iter_rows(values_only=True)
    header = [text(h).lower() for h in next(cells, ())]
    missing = [c for c in required if c not in header]
    if missing:
        raise UserError.of("csv_missing_columns", path=str(path), columns=", ".join(missing))

    def rows() -> Iterator[tuple[int, dict[str, str]]]:
        for line, values in enumerate(cells, start=2):
            row = {h: text(values[i]) if i < len(values) else "" for i, h in enumerate(header)}
            if any(row.values()):
                yield line, row

    return header, rows()


def parse_date(value: str) -> dt.date | None:
    """ISO (2027-01-04) or Norwegian (04.01.2027) date, or None."""
    value = value.strip()
    try:
        if "." in value:
            day, month, year = (int(p) for p in value.split("."))
            return dt.date(year, month, day)
        return dt.date.fromisoformat(value[:10] if "T" in value else value)
    except ValueError:
        return None
