"""Follow-up dashboards: KPI tables (Parquet under ``DATA_DIR/followup``) filtered by trust, clinic,
unit and months, shaped for charts.

The app seeds a small generated region (``bemanning followup generer`` shape: 3 trusts × 10 units ×
36 months) on first use, or again when an admin asks. Only aggregated numbers per unit and month are
kept (no person): the sick-leave ranking is per unit.
"""

from __future__ import annotations

import re
import threading
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import polars as pl

from bemanning.followup.generate import RegionShape, generate_region, write_region
from bemanning.followup.loading import load_followup
from bemanning.followup.report import compute, write_parquet
from bemanning.i18n import register
from bemanning.io.errors import UserError

SEED_SHAPE = RegionShape(trusts=3, units_per_trust=10, months=36)
LEVEL_FILES = {level: f"kpi_{level}_maned.parquet" for level in ("enhet", "klinikk", "foretak", "region")}
RANKING_FILE = "sykefravaer_rangering.parquet"
MONTH = re.compile(r"^\d{4}-(0[1-9]|1[0-2])$")
CHART_COLUMNS = ("brutto_manedsverk", "overtid_andel_pct", "sykefravaer_pct", "sykefravaer_pct_12m")

register(
    {
        "web_followup_bad": {"no": "Ugyldig filter: {problem}", "en": "Invalid filter: {problem}"},
    }
)


@dataclass(frozen=True)
class FollowupTables:
    levels: dict[str, pl.DataFrame]
    ranking: pl.DataFrame
    stamp: float


class FollowupStore:
    """The KPI tables of the data folder, read once per change of the files."""

    def __init__(self, folder: Path):
        self.folder = folder
        self.kpi = folder / "kpi" / "parquet"
        self._lock = threading.Lock()
        self._tables: FollowupTables | None = None

    def seeded(self) -> bool:
        return all((self.kpi / name).exists() for name in [*LEVEL_FILES.values(), RANKING_FILE])

    def seed(self, shape: RegionShape = SEED_SHAPE) -> None:
        """Generate the input datasets and compute the KPI tables (about a second)."""
        with self._lock:
            raw = self.folder / "input"
            write_region(generate_region(shape), raw, "parquet")
            write_parquet(compute(load_followup([raw])), self.folder / "kpi")
            self._tables = None

    def tables(self) -> FollowupTables:
        if not self.seeded():
            self.seed()
        stamp = max((self.kpi / name).stat().st_mtime for name in LEVEL_FILES.values())
        with self._lock:
            if self._tables is None or self._tables.stamp != stamp:
                levels = {level: pl.read_parquet(self.kpi / name) for level, name in LEVEL_FILES.items()}
                self._tables = FollowupTables(levels, pl.read_parquet(self.kpi / RANKING_FILE), stamp)
            return self._tables


def followup_store(state: Any) -> FollowupStore:
    store = getattr(state, "followup_store", None)
    if store is None:
        store = FollowupStore(Path(state.settings.data_dir) / "followup")
        state.followup_store = store
    assert isinstance(store, FollowupStore)
    return store


@dataclass(frozen=True)
class Filters:
    trust: str | None = None
    clinic: str | None = None
    unit: str | None = None
    start: str | None = None  # YYYY-MM
    end: str | None = None

    @classmethod
    def of(cls, **values: str | None) -> Filters:
        clean = {k: (v.strip() or None) if isinstance(v, str) else None for k, v in values.items()}
        for key in ("start", "end"):
            if clean.get(key) and not MONTH.match(str(clean[key])):
                raise UserError.of("web_followup_bad", problem=f"{key}={clean[key]!r} (ÅÅÅÅ-MM)")
        if clean.get("start") and clean.get("end") and str(clean["start"]) > str(clean["end"]):
            raise UserError.of("web_followup_bad", problem="start > end")
        return cls(**clean)


def _series_level(f: Filters) -> tuple[str, str]:
    """Which level the traces are (the children of the selection) and their label column."""
    if f.unit:
        return "enhet", "enhet"
    if f.clinic:
        return "enhet", "enhet"
    if f.trust:
        return "klinikk", "klinikk"
    return "foretak", "foretak"


