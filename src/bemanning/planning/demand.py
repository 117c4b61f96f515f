"""Staffing requirement (bemanningsplan): heads per shift type × group × day type.

The method, in the order the code applies it (docs/staffing.md explains it for users):

1. **Workload profile.** For each group and day type the activity plan's hours are laid out
   over the 24 hours of the day, minute by minute: a clock interval's hours evenly over its
   span (22-07 wraps midnight and belongs to the night after that day), ``anytime`` hours
   evenly over 24 h, ``weekday_daytime`` hours evenly over the interval's span (08-15). Public
   holidays use the plan's holiday entries when it has any, else its Sunday entries.
2. **Care-level cross-check.** Patients (occupancy of the day type) × mean care hours per
   patient-day under the patient mix are set beside the plan's direct-care hours. With the
   rule setting ``care_level_floor`` on, a shortfall is added to the direct-care profile of
   the groups in proportion to it (the task mapping stays the pattern, the care levels the
   level). This is the part of the requirement that follows occupancy directly.
3. **Split between shifts.** At each minute the workload is shared equally by the group's
   shifts present at that minute: at handover each of the two shifts takes half, a long shift
   takes its share of every interval it spans. Workload at minutes no shift of the group
   covers goes to the nearest shift in time.
4. **Heads.** Workload of a shift / (``productive_share`` × the shift's working hours),
   rounded up; never below the unit's minimum (forsvarlig minimum); then skill mix: at least
   N staff with a competence per shift, counted in the groups whose employees hold it; a
   shortfall raises the least competent holding group that works the shift.
5. **Fixed requirement.** When the unit gives a bemanningsplan it is the requirement; it is
   checked against the minimums and the computed workload is still reported beside it.

Which shifts a group works: see :func:`group_shift_codes`.
"""

from __future__ import annotations

import math
from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass

from bemanning.model import (
    ActivityPlan,
    DayType,
    RequirementRow,
    ShiftKind,
    ShiftType,
    StaffingRequirement,
    TaskCategory,
    TimeInterval,
    Unit,
    WorkArrangement,
)
from bemanning.model.enums import INTERVAL_SPANS
from bemanning.model.staffing_result import CareLevelCheck, DayTypeCalendar, StaffingInputError, Substitution

from .calendar import day_type_calendar

DAY_MINUTES = 24 * 60

# Categories counted as direct care when the plan is set beside the care-level hours.
DIRECT_CARE_CATEGORIES = frozenset(
    {
        TaskCategory.PATIENT_CARE,
        TaskCategory.PROCEDURES,
        TaskCategory.MEDICATION,
        TaskCategory.SAMPLES,
        TaskCategory.ROUTINE_CHECKS,
    }
)

Profile = list[float]  # hours of work per minute of the day, index 0 = 00:00


# --- which shifts a group works ----------------------------------------------------------------


def _earliest(shifts: Iterable[ShiftType]) -> ShiftType | None:
    return min(shifts, key=lambda s: (s.start_minute, s.code), default=None)


def _overlap(a_start: int, a_end: int, b_start: int, b_end: int) -> int:
    return max(0, min(a_end, b_end) - max(a_start, b_start))


def _contains(outer: ShiftType, inner: ShiftType) -> bool:
    return outer.start_minute <= inner.start_minute and inner.end_minute <= outer.end_minute


def group_shift_codes(unit: Unit, group: str, *, long_shifts: bool = False) -> list[str]:
    """The shift codes a group works (see :func:`group_shifts`)."""
    return group_shifts(unit, group, long_shifts=long_shifts)[0]


