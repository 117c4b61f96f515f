"""The staffing centre (bemanningssenter) in the web app: a solved region imported from the output of
``bemanning region solve``, its open places across units, the pool's calendar, placing a pool employee
by hand (the rule check across units is ``planning/pool.py``'s ``PoolProblem.refusal``: the roster
engine's rule objects on the union of the employee's shifts in all units) and the agency
pre-assessment (``planning/preassessment.py``) with a manager's approval or rejection and its reason.

How a region gets here: the region is solved on the command line or a Ray cluster (a whole trust is
far too heavy for a web worker), then one zip of the region folder and the solve's output folder is
uploaded. The open places are recomputed from each unit's roster by the checker; the pool's
placements come from ``pool_roster.csv`` and must fit those places and pass the rules.
"""

from __future__ import annotations

import csv
import datetime as dt
import io
import re
import tempfile
import threading
import unicodedata
import zipfile
from collections import OrderedDict, defaultdict
from dataclasses import dataclass, field, replace
from functools import cached_property
from pathlib import Path, PurePosixPath
from typing import Any

from sqlalchemy import select, update
from sqlalchemy.exc import IntegrityError

from bemanning.i18n import register
from bemanning.io.errors import UserError, UserMessage
from bemanning.io.region_file import load_region
from bemanning.io.roster_csv import read_roster_csv
from bemanning.model import Roster, Unit
from bemanning.model.region import RegionFile, UnitRef
from bemanning.planning.pool import (
    OpenPlace,
    Placement,
    PoolProblem,
    PoolResult,
    Refusal,
    open_places,
    placed_result,
    region_period,
)
from bemanning.planning.preassessment import Assessment, assess_region
from bemanning.planning.rostering import build_context, check_context
from bemanning.store import repo
from bemanning.store.db import Database
from bemanning.store.tables import AgencyDecisionRow, RegionRow, utcnow

from .problems import Problem

MAX_ZIP_BYTES = 20 * 1024 * 1024
MAX_ZIP_MEMBERS = 5000
MAX_UNZIPPED_BYTES = 200 * 1024 * 1024
REASON_MIN_CHARS = 10
REASON_MAX_CHARS = 500
DECISIONS = ("approved", "rejected")

