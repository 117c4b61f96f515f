"""Uncovered places as CSV: ``date,shift_code,group,count[,below_minimum]`` (count defaults to 1).

`solve`'s ``coverage.csv`` (``missing`` instead of ``count``) is read as well; ``below_minimum``
heads are priced as the cover they need even without a lawful option (docs/costs.md)."""

from __future__ import annotations

import csv
import datetime as dt
import io
from pathlib import Path

from bemanning.model import Unit
from bemanning.model.costs_result import UncoveredPlace

from .errors import UserError, UserMessage, require_file
from .unit_file import MAX_FILE_BYTES

COLUMNS = ["date", "shift_code", "group", "count", "below_minimum"]


def read_uncovered_csv(path: Path, unit: Unit) -> list[UncoveredPlace]:
    source = str(path)
    require_file(path)
    if path.stat().st_size > MAX_FILE_BYTES:
        raise UserError.of("file_too_large", path=source, size=round(path.stat().st_size / 1e6, 1),
                           limit=MAX_FILE_BYTES // 1_000_000)
    try:
        text = path.read_bytes().decode("utf-8-sig")
    except UnicodeDecodeError:
        raise UserError.of("file_not_text", path=source) from None
    reader = csv.DictReader(io.StringIO(text))
    missing = [c for c in COLUMNS[:3] if c not in (reader.fieldnames or [])]
    if missing:
        raise UserError.of("csv_missing_columns", path=source, columns=", ".join(missing))
    shifts = {s.code for s in unit.shift_types}
    groups = {g.id for g in unit.groups}
    places, errors = [], []
    for line, row in enumerate(reader, start=2):
        def bad(column: str, value: str, line: int = line) -> None:
            errors.append(UserMessage("csv_bad_cell", {"path": source, "row": line, "column": column,
                                                       "problem": value}))

        raw_date = (row.get("date") or "").strip()
        code, group = (row.get("shift_code") or "").strip(), (row.get("group") or "").strip()
        raw_count = (row.get("count") or row.get("missing") or "1").strip() or "1"
        raw_below = (row.get("below_minimum") or "0").strip() or "0"
        try:
            date = dt.date.fromisoformat(raw_date)
        except ValueError:
            bad("date", raw_date)
            continue
        if code not in shifts:
            bad("shift_code", code)
            continue
        if group not in groups:
            bad("group", group)
            continue
        if not raw_count.isdigit() or not 1 <= int(raw_count) <= 100:
            bad("count", raw_count)
            continue
        if not raw_below.isdigit() or int(raw_below) > int(raw_count):
            bad("below_minimum", raw_below)
            continue
        places.append(UncoveredPlace(date=date, shift_code=code, group=group, count=int(raw_count),
                                     below_minimum=int(raw_below)))
    if errors:
        raise UserError(errors[:50])
    return places


def write_uncovered_csv(places: list[UncoveredPlace], path: Path) -> None:
    with path.open("w", newline="", encoding="utf-8") as handle:
        writer = csv.writer(handle)
        writer.writerow(COLUMNS)
        for p in places:
            writer.writerow([p.date.isoformat(), p.shift_code, p.group, p.count, p.below_minimum])
