"""Messages of the unit-format checks of issue 24 (allowed shifts, composite cover, limits, weekends)."""

from __future__ import annotations

from bemanning.i18n import register

register(
    {
        "shift_covers_itself": {
            "no": "vakten «{code}» står i sin egen «covers»-liste",
            "en": "shift '{code}' lists itself in 'covers'",
        },
        "shift_covers_composite": {
            "no": "vakten «{code}» dekker «{covered}», som selv dekker andre vakter",
            "en": "shift '{code}' covers '{covered}', which itself covers other shifts",
        },
        "shift_no_day_types": {
            "no": "vakten «{code}» har ingen dagtyper (day_types er tom)",
            "en": "shift '{code}' has no day types",
        },
        "employee_weekends_pair": {
            "no": "ansatt «{id}»: oppgi både weekends_max og weekends_window, eller ingen av dem",
            "en": "employee '{id}': give both weekends_max and weekends_window, or neither",
        },
        "weekends_max_above_window": {
            "no": "{where}: høyst {max} av {window} helger – det første tallet er større enn det andre",
            "en": "{where}: at most {max} of {window} weekends: the first number is larger than the second",
        },
        "shift_limit_empty": {
            "no": "vaktgrensen «{id}» trenger max_count eller max_share",
            "en": "shift limit '{id}' needs max_count or max_share",
        },
        "employee_shift_not_in_group": {
            "no": "ansatt «{employee}» har vakttypen «{shift}», som yrkesgruppen «{group}» ikke kan gå",
            "en": "employee '{employee}' may work '{shift}', which the group '{group}' may not",
        },
        "rule_bad_choice": {
            "no": "regelinnstillingen «{name}»: «{value}» er ikke en av {choices}",
            "en": "rule setting '{name}': '{value}' is not one of {choices}",
        },
        "rule_not_whole_number": {
            "no": "regelinnstillingen «{name}»: «{value}» er ikke et tall ≥ 0 (helger: et helt tall)",
            "en": "rule setting '{name}': '{value}' is not a number ≥ 0 (weekends: a whole number)",
        },
    }
)
