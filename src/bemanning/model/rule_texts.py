"""Norwegian names of the rule settings, their sources and units (English: the rule's own description).

Registered in the one message catalogue (``bemanning.i18n``) as ``setting_<name>`` (``rule_<code>`` names
the roster engine's rule objects); every setting of
DEFAULT_RULES has one (tests/test_i18n_format.py checks it)."""

from __future__ import annotations

import re

from bemanning.i18n import current_lang, has, register, t

from .rules import DEFAULT_RULES

RULE_NO: dict[str, str] = {
    "normal_max_hours_per_day": "Alminnelig arbeidstid per døgn",
    "normal_max_hours_per_week": "Alminnelig arbeidstid per 7 dager",
    "reduced_weekly_hours_rotation": "Ukentlig arbeidstid i turnus med søn-/helgedagsarbeid",
    "reduced_weekly_hours_round_the_clock": "Ukentlig arbeidstid ved døgnkontinuerlig arbeid",
    "averaged_max_hours_per_day": "Høyst timer per døgn ved gjennomsnittsberegning",
    "averaged_max_hours_per_week": "Høyst gjennomsnittlige timer per uke",
    "averaging_weeks": "Periode for gjennomsnittsberegning av ukegrensen",
    "max_hours_single_week": "Aldri mer enn dette i én enkelt uke",
    "max_averaging_period_weeks": "Lengste periode for gjennomsnittsberegning",
    "overtime_max_per_week": "Overtid per 7 dager",
    "overtime_max_per_4_weeks": "Overtid per 4 uker",
    "overtime_max_per_52_weeks": "Overtid per 52 uker",
    "overtime_agreed_max_per_week": "Overtid per 7 dager etter avtale",
    "overtime_agreed_max_per_4_weeks": "Overtid per 4 uker etter avtale",
    "overtime_agreed_max_per_52_weeks": "Overtid per 52 uker etter avtale",
    "overtime_min_premium": "Minste overtidstillegg",
    "total_max_hours_per_day": "Samlet arbeidstid med overtid per døgn",
    "total_max_hours_per_week": "Samlet arbeidstid per 7 dager, gjennomsnitt over 8 uker",
    "daily_rest_hours": "Sammenhengende døgnhvile mellom to vakter",
    "daily_rest_min_by_agreement": "Døgnhvile etter avtale (med kompenserende hvile)",
    "weekly_rest_hours": "Sammenhengende ukehvile i hver faste 7-dagersperiode",
    "weekly_rest_min_by_agreement": "Ukehvile etter avtale",
    "week_boundary_weekday": "Første dag i de faste 7-dagersperiodene for hvile",
    "week_boundary_hour": "Klokkeslett de faste 7-dagersperiodene for hvile begynner",
    "sunday_off_after_sunday_work": "Den som har arbeidet en søn-/helgedag, har fri den neste",
    "sunday_averaging_weeks": "Søndagsarbeid i gjennomsnitt etter avtale (annenhver søndag)",
    "sunday_off_every_nth_week": "Ukefridagen faller på en søndag minst hver n-te uke",
    "sunday_period_start_hour_day_before": "Søn-/helgedagsperioden begynner dagen før",
    "sunday_period_end_hour": "Søn-/helgedagsperioden slutter før neste virkedag",
    "holiday_eve_start_hour": "Begynner på jule-, påske- og pinseaften",
    "night_start_hour": "Nattarbeid begynner",
    "night_end_hour": "Nattarbeid slutter",
    "night_worker_avg_max_hours_per_day": "Faste nattarbeidere, gjennomsnitt per døgn over 4 uker",
    "break_required_after_hours": "Pause når arbeidsdagen er lengre enn dette",
    "break_min_minutes_at_8h": "Samlet pause når dagen er minst 8 timer",
    "work_plan_notice_weeks": "Arbeidsplanen vises de ansatte før den begynner",
    "weekly_hours_day_work": "Ukentlig arbeidstid, dagarbeid",
    "weekly_hours_rotation": "Ukentlig arbeidstid, todelt turnus",
    "weekly_hours_three_shift_min": "Ukentlig arbeidstid, døgnkontinuerlig turnus (nedre grense)",
    "weekly_hours_three_shift_max": "Ukentlig arbeidstid, tredelt turnus (øvre grense)",
    "sunday_hour_factor": "En søn-/helgedagstime teller 1 t 10 min",
    "night_hour_factor": "En nattetime teller 1 t 15 min",
    "weekend_every_nth": "Arbeid høyst hver n-te helg (hele helger)",
    "whole_weekends": "En arbeidshelg er en hel helg (lørdag og søndag)",
    "long_shift_min_hours": "Langvakter er minst",
    "long_shift_max_hours": "Langvakter over dette trenger sentral godkjenning",
    "long_shift_max_share": "Høyeste andel langvakter i planen",
    "long_shift_volunteers_only": "Langvakter bare for frivillige",
    "max_consecutive_working_days": "Flest arbeidsdager på rad",
    "max_consecutive_nights": "Flest netter på rad",
    "rest_days_after_night_series": "Fridager etter en nattserie",
    "contract_hours_tolerance_pct": "Planlagte timer kan avvike fra avtalte timer",
    "contract_hours_tolerance_hours": "Planlagte timer kan avvike så mange timer per oppgjørsperiode",
    "contract_settlement": "Avtalte timer gjøres opp per (hele planen, hver syklus eller hver måned)",
    "allowed_shift_types_respected": "Bare vakttyper gruppen eller den ansatte kan ta, hver på sine dagtyper",
    "weekends_max_in_window": "Høyst så mange arbeidshelger i et vindu av helger",
    "weekends_window": "Antall helger i vinduet for arbeidshelger",
    "isolated_work_day_penalty": "Unngå enkeltstående arbeidsdager mellom fridager",
    "isolated_day_off_penalty": "Unngå enkeltstående fridager mellom arbeidsdager",
    "wish_weight": "Vekt for ett innfridd/avslått ønske",
    "fairness_weight": "Vekt for ulik fordeling av kvelder/netter/helger",
    "vacation_weeks": "Ferieuker per år",
    "vacation_weeks_extra_60_plus": "Ekstra ferieuke fra fylte 60 år",
    "sick_leave_share": "Forventet sykefravær",
    "course_share": "Kurs og opplæring",
    "other_absence_share": "Annet fravær",
    "productive_share": "Produktiv andel av betalte timer",
    "fte_year_hours": "Timer per årsverk i rapporter",
    "fte_year_hours_rotation": "Årstimer per årsverk med 35,5-timersuker (turnus)",
    "fte_year_hours_three_shift": "Årstimer per årsverk med 33,6-timersuker (døgnkontinuerlig tredelt turnus)",
    "share_remainder_downwards": "Ledig tid hos en mer kompetent gruppe på en vakt tar en lavere gruppes "
    "restarbeid der (kompetanserekkefølge) før den gruppen runder opp",
    "care_level_floor": "Pleietyngde-timer per pasientdøgn er et gulv for planens direkte pasienttid",
    "weeks_per_year": "Uker per år for ferieandeler",
    "projection_years": "År framskrivingen dekker",
    "projection_annual_growth": "Årlig aktivitetsvekst når ingen aldersgruppemodell er gitt",
    "one_shift_per_day": "Høyst én vakt begynner per ansatt og dag",
    "rest_by_agreement": "Bruk avtalt minste døgn-/ukehvile (8 t / 28 t), ikke 11 t / 35 t",
    "absence_respected": "Ingen vakter i ferie eller fravær",
    "work_arrangement_respected": "Dagarbeidere: dagvakter på hverdager; ingen netter for ansatte uten",
    "weekly_hours_three_shift_planning": "Ukentlig arbeidstid for ansatte i tredelt turnus når den ikke er "
    "satt per ansatt",
    "cover_required_weight": "Straff per plass under behovet",
    "cover_minimum_weight": "Ekstra straff per plass under forsvarlig minimum",
    "cover_over_weight": "Straff per person over behovet",
    "skill_mix_weight": "Straff per manglende kompetanse",
    "competence_shift_holders_only": "Vakttyper som krever en kompetanse, bare for ansatte med gyldig "
    "kompetanse den dagen",
    "certification_warning_days": "Sertifiseringer som går ut innen så mange dager etter planperioden, "
    "kommer på opplæringsplanen",
    "relaxed_hard_weight": "Vekt for en absolutt regel når de absolutte reglene er i konflikt",
    "repair_change_shift_weight": "Reparasjon: straff for en annen vakttype på en arbeidsdag",
    "repair_move_day_off_weight": "Reparasjon: straff for fridag gjort til arbeid eller arbeid til fridag",
    "repair_weekend_weight": "Reparasjon: straff for endret fridag i helg eller på helligdag",
    "wishes_max_per_employee": "Flest lagrede ønsker per ansatt og enhet",
    "wish_weight_max": "Høyeste vekt en ansatt kan gi ett ønske (laveste er 1)",
}