def group_shifts(unit: Unit, group: str, *, long_shifts: bool = False) -> tuple[list[str], dict[str, str]]:
    """The shift types a group works, derived from its employees.

    - Every employee on day work (arrangement ``day``): one day shift, the plain day shift that
      best covers the weekday-daytime span (ties: the shorter one) — e.g. an office day.
    - Otherwise the earliest plain day, evening and night shift (night only when someone in the
      group works nights); a long shift stands in for a missing plain day or night shift.
    - ``long_shifts``: for groups with long-shift volunteers the long shifts are used, each
      replacing the plain shifts it contains (a 07-19 long day replaces the 07-15 day shift);
      the second value maps each replaced shift to its long shift (minimums and skill mix
      set on the replaced shift then apply to the long shift).
    - Shifts the unit's minimum staffing names for the group are always included.
    A group without employees is treated as round the clock.
    """
    employees = [e for e in unit.employees if e.group == group]
    by_kind: dict[ShiftKind, list[ShiftType]] = {k: [] for k in ShiftKind}
    allowed = set(unit.group(group).shift_types)  # the group's own shift types, when it lists them
    for shift in unit.shift_types:
        if not allowed or shift.code in allowed:
            by_kind[shift.kind].append(shift)
    chosen: list[ShiftType] = []
    replaced: dict[str, str] = {}
    if employees and all(e.arrangement is WorkArrangement.DAY for e in employees):
        start, end = (s.hour * 60 + s.minute for s in INTERVAL_SPANS[TimeInterval.WEEKDAY_DAYTIME])
        candidates = by_kind[ShiftKind.DAY] or by_kind[ShiftKind.LONG_DAY]
        best = max(
            candidates,
            key=lambda s: (_overlap(s.start_minute, s.end_minute, start, end), -s.duration_minutes, s.code),
            default=None,
        )
        chosen = [best] if best else []
    else:
        nights = not employees or any(e.works_nights for e in employees)
        for plain, long in ((ShiftKind.DAY, ShiftKind.LONG_DAY), (ShiftKind.EVENING, None)) + (
            ((ShiftKind.NIGHT, ShiftKind.LONG_NIGHT),) if nights else ()
        ):
            pick = _earliest(by_kind[plain]) or (_earliest(by_kind[long]) if long else None)
            if pick:
                chosen.append(pick)
        volunteers = not employees or any(e.long_shift_volunteer for e in employees)
        if long_shifts and volunteers:
            for long_shift in by_kind[ShiftKind.LONG_DAY] + (by_kind[ShiftKind.LONG_NIGHT] if nights else []):
                replaced |= {
                    s.code: long_shift.code
                    for s in unit.shift_types
                    if not s.is_long and _contains(long_shift, s) and (not allowed or s.code in allowed)
                }
                chosen = [s for s in chosen if s.code not in replaced]
                if long_shift not in chosen:
                    chosen.append(long_shift)
    codes = [s.code for s in chosen]
    codes += [replaced.get(m.shift, m.shift) for m in unit.staffing.minimums if m.group == group and m.minimum > 0]
    return [s.code for s in unit.shift_types if s.code in set(codes)], replaced  # unit order, no duplicates


# --- workload profiles ----------------------------------------------------------------------------


def _span_minutes(interval: TimeInterval) -> range:
    if interval is TimeInterval.ANYTIME:
        return range(DAY_MINUTES)
    start, end = INTERVAL_SPANS[interval]
    first, last = start.hour * 60 + start.minute, end.hour * 60 + end.minute
    if last <= first:
        last += DAY_MINUTES
    return range(first, last)


def _add_spread(profile: Profile, interval: TimeInterval, hours: float) -> None:
    span = _span_minutes(interval)
    per_minute = hours / len(span)
    # Slices instead of a loop per minute (the same additions); a span past midnight wraps.
    for first, last in ((span.start, min(span.stop, DAY_MINUTES)), (DAY_MINUTES, span.stop)):
        if first < last:
            a, b = first % DAY_MINUTES, (last - 1) % DAY_MINUTES + 1
            profile[a:b] = [v + per_minute for v in profile[a:b]]


def _plan_day_type(plan: ActivityPlan, day_type: DayType) -> DayType:
    """Holidays use the plan's holiday entries when present, else Sunday's."""
    if day_type is DayType.HOLIDAY and not any(e.day_type is DayType.HOLIDAY for e in plan.entries):
        return DayType.SUNDAY
    return day_type


