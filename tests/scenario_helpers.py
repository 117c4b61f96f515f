"""A tiny unit that runs the whole chain (tasks, staff, shifts, costs) in a few seconds."""

from __future__ import annotations

from bemanning.model import (
    AgencyPrice,
    CostSettings,
    Task,
    TaskCategory,
    TaskSharingSettings,
    TimeInterval,
    TrainingPlan,
    Unit,
)
from roster_helpers import small_unit


def chain_unit(*, nurses: int = 4, helpers: int = 4, weeks: int = 1) -> Unit:
    """Nurses (spl) and health workers (hfa) on D/A/N; three tasks, one of which hfa may take
    over after training (planned), so task sharing moves it and reports a training need."""
    base = small_unit(nurses=nurses, helpers=helpers, weeks=weeks, pct=(100, 80, 60))
    tasks = [
        Task(id="t1", name="Medisinrunde", category=TaskCategory.MEDICATION, interval=TimeInterval.H07_09,
             minutes=90, eligible_groups=["spl"], current_group="spl"),
        Task(id="t2", name="Stell", category=TaskCategory.PATIENT_CARE, interval=TimeInterval.H09_12,
             minutes=120, eligible_groups=["hfa"], current_group="spl"),
        Task(id="t3", name="Blodprøver", category=TaskCategory.SAMPLES, interval=TimeInterval.H07_09,
             minutes=45, eligible_groups=["spl"], training={"hfa": "Prøvetakingskurs"}, current_group="spl"),
    ]
    costs = CostSettings(
        hourly_pay={"spl": 300, "hfa": 250},
        agency={
            "spl": AgencyPrice(ordinary=800, evening_night_weekend=1100, overtime=1400),
            "hfa": AgencyPrice(ordinary=600, evening_night_weekend=850, overtime=1100),
        },
    )
    sharing = TaskSharingSettings(training_planned=[TrainingPlan(group="hfa", tasks=["t3"])])
    return Unit.model_validate({
        **base.model_dump(),
        "tasks": [t.model_dump() for t in tasks],
        "costs": costs.model_dump(),
        "task_sharing": sharing.model_dump(),
    })
