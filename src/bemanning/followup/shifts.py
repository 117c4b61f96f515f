"""Shift-level data (one row per shift or absence shift) aggregated to the monthly base columns.

Designed for tens of millions of rows: a lazy Parquet scan, one group-by on
(unit, month, hour type), then a small pivot. Paid absence counts as ordinary paid hours, and
the agreed hours of a month are the ordinary hours worked plus the absence hours.
"""

from __future__ import annotations

import datetime as dt
from pathlib import Path

import polars as pl

from bemanning.followup.reading import REJECTED_COLUMNS
from bemanning.followup.schemas import SHIFTS
from bemanning.i18n import t

SHIFT_TYPES = SHIFTS.column("timetype").choices


# Month index (year × 12 + month − 1) of every day 1900-01-01 … 2099-12-31, looked up by day number:
# far cheaper than calendar arithmetic on every one of tens of millions of rows.
_FIRST_DAY = dt.date(1900, 1, 1)
_LAST_DAY = dt.date(2099, 12, 31)
_DAY_OFFSET = (dt.date(1970, 1, 1) - _FIRST_DAY).days


def _month_lookup() -> pl.Series:
    days = pl.date_range(_FIRST_DAY, _LAST_DAY, eager=True)
    return days.dt.year().cast(pl.Int32) * 12 + days.dt.month().cast(pl.Int32) - 1


def _coded(schema: pl.Schema, name: str) -> tuple[pl.Expr, pl.Expr]:
    """(group key, decode to text): Enum columns group on their integer codes."""
    dtype = schema[name]
    if isinstance(dtype, pl.Enum):
        categories = pl.Series(dtype.categories.to_list(), dtype=pl.String)
        return pl.col(name).to_physical(), pl.lit(categories).gather(pl.col(name)).alias(name)
    return pl.col(name).cast(pl.String), pl.col(name)


def monthly_from_shifts(shifts: pl.LazyFrame) -> pl.LazyFrame:
    schema = shifts.collect_schema()
    unit_key, unit_text = _coded(schema, "enhet_id")
    type_key, type_text = _coded(schema, "timetype")
    month = pl.lit(_month_lookup()).gather(pl.col("dato").cast(pl.Date).to_physical() + _DAY_OFFSET)
    by_type = (
        shifts.group_by(unit_key.alias("enhet_id"), month.alias("_m"), type_key.alias("timetype"))
        .agg(
            pl.col("timer").cast(pl.Float64).sum().alias("h"),
            pl.col("kostnad_nok").cast(pl.Float64).sum().alias("nok"),
        )
        .with_columns(unit_text, type_text)
    )

    def hours(*types: str) -> pl.Expr:
        return pl.col("h").filter(pl.col("timetype").is_in(types)).sum()

    def cost(*types: str) -> pl.Expr:
        return pl.col("nok").filter(pl.col("timetype").is_in(types)).sum()

    absence = ("fravaer_korttid", "fravaer_langtid")
    return (
        by_type.group_by("enhet_id", "_m")
        .agg(
            hours("ordinaer", *absence).alias("ordinaer_timer"),
            hours("overtid").alias("overtid_timer"),
            hours("ekstravakt").alias("ekstravakt_timer"),
            cost("ordinaer", *absence).alias("fastlonn_nok"),
            cost("overtid", "ekstravakt").alias("variabel_lonn_nok"),
            hours("innleie").alias("innleie_timer"),
            cost("innleie").alias("innleie_nok"),
            hours("fravaer_korttid").alias("fravaer_korttid_timer"),
            hours("fravaer_langtid").alias("fravaer_langtid_timer"),
            hours("ordinaer", *absence).alias("avtalte_timer"),
        )
        .with_columns(
            pl.concat_str(
                [
                    (pl.col("_m") // 12).cast(pl.String),
                    pl.lit("-"),
                    (pl.col("_m") % 12 + 1).cast(pl.String).str.zfill(2),
                ]
            ).alias("maned")
        )
        .drop("_m")
    )


def _membership(schema: pl.Schema, name: str, allowed: list[str]) -> pl.Expr:
    """Rows whose ``name`` is not in ``allowed``; on Enum columns a check of integer codes."""
    dtype = schema[name]
    if isinstance(dtype, pl.Enum):
        bad_codes = [i for i, c in enumerate(dtype.categories.to_list()) if c not in set(allowed)]
        return pl.col(name).to_physical().is_in(bad_codes) | pl.col(name).is_null()
    return ~pl.col(name).cast(pl.String).is_in(allowed).fill_null(False)


def load_shifts(paths: list[Path], organisation: pl.DataFrame) -> tuple[pl.LazyFrame, pl.DataFrame, int]:
    """(valid rows, rejected-rows report, rows read). Parquet only: shift data is large.

    One pass finds the bad rows; the per-column reasons are then worked out on those few rows.
    """
    scan = pl.scan_parquet([str(p) for p in paths])
    schema = scan.collect_schema()
    checks = [
        (
            "enhet_id",
            _membership(schema, "enhet_id", organisation["enhet_id"].to_list()),
            t("fu_unknown_unit"),
        ),
        (
            "dato",
            pl.col("dato").is_null() | ~pl.col("dato").cast(pl.Date).is_between(_FIRST_DAY, _LAST_DAY),
            t("fu_missing_value"),
        ),
        (
            "timetype",
            _membership(schema, "timetype", list(SHIFT_TYPES)),
            t("fu_not_choice", choices=", ".join(SHIFT_TYPES)),
        ),
        (
            "timer",
            pl.col("timer").is_null() | (pl.col("timer") < 0) | pl.col("timer").is_nan(),
            t("fu_below_min", minimum=0),
        ),
        (
            "kostnad_nok",
            pl.col("kostnad_nok").is_null() | (pl.col("kostnad_nok") < 0) | pl.col("kostnad_nok").is_nan(),
            t("fu_below_min", minimum=0),
        ),
    ]
    bad_any = pl.any_horizontal([condition.fill_null(True) for _, condition, _ in checks])
    bad_rows = scan.with_row_index("_rad", offset=1).filter(bad_any).collect()
    source = ", ".join(str(p) for p in paths)
    parts = [
        bad_rows.filter(condition.fill_null(True)).select(
            pl.lit(source).alias("fil"),
            pl.col("_rad").cast(pl.Int64).alias("rad"),
            pl.lit(column).alias("kolonne"),
            pl.col(column).cast(pl.String).fill_null("").alias("verdi"),
            pl.lit(reason).alias("arsak"),
        )
        for column, condition, reason in checks
    ]
    rejected = pl.concat(parts).cast(pl.Schema(REJECTED_COLUMNS)).sort("rad")
    rows = int(scan.select(pl.len()).collect().item())
    valid = scan if bad_rows.height == 0 else scan.filter(~bad_any)
    return valid, rejected, rows