def _profiles(
    plan: ActivityPlan, day_type: DayType, groups: Sequence[str], *, direct_care_only: bool
) -> dict[str, Profile]:
    source = _plan_day_type(plan, day_type)
    totals: dict[tuple[str, TimeInterval], float] = {}
    for entry in plan.entries:
        if entry.day_type is not source or entry.group not in groups or entry.hours <= 0:
            continue
        if direct_care_only and entry.category not in DIRECT_CARE_CATEGORIES:
            continue
        key = (entry.group, entry.interval)
        totals[key] = totals.get(key, 0.0) + entry.hours
    out = {g: [0.0] * DAY_MINUTES for g in groups}
    for (group, interval), hours in totals.items():
        _add_spread(out[group], interval, hours)
    return out


# --- splitting a profile between shifts --------------------------------------------------------


def _minutes_of(shift: ShiftType) -> range:
    return range(shift.start_minute, shift.end_minute)


def _circular_distance(minute: int, shift: ShiftType) -> int:
    """Minutes from ``minute`` to the nearest edge of the shift, around the clock."""

    def around(a: int, b: int) -> int:
        d = abs(a - b) % DAY_MINUTES
        return min(d, DAY_MINUTES - d)

    return min(around(minute, shift.start_minute), around(minute, shift.end_minute - 1))


Run = tuple[int, int, tuple[int, ...]]  # [first, last) minutes shared by the same shifts
_COVERAGE_CACHE: dict[tuple[tuple[int, int], ...], tuple[list[list[int]], list[Run]]] = {}


@dataclass
class _Coverage:
    """For each minute of the day, the indices of the shifts sharing its workload."""

    shifts: list[ShiftType]
    sharers: list[list[int]]
    runs: list[Run]  # runs of minutes with the same sharing shifts

    @classmethod
    def of(cls, shifts: list[ShiftType]) -> _Coverage:
        # Cached by the shifts' clock times: the requirement per date builds the same coverage many times.
        key = tuple((s.start_minute, s.end_minute) for s in shifts)
        if key not in _COVERAGE_CACHE:
            sharers = cls._sharers(shifts)
            runs, first = [], 0
            for minute in range(1, DAY_MINUTES + 1):
                if minute == DAY_MINUTES or sharers[minute] != sharers[first]:
                    runs.append((first, minute, tuple(sharers[first])))
                    first = minute
            _COVERAGE_CACHE[key] = (sharers, runs)
        sharers, runs = _COVERAGE_CACHE[key]
        return cls(shifts=shifts, sharers=sharers, runs=runs)

    @staticmethod
    def _sharers(shifts: list[ShiftType]) -> list[list[int]]:
        sharers: list[list[int]] = [[] for _ in range(DAY_MINUTES)]
        for index, shift in enumerate(shifts):
            for minute in _minutes_of(shift):
                sharers[minute % DAY_MINUTES].append(index)
        if shifts:
            for minute, present in enumerate(sharers):
                if not present:  # no shift here: the nearest shift in time takes it
                    nearest = min(range(len(shifts)), key=lambda i: (_circular_distance(minute, shifts[i]), i))
                    present.append(nearest)
        return sharers

    def split(self, profile: Profile) -> list[float]:
        hours = [0.0] * len(self.shifts)
        # One sum per run instead of a loop per minute (workload is never negative, so a run's sum
        # is what adding its minutes one by one gives).
        for first, last, present in self.runs:
            load = sum(profile[first:last])
            if load <= 0:
                continue
            share = load / len(present)
            for index in present:
                hours[index] += share
        return hours


# --- the requirement ---------------------------------------------------------------------------


