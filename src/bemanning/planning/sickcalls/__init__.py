"""Sick calls: minimal-change repair, ranked fill suggestions and explanations of open places."""

from .repair import Change, RepairResult, RepairSetup, SickCall, prepare, repair_roster

__all__ = ["Change", "RepairResult", "RepairSetup", "SickCall", "prepare", "repair_roster"]
