"""Messages of input limits, unexpected errors, roster archive/delete, jobs and wishes."""

from __future__ import annotations

from bemanning.i18n import register

register(
    {
        # input limits (pydantic error codes carry the context; the item names field and value)
        "validation_item_value": {"no": "  - {where} = {value}: {message}", "en": "  - {where} = {value}: {message}"},
        "web_date_outside_window": {
            "no": "må ligge mellom {first} og {last}",
            "en": "must lie between {first} and {last}",
        },
        "web_roster_too_long": {"no": "kan ikke være over {most:p:dag|dager}", "en": "must be at most "
        "{most:p:day|days}"},
        "web_date_outside_window_field": {
            "no": "{field} = {value}: datoen må ligge mellom {first} og {last}.",
            "en": "{field} = {value}: the date must lie between {first} and {last}.",
        },
        "web_roster_too_long_field": {
            "no": "{field} = {value}: en turnus kan vare høyst {most:p:dag|dager}.",
            "en": "{field} = {value}: a roster may last at most {most:p:day|days}.",
        },
        "web_internal_error": {
            "no": "Det oppstod en uventet feil på serveren. Feilen er logget; prøv igjen, eller kontakt "
            "systemansvarlig hvis den kommer igjen.",
            "en": "An unexpected error occurred on the server. It has been logged; try again, or contact "
            "the system administrator if it happens again.",
        },
        # roster archive and delete
        "web_roster_approved_kept": {
            "no": "Turnusen er godkjent og tas vare på for revisjon. Den kan arkiveres, men ikke slettes.",
            "en": "The roster is approved and kept for the audit. It can be archived, not deleted.",
        },
        "roster_archive": {"no": "Arkiver", "en": "Archive"},
        "roster_unarchive": {"no": "Hent fram igjen", "en": "Restore"},
        "roster_delete": {"no": "Slett", "en": "Delete"},
        "roster_delete_confirm": {
            "no": "Slette utkastet for godt?",
            "en": "Delete the draft for good?",
        },
        "rosters_show_archived": {"no": "Vis arkiverte", "en": "Show archived"},
        "rosters_hide_archived": {"no": "Skjul arkiverte", "en": "Hide archived"},
        # jobs
        "entity_job": {"no": "Jobben", "en": "The job"},
        "job_queued": {
            "no": "I kø: {ahead} jobb(er) foran. Jobben starter når en plass blir ledig.",
            "en": "Queued: {ahead} job(s) ahead. The job starts when a place is free.",
        },
        "job_interrupted": {
            "no": "Jobben ble avbrutt fordi serveren stoppet. Ingenting fra denne kjøringen er lagret; "
            "dataene er som før. Start jobben på nytt.",
            "en": "The job was interrupted because the server stopped. Nothing from this run was stored; "
            "the data is as before. Start the job again.",
        },
        "job_connection_lost": {
            "no": "Mistet forbindelsen med serveren. Prøver igjen om noen sekunder …",
            "en": "Lost the connection to the server. Trying again in a few seconds …",
        },
        "web_job_limit": {
            "no": "Du har allerede {count} jobber i kø eller i gang (grensen er {limit}). Vent til en er ferdig.",
            "en": "You already have {count} jobs queued or running (the limit is {limit}). Wait for one to finish.",
        },
        "jobs_title": {"no": "Jobber", "en": "Jobs"},
        # wishes
        "web_wish_limit": {
            "no": "Den ansatte har allerede {count:p:ønske|ønsker} (grensen er {limit} per ansatt, regel "
            "«wishes_max_per_employee»).",
            "en": "The employee already has {count:p:wish|wishes} (the limit is {limit} per employee, rule "
            "'wishes_max_per_employee').",
        },
        "web_wish_weight": {
            "no": "weight = {value}: vekten må ligge mellom {low} og {high} (regel «wish_weight_max»).",
            "en": "weight = {value}: the weight must lie between {low} and {high} (rule 'wish_weight_max').",
        },
        "web_wish_unknown_shift": {
            "no": "shift = {value}: enheten har ingen vakt med denne koden.",
            "en": "shift = {value}: the unit has no shift with this code.",
        },
        "web_wish_unknown_employee": {
            "no": "employee = {value}: enheten har ingen ansatt med denne id-en.",
            "en": "employee = {value}: the unit has no employee with this id.",
        },
        "wish_delete": {"no": "Fjern", "en": "Remove"},
        "entity_wish": {"no": "Ønsket", "en": "The wish"},
    }
)