register(
    {
        "sc_zip_bad": {
            "no": "{path}: ikke en zip-fil (last opp regionmappen og resultatmappen fra «bemanning region solve» "
                  "som én zip)",
            "en": "{path}: not a zip file (upload the region folder and the output folder of 'bemanning region "
                  "solve' as one zip)",
        },
        "sc_zip_too_large": {
            "no": "{path}: zip-filen er for stor ({what}; grense {limit})",
            "en": "{path}: the zip file is too large ({what}; limit {limit})",
        },
        "sc_zip_unsafe": {
            "no": "{path}: filnavnet «{name}» i zip-filen er ikke tillatt (absolutt sti eller ..)",
            "en": "{path}: the name '{name}' in the zip file is not allowed (absolute path or ..)",
        },
        "sc_zip_missing": {
            "no": "{path}: finner ingen {file} i zip-filen",
            "en": "{path}: no {file} in the zip file",
        },
        "sc_zip_twice": {
            "no": "{path}: zip-filen har {file} flere steder ({where}); ta med én region",
            "en": "{path}: the zip file has {file} in several places ({where}); include one region",
        },
        "sc_pool_row": {
            "no": "{path}, rad {row}: {problem}",
            "en": "{path}, row {row}: {problem}",
        },
        "sc_pool_no_place": {
            "no": "{path}, rad {row}: ingen åpen plass for {unit} {date} {shift} {group} (flere plassert enn plasser)",
            "en": "{path}, row {row}: no open place for {unit} {date} {shift} {group} (more placed than places)",
        },
        "sc_pool_breaks_rules": {
            "no": "{path}: bemanningssenterets turnus bryter regler: {rules}",
            "en": "{path}: the pool's roster breaks rules: {rules}",
        },
        "web_region_exists": {
            "no": "Regionen «{region_id}» finnes allerede.",
            "en": "The region '{region_id}' already exists.",
        },
        "entity_region": {"no": "Regionen", "en": "The region"},
        "audit_entity_region": {"no": "region", "en": "region"},
        "audit_entity_agency": {"no": "innleie", "en": "agency"},
        "audit_action_region_import": {"no": "region importert", "en": "region imported"},
        "audit_action_pool_place": {"no": "bemanningssenter plassert", "en": "pool employee placed"},
        "audit_action_pool_unplace": {"no": "bemanningssenter fjernet", "en": "pool employee removed"},
        "entity_placement": {"no": "Plasseringen", "en": "The placement"},
        "audit_action_agency_approved": {"no": "innleie godkjent", "en": "agency approved"},
        "audit_action_agency_rejected": {"no": "innleie avslått", "en": "agency rejected"},
        "entity_open_place": {"no": "Den åpne plassen", "en": "The open place"},
        "entity_pool_employee": {"no": "Bemanningssenter-ansatt", "en": "The pool employee"},
        "web_place_filled": {
            "no": "Plassen {unit} {date} {shift} ({group}) er allerede dekket; ingen plass igjen til innleie.",
            "en": "The place {unit} {date} {shift} ({group}) is already covered; nothing left for agency.",
        },
        "web_pool_refused_permission": {
            "no": "{employee} har ikke tillatelse til å jobbe på {unit}.",
            "en": "{employee} is not permitted to work at {unit}.",
        },
        "web_pool_refused_orientation": {
            "no": "{employee} mangler opplæring på {unit}.",
            "en": "{employee} has not had orientation at {unit}.",
        },
        "web_pool_refused_competence": {
            "no": "{employee} mangler kompetansen {unit} krever ({competences}).",
            "en": "{employee} lacks the competence {unit} requires ({competences}).",
        },
        "web_pool_refused_group": {
            "no": "{employee} ({own}) kan ikke ta en plass for {group} på {unit}.",
            "en": "{employee} ({own}) may not take a place for {group} at {unit}.",
        },
        "web_pool_refused_busy": {
            "no": "{employee} har allerede en vakt {date} (én vakt per dag).",
            "en": "{employee} already has a shift on {date} (one shift a day).",
        },
        "web_pool_refused_rule": {
            "no": "Plasseringen avvises: {employee} ville brutt en regel med vaktene sine på tvers av enhetene.",
            "en": "Placement refused: {employee} would break a rule with their shifts across units.",
        },
        "web_pool_rule_line": {"no": "«{rule}» ({reference}): {detail}", "en": "'{rule}' ({reference}): {detail}"},
        "web_pool_refused_units_per_week": {
            "no": "{employee} kan jobbe på høyst {limit:p:enhet|enheter} per uke.",
            "en": "{employee} may work at no more than {limit:p:unit|units} a week.",
        },
        "web_reason_missing": {
            "no": "Skriv en begrunnelse (minst {min} tegn) for beslutningen om innleie.",
            "en": "Write a reason (at least {min} characters) for the agency decision.",
        },
        "web_reason_too_long": {
            "no": "Begrunnelsen er for lang ({length} tegn; høyst {max}).",
            "en": "The reason is too long ({length} characters; at most {max}).",
        },
        "web_agency_not_needed": {
            "no": "Plassen {unit} {date} {shift} ({group}) går ikke til innleie (den er dekket eller finnes ikke).",
            "en": "The place {unit} {date} {shift} ({group}) does not go to agency (covered or unknown).",
        },
        "web_bad_decision": {
            "no": "decision = {value}: må være approved eller rejected.",
            "en": "decision = {value}: must be approved or rejected.",
        },
        "web_agency_not_your_unit": {
            "no": "Du kan bare se og avgjøre innleie for enhetene du er ansvarlig for ({units}); {unit} er ikke "
                  "en av dem.",
            "en": "You may only see and decide agency hire for the units you are responsible for ({units}); {unit} "
                  "is not one of them.",
        },
        "web_agency_no_units": {
            "no": "Du er ikke ansvarlig for noen enheter, og kan ikke se eller avgjøre innleie for {unit}; det gjør "
                  "enhetens leder.",
            "en": "You are not responsible for any unit and may not see or decide agency hire for {unit}; the "
                  "unit's manager does.",
        },
        "audit_action_agency_denied": {"no": "innleie nektet (ikke egen enhet)",
                                       "en": "agency refused (not own unit)"},
        "web_date_outside_region": {
            "no": "{field} = {value}: datoen ligger utenfor regionens periode ({start} – {end}).",
            "en": "{field} = {value}: the date lies outside the region's period ({start} – {end}).",
        },
    }
)


# --- import ---------------------------------------------------------------------------------------


@dataclass
class ImportedRegion:
    region: RegionFile
    units: dict[str, Unit]
    rosters: dict[str, Roster]
    placements: list[Placement]


