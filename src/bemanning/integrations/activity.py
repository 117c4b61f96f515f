"""Planned activity per date, clock interval and kind, from DIPS Arena (HL7 FHIR R4) or a plain CSV.

The kinds are the activity drivers of the unit file (``Activity``): admissions, discharges,
operations, outpatient visits and patients at the midnight census (occupancy). The format and
every mapping rule are documented in ``docs/integrations/fhir-activity.md``; in short:

- ``Appointment`` (booked, arrived, checked-in, fulfilled, pending, proposed): one outpatient
  visit at its start, or one operation when its service category, service type or appointment
  type carries an operation code (``OPERATION_CODES``). Cancelled, no-show, waitlist and
  entered-in-error appointments are not activity.
- ``Encounter``: an inpatient encounter (class IMP, ACUTE, NONAC, OBSENC) is an admission at
  its start, a discharge at its end, and a patient at every midnight in between; an ambulatory
  one (AMB) is an outpatient visit. Cancelled and entered-in-error encounters are skipped.
- ``Slot`` with status busy is an outpatient visit unless an Appointment in the bundle books it;
  its ``Schedule`` tells the unit. Free slots are capacity, not activity.
- Unit: a resource belongs to the unit whose id equals the id or an identifier value of the
  Location or (service provider) Organization it references; a resource with no such reference
  belongs to the unit given on import. Resources of other units are counted and left out.

FHIR resources are parsed and validated by ``fhir.resources`` (its R4B package, which reads R4
Appointment, Encounter, Schedule and Slot unchanged) plus the value-set checks FHIR requires of
``status``; every problem names the entry number and ``ResourceType/id``.
"""

from __future__ import annotations

import csv
import datetime as dt
import json
from collections import defaultdict
from dataclasses import dataclass, field
from enum import StrEnum
from pathlib import Path
from typing import Any
from zoneinfo import ZoneInfo

from bemanning.io.errors import UserError
from bemanning.model import CLOCK_INTERVALS, TimeInterval, Unit

from . import messages as _messages  # noqa: F401  (registers the messages)
from .common import Problems, csv_rows, read_text

MAX_DAYS = 3 * 366  # the longest roster (``Roster.days``); a longer import is an error
LOCAL_TIME = ZoneInfo("Europe/Oslo")  # DIPS sends instants with an offset; the roster is local time


class ActivityKind(StrEnum):
    """A driver of the unit's activity; the value is the field name in the unit file's ``activity``."""

    ADMISSION = "admissions"
    DISCHARGE = "discharges"
    OPERATION = "operations"
    OUTPATIENT_VISIT = "outpatient_visits"
    PATIENTS = "occupancy"


# CSV names of the kinds, Norwegian and English.
KIND_NAMES: dict[str, ActivityKind] = {
    "innleggelse": ActivityKind.ADMISSION,
    "admission": ActivityKind.ADMISSION,
    "utskrivning": ActivityKind.DISCHARGE,
    "discharge": ActivityKind.DISCHARGE,
    "operasjon": ActivityKind.OPERATION,
    "operation": ActivityKind.OPERATION,
    "poliklinikk": ActivityKind.OUTPATIENT_VISIT,
    "outpatient_visit": ActivityKind.OUTPATIENT_VISIT,
    "pasienter": ActivityKind.PATIENTS,
    "patients": ActivityKind.PATIENTS,
}
KIND_CSV_NAME: dict[ActivityKind, str] = {
    ActivityKind.ADMISSION: "innleggelse",
    ActivityKind.DISCHARGE: "utskrivning",
    ActivityKind.OPERATION: "operasjon",
    ActivityKind.OUTPATIENT_VISIT: "poliklinikk",
    ActivityKind.PATIENTS: "pasienter",
}

# Codes (any coding system, or the text) that make an Appointment an operation: SNOMED CT
# 387713003 "Surgical procedure", HL7 service category 'surgery' and plain words.
OPERATION_CODES = frozenset({"387713003", "surgery", "surgical", "operation", "operasjon", "op"})
APPOINTMENT_STATUS = frozenset(
    {"proposed", "pending", "booked", "arrived", "fulfilled", "cancelled", "noshow", "entered-in-error",
     "checked-in", "waitlist"}
)
APPOINTMENT_ACTIVE = frozenset({"proposed", "pending", "booked", "arrived", "fulfilled", "checked-in"})
ENCOUNTER_STATUS = frozenset(
    {"planned", "arrived", "triaged", "in-progress", "onleave", "finished", "cancelled", "entered-in-error",
     "unknown"}
)
ENCOUNTER_SKIPPED = frozenset({"cancelled", "entered-in-error"})
INPATIENT_CLASSES = frozenset({"IMP", "ACUTE", "NONAC", "OBSENC"})
OUTPATIENT_CLASSES = frozenset({"AMB", "VR", "HH"})
SLOT_STATUS = frozenset({"busy", "free", "busy-unavailable", "busy-tentative", "entered-in-error"})
RESOURCE_TYPES = ("Appointment", "Encounter", "Schedule", "Slot", "Location", "Organization")

