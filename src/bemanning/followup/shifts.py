"""Shift-level data (one row per shift or absence shift) aggregated to the monthly base columns.

Designed for tens of millions of rows: a lazy Parquet scan, one group-by on
(unit, month, hour type), then a small pivot. Paid absence counts as ordinary paid hours, and
the agreed hours of a month are the ordinary hours worked plus the absence hours.
"""

from __future__ import annotations

from pathlib import Path

import polars as pl

from bemanning.followup.reading import REJECTED_COLUMNS
from bemanning.followup.schemas import SHIFTS
from bemanning.i18n import t

SHIFT_TYPES = SHIFTS.column("timetype").choices


def monthly_from_shifts(shifts: pl.LazyFrame) -> pl.LazyFrame:
    month = pl.col("dato").dt.year().cast(pl.Int32) * 12 + pl.col("dato").dt.month().cast(pl.Int32) - 1
    by_type = shifts.group_by(
        pl.col("enhet_id").cast(pl.String), month.alias("_m"), pl.col("timetype").cast(pl.String)
    ).agg(
        pl.col("timer").cast(pl.Float64).sum().alias("h"),
        pl.col("kostnad_nok").cast(pl.Float64).sum().alias("nok"),
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


def load_shifts(paths: list[Path], organisation: pl.DataFrame) -> tuple[pl.LazyFrame, pl.DataFrame, int]:
    """(valid rows, rejected-rows report, rows read). Parquet only: shift data is large."""
    scan = pl.scan_parquet([str(p) for p in paths]).with_row_index("_rad", offset=1)
    units = organisation["enhet_id"].unique().implode()
    checks = [
        ("enhet_id", ~pl.col("enhet_id").cast(pl.String).is_in(units), t("fu_unknown_unit")),
        ("dato", pl.col("dato").is_null(), t("fu_missing_value")),
        (
            "timetype",
            ~pl.col("timetype").cast(pl.String).is_in(list(SHIFT_TYPES)).fill_null(False),
            t("fu_not_choice", choices=", ".join(SHIFT_TYPES)),
        ),
        (
            "timer",
            pl.col("timer").is_null() | (pl.col("timer") < 0) | pl.col("timer").is_nan(),
            t("fu_below_min", minimum=0),
        ),
        (
            "kostnad_nok",
            pl.col("kostnad_nok").is_null() | (pl.col("kostnad_nok") < 0),
            t("fu_below_min", minimum=0),
        ),
    ]
    bad_any = pl.lit(False)
    for _, condition, _ in checks:
        bad_any = bad_any | condition.fill_null(True)
    source = ", ".join(str(p) for p in paths)
    rejected = (
        pl.concat(
            [
                scan.filter(condition.fill_null(True)).select(
                    pl.lit(source).alias("fil"),
                    pl.col("_rad").cast(pl.Int64).alias("rad"),
                    pl.lit(column).alias("kolonne"),
                    pl.col(column).cast(pl.String).fill_null("").alias("verdi"),
                    pl.lit(reason).alias("arsak"),
                )
                for column, condition, reason in checks
            ]
        )
        .collect()
        .cast(pl.Schema(REJECTED_COLUMNS))
    )
    rows = int(scan.select(pl.len()).collect().item())
    return scan.filter(~bad_any).drop("_rad"), rejected, rows
