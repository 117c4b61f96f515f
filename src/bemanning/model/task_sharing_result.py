"""Results of the task-sharing step beyond the chain contract (``TaskAllocation`` in plans.py).

``AllocationResult`` carries the allocation (when one exists), the training each group needs,
the as-is/to-be comparison and, when no allocation exists, an explanation in plain words.
Explanations are stored as message keys with context so every edge can show them in Norwegian
or English; ``MESSAGES`` holds the templates (the io layer registers them with ``bemanning.i18n``).
"""

from __future__ import annotations

import datetime as dt
from enum import StrEnum
from typing import Any

from pydantic import Field

from bemanning.i18n import fill

from .base import DomainModel, Identifier
from .plans import TaskAllocation


class AllocationStatus(StrEnum):
    OPTIMAL = "optimal"  # solved and proven optimal
    FEASIBLE = "feasible"  # a valid allocation, optimality not proven within the time limit
    AS_IS = "as_is"  # task sharing disabled: today's allocation kept
    INFEASIBLE = "infeasible"  # no allocation exists; see ``explanation``


class Explanation(DomainModel):
    """One plain-words line: a message key of ``MESSAGES`` and its context."""

    key: str
    context: dict[str, Any] = Field(default_factory=dict)

    def text(self, lang: str = "no") -> str:
        template = MESSAGES.get(self.key, {}).get(lang)
        if template is None:
            return self.key
        # Nested texts are stored in both languages: ``detail`` (Norwegian) and ``detail_en``.
        suffix = f"_{lang}"
        context = {
            **self.context,
            **{k[: -len(suffix)]: v for k, v in self.context.items() if k.endswith(suffix)},
        }
        return fill(template, lang, **context)


class TrainingNeed(DomainModel):
    """``group`` needs ``training`` before it takes over ``task_id`` (basis for the training plan)."""

    group: Identifier
    task_id: Identifier
    task_name: str
    training: str
    hours_per_week: float = Field(ge=0)


class CertificationNeed(DomainModel):
    """An employee's certification that has run out, runs out in or soon after the planning period,
    or is missing for a task of their group; or (no employee) a competence with too few valid holders
    for the skill mix. Made by ``planning.competence.certification_needs``; ``reason`` is one of its
    ``REASONS``, ``context`` the numbers of its text."""

    reason: str
    competence: Identifier
    due: dt.date
    employee: str = ""
    group: str = ""
    context: dict[str, str | int] = Field(default_factory=dict)


class HoursMoved(DomainModel):
    from_group: Identifier
    to_group: Identifier
    hours_per_week: float = Field(ge=0)
    tasks: list[Identifier] = Field(default_factory=list)


class AsIsComparison(DomainModel):
    """Today's allocation (``Task.current_group``) against the new one, per week.

    Nurse FTE = hours / ``weekly_hours_basis`` (the rule ``weekly_hours_rule``). Patients per nurse
    = mean daily census / mean nurses busy with mapped tasks at any time (task hours / 168 h).
    """

    hours_as_is: dict[Identifier, float] = Field(default_factory=dict)
    hours_to_be: dict[Identifier, float] = Field(default_factory=dict)
    moves: list[HoursMoved] = Field(default_factory=list)
    tasks_without_current_group: list[Identifier] = Field(default_factory=list)
    nurse_groups: list[Identifier] = Field(default_factory=list)
    nurse_hours_as_is: float = 0.0
    nurse_hours_to_be: float = 0.0
    weekly_hours_rule: str = "weekly_hours_three_shift_max"
    weekly_hours_basis: float = 35.5
    mean_patients: float = 0.0

    @property
    def freed_nurse_hours(self) -> float:
        return self.nurse_hours_as_is - self.nurse_hours_to_be

    @property
    def freed_nurse_share(self) -> float:
        return self.freed_nurse_hours / self.nurse_hours_as_is if self.nurse_hours_as_is > 0 else 0.0

    @property
    def freed_nurse_fte(self) -> float:
        return self.freed_nurse_hours / self.weekly_hours_basis

    def patients_per_nurse(self, nurse_hours: float) -> float | None:
        nurses_on_duty = nurse_hours / (7 * 24)
        return self.mean_patients / nurses_on_duty if nurses_on_duty > 0 else None

    @property
    def patients_per_nurse_as_is(self) -> float | None:
        return self.patients_per_nurse(self.nurse_hours_as_is)

    @property
    def patients_per_nurse_to_be(self) -> float | None:
        return self.patients_per_nurse(self.nurse_hours_to_be)


