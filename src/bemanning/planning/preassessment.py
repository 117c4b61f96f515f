"""Agency pre-assessment (forhåndsvurdering): before a place goes to agency, the internal options
are tried in order and each gets its verdict, its reason and its cost beside the agency cost.

Options, in order: own staff's extra shift within their position, a part-timer up to the larger
position they wish for, overtime, the staffing-centre pool, a swap with a colleague on an
over-staffed shift the same day. The rule checks are the roster engine's own rule objects
(``check`` on the employee's shifts with the place added), never a second copy of the law.
"""

from __future__ import annotations

import datetime as dt
import re
from collections import defaultdict
from dataclasses import dataclass, field, replace

from bemanning.i18n import has, label, number, percent, register, t
from bemanning.model import Assignment, Roster, ShiftType, Unit
from bemanning.model.region import PoolEmployee, RegionFile, UnitRef
from bemanning.model.rule_texts import source_label

from .costing import agency_shift_price, hourly_pay, public_holidays, shift_pay
from .pool import PoolProblem, PoolResult, ineligibility, pool_code, pool_rules, region_period, split_code
from .rostering import RosterContext, Rule, build_context, check_context
from .rostering.context import EmployeeInfo
from .rostering.rules import OneShiftPerDay

register(
    {
        # The reasons a pool employee may not take a place (``pool.ineligibility``, ``_PoolView.why_not``).
        "pa_why_permission": {"no": "ikke tillatelse", "en": "not permitted"},
        "pa_why_orientation": {"no": "mangler opplæring", "en": "orientation needed"},
        "pa_why_competence": {"no": "mangler kompetanse", "en": "lacks the competence"},
        "pa_why_group": {"no": "feil yrkesgruppe", "en": "wrong group"},
        "pa_why_max_units_per_week": {"no": "maks enheter per uke", "en": "max units per week"},
    }
)

OPTIONS = ("extra_shift", "larger_position", "overtime", "pool", "swap")
# How many candidates a failed option names in its detail (the rest are counted).
NAMED = 3


@dataclass(frozen=True)
class Verdict:
    option: str
    possible: bool
    reason: str  # a message code (see ``preassessment_messages``)
    detail: str  # who and why: rule and §, competence, hours
    cost: float | None  # NOK for one head, when the option has a price
    employee_id: str | None = None


@dataclass
class Assessment:
    unit_id: str
    date: dt.date
    shift: str
    group: str
    heads: int
    hours: float
    agency_cost: float | None  # NOK for one head
    verdicts: list[Verdict] = field(default_factory=list)

    @property
    def recommendation(self) -> str:
        """The first possible internal option, else agency."""
        return next((v.option for v in self.verdicts if v.possible), "agency")


@dataclass
class _Candidate:
    employee: str
    broken: list[tuple[str, str]]  # (rule, reference) of hard rules the extra shift would break
    minutes: int  # planned minutes with the extra shift
    high: int  # the position's upper bound in minutes
    week_over: float  # hours above the position in the place's week, with the extra shift


