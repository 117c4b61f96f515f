"""The demo unit: a medical ward ("Medisinsk sengepost") built from seed 004.

The groups are the five of the seed's mapping form plus optional support groups; the tasks
are those the seed lists, with plausible minutes and frequencies; the 40 staff are fictional.
"""

from __future__ import annotations

from datetime import time

from bemanning.model import (
    Activity,
    AgencyPrice,
    CareLevel,
    CostSettings,
    DayPattern,
    DayType,
    Employee,
    FrequencyBasis,
    GroupCapacity,
    MinimumStaffing,
    Organisation,
    ProfessionalGroup,
    RosterSettings,
    RuleSet,
    ShiftKind,
    ShiftType,
    SkillMixRule,
    StaffingSettings,
    Task,
    TaskCategory,
    TaskSharingSettings,
    TimeInterval,
    TrainingPlan,
    Unit,
    WeekdayValues,
    WorkArrangement,
)

SO, SP, HF, SE, AS = "spl_overvakning", "spl_sengepost", "helsefagarbeider", "sekretaer", "assistent"
PO, RE, FA = "portor", "renhold", "farmasoyt"

# Which shift types each rostered group works: the office day K is the secretaries' alone.
_WARD_SHIFTS = ["D", "A", "N", "L"]
GROUPS = [
    ProfessionalGroup(id=SO, name="Sykepleier medisinsk overvåkning", rank=1, shift_types=_WARD_SHIFTS),
    ProfessionalGroup(id=SP, name="Sykepleier sengepost", rank=2, shift_types=_WARD_SHIFTS),
    ProfessionalGroup(id=HF, name="Helsefagarbeider", rank=3, shift_types=_WARD_SHIFTS),
    ProfessionalGroup(id=SE, name="Sekretær", rank=4, shift_types=["K"]),
    ProfessionalGroup(id=AS, name="Assistent", rank=5, shift_types=["D", "A"]),
    ProfessionalGroup(id=PO, name="Portør", support=True),
    ProfessionalGroup(id=RE, name="Renhold", support=True),
    ProfessionalGroup(id=FA, name="Farmasøyt/apotektekniker", support=True),
]

C, I, B = TaskCategory, TimeInterval, FrequencyBasis
DAY, PD, SHIFT, WEEK, ADM, DIS = B.DAY, B.PATIENT_DAY, B.SHIFT, B.WEEK, B.ADMISSION, B.DISCHARGE
ALL, WD = DayPattern.ALL, DayPattern.WEEKDAYS

# id, name, category, interval, minutes, frequency, per, days, eligible, training, today's group
TaskRow = tuple[str, str, TaskCategory, TimeInterval, float, float, FrequencyBasis, DayPattern,
                list[str], dict[str, str], str]
