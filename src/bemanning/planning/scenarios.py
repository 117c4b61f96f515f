"""Apply a scenario to a unit: a pure function that returns a new, validated unit."""

from __future__ import annotations

from collections import Counter
from typing import Any

from bemanning.model import Employee, RuleSet, Unit
from bemanning.model.scenario import (
    Change,
    ConvertPositions,
    FullTimeChange,
    LongShiftChange,
    OccupancyChange,
    Scenario,
    SickLeaveChange,
    TaskSharingChange,
)

# Positions of new employees are whole posts, the remainder one part-time post.
FULL_POSITION_PCT = 100.0
EPSILON = 1e-9


class ScenarioError(ValueError):
    """A change that cannot apply to the unit; ``key`` and ``context`` feed the message catalogue."""

    def __init__(self, key: str, **context: Any):
        self.key = key
        self.context = context
        super().__init__(f"{key}: {context}")


def apply_scenario(unit: Unit, scenario: Scenario) -> Unit:
    """The unit with every change of ``scenario`` applied in order; the input is not modified."""
    data = unit.model_dump()
    current = unit
    for change in scenario.changes:
        data = _apply(current, data, change)
        current = Unit.model_validate(data)
    return Unit.model_validate(data)


def _apply(unit: Unit, data: dict[str, Any], change: Change) -> dict[str, Any]:
    groups = {g.id for g in unit.groups}
    if isinstance(change, TaskSharingChange):
        data["task_sharing"]["enabled"] = change.enabled
        if change.training_planned is not None:
            for plan in change.training_planned:
                _known_group(plan.group, groups)
            data["task_sharing"]["training_planned"] = [p.model_dump() for p in change.training_planned]
    elif isinstance(change, LongShiftChange):
        data["rules"] = _with_rule(unit, "long_shift_max_share", change.max_share)
        employees = {e.id for e in unit.employees}
        for name in change.volunteers:
            if name not in groups and name not in employees:
                raise ScenarioError("scenario_unknown_volunteer", name=name)
        for e in data["employees"]:
            named = e["id"] in change.volunteers or e["group"] in change.volunteers
            kept = e["long_shift_volunteer"] and not change.only_these_volunteers
            e["long_shift_volunteer"] = named or kept
    elif isinstance(change, ConvertPositions):
        _known_group(change.from_group, groups)
        _known_group(change.to_group, groups)
        data = _convert(unit, data, change)
    elif isinstance(change, FullTimeChange):
        for group in change.groups:
            _known_group(group, groups)
        for e in data["employees"]:
            if (not change.groups or e["group"] in change.groups) and e["position_pct"] < change.target_pct:
                e["position_pct"] = change.target_pct
    elif isinstance(change, SickLeaveChange):
        data["rules"] = _with_rule(unit, "sick_leave_share", change.share)
    elif isinstance(change, OccupancyChange):
        activity = data["activity"]
        beds = activity["beds"]
        activity["occupancy"] = {d: min(beds, v * change.factor) for d, v in activity["occupancy"].items()}
        if change.scale_flows:
            for key in ("admissions", "discharges"):
                activity[key] = {d: v * change.factor for d, v in activity[key].items()}
    return data


def _known_group(group: str, groups: set[str]) -> None:
    if group not in groups:
        raise ScenarioError("scenario_unknown_group", group=group)


def _with_rule(unit: Unit, name: str, value: float) -> dict[str, Any]:
    overrides = unit.rules.overrides()
    current = overrides.get(name)
    overrides[name] = {**current, "value": value} if isinstance(current, dict) else value
    return RuleSet.model_validate(overrides).model_dump()


def _convert(unit: Unit, data: dict[str, Any], change: ConvertPositions) -> dict[str, Any]:
    """Take ``from_fte`` from the group's employees, last id first (whole positions removed,
    the last one resized), and add ``to_fte`` as new fictional posts in the target group."""
    members = sorted((e for e in data["employees"] if e["group"] == change.from_group),
                     key=lambda e: e["id"], reverse=True)
    available = sum(e["position_pct"] for e in members) / 100
    if change.from_fte > available + EPSILON:
        raise ScenarioError("scenario_not_enough_fte", group=change.from_group, fte=round(available, 2),
                            wanted=change.from_fte)
    remaining_pct = change.from_fte * 100
    removed: set[str] = set()
    for e in members:
        if remaining_pct <= EPSILON:
            break
        if e["position_pct"] <= remaining_pct + EPSILON:
            remaining_pct -= e["position_pct"]
            removed.add(e["id"])
        else:
            e["position_pct"] = round(e["position_pct"] - remaining_pct, 6)
            remaining_pct = 0
    data["employees"] = [e for e in data["employees"] if e["id"] not in removed]
    data["wishes"] = [w for w in data["wishes"] if w["employee"] not in removed]
    data["absences"] = [a for a in data["absences"] if a["employee"] not in removed]
    costs = data["costs"]
    costs["employee_hourly_pay"] = {k: v for k, v in costs["employee_hourly_pay"].items() if k not in removed}
    data["employees"] += [e.model_dump() for e in _new_posts(unit, data, change)]
    return data


def _new_posts(unit: Unit, data: dict[str, Any], change: ConvertPositions) -> list[Employee]:
    group = unit.group(change.to_group)
    peers = [e for e in unit.employees if e.group == change.to_group]
    arrangement = Counter(e.arrangement for e in peers).most_common(1)[0][0] if peers else None
    # a new post has what every peer holds or has held (undated or certified): the group's usual competence
    competences = sorted(set.intersection(*(e.competence_codes() for e in peers))) if peers else []
    works_nights = sum(e.works_nights for e in peers) * 2 >= len(peers) if peers else True
    taken = {e["id"] for e in data["employees"]}
    posts: list[float] = []
    pct = change.to_fte * 100
    while pct > EPSILON:
        posts.append(min(FULL_POSITION_PCT, round(pct, 6)))
        pct -= posts[-1]
    out = []
    number = 0
    for post in posts:
        number += 1
        while f"{group.id}-ny{number}" in taken:
            number += 1
        employee = Employee(
            id=f"{group.id}-ny{number}", name=f"Ny stilling {group.name} {number}", group=group.id,
            position_pct=post, competences=competences, works_nights=works_nights,
            **({"arrangement": arrangement} if arrangement is not None else {}),
        )
        taken.add(employee.id)
        out.append(employee)
    return out
