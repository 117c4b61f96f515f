"""Scenario changes applied to the demo unit, and the SCENARIOS.yaml reader."""

from __future__ import annotations

from pathlib import Path

import pytest

from bemanning.demo import build_demo_unit
from bemanning.io.errors import UserError
from bemanning.io.scenarios_yaml import check_scenarios, dump_scenarios, read_scenarios, scenarios_from_text
from bemanning.model import TrainingPlan, Unit
from bemanning.model.scenario import (
    ConvertPositions,
    FullTimeChange,
    LongShiftChange,
    OccupancyChange,
    Scenario,
    ScenarioSet,
    SickLeaveChange,
    TaskSharingChange,
)
from bemanning.planning.scenarios import ScenarioError, apply_scenario

UNIT = build_demo_unit()
SP, HF, AS = "spl_sengepost", "helsefagarbeider", "assistent"


def fte(unit: Unit, group: str) -> float:
    return round(sum(e.fte for e in unit.employees if e.group == group), 6)


def apply(*changes: object) -> Unit:
    return apply_scenario(UNIT, Scenario(name="s", changes=list(changes)))  # type: ignore[arg-type]


def test_empty_scenario_is_the_unit() -> None:
    assert apply() == UNIT


def test_task_sharing_off_and_with_training_plan() -> None:
    off = apply(TaskSharingChange(enabled=False))
    assert off.task_sharing.enabled is False and UNIT.task_sharing.enabled is True
    plan = apply(TaskSharingChange(enabled=True, training_planned=[TrainingPlan(group=HF, tasks=["t08"])]))
    assert plan.task_sharing.training_planned == [TrainingPlan(group=HF, tasks=["t08"])]
    with pytest.raises(ScenarioError):
        apply(TaskSharingChange(training_planned=[TrainingPlan(group="nope")]))


def test_long_shifts_share_and_volunteers() -> None:
    unit = apply(LongShiftChange(max_share=0.3, volunteers=[HF, "E02"]))
    assert unit.rules.number("long_shift_max_share") == 0.3
    assert all(e.long_shift_volunteer for e in unit.employees if e.group == HF)
    assert unit.employee("E02").long_shift_volunteer and unit.employee("E01").long_shift_volunteer
    only = apply(LongShiftChange(max_share=0.5, volunteers=["E02"], only_these_volunteers=True))
    assert [e.id for e in only.employees if e.long_shift_volunteer] == ["E02"]
    with pytest.raises(ScenarioError):
        apply(LongShiftChange(max_share=0.3, volunteers=["nobody"]))


def test_convert_two_nurse_fte_into_three_hfa_fte() -> None:
    change = ConvertPositions(from_group=SP, to_group=HF, from_fte=2, to_fte=3)
    unit = apply(change)
    assert fte(unit, SP) == pytest.approx(fte(UNIT, SP) - 2)
    assert fte(unit, HF) == pytest.approx(fte(UNIT, HF) + 3)
    # Last ids first: E40 (80 %) and E22 (100 %) go, E21 shrinks from 60 % to 40 %.
    ids = {e.id for e in unit.employees}
    assert "E40" not in ids and "E22" not in ids and unit.employee("E21").position_pct == pytest.approx(40)
    new = [e for e in unit.employees if e.id.startswith(f"{HF}-ny")]
    assert [(e.id, e.position_pct) for e in new] == [(f"{HF}-ny{i}", 100) for i in (1, 2, 3)]
    assert all(e.arrangement == UNIT.employee("E23").arrangement for e in new)
    assert apply(change) == unit  # deterministic


def test_convert_fractional_fte_and_chained() -> None:
    unit = apply(ConvertPositions(from_group=SP, to_group=AS, from_fte=0.5, to_fte=1.5),
                 ConvertPositions(from_group=SP, to_group=AS, from_fte=0.5, to_fte=0.5))
    new = sorted((e.id, e.position_pct) for e in unit.employees if "-ny" in e.id)
    assert new == [(f"{AS}-ny1", 100), (f"{AS}-ny2", 50), (f"{AS}-ny3", 50)]
    assert fte(unit, SP) == pytest.approx(fte(UNIT, SP) - 1)


def test_convert_more_than_the_group_has_fails() -> None:
    with pytest.raises(ScenarioError) as info:
        apply(ConvertPositions(from_group="sekretaer", to_group=HF, from_fte=5, to_fte=1))
    assert info.value.key == "scenario_not_enough_fte"


