"""The second demo unit: a surgical ward ("Kirurgisk sengepost") of 41 staff on a 6-week cycle.

28 nurses, 12 health-care workers and a secretary (fictional). Shifts D 07–15, A 14:30–22,
N 21:45–07:15, a 12.5 h long shift L 07:30–20 for volunteers that fills one D and one A place of
its group (composite cover), and the secretary's office day K 08–15:30 on weekdays. Two nurses
and a health-care worker work nights only, two nurses and a health-care worker days only (with
weekends); long shifts are at most 30 % of each volunteer's shifts and at most 2 per 3 weeks;
contract hours are settled per cycle within ±8 h.

The requirement is a fixed bemanningsplan sized so that the ward can just cover it: on weekdays
the heads on duty use most of the contract hours; on weekends (every third weekend each) the
places exceed the heads available, and the volunteers' long shifts close the gap.
"""

from __future__ import annotations

from datetime import time

from bemanning.model import (
    Activity,
    CareLevel,
    CostSettings,
    DayPattern,
    DayType,
    Employee,
    MinimumStaffing,
    Organisation,
    ProfessionalGroup,
    RequirementEntry,
    RosterSettings,
    RuleSet,
    ShiftKind,
    ShiftLimit,
    ShiftType,
    StaffingSettings,
    Task,
    TaskCategory,
    TimeInterval,
    Unit,
    WeekdayValues,
    WorkArrangement,
)
from bemanning.model import FrequencyBasis as B

SPL, HFA, SEK = "sykepleier", "helsefagarbeider", "sekretaer"
WARD_SHIFTS = ["D", "A", "N", "L"]

GROUPS = [
    ProfessionalGroup(id=SPL, name="Sykepleier", rank=1, shift_types=WARD_SHIFTS),
    ProfessionalGroup(id=HFA, name="Helsefagarbeider", rank=2, shift_types=WARD_SHIFTS),
    ProfessionalGroup(id=SEK, name="Sekretær", support=True, shift_types=["K"]),
]

SHIFTS = [
    ShiftType(code="D", name="Dagvakt", kind=ShiftKind.DAY, start=time(7, 0), end=time(15, 0)),
    ShiftType(code="A", name="Aftenvakt", kind=ShiftKind.EVENING, start=time(14, 30), end=time(22, 0)),
    ShiftType(code="N", name="Nattevakt", kind=ShiftKind.NIGHT, start=time(21, 45), end=time(7, 15), overnight=True),
    ShiftType(code="L", name="Langvakt", kind=ShiftKind.LONG_DAY, start=time(7, 30), end=time(20, 0),
              covers=["D", "A"]),
    ShiftType(code="K", name="Kontordag", kind=ShiftKind.DAY, start=time(8, 0), end=time(15, 30),
              day_types=[DayType.WEEKDAY]),
]

# Fictional staff: (first name, last name, group, position %, long-shift volunteer, special)
# special: "natt" night-only, "dag" day-only with weekends, "2av6" two of any six weekends.
STAFF: list[tuple[str, str, str, float, bool, str]] = [
    ("Astrid", "Berntsen", SPL, 100, True, ""),
    ("Bjørn", "Aasen", SPL, 100, False, ""),
    ("Cecilie", "Holm", SPL, 100, True, ""),
    ("Dina", "Vik", SPL, 100, False, ""),
    ("Eva", "Myhre", SPL, 100, True, ""),
    ("Fredrik", "Nygård", SPL, 100, False, ""),
    ("Gunn", "Bakke", SPL, 100, False, ""),
    ("Helene", "Sunde", SPL, 100, True, ""),
    ("Ivar", "Ruud", SPL, 100, False, ""),
    ("Janne", "Tangen", SPL, 100, False, ""),
    ("Karin", "Lunde", SPL, 100, True, ""),
    ("Linda", "Fossum", SPL, 100, False, "dag"),
    ("Mari", "Engen", SPL, 80, True, ""),
    ("Nils", "Haug", SPL, 80, False, ""),
    ("Oda", "Sæther", SPL, 80, False, ""),
    ("Pia", "Kvam", SPL, 80, True, ""),
    ("Rune", "Dahle", SPL, 80, False, "natt"),
    ("Siri", "Brekke", SPL, 80, False, ""),
    ("Trine", "Moe", SPL, 80, False, "2av6"),
    ("Unni", "Røed", SPL, 75, True, ""),
    ("Vera", "Hauge", SPL, 75, False, "natt"),
    ("Wenche", "Ødegård", SPL, 75, False, ""),
    ("Yngve", "Thorsen", SPL, 75, False, ""),
    ("Åse", "Lien", SPL, 60, False, "dag"),
    ("Berit", "Foss", SPL, 60, False, ""),
    ("Camilla", "Rønning", SPL, 60, False, ""),
    ("Dagny", "Strøm", SPL, 50, False, "2av6"),
    ("Eli", "Bråten", SPL, 50, False, ""),
    ("Frida", "Aune", HFA, 100, True, ""),
    ("Geir", "Eriksen", HFA, 100, False, ""),
    ("Heidi", "Lindberg", HFA, 100, True, ""),
    ("Inger", "Solheim", HFA, 100, False, ""),
    ("Jorunn", "Ness", HFA, 80, False, "natt"),
    ("Kjell", "Vold", HFA, 80, True, ""),
    ("Lise", "Amundsen", HFA, 80, False, ""),
    ("Mette", "Gjerde", HFA, 75, False, "dag"),
    ("Nina", "Hovland", HFA, 75, False, ""),
    ("Ole", "Torp", HFA, 60, False, ""),
    ("Paula", "Sandvik", HFA, 60, False, ""),
    ("Ragnhild", "Aas", HFA, 50, False, ""),
    ("Sissel", "Wold", SEK, 100, False, ""),
]


