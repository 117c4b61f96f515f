"""Norwegian labels of the seed-004 form (categories, intervals, frequencies) and task-sharing messages."""

from __future__ import annotations

from bemanning.i18n import register
from bemanning.model import DayPattern, DayType, FrequencyBasis, TaskCategory, TimeInterval
from bemanning.model.task_sharing_result import MESSAGES

CATEGORY_LABELS: dict[TaskCategory, str] = {
    TaskCategory.PATIENT_CARE: "Pasientbehandling",
    TaskCategory.PROCEDURES: "Prosedyrer",
    TaskCategory.DOCUMENTATION: "Dokumentasjon",
    TaskCategory.MEDICATION: "Legemiddelhåndtering",
    TaskCategory.RELATIVES: "Pårørende",
    TaskCategory.SAMPLES: "Blodprøver/andre prøver",
    TaskCategory.NUTRITION: "Ernæring",
    TaskCategory.ROUTINE_CHECKS: "Sjekkerutiner",
    TaskCategory.TRAINING: "Opplæring",
    TaskCategory.ORDERING: "Bestillinger",
    TaskCategory.CLEANING: "Renhold/orden/rydding",
    TaskCategory.ADMINISTRATION: "Administrative oppgaver",
}

INTERVAL_LABELS: dict[TimeInterval, str] = {
    TimeInterval.ANYTIME: "Uten tidspunkt, hele døgnet hele uken",
    TimeInterval.WEEKDAY_DAYTIME: "Dagtid vanlige ukedager",
    TimeInterval.H07_09: "kl. 07:00–09:00",
    TimeInterval.H09_12: "kl. 09:00–12:00",
    TimeInterval.H12_15: "kl. 12:00–15:00",
    TimeInterval.H15_18: "kl. 15:00–18:00",
    TimeInterval.H18_22: "kl. 18:00–22:00",
    TimeInterval.H22_07: "kl. 22:00–07:00",
}

DAY_TYPE_LABELS: dict[DayType, str] = {
    DayType.WEEKDAY: "Hverdag",
    DayType.SATURDAY: "Lørdag",
    DayType.SUNDAY: "Søndag/helligdag",
    DayType.HOLIDAY: "Helligdag",
}

BASIS_LABELS: dict[FrequencyBasis, str] = {
    FrequencyBasis.DAY: "døgn",
    FrequencyBasis.PATIENT_DAY: "pasientdøgn",
    FrequencyBasis.SHIFT: "vakt",
    FrequencyBasis.WEEK: "uke",
    FrequencyBasis.ADMISSION: "innleggelse",
    FrequencyBasis.DISCHARGE: "utskrivning",
    FrequencyBasis.OPERATION: "operasjon",
    FrequencyBasis.OUTPATIENT_VISIT: "poliklinisk konsultasjon",
}

DAYS_LABELS: dict[DayPattern, str] = {
    DayPattern.ALL: "alle",
    DayPattern.WEEKDAYS: "hverdager",
    DayPattern.WEEKENDS: "helg",
}


register({key: dict(texts) for key, texts in MESSAGES.items()})
register(
    {
        "ts_form_unknown_column": {
            "no": "{path}: ukjent kolonne «{column}» i skjemaet (ikke en yrkesgruppe i enheten)",
            "en": "{path}: unknown column '{column}' in the form (not a group of the unit)",
        },
        "ts_form_no_task_column": {
            "no": "{path}: finner ikke kolonnen «Oppgaven» i arket «{sheet}»",
            "en": "{path}: cannot find the column 'Oppgaven' in sheet '{sheet}'",
        },
        "ts_form_no_mark": {
            "no": "ingen yrkesgruppe er merket for oppgaven",
            "en": "no group is marked for the task",
        },
        "ts_form_no_category": {
            "no": "oppgaven står før første kategorioverskrift (f.eks. «Ernæring:»)",
            "en": "the task comes before the first category heading (e.g. 'Ernæring:')",
        },
        "ts_form_bad_category": {
            "no": "ukjent kategori «{value}»; bruk en av: {expected}",
            "en": "unknown category '{value}'; use one of: {expected}",
        },
        "ts_form_bad_value": {"no": "ugyldig verdi «{value}»", "en": "invalid value '{value}'"},
        "ts_form_no_time": {
            "no": "mangler tid (minutter) i «Tid»-kolonnen til den merkede gruppen",
            "en": "missing time (minutes) in the 'Tid' column of the marked group",
        },
        "ts_cli_infeasible": {
            "no": "Ingen gyldig oppgavefordeling for {unit}. Se {path}",
            "en": "No valid task allocation for {unit}. See {path}",
        },
        "ts_cli_summary": {
            "no": "{unit}: {tasks:p:oppgave|oppgaver} fordelt ({status}), {hours} timer per uke",
            "en": "{unit}: {tasks:p:task|tasks} allocated ({status}), {hours} hours per week",
        },
        "ts_freed": {
            "no": "Frigjort sykepleiertid: {hours} t/uke ({share} % av sykepleiernes oppgavetid) = "
            "{fte} årsverk à {basis} t/uke ({rule}); pasienter per sykepleier i arbeid: {before} → {after}",
            "en": "Nurse time freed: {hours} h/week ({share} % of the nurses' task time) = {fte} FTE "
            "at {basis} h/week ({rule}); patients per nurse at work: {before} → {after}",
        },
        "ts_training_summary": {
            "no": "Opplæring trengs: {lines}",
            "en": "Training needed: {lines}",
        },
        "ts_no_training": {"no": "Ingen opplæring trengs", "en": "No training needed"},
        "ts_no_tasks": {"no": "Enheten har ingen oppgaver å fordele.", "en": "The unit has no tasks to allocate."},
        "ts_certification_summary": {
            "no": ". Sertifiseringer som går ut eller mangler (se arket Sertifiseringer): {lines}",
            "en": ". Certifications running out or missing (see the sheet Sertifiseringer): {lines}",
        },
    }
)