TASKS: list[TaskRow] = [
    # Medical monitoring (overvåkning)
    ("t01", "Kontinuerlig telemetriavlesning", C.PATIENT_CARE, I.ANYTIME, 10, 12, DAY, ALL, [SO], {}, SO),
    ("t02", "Oppfølging og observasjon av akutt kritisk syke pasienter", C.PROCEDURES, I.ANYTIME, 30, 6, DAY, ALL,
     [SO], {}, SO),
    ("t03", "Følge kritisk syke pasienter til undersøkelser", C.PATIENT_CARE, I.WEEKDAY_DAYTIME, 45, 1, DAY, WD,
     [SO], {}, SO),
    ("t04", "Avansert pasientobservasjon fortløpende", C.PROCEDURES, I.ANYTIME, 20, 0.3, PD, ALL, [SO], {}, SO),
    ("t05", "Mottak av akutt kritisk syke pasienter", C.PROCEDURES, I.ANYTIME, 45, 1, DAY, ALL, [SO], {}, SO),
    ("t06", "Fastvakt isolert intensivpasient", C.PATIENT_CARE, I.ANYTIME, 60, 2, DAY, ALL, [SO], {}, SO),
    ("t07", "Oppgaver fra leger", C.PROCEDURES, I.H09_12, 15, 0.3, PD, ALL, [SP], {}, SP),
    ("t08", "Elektrokardiogram (EKG)", C.PROCEDURES, I.ANYTIME, 15, 3, DAY, ALL, [SP],
     {HF: "Opplæring i EKG-registrering"}, SP),
    # Ward (sengepost)
    ("t09", "Oppfølging og observasjon av inneliggende pasienter", C.PATIENT_CARE, I.ANYTIME, 10, 2, PD, ALL,
     [SP], {}, SP),
    ("t10", "Fastvakt som krever sykepleiekompetanse", C.PATIENT_CARE, I.ANYTIME, 60, 2, DAY, ALL, [SP], {}, SP),
    ("t11", "Tilkalle lege ved akutt behov for å følge opp", C.PROCEDURES, I.ANYTIME, 10, 2, DAY, ALL, [SP], {}, SP),
    ("t12", "Pasientomsorg og morgenstell", C.PATIENT_CARE, I.H07_09, 20, 0.6, PD, ALL, [HF], {}, SP),
    ("t13", "Tømme urinkateter", C.ROUTINE_CHECKS, I.ANYTIME, 5, 0.3, PD, ALL, [HF], {}, SP),
    ("t14", "Screening av pasienter (NEWS)", C.ROUTINE_CHECKS, I.ANYTIME, 5, 3, PD, ALL, [SP],
     {HF: "Sertifisering i NEWS"}, SP),
    ("t15", "Assistere ved legeprosedyrer", C.PROCEDURES, I.H09_12, 20, 2, DAY, ALL, [HF], {}, SP),
    ("t16", "Assistere ved sykepleieprosedyrer", C.PROCEDURES, I.ANYTIME, 15, 4, DAY, ALL, [HF], {}, SP),
    ("t17", "Assistere ved stell", C.PATIENT_CARE, I.H07_09, 15, 0.5, PD, ALL, [HF],
     {AS: "Opplæring i forflytning og stell"}, HF),
    ("t18", "Mottak av pasienter (elektive, åpen innleggelse, ø-hjelp)", C.PATIENT_CARE, I.ANYTIME, 30, 1, ADM, ALL,
     [SP], {}, SP),
    ("t19", "Forberedelse til undersøkelser og overflyttinger", C.PROCEDURES, I.WEEKDAY_DAYTIME, 15, 4, DAY, WD,
     [HF], {}, SP),
    ("t20", "Observasjon – snakke med pasienter", C.PATIENT_CARE, I.ANYTIME, 10, 1, PD, ALL, [HF], {}, SP),
    ("t21", "Sårstell", C.PROCEDURES, I.H09_12, 20, 0.2, PD, ALL, [SP], {HF: "Kurs i sårbehandling"}, SP),
    ("t22", "Commotio-observasjon", C.ROUTINE_CHECKS, I.ANYTIME, 5, 4, DAY, ALL, [HF], {}, SP),
    ("t23", "Mobilisering, aktivisering og slimmobilisering", C.PATIENT_CARE, I.H09_12, 15, 0.5, PD, ALL, [HF], {}, SP),
    ("t24", "Veiing av pasienter", C.ROUTINE_CHECKS, I.H07_09, 3, 0.3, PD, ALL, [AS], {}, HF),
    ("t25", "Sepsisobservasjon", C.PROCEDURES, I.ANYTIME, 10, 2, DAY, ALL, [SP], {}, SP),
    ("t26", "Risikovurdering: høyde/vekt, VVI, trykksår, fall, ernæring", C.ROUTINE_CHECKS, I.H12_15, 10, 1, ADM, ALL,
     [HF], {}, SP),
    ("t27", "Snuing av sengeliggende pasienter", C.PATIENT_CARE, I.ANYTIME, 10, 0.6, PD, ALL, [HF], {}, HF),
    # Transport and logistics
    ("t28", "Kjøre pasienter på rom ved ankomst og fra undersøkelser", C.PATIENT_CARE, I.ANYTIME, 10, 1, ADM, ALL,
     [AS, PO], {}, HF),
    ("t29", "Påse riktig transport og kurveark når portør henter", C.ADMINISTRATION, I.WEEKDAY_DAYTIME, 5, 4, DAY, WD,
     [SE], {}, SP),
    ("t30", "Følge opp og forespørre undersøkelser internt", C.ADMINISTRATION, I.WEEKDAY_DAYTIME, 10, 5, DAY, WD,
     [SE], {}, SP),
    # Assistant-level tasks
    ("t31", "Ta klokke når pasient ringer på", C.PATIENT_CARE, I.ANYTIME, 3, 4, PD, ALL, [AS], {}, SP),
    ("t32", "Følge til og fra toalettet", C.PATIENT_CARE, I.ANYTIME, 8, 1.5, PD, ALL, [HF],
     {AS: "Opplæring i forflytning og stell"}, HF),
    ("t33", "Transportere mors", C.PATIENT_CARE, I.ANYTIME, 30, 1, WEEK, ALL, [PO], {}, HF),
    ("t34", "Temperaturmålinger", C.ROUTINE_CHECKS, I.H07_09, 3, 1, PD, ALL, [AS], {}, HF),
    ("t35", "Re senger og legge på sengetøy", C.CLEANING, I.H12_15, 10, 1, DIS, ALL, [AS], {}, HF),
    ("t36", "Ærend for pasienter", C.PATIENT_CARE, I.H12_15, 15, 2, DAY, ALL, [AS], {}, HF),
    ("t37", "Hente utstyr og forbruksmateriell", C.ORDERING, I.H09_12, 10, 4, DAY, ALL, [AS], {}, SP),
    # Medication handling
    ("t38", "Legemiddelutdeling morgen", C.MEDICATION, I.H07_09, 5, 1, PD, ALL, [SP], {}, SP),
    ("t39", "Legemiddelutdeling ettermiddag", C.MEDICATION, I.H15_18, 4, 1, PD, ALL, [SP], {}, SP),
    ("t40", "Legemiddelutdeling kveld", C.MEDICATION, I.H18_22, 4, 1, PD, ALL, [SP], {}, SP),
    ("t41", "Legemiddelhåndtering natt", C.MEDICATION, I.H22_07, 3, 0.5, PD, ALL, [SP], {}, SP),
    ("t42", "Klargjøre og gi intravenøse legemidler", C.MEDICATION, I.ANYTIME, 15, 0.3, PD, ALL, [SP], {}, SP),
    ("t43", "Bestille legemidler og telle legemiddelrom", C.ORDERING, I.WEEKDAY_DAYTIME, 30, 1, DAY, WD,
     [SP, FA], {}, SP),
    ("t44", "Legevisitt", C.PROCEDURES, I.H09_12, 10, 1, PD, WD, [SP], {}, SP),
    # Documentation
    ("t45", "Sykepleiedokumentasjon", C.DOCUMENTATION, I.ANYTIME, 10, 1, PD, ALL, [SP], {}, SP),
    ("t46", "Rapport og overlevering", C.DOCUMENTATION, I.ANYTIME, 15, 1, SHIFT, ALL, [SP], {}, SP),
    ("t47", "Dokumentere vitale parametre", C.DOCUMENTATION, I.ANYTIME, 3, 3, PD, ALL, [HF], {}, SP),
    # Relatives
    ("t48", "Samtaler med pårørende", C.RELATIVES, I.H15_18, 15, 0.3, PD, ALL, [SP], {}, SP),
    ("t49", "Svare telefon fra pårørende", C.RELATIVES, I.WEEKDAY_DAYTIME, 5, 8, DAY, WD, [SE], {}, SP),
    # Samples
    ("t50", "Blodprøvetaking", C.SAMPLES, I.H07_09, 5, 0.5, PD, ALL, [SP], {HF: "Kurs i blodprøvetaking"}, SP),
    ("t51", "Urinprøver og andre prøver", C.SAMPLES, I.ANYTIME, 5, 0.3, PD, ALL, [HF], {}, SP),
    # Nutrition
    ("t52", "Servere frokost", C.NUTRITION, I.H07_09, 4, 1, PD, ALL, [AS], {}, HF),
    ("t53", "Servere middag", C.NUTRITION, I.H15_18, 4, 1, PD, ALL, [AS], {}, HF),
    ("t54", "Ernæringsregistrering", C.NUTRITION, I.ANYTIME, 5, 0.3, PD, ALL, [HF], {}, SP),
    ("t55", "Servere kveldsmat", C.NUTRITION, I.H18_22, 3, 1, PD, ALL, [AS], {}, HF),
    # Routine checks
    ("t56", "Sjekke akuttvogn og hjertestarter", C.ROUTINE_CHECKS, I.WEEKDAY_DAYTIME, 20, 1, DAY, WD, [HF], {}, SP),
    ("t57", "Sjekke oksygen og sug på rommene", C.ROUTINE_CHECKS, I.H22_07, 2, 1, PD, ALL, [AS], {}, SP),
    # Training
    ("t58", "Opplæring av nyansatte og studenter", C.TRAINING, I.WEEKDAY_DAYTIME, 60, 1, DAY, WD, [SP], {}, SP),
    ("t59", "Internundervisning", C.TRAINING, I.H12_15, 30, 2, WEEK, WD, [SP], {}, SP),
    # Ordering
    ("t60", "Varebestilling forbruksmateriell", C.ORDERING, I.WEEKDAY_DAYTIME, 30, 1, DAY, WD, [AS], {}, SP),
    ("t61", "Bestille pasienttransport", C.ORDERING, I.WEEKDAY_DAYTIME, 5, 1, DIS, WD, [SE], {}, SP),
    ("t62", "Bestille undersøkelser og timer", C.ORDERING, I.WEEKDAY_DAYTIME, 5, 6, DAY, WD, [SE], {}, SP),
    # Cleaning and tidying
    ("t63", "Rydde skyllerom og lager", C.CLEANING, I.H15_18, 20, 2, DAY, ALL, [AS], {}, HF),
    ("t64", "Vaske senger og utstyr ved utskrivelse", C.CLEANING, I.H12_15, 15, 1, DIS, ALL, [AS], {}, HF),
    ("t65", "Daglig renhold av pasientrom", C.CLEANING, I.H09_12, 10, 1, PD, ALL, [RE], {}, RE),
    # Administration
    ("t66", "Utskrivningspapirer og epikrise til utsending", C.ADMINISTRATION, I.WEEKDAY_DAYTIME, 15, 1, DIS, WD,
     [SE], {}, SP),
    ("t67", "Innkomstregistrering i pasientjournal", C.ADMINISTRATION, I.WEEKDAY_DAYTIME, 10, 1, ADM, WD, [SE], {}, SP),
    ("t68", "Koordinere senger og belegg", C.ADMINISTRATION, I.ANYTIME, 10, 3, DAY, ALL, [SP], {}, SP),
    ("t69", "Arkivering og post", C.ADMINISTRATION, I.WEEKDAY_DAYTIME, 30, 1, DAY, WD, [SE], {}, SP),
]

