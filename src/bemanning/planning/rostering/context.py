"""The planning context: days, day types, shift times in absolute minutes and who may work what.

Everything the rules need, computed once from a ``Unit``, a ``Period`` and optional history.
Both faces of a rule (the CP-SAT model and the plain-Python checker) read this; it holds
data only, no solver code.

Time is measured in minutes from 00:00 of the first day of the period. A shift of type ``s``
on day ``d`` runs from ``d*1440 + s.start`` to ``d*1440 + s.end`` (end above the next midnight
for night shifts). Day indexes below 0 are history days (calendar mode); in cyclic mode every
day index is taken modulo the cycle length.
"""

from __future__ import annotations

import dataclasses
import datetime as dt
from collections import defaultdict
from collections.abc import Callable, Iterable
from dataclasses import dataclass, field
from typing import Any, TypeVar

import holidays
from dateutil.easter import easter

from bemanning.model import (
    Absence,
    Assignment,
    DayType,
    PlanningMode,
    Roster,
    ShiftKind,
    StaffingRequirement,
    Unit,
    WorkArrangement,
)

T = TypeVar("T")

DAY_MINUTES = 24 * 60
WEEK_MINUTES = 7 * DAY_MINUTES


@dataclass(frozen=True)
class Period:
    """The days planned: ``days`` days from ``start``; a cyclic period wraps around."""

    start: dt.date
    days: int
    cyclic: bool

    @classmethod
    def cycle(cls, start: dt.date, weeks: int) -> Period:
        return cls(start=start, days=7 * weeks, cyclic=True)

    @classmethod
    def calendar(cls, start: dt.date, end: dt.date) -> Period:
        return cls(start=start, days=(end - start).days + 1, cyclic=False)

    @classmethod
    def of_roster(cls, roster: Roster) -> Period:
        return cls(start=roster.start_date, days=roster.days, cyclic=roster.cyclic)

    @property
    def end(self) -> dt.date:
        return self.start + dt.timedelta(days=self.days - 1)


def period_for_unit(
    unit: Unit, *, weeks: int | None = None, start: dt.date | None = None, end: dt.date | None = None
) -> Period:
    """The period the unit file describes, or the one given (``weeks`` → cyclic, ``end`` → calendar)."""
    first = start or unit.roster.start_date
    if end is not None:
        return Period.calendar(first, end)
    if weeks is not None:
        return Period.cycle(first, weeks)
    if unit.roster.mode is PlanningMode.CALENDAR and unit.roster.end_date is not None:
        return Period.calendar(first, unit.roster.end_date)
    return Period.cycle(first, unit.roster.cycle_weeks)


@dataclass
class RosterHistory:
    """The previous period's last days (calendar mode), and fairness counts carried over.

    ``days`` says how many days before the start the assignments cover; older days are unknown.
    ``carry`` holds per employee earlier counts of the fairness categories
    (``evening``, ``night``, ``weekend``, ``long``).
    """

    assignments: list[Assignment] = field(default_factory=list)
    days: int = 14
    carry: dict[str, dict[str, int]] = field(default_factory=dict)

    @classmethod
    def from_roster(cls, roster: Roster, before: dt.date, days: int = 14) -> RosterHistory:
        first = before - dt.timedelta(days=days)
        kept = [a for a in roster.assignments if first <= a.date < before]
        return cls(assignments=kept, days=days)


@dataclass(frozen=True)
class ShiftInfo:
    code: str
    kind: ShiftKind
    start: int  # minutes after midnight of its own day
    end: int  # may exceed 1440
    work_minutes: int  # counted working time
    covers: tuple[str, ...] = ()  # composite cover: also one place of each of these shifts
    day_types: frozenset[DayType] = frozenset(DayType)  # day types it may be worked on
    required_competences: tuple[str, ...] = ()  # only holders (valid on the day) may work it

    @property
    def is_night(self) -> bool:
        return self.kind.is_night

    @property
    def is_long(self) -> bool:
        return self.kind.is_long

    @property
    def is_evening(self) -> bool:
        return self.kind is ShiftKind.EVENING

    @property
    def is_day(self) -> bool:
        return self.kind in (ShiftKind.DAY, ShiftKind.LONG_DAY)

    @property
    def hours(self) -> float:
        return self.work_minutes / 60


