"""KPIs per unit and month, rolled up unit → clinic → trust → region.

Everything starts from additive *base columns* (hours, NOK, agreed hours …) per unit and month.
A level above the unit is the plain sum of its units' base columns, and every ratio is computed
from those sums by the same formulas (``derive``) — never an average of ratios.
"""

from __future__ import annotations

from typing import TypeVar, cast

import polars as pl

from bemanning.followup.loading import FollowupData
from bemanning.followup.settings import FollowupSettings

FrameT = TypeVar("FrameT", pl.DataFrame, pl.LazyFrame)

HIERARCHY = ["region", "foretak", "klinikk", "enhet_id", "enhet"]
LEVELS: dict[str, list[str]] = {
    "enhet": HIERARCHY,
    "klinikk": ["region", "foretak", "klinikk"],
    "foretak": ["region", "foretak"],
    "region": ["region"],
}
NAME_OF_LEVEL = {"enhet": "enhet", "klinikk": "klinikk", "foretak": "foretak", "region": "region"}

FLOW_COLUMNS = [
    "ordinaer_timer",
    "overtid_timer",
    "ekstravakt_timer",
    "fastlonn_nok",
    "variabel_lonn_nok",
    "innleie_timer",
    "innleie_nok",
    "fravaer_korttid_timer",
    "fravaer_langtid_timer",
    "fravaer_egenmeldt_timer",
    "fravaer_legemeldt_timer",
    "avtalte_timer",
    "budsjett_innleie_nok",
    "budsjett_lonn_nok",
]
"""Base columns that add up over units and over months."""
STOCK_COLUMNS = ["stillinger", "arsverk"]
"""Base columns that add up over units but are averaged over months."""
BASE_COLUMNS = FLOW_COLUMNS + STOCK_COLUMNS
HAS_DATA = "_har_data"
HAS_BUDGET = "_har_budsjett"
"""1 where a unit-month has budget lines: without them there is no deviation from budget."""
MONTH_INDEX = "_mnd"


def month_index(month: pl.Expr) -> pl.Expr:
    return month.str.slice(0, 4).cast(pl.Int32) * 12 + month.str.slice(5, 2).cast(pl.Int32) - 1


