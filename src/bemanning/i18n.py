"""One message catalogue for everything a user reads: Norwegian bokmål first, English second.

Modules add their own messages with ``register``; keys are stable codes, values are
``{"no": ..., "en": ...}`` templates formatted with ``str.format`` and the given context.
"""

from __future__ import annotations

import os
from typing import Any

DEFAULT_LANG = "no"
LANGS = ("no", "en")

_CATALOGUE: dict[str, dict[str, str]] = {}


def register(messages: dict[str, dict[str, str]]) -> None:
    for key, texts in messages.items():
        if "no" not in texts or "en" not in texts:
            raise ValueError(f"message {key} needs both 'no' and 'en'")
        _CATALOGUE[key] = texts


def current_lang() -> str:
    lang = os.environ.get("BEMANNING_LANG", DEFAULT_LANG)
    return lang if lang in LANGS else DEFAULT_LANG


def has(key: str) -> bool:
    return key in _CATALOGUE


def t(key: str, lang: str | None = None, /, **context: Any) -> str:  # noqa: D401
    """The message ``key`` in ``lang`` (default: BEMANNING_LANG or Norwegian)."""
    texts = _CATALOGUE.get(key)
    if texts is None:
        return key
    template = texts[lang or current_lang()]
    try:
        return template.format(**context)
    except (KeyError, IndexError, ValueError):
        return template


def validation_key(code: str, context: dict[str, Any]) -> str:
    """The message key of a pydantic error type: "too short" is "empty" only when one character is the
    minimum (a 4-character password is not empty)."""
    if code == "string_too_short" and int(context.get("min_length", 1)) > 1:
        return "string_too_short_min"
    return code


