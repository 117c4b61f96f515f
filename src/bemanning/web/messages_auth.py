"""Messages of logins, sessions and user administration (Norwegian first, English second)."""

from __future__ import annotations

from bemanning.i18n import register

register(
    {
        "web_login_throttled": {
            "no": "For mange mislykkede innlogginger. Vent {wait} s og prøv igjen.",
            "en": "Too many failed logins. Wait {wait} s and try again.",
        },
        "web_last_admin": {
            "no": "«{username}» er den siste aktive administratoren og kan ikke deaktiveres, slettes "
            "eller få en annen rolle. Gi først en annen bruker rollen administrator.",
            "en": "'{username}' is the last active administrator and cannot be deactivated, removed "
            "or given another role. First make another user an administrator.",
        },
        "web_region_unit_unknown": {
            "no": "Regionenhet «{value}» finnes ikke i noen importert region (kjente: {known}).",
            "en": "Region unit '{value}' is not in any imported region (known: {known}).",
        },
        "web_employee_not_in_units": {
            "no": "Ansatt-id «{employee}» finnes ikke i brukerens enheter ({units}).",
            "en": "Employee id '{employee}' is not in the user's units ({units}).",
        },
        "web_wrong_current_password": {
            "no": "Nåværende passord er feil.",
            "en": "The current password is wrong.",
        },
        "web_session_not_found": {"no": "Fant ikke økten.", "en": "Session not found."},
        "setting_positive_int": {
            "no": "Innstillingen {name} må være et positivt heltall, ikke «{value}»",
            "en": "Setting {name} must be a positive whole number, not '{value}'",
        },
        # bemanning bruker
        "cli_user_password_prompt": {"no": "Passord (minst 12 tegn)", "en": "Password (at least 12 characters)"},
        "cli_user_created": {
            "no": "Brukeren «{username}» er opprettet (rolle {role}).",
            "en": "User '{username}' created (role {role}).",
        },
        "cli_user_reset": {
            "no": "Nytt passord for «{username}». Brukerens økter er avsluttet og en eventuell sperre opphevet.",
            "en": "New password for '{username}'. The user's sessions are ended and any lock is lifted.",
        },
        "cli_user_password_once": {
            "no": "Passord (vises bare nå, noter det): {password}",
            "en": "Password (shown only now, note it): {password}",
        },
        "cli_user_unknown": {"no": "Fant ikke brukeren «{username}».", "en": "User '{username}' not found."},
        "col_active": {"no": "Aktiv", "en": "Active"},
        "web_unit_exists": {
            "no": "Det finnes allerede en enhet med id «{unit_id}».",
            "en": "A unit with id '{unit_id}' already exists.",
        },
        # administration page
        "admin_create_user": {"no": "Ny bruker", "en": "New user"},
        "col_region_units": {"no": "Innleie for regionenheter", "en": "Agency for region units"},
        "admin_region_units_save": {"no": "Lagre enheter", "en": "Save units"},
        "admin_region_units_hint": {
            "no": "En leder ser og avgjør innleie (forhåndsvurderingen i bemanningssenteret) for sine egne enheter "
                  "og for regionenhetene valgt her; administrator og bemanningssenteret ser alle.",
            "en": "A manager sees and decides agency hire (the staffing centre's pre-assessment) for their own units "
                  "and the region units chosen here; administrators and the staffing centre see all.",
        },
        "admin_password_hint": {
            "no": "Tomt passord: et tilfeldig passord lages og vises én gang.",
            "en": "Empty password: a random one is made and shown once.",
        },
        "admin_password_once": {
            "no": "Nytt passord for «{username}» (vises bare nå, gi det til brukeren på en trygg måte): {password}",
            "en": "New password for '{username}' (shown only now, hand it over safely): {password}",
        },
        "admin_user_created": {"no": "Brukeren «{username}» er opprettet.", "en": "User '{username}' created."},
        "admin_saved": {"no": "Lagret.", "en": "Saved."},
        "admin_deactivate": {"no": "Deaktiver", "en": "Deactivate"},
        "admin_activate": {"no": "Aktiver", "en": "Activate"},
        "admin_reset_password": {"no": "Nytt passord", "en": "New password"},
        "admin_change_role": {"no": "Endre rolle", "en": "Change role"},
        "admin_inactive": {"no": "deaktivert", "en": "deactivated"},
        "admin_units_title": {"no": "Ny enhet fra fil", "en": "New unit from a file"},
        "admin_units_intro": {
            "no": "Last opp en enhetsfil (YAML eller Excel, som `bemanning valider` sjekker). "
            "`bemanning konverter` lager Excel fra YAML.",
            "en": "Upload a unit file (YAML or Excel, checked as `bemanning valider` does). "
            "`bemanning konverter` turns YAML into Excel.",
        },
        "admin_upload": {"no": "Last opp", "en": "Upload"},
        "admin_api_docs": {"no": "API-dokumentasjon", "en": "API documentation"},
        "col_code": {"no": "Kode", "en": "Code"},
        "col_actions": {"no": "Handlinger", "en": "Actions"},
        # account page
        "nav_account": {"no": "Min konto", "en": "My account"},
        "account_title": {"no": "Min konto", "en": "My account"},
        "sessions_title": {"no": "Innloggede økter", "en": "Logged-in sessions"},
        "sessions_intro": {
            "no": "En økt avsluttes etter {idle} min uten bruk og senest {absolute} t etter innlogging.",
            "en": "A session ends after {idle} min without use and at the latest {absolute} h after login.",
        },
        "col_started": {"no": "Logget inn", "en": "Logged in"},
        "col_last_seen": {"no": "Sist brukt", "en": "Last used"},
        "col_address": {"no": "Adresse", "en": "Address"},
        "col_browser": {"no": "Nettleser", "en": "Browser"},
        "session_this": {"no": "denne økten", "en": "this session"},
        "session_end": {"no": "Avslutt", "en": "End"},
        "logout_everywhere": {"no": "Logg ut overalt", "en": "Log out everywhere"},
        "password_change_title": {"no": "Bytt passord", "en": "Change password"},
        "password_current": {"no": "Nåværende passord", "en": "Current password"},
        "password_new": {"no": "Nytt passord", "en": "New password"},
        "password_changed": {
            "no": "Passordet er byttet. Alle andre økter er logget ut.",
            "en": "The password is changed. All other sessions are logged out.",
        },
    }
)
