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
CONVERTED_LABEL = "Omregnet til månedsverk"
DOCTOR_SPECIALTIES = ["anestesi", "nevrologi", "psykiatri_vop", "radiologi", "ovrige_leger"]
"""The specialties of seed 002's table, in its column order."""
PSYCHIATRY = "psykiatri_vop"
OWN_PSYCHIATRISTS = "psykiatri_overleger_manedsverk"
"""Own consultants in psychiatry (VOP + BUP), gross FTE-months: the denominator of the agency share."""


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


def _half_up(value: pl.Expr, decimals: int = 0) -> pl.Expr:
    """Round as the seed prints (half up, exact decimal), on the few cells of a summary table."""
    return value.map_elements(lambda v: round_half_up(v, decimals), return_dtype=pl.Float64)


def doctor_agency_table(hours: pl.DataFrame, settings: FollowupSettings | None = None) -> pl.DataFrame:
    """Seed 002's "Innleie av leger i timer": hours per trust and specialty, in the slide's shape.

    Per trust: hours per specialty, psychiatrists hired (agency hours in psychiatry as FTE, rounded
    half up: 24 561 h → 13), the agency share (those FTE over the trust's own psychiatrists' gross
    FTE-months, % with two decimals: 8.87 %) and the own FTE-months. Then a ``Sum`` row and the row
    ``Omregnet til månedsverk`` (each specialty's total hours / FTE-year hours, rounded: 121 041 → 62).
    """
    settings = settings or FollowupSettings()
    year = settings.fte_year_hours
    own = hours[OWN_PSYCHIATRISTS] if OWN_PSYCHIATRISTS in hours.columns else None
    frame = hours.select(
        pl.col("foretak").cast(pl.String),
        *(pl.col(p).cast(pl.Float64) for p in DOCTOR_SPECIALTIES),
        (own.cast(pl.Float64) if own is not None else pl.lit(None, pl.Float64)).alias(OWN_PSYCHIATRISTS),
    )
    total = frame.select(
        pl.lit(TOTAL_LABEL).alias("foretak"),
        *(pl.col(c).sum() for c in [*DOCTOR_SPECIALTIES, OWN_PSYCHIATRISTS]),
    ).with_columns(pl.when(pl.col(OWN_PSYCHIATRISTS) > 0).then(pl.col(OWN_PSYCHIATRISTS)))
    table = pl.concat([frame, total])
    hired = pl.col(PSYCHIATRY) / year
    table = table.with_columns(
        _half_up(hired).cast(pl.Int64).alias("psykiatri_innleid_antall"),
        pl.when(pl.col(OWN_PSYCHIATRISTS) > 0)
        .then(_half_up(100 * hired / pl.col(OWN_PSYCHIATRISTS), 2))
        .alias("andel_innleie_pct"),
    )
    converted = total.select(
        pl.lit(CONVERTED_LABEL).alias("foretak"),
        *(_half_up(pl.col(p) / year).alias(p) for p in DOCTOR_SPECIALTIES),
    )
    columns = [
        "foretak", "anestesi", "nevrologi", PSYCHIATRY, "psykiatri_innleid_antall", "andel_innleie_pct",
        OWN_PSYCHIATRISTS, "radiologi", "ovrige_leger",
    ]
    return pl.concat([table.select(columns), converted], how="diagonal_relaxed").select(columns)