def requirement_groups(unit: Unit, plan: ActivityPlan, *, care_floor: bool = False) -> list[str]:
    """Rostered groups, ranked groups with planned hours, and groups with a minimum (competence order).

    Support groups without employees on the unit (porters, cleaning, pharmacy) are served
    hospital-wide and get no rows here. With the care-level floor on, every ranked group may
    carry direct care, so they are all included."""
    wanted = set(unit.rostered_groups())
    if care_floor and unit.activity.care_hours_per_patient_day() > 0:
        wanted |= {g.id for g in unit.groups if g.rank is not None and not g.support}
    planned = {e.group for e in plan.entries if e.hours > 0}
    wanted |= {g.id for g in unit.groups if g.id in planned and not g.support}
    wanted |= {m.group for m in unit.staffing.minimums if m.minimum > 0}
    return [g.id for g in unit.groups_by_rank() if g.id in wanted]


def substitutions(unit: Unit, groups: Sequence[str]) -> list[Substitution]:
    """Which groups may cover each group's heads by the competence order (higher rank covers lower)."""
    out = []
    for group_id in groups:
        group = unit.group(group_id)
        higher = [g for g in groups if g != group_id and unit.group(g).outranks_or_equals(group)]
        out.append(Substitution(group=group_id, covered_by=higher))
    return out


def _heads(workload: float, shift: ShiftType, productive_share: float) -> int:
    productive_hours = productive_share * shift.working_hours
    return max(0, math.ceil(workload / productive_hours - 1e-9))


def _minimum(unit: Unit, day_type: DayType, shift: str, group: str, replaced: Mapping[str, str] | None = None) -> int:
    """The floor for a shift; a long shift inherits the floors of the plain shifts it replaces."""
    replaced = replaced or {}
    return max(
        (
            m.minimum
            for m in unit.staffing.minimums
            if replaced.get(m.shift, m.shift) == shift and m.group == group and day_type in m.day_types
        ),
        default=0,
    )


def _care_checks(
    unit: Unit, plan: ActivityPlan, groups: Sequence[str], floor: bool, day_types: Sequence[DayType] = tuple(DayType)
) -> tuple[list[CareLevelCheck], dict[DayType, dict[str, Profile]]]:
    """Care-level hours beside the plan's direct care, and the floor profiles to add (if any)."""
    activity = unit.activity
    per_patient_day = activity.care_hours_per_patient_day()
    checks: list[CareLevelCheck] = []
    added: dict[DayType, dict[str, Profile]] = {}
    for day_type in day_types:
        patients = activity.occupancy.for_day_type(day_type)
        care_hours = patients * per_patient_day
        direct = _profiles(plan, day_type, groups, direct_care_only=True)
        direct_total = sum(sum(p) for p in direct.values())
        shortfall = max(0.0, care_hours - direct_total) if floor else 0.0
        profiles = {g: [0.0] * DAY_MINUTES for g in groups}
        if shortfall > 0 and groups:
            if direct_total > 1e-9:  # keep the plan's pattern, raise its level (tiny totals would overflow)
                scale = shortfall / direct_total
                profiles = {g: [v * scale for v in p] for g, p in direct.items()}
            else:  # no direct care planned: spread over the day on the ranked groups
                ranked = [g for g in groups if unit.group(g).rank is not None] or list(groups)
                per_minute = shortfall / len(ranked) / DAY_MINUTES
                for g in ranked:
                    profiles[g] = [per_minute] * DAY_MINUTES
        added[day_type] = profiles
        checks.append(
            CareLevelCheck(
                day_type=day_type,
                patients=patients,
                care_level_hours=care_hours,
                plan_direct_care_hours=direct_total,
                floor_added_hours=shortfall,
            )
        )
    return checks, added


def _competent_groups(unit: Unit, competence: str, groups: Sequence[str]) -> list[str]:
    """Groups whose employees hold ``competence``: those where all do; failing that, those where any does."""

    def members(g: str) -> list[bool]:
        return [competence in e.competence_codes() for e in unit.employees if e.group == g]

    full = [g for g in groups if members(g) and all(members(g))]
    return full or [g for g in groups if any(members(g))]


