"""Read SCENARIOS.yaml: a list of named scenarios, each a list of changes to the unit.

Messages name the file and line, like the unit file. ``check_scenarios`` also tries each
scenario on the unit so unknown groups or impossible conversions are found before a run.
"""

from __future__ import annotations

from pathlib import Path
from typing import Any

from pydantic import ValidationError

from bemanning.i18n import register
from bemanning.model import Unit
from bemanning.model.scenario import ScenarioSet
from bemanning.planning.scenarios import ScenarioError, apply_scenario

from .errors import UserError, UserMessage
from .unit_file import parse_yaml, read_text, validation_messages
from .yaml_safe import compose_strict, dump_yaml

register(
    {
        "scenario_same_group": {
            "no": "en konvertering trenger to ulike yrkesgrupper",
            "en": "a conversion needs two different groups",
        },
        "scenario_duplicate_name": {
            "no": "scenarioet «{name}» står to ganger",
            "en": "scenario '{name}' appears twice",
        },
        "scenario_two_baselines": {
            "no": "bare ett scenario kan være utgangspunkt (baseline)",
            "en": "only one scenario may be the baseline",
        },
        "scenario_unknown_group": {"no": "ukjent yrkesgruppe «{group}»", "en": "unknown group '{group}'"},
        "scenario_unknown_volunteer": {
            "no": "«{name}» er verken en ansatt eller en yrkesgruppe",
            "en": "'{name}' is neither an employee nor a group",
        },
        "scenario_not_enough_fte": {
            "no": "gruppen «{group}» har bare {fte} årsverk, scenarioet vil flytte {wanted}",
            "en": "group '{group}' has only {fte} FTE, the scenario wants to move {wanted}",
        },
        "scenario_failed": {
            "no": "{path}: scenarioet «{name}»: {message}",
            "en": "{path}: scenario '{name}': {message}",
        },
        "scenario_invalid_unit": {
            "no": "gir en ugyldig enhet: {problem}",
            "en": "gives an invalid unit: {problem}",
        },
    }
)


def scenarios_from_text(text: str, source: str = "<scenarios>") -> ScenarioSet:
    if not text.strip():
        raise UserError.of("file_empty", path=source)
    data: Any = parse_yaml(text, source)
    if data is None:
        raise UserError.of("file_empty", path=source)
    if isinstance(data, list):  # a bare list of scenarios is fine too
        data = {"scenarios": data}
    if not isinstance(data, dict):
        raise UserError.of("yaml_not_mapping", path=source)
    try:
        return ScenarioSet.model_validate(data)
    except ValidationError as exc:
        root = compose_strict(text)
        raise validation_messages(exc, source, root) from None


def read_scenarios(path: str | Path) -> ScenarioSet:
    path = Path(path)
    return scenarios_from_text(read_text(path), str(path))


def check_scenarios(unit: Unit, scenarios: ScenarioSet, source: str = "<scenarios>") -> dict[str, Unit]:
    """Apply every scenario; bad ones become one user error listing all problems."""
    units: dict[str, Unit] = {}
    errors = []
    for scenario in scenarios.scenarios:
        try:
            units[scenario.name] = apply_scenario(unit, scenario)
        except ScenarioError as exc:
            errors.append(
                UserMessage(
                    "scenario_failed",
                    {"path": source, "name": scenario.name, "message": UserMessage(exc.key, exc.context)},
                )
            )
        except ValidationError as exc:
            problem = exc.errors(include_url=False)[0]["msg"]
            errors.append(
                UserMessage(
                    "scenario_failed",
                    {
                        "path": source,
                        "name": scenario.name,
                        "message": UserMessage("scenario_invalid_unit", {"problem": problem}),
                    },
                )
            )
    if errors:
        raise UserError(errors)
    return units


def dump_scenarios(scenarios: ScenarioSet) -> str:
    """The scenarios as YAML; each change starts with its ``type`` so the file says what it is."""
    out = []
    for scenario in scenarios.scenarios:
        item = scenario.model_dump(mode="json", exclude_defaults=True, exclude={"changes"})
        item["changes"] = [
            {"type": c.type, **c.model_dump(mode="json", exclude_defaults=True, exclude={"type"})}
            for c in scenario.changes
        ]
        out.append(item)
    return dump_yaml({"scenarios": out})