def _safe_members(archive: zipfile.ZipFile, name: str) -> list[zipfile.ZipInfo]:
    members = [m for m in archive.infolist() if not m.is_dir()]
    if len(members) > MAX_ZIP_MEMBERS:
        raise UserError.of("sc_zip_too_large", path=name, what=f"{len(members)} filer", limit=MAX_ZIP_MEMBERS)
    total = sum(m.file_size for m in members)
    if total > MAX_UNZIPPED_BYTES:
        raise UserError.of("sc_zip_too_large", path=name, what=f"{total // 1_000_000} MB",
                           limit=f"{MAX_UNZIPPED_BYTES // 1_000_000} MB")
    for m in members:
        parts = PurePosixPath(m.filename.replace("\\", "/")).parts
        if m.filename.startswith(("/", "\\")) or ".." in parts or (parts and ":" in parts[0]):
            raise UserError.of("sc_zip_unsafe", path=name, name=m.filename[:80])
    return members


def _one(paths: list[Path], file: str, name: str, root: Path) -> Path:
    if not paths:
        raise UserError.of("sc_zip_missing", path=name, file=file)
    if len(paths) > 1:
        where = ", ".join(str(p.relative_to(root)) for p in paths[:3])
        raise UserError.of("sc_zip_twice", path=name, file=file, where=where)
    return paths[0]


def _inside(name: str, root: Path, path: Any) -> str:
    """A path in the unpacked zip as the user knows it: ``region.zip: region/units/med.yaml``."""
    try:
        return f"{name}: {Path(str(path)).relative_to(root)}"
    except ValueError:
        return f"{name}: {Path(str(path)).name}"


def region_from_zip(filename: str | None, data: bytes) -> ImportedRegion:
    """The region, its units, each unit's roster and the pool's placements from an uploaded zip of the
    region folder (``region.yaml`` and its unit files) and the output folder of ``bemanning region solve``
    (``pool_roster.csv``, ``units/<unit>/roster.csv``). Every problem names the file and the value."""
    from .unit_import import safe_filename

    name = safe_filename(filename or "region.zip")
    if len(data) > MAX_ZIP_BYTES:
        raise UserError.of("sc_zip_too_large", path=name, what=f"{len(data) // 1_000_000} MB",
                           limit=f"{MAX_ZIP_BYTES // 1_000_000} MB")
    try:
        archive = zipfile.ZipFile(io.BytesIO(data))
    except (zipfile.BadZipFile, ValueError):
        raise UserError.of("sc_zip_bad", path=name) from None
    with archive, tempfile.TemporaryDirectory() as folder:
        root = Path(folder)
        try:
            for member in _safe_members(archive, name):
                target = root / member.filename.replace("\\", "/")
                target.parent.mkdir(parents=True, exist_ok=True)
                with archive.open(member) as source:
                    target.write_bytes(source.read(MAX_UNZIPPED_BYTES + 1))
        except (zipfile.BadZipFile, OSError, NotImplementedError, RuntimeError):
            raise UserError.of("sc_zip_bad", path=name) from None
        region_path = _one(sorted(root.rglob("region.yaml")), "region.yaml", name, root)
        out = _one(sorted(root.rglob("pool_roster.csv")), "pool_roster.csv", name, root).parent
        try:
            loaded = load_region(region_path)
        except UserError as exc:
            for message in [exc.header, *exc.messages]:
                if message is not None and "path" in message.context:
                    message.context["path"] = _inside(name, root, message.context["path"])
            raise
        region, units = loaded.region, loaded.units
        period = region_period(region)
        rosters: dict[str, Roster] = {}
        for uid, unit in units.items():
            path = out / "units" / uid / "roster.csv"
            if not path.is_file():
                raise UserError.of("sc_zip_missing", path=name, file=f"units/{uid}/roster.csv")
            rosters[uid] = read_roster_csv(path, unit, start=period.start, days=period.days, cyclic=False)
        places = places_of(region, units, rosters)
        placements = _read_pool_roster(out / "pool_roster.csv", f"{name}: pool_roster.csv", region, units, places)
    problem = PoolProblem(region, units, places)
    broken = problem.check(problem.roster_of(placements))
    if broken:
        raise UserError.of("sc_pool_breaks_rules", path=f"{name}: pool_roster.csv", rules="; ".join(broken[:3]))
    return ImportedRegion(region, units, rosters, placements)


