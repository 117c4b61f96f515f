"""Messages of the planning pages: 'Lag turnus', compliance overlay, requirement, activity plan."""

from __future__ import annotations

from bemanning.i18n import register

register(
    {
        "make_roster": {"no": "Lag turnus", "en": "Make roster"},
        "make_roster_pending": {
            "no": "Åpne en turnus og trykk «Lag turnus» for å optimere den; resultatet lagres som nytt utkast.",
            "en": "Open a roster and press 'Make roster' to optimise it; the result is stored as a new draft.",
        },
        # A work budget (deterministic: the same roster on an idle or a busy machine), not seconds.
        "solve_time_limit": {"no": "Arbeidsbudsjett", "en": "Work budget"},
        "solve_units": {"no": "enheter", "en": "units"},
        "solve_default_name": {"no": "Turnus", "en": "Roster"},
        "solve_phase_requirement": {
            "no": "Beregner bemanningsbehovet …",
            "en": "Computing the staffing requirement …",
        },
        "solve_phase_solving": {"no": "Lager turnus …", "en": "Planning the roster …"},
        "solve_phase_done": {"no": "Lagrer …", "en": "Storing …"},
        "solve_best": {"no": "beste mål {objective}", "en": "best objective {objective}"},
        "solve_left": {"no": "{seconds} s igjen", "en": "{seconds} s left"},
        "solve_done": {
            "no": "Ferdig ({status}, {seconds} s). Ny turnus er lagret som utkast.",
            "en": "Done ({status}, {seconds} s). The new roster is stored as a draft.",
        },
        "below_minimum_banner": {
            "no": "Under forsvarlig minimum: {count:p:plass|plasser} ({dates}).",
            "en": "Below the safe minimum: {count:p:place|places} ({dates}).",
        },
        "below_required_banner": {
            "no": "{count:p:plass|plasser} står åpne over forsvarlig minimum (under behovet).",
            "en": "{count:p:place|places} are open above the safe minimum (below the requirement).",
        },
        "solve_done_unsafe": {
            "no": "Turnusen er lagret som utkast ({status}, {seconds} s), men er IKKE ferdig: "
            "{below:p:plass|plasser} under forsvarlig minimum, {hard} brudd på harde regler.",
            "en": "The roster is stored as a draft ({status}, {seconds} s), but it is NOT done: "
            "{below:p:place|places} below the safe minimum, {hard} hard rule violations.",
        },
        "cmp_below_minimum": {"no": "Under minimum", "en": "Below minimum"},
        "solve_open": {"no": "Åpne ny turnus", "en": "Open the new roster"},
        "solve_open_base": {"no": "Åpne forrige versjon", "en": "Open the previous version"},
        "solve_approve_by_manager": {
            "no": "Leder godkjenner turnusen.",
            "en": "The unit manager approves the roster.",
        },
        "solve_cancelled": {"no": "Avbrutt. Ingenting er lagret.", "en": "Cancelled. Nothing was stored."},
        "solve_failed": {"no": "Turnusen kunne ikke lages.", "en": "The roster could not be made."},
        "cancel": {"no": "Avbryt", "en": "Cancel"},
        "compare": {"no": "Sammenlign", "en": "Compare"},
        "compare_with": {"no": "Sammenlign med", "en": "Compare with"},
        "compare_title": {"no": "{after} mot {before}", "en": "{after} against {before}"},
        "cmp_before": {"no": "Før", "en": "Before"},
        "cmp_after": {"no": "Etter", "en": "After"},
        "cmp_changed_cells": {"no": "Endrede celler", "en": "Changed cells"},
        "cmp_penalty": {"no": "Straff (myke regler)", "en": "Penalty (soft rules)"},
        "cmp_uncovered": {"no": "Udekkede plasser", "en": "Uncovered places"},
        "cmp_hard": {"no": "Brudd på harde regler", "en": "Hard rule violations"},
        "cmp_violations": {"no": "Avvik i alt", "en": "Deviations in total"},
        "grid_need": {"no": "behov", "en": "need"},
        "grid_compliance": {
            "no": "Regelsjekk: {hard} brudd på harde regler, {soft} myke avvik, {uncovered} udekkede plasser",
            "en": "Rule check: {hard} hard violations, {soft} soft deviations, {uncovered} uncovered places",
        },
        "grid_hard_count": {"no": "{hard} brudd på harde regler.", "en": "{hard} hard rule violation(s)."},
        "check_hard": {"no": "hard", "en": "hard"},
        "check_soft": {"no": "myk", "en": "soft"},
        "violation_legend": {
            "no": "Rød ramme: brudd på en hard regel, gul: mykt avvik (hold musen over cellen for regel og hjemmel).",
            "en": "Red frame: a hard rule broken, yellow: a soft deviation (hover the cell for rule and reference).",
        },
        "requirement_source_staffing": {
            "no": "Behov fra bemanningsberegningen (oppgavedeling → aktivitetsplan → bemanningsplan)",
            "en": "Requirement from the staffing chain (task sharing → activity plan → staffing plan)",
        },
        "requirement_source_unit": {
            "no": "Behov fra enhetens faste bemanningsplan eller forsvarlig minimum",
            "en": "Requirement from the unit's fixed staffing plan or safe minimum",
        },
        "download_xlsx": {"no": "Last ned Excel", "en": "Download Excel"},
        "download_ics": {"no": "Min kalender (iCal)", "en": "My calendar (iCal)"},
        "download_activity": {"no": "Last ned aktivitetsplan (Excel)", "en": "Download activity plan (Excel)"},
        "nav_activity": {"no": "Aktivitetsplan", "en": "Activity plan"},
        "req_title": {"no": "Bemanningsbehov – {name}", "en": "Staffing requirement – {name}"},
        "req_heads": {"no": "Hoder per vakt og dagtype", "en": "Heads per shift and day type"},
        "req_shift": {"no": "Vakt", "en": "Shift"},
        "req_legend": {
            "no": "Behov (forsvarlig minimum i parentes).",
            "en": "Requirement (safe minimum in brackets).",
        },
        "req_fte": {"no": "Årsverksbehov med fraværsrom", "en": "FTE need with absence room"},
        "req_absence_pct": {"no": "Fravær", "en": "Absence"},
        "req_absence_room": {"no": "Fraværsrom (årsverk)", "en": "Absence room (FTE)"},
        "req_fte_legend": {
            "no": "Fraværsrommet er årsverkene som dekker kjent fravær (ferie, sykefravær, kurs). "
            "1 årsverk = {hours} timer.",
            "en": "The absence room is the FTE that covers known absence (vacation, sick leave, courses). "
            "1 FTE = {hours} hours.",
        },
        "day_weekday": {"no": "Hverdag", "en": "Weekday"},
        "day_saturday": {"no": "Lørdag", "en": "Saturday"},
        "day_sunday": {"no": "Søndag/helligdag", "en": "Sunday/holiday"},
        "act_title": {"no": "Aktivitetsplan – {name}", "en": "Activity plan – {name}"},
        "act_heat": {"no": "Varmekart: timer per dag ({day})", "en": "Heat map: hours per day ({day})"},
        "act_heat_legend": {
            "no": "Timer arbeid per tidsintervall og yrkesgruppe etter oppgavedelingen; mørkere er mer.",
            "en": "Hours of work per time interval and group after task sharing; darker is more.",
        },
        "act_interval": {"no": "Intervall", "en": "Interval"},
        "act_none": {"no": "Ingen aktivitetsplan.", "en": "No activity plan."},
        "act_allocation": {"no": "Oppgavefordeling", "en": "Task allocation"},
        "act_task": {"no": "Oppgave", "en": "Task"},
        "act_category": {"no": "Kategori", "en": "Category"},
        "act_hours_week": {"no": "Timer/uke", "en": "Hours/week"},
        "act_training": {"no": "Opplæring", "en": "Training"},
        "col_weekly_hours": {"no": "Timer/uke", "en": "Hours/week"},
        "col_fte_need": {"no": "Behov", "en": "Need"},
        "col_fte_need_with_absence": {"no": "Behov m/fravær", "en": "Need incl. absence"},
        "col_fte_current": {"no": "Stillinger", "en": "Positions"},
        "col_gap_fte": {"no": "Gap årsverk", "en": "Gap FTE"},
    }
)