@dataclass(frozen=True)
class DayInfo:
    index: int
    date: dt.date
    weekday: int  # 0 = Monday
    day_type: DayType
    holiday_name: str | None = None

    @property
    def is_sunday_or_holiday(self) -> bool:
        return self.weekday == 6 or self.holiday_name is not None


@dataclass(frozen=True)
class EmployeeInfo:
    id: str
    group: str
    position_pct: float
    weekly_hours: float
    arrangement: WorkArrangement
    competences: frozenset[str]
    long_shift_volunteer: bool
    works_nights: bool
    allowed_shifts: frozenset[str] | None = None  # None: every shift type
    weekend_every: int | None = None  # own "one in any k weekends" (None: the rule set's)
    weekends_max: int | None = None  # own "at most N of M weekends" (None: the rule set's)
    weekends_window: int | None = None
    # Dated competences (competence, valid from, valid to; None: open): each counts only on the days
    # it is valid (``RosterContext.holds``); ``competences`` are held on every day.
    certified: tuple[tuple[str, dt.date | None, dt.date | None], ...] = ()

    def holds_on(self, competence: str, date: dt.date) -> bool:
        return competence in self.competences or any(
            c == competence and (first is None or first <= date) and (last is None or date <= last)
            for c, first, last in self.certified
        )


@dataclass(frozen=True)
class DemandRow:
    """Heads wanted on ``shift`` on day ``day`` for ``group`` (places a higher group may fill)."""

    day: int
    shift: str
    group: str
    required: int
    minimum: int


@dataclass(frozen=True)
class WishItem:
    employee: str
    day: int
    shift: str | None  # None: the wish is about a day off
    want: bool
    weight: int


