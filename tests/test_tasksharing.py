"""The allocation engine: eligibility, competence order, capacity, pinning, training, explanations."""

from __future__ import annotations

import itertools
import math
from datetime import time
from typing import Any

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from bemanning.model import (
    Activity,
    CostBasis,
    CostSettings,
    DayType,
    FrequencyBasis,
    GroupCapacity,
    ProfessionalGroup,
    ShiftKind,
    ShiftType,
    Task,
    TaskCategory,
    TaskSharingSettings,
    TimeInterval,
    TrainingPlan,
    Unit,
    WeekdayValues,
)
from bemanning.model.task_sharing_result import AllocationStatus
from bemanning.planning.tasksharing import allocate_tasks, allowed_groups, capacity_limits, cost_per_hour
from bemanning.planning.workload import capacity_load, plan_day_type, task_hours_per_day, task_hours_per_week

GROUPS = [
    ProfessionalGroup(id="spl", name="Sykepleier", rank=1),
    ProfessionalGroup(id="hfa", name="Helsefagarbeider", rank=2),
    ProfessionalGroup(id="ass", name="Assistent", rank=3),
    ProfessionalGroup(id="por", name="Portør", support=True),
]
RANK = {"spl": 1, "hfa": 2, "ass": 3}


def make_unit(tasks: list[Task], **sharing: Any) -> Unit:
    return Unit(
        id="test",
        name="Testpost",
        groups=GROUPS,
        tasks=tasks,
        shift_types=[ShiftType(code="D", name="Dag", kind=ShiftKind.DAY, start=time(7), end=time(15))],
        activity=Activity(
            beds=10, occupancy=WeekdayValues(mon=10, tue=10, wed=10, thu=10, fri=10, sat=8, sun=8)
        ),
        task_sharing=TaskSharingSettings(**sharing),
        costs=CostSettings(hourly_pay={"spl": 300, "hfa": 250, "ass": 200, "por": 230}),
    )


def task(
    tid: str,
    eligible: list[str],
    *,
    interval: TimeInterval = TimeInterval.H09_12,
    minutes: float = 60,
    **extra: Any,
) -> Task:
    return Task(
        id=tid,
        name=f"Oppgave {tid}",
        category=TaskCategory.PATIENT_CARE,
        interval=interval,
        minutes=minutes,
        eligible_groups=eligible,
        **extra,
    )


def groups_of(result: Any) -> dict[str, str]:
    assert result.allocation is not None, result.explanation_text("en")
    return {e.task_id: e.group for e in result.allocation.entries}


def test_each_task_goes_to_the_lowest_group_with_the_competence():
    unit = make_unit([task("a", ["spl"]), task("b", ["hfa"]), task("c", ["ass"]), task("d", ["ass", "por"])])
    result = allocate_tasks(unit)
    assert result.status is AllocationStatus.OPTIMAL
    assert groups_of(result) == {"a": "spl", "b": "hfa", "c": "ass", "d": "por"}
    assert len(result.allocation.entries) == 4


def test_left_can_do_right_not_the_reverse():
    unit = make_unit([task("b", ["hfa"])])
    assert allowed_groups(unit, unit.tasks[0])[0] == ["spl", "hfa"]  # the nurse may, the assistant may not
    # The assistant has no room at all: the task still never goes below its competence.
    full = make_unit(
        [task("b", ["hfa"])],
        capacities=[GroupCapacity(group="hfa", interval=TimeInterval.H09_12, hours_per_day=0)],
    )
    assert groups_of(allocate_tasks(full)) == {"b": "spl"}


def test_excluded_group_is_never_used():
    unit = make_unit(
        [task("a", ["ass"], excluded_groups=["hfa"])],
        capacities=[GroupCapacity(group="ass", interval=TimeInterval.H09_12, hours_per_day=0)],
    )
    assert groups_of(allocate_tasks(unit)) == {"a": "spl"}


def test_capacity_pushes_work_up_and_is_respected():
    tasks = [task(f"t{i}", ["ass"], minutes=60) for i in range(4)]
    cap = GroupCapacity(group="ass", interval=TimeInterval.H09_12, hours_per_day=2.5)
    result = allocate_tasks(make_unit(tasks, capacities=[cap]))
    placed = groups_of(result)
    assert list(placed.values()).count("ass") == 2
    assert list(placed.values()).count("hfa") == 2
    assert {e.reason for e in result.allocation.entries if e.group == "hfa"} == {"ts_reason_capacity"}


def test_anytime_task_needs_the_group_present_around_the_clock():
    night_off = GroupCapacity(group="ass", interval=TimeInterval.H22_07, hours_per_day=0)
    unit = make_unit(
        [
            task("a", ["ass"], interval=TimeInterval.ANYTIME, minutes=30),
            task("b", ["ass"], interval=TimeInterval.H09_12, minutes=30),
        ],
        capacities=[night_off],
    )
    assert groups_of(allocate_tasks(unit)) == {"a": "hfa", "b": "ass"}


