"""Sample files of the integration formats, made from a unit (docs, tests, benchmark, ``eksempel``).

Deterministic for a given seed; the activity follows a weekly rhythm (more on weekdays).
"""

from __future__ import annotations

import datetime as dt
import random
from typing import Any

from bemanning.model import Absence, AbsenceKind, Assignment, Roster, Unit

from .activity import LOCAL_TIME

OTHER_UNIT = "kir-sengepost"  # a neighbour unit whose resources a shared bundle also carries


def _instant(day: dt.date, minute: int) -> str:
    moment = dt.datetime.combine(day, dt.time(minute // 60, minute % 60), tzinfo=LOCAL_TIME)
    return moment.isoformat(timespec="seconds")


def sample_fhir_bundle(
    unit: Unit,
    *,
    start: dt.date | None = None,
    weeks: int = 2,
    appointments: int = 120,
    stays: int | None = None,
    seed: int = 1,
) -> dict[str, Any]:
    """A FHIR R4 Bundle (searchset) like a DIPS Arena export of a unit's planned activity.

    ``appointments`` outpatient appointments and operations over ``weeks`` weeks from ``start``
    (default: the unit's roster start), inpatient encounters (``stays``, default one per
    appointment in ten), a schedule with busy and free slots, and a few resources of another unit.
    """
    rng = random.Random(seed)
    first = start or unit.roster.start_date
    days = [first + dt.timedelta(days=i) for i in range(7 * weeks)]
    weights = [1.0 if d.weekday() < 5 else 0.15 for d in days]
    entries: list[dict[str, Any]] = [
        {"resource": {"resourceType": "Location", "id": "loc-1",
                      "identifier": [{"system": "urn:bemanning:unit", "value": unit.id}], "name": unit.name}},
        {"resource": {"resourceType": "Organization", "id": "org-2",
                      "identifier": [{"system": "urn:bemanning:unit", "value": OTHER_UNIT}], "name": OTHER_UNIT}},
        {"resource": {"resourceType": "Schedule", "id": "sch-1", "actor": [{"reference": "Location/loc-1"}]}},
    ]
    statuses = ["booked"] * 16 + ["fulfilled"] * 2 + ["cancelled", "noshow"]
    for n in range(appointments):
        day = rng.choices(days, weights)[0]
        minute = rng.randrange(8 * 60, 15 * 60, 15)
        operation = rng.random() < 0.2
        resource: dict[str, Any] = {
            "resourceType": "Appointment",
            "id": f"app-{n + 1}",
            "status": rng.choice(statuses),
            "start": _instant(day, minute),
            "end": _instant(day, minute + 30),
            "participant": [{"actor": {"reference": "Location/loc-1"}, "status": "accepted"}],
        }
        if operation:
            resource["serviceCategory"] = [
                {"coding": [{"system": "http://snomed.info/sct", "code": "387713003", "display": "Surgical procedure"}]}
            ]
        entries.append({"resource": resource})
    for n in range(appointments // 10 if stays is None else stays):
        day = rng.choice(days)
        length = rng.randint(1, 6)
        arrive = rng.randrange(8 * 60, 20 * 60, 30)
        leave = day + dt.timedelta(days=length)
        resource = {
            "resourceType": "Encounter",
            "id": f"enc-{n + 1}",
            "status": "planned",
            "class": {"system": "http://terminology.hl7.org/CodeSystem/v3-ActCode", "code": "IMP"},
            "period": {"start": _instant(day, arrive)},
            "location": [{"location": {"reference": "Location/loc-1"}}],
        }
        if leave <= days[-1]:
            resource["period"]["end"] = _instant(leave, rng.randrange(10 * 60, 15 * 60, 30))
        entries.append({"resource": resource})
    for n in range(min(20, 2 * weeks * 5)):
        day = days[n % len(days)]
        entries.append({"resource": {
            "resourceType": "Slot", "id": f"slot-{n + 1}", "schedule": {"reference": "Schedule/sch-1"},
            "status": "busy" if n % 2 == 0 else "free",
            "start": _instant(day, 13 * 60), "end": _instant(day, 13 * 60 + 30)}})
    for n in range(3):  # the neighbour unit's admissions: left out on import
        entries.append({"resource": {
            "resourceType": "Encounter", "id": f"other-{n + 1}", "status": "planned",
            "class": {"system": "http://terminology.hl7.org/CodeSystem/v3-ActCode", "code": "IMP"},
            "period": {"start": _instant(days[n], 10 * 60)}, "serviceProvider": {"reference": "Organization/org-2"}}})
    return {"resourceType": "Bundle", "type": "searchset", "total": len(entries), "entry": entries}


def sample_activity_csv(unit: Unit, *, start: dt.date | None = None, weeks: int = 2, seed: int = 1) -> str:
    """The plain CSV fallback (``dato;tid;type;antall;enhet``) with a weekly rhythm."""
    rng = random.Random(seed)
    first = start or unit.roster.start_date
    lines = ["dato;tid;type;antall;enhet"]
    for i in range(7 * weeks):
        day = first + dt.timedelta(days=i)
        weekday = day.weekday() < 5
        lines.append(f"{day};10:00;innleggelse;{rng.randint(4, 8) if weekday else rng.randint(2, 4)};{unit.id}")
        lines.append(f"{day};12:00;utskrivning;{rng.randint(4, 8) if weekday else rng.randint(1, 3)};{unit.id}")
        if weekday:
            lines.append(f"{day};09:00;poliklinikk;{rng.randint(5, 15)};{unit.id}")
    return "\n".join(lines) + "\n"


def sample_time_records(unit: Unit, *, start: dt.date | None = None, days: int = 28, seed: int = 1) -> str:
    """GAT-shaped time records (``ansattnr;dato;kode;fra;til;timer;gruppe``): worked shifts with some
    overtime, sick days, vacation, days off and agency shifts."""
    rng = random.Random(seed)
    first = start or unit.roster.start_date
    shifts = [s for s in unit.shift_types if not s.is_long]
    lines = ["ansattnr;dato;kode;fra;til;timer;gruppe"]
    for i in range(days):
        day = first + dt.timedelta(days=i)
        for n, e in enumerate(unit.employees):
            roll = rng.random()
            if (n + i) % 7 in (5, 6) or roll < 0.1:
                lines.append(f"{e.id};{day};F1;;;;")
            elif roll < 0.15:
                lines.append(f"{e.id};{day};SYK;;;;")
            elif roll < 0.18:
                lines.append(f"{e.id};{day};FER;;;;")
            else:
                shift = shifts[(n + i) % len(shifts)]
                lines.append(f"{e.id};{day};{shift.code};{shift.start:%H:%M};{shift.end:%H:%M};;")
                if roll > 0.95:
                    lines.append(f"{e.id};{day};OT50;;;2;")
        if rng.random() < 0.3:
            group = unit.employees[0].group
            lines.append(f"VIKAR-{i};{day};INNL;15:00;22:30;;{group}")
    return "\n".join(lines) + "\n"


def sample_gat_roster(unit: Unit, *, start: dt.date | None = None, weeks: int = 2) -> Roster:
    """A calendar roster with shifts and every kind of registered absence (for GAT samples and tests)."""
    first = start or unit.roster.start_date
    codes = [s.code for s in unit.shift_types if not s.is_long]
    kinds = list(AbsenceKind)
    absences, assignments = [], []
    for n, e in enumerate(unit.employees):
        away: set[int] = set()
        if n < len(kinds):  # one absence of each kind, two days long
            day = (3 * n) % (7 * weeks - 1)
            away = {day, day + 1}
            absences.append(Absence(employee=e.id, start=first + dt.timedelta(days=day),
                                    end=first + dt.timedelta(days=day + 1), kind=kinds[n]))
        for d in range(7 * weeks):
            if d not in away and (n + d) % 7 not in (5, 6):
                assignments.append(Assignment(employee_id=e.id, date=first + dt.timedelta(days=d),
                                              shift_code=codes[(n + d // 7) % len(codes)]))
    return Roster(unit_id=unit.id, start_date=first, days=7 * weeks, cyclic=False, assignments=assignments,
                  absences=absences)


def sample_competence_csv(unit: Unit, *, start: dt.date | None = None) -> str:
    """A competence-portal export (``ansattnr;kompetanse;gyldig_fra;gyldig_til``) of the unit's employees'
    competences: most valid for years, some running out during the first weeks, one expired."""
    first = start or unit.roster.start_date
    lines = ["ansattnr;kompetanse;gyldig_fra;gyldig_til"]
    n = 0
    for e in unit.employees:
        for competence in e.competences:
            n += 1
            until = first + dt.timedelta(days=3 * 365)
            if n % 9 == 0:
                until = first + dt.timedelta(days=20)  # runs out in the period
            elif n % 13 == 0:
                until = first - dt.timedelta(days=10)  # already expired
            lines.append(f"{e.id};{competence};{(first - dt.timedelta(days=400)).isoformat()};{until.isoformat()}")
    return "\n".join(lines) + "\n"
