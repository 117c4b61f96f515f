"""Read a table (CSV, Excel, Parquet), validate every row, keep the bad ones in a rejected-rows report.

Nothing is dropped silently: every rejected row appears in ``rejected`` with file, row, column,
value and reason, and ``LoadedTable.summary`` states how many rows were read, rejected and used.
Row numbers are as the user sees them: the line in a CSV file, the row in the Excel sheet
(header = row 1), the 1-based record in a Parquet file.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass
from pathlib import Path

import polars as pl

from bemanning.followup import messages as _messages  # noqa: F401  (registers messages)
from bemanning.followup.schemas import Column, TableSchema
from bemanning.i18n import t
from bemanning.io.errors import UserError

ROW = "_rad"
REJECTED_COLUMNS: dict[str, pl.DataType] = {
    "fil": pl.String(),
    "rad": pl.Int64(),
    "kolonne": pl.String(),
    "verdi": pl.String(),
    "arsak": pl.String(),
}
SUFFIXES = (".csv", ".xlsx", ".parquet")
FIRST_DAY, LAST_DAY = dt.date(1900, 1, 1), dt.date(2099, 12, 31)  # the dates shift data may carry


def empty_rejected() -> pl.DataFrame:
    return pl.DataFrame(schema=REJECTED_COLUMNS)


@dataclass
class LoadedTable:
    schema: TableSchema
    path: str
    data: pl.DataFrame
    """Valid rows, typed, with the source row number in ``_rad``."""
    rejected: pl.DataFrame
    """One line per problem: fil, rad, kolonne, verdi, arsak."""
    rows_read: int

    @property
    def rows_rejected(self) -> int:
        return self.rejected["rad"].n_unique() if self.rejected.height else 0

    def summary(self) -> str:
        return t(
            "fu_rows_summary",
            table=self.schema.name,
            read=self.rows_read,
            rejected=self.rows_rejected,
            kept=self.data.height,
        )

    def reject(self, mask: pl.Expr, column: str, reason: str) -> None:
        """Move rows matching ``mask`` (on ``data``) into the rejected report."""
        bad = self.data.filter(mask)
        if bad.height == 0:
            return
        self.rejected = pl.concat([self.rejected, _problems(bad, self.path, column, reason)])
        self.data = self.data.filter(~mask)


def _problems(frame: pl.DataFrame, path: str, column: str, reason: str | pl.Expr) -> pl.DataFrame:
    return frame.select(
        pl.lit(path).alias("fil"),
        pl.col(ROW).cast(pl.Int64).alias("rad"),
        pl.lit(column).alias("kolonne"),
        pl.col(column).cast(pl.String).fill_null("").alias("verdi"),
        (reason if isinstance(reason, pl.Expr) else pl.lit(reason)).cast(pl.String).alias("arsak"),
    )


def read_raw(path: Path) -> pl.DataFrame:
    """All cells as text plus the user-visible row number in ``_rad``."""
    if not path.exists():
        raise UserError.of("file_not_found", path=str(path))
    suffix = path.suffix.lower()
    try:
        if suffix == ".csv":
            return _read_csv(path)
        if suffix == ".xlsx":
            return _read_excel(path)
        if suffix == ".parquet":
            frame = pl.read_parquet(path)
            frame = frame.select(pl.all().cast(pl.String))
            return frame.with_row_index(ROW, offset=1)
    except UserError:
        raise
    except Exception as exc:  # the file itself is broken: one clear message, exit 2
        raise UserError.of(
            "fu_unreadable", path=str(path), kind=suffix.lstrip("."), problem=str(exc).splitlines()[0][:200]
        ) from exc
    raise UserError.of("fu_unknown_format", path=str(path))


def _read_csv(path: Path) -> pl.DataFrame:
    with path.open("rb") as handle:
        first = handle.readline().decode("utf-8-sig", errors="replace")
    separator = ";" if first.count(";") > first.count(",") else ","
    frame = pl.read_csv(path, infer_schema=False, separator=separator, encoding="utf8")
    frame = frame.rename({c: c.strip().lstrip("\ufeff") for c in frame.columns})
    # the header is line 1; assumes no line breaks inside quoted fields
    return frame.with_row_index(ROW, offset=2)


def _cell_text(value: object) -> str | None:
    if value is None:
        return None
    if isinstance(value, dt.datetime | dt.date):
        return value.strftime("%Y-%m-%d")
    if isinstance(value, float) and value.is_integer():
        return str(int(value))
    return str(value)


def _read_excel(path: Path) -> pl.DataFrame:
    from openpyxl import load_workbook

    workbook = load_workbook(path, read_only=True, data_only=True)
    try:
        sheet = workbook.worksheets[0]
        rows = sheet.iter_rows(values_only=True)
        header = [
            str(h).strip() if h is not None else f"kolonne_{i + 1}" for i, h in enumerate(next(rows, ()))
        ]
        records: list[list[str | None]] = []
        numbers: list[int] = []
        for number, row in enumerate(rows, start=2):
            cells = [_cell_text(v) for v in row][: len(header)]
            if all(c is None or c == "" for c in cells):
                continue  # blank rows at the end of a sheet are not data
            records.append(cells + [None] * (len(header) - len(cells)))
            numbers.append(number)
    finally:
        workbook.close()
    frame = pl.DataFrame(records, schema={h: pl.String for h in header}, orient="row")
    return frame.with_columns(pl.Series(ROW, numbers, dtype=pl.UInt32))


def _numeric_text(column: str) -> pl.Expr:
    # accept "170 245" and "1 950,5" as users type them in Norwegian
    return pl.col(column).str.strip_chars().str.replace_all(r"[\s\u00a0\u202f]", "").str.replace(",", ".")


def _check_column(raw: pl.DataFrame, column: Column, path: str) -> tuple[pl.Expr, pl.DataFrame]:
    """(typed value expression, problems) for one column."""
    name = column.name
    text = pl.col(name).str.strip_chars()
    missing = text.is_null() | (text == "")
    problems = [_problems(raw.filter(missing), path, name, t("fu_missing_value"))] if column.required else []
    present = ~missing
    typed: pl.Expr
    if column.kind in ("number", "integer"):
        typed = _numeric_text(name).cast(pl.Float64, strict=False)
        bad = present & (typed.is_null() | typed.is_nan() | typed.is_infinite())
        problems.append(_problems(raw.filter(bad), path, name, t("fu_not_number")))
        if column.kind == "integer":
            bad_int = present & ~bad & (typed != typed.round(0))
            problems.append(_problems(raw.filter(bad_int), path, name, t("fu_not_integer")))
            bad = bad | bad_int
        if column.minimum is not None:
            low = present & ~bad & (typed < column.minimum)
            problems.append(_problems(raw.filter(low), path, name, t("fu_below_min", minimum=column.minimum)))
        if column.kind == "integer":
            typed = typed.round(0).cast(pl.Int64, strict=False)
    elif column.kind == "month":
        month_ok = text.str.contains(r"^\d{4}-(0[1-9]|1[0-2])(-\d{2})?$")
        problems.append(
            _problems(raw.filter(present & ~month_ok.fill_null(False)), path, name, t("fu_not_month"))
        )
        typed = text.str.slice(0, 7)
    elif column.kind == "date":
        typed = text.str.to_date("%Y-%m-%d", strict=False)
        bad = present & ~typed.is_between(FIRST_DAY, LAST_DAY).fill_null(False)
        problems.append(_problems(raw.filter(bad), path, name, t("fu_not_date")))
    elif column.kind == "choice":
        typed = text.str.to_lowercase()
        bad = present & ~typed.is_in(list(column.choices)).fill_null(False)
        problems.append(
            _problems(raw.filter(bad), path, name, t("fu_not_choice", choices=", ".join(column.choices)))
        )
    else:
        typed = text
    return typed.alias(name), pl.concat(problems) if problems else empty_rejected()


def validate(raw: pl.DataFrame, schema: TableSchema, path: str) -> LoadedTable:
    missing = [c for c in schema.column_names if c not in raw.columns]
    if missing:
        raise UserError.of(
            "fu_missing_columns",
            path=path,
            columns=", ".join(missing),
            table=schema.name,
            expected=", ".join(schema.column_names),
        )
    exprs: list[pl.Expr] = []
    problems: list[pl.DataFrame] = []
    for column in schema.columns:
        typed, found = _check_column(raw, column, path)
        exprs.append(typed)
        problems.append(found)
    rejected = pl.concat(problems) if problems else empty_rejected()
    bad_rows = rejected["rad"].unique()
    data = raw.filter(~pl.col(ROW).cast(pl.Int64).is_in(bad_rows.implode())).select(pl.col(ROW), *exprs)
    table = LoadedTable(schema=schema, path=path, data=data, rejected=rejected, rows_read=raw.height)
    if schema.key:
        _reject_duplicates(table)
    table.rejected = table.rejected.sort("rad", "kolonne", maintain_order=True)
    return table


def _reject_duplicates(table: LoadedTable) -> None:
    key = list(table.schema.key)
    first = pl.col(ROW).min().over(key)
    marked = table.data.with_columns(first.alias("_first"))
    dupes = marked.filter(pl.col(ROW) != pl.col("_first"))
    if dupes.height == 0:
        return
    reason = pl.format(t("fu_duplicate", row="{}", key="+".join(key)), pl.col("_first"))
    table.rejected = pl.concat([table.rejected, _problems(dupes, table.path, key[-1], reason)])
    table.data = marked.filter(pl.col(ROW) == pl.col("_first")).drop("_first")


def load_table(path: Path, schema: TableSchema) -> LoadedTable:
    raw = read_raw(path)
    if raw.height == 0:  # a header and nothing else is an export gone wrong, not "no activity"
        raise UserError.of("fu_no_rows", path=str(path), table=schema.name)
    return validate(raw, schema, str(path))