Key = tuple[dt.date, str, ActivityKind]  # date, clock interval ("" for the midnight census), kind


@dataclass
class ActivityImport:
    """Planned activity of one unit: counts per (date, interval, kind)."""

    unit_id: str
    counts: dict[Key, float] = field(default_factory=dict)
    resources: int = 0  # resources or rows read
    other_units: int = 0  # resources or rows that belong to another unit (left out)

    def add(self, date: dt.date, interval: str, kind: ActivityKind, count: float = 1.0) -> None:
        key = (date, interval, kind)
        self.counts[key] = self.counts.get(key, 0.0) + count

    @property
    def kinds(self) -> list[ActivityKind]:
        """The kinds the import says something about (other kinds keep the unit's own figures)."""
        present = {k for _, _, k in self.counts}
        return [k for k in ActivityKind if k in present]

    @property
    def dates(self) -> list[dt.date]:
        return sorted({d for d, _, _ in self.counts})

    def by_date(self) -> dict[dt.date, dict[ActivityKind, float]]:
        out: dict[dt.date, dict[ActivityKind, float]] = defaultdict(dict)
        for (date, _, kind), count in self.counts.items():
            out[date][kind] = out[date].get(kind, 0.0) + count
        return dict(out)


def interval_of(moment: dt.time) -> TimeInterval:
    """The clock interval (07-09 … 22-07) a time of day falls in."""
    minute = moment.hour * 60 + moment.minute
    for interval in CLOCK_INTERVALS:
        start, end = interval.span
        first, last = start.hour * 60 + start.minute, end.hour * 60 + end.minute
        if first <= minute < last or (last <= first and (minute >= first or minute < last)):
            return interval
    return TimeInterval.H22_07  # not reached: the clock intervals tile the day


def _local(moment: dt.datetime) -> dt.datetime:
    return moment.astimezone(LOCAL_TIME) if moment.tzinfo else moment


# --- CSV ------------------------------------------------------------------------------------------

CSV_COLUMNS = ["dato", "tid", "type", "antall", "enhet"]


def parse_activity_csv(text: str, unit: Unit, source: str) -> ActivityImport:
    """The plain CSV fallback: ``dato;tid;type;antall;enhet`` (tid, antall and enhet optional)."""
    _, rows = csv_rows(text, source, ["dato", "type"])
    problems = Problems(source)
    result = ActivityImport(unit_id=unit.id)
    for line, row in rows:
        result.resources += 1
        if row.get("enhet") and row["enhet"] != unit.id:
            result.other_units += 1
            continue
        try:
            date = dt.date.fromisoformat(row["dato"])
        except ValueError:
            problems.add("csv_bad_cell", row=line, column="dato", problem=row["dato"])
            continue
        kind = KIND_NAMES.get(row["type"].lower())
        if kind is None:
            problems.add("integ_unknown_code", row=line, column="type", code=row["type"],
                         known=", ".join(KIND_CSV_NAME.values()))
            continue
        interval = ""
        if row.get("tid"):
            try:
                interval = interval_of(dt.time.fromisoformat(row["tid"])).value
            except ValueError:
                problems.add("csv_bad_cell", row=line, column="tid", problem=row["tid"])
                continue
        count = 1.0
        if row.get("antall"):
            try:
                count = float(row["antall"].replace(",", "."))
            except ValueError:
                count = -1
            if not 0 <= count <= 10_000:
                problems.add("csv_bad_cell", row=line, column="antall", problem=row["antall"])
                continue
        result.add(date, interval, kind, count)
    problems.raise_if_any()
    return result


def write_activity_csv(activity: ActivityImport, path: Path) -> None:
    """``activity_by_date.csv``: date, interval, kind, count (sorted; CSV names in Norwegian)."""
    with path.open("w", newline="", encoding="utf-8") as handle:
        writer = csv.writer(handle)
        writer.writerow(["date", "interval", "kind", "count"])
        order = list(ActivityKind)
        for (date, interval, kind), count in sorted(
            activity.counts.items(), key=lambda kv: (kv[0][0], kv[0][1], order.index(kv[0][2]))
        ):
            writer.writerow([date.isoformat(), interval, KIND_CSV_NAME[kind], f"{count:g}"])


