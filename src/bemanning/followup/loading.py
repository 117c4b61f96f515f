"""Find and load the follow-up datasets from folders or files, with validation and unit checks."""

from __future__ import annotations

from dataclasses import dataclass, field, replace
from pathlib import Path

import polars as pl

from bemanning.followup.reading import ROW, SUFFIXES, LoadedTable, empty_rejected, load_table, read_raw, validate
from bemanning.followup.schemas import DATASETS, ORGANISATION, SHIFTS
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
        _load_shift_files(data, found[SHIFT_DATASET])
    return data


def _load_shift_files(data: FollowupData, paths: list[Path]) -> None:
    """Shift data: Parquet files by the lazy scan (tens of millions of rows), CSV and Excel files read and
    checked like every other table (exports of a few hundred thousand rows); both together are summed as one."""
    from bemanning.followup.shifts import load_shifts, shift_totals

    parquet = [p for p in paths if p.suffix.lower() == ".parquet"]
    text = [p for p in paths if p.suffix.lower() != ".parquet"]
    if not text:
        data.shifts, data.shift_rejected, data.shift_rows, data._shift_totals = load_shifts(parquet, data.organisation)
        return
    tables = [load_shift_table(p, data.organisation) for p in text]
    frames = [tb.data.drop(ROW).lazy() for tb in tables]
    rejected = [tb.rejected for tb in tables]
    rows = sum(tb.rows_read for tb in tables)
    if parquet:
        valid, bad, parquet_rows, _ = load_shifts(parquet, data.organisation)
        categorical = [c for c, dtype in valid.collect_schema().items() if isinstance(dtype, pl.Enum | pl.Categorical)]
        frames.insert(0, valid.with_columns(pl.col(categorical).cast(pl.String)))
        rejected.insert(0, bad)
        rows += parquet_rows
    data.shifts = pl.concat(frames, how="diagonal_relaxed")
    data.shift_rejected = pl.concat(rejected)
    data.shift_rows = rows
    data._shift_totals = shift_totals(data.shifts).collect()


# yrkesgruppe (profession) is needed only for agency by profession; as in Parquet files it may be absent or empty
SHIFT_TEXT_SCHEMA = replace(
    SHIFTS, columns=tuple(replace(c, required=c.name != "yrkesgruppe") for c in SHIFTS.columns)
)


def load_shift_table(path: Path, organisation: pl.DataFrame) -> LoadedTable:
    """A shift file in CSV or Excel: the checks of every table (with line numbers) and the unit check; the
    valid rows typed as in a Parquet shift file (dato a date, timer and kostnad_nok numbers)."""
    raw = read_raw(path)
    if raw.height == 0:
        raise UserError.of("fu_no_rows", path=str(path), table=SHIFTS.name)
    optional = "yrkesgruppe" not in raw.columns
    if optional:
        raw = raw.with_columns(pl.lit(None, dtype=pl.String).alias("yrkesgruppe"))
    table = validate(raw, SHIFT_TEXT_SCHEMA, str(path))  # dato: a date (kind "date"), typed
    table.reject(~pl.col("enhet_id").is_in(organisation["enhet_id"].unique().implode()), "enhet_id",
                 t("fu_unknown_unit"))
    table.rejected = table.rejected.sort("rad", maintain_order=True)
    if optional:
        table.data = table.data.drop("yrkesgruppe")
    return table