register(
    {
        # Loading a unit file
        "file_not_found": {"no": "Finner ikke filen {path}", "en": "File not found: {path}"},
        "file_is_directory": {
            "no": "{path} er en mappe, ikke en fil; oppgi filen i mappen",
            "en": "{path} is a folder, not a file; give the file inside it",
        },
        "file_too_large": {
            "no": "Filen {path} er for stor ({size} MB); grensen er {limit} MB",
            "en": "File {path} is too large ({size} MB); the limit is {limit} MB",
        },
        "file_not_text": {
            "no": "Filen {path} er ikke en tekstfil i UTF-8 (binært innhold?)",
            "en": "File {path} is not UTF-8 text (binary content?)",
        },
        "file_empty": {"no": "Filen {path} er tom", "en": "File {path} is empty"},
        "yaml_syntax": {
            "no": "{path}, linje {line}, kolonne {column}: YAML-syntaksfeil: {problem}",
            "en": "{path}, line {line}, column {column}: YAML syntax error: {problem}",
        },
        "yaml_not_mapping": {
            "no": "{path}: en enhetsfil må være et oppslag (nøkkel: verdi) på øverste nivå",
            "en": "{path}: a unit file must be a mapping (key: value) at the top level",
        },
        "yaml_aliases": {
            "no": "{path}: YAML-ankere/aliaser er ikke tillatt i enhetsfiler",
            "en": "{path}: YAML anchors/aliases are not allowed in unit files",
        },
        "yaml_duplicate_key": {
            "no": "{path}, linje {line}: nøkkelen «{key}» står to ganger",
            "en": "{path}, line {line}: key '{key}' appears twice",
        },
        "validation_header": {
            "no": "{path}: {count} feil i enhetsfilen:",
            "en": "{path}: {count} error(s) in the unit file:",
        },
        "validation_item": {"no": "  - {where}: {message}", "en": "  - {where}: {message}"},
        "at_line": {"no": "linje {line}", "en": "line {line}"},
        "excel_bad": {
            "no": "{path}: kan ikke lese Excel-arbeidsboken: {problem}",
            "en": "{path}: cannot read the Excel workbook: {problem}",
        },
        "excel_cell": {
            "no": "{path}, ark «{sheet}», rad {row}, kolonne «{column}»: {problem}",
            "en": "{path}, sheet '{sheet}', row {row}, column '{column}': {problem}",
        },
        "unknown_format": {
            "no": "{path}: ukjent filtype (bruk .yaml, .yml eller .xlsx)",
            "en": "{path}: unknown file type (use .yaml, .yml or .xlsx)",
        },
        # pydantic error types
        "missing": {"no": "mangler (påkrevd felt)", "en": "missing (required field)"},
        "extra_forbidden": {"no": "ukjent nøkkel", "en": "unknown key"},
        "int_parsing": {"no": "må være et heltall", "en": "must be a whole number"},
        "int_type": {"no": "må være et heltall", "en": "must be a whole number"},
        "int_from_float": {"no": "må være et heltall", "en": "must be a whole number"},
        "float_parsing": {"no": "må være et tall", "en": "must be a number"},
        "float_type": {"no": "må være et tall", "en": "must be a number"},
        "bool_parsing": {"no": "må være ja/nei (true/false)", "en": "must be true/false"},
        "bool_type": {"no": "må være ja/nei (true/false)", "en": "must be true/false"},
        "string_type": {"no": "må være tekst", "en": "must be text"},
        "list_type": {"no": "må være en liste", "en": "must be a list"},
        "dict_type": {"no": "må være et oppslag (nøkkel: verdi)", "en": "must be a mapping (key: value)"},
        "model_type": {"no": "må være et oppslag (nøkkel: verdi)", "en": "must be a mapping (key: value)"},
        "model_attributes_type": {"no": "må være et oppslag (nøkkel: verdi)", "en": "must be a mapping (key: value)"},
        "enum": {"no": "må være en av: {expected}", "en": "must be one of: {expected}"},
        "literal_error": {"no": "må være en av: {expected}", "en": "must be one of: {expected}"},
        "greater_than": {"no": "må være større enn {gt}", "en": "must be greater than {gt}"},
        "greater_than_equal": {"no": "må være minst {ge}", "en": "must be at least {ge}"},
        "less_than": {"no": "må være mindre enn {lt}", "en": "must be less than {lt}"},
        "less_than_equal": {"no": "kan ikke være over {le}", "en": "must be at most {le}"},
        "string_too_short": {"no": "kan ikke være tom", "en": "must not be empty"},
        "string_too_short_min": {
            "no": "er for kort (minst {min_length} tegn)",
            "en": "is too short (at least {min_length} characters)",
        },
        "string_too_long": {"no": "er for lang (maks {max_length} tegn)", "en": "is too long (max {max_length})"},
        "string_pattern_mismatch": {
            "no": "ugyldig id (bruk bokstaver, tall, _ . -)",
            "en": "invalid id (use letters, digits, _ . -)",
        },
        "time_parsing": {"no": "må være et klokkeslett (TT:MM)", "en": "must be a time of day (HH:MM)"},
        "time_type": {"no": "må være et klokkeslett (TT:MM)", "en": "must be a time of day (HH:MM)"},
        "date_parsing": {"no": "må være en dato (ÅÅÅÅ-MM-DD)", "en": "must be a date (YYYY-MM-DD)"},
        "date_from_datetime_parsing": {"no": "må være en dato (ÅÅÅÅ-MM-DD)", "en": "must be a date (YYYY-MM-DD)"},
        "date_type": {"no": "må være en dato (ÅÅÅÅ-MM-DD)", "en": "must be a date (YYYY-MM-DD)"},
        # domain errors (codes raised by the model)
        "duplicate_id": {"no": "{what} «{id}» står to ganger", "en": "duplicate {what} '{id}'"},
        "task_no_eligible_group": {
            "no": "oppgaven «{task}» har ingen yrkesgruppe som kan utføre den",
            "en": "task '{task}' has no eligible group",
        },
        "task_group_both_eligible_and_excluded": {
            "no": "oppgaven «{task}»: gruppen «{group}» er både tillatt og utelukket",
            "en": "task '{task}': group '{group}' is both eligible and excluded",
        },
        "shift_end_before_start": {
            "no": "vakten «{code}» slutter ({end}) før den starter ({start}), men er ikke merket «overnight: true»",
            "en": "shift '{code}' ends ({end}) before it starts ({start}) but is not marked 'overnight: true'",
        },
        "shift_overnight_not_crossing": {
            "no": "vakten «{code}» er merket over midnatt, men krysser ikke midnatt",
            "en": "shift '{code}' is marked overnight but does not cross midnight",
        },
        "shift_break_too_long": {
            "no": "vakten «{code}»: pausen er like lang som vakten",
            "en": "shift '{code}': the break is as long as the shift",
        },
        "employee_age_inconsistent": {
            "no": "ansatt «{id}»: fødselsår og 60+-merket stemmer ikke",
            "en": "employee '{id}': birth year and the 60+ flag disagree",
        },
        "unknown_care_level": {"no": "ukjent pleienivå «{level}»", "en": "unknown care level '{level}'"},
        "patient_mix_not_one": {
            "no": "andelene i pasientmiksen summerer til {total}, ikke 1",
            "en": "patient mix shares sum to {total}, not 1",
        },
        "unknown_rule": {"no": "ukjent regelinnstilling «{name}»", "en": "unknown rule setting '{name}'"},
        "unit_no_groups": {"no": "enheten har ingen yrkesgrupper", "en": "the unit has no professional groups"},
        "unknown_group": {"no": "{where}: ukjent yrkesgruppe «{group}»", "en": "{where}: unknown group '{group}'"},
        "unknown_shift": {"no": "{where}: ukjent vakttype «{shift}»", "en": "{where}: unknown shift type '{shift}'"},
        "unknown_employee": {
            "no": "{where}: ukjent ansatt «{employee}»",
            "en": "{where}: unknown employee '{employee}'",
        },
        "pinned_not_eligible": {
            "no": "oppgaven «{task}» er låst til «{group}», som ikke kan utføre den",
            "en": "task '{task}' is pinned to '{group}', which may not do it",
        },
        "roster_end_before_start": {
            "no": "turnusens sluttdato er før startdatoen",
            "en": "roster end date is before its start date",
        },
        "wish_day_or_date": {
            "no": "et ønske trenger nøyaktig én av «day» og «date»",
            "en": "a wish needs exactly one of 'day' and 'date'",
        },
        "absence_end_before_start": {
            "no": "fraværet til «{employee}» slutter før det starter",
            "en": "absence of '{employee}' ends before it starts",
        },
            # Roster CSV
        "csv_missing_columns": {
            "no": "{path}: mangler kolonnene {columns}",
            "en": "{path}: missing columns {columns}",
        },
        "csv_bad_cell": {
            "no": "{path}, rad {row}, kolonne «{column}»: ugyldig verdi «{problem}»",
            "en": "{path}, row {row}, column '{column}': invalid value '{problem}'",
        },
        "csv_two_shifts": {
            "no": "{path}, rad {row}: {employee} har allerede en vakt {date}",
            "en": "{path}, row {row}: {employee} already has a shift on {date}",
        },
        "csv_outside_period": {
            "no": "{path}: vakt {date} er utenfor perioden ({start} + {days} dager)",
            "en": "{path}: shift on {date} is outside the period ({start} + {days} days)",
        },
        # CLI
        "unit_ok": {
            "no": "OK: {name} – {groups} yrkesgrupper, {tasks} oppgaver, {shifts} vakttyper, {employees} ansatte",
            "en": "OK: {name} – {groups} groups, {tasks} tasks, {shifts} shift types, {employees} employees",
        },
        "written": {"no": "Skrev {path}", "en": "Wrote {path}"},
        "unknown_schema": {"no": "Ukjent skjema «{kind}» (bruk: unit)", "en": "Unknown schema '{kind}' (use: unit)"},
        "rules_title": {"no": "Regelsett (AML kap. 10 og tariffavtaler)", "en": "Rule set (AML ch. 10 and agreements)"},
        "rules_costs_title": {
            "no": "Kostnadsinnstillinger (tilleggsandeler, minstebeløp, tidsvinduer, sosiale kostnader)",
            "en": "Cost settings (allowance shares, minimums, time windows, social costs)",
        },
        "rules_unverified_note": {
            "no": "* standardverdien er et fornuftig anslag, ikke verifisert mot lov/avtale",
            "en": "* the default is a sensible guess, not verified against law/agreement",
        },
        "col_name": {"no": "navn", "en": "name"},
        "col_value": {"no": "verdi", "en": "value"},
        "col_unit": {"no": "enhet", "en": "unit"},
        "col_hard": {"no": "type", "en": "kind"},
        "col_reference": {"no": "henvisning", "en": "reference"},
        "col_description": {"no": "beskrivelse", "en": "description"},
        "hard": {"no": "absolutt", "en": "hard"},
        "soft_weight": {"no": "myk (vekt {weight})", "en": "soft (weight {weight})"},
        "demo_running": {"no": "Kjører demoen …", "en": "Running the demo …"},
        "demo_done": {"no": "Ferdig. Åpne {path}", "en": "Done. Open {path}"},
    }
)