def _read_pool_roster(
    path: Path, source: str, region: RegionFile, units: dict[str, Unit], places: list[OpenPlace]
) -> list[Placement]:
    period = region_period(region)
    left = {p.key: p.count for p in places}
    pool = {e.id for e in region.pool.employees}
    text = path.read_bytes().decode("utf-8-sig", errors="replace")
    reader = csv.DictReader(io.StringIO(text))
    columns = ("employee_id", "unit_id", "date", "shift_code", "group")
    missing = [c for c in columns if c not in (reader.fieldnames or [])]
    if missing:
        raise UserError.of("csv_missing_columns", path=source, columns=", ".join(missing))
    out: list[Placement] = []
    errors: list[UserMessage] = []
    for line, row in enumerate(reader, start=2):
        employee, uid, code, group = (str(row.get(c) or "").strip() for c in ("employee_id", "unit_id", "shift_code",
                                                                             "group"))
        try:
            date = dt.date.fromisoformat(str(row.get("date") or "").strip())
        except ValueError:
            date = None
        bad = ("employee_id", employee) if employee not in pool else ("unit_id", uid) if uid not in units else (
            ("date", str(row.get("date"))) if date is None or not period.start <= date <= period.end else
            ("shift_code", code) if code not in {s.code for s in units[uid].shift_types} else None)
        if bad is not None:
            errors.append(UserMessage("csv_bad_cell", {"path": source, "row": line, "column": bad[0],
                                                       "problem": bad[1][:40]}))
            continue
        assert date is not None
        day = (date - period.start).days
        key = (uid, day, code, group)
        if left.get(key, 0) <= 0:
            errors.append(UserMessage("sc_pool_no_place", {"path": source, "row": line, "unit": uid,
                                                           "date": date.isoformat(), "shift": code, "group": group}))
            continue
        left[key] -= 1
        out.append(Placement(employee, uid, day, date, code, group))
    if errors:
        raise UserError(errors[:50])
    return out


def places_of(region: RegionFile, units: dict[str, Unit], rosters: dict[str, Roster]) -> list[OpenPlace]:
    """Every unit's open places after its own roster, by the checker (as ``bemanning region solve``)."""
    period = region_period(region)
    places: list[OpenPlace] = []
    for uid, unit in units.items():
        report = check_context(build_context(unit, period), rosters[uid], [])  # coverage only
        places += open_places(unit, list(report.uncovered), period)
    places.sort(key=lambda p: (p.day, p.unit_id, p.shift, p.group))
    return places


def _placement_json(p: Placement, by: str) -> dict[str, Any]:
    return {"employee_id": p.employee_id, "unit_id": p.unit_id, "date": p.date.isoformat(), "shift": p.shift,
            "group": p.group, "by": by}


def store_region(db: Database, by: str, imported: ImportedRegion) -> RegionRow:
    region = imported.region
    document = {"region": region.model_dump(mode="json"),
                "units": {uid: u.model_dump(mode="json") for uid, u in imported.units.items()}}
    rosters = {uid: r.model_dump(mode="json") for uid, r in imported.rosters.items()}
    now = utcnow()
    row = RegionRow(id=region.id, name=region.name, version=1, document=document, rosters=rosters,
                    placements=[_placement_json(p, "import") for p in imported.placements],
                    imported_by=by, imported_at=now, updated_at=now)
    try:
        with db.transaction() as session:
            if session.get(RegionRow, region.id) is not None:
                raise Problem(409, "web_region_exists", region_id=region.id)
            session.add(row)
            session.flush()
            repo.add_audit(session, by, "region", region.id, "region_import",
                           f"units={len(imported.units)}; employees={len(region.pool.employees)}; "
                           f"placements={len(imported.placements)}")
    except IntegrityError:
        raise Problem(409, "web_region_exists", region_id=region.id) from None
    return row


# --- the stored region ----------------------------------------------------------------------------


PlaceKey = tuple[str, int, str, str]  # (unit, day, shift, group), as OpenPlace.key


@dataclass
class RegionBase:
    """What does not change when the pool is edited: the region, units, unit rosters and open places."""

    region: RegionFile
    units: dict[str, Unit]
    rosters: dict[str, Roster]
    places: list[OpenPlace]
    problem: PoolProblem
    refs: dict[str, UnitRef]
    place_by_key: dict[tuple[str, int, str, str], OpenPlace]


@dataclass
class RegionState:
    id: str
    name: str
    version: int
    base: RegionBase
    placements: list[Placement]
    placed_by: dict[tuple[str, str, str], str] = field(default_factory=dict)  # (employee, date, shift) → user

    @cached_property
    def pool(self) -> PoolResult:
        return placed_result(self.base.problem, self.placements, "web")


