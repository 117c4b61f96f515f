"""Find and load the follow-up datasets from folders or files, with validation and unit checks."""

from __future__ import annotations

from dataclasses import dataclass, field
from pathlib import Path

import polars as pl

from bemanning.followup.reading import ROW, SUFFIXES, LoadedTable, empty_rejected, load_table
from bemanning.followup.schemas import DATASETS, ORGANISATION
from bemanning.i18n import t
from bemanning.io.errors import UserError

SHIFT_DATASET = "vakter"


def dataset_of(path: Path) -> str | None:
    """``timer.csv`` and ``timer_2023.xlsx`` both belong to the dataset ``timer``."""
    stem = path.stem.lower()
    for name in [*DATASETS, SHIFT_DATASET]:
        if stem == name or stem.startswith(name + "_"):
            return name
    return None


def discover(paths: list[Path]) -> dict[str, list[Path]]:
    found: dict[str, list[Path]] = {}
    for path in paths:
        if not path.exists():
            raise UserError.of("file_not_found", path=str(path))
        if path.is_dir():
            candidates = sorted(p for p in path.iterdir() if p.suffix.lower() in SUFFIXES)
            for candidate in candidates:
                name = dataset_of(candidate)
                if name is not None:
                    found.setdefault(name, []).append(candidate)
            continue
        if path.suffix.lower() not in SUFFIXES:
            raise UserError.of("fu_unknown_format", path=str(path))
        name = dataset_of(path)
        if name is None:
            raise UserError.of(
                "fu_unknown_dataset",
                path=str(path),
                name=path.stem,
                known=", ".join([*DATASETS, SHIFT_DATASET]),
            )
        found.setdefault(name, []).append(path)
    if not found:
        raise UserError.of("fu_no_data", path=", ".join(str(p) for p in paths))
    if ORGANISATION.name not in found:
        raise UserError.of("fu_needs_org")
    return found


@dataclass
class FollowupData:
    tables: dict[str, list[LoadedTable]] = field(default_factory=dict)
    shifts: pl.LazyFrame | None = None
    shift_rejected: pl.DataFrame | None = None
    shift_rows: int = 0
    _shift_totals: pl.DataFrame | None = field(default=None, repr=False)

    def shift_totals(self) -> pl.DataFrame | None:
        """Shift data summed per unit, month, hour type and profession; computed once, then reused."""
        if self.shifts is None:
            return None
        if self._shift_totals is None:
            from bemanning.followup.shifts import shift_totals

            self._shift_totals = shift_totals(self.shifts).collect()
        return self._shift_totals

    def agency(self) -> pl.DataFrame | None:
        """Agency hire per unit, month and profession from ``innleie`` files and shift data together."""
        parts = [frame for frame in [self.frame("innleie")] if frame is not None]
        totals = self.shift_totals()
        if totals is not None:
            from bemanning.followup.shifts import agency_from_totals

            parts.append(agency_from_totals(totals))
        return pl.concat(parts, how="diagonal_relaxed") if parts else None

    def frame(self, name: str) -> pl.DataFrame | None:
        tables = self.tables.get(name)
        if not tables:
            return None
        return pl.concat([tb.data for tb in tables], how="vertical_relaxed").drop(ROW)

    @property
    def organisation(self) -> pl.DataFrame:
        frame = self.frame(ORGANISATION.name)
        assert frame is not None
        return frame

    def rejected(self) -> pl.DataFrame:
        parts = [tb.rejected for tables in self.tables.values() for tb in tables]
        if self.shift_rejected is not None:
            parts.append(self.shift_rejected)
        return pl.concat(parts) if parts else empty_rejected()

    def row_counts(self) -> pl.DataFrame:
        """Per file: rows read, rejected, used — the totals every report states."""
        rows = [
            {
                "tabell": tb.schema.name,
                "fil": tb.path,
                "lest": tb.rows_read,
                "avvist": tb.rows_rejected,
                "brukt": tb.data.height,
            }
            for tables in self.tables.values()
            for tb in tables
        ]
        if self.shifts is not None:
            rejected = 0 if self.shift_rejected is None else self.shift_rejected["rad"].n_unique()
            rows.append(
                {
                    "tabell": SHIFT_DATASET,
                    "fil": SHIFT_DATASET,
                    "lest": self.shift_rows,
                    "avvist": rejected,
                    "brukt": self.shift_rows - rejected,
                }
            )
        return pl.DataFrame(
            rows,
            schema={
                "tabell": pl.String,
                "fil": pl.String,
                "lest": pl.Int64,
                "avvist": pl.Int64,
                "brukt": pl.Int64,
            },
        )

    def summary_lines(self) -> list[str]:
        return [
            t("fu_rows_summary", table=r["tabell"], read=r["lest"], rejected=r["avvist"], kept=r["brukt"])
            for r in self.row_counts().iter_rows(named=True)
        ]


def load_followup(paths: list[Path]) -> FollowupData:
    found = discover(paths)
    data = FollowupData()
    data.tables[ORGANISATION.name] = [load_table(p, ORGANISATION) for p in found[ORGANISATION.name]]
    units = data.organisation["enhet_id"].unique().implode()
    for name, schema in DATASETS.items():
        if name == ORGANISATION.name or name not in found:
            continue
        tables = [load_table(p, schema) for p in found[name]]
        for table in tables:
            table.reject(~pl.col("enhet_id").is_in(units), "enhet_id", t("fu_unknown_unit"))
            table.rejected = table.rejected.sort("rad", maintain_order=True)
        data.tables[name] = tables
    if SHIFT_DATASET in found:
        from bemanning.followup.shifts import load_shifts

        data.shifts, data.shift_rejected, data.shift_rows, data._shift_totals = load_shifts(
            found[SHIFT_DATASET], data.organisation
        )
    return data
