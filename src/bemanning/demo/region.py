"""The demo region: one trust of units of different kinds, derived from the demo ward, and a
staffing-centre pool. Some weeks are deliberately short of staff (vacation), so places stay open
for the pool and, beyond it, for agency.

``build_region`` is also the generator of the benchmark and the tests (other sizes)."""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass
from pathlib import Path

from bemanning.model import (
    Absence,
    AgencyPrice,
    DayType,
    Employee,
    MinimumStaffing,
    PlanningMode,
    RosterSettings,
    SkillMixRule,
    StaffingSettings,
    Unit,
    WorkArrangement,
)
from bemanning.model.region import Clinic, Pool, PoolEmployee, RegionFile, RegionPeriod, Trust, UnitRef

from .medical_ward import HF, SO, SP, STAFF, build_demo_unit

START = dt.date(2027, 1, 4)
WEEKDAYS = [DayType.WEEKDAY]

# (id prefix, name, kind, clinic)
KINDS: list[tuple[str, str, str, str]] = [
    ("med", "Medisinsk sengepost", "medical", "med"),
    ("kir", "Kirurgisk sengepost", "surgical", "kir"),
    ("int", "Intensivavdeling", "intensive", "akutt"),
    ("dag", "Medisinsk dagenhet", "outpatient", "med"),
    ("ger", "Geriatrisk sengepost", "medical", "med"),
    ("ort", "Ortopedisk sengepost", "surgical", "kir"),
    ("hov", "Hjerteovervåkning", "intensive", "akutt"),
    ("nev", "Nevrologisk sengepost", "medical", "med"),
    ("gas", "Gastrokirurgisk sengepost", "surgical", "kir"),
    ("pou", "Postoperativ enhet", "intensive", "akutt"),
    ("end", "Endoskopi dagenhet", "outpatient", "kir"),
    ("lun", "Lungemedisinsk sengepost", "medical", "med"),
]
CLINICS = {"med": "Medisinsk klinikk", "kir": "Kirurgisk klinikk", "akutt": "Akuttklinikk"}
POSITIONS = [100, 80, 100, 75, 60, 100, 80, 50, 100, 90]


@dataclass
class DemoRegion:
    region: RegionFile
    units: dict[str, Unit]
    files: dict[str, str]  # unit id → file name


def _staff(prefix: str, kind: str, count: int, index: int) -> list[Employee]:
    """``count`` fictional employees; intensive care is nurses only, day units have no nights."""
    if kind == "intensive":
        mix = [SO, SO, SP]
    elif kind == "outpatient":
        mix = [SP, SP, HF]
    else:
        mix = [SO, SP, SP, HF, SP, HF]
    out = []
    for i in range(count):
        first, last = STAFF[(i + 7 * index) % len(STAFF)][:2]
        group = mix[i % len(mix)]
        competences = ["legemiddel"] if group in (SO, SP) else []
        if kind == "intensive":
            competences.append("intensiv")
        out.append(
            Employee(
                id=f"{prefix}{i + 1:02d}",
                name=f"{first} {last}",
                group=group,
                position_pct=POSITIONS[(i + index) % len(POSITIONS)],
                arrangement=WorkArrangement.DAY if kind == "outpatient" else WorkArrangement.THREE_SHIFT,
                competences=competences,
                works_nights=kind != "outpatient",
            )
        )
    return out