class RegionCache:
    """Parsed regions by (id, import time) and pre-assessments by (id, version): parsing the units and
    checking every unit's roster costs seconds on a trust, a pool edit only a few checks."""

    def __init__(self, size: int = 8):
        self._lock = threading.Lock()
        self._base: OrderedDict[tuple[str, str], RegionBase] = OrderedDict()
        self._assessments: OrderedDict[tuple[str, int], dict[PlaceKey, Assessment]] = OrderedDict()
        self.size = size

    def base(self, row: RegionRow) -> RegionBase:
        key = (row.id, row.imported_at.isoformat())
        with self._lock:
            if key in self._base:
                self._base.move_to_end(key)
                return self._base[key]
        region = RegionFile.model_validate(row.document["region"])
        units = {uid: Unit.model_validate(doc) for uid, doc in row.document["units"].items()}
        rosters = {uid: Roster.model_validate(doc) for uid, doc in row.rosters.items()}
        places = places_of(region, units, rosters)
        base = RegionBase(region, units, rosters, places, PoolProblem(region, units, places),
                          {r.id: r for r in region.unit_refs()}, {p.key: p for p in places})
        with self._lock:
            self._base[key] = base
            while len(self._base) > self.size:
                self._base.popitem(last=False)
        return base

    def assessments(self, state: RegionState, keys: list[PlaceKey]) -> list[Assessment]:
        """The pre-assessment of the agency places ``keys``, computed once per region version and place
        (a trust has hundreds of agency places: only those asked for are assessed)."""
        with self._lock:
            store = self._assessments.setdefault((state.id, state.version), {})
            self._assessments.move_to_end((state.id, state.version))
            while len(self._assessments) > self.size:
                self._assessments.popitem(last=False)
            missing = [k for k in keys if k not in store]
        if missing:
            base = state.base
            pool = replace(state.pool, agency={k: state.pool.agency[k] for k in missing})
            start = base.problem.ctx.period.start
            found = {(a.unit_id, (a.date - start).days, a.shift, a.group): a
                     for a in assess_region(base.region, base.units, base.rosters, pool)}
            with self._lock:
                store.update(found)
        return [store[k] for k in keys]


def region_cache(app_state: Any) -> RegionCache:
    cache = getattr(app_state, "region_cache", None)
    if cache is None:
        cache = app_state.region_cache = RegionCache()
    return cache


def _placements(base: RegionBase, rows: list[dict[str, Any]]) -> tuple[list[Placement], dict[Any, str]]:
    start = base.problem.ctx.period.start
    out, by = [], {}
    for r in rows:
        date = dt.date.fromisoformat(r["date"])
        out.append(Placement(r["employee_id"], r["unit_id"], (date - start).days, date, r["shift"], r["group"]))
        by[(r["employee_id"], r["date"], r["shift"])] = str(r.get("by") or "")
    return out, by


def load_state(db: Database, cache: RegionCache, region_id: str) -> RegionState:
    with db.read() as session:
        row = session.get(RegionRow, region_id)
        if row is None:
            raise repo.NotFound("region", region_id)
        base = cache.base(row)
        placements, by = _placements(base, list(row.placements))
        return RegionState(row.id, row.name, row.version, base, placements, by)


def list_regions(db: Database) -> list[dict[str, Any]]:
    with db.read() as session:
        rows = session.execute(select(RegionRow.id, RegionRow.name, RegionRow.version, RegionRow.imported_at)
                               .order_by(RegionRow.name)).all()
    return [{"id": r.id, "name": r.name, "version": r.version, "imported_at": r.imported_at.isoformat()}
            for r in rows]


# --- views ----------------------------------------------------------------------------------------


@dataclass(frozen=True)
class Filters:
    start: dt.date | None = None
    end: dt.date | None = None
    group: str | None = None
    competence: str | None = None
    unit: str | None = None


def check_filters(state: RegionState, filters: Filters) -> None:
    period = state.base.problem.ctx.period
    for name, value in (("from", filters.start), ("to", filters.end)):
        if value is not None and not period.start <= value <= period.end:
            raise Problem(422, "web_date_outside_region", field=name, value=value.isoformat(),
                          start=period.start.isoformat(), end=period.end.isoformat())


