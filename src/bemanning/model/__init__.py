"""The domain: pydantic types and their invariants. No I/O, no solver."""

from .activity import Activity, CareLevel, WeekdayValues
from .costs import AgencyPrice, Allowance, CostSettings
from .enums import (
    CLOCK_INTERVALS,
    DayPattern,
    DayType,
    FrequencyBasis,
    PlanningMode,
    ShiftKind,
    TaskCategory,
    TimeInterval,
    Weekday,
    WorkArrangement,
)
from .groups import ProfessionalGroup
from .organisation import Organisation
from .planning_settings import ABSENCE_CODES, Absence, AbsenceKind, RosterSettings, Wish
from .plans import (
    ActivityPlan,
    ActivityPlanEntry,
    AllocationEntry,
    Assignment,
    RequirementRow,
    Roster,
    StaffingRequirement,
    TaskAllocation,
)
from .roster_limits import ShiftLimit
from .rules import DEFAULT_RULES, RuleSet, RuleSetting
from .shifts import ShiftType
from .staff import Certification, Employee
from .staffing import MinimumStaffing, RequirementEntry, SkillMixRule, StaffingSettings
from .task_sharing import CostBasis, GroupCapacity, TaskSharingSettings, TrainingPlan
from .tasks import Task
from .unit import SCHEMA_VERSION, Unit

__all__ = [
    "ActivityPlan",
    "ActivityPlanEntry",
    "AllocationEntry",
    "Assignment",
    "RequirementRow",
    "Roster",
    "StaffingRequirement",
    "TaskAllocation",
    "CLOCK_INTERVALS",
    "DEFAULT_RULES",
    "SCHEMA_VERSION",
    "ABSENCE_CODES",
    "Absence",
    "AbsenceKind",
    "Activity",
    "AgencyPrice",
    "Allowance",
    "CareLevel",
    "CostBasis",
    "CostSettings",
    "GroupCapacity",
    "DayPattern",
    "DayType",
    "Certification",
    "Employee",
    "FrequencyBasis",
    "MinimumStaffing",
    "Organisation",
    "PlanningMode",
    "ProfessionalGroup",
    "RequirementEntry",
    "RosterSettings",
    "RuleSet",
    "RuleSetting",
    "ShiftKind",
    "ShiftLimit",
    "ShiftType",
    "SkillMixRule",
    "StaffingSettings",
    "Task",
    "TaskCategory",
    "TaskSharingSettings",
    "TimeInterval",
    "TrainingPlan",
    "Unit",
    "Weekday",
    "WeekdayValues",
    "Wish",
    "WorkArrangement",
]