def test_weekend_capacity_applies_only_on_weekends():
    weekend = [DayType.SATURDAY, DayType.SUNDAY, DayType.HOLIDAY]
    caps = [GroupCapacity(group="ass", interval=i, day_types=weekend, hours_per_day=0) for i in TimeInterval]
    unit = make_unit(
        [
            task("a", ["ass"], days="weekdays"),
            task("b", ["ass"], days="all"),
            task("c", ["ass"], interval=TimeInterval.WEEKDAY_DAYTIME, days="all"),
        ],
        capacities=caps,
    )
    # a: weekdays only; c: weekday daytime is done on weekdays; b occurs at weekends too.
    assert groups_of(allocate_tasks(unit)) == {"a": "ass", "b": "hfa", "c": "ass"}


def test_pinned_task_is_kept_even_when_more_expensive():
    unit = make_unit([task("a", ["ass"], pinned_group="spl"), task("b", ["ass"])])
    result = allocate_tasks(unit)
    assert groups_of(result) == {"a": "spl", "b": "ass"}
    assert result.allocation.entries[0].reason == "ts_reason_pinned"


def test_training_only_when_planned_and_then_reported():
    t = task("ekg", ["spl"], training={"hfa": "EKG-kurs"})
    without = allocate_tasks(make_unit([t]))
    assert groups_of(without) == {"ekg": "spl"}
    assert without.training_needs == []
    planned = allocate_tasks(make_unit([t], training_planned=[TrainingPlan(group="hfa", tasks=["ekg"])]))
    assert groups_of(planned) == {"ekg": "hfa"}
    assert planned.allocation.entries[0].training_needed == "EKG-kurs"
    assert [(n.group, n.task_id, n.training) for n in planned.training_needs] == [("hfa", "ekg", "EKG-kurs")]
    other_task = allocate_tasks(make_unit([t], training_planned=[TrainingPlan(group="hfa", tasks=["x"])]))
    assert groups_of(other_task) == {"ekg": "spl"}


def test_impossible_unit_gets_an_explanation_not_an_exception():
    caps = [
        GroupCapacity(group=g, interval=TimeInterval.H22_07, hours_per_day=0) for g in ("spl", "hfa", "ass")
    ]
    unit = make_unit([task("natt", ["ass"], interval=TimeInterval.H22_07)], capacities=caps)
    result = allocate_tasks(unit)
    assert result.status is AllocationStatus.INFEASIBLE
    assert result.allocation is None
    text = "\n".join(result.explanation_text("no"))
    assert "Oppgave natt" in text and "22-07" in text
    assert "fits no group" in "\n".join(result.explanation_text("en"))


def test_only_untrained_groups_is_explained():
    unit = make_unit(
        [
            Task(
                id="x",
                name="Spesialoppgave",
                category=TaskCategory.PROCEDURES,
                interval=TimeInterval.H09_12,
                minutes=10,
                training={"spl": "Sertifisering"},
            )
        ]
    )
    result = allocate_tasks(unit)
    assert result.status is AllocationStatus.INFEASIBLE
    assert "Spesialoppgave" in result.explanation_text("no")[1]
    assert "opplæring" in result.explanation_text("no")[1]


def test_joint_capacity_shortage_names_group_interval_and_day_type():
    # Each task fits alone, but together they need 3 h where nurse and assistant have 1 h each.
    caps = [
        GroupCapacity(group=g, interval=TimeInterval.H07_09, hours_per_day=1) for g in ("spl", "hfa", "ass")
    ]
    unit = make_unit(
        [task(f"t{i}", ["ass"], interval=TimeInterval.H07_09) for i in range(4)], capacities=caps
    )
    result = allocate_tasks(unit, time_limit_s=5)
    assert result.status is AllocationStatus.INFEASIBLE
    text = "\n".join(result.explanation_text("no"))
    assert "mangler 1 t/dag" in text and "07-09" in text and "hverdager" in text


def test_task_sharing_disabled_keeps_current_group():
    unit = make_unit([task("a", ["ass"], current_group="spl"), task("b", ["hfa"])], enabled=False)
    result = allocate_tasks(unit)
    assert result.status is AllocationStatus.AS_IS
    assert groups_of(result) == {"a": "spl", "b": "hfa"}
    assert result.comparison is not None and result.comparison.moves == []


def test_hourly_cost_basis_uses_pay():
    # The porter (230) is dearer than the assistant (200): cost picks the assistant, rank the porter.
    t = task("a", ["ass", "por"])
    assert groups_of(allocate_tasks(make_unit([t], cost_basis=CostBasis.HOURLY_COST))) == {"a": "ass"}
    assert groups_of(allocate_tasks(make_unit([t], cost_basis=CostBasis.RANK))) == {"a": "por"}