def open_place_rows(state: RegionState, filters: Filters) -> list[dict[str, Any]]:
    """Open places across units with what the pool covers and what is left for agency."""
    check_filters(state, filters)
    base = state.base
    filled: dict[tuple[str, int, str, str], list[str]] = defaultdict(list)
    for q in state.placements:
        filled[(q.unit_id, q.day, q.shift, q.group)].append(q.employee_id)
    place_of = base.region.place_of()
    out = []
    for p in base.places:
        ref = base.refs[p.unit_id]
        if filters.start and p.date < filters.start or filters.end and p.date > filters.end:
            continue
        if filters.group and p.group != filters.group or filters.unit and p.unit_id != filters.unit:
            continue
        if filters.competence and filters.competence not in ref.required_competences:
            continue
        trust, clinic = place_of[p.unit_id]
        who = filled.get(p.key, [])
        out.append({
            "unit_id": p.unit_id, "unit_name": base.units[p.unit_id].name, "trust_id": trust.id,
            "clinic_id": clinic.id, "date": p.date.isoformat(), "shift_code": p.shift, "group": p.group,
            "hours": p.minutes / 60, "open": p.count, "pool": len(who), "agency": p.count - len(who),
            "pool_employees": who, "required_competences": list(ref.required_competences),
            "eligible": base.problem.eligible[p.key],
        })
    return out


def pool_calendar(state: RegionState, filters: Filters) -> dict[str, Any]:
    """The pool's calendar: every pool employee's shifts per date (unit and shift), with their hours."""
    check_filters(state, filters)
    base = state.base
    period = base.problem.ctx.period
    first, last = filters.start or period.start, filters.end or period.end
    dates = [first + dt.timedelta(days=i) for i in range((last - first).days + 1)]
    cells: dict[str, dict[str, dict[str, str]]] = defaultdict(dict)
    minutes: dict[str, int] = defaultdict(int)
    for p in state.placements:
        minutes[p.employee_id] += round(base.units[p.unit_id].shift_type(p.shift).working_hours * 60)
        if first <= p.date <= last:
            cells[p.employee_id][p.date.isoformat()] = {"unit_id": p.unit_id, "shift_code": p.shift, "group": p.group}
    employees = [{"id": e.id, "name": e.name, "group": e.group, "position_pct": e.position_pct,
                  "units": list(e.units), "hours": minutes[e.id] / 60, "shifts": cells.get(e.id, {})}
                 for e in base.region.pool.employees]
    return {"dates": [d.isoformat() for d in dates], "employees": employees}


def preassessment_rows(
    state: RegionState, cache: RegionCache, filters: Filters, db: Database, limit: int | None = None,
    units: frozenset[str] | None = None,
) -> tuple[list[dict[str, Any]], int]:
    """The pre-assessment of the agency places the filters select (the first ``limit`` of them), with the
    decision in force; and how many the filters select in all. ``units``: only these units' places (a
    manager's own, ``Actor.agency_units``; None: every unit)."""
    check_filters(state, filters)
    base = state.base
    start = base.problem.ctx.period.start
    keys = []
    for key in sorted(state.pool.agency, key=lambda k: (k[1], k)):
        unit_id, day, _shift, group = key
        date = start + dt.timedelta(days=day)
        if filters.start and date < filters.start or filters.end and date > filters.end:
            continue
        if filters.unit and unit_id != filters.unit or filters.group and group != filters.group:
            continue
        if filters.competence and filters.competence not in base.refs[unit_id].required_competences:
            continue
        if units is not None and unit_id not in units:
            continue
        keys.append(key)
    decisions = latest_decisions(db, state.id)
    out = []
    for a in cache.assessments(state, keys[:limit] if limit is not None else keys):
        out.append({
            "unit_id": a.unit_id, "date": a.date.isoformat(), "shift_code": a.shift, "group": a.group,
            "heads": a.heads, "hours": a.hours, "agency_cost_nok": a.agency_cost,
            "recommendation": a.recommendation,
            "options": [{"option": v.option, "possible": v.possible, "reason": v.reason, "detail": v.detail,
                         "cost_nok": v.cost} for v in a.verdicts],
            "decision": decisions.get((a.unit_id, a.date.isoformat(), a.shift, a.group)),
        })
    return out, len(keys)


# --- placing a pool employee ----------------------------------------------------------------------


