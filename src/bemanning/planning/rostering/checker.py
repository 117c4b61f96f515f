"""The compliance checker: any roster (ours, or exported from GAT) against every rule, in plain Python.

It shares only the planning context (days, shift times, demand) with the solver, never the model.
"""

from __future__ import annotations

from collections import defaultdict
from dataclasses import dataclass, field

from bemanning.model import Roster, StaffingRequirement, Unit

from .context import Period, RosterContext, RosterHistory, build_context
from .rules import Rule, UncoveredPlace, Violation, default_rules, uncovered_places
from .view import RosterView

RED, AMBER, GREEN = "red", "amber", "green"


@dataclass
class ComplianceReport:
    violations: list[Violation] = field(default_factory=list)
    uncovered: list[UncoveredPlace] = field(default_factory=list)

    @property
    def hard(self) -> list[Violation]:
        return [v for v in self.violations if v.hard]

    @property
    def ok(self) -> bool:
        """True when no hard rule is broken."""
        return not self.hard

    @property
    def penalty(self) -> int:
        """The soft penalty total; equals the solver's objective for a roster it returned."""
        return sum(v.penalty for v in self.violations)

    def penalty_by_rule(self) -> dict[str, int]:
        out: dict[str, int] = defaultdict(int)
        for v in self.violations:
            if v.penalty:
                out[v.rule] += v.penalty
        return dict(out)

    def by_rule(self) -> dict[str, list[Violation]]:
        out: dict[str, list[Violation]] = defaultdict(list)
        for v in self.violations:
            out[v.rule].append(v)
        return dict(out)

    @property
    def uncovered_places(self) -> int:
        return sum(p.missing for p in self.uncovered)

    # --- safe minimum (forsvarlig bemanning): never hidden (issue 25) ---------------------------
    @property
    def below_minimum_places(self) -> int:
        """Places short of the requirement's safe minimum."""
        return sum(p.below_minimum for p in self.uncovered)

    def below_minimum_dates(self) -> list[str]:
        return sorted({p.date for p in self.uncovered if p.below_minimum})

    @property
    def cover_status(self) -> str:
        """``red``: a place below the safe minimum; ``amber``: places between the minimum and the
        requirement; ``green``: everything covered."""
        if self.below_minimum_places:
            return RED
        return AMBER if self.uncovered_places else GREEN

    def safety_summary(self) -> dict[str, object]:
        """The fields every output shows (summary.json, web, API)."""
        return {
            "cover_status": self.cover_status,
            "below_minimum_places": self.below_minimum_places,
            "below_minimum_dates": self.below_minimum_dates(),
            "below_required_places": self.uncovered_places - self.below_minimum_places,
        }


def check_context(ctx: RosterContext, roster: Roster, rules: list[Rule]) -> ComplianceReport:
    view = RosterView(ctx, roster)
    violations = [v for rule in rules if rule.applies(ctx) for v in rule.check(view)]
    return ComplianceReport(violations=violations, uncovered=uncovered_places(view))


def check_roster(
    unit: Unit,
    roster: Roster,
    requirement: StaffingRequirement | None = None,
    history: RosterHistory | None = None,
    rules: list[Rule] | None = None,
) -> ComplianceReport:
    """Check ``roster`` against ``rules`` (default: the unit's rule set). The period is the roster's own;
    a cyclic roster wraps around. The roster's own absences bind together with the unit's."""
    ctx = build_context(unit, Period.of_roster(roster), requirement, history, roster.absences)
    return check_context(ctx, roster, rules if rules is not None else default_rules(unit))
