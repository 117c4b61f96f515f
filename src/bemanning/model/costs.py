"""Cost settings: pay, allowances, overtime and agency prices (DOMAIN.md "Money").

Every number here is a default from the hospital agreement or from DOMAIN.md with its
reference; a unit file may override any of them under ``costs:``.
"""

from __future__ import annotations

import datetime as dt

from pydantic import Field, model_validator

from bemanning.i18n import number, yes_no

from .base import DomainModel, Identifier, domain_error

SPEKTER_A2 = "Spekter område 10, A2 (sykepleiere 2024)"
AML_10_6 = "AML §10-6(11)"
DOMAIN_MONEY = "DOMAIN.md «Money» (typiske tall, ikke verifisert)"


class WeeklySpan(DomainModel):
    """A span of the week from ``start_weekday`` ``start_hour`` to ``end_weekday`` ``end_hour``
    (weekday 0 = Monday). Saturday 00:00 to Sunday 24:00 is (5, 0) → (6, 24)."""

    start_weekday: int = Field(ge=0, le=6)
    start_hour: float = Field(default=0, ge=0, le=24)
    end_weekday: int = Field(ge=0, le=6)
    end_hour: float = Field(default=24, ge=0, le=24)

    @property
    def start_minute_of_week(self) -> int:
        return self.start_weekday * 1440 + round(self.start_hour * 60)

    @property
    def end_minute_of_week(self) -> int:
        return self.end_weekday * 1440 + round(self.end_hour * 60)


class Allowance(DomainModel):
    """An allowance paid per hour worked inside its time band.

    The band is the daily window ``start_hour``..``end_hour`` (crossing midnight when end <
    start), or the weekly span ``week_span`` when that is set. The amount per hour is
    ``max(share × hourly pay, min_nok_per_hour)``.
    """

    share: float = Field(ge=0, le=5, description="Share of hourly pay")
    min_nok_per_hour: float = Field(default=0, ge=0)
    start_hour: float = Field(default=0, ge=0, le=24)
    end_hour: float = Field(default=24, ge=0, le=24)
    week_span: WeeklySpan | None = None
    reference: str = SPEKTER_A2

    def per_hour(self, hourly_pay: float) -> float:
        return max(self.share * hourly_pay, self.min_nok_per_hour)


class AgencyPrice(DomainModel):
    """Invoiced agency price per hour (NOK); the band price applies to hours in any allowance band."""

    ordinary: float = Field(ge=0)
    evening_night_weekend: float = Field(ge=0)
    overtime: float = Field(ge=0)
    public_holiday: float | None = Field(
        default=None, ge=0, description="Default: the evening/night/weekend price"
    )


class DateSpan(DomainModel):
    start: dt.date
    end: dt.date

    @model_validator(mode="after")
    def _check(self) -> DateSpan:
        if self.end < self.start:
            raise domain_error("date_span_end_before_start", "a period ends before it starts")
        return self

    def contains(self, day: dt.date) -> bool:
        return self.start <= day <= self.end


def _evening_night() -> Allowance:
    return Allowance(
        share=0.28,
        min_nok_per_hour=70,
        start_hour=17,
        end_hour=6,
        reference=f"{SPEKTER_A2}: kvelds- og nattillegg 17–06, 28 %, minst 70 kr/t",
    )


def _weekend() -> Allowance:
    return Allowance(
        share=0.26,
        min_nok_per_hour=75,
        week_span=WeeklySpan(start_weekday=5, end_weekday=6),
        reference=f"{SPEKTER_A2}: lørdags- og søndagstillegg lør 00–søn 24, 26 %, minst 75 kr/t",
    )


def _holiday() -> Allowance:
    return Allowance(share=1.3333, reference=f"{SPEKTER_A2}: helge- og høytidstillegg 133,33 %")