def _refusal_problem(state: RegionState, refusal: Refusal, trial: Placement) -> Problem:
    base = state.base
    person = next((e for e in base.region.pool.employees if e.id == trial.employee_id), None)
    ctx: dict[str, Any] = {"employee": trial.employee_id, "unit": trial.unit_id, "date": trial.date.isoformat(),
                           "group": trial.group, "own": person.group if person else "",
                           "competences": ", ".join(base.refs[trial.unit_id].required_competences),
                           "limit": refusal.limit or 0}
    extra: dict[str, Any] = {"reason": refusal.reason}
    lines: list[UserMessage] = []
    if refusal.violation is not None:
        v = refusal.violation
        # The rule's name and what is wrong, in the reader's language (the checker's own texts).
        lines.append(UserMessage("web_pool_rule_line", {"rule": UserMessage(f"rule_{v.rule}"),
                                                        "reference": v.reference,
                                                        "detail": UserMessage(f"viol_{v.rule}", dict(v.detail))}))
        extra.update(rule=v.rule, reference=v.reference, dates=[d.isoformat() for d in v.dates])
    return Problem(409, f"web_pool_refused_{refusal.reason}", messages=lines, extra=extra, **ctx)


def place(db: Database, cache: RegionCache, by: str, region_id: str, version: int, employee_id: str,
          unit_id: str, date: dt.date, shift: str, group: str) -> RegionState:
    """Place ``employee_id`` on one head of an open place that would otherwise go to agency: refused (409,
    naming the rule and its reference) when the union of their shifts across units would break a rule."""
    state = load_state(db, cache, region_id)
    if state.version != version:  # checked against someone else's newer pool: answer that first
        raise repo.VersionConflict("region", version, state.version)
    base = state.base
    period = base.problem.ctx.period
    if not period.start <= date <= period.end:
        raise Problem(422, "web_date_outside_region", field="date", value=date.isoformat(),
                      start=period.start.isoformat(), end=period.end.isoformat())
    if employee_id not in {e.id for e in base.region.pool.employees}:
        raise repo.NotFound("pool_employee", employee_id)
    key = (unit_id, (date - period.start).days, shift, group)
    place_ = base.place_by_key.get(key)
    if place_ is None:
        raise repo.NotFound("open_place", f"{unit_id} {date.isoformat()} {shift} {group}")
    taken = sum(1 for p in state.placements if (p.unit_id, p.day, p.shift, p.group) == key)
    if taken >= place_.count:
        raise Problem(409, "web_place_filled", unit=unit_id, date=date.isoformat(), shift=shift, group=group)
    trial = Placement(employee_id, unit_id, key[1], date, shift, group)
    refusal = base.problem.refusal(state.placements, trial)
    if refusal is not None:
        raise _refusal_problem(state, refusal, trial)
    with db.transaction() as session:
        row = session.get(RegionRow, region_id)
        if row is None:
            raise repo.NotFound("region", region_id)
        _store_placements(session, row, version, [*row.placements, _placement_json(trial, by)])
        # The place, not the person: who works where stays in the region's own record.
        repo.add_audit(session, by, "region", region_id, "pool_place",
                       f"unit={unit_id}; date={date.isoformat()}; shift={shift}; group={group}; "
                       f"v{version}->v{version + 1}")
    return load_state(db, cache, region_id)


def _store_placements(session: Any, row: RegionRow, version: int, rows: list[dict[str, Any]]) -> None:
    """Write the region's placements if it is still at ``version`` (optimistic locking), one version up."""
    result = session.execute(update(RegionRow).where(RegionRow.id == row.id, RegionRow.version == version)
                             .values(placements=rows, version=version + 1, updated_at=utcnow()))
    if getattr(result, "rowcount", 0) != 1:
        raise repo.VersionConflict("region", version, row.version)


def unplace(db: Database, cache: RegionCache, by: str, region_id: str, version: int, employee_id: str,
            date: dt.date) -> RegionState:
    """Take a pool employee off their shift on ``date``: the place goes back to agency."""
    state = load_state(db, cache, region_id)
    if state.version != version:
        raise repo.VersionConflict("region", version, state.version)
    with db.transaction() as session:
        row = session.get(RegionRow, region_id)
        if row is None:
            raise repo.NotFound("region", region_id)
        rows = list(row.placements)
        found = next((r for r in rows if r["employee_id"] == employee_id and r["date"] == date.isoformat()), None)
        if found is None:
            raise repo.NotFound("placement", f"{employee_id} {date.isoformat()}")
        rows.remove(found)
        _store_placements(session, row, version, rows)
        repo.add_audit(session, by, "region", region_id, "pool_unplace",
                       f"unit={found['unit_id']}; date={found['date']}; shift={found['shift']}; "
                       f"group={found['group']}; v{version}->v{version + 1}")
    return load_state(db, cache, region_id)


# --- agency decisions -----------------------------------------------------------------------------

_FNR = re.compile(r"\b\d{6}\s?\d{5}\b")  # fødselsnummer
_EMAIL = re.compile(r"\b[\w.+-]+@[\w-]+(\.[\w-]+)+\b")
_PHONE = re.compile(r"(?<!\d)(\+47\s?)?(\d\s?){8}(?!\d)")


