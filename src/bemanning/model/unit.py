"""The unit: everything a unit file describes, with cross-references checked."""

from __future__ import annotations

from typing import Any

from pydantic import Field, model_validator

from .activity import Activity
from .base import DomainModel, Identifier, Name, domain_error, ensure_unique
from .costs import CostSettings
from .groups import ProfessionalGroup
from .organisation import Organisation
from .planning_settings import Absence, RosterSettings, Wish
from .roster_limits import ShiftLimit
from .rules import RuleSet
from .shifts import ShiftType
from .staff import Employee
from .staffing import StaffingSettings
from .task_sharing import TaskSharingSettings
from .tasks import Task

SCHEMA_VERSION = 1


class Unit(DomainModel):
    schema_version: int = SCHEMA_VERSION
    id: Identifier
    name: Name
    organisation: Organisation = Field(default_factory=Organisation)
    groups: list[ProfessionalGroup]
    tasks: list[Task] = Field(default_factory=list)
    shift_types: list[ShiftType]
    employees: list[Employee] = Field(default_factory=list)
    activity: Activity
    task_sharing: TaskSharingSettings = Field(default_factory=TaskSharingSettings)
    staffing: StaffingSettings = Field(default_factory=StaffingSettings)
    rules: RuleSet = Field(default_factory=RuleSet)
    costs: CostSettings = Field(default_factory=CostSettings)
    roster: RosterSettings = Field(default_factory=RosterSettings)
    wishes: list[Wish] = Field(default_factory=list)
    absences: list[Absence] = Field(default_factory=list)
    shift_limits: list[ShiftLimit] = Field(default_factory=list)

    @model_validator(mode="after")
    def _cross_references(self) -> Unit:
        if not self.groups:
            raise domain_error("unit_no_groups", "the unit has no professional groups")
        for items, key, what in (
            (self.groups, "id", "group"),
            (self.tasks, "id", "task"),
            (self.shift_types, "code", "shift type"),
            (self.employees, "id", "employee"),
            (self.shift_limits, "id", "shift limit"),
        ):
            ensure_unique(items, key, what)
        groups = {g.id for g in self.groups}
        shifts = {s.code for s in self.shift_types}
        employees = {e.id for e in self.employees}

        def known_group(group: str, where: str) -> None:
            if group not in groups:
                raise domain_error("unknown_group", "{where}: unknown group '{group}'", where=where, group=group)

        def known_shift(shift: str, where: str) -> None:
            if shift not in shifts:
                raise domain_error("unknown_shift", "{where}: unknown shift type '{shift}'", where=where, shift=shift)

        def known_employee(employee: str, where: str) -> None:
            if employee not in employees:
                raise domain_error("unknown_employee", "{where}: unknown employee '{employee}'", where=where,
                                   employee=employee)

        for task in self.tasks:
            where = f"task {task.id}"
            for group in [*task.eligible_groups, *task.training, *task.excluded_groups]:
                known_group(group, where)
            for optional in (task.current_group, task.pinned_group):
                if optional is not None:
                    known_group(optional, where)
            pinned = task.pinned_group
            if pinned is not None and pinned not in self.eligible_groups(task, with_training=True):
                raise domain_error("pinned_not_eligible", "task '{task}' is pinned to '{group}', which may not do it",
                                   task=task.id, group=task.pinned_group)
        self._check_shift_rules(known_group, known_shift, known_employee)
        for employee in self.employees:
            known_group(employee.group, f"employee {employee.id}")
        for capacity in self.task_sharing.capacities:
            known_group(capacity.group, "task-sharing capacity")
        for plan in self.task_sharing.training_planned:
            known_group(plan.group, "training plan")
        for minimum in self.staffing.minimums:
            known_group(minimum.group, "minimum staffing")
            known_shift(minimum.shift, "minimum staffing")
        for rule in self.staffing.skill_mix:
            for shift in rule.shifts:
                known_shift(shift, "skill mix")
        for entry in self.staffing.fixed_requirement or []:
            known_group(entry.group, "fixed requirement")
            known_shift(entry.shift, "fixed requirement")
        for group in self.staffing.rostered_groups:
            known_group(group, "rostered groups")
        for group in [*self.costs.hourly_pay, *self.costs.agency, *self.costs.pool_hourly_price]:
            known_group(group, "costs")
        for employee_id in self.costs.employee_hourly_pay:
            known_employee(employee_id, "costs")
        for wish in self.wishes:
            known_employee(wish.employee, "wish")
            if wish.shift is not None:
                known_shift(wish.shift, "wish")
        for absence in self.absences:
            known_employee(absence.employee, "absence")
        return self

    def _check_shift_rules(self, known_group: Any, known_shift: Any, known_employee: Any) -> None:
        """Allowed shift types, composite cover and shift limits name known groups, shifts, employees."""
        by_code = {s.code: s for s in self.shift_types}
        for shift in self.shift_types:
            for covered in shift.covers:
                known_shift(covered, f"shift {shift.code} covers")
                if by_code[covered].covers:
                    raise domain_error(
                        "shift_covers_composite",
                        "shift '{code}' covers '{covered}', which itself covers other shifts",
                        code=shift.code,
                        covered=covered,
                    )
        for group in self.groups:
            for code in group.shift_types:
                known_shift(code, f"group {group.id} shift_types")
        allowed = {g.id: set(g.shift_types) for g in self.groups}
        for employee in self.employees:
            for code in employee.shift_types:
                known_shift(code, f"employee {employee.id} shift_types")
                group_allows = allowed.get(employee.group)
                if group_allows and code not in group_allows:
                    raise domain_error(
                        "employee_shift_not_in_group",
                        "employee '{employee}' may work '{shift}', which the group '{group}' may not",
                        employee=employee.id,
                        shift=code,
                        group=employee.group,
                    )
        for limit in self.shift_limits:
            where = f"shift limit {limit.id}"
            for code in limit.shifts:
                known_shift(code, where)
            for group_id in limit.groups:
                known_group(group_id, where)
            for employee_id in limit.employees:
                known_employee(employee_id, where)

    # --- lookups -------------------------------------------------------------------------

    def group(self, group_id: str) -> ProfessionalGroup:
        return next(g for g in self.groups if g.id == group_id)

    def shift_type(self, code: str) -> ShiftType:
        return next(s for s in self.shift_types if s.code == code)

    def employee(self, employee_id: str) -> Employee:
        return next(e for e in self.employees if e.id == employee_id)

    def allowed_shifts(self, employee: Employee) -> list[str] | None:
        """Shift types ``employee`` may work: their own list, else their group's; None: every type."""
        own = employee.shift_types or self.group(employee.group).shift_types
        return list(own) if own else None

    def groups_by_rank(self) -> list[ProfessionalGroup]:
        """Groups in the order of the form: ranked groups first (most competent left), then support."""
        return sorted(self.groups, key=lambda g: (g.rank is None, g.rank or 0, g.id))

    def eligible_groups(self, task: Task, *, with_training: bool) -> list[Identifier]:
        """Groups that may do ``task``: those marked for it and every group above them in the
        competence order, less the task's exclusions. Groups that need training first count
        only when ``with_training``."""
        marked = list(task.eligible_groups) + (list(task.training) if with_training else [])
        marked_groups = [self.group(g) for g in marked]
        result: list[Identifier] = []
        for group in self.groups_by_rank():
            if group.id in task.excluded_groups:
                continue
            if group.id in task.training and not with_training:
                continue
            if any(group.outranks_or_equals(m) for m in marked_groups):
                result.append(group.id)
        return result

    def competence_codes(self) -> set[str]:
        """Every competence code the unit names: held by staff (undated or certified), asked for by a
        skill-mix rule, a shift type or a task. An import naming another code is a mistake."""
        codes = {c for e in self.employees for c in e.competence_codes()}
        codes |= {r.competence for r in self.staffing.skill_mix}
        codes |= {c for s in self.shift_types for c in s.required_competences}
        codes |= {t.required_competence for t in self.tasks if t.required_competence}
        return codes

    def rostered_groups(self) -> list[Identifier]:
        if self.staffing.rostered_groups:
            return list(self.staffing.rostered_groups)
        present = {e.group for e in self.employees}
        return [g.id for g in self.groups_by_rank() if g.id in present]