def _employees() -> list[Employee]:
    employees = []
    for index, (first, last, group, pct, volunteer, special) in enumerate(STAFF, start=1):
        fields: dict[str, object] = {}
        if group == SEK:
            fields.update(arrangement=WorkArrangement.DAY, works_nights=False)
        elif special == "natt":
            fields.update(shift_types=["N"])
        elif special == "dag":
            # Day shifts only, weekends included: a two-shift-free rotation (35.5 h with Sunday work).
            fields.update(shift_types=["D"], arrangement=WorkArrangement.ROTATION, works_nights=False)
        elif special == "2av6":
            fields.update(weekend_every=1, weekends_max=2, weekends_window=6)
        employees.append(
            Employee(
                id=f"K{index:02d}",
                name=f"{first} {last}",
                group=group,
                position_pct=pct,
                competences=["legemiddel"] if group == SPL else [],
                long_shift_volunteer=volunteer,
                **fields,  # type: ignore[arg-type]
            )
        )
    return employees


# Heads per shift and day type: (weekday, saturday/sunday/holiday); safe minimum in the third column.
REQUIREMENT: dict[tuple[str, str], tuple[int, int, int]] = {
    ("D", SPL): (6, 4, 3),
    ("A", SPL): (4, 3, 3),
    ("N", SPL): (3, 3, 2),
    ("D", HFA): (3, 2, 1),
    ("A", HFA): (2, 1, 1),
    ("N", HFA): (1, 1, 1),
}


def _requirement() -> tuple[list[RequirementEntry], list[MinimumStaffing]]:
    entries, minimums = [], []
    weekend = [DayType.SATURDAY, DayType.SUNDAY, DayType.HOLIDAY]
    for (shift, group), (weekday, weekend_heads, minimum) in REQUIREMENT.items():
        entries.append(RequirementEntry(day_type=DayType.WEEKDAY, shift=shift, group=group, required=weekday))
        entries += [RequirementEntry(day_type=d, shift=shift, group=group, required=weekend_heads) for d in weekend]
        minimums.append(MinimumStaffing(shift=shift, group=group, minimum=minimum))
    entries.append(RequirementEntry(day_type=DayType.WEEKDAY, shift="K", group=SEK, required=1))
    return entries, minimums


C, TI, ALL, WD = TaskCategory, TimeInterval, DayPattern.ALL, DayPattern.WEEKDAYS