MEDICATION_TASKS = {"t38", "t39", "t40", "t41", "t42"}

SHIFTS = [
    ShiftType(code="D", name="Dagvakt", kind=ShiftKind.DAY, start=time(7, 0), end=time(15, 0)),
    ShiftType(code="A", name="Aftenvakt", kind=ShiftKind.EVENING, start=time(14, 30), end=time(22, 0)),
    ShiftType(code="N", name="Nattevakt", kind=ShiftKind.NIGHT, start=time(21, 45), end=time(7, 15), overnight=True),
    ShiftType(code="L", name="Langvakt dag", kind=ShiftKind.LONG_DAY, start=time(7, 0), end=time(19, 0)),
    ShiftType(code="K", name="Kontordag", kind=ShiftKind.DAY, start=time(8, 0), end=time(15, 30)),
]

# Fictional staff: (first name, last name, group, position %, long-shift volunteer, 60+)
STAFF: list[tuple[str, str, str, float, bool, bool]] = [
    ("Kari", "Nordmann", SO, 100, True, False),
    ("Ingrid", "Hansen", SO, 100, False, False),
    ("Ola", "Johansen", SO, 80, True, False),
    ("Silje", "Olsen", SO, 100, False, True),
    ("Marius", "Larsen", SO, 75, False, False),
    ("Hanne", "Andersen", SO, 100, True, False),
    ("Nora", "Pedersen", SP, 100, True, False),
    ("Emma", "Nilsen", SP, 80, False, False),
    ("Sofie", "Kristiansen", SP, 100, True, False),
    ("Maja", "Jensen", SP, 60, False, False),
    ("Thea", "Karlsen", SP, 100, False, False),
    ("Ida", "Johnsen", SP, 75, True, False),
    ("Ingvild", "Pettersen", SP, 100, False, True),
    ("Sara", "Eriksen", SP, 80, False, False),
    ("Jonas", "Berg", SP, 100, True, False),
    ("Martine", "Haugen", SP, 50, False, False),
    ("Julie", "Hagen", SP, 100, False, False),
    ("Henrik", "Johannessen", SP, 80, True, False),
    ("Tone", "Andreassen", SP, 75, False, True),
    ("Camilla", "Jacobsen", SP, 100, False, False),
    ("Lene", "Dahl", SP, 60, False, False),
    ("Anders", "Jørgensen", SP, 100, True, False),
    ("Marte", "Halvorsen", HF, 100, False, False),
    ("Guro", "Henriksen", HF, 75, True, False),
    ("Linn", "Lund", HF, 60, False, False),
    ("Berit", "Sørensen", HF, 100, False, True),
    ("Kjersti", "Moen", HF, 80, False, False),
    ("Randi", "Gundersen", HF, 50, False, False),
    ("Tonje", "Iversen", HF, 100, True, False),
    ("Vilde", "Strand", HF, 75, False, False),
    ("Elin", "Solberg", HF, 80, False, False),
    ("Petter", "Svendsen", HF, 60, False, False),
    ("Anne", "Eide", SE, 100, False, True),
    ("Grete", "Knutsen", SE, 80, False, False),
    ("Mona", "Martinsen", AS, 100, False, False),
    ("Lars", "Paulsen", AS, 75, False, False),
    ("Aurora", "Bakken", AS, 60, False, False),
    ("Tiril", "Kristoffersen", AS, 80, False, False),
    ("Eirik", "Mathisen", AS, 100, False, False),
    ("Hilde", "Lie", SP, 80, False, False),
]


