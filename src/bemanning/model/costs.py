"""Cost settings: pay, allowances, overtime and agency prices (DOMAIN.md "Money")."""

from __future__ import annotations

from pydantic import Field

from .base import DomainModel, Identifier

SPEKTER_A2 = "Spekter område 10, A2 (sykepleiere 2024)"


class Allowance(DomainModel):
    share: float = Field(ge=0, le=5, description="Share of hourly pay")
    min_nok_per_hour: float = Field(default=0, ge=0)
    start_hour: float = Field(default=0, ge=0, le=24)
    end_hour: float = Field(default=24, ge=0, le=24)
    reference: str = SPEKTER_A2

    def per_hour(self, hourly_pay: float) -> float:
        return max(self.share * hourly_pay, self.min_nok_per_hour)


class AgencyPrice(DomainModel):
    ordinary: float = Field(ge=0)
    evening_night_weekend: float = Field(ge=0)
    overtime: float = Field(ge=0)


class CostSettings(DomainModel):
    hourly_pay: dict[Identifier, float] = Field(default_factory=dict, description="NOK per hour per group")
    employee_hourly_pay: dict[Identifier, float] = Field(default_factory=dict, description="Overrides per employee")
    social_cost_factor: float = Field(default=1.35, ge=1, le=3, description="Holiday pay, employer tax, pension")
    evening_night: Allowance = Field(
        default_factory=lambda: Allowance(share=0.28, min_nok_per_hour=70, start_hour=17, end_hour=6)
    )
    weekend: Allowance = Field(
        default_factory=lambda: Allowance(share=0.26, min_nok_per_hour=75, start_hour=0, end_hour=24)
    )
    public_holiday: Allowance = Field(default_factory=lambda: Allowance(share=1.3333, min_nok_per_hour=0))
    overtime_share: float = Field(default=0.5, ge=0.4, le=3, description="AML §10-6(11): at least 40 %")
    overtime_raised_share: float = Field(default=1.0, ge=0.4, le=3)
    agency: dict[Identifier, AgencyPrice] = Field(default_factory=dict, description="Agency price per group, NOK/h")
    pool_hourly_price: dict[Identifier, float] = Field(
        default_factory=dict, description="Staffing-centre pool price per group, NOK/h"
    )
    pool_available: bool = False

    def pay_for(self, group: str, employee_id: str | None = None) -> float:
        if employee_id is not None and employee_id in self.employee_hourly_pay:
            return self.employee_hourly_pay[employee_id]
        return self.hourly_pay.get(group, 0.0)
