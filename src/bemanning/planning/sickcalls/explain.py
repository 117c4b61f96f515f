"""Why a place stays open, and why a unit's hard rules cannot all hold, in words a manager reads.

* ``explain_uncovered``: for every employee of the groups that may fill an open place, try the
  assignment and read the checker's new hard violations (the same ``Violation.text`` the checker
  prints), e.g. "Kari kan ikke ta Natt 2027-03-14: Daglig hvile (AML §10-8(1)) – ...".
* ``explain_infeasible``: every hard rule's constraints get an enforcement literal per employee
  and week; CP-SAT with these as assumptions returns a sufficient set for infeasibility, shrunk
  by deletion to a small conflicting set of rules, people and days.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import asdict, dataclass, replace
from typing import Any

from bemanning.i18n import register, t
from bemanning.model import Roster, StaffingRequirement, Unit
from bemanning.model.rule_texts import source_label
from bemanning.planning.rostering import (
    Period,
    RosterContext,
    RosterHistory,
    Rule,
    UncoveredPlace,
    Violation,
    build_context,
    check_context,
    default_rules,
)
from bemanning.planning.rostering.budget import Budget
from bemanning.planning.rostering.conflicts import find_conflicts
from bemanning.planning.rostering.rules.coverage import chains

from .rules import Plan

register(
    {
        "explain_cannot": {
            "no": "{name} kan ikke ta {shift} {date}: {rule} ({reference}) – {detail}",
            "en": "{name} cannot take {shift} on {date}: {rule} ({reference}) – {detail}",
        },
        "explain_daily_rest_after": {
            "no": "{name} kan ikke ta {shift} {date}: {limit} t døgnhvile ({reference}) etter vakten {other} "
            "som slutter {time}",
            "en": "{name} cannot take {shift} on {date}: {limit} h daily rest ({reference}) after the {other} "
            "shift ending {time}",
        },
        "explain_daily_rest_before": {
            "no": "{name} kan ikke ta {shift} {date}: {limit} t døgnhvile ({reference}) før vakten {other} "
            "som begynner {time}",
            "en": "{name} cannot take {shift} on {date}: {limit} h daily rest ({reference}) before the {other} "
            "shift starting {time}",
        },
        "explain_busy": {
            "no": "{name} kan ikke ta {shift} {date}: har allerede vakt {other} den dagen (én vakt per døgn)",
            "en": "{name} cannot take {shift} on {date}: already works {other} that day (one shift per day)",
        },
        "explain_free": {
            "no": "{name} kan ta {shift} {date} uten å bryte harde regler (som ekstravakt/overtid: se «fyll»)",
            "en": "{name} can take {shift} on {date} without breaking a hard rule (as extra shift/overtime: "
            "see 'fyll')",
        },
        "explain_conflict": {
            "no": "Regler som ikke kan holdes samtidig: {rule} ({reference}) for {name}, {dates}",
            "en": "Rules that cannot all hold: {rule} ({reference}) for {name}, {dates}",
        },
        "explain_everyone": {"no": "alle", "en": "everyone"},
    }
)


@dataclass(frozen=True)
class Explanation:
    kind: str  # uncovered | infeasible
    rule: str
    reference: str
    message: str
    employee: str | None = None
    dates: tuple[dt.date, ...] = ()
    date: dt.date | None = None  # the open place (uncovered)
    shift: str | None = None
    group: str | None = None

    def as_dict(self) -> dict[str, Any]:
        out = asdict(self)
        out["dates"] = [d.isoformat() for d in self.dates]
        out["date"] = self.date.isoformat() if self.date else None
        return out


def _names(unit: Unit) -> dict[str, str]:
    return {e.id: e.name for e in unit.employees}


def _shift_name(unit: Unit, code: str) -> str:
    shift = next((s for s in unit.shift_types if s.code == code), None)
    return f"{shift.name} ({code})" if shift is not None else code


def eligible_groups(ctx: RosterContext, group: str) -> list[str]:
    """Groups that may fill a place of ``group``: itself and the groups ranked above it."""
    for chain in chains(ctx):
        if group in chain:
            return chain[: chain.index(group) + 1]
    return [group]


def _key(v: Violation) -> tuple[str, str | None, tuple[dt.date, ...]]:
    return v.rule, v.employee, v.dates


def trial_violations(
    ctx: RosterContext,
    rules: list[Rule],
    plan: Plan,
    employee: str,
    day: int,
    shift: str,
    cache: dict[str, set[Any]] | None = None,
) -> list[Violation]:
    """Hard violations that appear when ``employee`` also works ``shift`` on ``day``.

    Checked on the employee alone (all hard rules but the long-shift share are per employee), and on
    the whole roster when the shift is long."""
    person = ctx.employee(employee)
    alone = replace(ctx, employees=[person])
    own = {employee: dict(plan.get(employee, {}))}
    full = ctx.shifts[shift].is_long
    check_ctx = ctx if full else alone
    base_plan = plan if full else own
    hard = [r for r in rules if r.hard]
    if cache is not None and not full and employee in cache:
        before = cache[employee]
    else:
        before = {_key(v) for v in check_context(check_ctx, _roster(ctx, base_plan), hard).hard}
        if cache is not None and not full:
            cache[employee] = before
    after_plan = {e: dict(days) for e, days in base_plan.items()}
    after_plan.setdefault(employee, {})[day] = shift
    after = check_context(check_ctx, _roster(ctx, after_plan), hard).hard
    return [v for v in after if _key(v) not in before]


def _roster(ctx: RosterContext, plan: Plan) -> Roster:
    from .repair import roster_of

    return roster_of(plan, ctx)


def reason_text(
    unit: Unit, ctx: RosterContext, v: Violation, employee: str, day: int, shift: str, lang: str | None
) -> str:
    names = _names(unit)
    base = {
        "name": names.get(employee, employee),
        "shift": _shift_name(unit, shift),
        "date": ctx.date_of(day).isoformat(),
        "reference": source_label(v.reference, lang),
    }
    if v.rule == "daily_rest" and {"first", "second", "limit"} <= set(v.detail):
        first, second = v.detail["first"], v.detail["second"]
        dates = v.dates
        this = ctx.date_of(day)
        if dates and dates[-1] == this and (first != shift or len(dates) > 1):
            other_day = dates[0] if len(dates) > 1 else this
            info = ctx.shifts[first]
            end = dt.datetime.combine(other_day, dt.time()) + dt.timedelta(minutes=info.end)
            return t(
                "explain_daily_rest_after", lang, **base, limit=v.detail["limit"],
                other=_shift_name(unit, first), time=end.strftime("%H:%M"),
            )
        info = ctx.shifts[second]
        begin = dt.datetime.combine(dt.date.min, dt.time()) + dt.timedelta(minutes=info.start)
        return t(
            "explain_daily_rest_before", lang, **base, limit=v.detail["limit"],
            other=_shift_name(unit, second), time=begin.strftime("%H:%M"),
        )
    return t("explain_cannot", lang, **base, rule=v.title(lang), detail=v.text(lang, names))


def explain_uncovered(
    unit: Unit,
    roster: Roster,
    requirement: StaffingRequirement | None,
    places: list[UncoveredPlace],
    *,
    history: RosterHistory | None = None,
    rules: list[Rule] | None = None,
    ctx: RosterContext | None = None,
    lang: str | None = None,
    max_places: int = 40,
) -> list[Explanation]:
    """For each open place (up to ``max_places``), each employee of the eligible groups and the hard
    rule(s) that forbid them to take it. Employees free to take it are named too (they would need
    an extra shift or overtime, which the roster's contract hours do not allow)."""
    ctx = ctx or build_context(unit, Period.of_roster(roster), requirement, history, roster.absences)
    rules = rules if rules is not None else default_rules(unit)
    rules = [r for r in rules if r.applies(ctx)]
    from .repair import plan_of

    plan = plan_of(roster, ctx)
    names = _names(unit)
    out: list[Explanation] = []
    cache: dict[str, set[Any]] = {}
    for place in places[:max_places]:
        date = dt.date.fromisoformat(place.date)
        day = ctx.index_of(date)
        groups = eligible_groups(ctx, place.group)
        base: dict[str, Any] = {"kind": "uncovered", "date": date, "shift": place.shift, "group": place.group}
        for e in ctx.employees:
            if e.group not in groups:
                continue
            working = plan.get(e.id, {}).get(day)
            info = {"name": names.get(e.id, e.id), "shift": _shift_name(unit, place.shift), "date": place.date}
            if working is not None:
                out.append(
                    Explanation(
                        **base, rule="one_shift_per_day", reference=_reference(rules, "one_shift_per_day"),
                        employee=e.id, dates=(date,),
                        message=t("explain_busy", lang, **info, other=_shift_name(unit, working)),
                    )
                )
                continue
            found = trial_violations(ctx, rules, plan, e.id, day, place.shift, cache)
            for v in found:
                out.append(
                    Explanation(
                        **base, rule=v.rule, reference=v.reference, employee=e.id, dates=v.dates,
                        message=reason_text(unit, ctx, v, e.id, day, place.shift, lang),
                    )
                )
            if not found:
                out.append(
                    Explanation(
                        **base, rule="none", reference="", employee=e.id, dates=(date,),
                        message=t("explain_free", lang, **info),
                    )
                )
    return out


def _reference(rules: list[Rule], code: str) -> str:
    return next((r.reference for r in rules if r.code == code), "")


# --- infeasibility: a small conflicting set of rules (``rostering/conflicts.py``) --------------


def explain_infeasible(
    unit: Unit,
    ctx: RosterContext,
    rules: list[Rule],
    *,
    time_limit: float = 20.0,
    lang: str | None = None,
) -> list[Explanation]:
    """A small set of (hard rule, employee, week) that cannot all hold, in words; empty when the hard
    rules are consistent (or no proof was found in time)."""
    names = _names(unit)
    out = []
    for c in find_conflicts(ctx, rules, Budget(wall=time_limit)) or []:
        span = f"{c.dates[0].isoformat()}–{c.dates[-1].isoformat()}" if c.dates else ""
        out.append(
            Explanation(
                kind="infeasible", rule=c.rule, reference=c.reference, employee=c.employee, dates=c.dates,
                message=t(
                    "explain_conflict", lang, rule=t(f"rule_{c.rule}", lang), reference=source_label(c.reference, lang),
                    name=names.get(c.employee, c.employee) if c.employee else t("explain_everyone", lang),
                    dates=span,
                ),
            )
        )
    return out