# --- FHIR -------------------------------------------------------------------------------------


def _reference_ids(reference: Any, places: dict[str, set[str]]) -> set[str]:
    """Ids a Reference points at: the id in ``Location/x``, its identifier value, and the ids and
    identifier values of the Location/Organization in the bundle it names."""
    if reference is None:
        return set()
    out: set[str] = set()
    ref = reference.reference or ""
    if ref.startswith(("Location/", "Organization/")):
        out.add(ref.split("/", 1)[1])
        out |= places.get(ref, set())
    if reference.identifier is not None and reference.identifier.value:
        out.add(reference.identifier.value)
    return out


def _place_references(resource: Any) -> list[Any]:
    """The Location/Organization references of a resource that say which unit it belongs to."""
    kind = resource.get_resource_type()
    refs: list[Any] = []
    if kind == "Appointment":
        refs = [p.actor for p in resource.participant or [] if p.actor is not None]
    elif kind == "Encounter":
        refs = [loc.location for loc in resource.location or []]
        refs.append(resource.serviceProvider)
    elif kind == "Schedule":
        refs = list(resource.actor or [])
    return [
        r for r in refs
        if r is not None and ((r.reference or "").startswith(("Location/", "Organization/")) or (
            r.identifier is not None and r.type in ("Location", "Organization")))
    ]


def _codes(concepts: Any) -> set[str]:
    out: set[str] = set()
    for concept in concepts or []:
        if concept is None:
            continue
        out |= {(c.code or "").lower() for c in concept.coding or []}
        if concept.text:
            out.add(concept.text.lower())
    return out


def _name(entry: int, raw: dict[str, Any]) -> str:
    return f"entry {entry} ({raw.get('resourceType', '?')}/{raw.get('id', '-')})"


def parse_fhir_bundle(text: str, unit: Unit, source: str) -> ActivityImport:
    """A FHIR R4 Bundle (JSON) of Appointment, Encounter, Schedule and Slot → planned activity."""
    from fhir.resources.R4B import get_fhir_model_class
    from pydantic import ValidationError

    problems = Problems(source)
    try:
        data = json.loads(text)
    except json.JSONDecodeError as exc:
        problems.add("integ_bad_json", line=exc.lineno, problem=exc.msg)
        problems.raise_if_any()
    if not isinstance(data, dict) or data.get("resourceType") != "Bundle":
        problems.add("integ_not_bundle", found=str(data.get("resourceType") if isinstance(data, dict) else "?"))
        problems.raise_if_any()
    entries = data.get("entry") or []
    if not isinstance(entries, list):
        problems.add("integ_bad_resource", resource="Bundle.entry", problem="not a list")
        problems.raise_if_any()
    parsed: list[tuple[str, Any]] = []
    for number, entry in enumerate(entries, start=1):
        raw = entry.get("resource") if isinstance(entry, dict) else None
        if not isinstance(raw, dict):
            problems.add("integ_bad_resource", resource=f"entry {number}", problem="no resource")
            continue
        name = _name(number, raw)
        kind = raw.get("resourceType")
        if kind not in RESOURCE_TYPES:
            problems.add("integ_unknown_resource", resource=name, known=", ".join(RESOURCE_TYPES))
            continue
        try:
            resource = get_fhir_model_class(kind).model_validate(raw)
        except ValidationError as exc:
            first = exc.errors()[0]
            where = ".".join(str(p) for p in first.get("loc", ()))
            problems.add("integ_bad_resource", resource=name, problem=f"{where}: {first.get('msg', '')}")
            continue
        problem = _status_problem(kind, resource)
        if problem:
            problems.add("integ_bad_resource", resource=name, problem=problem)
            continue
        parsed.append((name, resource))
    problems.raise_if_any()
    return _activity_of(parsed, unit, problems)


def _status_problem(kind: str, resource: Any) -> str | None:
    allowed = {"Appointment": APPOINTMENT_STATUS, "Encounter": ENCOUNTER_STATUS, "Slot": SLOT_STATUS}.get(kind)
    if allowed is None:
        return None
    status = resource.status
    if not status:
        return "status: missing"
    if status not in allowed:
        return f"status: '{status}' is not one of {', '.join(sorted(allowed))}"
    if kind == "Appointment" and status in APPOINTMENT_ACTIVE and resource.start is None:
        return "start: missing"
    if kind == "Encounter" and status not in ENCOUNTER_SKIPPED:
        if resource.period is None or resource.period.start is None:
            return "period.start: missing"
        if resource.period.end is not None and resource.period.end < resource.period.start:
            return "period.end before period.start"
        code = (resource.class_fhir.code or "").upper() if resource.class_fhir is not None else ""
        if code not in INPATIENT_CLASSES | OUTPATIENT_CLASSES:
            return f"class: '{code}' is not one of {', '.join(sorted(INPATIENT_CLASSES | OUTPATIENT_CLASSES))}"
    if kind == "Slot" and (resource.start is None or resource.schedule is None):
        return "start/schedule: missing"
    return None