# --- formatting: one place for numbers, plurals, yes/no and labels (CLI, web, reports) ---------------

NARROW_NBSP = "\u202f"  # thousands separator in Norwegian (Språkrådet: a (narrow) space)


def number(value: float | int, decimals: int | None = None, lang: str | None = None, /) -> str:
    """A number as a reader writes it: "12 350", "5 970 000", "0,75" in Norwegian; "12,350", "0.75" in
    English. ``decimals=None`` keeps up to two decimals and drops trailing zeros."""
    lang = lang or current_lang()
    if isinstance(value, bool):
        return yes_no(value, lang)
    if decimals is None:
        text = f"{value:,.2f}".rstrip("0").rstrip(".") if isinstance(value, float) else f"{value:,}"
    else:
        text = f"{value:,.{decimals}f}"
    if text in ("-0", "-0.0", "-0.00"):
        text = text[1:]
    if lang == "no":
        text = text.replace(",", "\0").replace(".", ",").replace("\0", NARROW_NBSP)
    return text


def plural(count: int, key: str, lang: str | None = None, /) -> str:
    """ "1 vakt", "2 vakter": the message ``key`` holds "singular|plural"."""
    forms = t(key, lang).split("|")
    word = forms[0] if count == 1 or len(forms) == 1 else forms[1]
    return f"{number(count, None, lang)} {word}"


