"""Results of the cost model: roster cost, cover of uncovered places, salary budget.

Amounts are NOK, hours are decimal hours. ``social_cost`` is the part added by the
social-cost factor (holiday pay, employer tax, pension) on top of pay.
"""

from __future__ import annotations

import datetime as dt
from enum import StrEnum

from pydantic import Field

from .base import DomainModel, Identifier


class CostBand(StrEnum):
    EVENING_NIGHT = "evening_night"
    WEEKEND = "weekend"
    PUBLIC_HOLIDAY = "public_holiday"


class CoverSource(StrEnum):
    OVERTIME = "overtime"
    POOL = "pool"
    AGENCY = "agency"
    UNFILLED = "unfilled"  # no lawful, priced way to cover it (below the safe minimum: priced all the same)


class PayLine(DomainModel):
    """Pay for some worked hours: base pay, allowances per band, overtime premium and social cost."""

    hours: float = 0.0
    band_hours: dict[CostBand, float] = Field(default_factory=dict)
    base_pay: float = 0.0
    allowances: dict[CostBand, float] = Field(default_factory=dict)
    overtime_premium: float = 0.0
    social_cost: float = 0.0

    @property
    def pay(self) -> float:
        return self.base_pay + sum(self.allowances.values()) + self.overtime_premium

    @property
    def total(self) -> float:
        return self.pay + self.social_cost

    def plus(self, other: PayLine) -> PayLine:
        bands = set(self.band_hours) | set(other.band_hours) | set(self.allowances) | set(other.allowances)
        return PayLine(
            hours=self.hours + other.hours,
            band_hours={b: self.band_hours.get(b, 0.0) + other.band_hours.get(b, 0.0) for b in bands},
            base_pay=self.base_pay + other.base_pay,
            allowances={b: self.allowances.get(b, 0.0) + other.allowances.get(b, 0.0) for b in bands},
            overtime_premium=self.overtime_premium + other.overtime_premium,
            social_cost=self.social_cost + other.social_cost,
        )

    def scaled(self, factor: float) -> PayLine:
        return PayLine(
            hours=self.hours * factor,
            band_hours={b: v * factor for b, v in self.band_hours.items()},
            base_pay=self.base_pay * factor,
            allowances={b: v * factor for b, v in self.allowances.items()},
            overtime_premium=self.overtime_premium * factor,
            social_cost=self.social_cost * factor,
        )


class EmployeeCost(DomainModel):
    employee_id: Identifier
    group: Identifier
    hourly_pay: float
    shifts: int
    line: PayLine


class GroupCost(DomainModel):
    group: Identifier
    employees: int
    shifts: int
    line: PayLine


class RosterCost(DomainModel):
    """Own-staff cost of a roster over its period, per week and annualised (× weeks per year)."""

    unit_id: Identifier
    start_date: dt.date
    days: int
    employees: list[EmployeeCost] = Field(default_factory=list)
    groups: list[GroupCost] = Field(default_factory=list)
    line: PayLine = Field(default_factory=PayLine)
    missing_pay_groups: list[Identifier] = Field(default_factory=list, description="Groups costed at 0 NOK/h")

    @property
    def weeks(self) -> float:
        return self.days / 7

    @property
    def total(self) -> float:
        return self.line.total

    @property
    def per_week(self) -> float:
        return self.total / self.weeks

    def annualised(self, weeks_per_year: float = 52) -> float:
        return self.per_week * weeks_per_year


class UncoveredPlace(DomainModel):
    """``count`` more heads of ``group`` were needed on ``shift_code`` starting on ``date``."""

    date: dt.date
    shift_code: Identifier
    group: Identifier
    count: int = Field(default=1, ge=1, le=100)
    below_minimum: int = Field(default=0, ge=0, le=100, description="Of ``count``, heads below the safe minimum")


class CoverDecision(DomainModel):
    """How one head on one uncovered place is covered and what it costs."""

    date: dt.date
    shift_code: Identifier
    group: Identifier
    source: CoverSource
    employee_id: Identifier | None = None
    hours: float
    cost: float
    below_minimum: bool = False  # the head is below the safe minimum: it must be covered, so it is priced


class CoverCost(DomainModel):
    decisions: list[CoverDecision] = Field(default_factory=list)

    def cost(self, source: CoverSource | None = None) -> float:
        return sum(d.cost for d in self.decisions if source is None or d.source == source)

    def hours(self, source: CoverSource | None = None) -> float:
        return sum(d.hours for d in self.decisions if source is None or d.source == source)

    def count(self, source: CoverSource) -> int:
        return sum(1 for d in self.decisions if d.source == source)


class BudgetLine(DomainModel):
    """One group's salary budget for a year."""

    group: Identifier
    fte: float = Field(description="Sum of position percentages / 100")
    hours: float
    base_pay: float
    allowances: float
    social_cost: float
    overtime: float = 0.0
    pool: float = 0.0
    agency: float = 0.0
    unfilled: float = Field(default=0.0, description="Places below the safe minimum with no lawful cover, priced")

    @property
    def own_staff(self) -> float:
        return self.base_pay + self.allowances + self.social_cost

    @property
    def total(self) -> float:
        return self.own_staff + self.overtime + self.pool + self.agency + self.unfilled


class SalaryBudget(DomainModel):
    """Salary budget for a calendar year from the plan, per group and per month (own staff)."""

    unit_id: Identifier
    year: int
    lines: list[BudgetLine] = Field(default_factory=list)
    months: dict[int, float] = Field(default_factory=dict, description="Own-staff cost per month 1..12")

    @property
    def total(self) -> float:
        return sum(line.total for line in self.lines)