def _share_remainder(
    unit: Unit, rows: dict[tuple[DayType, str, str], RequirementRow], groups: Sequence[str], productive_share: float
) -> None:
    """Round up once per competence chain instead of once per group: on each shift, the unused part of
    a group's last rounded-up head does leftover work of the groups it outranks (it may take their
    tasks), so moving tasks down the competence order does not add a head for every fraction."""
    covered_by = {s.group: set(s.covered_by) for s in substitutions(unit, groups)}
    for day_type, code in {(d, s) for d, s, _ in rows}:  # each shift of each day type on its own
        hours = productive_share * unit.shift_type(code).working_hours
        spare: dict[str, float] = {}
        for group in groups:  # most competent first
            row = rows.get((day_type, code, group))
            if row is None:
                continue
            work = row.task_hours + row.care_floor_hours
            shared = 0.0
            for giver in sorted(covered_by.get(group, set()) & spare.keys(), key=groups.index):
                take = min(spare[giver], work - shared)
                spare[giver] -= take
                shared += take
            heads = max(0, math.ceil((work - shared) / hours - 1e-9))
            required = max(heads, row.minimum)
            # Only the rounding's fraction is spare: heads kept for a minimum (e.g. continuous monitoring)
            # are not free for other groups' work.
            spare[group] = heads * hours - (work - shared)
            reason = "minimum" if row.minimum > heads else "workload"
            rows[(day_type, code, group)] = row.model_copy(
                update={
                    "from_workload": heads,
                    "required": required,
                    "shared_hours": round(shared, 4),
                    "reason": reason,
                }
            )


def _apply_skill_mix(
    unit: Unit,
    rows: dict[tuple[DayType, str, str], RequirementRow],
    groups: Sequence[str],
    shifts_of: Mapping[str, list[str]],
    replaced_of: Mapping[str, Mapping[str, str]],
    day_types: Sequence[DayType] = tuple(DayType),
) -> None:
    for rule in unit.staffing.skill_mix:
        holders = _competent_groups(unit, rule.competence, groups)
        if not holders:
            raise StaffingInputError(
                "skill_mix_no_group", "no group holds competence '{competence}'", competence=rule.competence
            )
        # least competent holder first (highest rank number); unranked groups last
        holders.sort(key=lambda g: (unit.group(g).rank is None, -(unit.group(g).rank or 0), g))
        for day_type in day_types:
            for shift in [s.code for s in unit.shift_types]:
                worked = any(r.required > 0 for (d, s, _), r in rows.items() if d is day_type and s == shift)
                if not (shift in rule.shifts or (not rule.shifts and worked)):
                    continue

                def on(g: str, shift: str = shift) -> str:  # the shift group g works in place of ``shift``
                    return replaced_of[g].get(shift, shift)

                have = sum(rows[key].required for g in holders if (key := (day_type, on(g), g)) in rows)
                if have >= rule.minimum:
                    continue
                group = next((g for g in holders if on(g) in shifts_of[g]), holders[0])
                key = (day_type, on(group), group)
                row = rows.get(key) or RequirementRow(
                    day_type=day_type, shift=on(group), group=group, minimum=0, required=0
                )
                rows[key] = row.model_copy(
                    update={"required": row.required + rule.minimum - have, "reason": "skill_mix"}
                )


def _apply_fixed(unit: Unit, rows: dict[tuple[DayType, str, str], RequirementRow]) -> list[RequirementRow]:
    fixed = unit.staffing.fixed_requirement or []
    given = {(e.day_type, e.shift, e.group): e.required for e in fixed}
    for m in unit.staffing.minimums:
        for day_type in m.day_types:
            have = given.get((day_type, m.shift, m.group), 0)
            if have < m.minimum:
                raise StaffingInputError(
                    "fixed_below_minimum",
                    "fixed requirement {day_type}/{shift}/{group} is {required}, below the minimum {minimum}",
                    day_type=day_type.value,
                    shift=m.shift,
                    group=m.group,
                    required=have,
                    minimum=m.minimum,
                )
    out = []
    for (day_type, shift, group), required in given.items():
        computed = rows.get((day_type, shift, group))
        base = computed or RequirementRow(day_type=day_type, shift=shift, group=group, minimum=0, required=0)
        out.append(
            base.model_copy(
                update={
                    "minimum": _minimum(unit, day_type, shift, group),
                    "required": required,
                    "reason": "fixed",
                }
            )
        )
    return out