def _activity_of(parsed: list[tuple[str, Any]], unit: Unit, problems: Problems) -> ActivityImport:
    result = ActivityImport(unit_id=unit.id)
    # Location and Organization resources in the bundle: their ids and identifier values.
    places: dict[str, set[str]] = {}
    for _, r in parsed:
        if r.get_resource_type() in ("Location", "Organization"):
            values = {i.value for i in r.identifier or [] if i.value}
            places[f"{r.get_resource_type()}/{r.id}"] = values | ({r.id} if r.id else set())

    def ours(resource: Any) -> bool:
        refs = _place_references(resource)
        if not refs:  # no reference to a place: the unit given on import
            return True
        return any(unit.id in _reference_ids(ref, places) for ref in refs)

    schedules = {f"Schedule/{r.id}": ours(r) for _, r in parsed if r.get_resource_type() == "Schedule"}
    booked_slots = {
        s.reference for _, r in parsed if r.get_resource_type() == "Appointment" for s in r.slot or [] if s.reference
    }
    inpatient: list[tuple[dt.datetime, dt.datetime | None]] = []
    for name, r in parsed:
        kind = r.get_resource_type()
        if kind in ("Location", "Organization", "Schedule"):
            continue
        result.resources += 1
        if kind == "Slot":
            schedule = r.schedule.reference or ""
            if schedule not in schedules:
                problems.add("integ_bad_resource", resource=name, problem=f"schedule: '{schedule}' not in the bundle")
                continue
            if not schedules[schedule]:
                result.other_units += 1
            elif r.status == "busy" and f"Slot/{r.id}" not in booked_slots:
                start = _local(r.start)
                result.add(start.date(), interval_of(start.time()).value, ActivityKind.OUTPATIENT_VISIT)
            continue
        if not ours(r):
            result.other_units += 1
            continue
        if kind == "Appointment":
            if r.status not in APPOINTMENT_ACTIVE:
                continue
            codes = _codes(r.serviceCategory) | _codes(r.serviceType) | _codes([r.appointmentType])
            what = ActivityKind.OPERATION if codes & OPERATION_CODES else ActivityKind.OUTPATIENT_VISIT
            start = _local(r.start)
            result.add(start.date(), interval_of(start.time()).value, what)
        elif kind == "Encounter":
            if r.status in ENCOUNTER_SKIPPED:
                continue
            code = (r.class_fhir.code or "").upper()
            start = _local(r.period.start)
            end = _local(r.period.end) if r.period.end is not None else None
            if code in INPATIENT_CLASSES:
                result.add(start.date(), interval_of(start.time()).value, ActivityKind.ADMISSION)
                if end is not None:
                    result.add(end.date(), interval_of(end.time()).value, ActivityKind.DISCHARGE)
                inpatient.append((start, end))
            else:
                result.add(start.date(), interval_of(start.time()).value, ActivityKind.OUTPATIENT_VISIT)
    problems.raise_if_any()
    dates = result.dates + [s.date() for s, _ in inpatient]
    if dates and (max(dates) - min(dates)).days + 1 > MAX_DAYS:
        raise UserError.of("integ_period_too_long", start=min(dates).isoformat(), end=max(dates).isoformat(),
                           days=MAX_DAYS)
    _add_census(result, inpatient)
    return result


def _add_census(result: ActivityImport, stays: list[tuple[dt.datetime, dt.datetime | None]]) -> None:
    """Patients at the midnight census: a stay counts on each date whose midnight (24:00) it spans.
    A stay without an end counts to the last date of the import."""
    if not stays:
        return
    last = max(result.dates)
    for start, end in stays:
        date = start.date()
        stop = end.date() if end is not None else last + dt.timedelta(days=1)
        while date < stop:
            result.add(date, "", ActivityKind.PATIENTS)
            date += dt.timedelta(days=1)


def read_activity(path: Path, unit: Unit) -> ActivityImport:
    """A FHIR Bundle (``.json``) or the plain CSV (any other suffix) → planned activity of ``unit``."""
    text = read_text(path)
    if path.suffix.lower() == ".json" or text.lstrip().startswith("{"):
        return parse_fhir_bundle(text, unit, str(path))
    return parse_activity_csv(text, unit, str(path))
