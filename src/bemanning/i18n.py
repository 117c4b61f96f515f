"""One message catalogue for everything a user reads: Norwegian bokmål first, English second.

Modules add their own messages with ``register``; keys are stable codes, values are
``{"no": ..., "en": ...}`` templates formatted with ``str.format`` and the given context.
"""

from __future__ import annotations

import datetime as dt
import os
import re
import string
from decimal import Decimal
from typing import Any

DEFAULT_LANG = "no"
LANGS = ("no", "en")

_CATALOGUE: dict[str, dict[str, str]] = {}
# Keys registered twice with different texts (the later one wins, so the text would depend on import
# order); tests/test_i18n_format.py requires this to stay empty.
CONFLICTS: list[str] = []


def register(messages: dict[str, dict[str, str]]) -> None:
    for key, texts in messages.items():
        if "no" not in texts or "en" not in texts:
            raise ValueError(f"message {key} needs both 'no' and 'en'")
        if key in _CATALOGUE and _CATALOGUE[key] != texts:
            CONFLICTS.append(key)
        _CATALOGUE[key] = texts


def current_lang() -> str:
    lang = os.environ.get("BEMANNING_LANG", DEFAULT_LANG)
    return lang if lang in LANGS else DEFAULT_LANG


def has(key: str) -> bool:
    return key in _CATALOGUE


def t(key: str, lang: str | None = None, /, **context: Any) -> str:  # noqa: D401
    """The message ``key`` in ``lang`` (default: BEMANNING_LANG or Norwegian).

    Values are formatted for the language (see ``_Formatter``): a float or a number with a format spec
    (``{fte:.1f}``, ``{total:,}``) gets a decimal comma and grouped thousands in Norwegian, a bool reads
    "ja"/"nei", an integer of five digits or more gets its thousands separated ("12 350"; a year stays
    "2026"), ``{count:p:vakt|vakter}`` writes the count with the singular or plural word; text (ids,
    names, a bad value echoed back) is shown as given."""
    texts = _CATALOGUE.get(key)
    if texts is None:
        return key
    lang = lang or current_lang()
    return fill(texts[lang], lang, **context)


def fill(template: str, lang: str | None = None, /, **context: Any) -> str:
    """A message template filled in for ``lang`` as ``t`` does (for templates kept outside the catalogue);
    the template itself when a value is missing."""
    try:
        return _Formatter(lang or current_lang()).vformat(template, (), context)
    except (KeyError, IndexError, ValueError, AttributeError):
        return template


class _Formatter(string.Formatter):
    """``str.format`` that writes numbers and yes/no as the reader's language does."""

    def __init__(self, lang: str) -> None:
        self.lang = lang

    def format_field(self, value: Any, format_spec: str) -> str:
        plural_forms = _PLURAL_SPEC.match(format_spec)
        if plural_forms is not None:
            # "{count:p:plass|plasser}": "1 plass", "2 plasser", "0 plasser" (never "1 plasser").
            if isinstance(value, (int, float)) and not isinstance(value, bool):
                word = plural_forms["one"] if value == 1 else plural_forms["other"]
                return f"{self.format_field(value, '')} {word}"
            return f"{value} {plural_forms['one'] if str(value) == '1' else plural_forms['other']}"
        if isinstance(value, bool) and format_spec in ("", "s"):
            return yes_no(value, self.lang)
        if isinstance(value, Decimal) and value.is_finite():  # money (payroll) is written as a float is
            value = float(value)
        numeric = isinstance(value, (int, float)) and not isinstance(value, bool)
        if numeric and not format_spec and isinstance(value, int):
            # A count in running text: "3000 rader", "12 350 kr" (a year stays "2026"; Språkrådet: four
            # digits may go without the space). A value echoed back is passed as text and kept as typed.
            return number(value, None, self.lang) if abs(value) >= 10_000 else str(value)
        if numeric and (format_spec or isinstance(value, float)):
            text = _number_spec(value, format_spec, self.lang)
            if text is not None:
                return text
        return str(super().format_field(value, format_spec))


_PLURAL_SPEC = re.compile(r"^p:(?P<one>[^|]*)\|(?P<other>.*)$")
_SPEC = re.compile(r"^(?P<align>(?:.?[<>^=])?)(?P<sign>[+\- ]?)(?P<width>\d*)(?P<group>[,_]?)"
                   r"(?:\.(?P<precision>\d+))?(?P<type>[dfFg%n]?)$")