def _employees() -> list[Employee]:
    employees = []
    for index, (first, last, group, pct, volunteer, senior) in enumerate(STAFF, start=1):
        competences = []
        if group in (SO, SP):
            competences.append("legemiddel")
        if group == SO:
            competences.append("telemetri")
        arrangement = WorkArrangement.DAY if group == SE else WorkArrangement.THREE_SHIFT
        if group == AS:
            arrangement = WorkArrangement.ROTATION
        employees.append(
            Employee(
                id=f"E{index:02d}",
                name=f"{first} {last}",
                group=group,
                position_pct=pct,
                arrangement=arrangement,
                competences=competences,
                long_shift_volunteer=volunteer,
                aged_60_plus=senior,
                works_nights=group not in (SE, AS),
            )
        )
    return employees


def _tasks() -> list[Task]:
    tasks = []
    for tid, name, category, interval, minutes, freq, per, days, eligible, training, current in TASKS:
        tasks.append(
            Task(
                id=tid,
                name=name,
                category=category,
                interval=interval,
                minutes=minutes,
                frequency=freq,
                per=per,
                days=days,
                eligible_groups=eligible,
                training=training,
                current_group=current,
                required_competence="legemiddel" if tid in MEDICATION_TASKS else None,
            )
        )
    return tasks