class _UnitView:
    """One unit's roster, its context and rules, with per-employee contexts for fast checks."""

    def __init__(self, unit: Unit, roster: Roster, region: RegionFile):
        self.unit = unit
        self.roster = roster
        self.ctx = build_context(unit, region_period(region))
        self.rules: list[Rule] = [r for r in pool_rules(unit) if r.applies(self.ctx)]
        self.plan: dict[str, list[Assignment]] = defaultdict(list)
        for a in roster.assignments:
            self.plan[a.employee_id].append(a)
        self._own: dict[str, RosterContext] = {}
        self._seen: dict[tuple[str, dt.date, str, dt.date | None], _Candidate] = {}
        one = OneShiftPerDay.configured(unit)
        self._busy = (one.code, one.reference)

    def candidate(self, employee: str, date: dt.date, shift: str, drop: dt.date | None = None) -> _Candidate:
        """The employee's shifts with ``shift`` on ``date`` added (``drop``: their shift that day moved)."""
        key = (employee, date, shift, drop)
        if key not in self._seen:
            self._seen[key] = self._candidate(employee, date, shift, drop)
        return self._seen[key]

    def _candidate(self, employee: str, date: dt.date, shift: str, drop: dt.date | None) -> _Candidate:
        info = self.ctx.employee(employee)
        if employee not in self._own:
            self._own[employee] = replace(self.ctx, employees=[info], cache={})
        mine = [a for a in self.plan[employee] if a.date != drop]
        trial = [*mine, Assignment(employee_id=employee, date=date, shift_code=shift)]
        period = self.ctx.period
        if any(a.date == date for a in mine):
            # Already at work that day: one shift per day is structural (the model is built so).
            return _Candidate(employee, [self._busy], 0, 0, 0.0)
        roster = Roster(unit_id=self.unit.id, start_date=period.start, days=period.days, assignments=trial)
        report = check_context(self._own[employee], roster, self.rules)
        minutes = sum(self.ctx.shifts[a.shift_code].work_minutes for a in trial)
        _, high, _ = self.ctx.contract_minutes(info)
        week = (date - period.start).days // 7
        in_week = sum(self.ctx.shifts[a.shift_code].work_minutes for a in trial
                      if (a.date - period.start).days // 7 == week) / 60
        week_over = in_week - info.position_pct / 100 * info.weekly_hours
        return _Candidate(employee, [(v.rule, v.reference) for v in report.hard], minutes, high, week_over)


# A verdict's detail may name rules and reasons by code and hours with a decimal point (the pool's
# checks); ``detail_text`` is what a reader sees: the rule's name (model/rule_texts.py) and numbers as
# bemanning.i18n writes them.
_DETAIL_TOKEN = re.compile(r"\b([a-z][a-z_]+)\b|\b(\d+\.\d+)(?= t\b)")


def detail_text(text: str, lang: str | None = None) -> str:
    """A verdict's detail for a reader in ``lang``: rule and reason codes as their names, "34.5 t" as
    "34,5 t" in Norwegian."""

    def word(match: re.Match[str]) -> str:
        code = match.group(1)
        if code is None:
            return number(float(match.group(2)), 1, lang)
        for key in (f"rule_{code}", f"pa_why_{code}"):
            if has(key):
                return t(key, lang)
        return code

    return _DETAIL_TOKEN.sub(word, text)


def _why(c: _Candidate) -> str:
    if c.broken:
        rule, reference = c.broken[0]
        return f"{c.employee}: {label('rule', rule)} ({source_label(reference)})"
    return f"{c.employee}: {number(c.minutes / 60, 1)} t > {number(c.high / 60, 1)} t"


def _named(parts: list[str]) -> str:
    text = "; ".join(parts[:NAMED])
    return text + (f"; +{len(parts) - NAMED}" if len(parts) > NAMED else "")


def assess_place(
    view: _UnitView,
    ref: UnitRef,
    region: RegionFile,
    pool: _PoolView,
    date: dt.date,
    shift_code: str,
    group: str,
    heads: int,
    holidays: frozenset[dt.date],
) -> Assessment:
    unit = view.unit
    shift = unit.shift_type(shift_code)
    priced = unit.model_copy(update={"costs": unit.costs.model_copy(update={"agency": region.agency,
                                                                             "agency_allowed": True})})
    agency = agency_shift_price(priced, date, shift, group, holidays)
    ordinary = shift_pay(unit, date, shift, hourly_pay(unit, None, group), holidays).total
    overtime_pay = shift_pay(unit, date, shift, hourly_pay(unit, None, group), holidays, overtime=True).total
    out = Assessment(unit.id, date, shift_code, group, heads, shift.working_hours, agency)

    groups = {g.id: g for g in unit.groups}
    wanted = groups[group]
    staff = [e for e in view.ctx.employees if groups[e.group].outranks_or_equals(wanted)]
    cands = [view.candidate(e.id, date, shift_code) for e in staff]
    lawful = [c for c in cands if not c.broken]

    # 1. Extra shift within the position.
    if not staff:
        out.verdicts.append(Verdict("extra_shift", False, "pa_no_staff", group, ordinary))
    else:
        fits = [c for c in lawful if c.minutes <= c.high]
        if fits:
            out.verdicts.append(Verdict("extra_shift", True, "pa_possible", fits[0].employee, ordinary,
                                        fits[0].employee))
        else:
            reason = "pa_rules" if not lawful else "pa_hours"
            out.verdicts.append(Verdict("extra_shift", False, reason, _named([_why(c) for c in cands]), ordinary))

    # 2. Part-timer up to the wished larger position.
    wishes = {e: pct for e, pct in ref.position_wishes.items()
              if pct > view.ctx.employee(e).position_pct and e in {s.id for s in staff}}
    if not wishes:
        out.verdicts.append(Verdict("larger_position", False, "pa_no_wish", "", ordinary))
    else:
        parts, chosen = [], None
        for c in cands:
            if c.employee not in wishes:
                continue
            info = view.ctx.employee(c.employee)
            wished_high = c.high * wishes[c.employee] / info.position_pct
            if not c.broken and c.minutes <= wished_high:
                chosen = c
                break
            parts.append(_why(c) if c.broken else
                         f"{c.employee}: {number(c.minutes / 60, 1)} t > {number(wished_high / 60, 1)} t "
                         f"({percent(wishes[c.employee], 0)})")
        if chosen:
            out.verdicts.append(Verdict("larger_position", True, "pa_possible", chosen.employee, ordinary,
                                        chosen.employee))
        else:
            out.verdicts.append(Verdict("larger_position", False, "pa_rules_or_hours", _named(parts), ordinary))

    # 3. Overtime (AML §10-6): lawful shifts, overtime in the week within the limit.
    limit = unit.rules.number("overtime_max_per_week")
    reference = unit.rules.get("overtime_max_per_week").reference
    ot = [c for c in lawful if c.week_over <= limit]
    if ot:
        out.verdicts.append(Verdict("overtime", True, "pa_possible", ot[0].employee, overtime_pay, ot[0].employee))
    elif not staff:
        out.verdicts.append(Verdict("overtime", False, "pa_no_staff", group, overtime_pay))
    else:
        parts = [_why(c) if c.broken else
                 f"{c.employee}: {number(c.week_over, 1)} t > {number(limit)} t ({source_label(reference)})"
                 for c in cands]
        out.verdicts.append(Verdict("overtime", False, "pa_rules_or_overtime", _named(parts), overtime_pay))

    # 4. The pool: who may not, and why those who may could not.
    out.verdicts.append(_pool_verdict(region, ref, unit, pool, date, shift, group))

    # 5. A swap: a colleague on an over-staffed shift the same day moves to this one.
    out.verdicts.append(_swap_verdict(view, staff, date, shift_code))
    return out


class _PoolView:
    """The pool's roster after the pool step, with cached checks of one more shift per employee."""

    def __init__(self, problem: PoolProblem, pool: PoolResult):
        self.problem = problem
        self.ctx = problem.ctx
        self.plan: dict[str, list[Assignment]] = defaultdict(list)
        for a in pool.roster.assignments:
            self.plan[a.employee_id].append(a)
        self._own: dict[str, RosterContext] = {}
        self._seen: dict[tuple[str, dt.date, str], str | None] = {}
        one = OneShiftPerDay.configured(problem.unit)
        self._busy = f"{one.code} ({one.reference})"

    def why_not(self, employee: PoolEmployee, date: dt.date, unit_id: str, shift: str) -> str | None:
        """Why one more shift breaks a rule or the units-per-week cap (None: it fits)."""
        key = (employee.id, date, pool_code(unit_id, shift))
        if key not in self._seen:
            self._seen[key] = self._why_not(employee, date, key[2])
        return self._seen[key]

    def _why_not(self, employee: PoolEmployee, date: dt.date, code: str) -> str | None:
        mine = self.plan[employee.id]
        if any(a.date == date for a in mine):
            return self._busy
        ctx = self.ctx
        trial = [*mine, Assignment(employee_id=employee.id, date=date, shift_code=code)]
        if employee.id not in self._own:
            self._own[employee.id] = replace(ctx, employees=[ctx.employee(employee.id)], cache={})
        roster = Roster(unit_id=self.problem.unit.id, start_date=ctx.period.start, days=ctx.n, assignments=trial)
        broken = check_context(self._own[employee.id], roster, self.problem.rules).hard
        if broken:
            return f"{broken[0].rule} ({broken[0].reference})"
        week = (date - ctx.period.start).days // 7
        units = {split_code(a.shift_code)[0] for a in trial if (a.date - ctx.period.start).days // 7 == week}
        if len(units) > employee.max_units_per_week:
            return f"max_units_per_week {employee.max_units_per_week}"
        return None


def _pool_verdict(
    region: RegionFile, ref: UnitRef, unit: Unit, pool: _PoolView, date: dt.date, shift: ShiftType, group: str
) -> Verdict:
    price = region.pool.hourly_price.get(group)
    cost = price * shift.working_hours if price is not None else None
    if not region.pool.employees:
        return Verdict("pool", False, "pa_pool_empty", "", cost)
    parts = []
    for e in region.pool.employees:
        why = ineligibility(e, ref, unit, group) or pool.why_not(e, date, unit.id, shift.code)
        if why is None:
            return Verdict("pool", True, "pa_possible", e.id, cost, e.id)
        parts.append(f"{e.id}: {why}")
    return Verdict("pool", False, "pa_pool_none", _named(parts), cost)


def _swap_verdict(view: _UnitView, staff: list[EmployeeInfo], date: dt.date, shift_code: str) -> Verdict:
    ctx = view.ctx
    day = (date - ctx.period.start).days
    wanted: dict[tuple[str, str], int] = defaultdict(int)
    for r in ctx.demand:
        if r.day == day:
            wanted[(r.shift, r.group)] += r.required
    heads: dict[tuple[str, str], int] = defaultdict(int)
    working: dict[str, str] = {}
    for e in staff:
        for a in view.plan[e.id]:
            if a.date == date:
                working[e.id] = a.shift_code
    for a in view.roster.assignments:
        if a.date == date:
            heads[(a.shift_code, ctx.employee(a.employee_id).group)] += 1
    parts = []
    for employee, code in sorted(working.items()):
        group = ctx.employee(employee).group
        if code == shift_code or heads[(code, group)] <= wanted[(code, group)]:
            continue
        c = view.candidate(employee, date, shift_code, drop=date)
        if not c.broken:
            return Verdict("swap", True, "pa_possible", f"{employee}: {code} → {shift_code}", 0.0, employee)
        parts.append(_why(c))
    if not parts:
        return Verdict("swap", False, "pa_no_surplus", "", 0.0)
    return Verdict("swap", False, "pa_rules", _named(parts), 0.0)


def assess_region(
    region: RegionFile, units: dict[str, Unit], rosters: dict[str, Roster], pool: PoolResult
) -> list[Assessment]:
    """An assessment for every place the pool left for agency, in date order."""
    if not pool.agency:
        return []
    pool_view = _PoolView(PoolProblem(region, units, pool.places), pool)
    refs = {r.id: r for r in region.unit_refs()}
    period = region_period(region)
    holidays = public_holidays(range(period.start.year, period.end.year + 1))
    views: dict[str, _UnitView] = {}
    out = []
    for (unit_id, day, shift, group), heads in sorted(pool.agency.items(), key=lambda kv: (kv[0][1], kv[0])):
        if unit_id not in views:
            views[unit_id] = _UnitView(units[unit_id], rosters[unit_id], region)
        date = period.start + dt.timedelta(days=day)
        out.append(assess_place(views[unit_id], refs[unit_id], region, pool_view, date, shift, group, heads,
                                holidays))
    return out