def month_text(index: pl.Expr) -> pl.Expr:
    year = (index // 12).cast(pl.String)
    month = (index % 12 + 1).cast(pl.String).str.zfill(2)
    return pl.concat_str([year, pl.lit("-"), month])


def _ratio(numerator: pl.Expr, denominator: pl.Expr, scale: float = 1.0) -> pl.Expr:
    return pl.when(denominator != 0).then(numerator * scale / denominator).otherwise(None)


def _budget_pct(actual: pl.Expr, budget: pl.Expr, denominator: pl.Expr) -> pl.Expr:
    """As ``budget.deviation_pct``: empty without a budget (never 0 % or 100 %); 0.0 when both are 0."""
    return (
        pl.when((actual == 0) & (budget == 0))
        .then(0.0)
        .when((budget != 0) & (denominator != 0))
        .then((actual - budget) * 100 / denominator)
        .otherwise(None)
    )


def derive(frame: FrameT, settings: FollowupSettings) -> FrameT:
    """Add the KPI columns to a frame of base columns (any level, any period)."""
    month_hours = settings.fte_month_hours
    gross = pl.col("ordinaer_timer") + pl.col("overtid_timer") + pl.col("ekstravakt_timer")
    absence = pl.col("fravaer_korttid_timer") + pl.col("fravaer_langtid_timer")
    salary = pl.col("fastlonn_nok") + pl.col("variabel_lonn_nok")
    agreed = pl.col("avtalte_timer")
    denominators = settings.denominators
    actual = {"innleie": pl.col("innleie_nok"), "lonn": salary}
    budget = {"innleie": pl.col("budsjett_innleie_nok"), "lonn": pl.col("budsjett_lonn_nok")}
    has_budget = pl.col(HAS_BUDGET) == 1 if HAS_BUDGET in frame.collect_schema().names() else pl.lit(False)
    actual["sum"], budget["sum"] = actual["innleie"] + actual["lonn"], budget["innleie"] + budget["lonn"]
    choice = {"innleie": denominators.innleie, "lonn": denominators.lonn, "sum": denominators.sum}
    deviations: list[pl.Expr] = []
    for column, chosen in choice.items():
        denominator = actual[column] if chosen == "faktisk" else budget[column]
        deviations += [
            pl.when(has_budget).then(actual[column] - budget[column]).alias(f"{column}_avvik_nok"),
            pl.when(has_budget)
            .then(_budget_pct(actual[column], budget[column], denominator))
            .alias(f"{column}_avvik_pct"),
        ]
    return frame.with_columns(
        gross.alias("brutto_timer"),
        (gross / month_hours).alias("brutto_manedsverk"),
        ((gross - absence) / month_hours).alias("netto_manedsverk"),
        (pl.col("innleie_timer") / month_hours).alias("innleie_manedsverk"),
        _ratio(pl.col("overtid_timer"), gross, 100).alias("overtid_andel_pct"),
        _ratio(pl.col("ekstravakt_timer"), gross, 100).alias("ekstravakt_andel_pct"),
        _ratio(pl.col("variabel_lonn_nok"), salary, 100).alias("variabel_lonn_andel_pct"),
        salary.alias("lonn_nok"),
        absence.alias("fravaer_timer"),
        _ratio(absence, agreed, 100).alias("sykefravaer_pct"),
        _ratio(pl.col("fravaer_korttid_timer"), agreed, 100).alias("sykefravaer_korttid_pct"),
        _ratio(pl.col("fravaer_langtid_timer"), agreed, 100).alias("sykefravaer_langtid_pct"),
        _ratio(pl.col("fravaer_egenmeldt_timer"), agreed, 100).alias("sykefravaer_egenmeldt_pct"),
        _ratio(pl.col("fravaer_legemeldt_timer"), agreed, 100).alias("sykefravaer_legemeldt_pct"),
        *deviations,
        # seed 002's "1,5 % av lønnsbudsjettet" is 848 231 / 55 476 061, the *actual* salary cost;
        # over the salary budget (53 901 534) the same agency cost is 1.6 %: both are given
        _ratio(pl.col("innleie_nok"), salary, 100).alias("innleie_av_lonn_pct"),
        _ratio(pl.col("innleie_nok"), budget["lonn"], 100).alias("innleie_av_lonnsbudsjett_pct"),
    )


def _sum_by(frame: pl.DataFrame, columns: dict[str, pl.Expr]) -> pl.DataFrame:
    return frame.group_by("enhet_id", "maned").agg(**columns)


def unit_month_base(data: FollowupData, settings: FollowupSettings) -> pl.DataFrame:
    """Base columns per unit and month on a complete grid (every unit × every month in the data)."""
    parts: list[pl.DataFrame] = []
    hours = data.frame("timer")
    if hours is not None:
        parts.append(
            _sum_by(
                hours,
                {
                    c: pl.col(c).sum()
                    for c in (
                        "ordinaer_timer",
                        "overtid_timer",
                        "ekstravakt_timer",
                        "fastlonn_nok",
                        "variabel_lonn_nok",
                    )
                },
            )
        )
    agency = data.frame("innleie")
    if agency is not None:
        parts.append(
            _sum_by(
                agency,
                {
                    "innleie_timer": pl.col("timer").sum(),
                    "innleie_nok": pl.col("kostnad_nok").sum(),
                },
            )
        )
    absence = data.frame("fravaer")
    if absence is not None:
        absence = absence.with_columns(
            (
                pl.col("mengde")
                * pl.when(pl.col("mengdeenhet") == "dager")
                .then(settings.hours_per_absence_day)
                .otherwise(1.0)
            ).alias("_timer")
        )
        parts.append(
            _sum_by(
                absence,
                {
                    "fravaer_korttid_timer": pl.col("_timer").filter(pl.col("varighet") == "korttid").sum(),
                    "fravaer_langtid_timer": pl.col("_timer").filter(pl.col("varighet") == "langtid").sum(),
                    "fravaer_egenmeldt_timer": pl.col("_timer")
                    .filter(pl.col("sertifisering") == "egenmeldt")
                    .sum(),
                    "fravaer_legemeldt_timer": pl.col("_timer")
                    .filter(pl.col("sertifisering") == "legemeldt")
                    .sum(),
                },
            )
        )
    positions = data.frame("stillinger")
    if positions is not None:
        parts.append(
            _sum_by(
                positions,
                {
                    "stillinger": pl.col("stillinger").sum(),
                    "arsverk": pl.col("arsverk").sum(),
                    "avtalte_timer": pl.col("arsverk").sum() * settings.fte_month_hours,
                },
            )
        )
    budget = data.frame("budsjett")
    if budget is not None:
        parts.append(
            _sum_by(
                budget,
                {
                    "budsjett_innleie_nok": pl.col("belop_nok").filter(pl.col("post") == "innleie").sum(),
                    "budsjett_lonn_nok": pl.col("belop_nok").filter(pl.col("post") == "lonn").sum(),
                    HAS_BUDGET: pl.lit(1),
                },
            )
        )
    totals = data.shift_totals()
    if totals is not None:
        from bemanning.followup.shifts import monthly_from_totals

        parts.append(monthly_from_totals(totals).collect())
    return complete_grid(parts, data.organisation)


def complete_grid(parts: list[pl.DataFrame], organisation: pl.DataFrame) -> pl.DataFrame:
    """Sum the parts onto every unit × every month between the first and last month seen."""
    if parts:
        long = pl.concat([p.with_columns(pl.lit(1).alias(HAS_DATA)) for p in parts], how="diagonal_relaxed")
        months = long.select(month_index(pl.col("maned")).alias(MONTH_INDEX))[MONTH_INDEX]
        first, last = int(cast(int, months.min())), int(cast(int, months.max()))
        summed = long.group_by("enhet_id", "maned").agg(
            pl.col(c).sum() for c in [*BASE_COLUMNS, HAS_DATA, HAS_BUDGET] if c in long.columns
        )
    else:
        first, last = 0, -1
        summed = pl.DataFrame(schema={"enhet_id": pl.String, "maned": pl.String, HAS_DATA: pl.Int64})
    if HAS_BUDGET not in summed.columns:
        summed = summed.with_columns(pl.lit(0).alias(HAS_BUDGET))
    grid = (
        organisation.select(HIERARCHY)
        .join(
            pl.DataFrame({MONTH_INDEX: list(range(first, last + 1))}, schema={MONTH_INDEX: pl.Int32}),
            how="cross",
        )
        .with_columns(month_text(pl.col(MONTH_INDEX)).alias("maned"))
    )
    frame = grid.join(summed, on=["enhet_id", "maned"], how="left")
    missing = [c for c in BASE_COLUMNS if c not in frame.columns]
    frame = frame.with_columns(*(pl.lit(0.0).alias(c) for c in missing))
    frame = frame.with_columns(
        *(pl.col(c).cast(pl.Float64).fill_null(0.0) for c in BASE_COLUMNS),
        *(pl.col(c).fill_null(0).clip(0, 1).cast(pl.Int32) for c in (HAS_DATA, HAS_BUDGET)),
    )
    return frame.sort("enhet_id", MONTH_INDEX)


def rollup(base: pl.DataFrame, level: str, settings: FollowupSettings) -> pl.DataFrame:
    """Monthly KPIs at ``level`` (enhet, klinikk, foretak, region): sum of base columns, then ratios."""
    keys = LEVELS[level]
    if level == "enhet":
        summed = base
    else:
        summed = base.group_by(*keys, "maned", MONTH_INDEX).agg(
            *(pl.col(c).sum() for c in BASE_COLUMNS), pl.col(HAS_DATA).max(), pl.col(HAS_BUDGET).max()
        )
    summed = summed.sort(*keys, MONTH_INDEX)
    return with_trends(derive(summed, settings), keys, settings)


TREND_KPIS = [
    "innleie_nok",
    "innleie_manedsverk",
    "brutto_manedsverk",
    "overtid_andel_pct",
    "sykefravaer_pct",
]


def with_trends(frame: pl.DataFrame, keys: list[str], settings: FollowupSettings) -> pl.DataFrame:
    """12-month rolling values (``*_12m``) and year-over-year change (``*_fjor``, ``*_endring``).

    Rolling values need ``rolling_months`` months with data in the window, else they are empty.
    Flows are rolling sums, FTE-months and ratios are computed from those sums.
    """
    n = settings.rolling_months
    window = pl.col(HAS_DATA).rolling_sum(n, min_samples=n).over(keys)
    rolled = frame.with_columns(
        *(
            pl.col(c).rolling_sum(n, min_samples=n).over(keys).alias(f"_{c}_r")
            for c in (
                "innleie_nok",
                "innleie_timer",
                "ordinaer_timer",
                "overtid_timer",
                "ekstravakt_timer",
                "fravaer_korttid_timer",
                "fravaer_langtid_timer",
                "avtalte_timer",
            )
        ),
        window.alias("_window"),
    )
    full = pl.col("_window") == n
    gross = pl.col("_ordinaer_timer_r") + pl.col("_overtid_timer_r") + pl.col("_ekstravakt_timer_r")
    absence = pl.col("_fravaer_korttid_timer_r") + pl.col("_fravaer_langtid_timer_r")
    month_hours = settings.fte_month_hours
    rolled = rolled.with_columns(
        pl.when(full).then(pl.col("_innleie_nok_r")).alias("innleie_nok_12m"),
        pl.when(full).then(pl.col("_innleie_timer_r") / month_hours / n).alias("innleie_manedsverk_12m"),
        pl.when(full).then(gross / month_hours / n).alias("brutto_manedsverk_12m"),
        pl.when(full).then(_ratio(pl.col("_overtid_timer_r"), gross, 100)).alias("overtid_andel_pct_12m"),
        pl.when(full).then(_ratio(absence, pl.col("_avtalte_timer_r"), 100)).alias("sykefravaer_pct_12m"),
    ).drop(pl.selectors.starts_with("_") - pl.selectors.by_name(MONTH_INDEX, HAS_DATA))
    last_year = rolled.select(
        *keys,
        (pl.col(MONTH_INDEX) + 12).alias(MONTH_INDEX),
        *(pl.when(pl.col(HAS_DATA) == 1).then(pl.col(c)).alias(f"{c}_fjor") for c in TREND_KPIS),
    )
    joined = rolled.join(last_year, on=[*keys, MONTH_INDEX], how="left")
    return joined.with_columns(
        *(
            pl.when(pl.col(HAS_DATA) == 1).then(pl.col(c) - pl.col(f"{c}_fjor")).alias(f"{c}_endring")
            for c in TREND_KPIS
        )
    )


def all_levels(base: pl.DataFrame, settings: FollowupSettings) -> dict[str, pl.DataFrame]:
    return {level: rollup(base, level, settings) for level in LEVELS}


def period_totals(frame: pl.DataFrame, keys: list[str], settings: FollowupSettings) -> pl.DataFrame:
    """KPIs over a whole period (e.g. a year): flows summed, stocks averaged, ratios from the sums."""
    months = frame["maned"].n_unique()
    summed = frame.group_by(keys).agg(
        *(pl.col(c).sum() for c in FLOW_COLUMNS),
        *(pl.col(c).mean() for c in STOCK_COLUMNS),
        pl.col(HAS_BUDGET).max(),
    )
    out = derive(summed, settings)
    # FTE-months over a period are averages per month
    return out.with_columns(
        *(pl.col(c) / months for c in ("brutto_manedsverk", "netto_manedsverk", "innleie_manedsverk"))
    ).sort(keys)