def sanitise_reason(text: str, names: list[str]) -> str:
    """The reason as it is stored and audited: printable characters only, spaces collapsed, and personal
    data masked (national identity numbers, e-mail addresses, phone numbers and the names of the region's
    employees). Raises 422 when it is missing, too short or too long."""
    cleaned = "".join(c if unicodedata.category(c)[0] != "C" else " " for c in text or "")
    cleaned = " ".join(cleaned.split())
    if len(cleaned) > REASON_MAX_CHARS:
        raise Problem(422, "web_reason_too_long", length=len(cleaned), max=REASON_MAX_CHARS)
    cleaned = _FNR.sub("[fnr]", cleaned)
    cleaned = _EMAIL.sub("[e-post]", cleaned)
    cleaned = _PHONE.sub("[tlf]", cleaned)
    words = sorted({w for n in names for w in [n, *n.split()] if len(w) >= 3}, key=len, reverse=True)
    if words:
        cleaned = re.sub(r"\b(" + "|".join(re.escape(w) for w in words) + r")\b", "[navn]", cleaned)
    if len(cleaned) < REASON_MIN_CHARS:
        raise Problem(422, "web_reason_missing", min=REASON_MIN_CHARS)
    return cleaned


def _names(base: RegionBase) -> list[str]:
    return [e.name for e in base.region.pool.employees] + [e.name for u in base.units.values() for e in u.employees]


def latest_decisions(db: Database, region_id: str) -> dict[tuple[str, str, str, str], dict[str, Any]]:
    with db.read() as session:
        rows = session.scalars(select(AgencyDecisionRow).where(AgencyDecisionRow.region_id == region_id)
                               .order_by(AgencyDecisionRow.id)).all()
        return {(r.unit_id, r.date, r.shift, r.group): {"decision": r.decision, "reason": r.reason,
                                                         "by": r.username, "at": r.at.isoformat(timespec="seconds")}
                for r in rows}


def require_agency_unit(db: Database, by: str, units: frozenset[str] | None, region_id: str, unit_id: str,
                        date: dt.date, shift: str, group: str) -> None:
    """403 (audited) when ``unit_id`` is not among ``units``, the units whose agency hire the user decides
    (``Actor.agency_units``; None: all). Checked before the place is looked up: another unit's places are
    neither decided nor described to the user."""
    if units is None or unit_id in units:
        return
    with db.transaction() as session:
        # The refused attempt, by place (no person): who tried what, for the unit's own manager to see.
        repo.add_audit(session, by, "agency", f"{region_id}/{unit_id[:64]}", "agency_denied",
                       f"date={date.isoformat()}; shift={shift[:64]}; group={group[:64]}; reason=not_responsible")
    if not units:
        raise Problem(403, "web_agency_no_units", unit=unit_id[:64])
    raise Problem(403, "web_agency_not_your_unit", unit=unit_id[:64], units=", ".join(sorted(units)))


def decide(db: Database, cache: RegionCache, by: str, region_id: str, unit_id: str, date: dt.date, shift: str,
           group: str, decision: str, reason: str) -> dict[str, Any]:
    """A manager approves or rejects agency hire for a place the pool left open, with a written reason;
    the decision and the (sanitised) reason go to the audit log."""
    if decision not in DECISIONS:
        raise Problem(422, "web_bad_decision", value=str(decision)[:20])
    state = load_state(db, cache, region_id)
    text = sanitise_reason(reason, _names(state.base))
    period = state.base.problem.ctx.period
    key = (unit_id, (date - period.start).days, shift, group)
    if state.pool.agency.get(key, 0) <= 0:
        raise Problem(409, "web_agency_not_needed", unit=unit_id, date=date.isoformat(), shift=shift, group=group)
    heads = state.pool.agency[key]
    with db.transaction() as session:
        row = AgencyDecisionRow(region_id=region_id, unit_id=unit_id, date=date.isoformat(), shift=shift,
                                group=group, decision=decision, reason=text, username=by, at=utcnow())
        session.add(row)
        session.flush()
        repo.add_audit(session, by, "agency", f"{region_id}/{unit_id}", f"agency_{decision}",
                       f"date={date.isoformat()}; shift={shift}; group={group}; heads={heads}; "
                       f"region_version={state.version}; reason={text}")
        return {"decision": decision, "reason": text, "by": by, "at": row.at.isoformat(timespec="seconds"),
                "heads": heads}
