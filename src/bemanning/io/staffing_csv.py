"""Write the staffing results as CSV: requirement, FTE need and projection.

Every file carries the FTE-year convention (``fte_year_hours``) in its last column, so a
reader always sees which convention the hours were computed with.
"""

from __future__ import annotations

import csv
from pathlib import Path

from bemanning.model import StaffingRequirement
from bemanning.model.staffing_result import FteResult, Projection

REQUIREMENT_COLUMNS = ["day_type", "shift", "group", "minimum", "required", "from_workload", "task_hours",
                       "care_floor_hours", "shared_hours", "reason", "covered_by"]
FTE_COLUMNS = ["group", "weekly_hours", "fte_need", "fte_need_with_absence", "fte_current", "gap_fte",
               "gap_hours_per_year", "arrangement", "weekly_cover_hours", "sunday_share", "night_share",
               "unavailability", "fte_year_hours", "annual_hours_per_fte"]
PROJECTION_COLUMNS = ["year", "group", "fte_need", "fte_need_with_absence", "fte_need_without_measures",
                      "fte_need_without_measures_with_absence", "activity_factor", "fte_year_hours"]


def _write(path: Path, columns: list[str], rows: list[dict[str, object]]) -> Path:
    path.parent.mkdir(parents=True, exist_ok=True)
    with path.open("w", newline="", encoding="utf-8") as handle:
        writer = csv.DictWriter(handle, fieldnames=columns)
        writer.writeheader()
        writer.writerows(rows)
    return path


def write_requirement(requirement: StaffingRequirement, path: Path) -> Path:
    covered_by = {s.group: " ".join(s.covered_by) for s in requirement.substitutions}
    rows: list[dict[str, object]] = [
        {
            "day_type": r.day_type.value, "shift": r.shift, "group": r.group, "minimum": r.minimum,
            "required": r.required, "from_workload": r.from_workload, "task_hours": round(r.task_hours, 2),
            "care_floor_hours": round(r.care_floor_hours, 2), "shared_hours": round(r.shared_hours, 2),
            "reason": r.reason,
            "covered_by": covered_by.get(r.group, ""),
        }
        for r in requirement.rows
    ]
    return _write(path, REQUIREMENT_COLUMNS, rows)


def write_fte(result: FteResult, path: Path) -> Path:
    rows: list[dict[str, object]] = [
        {**{c: getattr(r, c) for c in FTE_COLUMNS if c not in ("arrangement", "fte_year_hours")},
         "arrangement": r.arrangement.value, "fte_year_hours": result.fte_year_hours}
        for r in result.rows
    ]
    return _write(path, FTE_COLUMNS, rows)


def write_projection(projection: Projection, path: Path) -> Path:
    rows: list[dict[str, object]] = [
        {**{c: getattr(r, c) for c in PROJECTION_COLUMNS if c != "fte_year_hours"},
         "fte_year_hours": projection.fte_year_hours}
        for r in projection.rows
    ]
    return _write(path, PROJECTION_COLUMNS, rows)


def write_all(
    requirement: StaffingRequirement, fte: FteResult, projection: Projection, out: Path
) -> list[Path]:
    """``out/requirement.csv``, ``out/fte.csv`` and ``out/projection.csv``."""
    return [
        write_requirement(requirement, out / "requirement.csv"),
        write_fte(fte, out / "fte.csv"),
        write_projection(projection, out / "projection.csv"),
    ]