def test_hours_per_week_by_frequency_basis():
    unit = make_unit(
        [
            task("day", ["spl"], minutes=60),
            task("pd", ["spl"], minutes=6, per=FrequencyBasis.PATIENT_DAY),
            task("week", ["spl"], minutes=60, frequency=3, per=FrequencyBasis.WEEK, days="weekdays"),
            task("shift", ["spl"], minutes=15, per=FrequencyBasis.SHIFT),
        ]
    )
    hours = {t.id: task_hours_per_week(unit, t) for t in unit.tasks}
    assert hours["day"] == pytest.approx(7)
    assert hours["pd"] == pytest.approx(0.1 * (50 + 16))  # 6 min per patient-day, 66 patient-days
    assert hours["week"] == pytest.approx(3)
    assert task_hours_per_day(unit, unit.tasks[2])[DayType.SATURDAY] == 0
    assert hours["shift"] == pytest.approx(7 * 0.25)  # one shift type in use


def test_entry_hours_match_workload():
    unit = make_unit([task("a", ["hfa"], per=FrequencyBasis.PATIENT_DAY, minutes=5)])
    result = allocate_tasks(unit)
    assert result.allocation.entries[0].hours_per_week == pytest.approx(
        task_hours_per_week(unit, unit.tasks[0])
    )


# --- properties against brute force ----------------------------------------------------------

INTERVALS = [TimeInterval.ANYTIME, TimeInterval.WEEKDAY_DAYTIME, TimeInterval.H07_09, TimeInterval.H22_07]


@st.composite
def small_units(draw: Any) -> Unit:
    tasks = []
    for i in range(draw(st.integers(1, 6))):
        marked = draw(st.sampled_from(["spl", "hfa", "ass", "por"]))
        lower = [g for g, r in RANK.items() if marked in RANK and r > RANK[marked]]
        training = {g: "kurs" for g in lower[:1] if draw(st.booleans())}
        tasks.append(
            Task(
                id=f"t{i}",
                name=f"Oppgave {i}",
                category=TaskCategory.PATIENT_CARE,
                interval=draw(st.sampled_from(INTERVALS)),
                minutes=draw(st.sampled_from([10, 30, 60, 120])),
                eligible_groups=[marked],
                training=training,
                days=draw(st.sampled_from(["all", "weekdays"])),
            )
        )
    caps = []
    for _ in range(draw(st.integers(0, 4))):
        caps.append(
            GroupCapacity(
                group=draw(st.sampled_from(["spl", "hfa", "ass"])),
                interval=draw(st.sampled_from(list(TimeInterval))),
                day_types=draw(st.sampled_from([list(DayType), [DayType.SATURDAY, DayType.SUNDAY]])),
                hours_per_day=draw(st.sampled_from([0, 0.5, 1, 2, 4])),
            )
        )
    plans = [TrainingPlan(group="hfa")] if draw(st.booleans()) else []
    return make_unit(
        tasks, capacities=caps, training_planned=plans, cost_basis=draw(st.sampled_from(list(CostBasis)))
    )


def _fits(unit: Unit, assignment: dict[str, str]) -> bool:
    for (group, interval, day_type), limit in capacity_limits(unit).items():
        load = sum(
            capacity_load(t.interval, task_hours_per_day(unit, t)[plan_day_type(day_type)], interval)
            for t in unit.tasks
            if assignment[t.id] == group
        )
        if load > limit + 1e-9:
            return False
    return True


def _brute_force(unit: Unit) -> float | None:
    costs, _ = cost_per_hour(unit)
    options = [allowed_groups(unit, t)[0] for t in unit.tasks]
    best = None
    for combo in itertools.product(*options):
        assignment = {t.id: g for t, g in zip(unit.tasks, combo, strict=True)}
        if _fits(unit, assignment):
            cost = sum(
                (round(task_hours_per_week(unit, t) * 100) + 1) * costs[g]
                for t, g in zip(unit.tasks, combo, strict=True)
            )
            best = cost if best is None else min(best, cost)
    return best


@settings(max_examples=40, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(small_units())
def test_allocation_properties_and_optimality(unit: Unit) -> None:
    result = allocate_tasks(unit, time_limit_s=5)
    best = _brute_force(unit)
    if result.allocation is None:
        assert result.status is AllocationStatus.INFEASIBLE and result.explanation
        assert best is None  # brute force agrees that no allocation exists
        return
    assert result.status is AllocationStatus.OPTIMAL
    placed = groups_of(result)
    assert sorted(placed) == sorted(t.id for t in unit.tasks)  # exactly one group per task
    assert _fits(unit, placed)
    for t in unit.tasks:
        group = placed[t.id]
        assert group in unit.eligible_groups(t, with_training=True)
        marked = unit.eligible_groups(t, with_training=False)
        needs_training = group not in marked
        assert needs_training == (t.id in {n.task_id for n in result.training_needs})
        if needs_training:
            assert unit.task_sharing.training_is_planned(group, t.id)
        rank = unit.group(group).rank
        for m in t.eligible_groups:  # never below the competence the task needs
            m_rank = unit.group(m).rank
            assert group == m or (rank is not None and m_rank is not None and rank < m_rank) or needs_training
    costs, _ = cost_per_hour(unit)
    cost = sum((round(e.hours_per_week * 100) + 1) * costs[e.group] for e in result.allocation.entries)
    assert best is not None and math.isclose(cost, best, rel_tol=1e-9, abs_tol=1e-6)
