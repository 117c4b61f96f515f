"""Ranked suggestions for one open place (date, shift, group).

Ranking (issue 6): own staff still below their contract hours, then an extra shift (ekstravakt)
for part-timers up to a full position, then the staffing centre's pool (when the unit has one),
then overtime within the AML §10-6 limits, then agency hire. Staff of a higher group may take a
lower group's place (competence order). Every own-staff candidate is tried on the roster with the
checker: anyone who would break a hard rule (other than going above contract hours, which is what
extra shifts and overtime are) is left out. Each suggestion carries its cost (NOK, the cost model
of ``bemanning.planning.costing``) and the soft penalties it adds.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import asdict, dataclass, field
from enum import StrEnum
from typing import Any

from bemanning.model import Roster, StaffingRequirement, Unit
from bemanning.planning.costing import _agency_price, _pool_price, hourly_pay, public_holidays, shift_pay
from bemanning.planning.rostering import (
    Period,
    RosterContext,
    RosterHistory,
    Rule,
    build_context,
    check_context,
    default_rules,
)
from bemanning.planning.rostering.context import EmployeeInfo

from .explain import eligible_groups, trial_violations
from .repair import plan_of, roster_of
from .rules import Plan


class FillSource(StrEnum):
    OWN = "own"  # own staff below contract hours
    EXTRA = "extra"  # ekstravakt: a part-timer up to a full position
    POOL = "pool"  # staffing centre (bemanningssenter)
    OVERTIME = "overtime"  # AML §10-6
    AGENCY = "agency"  # innleie


RANK = {s: i for i, s in enumerate(FillSource)}


@dataclass(frozen=True)
class FillCandidate:
    source: FillSource
    employee: str | None  # None for pool and agency
    name: str
    group: str
    cost: float  # NOK, social costs included
    hours: float
    penalty: int = 0  # soft penalty the assignment adds (negative: it removes some)
    penalties: dict[str, int] = field(default_factory=dict)
    overtime_hours: float = 0.0

    @property
    def rank(self) -> int:
        return RANK[self.source]

    def as_dict(self) -> dict[str, Any]:
        out = asdict(self)
        out["source"] = self.source.value
        out["cost"] = round(self.cost, 2)
        return out


def _contract(rules: list[Rule], ctx: RosterContext, e: EmployeeInfo) -> tuple[int, int, float]:
    for rule in rules:
        if rule.code == "contract_hours" and hasattr(rule, "bounds"):
            return rule.bounds(ctx, e)  # type: ignore[no-any-return]
    return ctx.contract_minutes(e)


def _planned_minutes(ctx: RosterContext, plan: Plan, employee: str) -> int:
    return sum(ctx.shifts[c].work_minutes for c in plan.get(employee, {}).values())


def _overtime_caps(unit: Unit, ctx: RosterContext) -> float:
    """The tightest AML §10-6 overtime cap (hours) any window of the period must respect.

    Conservative: all overtime in the period is counted against the week, 4-week and 52-week limits
    (the 52-week cap shared pro rata by a cyclic roster that repeats all year)."""
    rules = unit.rules
    prefix = "overtime_agreed_max_per_" if unit.costs.overtime_by_agreement else "overtime_max_per_"
    year = rules.number(prefix + "52_weeks")
    if ctx.cyclic:
        year *= min(1.0, ctx.n / 364)
    weeks = ctx.n / 7
    week_cap = rules.number(prefix + "week") * max(weeks, 1)
    four = rules.number(prefix + "4_weeks") * max(weeks / 4, 1)
    return min(week_cap, four, year)


def suggest_fill(
    unit: Unit,
    roster: Roster,
    date: dt.date,
    shift: str,
    group: str,
    requirement: StaffingRequirement | None = None,
    *,
    history: RosterHistory | None = None,
    ctx: RosterContext | None = None,
    rules: list[Rule] | None = None,
    top: int | None = None,
) -> list[FillCandidate]:
    """Candidates for one place of ``group`` on ``shift`` at ``date``, best first."""
    ctx = ctx or build_context(unit, Period.of_roster(roster), requirement, history, roster.absences)
    rules = [r for r in (rules if rules is not None else default_rules(unit)) if r.applies(ctx)]
    day = ctx.index_of(date)
    if not 0 <= day < ctx.n or shift not in ctx.shifts:
        raise ValueError("date or shift outside the roster")
    plan = plan_of(roster, ctx)
    holidays = public_holidays(range(ctx.period.start.year, ctx.period.end.year + 2))
    shift_type = unit.shift_type(shift)
    minutes = ctx.shifts[shift].work_minutes
    hours = minutes / 60
    names = {e.id: e.name for e in unit.employees}
    soft = [r for r in rules if not r.hard]
    base_report = check_context(ctx, roster_of(plan, ctx), soft)
    base_pen = base_report.penalty_by_rule()
    overtime_cap = _overtime_caps(unit, ctx)
    out: list[FillCandidate] = []
    for e in ctx.employees:
        if e.group not in eligible_groups(ctx, group) or day in plan.get(e.id, {}):
            continue
        if ctx.absent_during(e.id, day, shift):
            continue  # never offer someone absent, whatever the absence rule's hard flag
        blocking = [v for v in trial_violations(ctx, rules, plan, e.id, day, shift) if v.rule != "contract_hours"]
        if blocking:
            continue
        low, high, _ = _contract(rules, ctx, e)
        after = _planned_minutes(ctx, plan, e.id) + minutes
        full_high = high * 100 / e.position_pct if e.position_pct else high
        overtime = 0.0
        if after <= high:
            source = FillSource.OWN
        elif e.position_pct < 100 and after <= full_high:
            source = FillSource.EXTRA
        else:
            source = FillSource.OVERTIME
            overtime = (after - max(high, full_high)) / 60
            if overtime > overtime_cap:
                continue
        pay = hourly_pay(unit, e.id, e.group)
        cost = shift_pay(unit, date, shift_type, pay, holidays, overtime=source is FillSource.OVERTIME).total
        trial = {k: dict(v) for k, v in plan.items()}
        trial.setdefault(e.id, {})[day] = shift
        after_pen = check_context(ctx, roster_of(trial, ctx), soft).penalty_by_rule()
        delta = {
            code: after_pen.get(code, 0) - base_pen.get(code, 0)
            for code in sorted({*after_pen, *base_pen})
            if after_pen.get(code, 0) != base_pen.get(code, 0)
        }
        out.append(
            FillCandidate(
                source=source, employee=e.id, name=names.get(e.id, e.id), group=e.group, cost=cost,
                hours=hours, penalty=sum(delta.values()), penalties=delta, overtime_hours=round(overtime, 2),
            )
        )
    pool = _pool_price(unit, group, shift_type)
    if pool is not None:
        out.append(FillCandidate(FillSource.POOL, None, "Bemanningssenter", group, pool, hours))
    agency = _agency_price(unit, date, shift_type, group, holidays)
    if agency is not None:
        out.append(FillCandidate(FillSource.AGENCY, None, "Innleie (vikarbyrå)", group, agency, hours))
    out.sort(key=lambda c: (c.rank, c.penalty, round(c.cost, 2), c.employee or ""))
    return out[:top] if top else out


__all__ = ["FillCandidate", "FillSource", "suggest_fill"]
