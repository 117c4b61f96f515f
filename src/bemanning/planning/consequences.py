"""Personnel consequences of a scenario against the baseline (personalmessige konsekvenser).

The numbers a decision paper needs, side by side: FTE need per group, training the new task
allocation needs, weekends per employee and long shifts, agency hours and cost. The text is
written by ``bemanning.io.consequences_md``.
"""

from __future__ import annotations

from pydantic import BaseModel, Field

from bemanning.model.costs_result import CoverSource
from bemanning.model.task_sharing_result import TrainingNeed

from .chain import ChainResult


class GroupChange(BaseModel):
    group: str
    name: str
    need_baseline: float
    need_scenario: float
    current_baseline: float
    current_scenario: float

    @property
    def need_change(self) -> float:
        return self.need_scenario - self.need_baseline

    @property
    def gap_scenario(self) -> float:
        """Positive: more need than positions."""
        return self.need_scenario - self.current_scenario


class Pair(BaseModel):
    baseline: float
    scenario: float

    @property
    def change(self) -> float:
        return self.scenario - self.baseline


class Consequences(BaseModel):
    scenario: str
    baseline: str
    year: int
    groups: list[GroupChange] = Field(default_factory=list)
    training: list[TrainingNeed] = Field(default_factory=list, description="Training the scenario needs")
    new_training: list[TrainingNeed] = Field(default_factory=list, description="Not needed in the baseline")
    weekends_in_cycle: int
    weekends: Pair
    long_shift_share: Pair
    avg_position_pct: Pair
    uncovered_shifts: Pair
    hard_violations: Pair
    agency_hours: Pair
    agency_cost: Pair
    overtime_cost: Pair
    own_staff_cost: Pair
    total_cost: Pair
    fte_year_hours: float

    @property
    def agency_fte(self) -> Pair:
        """Agency hours as FTE-years (hours / fte_year_hours, seed 002's convention)."""
        return Pair(baseline=self.agency_hours.baseline / self.fte_year_hours,
                    scenario=self.agency_hours.scenario / self.fte_year_hours)


def consequences(baseline: ChainResult, scenario: ChainResult, group_names: dict[str, str] | None = None
                 ) -> Consequences:
    names = group_names or {}
    base_rows = {g.group: g for g in baseline.groups()}
    scen_rows = {g.group: g for g in scenario.groups()}
    order = [g.group for g in baseline.groups()] + [g for g in scen_rows if g not in base_rows]
    groups = []
    for group in order:
        b, s = base_rows.get(group), scen_rows.get(group)
        groups.append(GroupChange(
            group=group,
            name=names.get(group, group),
            need_baseline=b.fte_need if b else 0.0,
            need_scenario=s.fte_need if s else 0.0,
            current_baseline=b.fte_current if b else 0.0,
            current_scenario=s.fte_current if s else 0.0,
        ))
    before = {(t.group, t.task_id) for t in baseline.training_needs}

    def pair(name: str) -> Pair:
        return Pair(baseline=float(getattr(baseline, name)), scenario=float(getattr(scenario, name)))

    return Consequences(
        scenario=scenario.scenario,
        baseline=baseline.scenario,
        year=scenario.year,
        groups=groups,
        training=scenario.training_needs,
        new_training=[t for t in scenario.training_needs if (t.group, t.task_id) not in before],
        weekends_in_cycle=scenario.weekends_in_cycle,
        weekends=pair("weekends_per_employee"),
        long_shift_share=pair("long_shift_share"),
        avg_position_pct=pair("avg_position_pct"),
        uncovered_shifts=pair("uncovered_shifts"),
        hard_violations=pair("hard_violations"),
        agency_hours=Pair(baseline=baseline.annual_cover_hours(CoverSource.AGENCY),
                          scenario=scenario.annual_cover_hours(CoverSource.AGENCY)),
        agency_cost=Pair(baseline=baseline.annual_cover(CoverSource.AGENCY),
                         scenario=scenario.annual_cover(CoverSource.AGENCY)),
        overtime_cost=Pair(baseline=baseline.annual_cover(CoverSource.OVERTIME),
                           scenario=scenario.annual_cover(CoverSource.OVERTIME)),
        own_staff_cost=pair("cost_own_staff"),
        total_cost=pair("cost_total"),
        fte_year_hours=scenario.fte.fte_year_hours,
    )
