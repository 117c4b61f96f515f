"""Documented competence over a planning period: who holds what on which day, and what training follows.

An employee holds a competence on a day when it is among their undated ``competences`` or one of
their ``certifications`` of it is valid that day (``Employee.holds``). The roster rules count holders
per day (``planning/rostering``: skill mix, shift types only for holders); this module says, for a
period, which certifications run out or have run out, and which are missing, as training needs
(``CertificationNeed``) for the task-sharing step's training plan and the competence import's list.

Needs, per employee and competence (one line each, the most urgent reason):

* ``expired``: certified before, valid on no day of the period (due: the period's first day);
* ``expires_in_period``: valid on some days only (due: the first day in the period without);
* ``expires_soon``: valid throughout, but runs out within ``warn_days`` after the period (due: the
  last valid day);
* ``missing_task``: the employee's group takes a task needing the competence (the allocation's
  group, else the groups marked for the task) and the employee has never held it;

and per skill-mix rule ``too_few_holders``: on some day of the period fewer employees of the
rostered groups hold the competence than the rule needs that day (its minimum × the listed shifts
one worker cannot cover at once) — a lower bound; the roster check gives the verdict per shift.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass

from bemanning.i18n import register, t
from bemanning.model import Certification, Employee, Unit
from bemanning.model.plans import TaskAllocation
from bemanning.model.task_sharing_result import CertificationNeed

STATUS_VALID = "gyldig"
STATUS_SOON = "utloper_snart"
STATUS_PART = "ikke_hele_perioden"
STATUS_EXPIRED = "utlopt"
STATUS_NOT_YET = "ikke_gyldig_enna"

# reason → status it comes from (training needs are ordered by this)
REASONS = ("expired", "expires_in_period", "missing_task", "too_few_holders", "expires_soon")

# The reason codes of ``planning.competence`` as the files show them (Norwegian, like the status codes).
REASON_CODES = {
    "expired": "utlopt",
    "expires_in_period": "utloper_i_perioden",
    "missing_task": "mangler_for_oppgave",
    "too_few_holders": "for_faa_med_kompetanse",
    "expires_soon": "utloper_snart",
}




@dataclass(frozen=True)
class CertificationStatus:
    employee: str
    group: str
    competence: str
    status: str
    valid_to: dt.date | None  # the last day of the validity that reaches furthest (None: never expires)
    valid_days: int  # days of the period on which it is valid
    first_gap: dt.date | None  # the first day in the period without a valid certification


def need_key(need: CertificationNeed) -> tuple[int, dt.date, str, str]:
    """Most urgent first: by reason, then due date."""
    return (REASONS.index(need.reason), need.due, need.employee, need.competence)


def need_text(need: CertificationNeed, lang: str | None = None) -> str:
    return t(f"cert_need_{need.reason}", lang, competence=need.competence, due=need.due.isoformat(), **need.context)


register({
    "cert_need_expired": {"no": "utløpt ({valid_to})", "en": "expired ({valid_to})"},
    "cert_need_expires_in_period": {
        "no": "gyldig bare {valid} av {days:p:dag|dager} i perioden; første dag uten: {due}",
        "en": "valid on only {valid} of {days:p:day|days} of the period; first day without: {due}",
    },
    "cert_need_expires_soon": {"no": "utløper snart ({valid_to})", "en": "expires soon ({valid_to})"},
    "cert_need_missing_task": {
        "no": "mangler; gruppen har oppgaven {task}, som krever {competence}",
        "en": "missing; the group has task {task}, which needs {competence}",
    },
    "cert_need_too_few_holders": {
        "no": "for få med gyldig {competence}: {have} den {due}, trenger minst {needed} per døgn "
        "({short:p:dag|dager} under)",
        "en": "too few with a valid {competence}: {have} on {due}, at least {needed} needed per day "
        "({short:p:day|days} below)",
    },
})


def _runs_until(certs: list[Certification], day: dt.date) -> dt.date | None:
    """The last day of the unbroken validity that covers ``day`` (renewals joined); None: no end."""
    current = day
    while True:
        covering = [c for c in certs if c.valid_on(current)]
        if not covering:
            return current - dt.timedelta(days=1)
        if any(c.valid_to is None for c in covering):
            return None
        current = max(c.valid_to for c in covering if c.valid_to is not None) + dt.timedelta(days=1)


def _days(start: dt.date, end: dt.date) -> list[dt.date]:
    return [start + dt.timedelta(days=i) for i in range((end - start).days + 1)]


def certification_status(
    unit: Unit, start: dt.date, end: dt.date, warn_days: int
) -> list[CertificationStatus]:
    """The status of every certified competence of every employee for the period ``start``..``end``."""
    days = _days(start, end)
    out = []
    for e in unit.employees:
        by_code: dict[str, list[Certification]] = {}
        for c in e.certifications:
            by_code.setdefault(c.competence, []).append(c)
        for code, certs in sorted(by_code.items()):
            valid = [d for d in days if any(c.valid_on(d) for c in certs)]
            gap = next((d for d in days if not any(c.valid_on(d) for c in certs)), None)
            ends = [c.valid_to for c in certs]
            last = None if None in ends else max(d for d in ends if d is not None)
            if len(valid) == len(days):
                until = _runs_until(certs, end)
                soon = until is not None and (until - end).days <= warn_days
                status, last = (STATUS_SOON if soon else STATUS_VALID), until
            elif valid:
                status = STATUS_PART
            elif last is not None and last < start:
                status = STATUS_EXPIRED
            else:
                status = STATUS_NOT_YET
            out.append(CertificationStatus(e.id, e.group, code, status, last, len(valid), gap))
    return out


def _shifts_needed(unit: Unit, listed: list[str]) -> int:
    """How few shifts one worker each can fill every listed shift with (a composite shift such as a
    long shift covering day and evening fills both): a greedy cover, exact for the usual shapes."""
    left = set(listed)
    reach = {s.code: ({s.code} | set(s.covers)) & left for s in unit.shift_types}
    count = 0
    while left:
        best = max(sorted(reach), key=lambda code: len(reach[code] & left))
        if not reach[best] & left:
            break
        left -= reach[best]
        count += 1
    return count


def _holders(employees: list[Employee], code: str, day: dt.date) -> int:
    return sum(1 for e in employees if e.holds(code, day))


def certification_needs(
    unit: Unit,
    start: dt.date,
    end: dt.date,
    warn_days: int | None = None,
    allocation: TaskAllocation | None = None,
) -> list[CertificationNeed]:
    """Training needs from documented competence for the period (see the module docstring).
    ``warn_days``: default the rule setting ``certification_warning_days``."""
    warn = int(unit.rules.number("certification_warning_days")) if warn_days is None else warn_days
    needs: dict[tuple[str, str], CertificationNeed] = {}

    def add(need: CertificationNeed) -> None:
        key = (need.employee, need.competence)
        if key not in needs or need_key(need) < need_key(needs[key]):
            needs[key] = need

    for s in certification_status(unit, start, end, warn):
        mine = {"competence": s.competence, "employee": s.employee, "group": s.group}
        if s.status == STATUS_EXPIRED:
            until = s.valid_to.isoformat() if s.valid_to else ""
            add(CertificationNeed(reason="expired", due=start, context={"valid_to": until}, **mine))
        elif s.status in (STATUS_PART, STATUS_NOT_YET) and s.first_gap is not None:
            days = (end - start).days + 1
            add(CertificationNeed(reason="expires_in_period", due=s.first_gap,
                                  context={"valid": s.valid_days, "days": days}, **mine))
        elif s.status == STATUS_SOON and s.valid_to is not None:
            add(CertificationNeed(reason="expires_soon", due=s.valid_to,
                                  context={"valid_to": s.valid_to.isoformat()}, **mine))
    groups_of_task = {t.id: list(t.eligible_groups) for t in unit.tasks}
    if allocation is not None:
        groups_of_task |= {entry.task_id: [entry.group] for entry in allocation.entries}
    for task in unit.tasks:
        code = task.required_competence
        if not code:
            continue
        for e in unit.employees:
            if e.group in groups_of_task.get(task.id, []) and code not in e.competence_codes():
                add(CertificationNeed(reason="missing_task", competence=code, due=start, employee=e.id,
                                      group=e.group, context={"task": task.id}))
    rostered = set(unit.rostered_groups())
    staff = [e for e in unit.employees if e.group in rostered]
    codes = [s.code for s in unit.shift_types]
    for rule in unit.staffing.skill_mix:
        needed = rule.minimum * _shifts_needed(unit, list(rule.shifts) or codes)
        short = [d for d in _days(start, end) if _holders(staff, rule.competence, d) < needed]
        if short:
            have = _holders(staff, rule.competence, short[0])
            add(CertificationNeed(reason="too_few_holders", competence=rule.competence, due=short[0],
                                  context={"have": have, "needed": needed, "short": len(short)}))
    return sorted(needs.values(), key=need_key)