def _number_spec(value: float | int, spec: str, lang: str) -> str | None:
    """A number under a format spec (``.1f``, ``,``, ``+.2f``, ``>8,.0f``, ``g``) in ``lang``; None for
    a spec this does not handle (Python's own formatting then applies)."""
    match = _SPEC.match(spec)
    if match is None:
        return None
    kind, precision = match["type"], match["precision"]
    sign = match["sign"] == "+"
    if kind == "%":
        text = percent(value * 100, int(precision) if precision else 0, lang, sign=sign)
    elif kind == "g":
        text = f"{value:{match['sign']}{match['group']}{'.' + precision if precision else ''}g}"
        text = _localise(text, lang)
    elif kind in ("f", "F") or precision:
        text = number(value, int(precision) if precision is not None else 6, lang, sign=sign)
    else:
        text = number(value, None, lang, sign=sign)
    if match["width"]:
        text = format(text, f"{match['align'] or '>'}{match['width']}")
    return text


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
            "no": "{path}: vakt {date} er utenfor perioden ({start} + {days:p:dag|dager})",
            "en": "{path}: shift on {date} is outside the period ({start} + {days:p:day|days})",
        },
        # CLI
        "unit_ok": {
            "no": "OK: {name} – {groups} yrkesgrupper, {tasks:p:oppgave|oppgaver}, {shifts} vakttyper, "
                "{employees:p:ansatt|ansatte}",
            "en": "OK: {name} – {groups} groups, {tasks:p:task|tasks}, {shifts} shift types, "
                "{employees:p:employee|employees}",
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


# --- formatting: one place for numbers, money, percentages, dates, plurals, yes/no and labels -------
# Used by the CLI (tables, reports), the web pages (Jinja filters in web/templating.py) and the reports.

NARROW_NBSP = "\u202f"  # thousands separator in Norwegian (Språkrådet: a (narrow) space)
NBSP = "\u00a0"  # between a number and its unit ("12,5 %", "7,5 t"), so the two never part


def _localise(text: str, lang: str) -> str:
    """Python's "1,234.5" as the reader writes it: "1 234,5" in Norwegian (a minus sign stays "-")."""
    if lang == "no":
        text = text.replace(",", "\0").replace(".", ",").replace("\0", NARROW_NBSP)
    return text


def number(value: float | int, decimals: int | None = None, lang: str | None = None, /, *,
           sign: bool = False) -> str:
    """A number as a reader writes it: "12 350", "5 970 000", "0,75" in Norwegian; "12,350", "0.75" in
    English. ``decimals=None`` keeps up to two decimals and drops trailing zeros; ``sign`` writes "+"
    before a positive number (differences)."""
    lang = lang or current_lang()
    if isinstance(value, bool):
        return yes_no(value, lang)
    plus = "+" if sign else ""
    if decimals is None:
        if isinstance(value, float) and not value.is_integer():
            text = f"{value:{plus},.2f}".rstrip("0").rstrip(".")
        else:
            text = f"{int(value):{plus},}"
    else:
        text = f"{value:{plus},.{decimals}f}"
    if text.lstrip("+-").strip("0.,") == "":  # no "-0" or "+0,0"
        text = text.lstrip("+-")
    return _localise(text, lang)


def nok(amount: float | int, lang: str | None = None, /, *, decimals: int = 0, sign: bool = False) -> str:
    """Kroner: "5 970 000 kr" in Norwegian, "NOK 5,970,000" in English."""
    lang = lang or current_lang()
    text = number(amount, decimals, lang, sign=sign)
    return f"{text}{NBSP}kr" if lang == "no" else f"NOK{NBSP}{text}"


def percent(value: float | int, decimals: int = 1, lang: str | None = None, /, *, sign: bool = False,
            share: bool = False) -> str:
    """A percentage: "12,5 %" in Norwegian (space before the sign), "12.5%" in English. ``value`` is in
    percent, or a share of one with ``share=True`` (0.125 → "12,5 %")."""
    lang = lang or current_lang()
    text = number(value * 100 if share else value, decimals, lang, sign=sign)
    return f"{text}{NBSP}%" if lang == "no" else f"{text}%"


def hours(value: float | int, decimals: int = 1, lang: str | None = None, /) -> str:
    """Hours: "7,5 t" in Norwegian, "7.5 h" in English."""
    lang = lang or current_lang()
    return f"{number(value, decimals, lang)}{NBSP}{'t' if lang == 'no' else 'h'}"


def plural(count: int, key: str, lang: str | None = None, /) -> str:
    """ "1 vakt", "2 vakter": the message ``key`` holds "singular|plural"."""
    forms = t(key, lang).split("|")
    word = forms[0] if count == 1 or len(forms) == 1 else forms[1]
    return f"{number(count, None, lang)} {word}"


def yes_no(value: object, lang: str | None = None, /) -> str:
    return t("yes", lang) if value else t("no", lang)


def _as_date(value: dt.date | str) -> dt.date:
    if isinstance(value, str):
        return dt.datetime.fromisoformat(value) if "T" in value or " " in value else dt.date.fromisoformat(value)
    return value


WEEKDAY_CODES = ("mon", "tue", "wed", "thu", "fri", "sat", "sun")


def date(value: dt.date | str, style: str = "short", lang: str | None = None, /) -> str:
    """A date: ``short`` "07.12.2026", ``day`` "ma. 07.12.2026" (weekday first), ``long``
    "mandag 7. desember 2026"; in English ISO dates ("2026-12-07", "Mon 2026-12-07", "Monday 7 December
    2026"). A datetime is shown as its date."""
    lang = lang or current_lang()
    day = _as_date(value)
    short = f"{day.day:02d}.{day.month:02d}.{day.year}" if lang == "no" else f"{day:%Y-%m-%d}"
    if style == "short":
        return short
    wd = WEEKDAY_CODES[day.weekday()]
    if style == "day":
        return f"{t('wd_' + wd, lang)}. {short}" if lang == "no" else f"{t('wd_' + wd, lang)} {short}"
    month = t(f"month_{day.month}", lang)
    if lang == "no":
        return f"{t('weekday_' + wd, lang)} {day.day}. {month} {day.year}"
    return f"{t('weekday_' + wd, lang)} {day.day} {month} {day.year}"


def timestamp(value: dt.datetime | str, lang: str | None = None, /, *, seconds: bool = False) -> str:
    """A moment: "07.12.2026 kl. 14:05" in Norwegian, "2026-12-07 14:05" in English."""
    lang = lang or current_lang()
    moment = _as_date(value)
    clock = f"{moment:%H:%M:%S}" if seconds else f"{moment:%H:%M}" if isinstance(moment, dt.datetime) else ""
    when = date(moment, "short", lang)
    if not clock:
        return when
    return f"{when} kl.{NBSP}{clock}" if lang == "no" else f"{when} {clock}"


def period(start: dt.date | str, end: dt.date | str, lang: str | None = None, /) -> str:
    """A period with both ends included: "07.12.2026–03.01.2027"."""
    lang = lang or current_lang()
    return f"{date(start, 'short', lang)}–{date(end, 'short', lang)}"


def label(prefix: str, code: object, lang: str | None = None, /) -> str:
    """The label of a code (shift kind, category, status, arrangement, audit action …): message
    ``prefix_code`` (codes also tried in lower case: "OPTIMAL"), else the code itself. Prefixes:
    ``kind`` shift kinds, ``cat`` task categories, ``interval`` time intervals, ``per`` frequency bases,
    ``arr`` work arrangements, ``daytype`` day types, ``wd``/``weekday`` weekdays (short/long),
    ``status`` roster statuses, ``job_status`` job statuses, ``solver_status`` roster engine results,
    ``fill_source`` and ``cover_source`` ways to cover a shift, ``absence`` absence kinds, ``role``
    user roles, ``audit_entity``/``audit_action`` the audit log."""
    raw = getattr(code, "value", code)
    for key in (f"{prefix}_{raw}", f"{prefix}_{str(raw).lower()}"):
        if has(key):
            return t(key, lang)
    return str(raw)


def group_label(groups: Any, group_id: str, /) -> str:
    """A professional group's name from a unit's groups (objects or dicts with ``id`` and ``name``), else
    the id: pages and reports show "Helsefagarbeider", never "hf"."""
    for group in groups or ():
        gid = group.get("id") if isinstance(group, dict) else getattr(group, "id", None)
        if gid == group_id:
            name = group.get("name") if isinstance(group, dict) else getattr(group, "name", None)
            return str(name or group_id)
    return group_id


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

# Labels of the domain's codes (``label(prefix, code)``), shared by the CLI, the web pages and the reports.
register(
    {
        "kind_day": {"no": "dag", "en": "day"},
        "kind_evening": {"no": "kveld", "en": "evening"},
        "kind_night": {"no": "natt", "en": "night"},
        "kind_long_day": {"no": "langvakt dag", "en": "long day"},
        "kind_long_night": {"no": "langvakt natt", "en": "long night"},
        "cat_patient_care": {"no": "Pasientstell og pleie", "en": "Patient care"},
        "cat_procedures": {"no": "Prosedyrer", "en": "Procedures"},
        "cat_documentation": {"no": "Dokumentasjon", "en": "Documentation"},
        "cat_medication": {"no": "Legemiddelhåndtering", "en": "Medication handling"},
        "cat_relatives": {"no": "Pårørende", "en": "Relatives"},
        "cat_samples": {"no": "Blodprøver/andre prøver", "en": "Blood/other samples"},
        "cat_nutrition": {"no": "Ernæring", "en": "Nutrition"},
        "cat_routine_checks": {"no": "Rutinekontroller", "en": "Routine checks"},
        "cat_training": {"no": "Opplæring", "en": "Training"},
        "cat_ordering": {"no": "Bestilling", "en": "Ordering"},
        "cat_cleaning": {"no": "Rengjøring/rydding", "en": "Cleaning/tidying"},
        "cat_administration": {"no": "Administrasjon", "en": "Administration"},
        "interval_anytime": {"no": "Når som helst", "en": "Any time"},
        "interval_weekday_daytime": {"no": "Dagtid hverdager", "en": "Weekday daytime"},
        "interval_07-09": {"no": "07–09", "en": "07–09"},
        "interval_09-12": {"no": "09–12", "en": "09–12"},
        "interval_12-15": {"no": "12–15", "en": "12–15"},
        "interval_15-18": {"no": "15–18", "en": "15–18"},
        "interval_18-22": {"no": "18–22", "en": "18–22"},
        "interval_22-07": {"no": "22–07", "en": "22–07"},
        "wd_mon": {"no": "ma", "en": "Mo"},
        "wd_tue": {"no": "ti", "en": "Tu"},
        "wd_wed": {"no": "on", "en": "We"},
        "wd_thu": {"no": "to", "en": "Th"},
        "wd_fri": {"no": "fr", "en": "Fr"},
        "wd_sat": {"no": "lø", "en": "Sa"},
        "wd_sun": {"no": "sø", "en": "Su"},
        "weekday_mon": {"no": "mandag", "en": "Monday"},
        "weekday_tue": {"no": "tirsdag", "en": "Tuesday"},
        "weekday_wed": {"no": "onsdag", "en": "Wednesday"},
        "weekday_thu": {"no": "torsdag", "en": "Thursday"},
        "weekday_fri": {"no": "fredag", "en": "Friday"},
        "weekday_sat": {"no": "lørdag", "en": "Saturday"},
        "weekday_sun": {"no": "søndag", "en": "Sunday"},
        **{
            f"month_{i}": {"no": no, "en": en}
            for i, (no, en) in enumerate(
                zip(
                    "januar februar mars april mai juni juli august september oktober november desember".split(),
                    "January February March April May June July August September October November December".split(),
                    strict=True,
                ),
                start=1,
            )
        },
        "status_draft": {"no": "utkast", "en": "draft"},
        "status_approved": {"no": "godkjent", "en": "approved"},
        "status_archived": {"no": "arkivert", "en": "archived"},
        "job_status_queued": {"no": "i kø", "en": "queued"},
        "job_status_running": {"no": "kjører", "en": "running"},
        "job_status_done": {"no": "ferdig", "en": "done"},
        "job_status_failed": {"no": "feilet", "en": "failed"},
        "job_status_cancelled": {"no": "avbrutt av bruker", "en": "cancelled"},
        "job_status_interrupted": {"no": "avbrutt", "en": "interrupted"},
        "solver_status_optimal": {"no": "optimal", "en": "optimal"},
        "solver_status_feasible": {"no": "alle harde regler holder", "en": "all hard rules hold"},
        "solver_status_relaxed": {"no": "noen harde regler kunne ikke holdes", "en": "some hard rules could not hold"},
        "solver_status_no_solution": {"no": "ingen løsning", "en": "no solution"},
        "solver_status_first_fit": {
            "no": "første ledige plassering (søket fant ingen løsning innen arbeidsbudsjettet)",
            "en": "first-fit placement (the search found no solution within the work budget)",
        },
        "solver_status_infeasible": {
            "no": "reglene kan ikke holdes samtidig",
            "en": "the rules cannot all hold at once",
        },
        "solver_status_unknown": {"no": "ingen lovlig turnus funnet", "en": "no lawful roster found"},
        "solver_status_given": {"no": "gitt turnus", "en": "given roster"},
        "solver_status_model_invalid": {"no": "ugyldig modell", "en": "invalid model"},
        "fill_source_own": {"no": "egen ansatt under avtalt tid", "en": "own staff below contract hours"},
        "fill_source_extra": {"no": "ekstravakt (deltid)", "en": "extra shift (part-time)"},
        "fill_source_pool": {"no": "bemanningssenter", "en": "staffing centre pool"},
        "fill_source_overtime": {"no": "overtid (AML § 10-6)", "en": "overtime (AML § 10-6)"},
        "fill_source_agency": {"no": "innleie", "en": "agency hire"},
        "cover_source_overtime": {"no": "overtid", "en": "overtime"},
        "cover_source_pool": {"no": "bemanningssenter", "en": "staffing centre"},
        "cover_source_agency": {"no": "innleie", "en": "agency"},
        "cover_source_unfilled": {"no": "kan ikke dekkes", "en": "cannot be covered"},
        "absence_vacation": {"no": "ferie", "en": "vacation"},
        "absence_sick": {"no": "sykefravær", "en": "sick leave"},
        "absence_course": {"no": "kurs", "en": "course"},
        "absence_leave": {"no": "permisjon", "en": "leave"},
        "absence_other": {"no": "fravær", "en": "absence"},
        "role_admin": {"no": "administrator", "en": "administrator"},
        "role_leder": {"no": "leder", "en": "manager"},
        "role_planlegger": {"no": "planlegger", "en": "planner"},
        "role_ansatt": {"no": "ansatt", "en": "employee"},
        "role_tillitsvalgt": {"no": "tillitsvalgt", "en": "union representative"},
        "role_bemanningssenter": {"no": "bemanningssenter", "en": "staffing centre"},
        "col_group": {"no": "Yrkesgruppe", "en": "Group"},
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
        "audit_action_unarchive": {"no": "hentet fram igjen", "en": "restored"},
        "audit_action_sick_repair_from": {"no": "reparert etter sykemelding", "en": "repaired after a sick call"},
        "audit_action_sick_repair": {"no": "sykemelding reparert", "en": "sick call repaired"},
        "audit_action_sick_repair_run": {"no": "sykemelding reparert", "en": "sick call repaired"},
    }
)

# Words in audit summaries ("role=leder; units=1"): the stored text keeps codes, the reader sees words.
_AUDIT_PHRASES_NO = {
    "demo unit, empty draft roster, admin user": "demoenhet, tom turnus (utkast) og administrator",
    "generated region": "region generert",
}
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
    "changed": "endret",
    "nothing": "ingenting",
    "base": "grunnlag",
    "changes": "endringer",
    "open": "åpne",
    "name": "navn",
    "organisation": "organisasjon",
    "tasks": "oppgaver",
    "shift_types": "vakttyper",
    "activity": "aktivitet",
    "task_sharing": "oppgavedeling",
    "staffing": "bemanning",
    "rules": "regler",
    "costs": "kostnader",
    "roster": "turnus",
    "wishes": "ønsker",
    "absences": "fravær",
    "shift_limits": "vaktgrenser",
    "schema_version": "skjemaversjon",
    "status": "status",
    "draft": "utkast",
    "approved": "godkjent",
    "override": "overstyrt",
    "below_minimum": "under minimum",
    "hard": "harde brudd",
    "True": "ja",
    "False": "nei",
    "None": "ingen",
}


def audit_summary(summary: str, lang: str | None = None, /) -> str:
    """An audit row's summary for a reader: Norwegian words for the stored codes, "ja/nei" for booleans."""
    if (lang or current_lang()) != "no" or not summary:
        return summary
    summary = _AUDIT_PHRASES_NO.get(summary, summary)
    return _AUDIT_RE.sub(lambda m: _AUDIT_WORDS_NO[m.group(1)], summary)


_AUDIT_RE = re.compile(r"\b(" + "|".join(sorted(_AUDIT_WORDS_NO, key=len, reverse=True)) + r")\b")