def yes_no(value: object, lang: str | None = None, /) -> str:
    return t("yes", lang) if value else t("no", lang)


def label(prefix: str, code: object, lang: str | None = None, /) -> str:
    """The label of a code (shift kind, category, arrangement, audit action …): message ``prefix_code``,
    else the code itself."""
    raw = getattr(code, "value", code)
    key = f"{prefix}_{raw}"
    return t(key, lang) if has(key) else str(raw)


register(
    {
        "yes": {"no": "ja", "en": "yes"},
        "no": {"no": "nei", "en": "no"},
        "n_shifts": {"no": "vakt|vakter", "en": "shift|shifts"},
        "n_employees": {"no": "ansatt|ansatte", "en": "employee|employees"},
        "n_days": {"no": "dag|dager", "en": "day|days"},
        "n_weeks": {"no": "uke|uker", "en": "week|weeks"},
        "n_hours": {"no": "time|timer", "en": "hour|hours"},
        "n_wishes": {"no": "ønske|ønsker", "en": "wish|wishes"},
        "n_changes": {"no": "endring|endringer", "en": "change|changes"},
        "n_sessions": {"no": "økt|økter", "en": "session|sessions"},
    }
)

# Labels of codes shown to users (``label(prefix, code)``): work arrangements, frequency bases, day
# types, and the audit log's entities and actions.
register(
    {
        "arr_day": {"no": "dagarbeid", "en": "day work"},
        "arr_rotation": {"no": "todelt turnus", "en": "two-shift rotation"},
        "arr_three_shift": {"no": "tredelt turnus", "en": "three-shift rotation"},
        "per_day": {"no": "døgn", "en": "day"},
        "per_patient_day": {"no": "pasientdøgn", "en": "patient day"},
        "per_shift": {"no": "vakt", "en": "shift"},
        "per_week": {"no": "uke", "en": "week"},
        "per_admission": {"no": "innleggelse", "en": "admission"},
        "per_discharge": {"no": "utskrivning", "en": "discharge"},
        "per_operation": {"no": "operasjon", "en": "operation"},
        "per_outpatient_visit": {"no": "poliklinisk konsultasjon", "en": "outpatient visit"},
        "daytype_weekday": {"no": "hverdag", "en": "weekday"},
        "daytype_saturday": {"no": "lørdag", "en": "Saturday"},
        "daytype_sunday": {"no": "søndag", "en": "Sunday"},
        "daytype_holiday": {"no": "helligdag", "en": "public holiday"},
        "audit_entity_unit": {"no": "enhet", "en": "unit"},
        "audit_entity_roster": {"no": "turnus", "en": "roster"},
        "audit_entity_user": {"no": "bruker", "en": "user"},
        "audit_entity_login": {"no": "innlogging", "en": "login"},
        "audit_entity_session": {"no": "økt", "en": "session"},
        "audit_entity_wish": {"no": "ønske", "en": "wish"},
        "audit_entity_followup": {"no": "oppfølging", "en": "follow-up"},
        "audit_action_create": {"no": "opprettet", "en": "created"},
        "audit_action_update": {"no": "endret", "en": "changed"},
        "audit_action_delete": {"no": "slettet", "en": "deleted"},
        "audit_action_seed": {"no": "demodata lagt inn", "en": "demo data seeded"},
        "audit_action_login": {"no": "logget inn", "en": "logged in"},
        "audit_action_login_failed": {"no": "mislykket innlogging", "en": "failed login"},
        "audit_action_logout": {"no": "logget ut", "en": "logged out"},
        "audit_action_logout_all": {"no": "logget ut overalt", "en": "logged out everywhere"},
        "audit_action_password_own": {"no": "byttet eget passord", "en": "changed own password"},
        "audit_action_password_own_failed": {
            "no": "feil nåværende passord ved passordbytte",
            "en": "wrong current password at password change",
        },
        "audit_action_cell": {"no": "vakt endret", "en": "shift changed"},
        "audit_action_import": {"no": "importert fra CSV", "en": "imported from CSV"},
        "audit_action_replace": {"no": "vakter erstattet", "en": "shifts replaced"},
        "audit_action_approved": {"no": "godkjent", "en": "approved"},
        "audit_action_approved_override": {"no": "godkjent med begrunnelse", "en": "approved with a reason"},
        "audit_action_draft": {"no": "gjenåpnet som utkast", "en": "reopened as draft"},
        "audit_action_archived": {"no": "arkivert", "en": "archived"},
        "audit_action_scenario_comparison": {"no": "scenarioer sammenlignet", "en": "scenarios compared"},
        "audit_action_solve": {"no": "turnus laget", "en": "roster made"},
        "audit_action_scenario_run": {"no": "scenarioer kjørt", "en": "scenarios run"},
        "audit_action_archive": {"no": "arkivert", "en": "archived"},
        "audit_action_sick_repair": {"no": "sykemelding reparert", "en": "sick call repaired"},
        "audit_action_sick_repair_run": {"no": "sykemelding reparert", "en": "sick call repaired"},
    }
)

