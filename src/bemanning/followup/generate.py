"""Realistic synthetic follow-up data for a region: for the demo, the tests and the benchmarks.

``generate_region`` makes the monthly datasets (organisation, hours, agency hire, absence,
positions, budget) for trusts × units × months; ``generate_shifts`` makes a shift-level dataset
of any size. Both are seeded and vectorised with numpy. Each trust gets one "hot" unit whose sick
leave rises by ``HOT_UNIT_RISE_PP`` in the final year, so the sick-leave ranking has a known answer.
"""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path

import numpy as np
import polars as pl

from bemanning.followup.settings import FollowupSettings

REGION = "Helse Demo RHF"
TRUSTS = ["Nordby HF", "Sørdal HF", "Vestfjord HF", "Østmark HF", "Midtli HF", "Kystby HF"]
CLINICS = ["Medisinsk klinikk", "Kirurgisk klinikk", "Psykisk helsevern"]
UNIT_WORDS = {
    "Medisinsk klinikk": "Med. sengepost",
    "Kirurgisk klinikk": "Kir. sengepost",
    "Psykisk helsevern": "DPS-enhet",
}
PROFESSIONS = ["sykepleier", "intensivsykepleier", "lege", "psykiater", "psykolog"]
AGENCY_PRICE = {
    "sykepleier": 900.0,
    "intensivsykepleier": 1300.0,
    "lege": 2200.0,
    "psykiater": 2600.0,
    "psykolog": 1700.0,
}
HOT_UNIT_RISE_PP = 4.0


@dataclass
class RegionShape:
    trusts: int = 4
    units_per_trust: int = 30
    months: int = 36
    first_year: int = 2022
    seed: int = 2023


