"""The staffing step of the chain in one call: requirement → FTE need → projection."""

from __future__ import annotations

from dataclasses import dataclass

from bemanning.model import ActivityPlan, StaffingRequirement, Unit
from bemanning.model.staffing_result import FteResult, Projection

from .demand import staffing_requirement
from .fte import fte_result
from .projection import project


@dataclass
class StaffingResults:
    requirement: StaffingRequirement
    fte: FteResult
    projection: Projection


def run_staffing(unit: Unit, plan: ActivityPlan, as_is_plan: ActivityPlan, *, years: int | None = None
                 ) -> StaffingResults:
    """``plan``: after task sharing; ``as_is_plan``: tasks on today's group (projection without measures)."""
    requirement = staffing_requirement(unit, plan)
    fte = fte_result(unit, requirement)
    projection = project(unit, plan, as_is_plan, years=years, calendar=requirement.calendar)
    return StaffingResults(requirement=requirement, fte=fte, projection=projection)
