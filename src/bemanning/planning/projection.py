"""Long-term projection of FTE need (seed 001's national staffing model, seed 004's "30 % in 15 years").

Year ``y``'s activity factor comes from a :class:`GrowthModel` (age groups with their share of
today's activity and yearly growth; default one group growing at the rule setting
``projection_annual_growth``). Every hour of the activity plans and the unit's activity
(occupancy, admissions, ...) are scaled by the factor, the requirement is computed again (so
minimums and rounding up stay in the picture) and turned into FTE. Two cases side by side:

- *with measures*: the plan after task sharing;
- *without measures*: the as-is plan (tasks on today's group).

Long shifts are not part of the projection: with the minimums binding, a long shift that merely
replaces a day shift adds hours, so whether long shifts pay off is a roster question, answered by
the scenarios (`bemanning scenario compare`), not by a head count.

Growing activity never removes a head: each year's requirement keeps every head of the year before
(``_keep_heads``). Without that, rounding to whole heads and the competence order move heads between
groups from one year to the next (one more nurse on a shift absorbs a health-care worker's remainder),
and the projected total could fall while activity grows and the measures stay the same.

Scaling every hour is a simplification: tasks counted per day or per shift do not really grow
with activity, so the projection leans to the high side. A unit's fixed bemanningsplan is not
used here (it describes today, not the future).
"""

from __future__ import annotations

from bemanning.model import ActivityPlan, StaffingRequirement, Unit, WeekdayValues
from bemanning.model.staffing_result import DayTypeCalendar, GrowthModel, Projection, ProjectionRow

from .calendar import day_type_calendar
from .demand import staffing_requirement
from .fte import fte_result


def scale_plan(plan: ActivityPlan, factor: float) -> ActivityPlan:
    return plan.model_copy(
        update={"entries": [e.model_copy(update={"hours": e.hours * factor}) for e in plan.entries]}
    )


def scale_activity(unit: Unit, factor: float) -> Unit:
    """The unit with every activity driver (occupancy, admissions, discharges, ...) times ``factor``."""
    activity = unit.activity
    scaled = {
        name: getattr(activity, name).scaled(factor)
        for name, value in activity
        if isinstance(value, WeekdayValues)
    }
    return unit.model_copy(update={"activity": activity.model_copy(update=scaled)})


def _keep_heads(requirement: StaffingRequirement, before: StaffingRequirement | None) -> StaffingRequirement:
    """``requirement`` with every row at least as high as the year before (rows of that year kept)."""
    if before is None:
        return requirement
    old = {(r.day_type, r.shift, r.group): r for r in before.rows}
    rows = []
    for row in requirement.rows:
        prev = old.pop((row.day_type, row.shift, row.group), None)
        if prev is not None and (prev.required > row.required or prev.minimum > row.minimum):
            row = row.model_copy(
                update={"required": max(row.required, prev.required), "minimum": max(row.minimum, prev.minimum)}
            )
        rows.append(row)
    rows += list(old.values())
    return requirement.model_copy(update={"rows": rows})


def default_growth(unit: Unit) -> GrowthModel:
    return GrowthModel.uniform(unit.rules.number("projection_annual_growth"))


def project(
    unit: Unit,
    plan_with_measures: ActivityPlan,
    plan_without_measures: ActivityPlan,
    *,
    growth: GrowthModel | None = None,
    years: int | None = None,
    calendar: DayTypeCalendar | None = None,
) -> Projection:
    """FTE need per group for years 1..``years`` (default: rule setting ``projection_years``)."""
    growth = growth or default_growth(unit)
    years = int(unit.rules.number("projection_years")) if years is None else years
    calendar = calendar or day_type_calendar(unit.roster.start_date.year)
    rows: list[ProjectionRow] = []
    last_with: StaffingRequirement | None = None
    last_without: StaffingRequirement | None = None
    for year in range(1, years + 1):
        factor = growth.factor(year)
        future = scale_activity(unit, factor)
        with_req = staffing_requirement(
            future,
            scale_plan(plan_with_measures, factor),
            holidays=calendar,
            long_shifts=False,
            use_fixed=False,
        )
        without_req = staffing_requirement(
            future,
            scale_plan(plan_without_measures, factor),
            holidays=calendar,
            long_shifts=False,
            use_fixed=False,
        )
        if factor >= 1:  # growing activity: keep last year's heads (a shrinking one may lose them)
            with_req, without_req = _keep_heads(with_req, last_with), _keep_heads(without_req, last_without)
        last_with, last_without = with_req, without_req
        with_fte = {r.group: r for r in fte_result(future, with_req, calendar=calendar).rows}
        without_fte = {r.group: r for r in fte_result(future, without_req, calendar=calendar).rows}
        for group in [g.id for g in unit.groups_by_rank() if g.id in with_fte or g.id in without_fte]:
            a, b = with_fte.get(group), without_fte.get(group)
            rows.append(
                ProjectionRow(
                    year=year,
                    group=group,
                    activity_factor=round(factor, 5),
                    fte_need=a.fte_need if a else 0.0,
                    fte_need_with_absence=a.fte_need_with_absence if a else 0.0,
                    fte_need_without_measures=b.fte_need if b else 0.0,
                    fte_need_without_measures_with_absence=b.fte_need_with_absence if b else 0.0,
                )
            )
    return Projection(unit_id=unit.id, fte_year_hours=unit.rules.number("fte_year_hours"), rows=rows)
