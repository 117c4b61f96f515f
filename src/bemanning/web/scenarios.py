"""Scenario comparison in the web app, read from the ``comparison.csv`` that
``bemanning scenario compare`` (or ``bemanning demo``, folder ``scenarioer/``) writes.

A manager either uploads the CSV or runs the scenario engine on the stored unit as a background job
(``bemanning.web.scenario_job``, which stores its outcomes with ``store_outcomes``). The file is kept per
unit under ``DATA_DIR/scenarios/<unit>/comparison.csv`` (whole-unit numbers, no personal data).
"""

from __future__ import annotations

import csv
import io
import re
from pathlib import Path
from typing import Any

from bemanning.i18n import register
from bemanning.io.errors import UserError
from bemanning.planning.chain import COMPARISON_COLUMNS
from bemanning.planning.scenario_compare import CSV_COLUMNS, VERDICTS, ScenarioOutcome

# The chain's figures of comparison.csv; all but 'scenario' (the first) are numbers.
COLUMNS: tuple[str, ...] = COMPARISON_COLUMNS
NUMBER_COLUMNS: tuple[str, ...] = tuple(c for c in COLUMNS if c != "scenario")
# The comparison's own columns (spread over the seeds, verdicts, flags; planning.scenario_compare):
# optional, so an older one-seed comparison.csv still loads.
TEXT_COLUMNS: tuple[str, ...] = tuple(
    c for c in CSV_COLUMNS if c.endswith("_verdict") or c in ("roster_status", "comparable", "long_shift_limited_by"))
EXTRA_NUMBER_COLUMNS: tuple[str, ...] = tuple(c for c in CSV_COLUMNS if c not in COLUMNS and c not in TEXT_COLUMNS)
REQUIRED = ("scenario", "fte_need", "cost_total_nok")
MAX_BYTES = 256 * 1024
MAX_ROWS = 50

register(
    {
        "web_scenario_bad_csv": {"no": "comparison.csv: {problem}", "en": "comparison.csv: {problem}"},
    }
)


def parse_comparison(data: bytes) -> list[dict[str, Any]]:
    """Rows with ``scenario`` and the known number columns (missing ones are None); bad input: 422."""
    if len(data) > MAX_BYTES:
        raise UserError.of("web_scenario_bad_csv", problem="file too large")
    try:
        text = data.decode("utf-8-sig")
    except UnicodeDecodeError:
        raise UserError.of("web_scenario_bad_csv", problem="not UTF-8") from None
    reader = csv.DictReader(io.StringIO(text))
    missing = [c for c in REQUIRED if c not in (reader.fieldnames or [])]
    if missing:
        raise UserError.of("web_scenario_bad_csv", problem=f"missing columns {', '.join(missing)}")
    rows: list[dict[str, Any]] = []
    for line, raw in enumerate(reader, start=2):
        name = (raw.get("scenario") or "").strip()
        if not name:
            raise UserError.of("web_scenario_bad_csv", problem=f"line {line}: empty scenario")
        row: dict[str, Any] = {"scenario": name[:100]}
        for column in TEXT_COLUMNS:
            text_value = (raw.get(column) or "").strip()[:200]
            if column.endswith("_verdict") and text_value and text_value not in VERDICTS:
                raise UserError.of("web_scenario_bad_csv", problem=f"line {line}: {column}={text_value!r}")
            if column == "comparable" and text_value not in ("", "true", "false"):
                raise UserError.of("web_scenario_bad_csv", problem=f"line {line}: {column}={text_value!r}")
            row[column] = text_value or None
        for column in (*NUMBER_COLUMNS, *EXTRA_NUMBER_COLUMNS):
            value = (raw.get(column) or "").strip().replace(" ", "").replace(",", ".")
            try:
                row[column] = float(value) if value else None
            except ValueError:
                raise UserError.of("web_scenario_bad_csv", problem=f"line {line}: {column}={value!r}") from None
        rows.append(row)
        if len(rows) > MAX_ROWS:
            raise UserError.of("web_scenario_bad_csv", problem=f"more than {MAX_ROWS} scenarios")
    if not rows:
        raise UserError.of("web_scenario_bad_csv", problem="no rows")
    return rows


def comparison_path(data_dir: Path, unit_id: str) -> Path:
    safe = re.sub(r"[^A-Za-z0-9_-]+", "_", unit_id)
    return data_dir / "scenarios" / safe / "comparison.csv"


def store_comparison(data_dir: Path, unit_id: str, data: bytes) -> list[dict[str, Any]]:
    rows = parse_comparison(data)
    path = comparison_path(data_dir, unit_id)
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_bytes(data)
    return rows


def store_outcomes(data_dir: Path, unit_id: str, outcomes: list[ScenarioOutcome]) -> list[dict[str, Any]]:
    """Store a scenario comparison as the unit's comparison.csv, written by the CLI's own writer
    (``io.comparison_report.write_comparison_csv``: every figure with its spread and verdict)."""
    from bemanning.io.comparison_report import write_comparison_csv

    path = comparison_path(data_dir, unit_id)
    path.parent.mkdir(parents=True, exist_ok=True)
    draft = path.with_suffix(".csv.tmp")
    write_comparison_csv(outcomes, draft)
    try:
        return store_comparison(data_dir, unit_id, draft.read_bytes())
    finally:
        draft.unlink(missing_ok=True)


def load_comparison(data_dir: Path, unit_id: str) -> list[dict[str, Any]] | None:
    path = comparison_path(data_dir, unit_id)
    return parse_comparison(path.read_bytes()) if path.exists() else None


def chart_data(rows: list[dict[str, Any]]) -> dict[str, Any]:
    """Series for the charts: FTE need vs current, annual cost by source, open shifts and violations."""
    names = [r["scenario"] for r in rows]

    def column(key: str) -> list[float | None]:
        return [r.get(key) for r in rows]

    return {
        "names": names,
        "fte": {"need": column("fte_need"), "current": column("fte_current")},
        "cost": {
            "own": column("cost_own_staff_nok"),
            "overtime": column("cost_overtime_nok"),
            "agency": column("cost_agency_nok"),
            "total": column("cost_total_nok"),
        },
        "quality": {
            "uncovered": column("uncovered_shifts"),
            "hard": column("hard_violations"),
            "weekends": column("weekends_per_employee"),
        },
    }