def _minimums(kind: str, staff: int) -> list[MinimumStaffing]:
    """Heads per shift scaled to the staff so that a normal week is about covered."""
    if kind == "outpatient":
        return [
            MinimumStaffing(shift="D", group=SP, minimum=max(1, round(staff * 0.55)), day_types=WEEKDAYS),
            MinimumStaffing(shift="D", group=HF, minimum=max(1, round(staff * 0.25)), day_types=WEEKDAYS),
        ]
    per_day = max(3, round(staff * 0.35))
    day, evening = max(1, round(per_day * 0.4)), max(1, round(per_day * 0.35))
    night = max(1, per_day - day - evening)
    out = []
    for shift, heads in (("D", day), ("A", evening), ("N", night)):
        if kind == "intensive":
            out += [MinimumStaffing(shift=shift, group=SO, minimum=max(1, heads - 1)),
                    MinimumStaffing(shift=shift, group=SP, minimum=1)]
        else:
            so = 1 if heads >= 3 else 0
            hf = max(1, heads // 3)
            sp = max(1, heads - so - hf)
            out += [MinimumStaffing(shift=shift, group=SP, minimum=sp),
                    MinimumStaffing(shift=shift, group=HF, minimum=hf)]
            if so:
                out.append(MinimumStaffing(shift=shift, group=SO, minimum=so))
    return out


def _unit(prefix: str, name: str, kind: str, index: int, staff: int, weeks: int, start: dt.date,
          short_week: int | None) -> Unit:
    base = build_demo_unit()
    employees = _staff(prefix, kind, staff, index)
    absences = []
    if short_week is not None:
        # A quarter of the staff on vacation that week: the unit is short of staff.
        first = start + dt.timedelta(days=7 * short_week)
        absences = [Absence(employee=e.id, start=first, end=first + dt.timedelta(days=6))
                    for e in employees[index % 4::4]]
    shifts = [s for s in base.shift_types if s.code in (("D",) if kind == "outpatient" else ("D", "A", "N"))]
    kept = {s.code for s in shifts}
    # The groups' allowed shift types (issue 24) name only the shifts this unit keeps.
    groups = [g.model_copy(update={"shift_types": [c for c in g.shift_types if c in kept]}) for g in base.groups]
    skill = [SkillMixRule(competence="legemiddel", minimum=1, shifts=[s.code for s in shifts],
                          description="Minst én med legemiddelkompetanse på hver vakt")]
    return base.model_copy(
        update={
            "id": prefix,
            "name": name,
            "employees": employees,
            "shift_types": shifts,
            "groups": groups,
            "tasks": [],
            "absences": absences,
            "wishes": [],
            "staffing": StaffingSettings(minimums=_minimums(kind, staff), skill_mix=skill),
            "roster": RosterSettings(mode=PlanningMode.CALENDAR, start_date=start,
                                     end_date=start + dt.timedelta(days=7 * weeks - 1)),
        }
    )


def _pool(unit_ids: list[str], kinds: dict[str, str], size: int) -> list[PoolEmployee]:
    groups = [SP, SP, HF, SO, SP, HF]
    out = []
    for i in range(size):
        group = groups[i % len(groups)]
        first, last = STAFF[(3 * i + 5) % len(STAFF)][:2]
        competences = ["legemiddel"] if group in (SO, SP) else []
        if group == SO and i % 2 == 1:
            competences.append("intensiv")
        # Each may work in a handful of neighbouring units; some still need orientation at one.
        permitted = [unit_ids[(i + k) % len(unit_ids)] for k in range(min(4, len(unit_ids)))]
        if group == HF:
            permitted = [u for u in permitted if kinds[u] != "intensive"] or permitted[:1]
        orientation = [permitted[-1]] if i % 5 == 4 and len(permitted) > 1 else []
        out.append(
            PoolEmployee(
                id=f"P{i + 1:02d}",
                name=f"{first} {last}",
                group=group,
                position_pct=[100, 80, 0, 60][i % 4],
                competences=competences,
                units=permitted,
                max_units_per_week=2 if i % 3 else 1,
                orientation_needed=orientation,
            )
        )
    return out


def build_region(
    units: int = 12, staff: int = 20, pool: int = 15, weeks: int = 4, start: dt.date = START,
    short_every: int = 3,
) -> DemoRegion:
    """A region of ``units`` units (kinds in turn) of ``staff`` employees and a pool of ``pool``.
    Every ``short_every``-th unit is short of staff in one week (0: none)."""
    refs: dict[str, list[UnitRef]] = {c: [] for c in CLINICS}
    built: dict[str, Unit] = {}
    files: dict[str, str] = {}
    kinds: dict[str, str] = {}
    for i in range(units):
        prefix, name, kind, clinic = KINDS[i % len(KINDS)]
        uid = prefix if i < len(KINDS) else f"{prefix}{i // len(KINDS) + 1}"
        size = staff if kind != "outpatient" else max(3, staff // 2)
        short = (i // short_every) % weeks if short_every and i % short_every == 0 else None
        unit = _unit(uid, name if i < len(KINDS) else f"{name} {i // len(KINDS) + 1}", kind, i, size, weeks,
                     start, short)
        built[uid] = unit
        files[uid] = f"units/{uid}.yaml"
        kinds[uid] = kind
        wishes = {e.id: 100.0 for e in unit.employees[:6] if e.position_pct < 100}
        refs[clinic].append(UnitRef(id=uid, file=files[uid], kind=kind,
                                    required_competences=["intensiv"] if kind == "intensive" else [],
                                    position_wishes=wishes))
    clinics = [Clinic(id=c, name=CLINICS[c], units=refs[c]) for c in CLINICS if refs[c]]
    region = RegionFile(
        id="helse-demo",
        name="Helse Demo RHF",
        period=RegionPeriod(start=start, weeks=weeks),
        trusts=[Trust(id="demo-hf", name="Demo sykehus HF", clinics=clinics)],
        pool=Pool(name="Bemanningssenteret", hourly_price={SO: 560, SP: 520, HF: 420},
                  employees=_pool(list(built), kinds, pool)),
        agency={
            SO: AgencyPrice(ordinary=950, evening_night_weekend=1300, overtime=1570),
            SP: AgencyPrice(ordinary=800, evening_night_weekend=1100, overtime=1400),
            HF: AgencyPrice(ordinary=640, evening_night_weekend=940, overtime=1200),
        },
    )
    return DemoRegion(region=region, units=built, files=files)


def write_region(demo: DemoRegion, out: Path) -> Path:
    """Write ``out/region.yaml`` and the unit files it names; returns the region file's path."""
    from bemanning.io.region_file import dump_region_yaml
    from bemanning.io.unit_file import save_unit

    out.mkdir(parents=True, exist_ok=True)
    (out / "units").mkdir(exist_ok=True)
    for uid, unit in demo.units.items():
        save_unit(unit, out / demo.files[uid])
    path = out / "region.yaml"
    path.write_text(dump_region_yaml(demo.region), encoding="utf-8")
    return path
