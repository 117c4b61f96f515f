"""The independent checker for Curtois & Qu solutions: plain Python, no solver code.

Computes exactly the penalty of SOURCES.md §3 (shift-on/off requests, linear under/over cover)
and lists every hard-constraint violation. One function per constraint family, so each rule
object of the engine can use the family's function as its ``check`` face; ``check_solution``
runs them all. Conventions at the horizon's ends (SOURCES.md §3):

* the day before the horizon and the day after it are days off (successions, max run length);
* minimum run lengths (shifts and days off) apply only to runs that touch neither end.
"""

from __future__ import annotations

from collections import Counter, defaultdict
from collections.abc import Callable, Iterable
from dataclasses import dataclass, field

from bemanning.model.curtois import CurtoisInstance

Assignment = tuple[str, int, str]  # (employee id, day 0-based, shift id)


@dataclass(frozen=True)
class Violation:
    """A broken hard constraint (penalty 0) or a soft penalty (hard False)."""

    rule: str
    hard: bool
    employee: str | None
    days: tuple[int, ...]
    detail: str
    penalty: int = 0


class Plan:
    """A finished solution, day by day: what each employee works on each day."""

    def __init__(self, instance: CurtoisInstance, assignments: Iterable[Assignment]):
        self.instance = instance
        self.rows: list[Assignment] = list(assignments)
        self.by_employee: dict[str, dict[int, list[str]]] = defaultdict(lambda: defaultdict(list))
        self.unknown: list[Assignment] = []
        for employee, day, shift in self.rows:
            if (employee not in instance.staff_by_id or shift not in instance.shift_by_id
                    or not 0 <= day < instance.days):
                self.unknown.append((employee, day, shift))
                continue
            self.by_employee[employee][day].append(shift)
        self.count: Counter[tuple[int, str]] = Counter()
        for days in self.by_employee.values():
            for day, shifts in days.items():
                for shift in shifts:
                    self.count[(day, shift)] += 1

    def shifts(self, employee: str, day: int) -> list[str]:
        """Every shift on ``day`` (more than one is a violation); none outside the horizon."""
        if employee not in self.by_employee:
            return []
        return self.by_employee[employee].get(day, [])

    def works(self, employee: str, day: int) -> bool:
        return bool(self.shifts(employee, day))

    def runs(self, employee: str, working: bool) -> list[tuple[int, int]]:
        """Maximal runs (first, last day) of working days, or of days off."""
        out: list[tuple[int, int]] = []
        start: int | None = None
        for day in range(self.instance.days + 1):
            inside = day < self.instance.days and self.works(employee, day) == working
            if inside and start is None:
                start = day
            elif not inside and start is not None:
                out.append((start, day - 1))
                start = None
        return out


# --- hard constraints ---------------------------------------------------------------------------

def check_references(plan: Plan) -> list[Violation]:
    return [Violation("unknown_reference", True, e, (d,), f"unknown employee, shift or day: {e},{d},{s}")
            for e, d, s in plan.unknown]


def check_one_shift_per_day(plan: Plan) -> list[Violation]:
    out = []
    for employee, days in plan.by_employee.items():
        for day, shifts in sorted(days.items()):
            if len(shifts) > 1:
                out.append(Violation("one_shift_per_day", True, employee, (day,), f"shifts {'+'.join(shifts)}"))
    return out


def check_days_off(plan: Plan) -> list[Violation]:
    out = []
    for employee, off in plan.instance.days_off.items():
        for day in sorted(off):
            if plan.works(employee, day):
                out.append(Violation("days_off", True, employee, (day,), "works on a day off"))
    return out


def check_successions(plan: Plan) -> list[Violation]:
    """Shift B on the day after shift A when A forbids B; the day before the horizon is off."""
    out = []
    inst = plan.instance
    for employee in plan.by_employee:
        for day in range(inst.days - 1):
            for first in plan.shifts(employee, day):
                banned = inst.shift_by_id[first].cannot_follow
                for second in plan.shifts(employee, day + 1):
                    if second in banned:
                        out.append(Violation("succession", True, employee, (day, day + 1),
                                             f"{second} may not follow {first}"))
    return out


def check_max_shifts(plan: Plan) -> list[Violation]:
    out = []
    for e in plan.instance.staff:
        counts = Counter(s for day in range(plan.instance.days) for s in plan.shifts(e.id, day))
        for shift, limit in e.max_shifts.items():
            if counts[shift] > limit:
                out.append(Violation("max_shifts", True, e.id, (), f"{counts[shift]} x {shift} > {limit}"))
    return out


def check_total_minutes(plan: Plan) -> list[Violation]:
    out = []
    inst = plan.instance
    for e in inst.staff:
        total = sum(inst.shift_by_id[s].minutes for day in range(inst.days) for s in plan.shifts(e.id, day))
        if not e.min_total_minutes <= total <= e.max_total_minutes:
            out.append(Violation("total_minutes", True, e.id, (),
                                 f"{total} min outside {e.min_total_minutes}..{e.max_total_minutes}"))
    return out


