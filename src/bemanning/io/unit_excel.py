"""The unit as an Excel workbook, one sheet per table, so planners can edit it in Excel.

Tables (groups, tasks, shift types, employees, wishes, absences) become sheets with one row per
item; everything else goes to the sheet ``innstillinger`` as key paths (``activity/occupancy/mon``)
and values. List or mapping cells are written as JSON text.
"""

from __future__ import annotations

import json
import zipfile
from pathlib import Path
from typing import Any

from openpyxl import Workbook, load_workbook
from openpyxl.styles import Font, PatternFill
from openpyxl.utils.exceptions import InvalidFileException

from bemanning.model import Unit

from .errors import UserError, require_file
from .unit_file import MAX_FILE_BYTES, unit_from_data, unit_to_data

TABLES = ("groups", "tasks", "shift_types", "employees", "wishes", "absences", "shift_limits")
SETTINGS_SHEET = "innstillinger"
SEP = "/"
HEADER_FILL = PatternFill("solid", fgColor="DDE6F0")


def _cell(value: Any) -> Any:
    if isinstance(value, list | dict):
        return json.dumps(value, ensure_ascii=False)
    return value


def _uncell(value: Any) -> Any:
    if isinstance(value, str) and value[:1] in ("[", "{"):
        try:
            return json.loads(value)
        except json.JSONDecodeError:
            return value
    return value


def _flatten(data: dict[str, Any], prefix: str = "") -> list[tuple[str, Any]]:
    rows: list[tuple[str, Any]] = []
    for key, value in data.items():
        path = f"{prefix}{SEP}{key}" if prefix else str(key)
        if isinstance(value, dict) and value:
            rows += _flatten(value, path)
        else:
            rows.append((path, value))
    return rows


def _unflatten(rows: list[tuple[str, Any]]) -> dict[str, Any]:
    data: dict[str, Any] = {}
    for path, value in rows:
        node = data
        parts = path.split(SEP)
        for part in parts[:-1]:
            node = node.setdefault(part, {})
        node[parts[-1]] = value
    return data


def write_unit_excel(unit: Unit, path: Path) -> None:
    data = unit_to_data(unit)
    book = Workbook()
    settings = book.active
    assert settings is not None
    settings.title = SETTINGS_SHEET
    settings.append(["key", "value"])
    for key, value in _flatten({k: v for k, v in data.items() if k not in TABLES}):
        settings.append([key, _cell(value)])
    for table in TABLES:
        rows = data.get(table, [])
        sheet = book.create_sheet(table)
        columns: list[str] = []
        for row in rows:
            columns += [c for c in row if c not in columns]
        sheet.append(columns)
        for row in rows:
            sheet.append([_cell(row.get(c)) for c in columns])
    for sheet in book.worksheets:
        for cell in sheet[1]:
            cell.font = Font(bold=True)
            cell.fill = HEADER_FILL
        sheet.freeze_panes = "A2"
        for column in sheet.columns:
            width = max((len(str(c.value)) for c in column if c.value is not None), default=8)
            sheet.column_dimensions[column[0].column_letter].width = min(max(width + 2, 8), 60)
    book.save(path)


def read_unit_excel(path: Path) -> Unit:
    source = str(path)
    require_file(path)
    if path.stat().st_size > MAX_FILE_BYTES:
        raise UserError.of("file_too_large", path=source, size=round(path.stat().st_size / 1e6, 1),
                           limit=MAX_FILE_BYTES // 1_000_000)
    try:
        book = load_workbook(path, read_only=True, data_only=True)
    except (InvalidFileException, zipfile.BadZipFile, KeyError, ValueError, OSError) as exc:
        raise UserError.of("excel_bad", path=source, problem=type(exc).__name__) from None
    if SETTINGS_SHEET not in book.sheetnames:
        raise UserError.of("excel_bad", path=source, problem=f"mangler arket «{SETTINGS_SHEET}»")
    settings_rows = list(book[SETTINGS_SHEET].iter_rows(min_row=2, values_only=True))
    data = _unflatten([(str(r[0]), _uncell(r[1])) for r in settings_rows if r and r[0] is not None])
    for table in TABLES:
        if table not in book.sheetnames:
            continue
        rows = list(book[table].iter_rows(values_only=True))
        if not rows:
            continue
        header = [str(h) for h in rows[0] if h is not None]
        items = []
        for values in rows[1:]:
            if values is None or all(v is None for v in values):
                continue
            items.append({h: _uncell(v) for h, v in zip(header, values, strict=False) if v is not None})
        if items:
            data[table] = items
    return unit_from_data(data, source)