def _capacities() -> list[GroupCapacity]:
    """Secretaries work weekday daytime only; assistants are not on the ward at night."""
    weekend = [DayType.SATURDAY, DayType.SUNDAY, DayType.HOLIDAY]
    caps = [GroupCapacity(group=SE, interval=i, hours_per_day=0) for i in (I.H18_22, I.H22_07, I.ANYTIME)]
    caps += [GroupCapacity(group=SE, interval=i, day_types=weekend, hours_per_day=0) for i in TimeInterval]
    caps.append(GroupCapacity(group=AS, interval=I.H22_07, hours_per_day=0))
    caps.append(GroupCapacity(group=AS, interval=I.ANYTIME, hours_per_day=0))
    return caps


def build_demo_unit() -> Unit:
    return Unit(
        id="med-sengepost",
        name="Medisinsk sengepost",
        organisation=Organisation(region="Helse Demo RHF", trust="Demo sykehus HF", clinic="Medisinsk klinikk"),
        groups=GROUPS,
        tasks=_tasks(),
        shift_types=SHIFTS,
        employees=_employees(),
        activity=Activity(
            beds=24,
            occupancy=WeekdayValues(mon=23, tue=24, wed=24, thu=23, fri=21, sat=19, sun=20),
            care_levels=[
                CareLevel(id="lett", name="Lett pleie", hours_per_patient_day=3.0),
                CareLevel(id="middels", name="Middels pleie", hours_per_patient_day=5.0),
                CareLevel(id="tung", name="Tung pleie", hours_per_patient_day=7.5),
                CareLevel(id="overvakning", name="Overvåkning", hours_per_patient_day=12.0),
            ],
            patient_mix={"lett": 0.25, "middels": 0.4, "tung": 0.25, "overvakning": 0.1},
            admissions=WeekdayValues(mon=7, tue=6, wed=6, thu=6, fri=5, sat=3, sun=4),
            discharges=WeekdayValues(mon=5, tue=6, wed=6, thu=6, fri=8, sat=3, sun=2),
        ),
        task_sharing=TaskSharingSettings(
            capacities=_capacities(),
            training_planned=[TrainingPlan(group=HF), TrainingPlan(group=AS)],
        ),
        staffing=StaffingSettings(
            minimums=[
                MinimumStaffing(shift="D", group=SO, minimum=1),
                MinimumStaffing(shift="D", group=SP, minimum=2),
                MinimumStaffing(shift="D", group=HF, minimum=1),
                MinimumStaffing(shift="A", group=SO, minimum=1),
                MinimumStaffing(shift="A", group=SP, minimum=2),
                MinimumStaffing(shift="A", group=HF, minimum=1),
                MinimumStaffing(shift="N", group=SO, minimum=1),
                MinimumStaffing(shift="N", group=SP, minimum=1),
                MinimumStaffing(shift="N", group=HF, minimum=1),
            ],
            skill_mix=[
                SkillMixRule(competence="legemiddel", minimum=1, shifts=["D", "A", "N"],
                             description="Minst én sykepleier med legemiddelkompetanse på hver vakt"),
            ],
        ),
        costs=CostSettings(
            hourly_pay={SO: 330, SP: 300, HF: 250, SE: 240, AS: 215, PO: 230, RE: 220, FA: 320},
            agency={
                SO: AgencyPrice(ordinary=950, evening_night_weekend=1300, overtime=1570),
                SP: AgencyPrice(ordinary=800, evening_night_weekend=1100, overtime=1400),
                HF: AgencyPrice(ordinary=640, evening_night_weekend=940, overtime=1200),
            },
            pool_hourly_price={SP: 520, HF: 420},
            pool_available=True,
        ),
        # Today the ward works no long shifts; the long-shift scenario allows them for volunteers.
        rules=RuleSet.model_validate({"long_shift_max_share": 0.0}),
        roster=RosterSettings(cycle_weeks=6),
    )
