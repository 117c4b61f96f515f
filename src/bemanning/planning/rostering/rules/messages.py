"""Rule names and violation texts (Norwegian first, English second)."""

from __future__ import annotations

from bemanning.i18n import register

_RULES: dict[str, tuple[str, str, str, str]] = {
    # code: (name no, name en, detail no, detail en)
    "one_shift_per_day": (
        "Én vakt per dag",
        "One shift per day",
        "{employee} har flere vakter {dates}: {shifts}",
        "{employee} has several shifts {dates}: {shifts}",
    ),
    "absence": (
        "Planlagt fravær",
        "Planned absence",
        "{employee} har vakt {shift} {dates} under fravær",
        "{employee} has shift {shift} on {dates} while absent",
    ),
    "work_arrangement": (
        "Arbeidstidsordning",
        "Work arrangement",
        "{employee} kan ikke ha vakt {shift} {dates} (ordning/natt)",
        "{employee} may not work {shift} on {dates} (arrangement/nights)",
    ),
    "long_shift_volunteers": (
        "Langvakt bare for frivillige",
        "Long shifts for volunteers only",
        "{employee} har langvakt {shift} {dates} uten å ha meldt seg",
        "{employee} has long shift {shift} on {dates} without volunteering",
    ),
    "max_hours_per_day": (
        "Maks timer per døgn",
        "Max hours per 24 h",
        "{employee}: vakt {shift} {dates} er for lang",
        "{employee}: shift {shift} on {dates} is too long",
    ),
    "daily_rest": (
        "Daglig hvile",
        "Daily rest",
        "{employee}: bare {hours} t hvile mellom {first} og {second} ({dates}); krav {limit} t",
        "{employee}: only {hours} h rest between {first} and {second} ({dates}); requires {limit} h",
    ),
    "weekly_rest": (
        "Ukentlig hvile",
        "Weekly rest",
        "{employee}: lengste hvile i uken fra {week} er {hours} t; krav {limit} t",
        "{employee}: longest rest in the week from {week} is {hours} h; requires {limit} h",
    ),
    "max_hours_week": (
        "Maks timer per uke",
        "Max hours per week",
        "{employee}: {hours} t i uken ({dates}); grense {limit} t",
        "{employee}: {hours} h in the week ({dates}); limit {limit} h",
    ),
    "averaged_hours": (
        "Gjennomsnittlig arbeidstid",
        "Averaged hours",
        "{employee}: snitt {hours} t/uke; grense {limit} t",
        "{employee}: average {hours} h/week; limit {limit} h",
    ),
    "contract_hours": (
        "Avtalt stilling",
        "Contract hours",
        "{employee}: {hours} t planlagt {dates}, avtalt {target} t etter {credit} t fraværsfradrag "
        "(tillatt {low}–{high} t)",
        "{employee}: {hours} h planned {dates}, contract {target} h after {credit} h absence credit "
        "(allowed {low}–{high} h)",
    ),
    "night_average": (
        "Nattarbeid, snitt per døgn",
        "Night work average",
        "{employee}: {hours} t på 4 uker ({dates})",
        "{employee}: {hours} h in 4 weeks ({dates})",
    ),
    "whole_weekends": (
        "Hele helger",
        "Whole weekends",
        "{employee} jobber bare én dag av helgen {dates}",
        "{employee} works only one day of the weekend {dates}",
    ),
    "weekend_frequency": (
        "Hver n-te helg",
        "Every n-th weekend",
        "{employee} jobber {count} av {nth} helger på rad ({dates})",
        "{employee} works {count} of {nth} weekends in a row ({dates})",
    ),
    "sunday_holiday": (
        "Søn- og helgedagsarbeid",
        "Sunday/holiday work",
        "{employee} jobber {count} av {total} søn-/helgedager",
        "{employee} works {count} of {total} Sundays/holidays",
    ),
    "sunday_off": (
        "Fri søndag hver n-te uke",
        "Sunday off every n-th week",
        "{employee} har ingen fri søndag i {weeks} uker ({dates})",
        "{employee} has no Sunday off in {weeks} weeks ({dates})",
    ),
    "max_consecutive_days": (
        "Maks arbeidsdager på rad",
        "Max consecutive working days",
        "{employee}: {length:p:dag|dager} på rad ({dates}); grense {limit}",
        "{employee}: {length:p:day|days} in a row ({dates}); limit {limit}",
    ),
    "max_consecutive_nights": (
        "Maks netter på rad",
        "Max consecutive nights",
        "{employee}: {length} netter på rad ({dates}); grense {limit}",
        "{employee}: {length} nights in a row ({dates}); limit {limit}",
    ),
    "rest_after_nights": (
        "Fri etter nattevakter",
        "Rest after nights",
        "{employee} jobber innen {days:p:dag|dager} etter siste natt ({dates})",
        "{employee} works within {days:p:day|days} after the last night ({dates})",
    ),
    "isolated_work_day": (
        "Enslig arbeidsdag",
        "Isolated working day",
        "{employee}: enslig arbeidsdag {dates}",
        "{employee}: isolated working day {dates}",
    ),
    "isolated_day_off": (
        "Enslig fridag",
        "Isolated day off",
        "{employee}: enslig fridag {dates}",
        "{employee}: isolated day off {dates}",
    ),
    "long_shift_share": (
        "Andel langvakter",
        "Share of long shifts",
        "{count} av {total:p:vakt|vakter} er langvakter (grense {share})",
        "{count} of {total:p:shift|shifts} are long shifts (limit {share})",
    ),
    "coverage": (
        "Dekning av bemanningsplan",
        "Coverage of the staffing plan",
        "{dates} vakt {shift}: mangler {missing} {group} (under minimum: {below_minimum})",
        "{dates} shift {shift}: {missing} {group} missing (below minimum: {below_minimum})",
    ),
    "over_coverage": (
        "Overdekning",
        "Over-coverage",
        "{dates} vakt {shift}: {extra} flere enn planen ({group})",
        "{dates} shift {shift}: {extra} more than the plan ({group})",
    ),
    "skill_mix": (
        "Kompetansemiks",
        "Skill mix",
        "{dates} vakt {shift}: {count} med {competence}, minst {minimum}",
        "{dates} shift {shift}: {count} with {competence}, at least {minimum}",
    ),
    "wish": (
        "Ønsker",
        "Wishes",
        "{employee}: ønske {wish} {dates} ikke innfridd",
        "{employee}: wish {wish} on {dates} not granted",
    ),
    "fairness": (
        "Rettferdig fordeling",
        "Fair distribution",
        "{group}: ulik fordeling av {category} (spenn {spread})",
        "{group}: uneven {category} (spread {spread})",
    ),
    "allowed_shifts": (
        "Tillatte vakttyper",
        "Allowed shift types",
        "{employee} kan ikke gå vakt {shift} ({dates}): ikke blant vakttypene for den ansatte/yrkesgruppen",
        "{employee} may not work shift {shift} ({dates}): not among the employee's/group's shift types",
    ),
    "competence_shifts": (
        "Vakttype bare for kompetente",
        "Shift type only for holders",
        "{employee} har vakt {shift} {dates} uten gyldig {competence}",
        "{employee} works shift {shift} on {dates} without a valid {competence}",
    ),
    "shift_day_types": (
        "Vakttype bare på visse dager",
        "Shift type only on some days",
        "{employee} har vakt {shift} {dates}, en dag vakttypen ikke brukes",
        "{employee} works shift {shift} on {dates}, a day the shift type is not used",
    ),
    "shift_limit": (
        "Grense for vakttyper per person",
        "Per-person shift limit",
        "{employee}: {count:p:vakt|vakter} {shifts} i perioden {dates}; grense {limit} ({limit_id})",
        "{employee}: {count:p:shift|shifts} {shifts} in the period {dates}; limit {limit} ({limit_id})",
    ),
    "weekend_count": (
        "Antall helger",
        "Number of weekends",
        "{employee} jobber {count} av {window} helger på rad ({dates}); høyst {most}",
        "{employee} works {count} of {window} weekends in a row ({dates}); at most {most}",
    ),
}

register({f"rule_{code}": {"no": v[0], "en": v[1]} for code, v in _RULES.items()})
register({f"viol_{code}": {"no": v[2], "en": v[3]} for code, v in _RULES.items()})