# Words in audit summaries ("role=leder; units=1"): the stored text keeps codes, the reader sees words.
_AUDIT_WORDS_NO = {
    "sessions_ended": "økter avsluttet",
    "sessions": "økter",
    "role": "rolle",
    "units": "enheter",
    "unit": "enhet",
    "days": "dager",
    "active": "aktiv",
    "address": "adresse",
    "locked": "låst",
    "groups": "yrkesgrupper",
    "employees": "ansatte",
    "employee": "ansatt",
    "shifts": "vakter",
    "scenarios": "scenarioer",
    "password": "passord",
    "time_limit": "tidsgrense",
    "placements": "plasseringer",
    "shift": "vakt",
    "group": "gruppe",
    "date": "dato",
    "heads": "personer",
    "reason": "begrunnelse",
    "region_version": "regionversjon",
    "True": "ja",
    "False": "nei",
}


def audit_summary(summary: str, lang: str | None = None, /) -> str:
    """An audit row's summary for a reader: Norwegian words for the stored codes, "ja/nei" for booleans."""
    if (lang or current_lang()) != "no" or not summary:
        return summary
    import re

    words = "|".join(sorted(_AUDIT_WORDS_NO, key=len, reverse=True))
    return re.sub(rf"\b({words})\b", lambda m: _AUDIT_WORDS_NO[m.group(1)], summary)
