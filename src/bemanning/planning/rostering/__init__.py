"""The roster engine: rules with two faces (model + check), the CP-SAT solver and the checker."""

from .checker import ComplianceReport, check_context, check_roster
from .context import (
    DemandRow,
    Period,
    RosterContext,
    RosterHistory,
    build_context,
    period_for_unit,
    requirement_for_unit,
)
from .model_builder import RosterModel
from .rules import Rule, UncoveredPlace, Violation, default_rules
from .solver import Progress, RosterResult, SolveOptions, build_model, solve_context, solve_roster
from .view import RosterView

__all__ = [
    "ComplianceReport",
    "DemandRow",
    "Period",
    "Progress",
    "Rule",
    "RosterContext",
    "RosterHistory",
    "RosterModel",
    "RosterResult",
    "RosterView",
    "SolveOptions",
    "UncoveredPlace",
    "Violation",
    "build_context",
    "build_model",
    "check_context",
    "check_roster",
    "default_rules",
    "period_for_unit",
    "requirement_for_unit",
    "solve_context",
    "solve_roster",
]