class CostSettings(DomainModel):
    hourly_pay: dict[Identifier, float] = Field(default_factory=dict, description="NOK per hour per group")
    employee_hourly_pay: dict[Identifier, float] = Field(
        default_factory=dict, description="Overrides per employee"
    )
    social_cost_factor: float = Field(
        default=1.35, ge=1, le=3, description="Holiday pay, employer tax, pension"
    )
    evening_night: Allowance = Field(default_factory=_evening_night)
    weekend: Allowance = Field(default_factory=_weekend)
    public_holiday: Allowance = Field(default_factory=_holiday)
    overtime_share: float = Field(default=0.5, ge=0.4, le=3, description="AML §10-6(11): at least 40 %")
    overtime_raised_share: float = Field(default=1.0, ge=0.4, le=3)
    agency: dict[Identifier, AgencyPrice] = Field(
        default_factory=dict, description="Agency price per group, NOK/h"
    )
    pool_hourly_price: dict[Identifier, float] = Field(
        default_factory=dict, description="Staffing-centre pool price per group, NOK/h"
    )
    pool_available: bool = False
    # --- costs: bands, overtime and cover (issue 8) ---------------------------------------
    holiday_replaces_weekend: bool = Field(
        default=True, description="Holiday hours get the holiday allowance instead of the weekend allowance"
    )
    overtime_reference: str = (
        f"{SPEKTER_A2}: overtid 50 %, 100 % i forhøyede perioder; {AML_10_6}: minst 40 %"
    )
    overtime_raised_periods: list[DateSpan] = Field(
        default_factory=list,
        description="Periods where overtime is paid at the raised share (e.g. Christmas)",
    )
    overtime_raised_on_holidays: bool = Field(
        default=True,
        description="Overtime hours on public holidays are paid at the raised share (unverified)",
    )
    overtime_by_agreement: bool = Field(
        default=False, description="Use the AML §10-6(5) agreed overtime limits instead of §10-6(4)"
    )
    pool_max_hours_per_week: float | None = Field(
        default=None, ge=0, description="Hours per week the staffing-centre pool can give (empty: no limit)"
    )
    agency_allowed: bool = Field(
        default=True, description="AML §14-12 / innleieforskriften §3: hire only to keep services safe"
    )
    # Holiday-eve window (issue 25): hours on Christmas, New Year's, Easter and Whitsun eves from this
    # hour get the holiday allowance. None: eves are ordinary days.
    holiday_eve_from_hour: float | None = Field(
        default=15, ge=0, le=24, description="Holiday allowance on Christmas/New Year's/Easter/Whitsun eve from"
    )
    holiday_eve_reference: str = (
        f"{SPEKTER_A2}: helge- og høytidstillegg på jul-, nyttårs-, påske- og pinseaften fra kl. 15 "
        "(som AML §10-10(1)); ikke verifisert mot avtaleteksten"
    )

    def listing(self) -> list[tuple[str, str, str, str]]:
        """(name, value, unit, reference) of every cost setting, for `bemanning regler` (values written for
        the reader's language by bemanning.i18n)."""

        def allowance(name: str, a: Allowance) -> list[tuple[str, str, str, str]]:
            if a.week_span is not None:
                w = a.week_span
                window = f"{w.start_weekday}:{w.start_hour:g}–{w.end_weekday}:{w.end_hour:g}"
            else:
                window = f"{a.start_hour:g}–{a.end_hour:g}"
            return [
                (f"{name}.share", number(a.share), "andel", a.reference),
                (f"{name}.min_nok_per_hour", number(a.min_nok_per_hour), "kr/t", a.reference),
                (f"{name}.window", window, "ukedag:time" if a.week_span else "time", a.reference),
            ]

        eve = "–" if self.holiday_eve_from_hour is None else number(self.holiday_eve_from_hour)
        return [
            *allowance("evening_night", self.evening_night),
            *allowance("weekend", self.weekend),
            *allowance("public_holiday", self.public_holiday),
            ("holiday_eve_from_hour", eve, "time", self.holiday_eve_reference),
            ("holiday_replaces_weekend", yes_no(self.holiday_replaces_weekend), "", SPEKTER_A2),
            ("overtime_share", number(self.overtime_share), "andel", self.overtime_reference),
            ("overtime_raised_share", number(self.overtime_raised_share), "andel", self.overtime_reference),
            ("social_cost_factor", number(self.social_cost_factor), "faktor",
             "Feriepenger, arbeidsgiveravgift og pensjon (DOMAIN.md «Money», ×1,3–1,45)"),
            ("agency_allowed", yes_no(self.agency_allowed), "", "AML §14-12, innleieforskriften §3"),
        ]

    def pay_for(self, group: str, employee_id: str | None = None) -> float:
        if employee_id is not None and employee_id in self.employee_hourly_pay:
            return self.employee_hourly_pay[employee_id]
        return self.hourly_pay.get(group, 0.0)
