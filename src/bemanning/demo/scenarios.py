"""The demo's scenarios: as-is, task sharing, task sharing + 30 % long shifts, full time."""

from __future__ import annotations

from bemanning.model.scenario import FullTimeChange, LongShiftChange, Scenario, ScenarioSet, TaskSharingChange

# The demo's long-shift share; a local agreement, not law (see rule long_shift_max_share).
DEMO_LONG_SHIFT_SHARE = 0.3


def demo_scenarios() -> ScenarioSet:
    return ScenarioSet(scenarios=[
        Scenario(name="Som i dag", baseline=True, description="Dagens oppgavefordeling, ingen endringer",
                 changes=[TaskSharingChange(enabled=False)]),
        Scenario(name="Oppgavedeling", description="Oppgaver flyttes til gruppen med riktig kompetanse",
                 changes=[TaskSharingChange(enabled=True)]),
        Scenario(name="Oppgavedeling + 30 % langvakter",
                 description="Oppgavedeling og langvakter for frivillige",
                 changes=[TaskSharingChange(enabled=True), LongShiftChange(max_share=DEMO_LONG_SHIFT_SHARE)]),
        Scenario(name="Heltid", description="Alle deltidsstillinger økes til 100 %",
                 changes=[FullTimeChange()]),
    ])