def staffing_requirement(
    unit: Unit,
    plan: ActivityPlan,
    *,
    holidays: DayTypeCalendar | Mapping[object, str] | Iterable[object] | None = None,
    long_shifts: bool = False,
    use_fixed: bool = True,
    day_types: Sequence[DayType] = tuple(DayType),
) -> StaffingRequirement:
    """Heads per day type × shift × group for ``plan`` on ``unit`` (see the module docstring).

    ``holidays``: a ready calendar, or holiday dates for the year of the unit's roster start
    (default: Norway's public holidays of that year); it travels with the requirement so the
    FTE step can count Sunday/holiday hours. ``long_shifts``: let groups with volunteers work
    the unit's long shifts too. ``use_fixed``: honour the unit's fixed bemanningsplan.
    ``day_types``: compute only these day types (the requirement per date needs one at a time).
    """
    rules = unit.rules
    productive_share = rules.number("productive_share")
    if not 0 < productive_share <= 1:
        raise StaffingInputError(
            "bad_productive_share", "productive_share must be in (0, 1], not {value}", value=productive_share
        )
    calendar = (
        holidays
        if isinstance(holidays, DayTypeCalendar)
        else day_type_calendar(
            unit.roster.start_date.year,
            holidays,  # type: ignore[arg-type]
        )
    )
    groups = requirement_groups(unit, plan, care_floor=rules.flag("care_level_floor"))
    shift_plans = {g: group_shifts(unit, g, long_shifts=long_shifts) for g in groups}
    shifts_of = {g: codes for g, (codes, _) in shift_plans.items()}
    replaced_of = {g: replaced for g, (_, replaced) in shift_plans.items()}
    checks, floor_profiles = _care_checks(unit, plan, groups, rules.flag("care_level_floor"), day_types)

    coverages = {g: _Coverage.of([unit.shift_type(code) for code in shifts_of[g]]) for g in groups}
    rows: dict[tuple[DayType, str, str], RequirementRow] = {}
    for day_type in day_types:
        task_profiles = _profiles(plan, day_type, groups, direct_care_only=False)
        for group in groups:
            coverage = coverages[group]
            shifts = coverage.shifts
            if not shifts:
                continue
            task_hours = coverage.split(task_profiles[group])
            care_hours = coverage.split(floor_profiles[day_type][group])
            for shift, task, care in zip(shifts, task_hours, care_hours, strict=True):
                from_workload = _heads(task + care, shift, productive_share)
                minimum = _minimum(unit, day_type, shift.code, group, replaced_of[group])
                if from_workload == 0 and minimum == 0 and task + care < 1e-9:
                    continue
                rows[(day_type, shift.code, group)] = RequirementRow(
                    day_type=day_type,
                    shift=shift.code,
                    group=group,
                    minimum=minimum,
                    required=max(from_workload, minimum),
                    task_hours=round(task, 4),
                    care_floor_hours=round(care, 4),
                    from_workload=from_workload,
                    reason="minimum" if minimum > from_workload else "workload",
                )
    if rules.flag("share_remainder_downwards"):
        _share_remainder(unit, rows, groups, productive_share)
    _apply_skill_mix(unit, rows, groups, shifts_of, replaced_of, day_types)

    fixed = use_fixed and unit.staffing.fixed_requirement is not None
    final = _apply_fixed(unit, rows) if fixed else list(rows.values())
    day_order = list(DayType)
    shift_order = [s.code for s in unit.shift_types]
    final.sort(
        key=lambda r: (
            day_order.index(r.day_type),
            shift_order.index(r.shift),
            groups.index(r.group) if r.group in groups else len(groups),
            r.group,
        )
    )
    return StaffingRequirement(
        unit_id=unit.id,
        rows=final,
        substitutions=substitutions(unit, groups),
        care_check=checks,
        calendar=calendar,
        fixed=fixed,
    )