def test_full_time_raises_part_time_positions() -> None:
    unit = apply(FullTimeChange())
    assert all(e.position_pct == 100 for e in unit.employees)
    only_hf = apply(FullTimeChange(groups=[HF], target_pct=90))
    assert all(e.position_pct >= 90 for e in only_hf.employees if e.group == HF)
    assert only_hf.employee("E04").position_pct == 100  # already above
    assert [e.position_pct for e in only_hf.employees if e.group != HF] == \
        [e.position_pct for e in UNIT.employees if e.group != HF]


def test_sick_leave_changes_only_the_rule() -> None:
    unit = apply(SickLeaveChange(share=0.12))
    assert unit.rules.number("sick_leave_share") == 0.12
    assert unit.model_copy(update={"rules": UNIT.rules}) == UNIT
    # an earlier override of the same rule keeps its other fields
    again = apply_scenario(unit, Scenario(name="x", changes=[SickLeaveChange(share=0.05)]))
    assert again.rules.number("sick_leave_share") == 0.05


def test_occupancy_scales_and_is_capped_by_beds() -> None:
    unit = apply(OccupancyChange(factor=1.1))
    assert unit.activity.occupancy.fri == pytest.approx(21 * 1.1)
    assert unit.activity.occupancy.tue == UNIT.activity.beds  # 26.4 capped at 24
    assert unit.activity.admissions.mon == pytest.approx(7 * 1.1)
    fixed = apply(OccupancyChange(factor=0.5, scale_flows=False))
    assert fixed.activity.admissions == UNIT.activity.admissions


SAMPLE = """\
scenarios:
  - name: Som i dag
    baseline: true
    changes:
      - type: task_sharing
        enabled: false
  - name: Oppgavedeling
    changes: [{type: task_sharing}]
  - name: Oppgavedeling + 30 % langvakter
    changes:
      - {type: task_sharing}
      - {type: long_shifts, max_share: 0.3, volunteers: [helsefagarbeider]}
  - name: Heltid
    changes:
      - type: full_time
  - name: Bytte
    changes:
      - type: convert_positions
        from_group: spl_sengepost
        to_group: helsefagarbeider
        from_fte: 2
        to_fte: 3
      - {type: sick_leave, share: 0.1}
      - {type: occupancy, factor: 0.9}
"""


def test_read_scenarios_yaml(tmp_path: Path) -> None:
    path = tmp_path / "scenarios.yaml"
    path.write_text(SAMPLE, encoding="utf-8")
    scenarios = read_scenarios(path)
    assert [s.name for s in scenarios.scenarios][:2] == ["Som i dag", "Oppgavedeling"]
    assert scenarios.baseline.name == "Som i dag"
    assert isinstance(scenarios.scenarios[4].changes[0], ConvertPositions)
    units = check_scenarios(UNIT, scenarios)
    assert units["Heltid"].employee("E03").position_pct == 100
    assert scenarios_from_text(dump_scenarios(scenarios)) == scenarios


def test_bad_scenario_file_names_the_line() -> None:
    text = "scenarios:\n  - name: A\n    changes:\n      - type: teleport\n"
    with pytest.raises(UserError) as info:
        scenarios_from_text(text, "s.yaml")
    assert "s.yaml" in info.value.text("en") and "line 4" in info.value.text("en")
    with pytest.raises(UserError) as dup:
        scenarios_from_text("- name: A\n- name: A\n", "s.yaml")
    assert "to ganger" in dup.value.text("no")


def test_check_scenarios_reports_unknown_groups() -> None:
    scenarios = ScenarioSet(scenarios=[Scenario(name="Feil", changes=[
        ConvertPositions(from_group="lege", to_group=HF, from_fte=1, to_fte=1)])])
    with pytest.raises(UserError) as info:
        check_scenarios(UNIT, scenarios, "s.yaml")
    assert "«lege»" in info.value.text("no") and "Feil" in info.value.text("no")


def test_demo_scenarios_apply_to_the_demo_unit() -> None:
    from bemanning.demo.scenarios import demo_scenarios

    scenarios = demo_scenarios()
    units = check_scenarios(UNIT, scenarios)
    assert len(units) == 4 and scenarios.baseline.name == "Som i dag"
    assert scenarios_from_text(dump_scenarios(scenarios)) == scenarios


def test_demo_step_writes_scenarios_yaml(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    from bemanning.demo.chain import DemoContext
    from bemanning.demo.steps import scenarios_step
    from demo_scenarios_helpers import without_solving

    without_solving(monkeypatch)
    output = scenarios_step.run(DemoContext(unit=UNIT, out=tmp_path))
    assert read_scenarios(tmp_path / "scenarios.yaml").baseline.name == "Som i dag"
    assert "Heltid" in output.summary[3]