@dataclass
class RosterContext:
    unit_id: str
    period: Period
    days: list[DayInfo]
    shifts: dict[str, ShiftInfo]
    employees: list[EmployeeInfo]
    group_rank: dict[str, int | None]
    demand: list[DemandRow]
    wishes: list[WishItem]
    # employee → day indexes of registered absence, both modes; the days just before and after the
    # period are included so a night running into an absence is seen (never wrapped: an absence has dates)
    absent: dict[str, set[int]]
    history: dict[str, dict[int, str]]  # employee → negative day index → shift code
    history_days: int
    carry: dict[str, dict[str, int]]
    holiday_eves: set[int]  # day indexes of Christmas, Easter and Whitsun eves
    settings: Unit  # the unit, for rule settings and lookups
    # employee → day → minutes credited for an absence day that stays in the contract target (the
    # planned shift a sick day took away); other absence days leave the target (the daily share)
    credited: dict[str, dict[int, int]] = field(default_factory=dict)
    # Precomputed tables of rules (rest conflicts, week windows, demand by shift, ...), filled
    # on first use: the solver builds many sub-models from one context.
    cache: dict[Any, Any] = field(default_factory=dict, repr=False, compare=False)

    def memo(self, key: Any, make: Callable[[], T]) -> T:
        """``make()`` computed once per context under ``key`` (the result must not be mutated)."""
        try:
            return self.cache[key]  # type: ignore[no-any-return]
        except KeyError:
            value = self.cache[key] = make()
            return value

    # --- days ---------------------------------------------------------------------------
    @property
    def n(self) -> int:
        return self.period.days

    @property
    def cyclic(self) -> bool:
        return self.period.cyclic

    def date_of(self, day: int) -> dt.date:
        return self.period.start + dt.timedelta(days=day)

    def index_of(self, date: dt.date) -> int:
        return (date - self.period.start).days

    def wrap(self, day: int) -> int:
        return day % self.n if self.cyclic else day

    def known(self, day: int) -> bool:
        """Whether the roster of ``day`` is known (plan, wrap or history)."""
        return self.cyclic or -self.history_days <= day < self.n

    def day_info(self, day: int) -> DayInfo:
        if 0 <= self.wrap(day) < self.n:
            return self.days[self.wrap(day)]
        return _make_day(self.period.start, day, self._holiday_names(day))

    def _holiday_names(self, day: int) -> str | None:
        if self.cyclic:
            return None
        date = self.date_of(day)
        return _norwegian_holidays(date.year).get(date)

    def absent_during(self, employee: str, day: int, code: str) -> bool:
        """Whether shift ``code`` starting on ``day`` overlaps a day of ``employee``'s absence in time
        (a night that starts the evening before a vacation day and runs into it counts as work during it)."""
        return self.touches(day, code, self.absent.get(employee, ()))

    def touches(self, day: int, code: str, days: set[int] | tuple[()]) -> bool:
        """Whether shift ``code`` starting on ``day`` runs during any of ``days`` (unwrapped indexes)."""
        if not days:
            return False
        start, end = self.interval(day, code)
        first, last = start // DAY_MINUTES, (end - 1) // DAY_MINUTES
        return any(d in days for d in range(first, last + 1))

    # --- shifts ---------------------------------------------------------------------------
    @property
    def shift_codes(self) -> list[str]:
        return list(self.shifts)

    def interval(self, day: int, code: str) -> tuple[int, int]:
        """Absolute [start, end) minutes of shift ``code`` starting on ``day`` (unwrapped)."""
        shift = self.shifts[code]
        return day * DAY_MINUTES + shift.start, day * DAY_MINUTES + shift.end

    def counted_as(self, code: str) -> tuple[str, ...]:
        """The shifts whose places a worker on ``code`` fills: itself and the shifts it covers."""
        return (code, *self.shifts[code].covers)

    def counting(self, target: str) -> tuple[str, ...]:
        """The shifts whose workers fill a place of ``target``: itself and the composite shifts covering it."""
        table = self.memo("counting", lambda: {
            t: (t, *(c for c, s in self.shifts.items() if t in s.covers)) for t in self.shifts
        })
        return table[target]  # type: ignore[no-any-return]

    def week_starts(self) -> list[int]:
        return list(self.memo("week_starts", self._week_starts))

    def weekends(self) -> list[tuple[int, int]]:
        return list(self.memo("weekends", self._weekends))

    def _week_starts(self) -> list[int]:
        """Starts (absolute minutes) of the fixed 7-day periods that overlap the plan.

        The boundary is ``week_boundary_weekday``/``week_boundary_hour`` (AML §10-8(2)). In cyclic
        mode there is one per week of the cycle and the last one wraps around.
        """
        rules = self.settings.rules
        weekday = int(rules.number("week_boundary_weekday"))
        hour = int(rules.number("week_boundary_hour"))
        offset = ((weekday - self.period.start.weekday()) % 7) * DAY_MINUTES + hour * 60
        offset %= WEEK_MINUTES
        if self.cyclic:
            return [offset + k * WEEK_MINUTES for k in range(self.n // 7)]
        first = offset - WEEK_MINUTES if offset > 0 else offset
        starts = []
        while first < self.n * DAY_MINUTES:
            starts.append(first)
            first += WEEK_MINUTES
        return starts

    def _weekends(self) -> list[tuple[int, int]]:
        """(Saturday, Sunday) day indexes of every weekend whose days are both known and one in the plan."""
        out = []
        first_sat = (5 - self.period.start.weekday()) % 7
        sat = first_sat - 7
        while sat < self.n:
            pair = (sat, sat + 1)
            in_plan = any(0 <= d < self.n for d in pair)
            if in_plan and all(self.known(d) for d in pair):
                out.append(pair)
            sat += 7
        if self.cyclic:
            out = [(s, u) for s, u in out if 0 <= s < self.n]
        return out

    # --- people ---------------------------------------------------------------------------
    def holders(self, competence: str, day: int) -> frozenset[str]:
        """Employees holding ``competence`` on ``day`` (the day a shift starts): an undated competence
        counts every day, a certification only from its first to its last valid day."""
        return self.memo(("holders", competence, self.wrap(day)), lambda: frozenset(
            e.id for e in self.employees if e.holds_on(competence, self.date_of(self.wrap(day)))
        ))

    def holds(self, employee_id: str, competence: str, day: int) -> bool:
        return employee_id in self.holders(competence, day)

    def employee(self, employee_id: str) -> EmployeeInfo:
        by_id = self.memo("employee_by_id", lambda: {e.id: e for e in self.employees})
        return by_id[employee_id]

    def history_shift(self, employee_id: str, day: int) -> str | None:
        return self.history.get(employee_id, {}).get(day)

    def contract_minutes(self, employee: EmployeeInfo) -> tuple[int, int, float]:
        """(low, high, target) planned working minutes over the period for ``employee``: the sums over
        its settlement periods (``contract_periods``)."""
        parts = [self.contract_minutes_in(employee, days) for days in self.contract_periods()]
        return sum(p[0] for p in parts), sum(p[1] for p in parts), sum(p[2] for p in parts)

    def contract_periods(self) -> list[range]:
        """The plan's days cut into settlement periods (``contract_settlement``): the whole plan, each
        ``cycle_weeks`` block from the start (the last may be short), or each calendar month. A cyclic
        plan settles per cycle, so 'month' settles the whole cycle there."""
        return list(self.memo("contract_periods", self._contract_periods))

    def _contract_periods(self) -> list[range]:
        choice = self.settings.rules.get("contract_settlement").value
        if choice == "cycle" and not self.cyclic:
            size = 7 * self.settings.roster.cycle_weeks
            return [range(d, min(d + size, self.n)) for d in range(0, self.n, size)]
        if choice == "month" and not self.cyclic:
            out: list[range] = []
            first = 0
            for d in range(1, self.n + 1):
                if d == self.n or self.date_of(d).month != self.date_of(first).month:
                    out.append(range(first, d))
                    first = d
            return out
        return [range(self.n)]

    def contract_minutes_in(self, employee: EmployeeInfo, days: range) -> tuple[int, int, float]:
        """(low, high, target) planned working minutes of ``employee`` over the plan days ``days``.

        Target = position % × weekly hours × available days / 7: an absence day is credited at the
        contract's daily share (it lowers the target by that much). Day workers work ordinary weekdays:
        their target is weekly hours / 5 per weekday that is neither a public holiday nor absence. The
        tolerance is ``contract_hours_tolerance_hours`` per settlement period when set, else
        ``contract_hours_tolerance_pct`` of the target. An absence day with credited minutes
        (``credited``) stays available and its minutes count as worked.
        """
        credit = {d: m for d, m in self.credited.get(employee.id, {}).items() if d in days}
        absent = self.absent.get(employee.id, set()) - set(credit)
        infos = [self.days[d] for d in days]
        if employee.arrangement is WorkArrangement.DAY:
            weekdays = sum(
                1 for i in infos if i.index not in absent and i.weekday < 5 and i.holiday_name is None
            )
            target = employee.position_pct / 100 * employee.weekly_hours * 60 * weekdays / 5
        else:
            available = sum(1 for i in infos if i.index not in absent)
            target = employee.position_pct / 100 * employee.weekly_hours * 60 * available / 7
        rules = self.settings.rules
        hours = rules.number("contract_hours_tolerance_hours")
        if hours > 0:
            low = max(int(-(-(target - hours * 60) // 1)), 0)  # ceil
            high = int((target + hours * 60) // 1)
        else:
            tol = rules.number("contract_hours_tolerance_pct") / 100
            low = int(-(-(target * (1 - tol)) // 1))  # ceil
            high = int(target * (1 + tol) // 1)
        given = sum(credit.values())
        return low - given, high - given, target - given

    def base_cycle(self, weeks: int) -> RosterContext:
        """A cyclic context of ``weeks`` from this period's start, without holidays, absences, history
        or wishes: where a long calendar plan takes the repeating patterns it rolls out over its days
        (the base starts on the same weekday, so week boundaries and weekends line up)."""
        size = 7 * weeks
        return dataclasses.replace(
            self,
            period=Period.cycle(self.period.start, weeks),
            days=[_make_day(self.period.start, i, None) for i in range(size)],
            demand=self._base_demand(size),
            wishes=[],
            absent={},
            history={},
            history_days=0,
            carry={},
            holiday_eves=set(),
            credited={},
            cache={},
        )

    def _base_demand(self, size: int) -> list[DemandRow]:
        """The demand of a base cycle of ``size`` days: each day's from the first day of the plan on
        the same weekday that is not a public holiday (a base cycle has none)."""
        rows: dict[int, list[DemandRow]] = defaultdict(list)
        for row in self.demand:
            rows[row.day].append(row)
        out: list[DemandRow] = []
        for day in range(size):
            source = next((d for d in range(day, self.n, 7) if self.days[d].holiday_name is None), day)
            out.extend(dataclasses.replace(row, day=day) for row in rows.get(source, ()))
        return out

    def absence_credit(self, employee: EmployeeInfo, days: range) -> float:
        """Minutes of contract time credited for ``employee``'s absence days in ``days`` (the daily share)."""
        full = dataclasses.replace(self, absent={}, credited={}, cache={})
        return full.contract_minutes_in(employee, days)[2] - self.contract_minutes_in(employee, days)[2]


_HOLIDAY_CACHE: dict[int, dict[dt.date, str]] = {}


def _norwegian_holidays(year: int) -> dict[dt.date, str]:
    if year not in _HOLIDAY_CACHE:
        found = holidays.country_holidays("NO", years=[year], language="no")
        _HOLIDAY_CACHE[year] = {day: str(name) for day, name in found.items()}
    return _HOLIDAY_CACHE[year]


def _make_day(start: dt.date, index: int, holiday_name: str | None) -> DayInfo:
    date = start + dt.timedelta(days=index)
    weekday = date.weekday()
    if holiday_name is not None:
        day_type = DayType.HOLIDAY
    elif weekday == 5:
        day_type = DayType.SATURDAY
    elif weekday == 6:
        day_type = DayType.SUNDAY
    else:
        day_type = DayType.WEEKDAY
    return DayInfo(index=index, date=date, weekday=weekday, day_type=day_type, holiday_name=holiday_name)


def holiday_eves(dates: Iterable[dt.date]) -> set[dt.date]:
    """Christmas, Easter and Whitsun eves (the Sunday/holiday period starts early, AML §10-10)."""
    out = set()
    for date in dates:
        e = easter(date.year)
        eves = {dt.date(date.year, 12, 24), e - dt.timedelta(days=1), e + dt.timedelta(days=48)}
        if date in eves:
            out.add(date)
    return out


def weekly_hours_basis(unit: Unit, arrangement: WorkArrangement, explicit: float | None) -> float:
    if explicit is not None:
        return explicit
    rules = unit.rules
    if arrangement is WorkArrangement.DAY:
        return rules.number("weekly_hours_day_work")
    if arrangement is WorkArrangement.ROTATION:
        return rules.number("weekly_hours_rotation")
    return rules.number("weekly_hours_three_shift_planning")


def requirement_for_unit(unit: Unit) -> StaffingRequirement:
    """The unit's own requirement: its fixed bemanningsplan, else its safe minimums."""
    from bemanning.model import RequirementRow

    rows: list[RequirementRow] = []
    if unit.staffing.fixed_requirement:
        minimums = {(m.shift, m.group, dtp): m.minimum for m in unit.staffing.minimums for dtp in m.day_types}
        for entry in unit.staffing.fixed_requirement:
            low = min(
                entry.required, minimums.get((entry.shift, entry.group, entry.day_type), entry.required)
            )
            rows.append(
                RequirementRow(
                    day_type=entry.day_type,
                    shift=entry.shift,
                    group=entry.group,
                    minimum=low,
                    required=entry.required,
                )
            )
    else:
        for m in unit.staffing.minimums:
            for dtp in m.day_types:
                rows.append(
                    RequirementRow(
                        day_type=dtp, shift=m.shift, group=m.group, minimum=m.minimum, required=m.minimum
                    )
                )
    return StaffingRequirement(unit_id=unit.id, rows=rows)


def absent_days(absences: Iterable[Absence], period: Period) -> dict[str, set[int]]:
    """Day indexes (−1 … n, unwrapped) of each employee's absences in and just around ``period``."""
    out: dict[str, set[int]] = {}
    for absence in absences:
        for i in range(-1, period.days + 1):
            if absence.covers(period.start + dt.timedelta(days=i)):
                out.setdefault(absence.employee, set()).add(i)
    return out


def credited_days(absences: Iterable[Absence], period: Period) -> dict[str, dict[int, int]]:
    """Minutes credited per employee and day of ``period`` by absences with ``credit_hours``."""
    out: dict[str, dict[int, int]] = {}
    for absence in absences:
        if absence.credit_hours is None:
            continue
        for i in range(period.days):
            if absence.covers(period.start + dt.timedelta(days=i)):
                out.setdefault(absence.employee, {})[i] = round(absence.credit_hours * 60)
    return out


def absences_in_period(absences: Iterable[Absence], period: Period) -> list[Absence]:
    """The absences clipped to ``period`` (what a roster of that period carries)."""
    out = []
    for a in absences:
        start, end = max(a.start, period.start), min(a.end, period.end)
        if start <= end:
            out.append(a.model_copy(update={"start": start, "end": end}))
    return sorted(out, key=lambda a: (a.start, a.employee))


def build_context(
    unit: Unit,
    period: Period,
    requirement: StaffingRequirement | None = None,
    history: RosterHistory | None = None,
    absences: Iterable[Absence] = (),
) -> RosterContext:
    """Everything the rules need for ``unit`` over ``period``. ``absences`` (e.g. a roster file's absence
    rows) bind together with the unit's own, in cyclic and calendar mode alike."""
    requirement = requirement if requirement is not None else requirement_for_unit(unit)
    names: dict[dt.date, str] = {}
    if not period.cyclic:
        for year in range(period.start.year, period.end.year + 1):
            names.update(_norwegian_holidays(year))
    days = [
        _make_day(period.start, i, names.get(period.start + dt.timedelta(days=i))) for i in range(period.days)
    ]
    shifts = {
        s.code: ShiftInfo(
            code=s.code,
            kind=s.kind,
            start=s.start_minute,
            end=s.end_minute,
            work_minutes=round(s.working_hours * 60),
            covers=tuple(s.covers),
            day_types=frozenset(s.day_types),
            required_competences=tuple(s.required_competences),
        )
        for s in unit.shift_types
    }
    employees = [
        EmployeeInfo(
            id=e.id,
            group=e.group,
            position_pct=e.position_pct,
            weekly_hours=weekly_hours_basis(unit, e.arrangement, e.weekly_hours),
            arrangement=e.arrangement,
            competences=frozenset(e.competences),
            long_shift_volunteer=e.long_shift_volunteer,
            works_nights=e.works_nights,
            allowed_shifts=None if (allowed := unit.allowed_shifts(e)) is None else frozenset(allowed),
            weekend_every=e.weekend_every,
            weekends_max=e.weekends_max,
            weekends_window=e.weekends_window,
            certified=tuple((c.competence, c.valid_from, c.valid_to) for c in e.certifications),
        )
        for e in unit.employees
    ]
    rostered = set(unit.rostered_groups())
    employees = [e for e in employees if e.group in rostered]
    demand: list[DemandRow] = []
    dated: dict[dt.date, list[DemandRow]] = {}
    for d in requirement.dated_rows:  # a requirement per date replaces that date's day-type rows
        index = (d.date - period.start).days
        if 0 <= index < period.days and d.shift in shifts:
            dated.setdefault(d.date, []).append(
                DemandRow(day=index, shift=d.shift, group=d.group, required=max(d.required, d.minimum),
                          minimum=d.minimum)
            )
    for info in days:
        if info.date in dated:
            demand.extend(r for r in dated[info.date] if r.required)
            continue
        # A holiday uses the holiday rows when given, else Sunday's.
        types = [info.day_type]
        if info.day_type is DayType.HOLIDAY and not any(
            r.day_type is DayType.HOLIDAY for r in requirement.rows
        ):
            types = [DayType.SUNDAY]
        for row in requirement.rows:
            if row.day_type in types and row.shift in shifts and (row.required or row.minimum):
                demand.append(
                    DemandRow(
                        day=info.index,
                        shift=row.shift,
                        group=row.group,
                        required=max(row.required, row.minimum),
                        minimum=row.minimum,
                    )
                )
    wishes = []
    for wish in unit.wishes:
        day = wish.day if wish.day is not None else (wish.date - period.start).days if wish.date else None
        if day is None or not 0 <= day < period.days:
            continue
        wishes.append(
            WishItem(employee=wish.employee, day=day, shift=wish.shift, want=wish.want, weight=wish.weight)
        )
    absences = [*unit.absences, *absences]
    absent = absent_days(absences, period)
    hist: dict[str, dict[int, str]] = {}
    history_days = 0
    carry: dict[str, dict[str, int]] = {}
    if history is not None:
        carry = history.carry
        if not period.cyclic:
            history_days = history.days
            for a in history.assignments:
                index = (a.date - period.start).days
                if -history_days <= index < 0 and a.shift_code in shifts:
                    hist.setdefault(a.employee_id, {})[index] = a.shift_code
    eves = (
        set()
        if period.cyclic
        else {
            (d - period.start).days
            for d in holiday_eves(
                period.start + dt.timedelta(days=i) for i in range(-history_days - 1, period.days + 1)
            )
        }
    )
    return RosterContext(
        unit_id=unit.id,
        period=period,
        days=days,
        shifts=shifts,
        employees=employees,
        group_rank={g.id: g.rank for g in unit.groups},
        demand=demand,
        wishes=wishes,
        absent=absent,
        history=hist,
        history_days=history_days,
        carry=carry,
        holiday_eves=eves,
        settings=unit,
        credited=credited_days(absences, period),
    )