def organisation(shape: RegionShape) -> pl.DataFrame:
    rows = []
    per_clinic = max(1, shape.units_per_trust // len(CLINICS))
    for t_index in range(shape.trusts):
        trust = TRUSTS[t_index] if t_index < len(TRUSTS) else f"Foretak {t_index + 1} HF"
        for u_index in range(shape.units_per_trust):
            clinic = CLINICS[min(u_index // per_clinic, len(CLINICS) - 1)]
            number = u_index % per_clinic + 1 if u_index < per_clinic * len(CLINICS) else u_index + 1
            rows.append(
                {
                    "enhet_id": f"F{t_index + 1}E{u_index + 1:03d}",
                    "enhet": f"{UNIT_WORDS[clinic]} {number}",
                    "klinikk": clinic,
                    "foretak": trust,
                    "region": REGION,
                }
            )
    return pl.DataFrame(rows)


def hot_units(org: pl.DataFrame) -> list[str]:
    """The planted units: the fourth unit of every trust."""
    return [u for u in org["enhet_id"].to_list() if u.endswith("E004")]


def generate_region(
    shape: RegionShape | None = None, settings: FollowupSettings | None = None
) -> dict[str, pl.DataFrame]:
    shape = shape or RegionShape()
    settings = settings or FollowupSettings()
    rng = np.random.default_rng(shape.seed)
    org = organisation(shape)
    n_units, n_months = org.height, shape.months
    months = [f"{shape.first_year + m // 12}-{m % 12 + 1:02d}" for m in range(n_months)]
    month_of_year = np.arange(n_months) % 12
    psych = (org["klinikk"] == "Psykisk helsevern").to_numpy()

    fte = rng.uniform(15, 70, n_units)[:, None] * (1 + 0.01 * np.arange(n_months) / 12)[None, :]
    agreed = fte * settings.fte_month_hours
    # sick leave: unit level, winter peak in short-term absence, noise, and the planted rise
    level = np.clip(rng.normal(7.5, 1.5, n_units), 3, 14)[:, None]
    winter = 1 + 0.35 * np.cos(2 * np.pi * month_of_year / 12)[None, :]
    short = level * 0.35 * winter + rng.normal(0, 0.3, (n_units, n_months))
    long_ = level * 0.65 + rng.normal(0, 0.4, (n_units, n_months))
    hot = org["enhet_id"].is_in(hot_units(org)).to_numpy()
    final_year = np.arange(n_months) >= n_months - 12
    long_ = long_ + HOT_UNIT_RISE_PP * (hot[:, None] & final_year[None, :])
    short_h = np.clip(short, 0.2, None) / 100 * agreed
    long_h = np.clip(long_, 0.2, None) / 100 * agreed
    sick_excess = (short + long_) / 100 - 0.075

    summer = np.isin(month_of_year, [6, 7])[None, :]
    ordinary = agreed * rng.uniform(0.97, 1.0, (n_units, n_months))
    overtime = agreed * np.clip(rng.normal(0.025, 0.008, (n_units, 1)) + 0.3 * sick_excess, 0.002, None)
    extra = agreed * np.clip(
        0.03 + 0.02 * summer + 0.4 * sick_excess + rng.normal(0, 0.005, (n_units, n_months)), 0.0, None
    )
    hourly = rng.uniform(330, 420, n_units)[:, None]
    fixed_pay = ordinary * hourly
    variable_pay = overtime * hourly * 1.5 + extra * hourly * 1.2 + 0.08 * fixed_pay
    key = {"enhet_id": np.repeat(org["enhet_id"].to_numpy(), n_months), "maned": np.tile(months, n_units)}

    def flat(values: np.ndarray) -> np.ndarray:
        return np.round(values.reshape(-1), 1)

    hours = pl.DataFrame(
        {
            **key,
            "ordinaer_timer": flat(ordinary),
            "overtid_timer": flat(overtime),
            "ekstravakt_timer": flat(extra),
            "fastlonn_nok": flat(fixed_pay),
            "variabel_lonn_nok": flat(variable_pay),
        }
    )
    positions = pl.DataFrame(
        {**key, "stillinger": np.round(fte / 0.85).astype(np.int64).reshape(-1), "arsverk": flat(fte)}
    )

    absence_parts = []
    for duration, certification, share, values in (
        ("korttid", "egenmeldt", 0.55, short_h),
        ("korttid", "legemeldt", 0.45, short_h),
        ("langtid", "legemeldt", 1.0, long_h),
    ):
        absence_parts.append(
            pl.DataFrame(
                {
                    **key,
                    "varighet": duration,
                    "sertifisering": certification,
                    "mengde": flat(values * share),
                    "mengdeenhet": "timer",
                }
            )
        )
    absence = pl.concat(absence_parts)
    # the first trust reports absence in days, as some payroll systems do
    absence = absence.with_columns(
        pl.when(pl.col("enhet_id").str.starts_with("F1"))
        .then((pl.col("mengde") / settings.hours_per_absence_day).round(2))
        .otherwise(pl.col("mengde"))
        .alias("mengde"),
        pl.when(pl.col("enhet_id").str.starts_with("F1"))
        .then(pl.lit("dager"))
        .otherwise(pl.lit("timer"))
        .alias("mengdeenhet"),
    )

    agency_rate = rng.uniform(0.0, 0.05, n_units)[:, None]
    agency_hours_all = agreed * np.clip(agency_rate * (1 + 0.8 * summer) + 0.5 * sick_excess, 0, None)
    agency_parts = []
    for profession in PROFESSIONS:
        if profession in ("psykiater", "psykolog"):
            weight = np.where(psych, 0.35 if profession == "psykiater" else 0.15, 0.0)
        elif profession == "lege":
            weight = np.where(psych, 0.05, 0.15)
        elif profession == "intensivsykepleier":
            weight = np.where(psych, 0.0, 0.15)
        else:
            weight = np.where(psych, 0.45, 0.70)
        agency_hours = agency_hours_all * weight[:, None]
        price = AGENCY_PRICE[profession] * rng.uniform(0.9, 1.15, (n_units, n_months))
        agency_parts.append(
            pl.DataFrame(
                {
                    **key,
                    "yrkesgruppe": profession,
                    "timer": flat(agency_hours),
                    "kostnad_nok": flat(agency_hours * price),
                }
            )
        )
    agency = pl.concat(agency_parts).filter(pl.col("timer") > 0)
    agency_cost = agency.group_by("enhet_id", "maned").agg(pl.col("kostnad_nok").sum())

    budget_salary = (fixed_pay + variable_pay) * rng.uniform(0.95, 1.0, (n_units, 1))
    budget = pl.concat(
        [
            pl.DataFrame({**key, "post": "lonn", "belop_nok": flat(budget_salary)}),
            pl.DataFrame(key)
            .join(agency_cost, on=["enhet_id", "maned"], how="left")
            .select(
                "enhet_id",
                "maned",
                pl.lit("innleie").alias("post"),
                (pl.col("kostnad_nok").fill_null(0).mean().over("enhet_id") * 0.6)
                .round(1)
                .alias("belop_nok"),
            ),
        ]
    )
    return {
        "organisasjon": org,
        "timer": hours,
        "innleie": agency,
        "fravaer": absence,
        "stillinger": positions,
        "budsjett": budget,
    }


def write_region(datasets: dict[str, pl.DataFrame], out: Path, fmt: str = "csv") -> list[Path]:
    out.mkdir(parents=True, exist_ok=True)
    paths = []
    for name, frame in datasets.items():
        path = out / f"{name}.{fmt}"
        if fmt == "parquet":
            frame.write_parquet(path)
        else:
            frame.write_csv(path)
        paths.append(path)
    return paths


SHIFT_TYPES = ["ordinaer", "overtid", "ekstravakt", "innleie", "fravaer_korttid", "fravaer_langtid"]
SHIFT_TYPE_SHARE = [0.80, 0.03, 0.04, 0.04, 0.035, 0.055]
SHIFT_GROUPS = ["sykepleier", "helsefagarbeider", "lege", "psykolog", "intensivsykepleier"]
SHIFT_GROUP_SHARE = [0.55, 0.25, 0.12, 0.03, 0.05]
SHIFT_GROUP_PAY = [380.0, 300.0, 650.0, 480.0, 450.0]


def generate_shifts(
    rows: int, org: pl.DataFrame, first_year: int = 2022, years: int = 3, seed: int = 7
) -> pl.DataFrame:
    """``rows`` shifts (or absence shifts) over ``years`` years, units weighted by a random size."""
    rng = np.random.default_rng(seed)
    units = org["enhet_id"].to_list()
    weights = rng.uniform(15, 70, len(units))
    unit_idx = rng.choice(len(units), size=rows, p=weights / weights.sum()).astype(np.uint32)
    start = (np.datetime64(f"{first_year}-01-01") - np.datetime64("1970-01-01")).astype(np.int32)
    end = (np.datetime64(f"{first_year + years}-01-01") - np.datetime64("1970-01-01")).astype(np.int32)
    days = rng.integers(start, end, size=rows, dtype=np.int32)
    type_idx = rng.choice(len(SHIFT_TYPES), size=rows, p=SHIFT_TYPE_SHARE).astype(np.uint32)
    group_idx = rng.choice(len(SHIFT_GROUPS), size=rows, p=SHIFT_GROUP_SHARE).astype(np.uint32)
    lengths = np.array([7.5, 8.0, 8.5, 10.0, 12.5], dtype=np.float32)
    hours = lengths[rng.integers(0, len(lengths), size=rows)]
    hours = np.where(type_idx == 1, rng.uniform(1, 4, rows).astype(np.float32), hours)
    pay = np.array(SHIFT_GROUP_PAY, dtype=np.float32)[group_idx]
    factor = np.array([1.0, 1.5, 1.2, 2.6, 1.0, 1.0], dtype=np.float32)[type_idx]
    cost = hours * pay * factor * rng.uniform(0.95, 1.05, rows).astype(np.float32)

    def enum(values: list[str], index: np.ndarray) -> pl.Series:
        return pl.Series(values).cast(pl.Enum(values)).gather(index)

    return pl.DataFrame(
        {
            "enhet_id": enum(units, unit_idx),
            "dato": pl.Series(days).cast(pl.Date),
            "yrkesgruppe": enum(SHIFT_GROUPS, group_idx),
            "timetype": enum(SHIFT_TYPES, type_idx),
            "timer": pl.Series(hours, dtype=pl.Float32),
            "kostnad_nok": pl.Series(np.round(cost, 0), dtype=pl.Float32),
        }
    )
