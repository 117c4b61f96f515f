"""Agency hire (innleie) in hours converted to FTE, as in the HSØ table "Innleie av leger i timer 2023".

The seed converts a year's agency hours to FTE as hours / 1950 (1 årsverk = 1950 h) and calls the
result månedsverk: the average number of full-time posts filled by agency staff over the year.
For a period of n months the same average is hours / (FTE-year hours × n / 12).
"""

from __future__ import annotations

from decimal import ROUND_HALF_UP, Decimal

import polars as pl

from bemanning.followup.settings import FollowupSettings

TOTAL_LABEL = "Sum"


def hours_to_fte(
    hours: float, fte_year_hours: float = FollowupSettings().fte_year_hours, months: int = 12
) -> float:
    """Average FTE filled by ``hours`` over ``months`` months."""
    return hours / (fte_year_hours * months / 12)


def round_half_up(value: float, decimals: int = 0) -> float:
    quantum = Decimal(1).scaleb(-decimals)
    return float(Decimal(repr(value)).quantize(quantum, rounding=ROUND_HALF_UP))


def fte_table(
    hours: pl.DataFrame,
    name_column: str,
    professions: list[str],
    settings: FollowupSettings | None = None,
    months: int = 12,
) -> pl.DataFrame:
    """Hours per profession and their FTE (``<profession>_arsverk``), with a total row ``Sum``.

    FTE values are exact; ``round_half_up`` them for display as the seed does (121 041 h → 62).
    """
    settings = settings or FollowupSettings()
    total = hours.select(pl.lit(TOTAL_LABEL).alias(name_column), *(pl.col(p).sum() for p in professions))
    table = pl.concat([hours.select(name_column, *professions), total], how="vertical_relaxed")
    factor = settings.fte_year_hours * months / 12
    return table.with_columns(*((pl.col(p) / factor).alias(f"{p}_arsverk") for p in professions))


def agency_share_pct(agency_hours: float, own_fte: float, settings: FollowupSettings | None = None) -> float:
    """Agency FTE as a share of the own staff's gross FTE, in %: (hours / FTE-year hours) / own FTE."""
    settings = settings or FollowupSettings()
    if own_fte == 0:
        return 0.0
    return 100 * agency_hours / settings.fte_year_hours / own_fte