class AllocationResult(DomainModel):
    unit_id: Identifier
    status: AllocationStatus
    allocation: TaskAllocation | None = None
    training_needs: list[TrainingNeed] = Field(default_factory=list)
    certification_needs: list[CertificationNeed] = Field(
        default_factory=list, description="Documented competence running out or missing (per employee)"
    )
    comparison: AsIsComparison | None = None
    explanation: list[Explanation] = Field(default_factory=list)
    notes: list[Explanation] = Field(default_factory=list)
    objective: float | None = None
    objective_bound: float | None = Field(default=None, description="Proven lower bound")
    solve_seconds: float = 0.0

    @property
    def feasible(self) -> bool:
        return self.allocation is not None

    def explanation_text(self, lang: str = "no") -> list[str]:
        return [e.text(lang) for e in self.explanation]

    def training_by_group(self) -> dict[str, list[TrainingNeed]]:
        out: dict[str, list[TrainingNeed]] = {}
        for need in self.training_needs:
            out.setdefault(need.group, []).append(need)
        return out


DAY_TYPE_TEXT: dict[str, dict[str, str]] = {
    "weekday": {"no": "hverdager", "en": "weekdays"},
    "saturday": {"no": "lørdager", "en": "Saturdays"},
    "sunday": {"no": "søndager", "en": "Sundays"},
    "holiday": {"no": "helligdager", "en": "public holidays"},
}

# Reason codes of AllocationEntry.reason and explanation keys, Norwegian first.
MESSAGES: dict[str, dict[str, str]] = {
    "ts_reason_pinned": {"no": "låst til gruppen av bruker", "en": "pinned to the group by the user"},
    "ts_reason_as_is": {
        "no": "uendret (oppgavedeling er slått av)",
        "en": "unchanged (task sharing disabled)",
    },
    "ts_reason_as_is_missing": {
        "no": "ingen utfører i dag registrert: laveste gruppe som kan",
        "en": "no current group recorded: lowest group that may do it",
    },
    "ts_reason_only": {
        "no": "eneste gruppe som kan utføre oppgaven",
        "en": "the only group that may do the task",
    },
    "ts_reason_lowest": {
        "no": "gruppen med kompetansen oppgaven krever, og ikke mer",
        "en": "the group with the competence the task needs and no more",
    },
    "ts_reason_cheapest": {"no": "rimeligste gruppe som kan", "en": "the cheapest group that may do it"},
    "ts_reason_capacity": {
        "no": "lavere/rimeligere grupper mangler kapasitet",
        "en": "lower/cheaper groups lack capacity",
    },
    "ts_no_group": {
        "no": "Oppgaven «{task}» ({task_id}) har ingen tillatt yrkesgruppe: {detail}",
        "en": "Task '{task}' ({task_id}) has no allowed group: {detail}",
    },
    "ts_no_group_training": {
        "no": "bare grupper som trenger opplæring ({groups}), og opplæringen er ikke planlagt",
        "en": "only groups that need training ({groups}), and the training is not planned",
    },
    "ts_no_capacity_task": {
        "no": "Oppgaven «{task}» ({task_id}, {interval}) får ikke plass hos noen gruppe: {blocks}",
        "en": "Task '{task}' ({task_id}, {interval}) fits no group: {blocks}",
    },
    "ts_block": {
        "no": "{group} har {available} t/dag i {interval} på {day_type}, oppgaven trenger {needed} t",
        "en": "{group} has {available} h/day in {interval} on {day_type}, the task needs {needed} h",
    },
    "ts_short_capacity": {
        "no": "{group} mangler {missing} t/dag i intervallet {interval} på {day_type}: har {available} t, "
        "men oppgavene som ikke kan legges andre steder trenger {needed} t (bl.a. {tasks})",
        "en": "{group} lacks {missing} h/day in interval {interval} on {day_type}: has {available} h, "
        "but the tasks that cannot go elsewhere need {needed} h (e.g. {tasks})",
    },
    "ts_infeasible_header": {
        "no": "Ingen oppgavefordeling oppfyller kravene. Årsaker:",
        "en": "No task allocation meets the requirements. Reasons:",
    },
    "ts_not_proven": {
        "no": "Løseren fant en gyldig fordeling, men rakk ikke å bevise at den er optimal innen {seconds} s",
        "en": "The solver found a valid allocation but did not prove it optimal within {seconds} s",
    },
    "ts_missing_pay": {
        "no": "Timelønn mangler for {groups}; høyeste kjente timelønn er brukt",
        "en": "Hourly pay missing for {groups}; the highest known hourly pay is used",
    },
    "ts_pinned_training": {
        "no": "Oppgaven «{task}» er låst til {group}, som trenger opplæring ({training}) "
        "som ikke er planlagt",
        "en": "Task '{task}' is pinned to {group}, which needs training ({training}) that is not planned",
    },
    "ts_timeout": {
        "no": "Løseren fant ingen fordeling innen {seconds} s (verken gyldig eller bevist umulig)",
        "en": "The solver found no allocation within {seconds} s (neither valid nor proven impossible)",
    },
}