def check_max_consecutive_shifts(plan: Plan) -> list[Violation]:
    """Runs count from the horizon's start (the day before it is off)."""
    out = []
    for e in plan.instance.staff:
        for first, last in plan.runs(e.id, working=True):
            if last - first + 1 > e.max_consecutive_shifts:
                out.append(Violation("max_consecutive_shifts", True, e.id, tuple(range(first, last + 1)),
                                     f"{last - first + 1} > {e.max_consecutive_shifts}"))
    return out


def _short_inner_runs(plan: Plan, working: bool, limit_of: Callable[[str], int], rule: str) -> list[Violation]:
    out = []
    last_day = plan.instance.days - 1
    for e in plan.instance.staff:
        limit = limit_of(e.id)
        for first, last in plan.runs(e.id, working=working):
            if first > 0 and last < last_day and last - first + 1 < limit:
                out.append(Violation(rule, True, e.id, tuple(range(first, last + 1)),
                                     f"{last - first + 1} < {limit}"))
    return out


def check_min_consecutive_shifts(plan: Plan) -> list[Violation]:
    """Work runs touching the horizon's start or end are not checked."""
    staff = plan.instance.staff_by_id
    return _short_inner_runs(plan, True, lambda e: staff[e].min_consecutive_shifts, "min_consecutive_shifts")


def check_min_consecutive_days_off(plan: Plan) -> list[Violation]:
    """Day-off runs touching the horizon's start or end are not checked."""
    staff = plan.instance.staff_by_id
    return _short_inner_runs(plan, False, lambda e: staff[e].min_consecutive_days_off, "min_consecutive_days_off")


def check_max_weekends(plan: Plan) -> list[Violation]:
    out = []
    weekends = plan.instance.weekends()
    for e in plan.instance.staff:
        worked = [w for w in weekends if any(plan.works(e.id, d) for d in w)]
        if len(worked) > e.max_weekends:
            out.append(Violation("max_weekends", True, e.id, tuple(d for w in worked for d in w),
                                 f"{len(worked)} weekends > {e.max_weekends}"))
    return out


# --- soft penalties -----------------------------------------------------------------------------

def penalty_on_requests(plan: Plan) -> list[Violation]:
    """Charged unless that exact shift is worked (another shift that day does not count)."""
    return [Violation("shift_on_request", False, r.employee, (r.day,), f"wants {r.shift}", r.weight)
            for r in plan.instance.on_requests if r.shift not in plan.shifts(r.employee, r.day)]


def penalty_off_requests(plan: Plan) -> list[Violation]:
    """Charged only when that exact shift is worked."""
    return [Violation("shift_off_request", False, r.employee, (r.day,), f"does not want {r.shift}", r.weight)
            for r in plan.instance.off_requests if r.shift in plan.shifts(r.employee, r.day)]


def penalty_cover(plan: Plan) -> list[Violation]:
    """Linear per missing (under weight) or surplus (over weight) person, per cover row."""
    out = []
    for c in plan.instance.cover:
        n = plan.count[(c.day, c.shift)]
        if n < c.requirement:
            out.append(Violation("cover_under", False, None, (c.day,), f"{c.shift}: {n} < {c.requirement}",
                                 c.under_weight * (c.requirement - n)))
        elif n > c.requirement:
            out.append(Violation("cover_over", False, None, (c.day,), f"{c.shift}: {n} > {c.requirement}",
                                 c.over_weight * (n - c.requirement)))
    return out


HARD_CHECKS = (
    check_references,
    check_one_shift_per_day,
    check_days_off,
    check_successions,
    check_max_shifts,
    check_total_minutes,
    check_max_consecutive_shifts,
    check_min_consecutive_shifts,
    check_min_consecutive_days_off,
    check_max_weekends,
)
SOFT_CHECKS = (penalty_on_requests, penalty_off_requests, penalty_cover)


@dataclass
class CheckResult:
    penalty: int
    violations: list[Violation] = field(default_factory=list)  # hard ones only
    penalties: list[Violation] = field(default_factory=list)

    @property
    def feasible(self) -> bool:
        return not self.violations

    def by_rule(self) -> dict[str, int]:
        totals: Counter[str] = Counter()
        for p in self.penalties:
            totals[p.rule] += p.penalty
        return dict(totals)


def check_solution(instance: CurtoisInstance, assignments: Iterable[Assignment]) -> CheckResult:
    plan = Plan(instance, assignments)
    hard = [v for check in HARD_CHECKS for v in check(plan)]
    soft = [v for check in SOFT_CHECKS for v in check(plan)]
    return CheckResult(penalty=sum(v.penalty for v in soft), violations=hard, penalties=soft)