def _select(frame: pl.DataFrame, f: Filters) -> pl.DataFrame:
    for column, value in (("foretak", f.trust), ("klinikk", f.clinic), ("enhet_id", f.unit)):
        if value and column in frame.columns:
            frame = frame.filter(pl.col(column) == value)
    if "maned" in frame.columns:
        if f.start:
            frame = frame.filter(pl.col("maned") >= f.start)
        if f.end:
            frame = frame.filter(pl.col("maned") <= f.end)
    return frame


def _options(units: pl.DataFrame, f: Filters) -> dict[str, list[Any]]:
    org = units.select("foretak", "klinikk", "enhet_id", "enhet").unique()
    trusts = sorted(org["foretak"].unique().to_list())
    in_trust = org.filter(pl.col("foretak") == f.trust) if f.trust else org
    clinics = sorted(in_trust["klinikk"].unique().to_list())
    in_clinic = in_trust.filter(pl.col("klinikk") == f.clinic) if f.clinic else in_trust
    unit_rows = in_clinic.sort("enhet_id").select("enhet_id", "enhet").rows()
    months = sorted(units["maned"].unique().to_list())
    return {"trusts": trusts, "clinics": clinics, "units": [list(r) for r in unit_rows], "months": months}


def _check_known(options: dict[str, list[Any]], f: Filters, units: pl.DataFrame) -> None:
    if f.trust and f.trust not in options["trusts"]:
        raise UserError.of("web_followup_bad", problem=f"trust={f.trust!r}")
    if f.clinic and f.clinic not in units["klinikk"].unique().to_list():
        raise UserError.of("web_followup_bad", problem=f"clinic={f.clinic!r}")
    if f.unit and f.unit not in units["enhet_id"].unique().to_list():
        raise UserError.of("web_followup_bad", problem=f"unit={f.unit!r}")


def _round(values: list[Any], digits: int = 2) -> list[float | None]:
    return [None if v is None else round(float(v), digits) for v in values]


def dashboard(store: FollowupStore, f: Filters, ranking_limit: int = 20) -> dict[str, Any]:
    tables = store.tables()
    units = tables.levels["enhet"]
    options = _options(units, f)
    _check_known(options, f, units)
    level, label = _series_level(f)
    frame = _select(tables.levels[level], f).filter(pl.col("avtalte_timer") > 0).sort("maned")
    months = sorted(frame["maned"].unique().to_list())
    series: dict[str, list[dict[str, Any]]] = {column: [] for column in CHART_COLUMNS}
    for (name,), part in frame.group_by(label, maintain_order=True):
        x = part["maned"].to_list()
        for column in CHART_COLUMNS:
            series[column].append({"name": str(name), "x": x, "y": _round(part[column].to_list())})
    totals = (
        _select(units, f)
        .filter(pl.col("avtalte_timer") > 0)
        .group_by("maned")
        .agg(pl.col("innleie_nok").sum(), pl.col("budsjett_innleie_nok").sum())
        .sort("maned")
    )
    agency = {
        "x": totals["maned"].to_list(),
        "actual": _round(totals["innleie_nok"].to_list(), 0),
        "budget": _round(totals["budsjett_innleie_nok"].to_list(), 0),
    }
    ranking = _select(tables.ranking, Filters(f.trust, f.clinic, f.unit)).sort("rang").head(ranking_limit)
    columns = [
        "rang",
        "foretak",
        "klinikk",
        "enhet_id",
        "enhet",
        "sykefravaer_pct",
        "forventet_pct",
        "overskudd_pp",
        "folges_opp",
    ]
    ranked = [
        {k: (round(v, 2) if isinstance(v, float) else v) for k, v in zip(columns, row, strict=True)}
        for row in ranking.select(columns).rows()
    ]
    period = tables.ranking.select("periode_fra", "periode_til").row(0) if tables.ranking.height else ("", "")
    return {
        "filters": {"trust": f.trust, "clinic": f.clinic, "unit": f.unit, "from": f.start, "to": f.end},
        "options": options,
        "level": level,
        "months": months,
        "series": series,
        "agency": agency,
        "ranking": ranked,
        "ranking_period": {"from": period[0], "to": period[1]},
    }
