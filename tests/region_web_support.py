"""A small solved region as the web app imports it: the region folder and the output of a region solve
(the one roster engine and the pool step, serial, small work budgets) in one zip."""

from __future__ import annotations

import datetime as dt
import io
import zipfile
from functools import cache
from pathlib import Path
from typing import Any

from bemanning.demo.region import build_region, write_region
from bemanning.io.region_outputs import write_region_outputs
from bemanning.planning.pool import PoolOptions
from bemanning.runtime.region import SerialRunner, UnitSolveSettings, solve_region

# Left out of the imported pool roster: a pool employee with an empty calendar, to place by hand.
FREE = "P02"


def zip_folder(folder: Path, prefix: str = "region/") -> bytes:
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w", zipfile.ZIP_DEFLATED) as archive:
        for path in sorted(folder.rglob("*")):
            if path.is_file():
                archive.write(path, prefix + str(path.relative_to(folder)))
    return buffer.getvalue()


@cache
def solved_region_folder(folder: str) -> Path:
    """``folder``: region.yaml + units/*.yaml and the solve's output in ``ut/``, FREE's rows removed."""
    out = Path(folder)
    demo = build_region(units=3, staff=6, pool=4, weeks=1, short_every=1)
    write_region(demo, out)
    result = solve_region(demo.region, demo.units, SerialRunner(), UnitSolveSettings(work_limit=1, seed=0),
                          PoolOptions(work_limit=2, seed=0))
    write_region_outputs(demo.region, demo.units, result, out / "ut")
    roster = out / "ut" / "pool_roster.csv"
    lines = roster.read_text(encoding="utf-8").splitlines()
    roster.write_text("\n".join(line for line in lines if not line.startswith(FREE + ",")) + "\n", encoding="utf-8")
    return out


def rest_breaking_pair(places: list[dict[str, Any]]) -> tuple[dict[str, Any], dict[str, Any]]:
    """An evening place in one unit and a day place the next morning in another, both open to FREE."""
    agency = [p for p in places if p["agency"] > 0 and FREE in p["eligible"]]
    for evening in (p for p in agency if p["shift_code"] == "A"):
        next_day = (dt.date.fromisoformat(evening["date"]) + dt.timedelta(days=1)).isoformat()
        for morning in agency:
            elsewhere = morning["unit_id"] != evening["unit_id"]
            if morning["date"] == next_day and morning["shift_code"] == "D" and elsewhere:
                return evening, morning
    raise AssertionError("the test region has no evening/next-morning pair of places in two units")