# Words of the rule sources that are not Norwegian already (the legal references are).
SOURCE_NO: dict[str, str] = {
    "Good practice": "God praksis",
    "Local agreement": "Lokal avtale",
    "local agreement": "lokal avtale",
    "Lokal praksis (unverified)": "Lokal praksis (ikke verifisert)",
    " h × 52": " t × 52",
    " h weeks": "-timersuker",
    "more FTE in 15 years": "flere årsverk på 15 år",
    "Planning convention": "Planleggingskonvensjon",
    "Typical": "Typisk",
    "Hospital average": "Sykehusgjennomsnitt",
    "Calendar convention": "Kalenderkonvensjon",
    "Helse Sør-Øst convention": "Helse Sør-Øst-konvensjon",
    "30 % more FTE in 15 years": "30 % flere årsverk på 15 år",
    "Solver": "Turnusmotoren",
    "(unverified)": "(ikke verifisert)",
    "35.5 h weeks": "35,5-timersuker",
    "33.6 h weeks": "33,6-timersuker",
    "FTE-year conventions": "konvensjoner for årsverk",
}

UNIT_NO: dict[str, str] = {
    "h": "t",
    "hour": "klokkeslett",
    "days": "dager",
    "nights": "netter",
    "weeks": "uker",
    "years": "år",
    "share": "andel",
    "factor": "faktor",
    "wishes": "ønsker",
    "weekday (0=Mon)": "ukedag (0 = man.)",
}


def _register() -> None:
    texts = {}
    for name, setting in DEFAULT_RULES.items():
        texts[f"setting_{name}"] = {"no": RULE_NO.get(name, setting.description), "en": setting.description}
    for code, no in UNIT_NO.items():
        texts[f"ruleunit_{code}"] = {"no": no, "en": code}
    register(texts)


_register()


def rule_label(name: str, lang: str | None = None) -> str:
    key = f"setting_{name}"
    return t(key, lang) if has(key) else name


def source_label(reference: str, lang: str | None = None) -> str:
    """The rule's source in the reader's language: legal references stay, English words are translated."""
    if (lang or current_lang()) != "no":
        return reference
    for english, norwegian in SOURCE_NO.items():
        reference = reference.replace(english, norwegian)
    # Decimal comma in the figures of a source ("37,5 t × 52", "1,0176^15 ≈ 1,30"); section numbers
    # with several dots ("4.2.1") are left alone.
    return _DECIMAL.sub(r"\1,\2", reference)


_DECIMAL = re.compile(r"(?<![\w.])(\d+)\.(\d+)(?![\w.])")


def rule_unit(unit: str, lang: str | None = None) -> str:
    key = f"ruleunit_{unit}"
    return t(key, lang) if unit and has(key) else unit