# id, name, category, interval, minutes, frequency, per, days, eligible groups, training, today's group
TaskRow = tuple[str, str, TaskCategory, TimeInterval, float, float, B, DayPattern, list[str], dict[str, str], str]
TASKS: list[TaskRow] = [
    ("k01", "Postoperativ overvåkning og observasjon", C.PROCEDURES, TI.ANYTIME, 15, 4, B.OPERATION, ALL, [SPL], {},
     SPL),
    ("k02", "Mottak av pasient fra operasjon/oppvåkning", C.PATIENT_CARE, TI.ANYTIME, 30, 1, B.OPERATION, ALL, [SPL],
     {}, SPL),
    ("k03", "Preoperativ forberedelse", C.PROCEDURES, TI.ANYTIME, 30, 1, B.ADMISSION, ALL, [SPL],
     {HFA: "Opplæring i preoperative rutiner"}, SPL),
    ("k04", "Smertevurdering og smertelindring", C.MEDICATION, TI.ANYTIME, 5, 3, B.PATIENT_DAY, ALL, [SPL], {}, SPL),
    ("k05", "Legemiddelutdeling", C.MEDICATION, TI.ANYTIME, 4, 3, B.PATIENT_DAY, ALL, [SPL], {}, SPL),
    ("k06", "Sårstell og drenstell", C.PROCEDURES, TI.H09_12, 15, 0.5, B.PATIENT_DAY, ALL, [SPL],
     {HFA: "Kurs i sårbehandling"}, SPL),
    ("k07", "Screening av pasienter (NEWS)", C.ROUTINE_CHECKS, TI.ANYTIME, 5, 3, B.PATIENT_DAY, ALL, [SPL],
     {HFA: "Sertifisering i NEWS"}, SPL),
    ("k08", "Morgenstell og personlig hygiene", C.PATIENT_CARE, TI.H07_09, 20, 0.6, B.PATIENT_DAY, ALL, [HFA], {},
     SPL),
    ("k09", "Mobilisering etter operasjon", C.PATIENT_CARE, TI.H09_12, 15, 0.6, B.PATIENT_DAY, ALL, [HFA], {}, SPL),
    ("k10", "Måle og dokumentere vitale parametre", C.DOCUMENTATION, TI.ANYTIME, 3, 3, B.PATIENT_DAY, ALL, [HFA],
     {}, SPL),
    ("k11", "Ernæring og væskeregnskap", C.NUTRITION, TI.ANYTIME, 5, 1, B.PATIENT_DAY, ALL, [HFA], {}, SPL),
    ("k12", "Servere måltider", C.NUTRITION, TI.ANYTIME, 4, 3, B.PATIENT_DAY, ALL, [HFA], {}, HFA),
    ("k13", "Rydde skyllerom og lager", C.CLEANING, TI.H15_18, 20, 2, B.DAY, ALL, [HFA], {}, HFA),
    ("k14", "Sykepleiedokumentasjon", C.DOCUMENTATION, TI.ANYTIME, 10, 1, B.PATIENT_DAY, ALL, [SPL], {}, SPL),
    ("k15", "Rapport og overlevering", C.DOCUMENTATION, TI.ANYTIME, 15, 1, B.SHIFT, ALL, [SPL], {}, SPL),
    ("k16", "Utskrivning og informasjon til pasient", C.PATIENT_CARE, TI.WEEKDAY_DAYTIME, 20, 1, B.DISCHARGE, ALL,
     [SPL], {}, SPL),
    ("k17", "Samtaler med pårørende", C.RELATIVES, TI.H15_18, 15, 0.3, B.PATIENT_DAY, ALL, [SPL], {}, SPL),
    ("k18", "Svare telefon og bestille timer", C.ADMINISTRATION, TI.WEEKDAY_DAYTIME, 5, 10, B.DAY, WD, [SEK], {},
     SPL),
    ("k19", "Innkomstregistrering og epikrise til utsending", C.ADMINISTRATION, TI.WEEKDAY_DAYTIME, 10, 1,
     B.ADMISSION, WD, [SEK], {}, SPL),
    ("k20", "Varebestilling forbruksmateriell", C.ORDERING, TI.WEEKDAY_DAYTIME, 30, 1, B.DAY, WD, [HFA], {}, SPL),
]


def _tasks() -> list[Task]:
    return [
        Task(id=tid, name=name, category=category, interval=interval, minutes=minutes, frequency=freq, per=per,
             days=days, eligible_groups=eligible, training=training, current_group=current,
             required_competence="legemiddel" if category is C.MEDICATION else None)
        for tid, name, category, interval, minutes, freq, per, days, eligible, training, current in TASKS
    ]


def build_surgical_unit() -> Unit:
    fixed, minimums = _requirement()
    return Unit(
        id="kir-sengepost",
        name="Kirurgisk sengepost",
        organisation=Organisation(region="Helse Demo RHF", trust="Demo sykehus HF", clinic="Kirurgisk klinikk"),
        groups=GROUPS,
        tasks=_tasks(),
        shift_types=SHIFTS,
        employees=_employees(),
        activity=Activity(
            beds=28,
            occupancy=WeekdayValues(mon=25, tue=27, wed=27, thu=26, fri=23, sat=19, sun=21),
            care_levels=[
                CareLevel(id="lett", name="Lett pleie", hours_per_patient_day=3.5),
                CareLevel(id="middels", name="Middels pleie", hours_per_patient_day=5.5),
                CareLevel(id="tung", name="Tung pleie (nyoperert)", hours_per_patient_day=8.0),
            ],
            patient_mix={"lett": 0.3, "middels": 0.45, "tung": 0.25},
            admissions=WeekdayValues(mon=9, tue=8, wed=8, thu=7, fri=5, sat=2, sun=5),
            discharges=WeekdayValues(mon=5, tue=7, wed=8, thu=8, fri=9, sat=3, sun=2),
            operations=WeekdayValues(mon=7, tue=7, wed=6, thu=6, fri=4),
        ),
        staffing=StaffingSettings(minimums=minimums, fixed_requirement=fixed),
        costs=CostSettings(hourly_pay={SPL: 310, HFA: 255, SEK: 245}),
        shift_limits=[
            ShiftLimit(id="langvakt_andel", shifts=["L"], max_share=0.3,
                       reference="Lokal avtale om langvakter: høyst 30 % av den enkeltes vakter"),
            ShiftLimit(id="langvakt_antall", shifts=["L"], max_count=2, period_weeks=3,
                       reference="Lokal avtale om langvakter: høyst 2 per 3 uker"),
        ],
        rules=RuleSet.model_validate(
            {
                "max_consecutive_working_days": 5,
                "max_consecutive_nights": 3,
                "contract_hours_tolerance_hours": 8,
                "contract_settlement": "cycle",
            }
        ),
        roster=RosterSettings(cycle_weeks=6),
    )
