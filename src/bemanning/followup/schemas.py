"""The input datasets and their columns. docs/followup.md renders the same facts for users.

Every table is per unit (enhet_id) and month (maned, YYYY-MM) except the organisation table.
Column names are Norwegian because users write these files.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Literal

Kind = Literal["text", "month", "date", "number", "integer", "choice"]


@dataclass(frozen=True)
class Column:
    name: str
    kind: Kind
    description: str
    required: bool = True
    minimum: float | None = None
    choices: tuple[str, ...] = ()


@dataclass(frozen=True)
class TableSchema:
    name: str
    description: str
    columns: tuple[Column, ...]
    key: tuple[str, ...] = ()
    """Columns that must be unique together; later duplicates are rejected."""
    needs_unit: bool = True
    """Rows must name a unit in the organisation table."""

    @property
    def column_names(self) -> list[str]:
        return [c.name for c in self.columns]

    def column(self, name: str) -> Column:
        return next(c for c in self.columns if c.name == name)


_UNIT = Column("enhet_id", "text", "Enhetens id, som i organisasjonstabellen")
_MONTH = Column("maned", "month", "Måned, ÅÅÅÅ-MM")


def _amount(name: str, description: str, required: bool = True) -> Column:
    return Column(name, "number", description, required=required, minimum=0)


ORGANISATION = TableSchema(
    "organisasjon",
    "Organisasjon: enhet → klinikk → foretak → region",
    (
        Column("enhet_id", "text", "Unik id for enheten"),
        Column("enhet", "text", "Enhetens navn"),
        Column("klinikk", "text", "Klinikk"),
        Column("foretak", "text", "Helseforetak (HF)"),
        Column("region", "text", "Regionalt helseforetak (RHF)"),
    ),
    key=("enhet_id",),
    needs_unit=False,
)

HOURS = TableSchema(
    "timer",
    "Utbetalte timer og lønn for egne ansatte per enhet og måned",
    (
        _UNIT,
        _MONTH,
        _amount("ordinaer_timer", "Ordinære timer (inkl. betalt fravær)"),
        _amount("overtid_timer", "Overtidstimer"),
        _amount("ekstravakt_timer", "Timer i ekstravakter utover avtalt stilling"),
        _amount("fastlonn_nok", "Fast lønn, NOK"),
        _amount("variabel_lonn_nok", "Variabel lønn (overtid, ekstravakter, tillegg), NOK"),
    ),
    key=("enhet_id", "maned"),
)

AGENCY = TableSchema(
    "innleie",
    "Innleie fra bemanningsforetak per enhet, måned og yrkesgruppe",
    (
        _UNIT,
        _MONTH,
        Column("yrkesgruppe", "text", "Yrkesgruppe, f.eks. sykepleier, lege, psykiater"),
        _amount("timer", "Innleide timer"),
        _amount("kostnad_nok", "Fakturert kostnad, NOK"),
    ),
    key=("enhet_id", "maned", "yrkesgruppe"),
)

ABSENCE = TableSchema(
    "fravaer",
    "Sykefravær per enhet og måned",
    (
        _UNIT,
        _MONTH,
        Column("varighet", "choice", "korttid eller langtid", choices=("korttid", "langtid")),
        Column("sertifisering", "choice", "egenmeldt eller legemeldt", choices=("egenmeldt", "legemeldt")),
        _amount("mengde", "Fraværets omfang"),
        Column("mengdeenhet", "choice", "dager eller timer", choices=("dager", "timer")),
    ),
)

POSITIONS = TableSchema(
    "stillinger",
    "Stillinger og årsverk per enhet og måned (avtalt arbeidstid)",
    (
        _UNIT,
        _MONTH,
        Column("stillinger", "integer", "Antall stillinger (hoder)", minimum=0),
        _amount("arsverk", "Årsverk i stillingene (sum stillingsprosent / 100)"),
    ),
    key=("enhet_id", "maned"),
)

BUDGET = TableSchema(
    "budsjett",
    "Budsjettlinjer per enhet og måned",
    (
        _UNIT,
        _MONTH,
        Column("post", "choice", "innleie eller lonn", choices=("innleie", "lonn")),
        Column("belop_nok", "number", "Budsjettert beløp, NOK"),
    ),
    key=("enhet_id", "maned", "post"),
)

BUDGET_DEVIATION_INPUT = TableSchema(
    "budsjettavvik",
    "Faktisk og budsjett per foretak (NOK 1000), som i HSØ-tabellen",
    (
        Column("foretak", "text", "Foretakets navn"),
        Column("innleie_faktisk", "number", "Innleie, faktisk", minimum=0),
        Column("innleie_budsjett", "number", "Innleie, budsjett"),
        Column("lonn_faktisk", "number", "Lønnskostnad eks. pensjon, faktisk", minimum=0),
        Column("lonn_budsjett", "number", "Lønnskostnad eks. pensjon, budsjett"),
    ),
    key=("foretak",),
    needs_unit=False,
)

DOCTOR_AGENCY_INPUT = TableSchema(
    "legeinnleie",
    "Innleide legetimer per foretak og spesialitet for ett år, som i HSØ-tabellen (seed 002)",
    (
        Column("foretak", "text", "Foretakets navn"),
        *(
            _amount(name, f"Innleide timer, {label}")
            for name, label in (
                ("anestesi", "anestesi"),
                ("nevrologi", "nevrologi"),
                ("psykiatri_vop", "psykiatri (voksenpsykiatri, VOP)"),
                ("radiologi", "radiologi"),
                ("ovrige_leger", "øvrige leger"),
            )
        ),
        _amount(
            "psykiatri_overleger_manedsverk",
            "Egne overleger i psykiatri (VOP + BUP), brutto månedsverk: nevner for andel innleie",
            required=False,
        ),
    ),
    key=("foretak",),
    needs_unit=False,
)

SHIFTS = TableSchema(
    "vakter",
    "Vaktnivå (valgfritt, stort): én rad per vakt eller fraværsvakt",
    (
        _UNIT,
        Column("dato", "date", "Dato, ÅÅÅÅ-MM-DD"),
        Column("yrkesgruppe", "text", "Yrkesgruppe"),
        Column(
            "timetype",
            "choice",
            "ordinaer, overtid, ekstravakt, innleie, fravaer_korttid eller fravaer_langtid",
            choices=("ordinaer", "overtid", "ekstravakt", "innleie", "fravaer_korttid", "fravaer_langtid"),
        ),
        _amount("timer", "Timer"),
        _amount("kostnad_nok", "Kostnad, NOK"),
    ),
)

DATASETS: dict[str, TableSchema] = {
    s.name: s for s in (ORGANISATION, HOURS, AGENCY, ABSENCE, POSITIONS, BUDGET)
}
