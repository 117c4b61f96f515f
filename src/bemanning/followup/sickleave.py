"""Units whose sick leave is above what their own history and their peers predict.

For each unit, over the evaluation window (the latest ``sick_leave_window_months`` months) and the
baseline (up to ``sick_leave_baseline_months`` months before it):

    own_now    = absence hours / agreed hours in the window
    own_before = the same in the baseline
    peers_now, peers_before = the same for the unit's peers (the other units of its clinic; the
                 other units of its trust when the clinic has fewer than ``sick_leave_min_peers``)
    expected   = own_before + (peers_now − peers_before)      (own level, moved as the peers moved)
                 = peers_now when the unit has no baseline
    excess_pp  = own_now − expected                          (percentage points)

This is a difference-in-differences: a unit with a high but stable level is not flagged, and a
rise that every peer shares (an influenza winter) is not blamed on the unit. Units are ranked by
``excess_pp``; those at or above ``sick_leave_flag_pp`` are flagged. ``excess_hours`` translates the
excess into hours lost in the window.
"""

from __future__ import annotations

from typing import cast

import polars as pl

from bemanning.followup.kpi import HAS_DATA, MONTH_INDEX
from bemanning.followup.settings import FollowupSettings

_ABS = "_fravaer"
_AGREED = "_avtalt"


def _sums(frame: pl.DataFrame, keys: list[str], suffix: str) -> pl.DataFrame:
    return frame.group_by(keys).agg(
        (pl.col("fravaer_korttid_timer") + pl.col("fravaer_langtid_timer")).sum().alias(_ABS + suffix),
        pl.col("avtalte_timer").sum().alias(_AGREED + suffix),
        pl.col("enhet_id").n_unique().alias("_n" + suffix),
    )


def _suffixed(keys: list[str], level: str) -> dict[str, str]:
    """Column renames that mark a level's sums, e.g. ``_fravaer_na`` → ``_fravaer_na_klinikk``."""
    return {f"{c}{s}": f"{c}{s}_{level}" for c in (_ABS, _AGREED, "_n") for s in ("_na", "_for")}


def _pct(absence: pl.Expr, agreed: pl.Expr) -> pl.Expr:
    return pl.when(agreed > 0).then(100 * absence / agreed).otherwise(None)


def sick_leave_ranking(unit_base: pl.DataFrame, settings: FollowupSettings | None = None) -> pl.DataFrame:
    settings = settings or FollowupSettings()
    with_data = unit_base.filter(pl.col(HAS_DATA) == 1)
    if with_data.height == 0:
        return pl.DataFrame()
    last = int(cast(int, with_data[MONTH_INDEX].max()))
    window_start = last - settings.sick_leave_window_months + 1
    baseline_start = window_start - settings.sick_leave_baseline_months
    window = unit_base.filter(pl.col(MONTH_INDEX).is_between(window_start, last))
    baseline = unit_base.filter(
        pl.col(MONTH_INDEX).is_between(baseline_start, window_start - 1) & (pl.col(HAS_DATA) == 1)
    )
    unit_keys = ["region", "foretak", "klinikk", "enhet_id", "enhet"]
    units = _sums(window, unit_keys, "_na").join(
        _sums(baseline, ["enhet_id"], "_for"), on="enhet_id", how="left"
    )
    frames = units
    for level, keys in (("klinikk", ["region", "foretak", "klinikk"]), ("foretak", ["region", "foretak"])):
        names = _suffixed(keys, level)
        now = _sums(window, keys, "_na").rename(names, strict=False)
        before = _sums(baseline, keys, "_for").rename(names, strict=False)
        frames = frames.join(now, on=keys, how="left").join(before, on=keys, how="left")
    frames = frames.fill_null(0)
    use_clinic = (pl.col("_n_na_klinikk") - 1) >= settings.sick_leave_min_peers
    lv = pl.when(use_clinic)

    def peer(column: str) -> pl.Expr:
        return lv.then(pl.col(f"{column}_klinikk") - pl.col(column)).otherwise(
            pl.col(f"{column}_foretak") - pl.col(column)
        )

    own_now = _pct(pl.col(_ABS + "_na"), pl.col(_AGREED + "_na"))
    own_before = _pct(pl.col(_ABS + "_for"), pl.col(_AGREED + "_for"))
    peers_now = _pct(peer(_ABS + "_na"), peer(_AGREED + "_na"))
    peers_before = _pct(peer(_ABS + "_for"), peer(_AGREED + "_for"))
    result = (
        frames.with_columns(
            own_now.alias("sykefravaer_pct"),
            own_before.alias("sykefravaer_for_pct"),
            peers_now.alias("kolleger_pct"),
            peers_before.alias("kolleger_for_pct"),
            pl.when(use_clinic).then(pl.lit("klinikk")).otherwise(pl.lit("foretak")).alias("kollegagruppe"),
        )
        .with_columns(
            pl.when(pl.col("sykefravaer_for_pct").is_not_null() & pl.col("kolleger_for_pct").is_not_null())
            .then(pl.col("sykefravaer_for_pct") + pl.col("kolleger_pct") - pl.col("kolleger_for_pct"))
            .otherwise(pl.col("kolleger_pct"))
            .alias("forventet_pct"),
        )
        .with_columns(
            (pl.col("sykefravaer_pct") - pl.col("forventet_pct")).alias("overskudd_pp"),
        )
        .with_columns(
            (pl.col("overskudd_pp") / 100 * pl.col(_AGREED + "_na")).alias("overskudd_timer"),
            (pl.col("overskudd_pp") >= settings.sick_leave_flag_pp).fill_null(False).alias("folges_opp"),
        )
    )
    result = result.filter(pl.col("sykefravaer_pct").is_not_null()).sort(
        "overskudd_pp", descending=True, nulls_last=True
    )
    from bemanning.followup.kpi import month_text

    period = pl.DataFrame({"a": [window_start], "b": [last]}).select(
        month_text(pl.col("a")).alias("fra"), month_text(pl.col("b")).alias("til")
    )
    return result.with_row_index("rang", offset=1).select(
        "rang",
        *unit_keys,
        "sykefravaer_pct",
        "forventet_pct",
        "overskudd_pp",
        "overskudd_timer",
        "folges_opp",
        "sykefravaer_for_pct",
        "kolleger_pct",
        "kolleger_for_pct",
        "kollegagruppe",
        pl.lit(period["fra"][0]).alias("periode_fra"),
        pl.lit(period["til"][0]).alias("periode_til"),
    )
