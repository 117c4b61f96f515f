"""The rule interface: one object, two faces (ARCHITECTURE.md).

* ``add_to_model(m)`` adds the rule to a CP-SAT model, hard or soft with ``weight``;
  ``forbidden(ctx)`` lists (employee, day, shift) triples a hard rule rules out before the
  model is built (the builder then creates no variable for them).
* ``check(view)`` checks a finished roster in plain Python, without any solver code, and
  returns ``Violation`` objects naming rule, employee, dates and legal reference.

For a soft rule the penalties of ``check`` add up to exactly what the model charges, so the
checker can recompute a solver's objective.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterable, Mapping
from dataclasses import dataclass, field, replace
from typing import TYPE_CHECKING, Any, ClassVar

from bemanning.i18n import t
from bemanning.model import Unit
from bemanning.model.rule_texts import source_label

if TYPE_CHECKING:
    from ..context import RosterContext
    from ..model_builder import RosterModel
    from ..view import RosterView


@dataclass(frozen=True)
class Violation:
    rule: str
    hard: bool
    reference: str
    employee: str | None
    dates: tuple[dt.date, ...]
    detail: dict[str, Any] = field(default_factory=dict)
    penalty: int = 0

    def text(self, lang: str | None = None, names: Mapping[str, str] | None = None) -> str:
        """The violation in words; with ``names`` (employee id → name) the reader sees "Kari Nordmann",
        not "E06" (the stored detail keeps the id)."""
        detail = self.detail
        if names and detail.get("employee") in names:
            detail = {**detail, "employee": names[detail["employee"]]}
        return t(f"viol_{self.rule}", lang, **detail)

    def title(self, lang: str | None = None) -> str:
        return t(f"rule_{self.rule}", lang)

    def reference_text(self, lang: str | None = None) -> str:
        """The legal reference or source in the reader's language ("God praksis", not "Good practice")."""
        return source_label(self.reference, lang)


@dataclass
class Rule:
    """Base of every rule. ``code`` is stable; ``setting`` names the rule-set entry that gives the
    default reference, hard flag and weight."""

    hard: bool = True
    weight: int = 0
    reference: str = ""

    code: ClassVar[str] = "rule"
    setting: ClassVar[str] = ""

    @classmethod
    def from_unit(cls, unit: Unit) -> Rule:
        return cls.configured(unit)

    @classmethod
    def configured(cls, unit: Unit, **parameters: Any) -> Rule:
        """The rule with hard/weight/reference from its setting in the unit's rule set, plus ``parameters``."""
        s = unit.rules.get(cls.setting)
        return cls(hard=s.hard, weight=max(s.weight, 1), reference=s.reference, **parameters)

    def applies(self, ctx: RosterContext) -> bool:
        return True

    def forbidden(self, ctx: RosterContext) -> Iterable[tuple[str, int, str]]:
        """(employee, day, shift) a hard rule rules out up front; soft rules return nothing."""
        return ()

    def pinned(self, ctx: RosterContext) -> set[str]:
        """Employees whose whole roster this rule fixes (a search need not try to move them)."""
        return set()

    def add_to_model(self, m: RosterModel) -> None:
        raise NotImplementedError

    def check(self, view: RosterView) -> list[Violation]:
        raise NotImplementedError

    def relaxed(self, weight: int) -> Rule:
        """A soft copy (used when the hard rules together are infeasible)."""
        return replace(self, hard=False, weight=weight)

    def violation(
        self, view: RosterView, employee: str | None, days: Iterable[int], /, amount: int = 1, **detail: Any
    ) -> Violation:
        dates = tuple(sorted({view.ctx.date_of(view.ctx.wrap(d)) for d in days}))
        if employee is not None:
            detail.setdefault("employee", employee)
        detail.setdefault("dates", ", ".join(d.isoformat() for d in dates))
        return Violation(
            rule=self.code,
            hard=self.hard,
            reference=self.reference,
            employee=employee,
            dates=dates,
            detail=detail,
            penalty=0 if self.hard else self.weight * amount,
        )
