"""Rules used only by the sick-call repair: the cost of each change and frozen days. (Contract hours
are the roster engine's own: the sick days are absences credited with the shifts they took away,
``RosterContext.credited``, and the repaired roster carries them, so ``bemanning check`` agrees.)

They follow the rule interface of the roster engine (two faces: model and check), so the repaired
roster is checked with exactly the rules it was planned with.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import ClassVar

from bemanning.i18n import register
from bemanning.model import Unit
from bemanning.planning.rostering import RosterContext, RosterModel, RosterView, Rule, Violation
from bemanning.planning.rostering.rules import SkillMix
from bemanning.planning.rostering.rules.coverage import skill_mix_count

Plan = dict[str, dict[int, str]]  # employee → day index → shift code

register(
    {
        "rule_repair_change": {"no": "Endring i turnus", "en": "Roster change"},
        "viol_repair_change": {
            "no": "{employee} {dates}: {before} → {after}",
            "en": "{employee} {dates}: {before} → {after}",
        },
        "rule_repair_frozen": {"no": "Låst dag", "en": "Locked day"},
        "viol_repair_frozen": {
            "no": "{employee} {dates}: låst dag endret ({before} → {after})",
            "en": "{employee} {dates}: locked day changed ({before} → {after})",
        },
    }
)


def _label(code: str | None) -> str:
    return code if code is not None else "fri"


@dataclass
class ChangeCost(Rule):
    """A penalty per changed day against the roster before the sick call (soft).

    Another shift type on a working day costs ``shift_weight``; turning a day off into work or the
    other way round costs ``day_off_weight``, on a weekend or public holiday ``weekend_weight``.
    Frozen days and the sick days themselves are not counted (they are fixed).
    """

    before: Plan = field(default_factory=dict)
    skip: set[tuple[str, int]] = field(default_factory=set)  # (employee, day) not counted
    shift_weight: int = 10
    day_off_weight: int = 30
    weekend_weight: int = 60
    scale: int = 1  # the model's multiplier, so a change outweighs small soft gains (see repair.py)
    hard: bool = False
    weight: int = 1
    code: ClassVar[str] = "repair_change"
    setting: ClassVar[str] = "repair_change_shift_weight"

    @classmethod
    def from_unit(cls, unit: Unit) -> Rule:
        return cls.for_unit(unit, {}, set())

    @classmethod
    def for_unit(cls, unit: Unit, before: Plan, skip: set[tuple[str, int]]) -> ChangeCost:
        rules = unit.rules
        return cls(
            before=before,
            skip=skip,
            shift_weight=rules.get("repair_change_shift_weight").weight,
            day_off_weight=rules.get("repair_move_day_off_weight").weight,
            weekend_weight=rules.get("repair_weekend_weight").weight,
            reference=rules.get("repair_change_shift_weight").reference,
        )

    def relaxed(self, weight: int) -> Rule:
        return self

    def change_weight(self, ctx: RosterContext, day: int, before: str | None, after: str | None) -> int:
        if before == after:
            return 0
        if before is not None and after is not None:
            return self.shift_weight
        info = ctx.days[day]
        return self.weekend_weight if info.is_sunday_or_holiday or info.weekday == 5 else self.day_off_weight

    def add_to_model(self, m: RosterModel) -> None:
        ctx = m.ctx
        for e in m.employees:
            planned = self.before.get(e.id, {})
            for d in range(ctx.n):
                if (e.id, d) in self.skip:
                    continue
                works = m.works(e.id, d)
                if isinstance(works, bool):
                    continue
                old = planned.get(d)
                on_off = self.change_weight(ctx, d, None, "x")
                if old is None:
                    m.penalize(self, works, on_off * self.scale)
                    continue
                off = m.model.new_bool_var(f"chg_off_{e.id}_{d}")
                m.model.add(off + works == 1)
                m.penalize(self, off, on_off * self.scale)
                same = m.shift(e.id, d, old)
                other = m.model.new_bool_var(f"chg_type_{e.id}_{d}")
                m.model.add(other == works - m.value(same))
                m.penalize(self, other, self.shift_weight * self.scale)

    def check(self, view: RosterView) -> list[Violation]:
        ctx = view.ctx
        out = []
        for e in view.employees():
            planned = self.before.get(e, {})
            for d in range(ctx.n):
                if (e, d) in self.skip:
                    continue
                old, new = planned.get(d), view.plan.get(e, {}).get(d)
                weight = self.change_weight(ctx, d, old, new)
                if weight:  # scaled like the model, so the checker's penalty equals the objective
                    out.append(
                        self.violation(view, e, [d], amount=weight * self.scale, before=_label(old), after=_label(new))
                    )
        return out


@dataclass
class FrozenDays(Rule):
    """Days that may not change: the past, days locked by the planner, and every day of the
    ``employees`` a repair leaves as they are (hard, never relaxed)."""

    before: Plan = field(default_factory=dict)
    days: set[int] = field(default_factory=set)
    skip: set[tuple[str, int]] = field(default_factory=set)  # sick days: absence wins over the lock
    employees: set[str] = field(default_factory=set)  # frozen on every day
    reference: str = "Låst av planlegger"
    code: ClassVar[str] = "repair_frozen"
    setting: ClassVar[str] = "repair_change_shift_weight"

    @classmethod
    def from_unit(cls, unit: Unit) -> Rule:
        return cls()

    def relaxed(self, weight: int) -> Rule:
        return self

    def pinned(self, ctx: RosterContext) -> set[str]:
        return set(self.employees)

    def _frozen(self, ctx: RosterContext, employee: str) -> list[int]:
        days = range(ctx.n) if employee in self.employees else sorted(self.days)
        return [d for d in days if (employee, d) not in self.skip]

    def forbidden(self, ctx: RosterContext) -> list[tuple[str, int, str]]:
        out = []
        for e in ctx.employees:
            planned = self.before.get(e.id, {})
            for d in self._frozen(ctx, e.id):
                out += [(e.id, d, code) for code in ctx.shifts if code != planned.get(d)]
        return out

    def add_to_model(self, m: RosterModel) -> None:
        for e in m.employees:
            planned = self.before.get(e.id, {})
            for d in self._frozen(m.ctx, e.id):
                if d in planned:
                    m.clause(self, [m.shift(e.id, d, planned[d])], name=f"{e.id}_{d}")

    def check(self, view: RosterView) -> list[Violation]:
        out = []
        for e in view.employees():
            planned = self.before.get(e, {})
            for d in self._frozen(view.ctx, e):
                old, new = planned.get(d), view.plan.get(e, {}).get(d)
                if old != new:
                    out.append(self.violation(view, e, [d], before=_label(old), after=_label(new)))
        return out


@dataclass
class SkillMixBeyondKnownGaps(SkillMix):
    """The skill mix for a repair: each minimum lowered by what was already missing before the sick
    call, so the repair restores what the call took and does not reshuffle the roster to close old
    shortfalls (the report still checks the full minimum)."""

    known_gaps: dict[tuple[int, str, str], int] = field(default_factory=dict)  # (day, shift, competence)

    def _slots(self, ctx: RosterContext) -> list[tuple[int, str, str, int]]:
        return ctx.memo(
            ("skill_mix_slots_beyond_known_gaps",),
            lambda: [
                (day, shift, competence, max(0, minimum - self.known_gaps.get((day, shift, competence), 0)))
                for day, shift, competence, minimum in self._make_slots(ctx)
            ],
        )

    def full(self) -> SkillMix:
        """The ordinary rule, for reporting against the full minimum."""
        return SkillMix(hard=self.hard, weight=self.weight, reference=self.reference)


def skill_mix_gaps(ctx: RosterContext, plan: Plan) -> dict[tuple[int, str, str], int]:
    """Missing holders per (day, shift, competence) in ``plan`` under the unit's skill-mix minimums, counted
    as the checker counts them (a composite shift such as L counts on the D and A it covers)."""
    gaps = {}
    for day, shift, competence, minimum in SkillMix()._make_slots(ctx):
        count = skill_mix_count(ctx, plan, day, shift, competence)
        if count < minimum:
            gaps[(day, shift, competence)] = minimum - count
    return gaps
