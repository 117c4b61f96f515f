"""Settings for the follow-up: every convention a report depends on, stated and printable."""

from __future__ import annotations

from dataclasses import asdict, dataclass
from typing import Any, Literal

from bemanning.model.rules import DEFAULT_RULES

Denominator = Literal["budsjett", "faktisk"]
DENOMINATORS: tuple[str, ...] = ("budsjett", "faktisk")


def _default_fte_year_hours() -> float:
    return float(DEFAULT_RULES["fte_year_hours"].value)


@dataclass(frozen=True)
class BudgetDenominators:
    """Which amount a budget deviation in % is divided by, per column.

    The defaults are the seed's (HSØ 2023 slides): agency hire and salary divide by the budget,
    the "Sum" column divides by the actual.
    """

    innleie: Denominator = "budsjett"
    lonn: Denominator = "budsjett"
    sum: Denominator = "faktisk"

    def describe(self) -> str:
        return f"innleie/{self.innleie}, lønn/{self.lonn}, sum/{self.sum}"


@dataclass(frozen=True)
class FollowupSettings:
    fte_year_hours: float = _default_fte_year_hours()
    """Hours per FTE-year (årsverk); an FTE-month (månedsverk) is a twelfth of it."""
    hours_per_absence_day: float = 7.5
    """Converts absence given in days to hours (37.5 h / 5 days)."""
    denominators: BudgetDenominators = BudgetDenominators()
    rolling_months: int = 12
    sick_leave_window_months: int = 12
    """The evaluation window of the sick-leave ranking: the latest N months."""
    sick_leave_baseline_months: int = 24
    """The unit's own history: up to N months before the window."""
    sick_leave_min_peers: int = 2
    """Peers are the other units of the clinic; fewer than this, and the trust's other units are used."""
    sick_leave_flag_pp: float = 1.0
    """Units this many percentage points above expectation are flagged for follow-up."""

    @property
    def fte_month_hours(self) -> float:
        return self.fte_year_hours / 12

    def as_rows(self) -> list[tuple[str, Any]]:
        data = asdict(self)
        data["denominators"] = self.denominators.describe()
        return list(data.items())
