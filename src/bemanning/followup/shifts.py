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
from bemanning.io.errors import UserError

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


def shift_totals(shifts: pl.LazyFrame) -> pl.LazyFrame:
    """Hours and NOK per unit, month (``_m``), hour type and profession: the one pass over the rows.

    Both the monthly base columns and agency hire by profession are read from this small frame
    (≈ units × months × 6 × professions rows), so tens of millions of shifts are scanned once.
    """
    schema = shifts.collect_schema()
    unit_key, unit_text = _coded(schema, "enhet_id")
    type_key, type_text = _coded(schema, "timetype")
    keys = [unit_key.alias("enhet_id"), month_of_day(pl.col("dato")).alias("_m"), type_key.alias("timetype")]
    decode = [unit_text, type_text]
    if "yrkesgruppe" in schema:
        group_key, group_text = _coded(schema, "yrkesgruppe")
        keys.append(group_key.alias("yrkesgruppe"))
        decode.append(group_text)
    return (
        shifts.group_by(*keys)
        .agg(
            pl.col("timer").cast(pl.Float64).sum().alias("h"),
            pl.col("kostnad_nok").cast(pl.Float64).sum().alias("nok"),
        )
        .with_columns(*decode)
    )


def month_of_day(day: pl.Expr) -> pl.Expr:
    """Month index (year × 12 + month − 1) of a date, by table lookup (dates outside it: clipped)."""
    lookup = _month_lookup()
    index = (day.cast(pl.Date).to_physical() + _DAY_OFFSET).clip(0, lookup.len() - 1)
    return pl.lit(lookup).gather(index)


def _month_text(index: pl.Expr) -> pl.Expr:
    return pl.concat_str(
        [(index // 12).cast(pl.String), pl.lit("-"), (index % 12 + 1).cast(pl.String).str.zfill(2)]
    )


def monthly_from_totals(totals: pl.DataFrame | pl.LazyFrame) -> pl.LazyFrame:
    """The monthly base columns per unit from ``shift_totals``."""

    def hours(*types: str) -> pl.Expr:
        return pl.col("h").filter(pl.col("timetype").is_in(types)).sum()

    def cost(*types: str) -> pl.Expr:
        return pl.col("nok").filter(pl.col("timetype").is_in(types)).sum()

    absence = ("fravaer_korttid", "fravaer_langtid")
    return (
        totals.lazy()
        .group_by("enhet_id", "_m")
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
        .with_columns(_month_text(pl.col("_m")).alias("maned"))
        .drop("_m")
    )


def agency_from_totals(totals: pl.DataFrame) -> pl.DataFrame:
    """Agency rows (``innleie`` hour type) per unit, month and profession, shaped like ``innleie.csv``."""
    if "yrkesgruppe" not in totals.columns:
        return pl.DataFrame(
            schema={"enhet_id": pl.String, "maned": pl.String, "yrkesgruppe": pl.String,
                    "timer": pl.Float64, "kostnad_nok": pl.Float64}
        )
    return (
        totals.filter(pl.col("timetype") == "innleie")
        .group_by("enhet_id", "_m", "yrkesgruppe")
        .agg(pl.col("h").sum().alias("timer"), pl.col("nok").sum().alias("kostnad_nok"))
        .select(
            pl.col("enhet_id").cast(pl.String),
            _month_text(pl.col("_m")).alias("maned"),
            pl.col("yrkesgruppe").cast(pl.String),
            "timer",
            "kostnad_nok",
        )
    )


def monthly_from_shifts(shifts: pl.LazyFrame) -> pl.LazyFrame:
    return monthly_from_totals(shift_totals(shifts))


def _membership(schema: pl.Schema, name: str, allowed: list[str]) -> pl.Expr:
    """Rows whose ``name`` is not in ``allowed``; on Enum columns a check of integer codes."""
    dtype = schema[name]
    if isinstance(dtype, pl.Enum):
        bad_codes = [i for i, c in enumerate(dtype.categories.to_list()) if c not in set(allowed)]
        if not bad_codes:  # every category is allowed: only nulls can be bad (Parquet statistics say)
            return pl.col(name).is_null()
        return pl.col(name).to_physical().is_in(bad_codes) | pl.col(name).is_null()
    return ~pl.col(name).cast(pl.String).is_in(allowed).fill_null(False)


def load_shifts(
    paths: list[Path], organisation: pl.DataFrame
) -> tuple[pl.LazyFrame, pl.DataFrame, int, pl.DataFrame]:
    """(valid rows, rejected-rows report, rows read, ``shift_totals`` of the valid rows). Parquet only.

    The checks are counted first (cheap: Parquet statistics answer most of them); only when some
    rows are bad are they listed with their reasons. Then one pass sums the valid rows.
    """
    scan = pl.scan_parquet([str(p) for p in paths])
    schema = scan.collect_schema()
    source = ", ".join(str(p) for p in paths)
    needed = [c for c in SHIFTS.column_names if c != "yrkesgruppe"]  # profession: only for agency by profession
    missing = [c for c in needed if c not in schema]
    if missing:
        raise UserError.of(
            "fu_missing_columns",
            path=source,
            columns=", ".join(missing),
            table=SHIFTS.name,
            expected=", ".join(SHIFTS.column_names),
        )
    rows = int(scan.select(pl.len()).collect().item())
    if rows == 0:
        raise UserError.of("fu_no_rows", path=source, table=SHIFTS.name)
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
    # one small query per check: each alone is mostly answered from the Parquet statistics
    counts = pl.collect_all([scan.filter(condition.fill_null(True)).select(pl.len()) for _, condition, _ in checks])
    valid = scan
    rejected = pl.DataFrame(schema=REJECTED_COLUMNS)
    if any(count.item() for count in counts):
        bad_any = pl.any_horizontal([condition.fill_null(True) for _, condition, _ in checks])
        valid = scan.filter(~bad_any)
        bad_rows = scan.with_row_index("_rad", offset=1).filter(bad_any).collect()
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
    return valid, rejected, rows, shift_totals(valid).collect()
