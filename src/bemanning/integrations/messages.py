"""Messages of the integration adapters (Norwegian bokmål first, English second)."""

from bemanning.i18n import register

register(
    {
        "integ_unknown_code": {
            "no": "{path}, rad {row}, kolonne «{column}»: ukjent kode «{code}» (kjente: {known})",
            "en": "{path}, row {row}, column '{column}': unknown code '{code}' (known: {known})",
        },
        "integ_unknown_employee": {
            "no": "{path}, rad {row}: ukjent ansatt «{employee}»",
            "en": "{path}, row {row}: unknown employee '{employee}'",
        },
        "integ_duplicate": {
            "no": "{path}, rad {row}: {what} står allerede i filen",
            "en": "{path}, row {row}: {what} is already in the file",
        },
        "integ_empty_cell": {
            "no": "{path}, rad {row}: kolonnen «{column}» er tom",
            "en": "{path}, row {row}: the column '{column}' is empty",
        },
        "integ_ends_before_start": {
            "no": "{path}, rad {row}: gyldig_til {end} er før gyldig_fra {start}",
            "en": "{path}, row {row}: gyldig_til {end} is before gyldig_fra {start}",
        },
        "integ_no_rows": {"no": "{path}: ingen rader å lese", "en": "{path}: no rows to read"},
        "integ_bad_json": {
            "no": "{path}, linje {line}: ugyldig JSON: {problem}",
            "en": "{path}, line {line}: invalid JSON: {problem}",
        },
        "integ_not_bundle": {
            "no": "{path}: forventet en FHIR Bundle, fant «{found}»",
            "en": "{path}: expected a FHIR Bundle, found '{found}'",
        },
        "integ_bad_resource": {
            "no": "{path}, {resource}: ugyldig FHIR-ressurs: {problem}",
            "en": "{path}, {resource}: invalid FHIR resource: {problem}",
        },
        "integ_unknown_resource": {
            "no": "{path}, {resource}: ressurstypen brukes ikke (kjente: {known})",
            "en": "{path}, {resource}: resource type not used (known: {known})",
        },
        "integ_no_allocation": {
            "no": "Oppgavene kan ikke fordeles på gruppene: {reasons}",
            "en": "The tasks cannot be allocated to the groups: {reasons}",
        },
        "integ_unknown_unit_format": {
            "no": "Ukjent format «{value}» (kjente: {known})",
            "en": "Unknown format '{value}' (known: {known})",
        },
        "integ_bad_code_table": {
            "no": "{path}: ugyldig kodetabell: {problem}",
            "en": "{path}: invalid code table: {problem}",
        },
        "integ_outside_period": {
            "no": "{path}, rad {row}: datoen {date} er utenfor perioden {start}–{end}",
            "en": "{path}, row {row}: the date {date} is outside the period {start}–{end}",
        },
        "integ_bad_date": {"no": "Ugyldig dato «{value}» (ÅÅÅÅ-MM-DD)", "en": "Invalid date '{value}' (YYYY-MM-DD)"},
        "integ_bad_period": {
            "no": "Oppgi både --from og --to, med --to etter --from",
            "en": "Give both --from and --to, with --to after --from",
        },
        "integ_time_done": {
            "no": "{rows:p:rad|rader} til oppfølgingen ({skipped} fridager/annet fravær utelatt): "
                "ordinært {ordinary} t, "
            "overtid {overtime} t, innleie {agency} t, sykefravær {absence} t. Skrevet til {path}",
            "en": "{rows:p:row|rows} for follow-up ({skipped:p:day|days} off/other absence left out): "
                "ordinary {ordinary} h, "
            "overtime {overtime} h, agency {agency} h, sick leave {absence} h. Written to {path}",
        },
        "integ_gat_done": {
            "no": "{shifts:p:vakt|vakter} og {absences} fravær {start}–{end} skrevet til {path}",
            "en": "{shifts:p:shift|shifts} and {absences} absences {start}–{end} written to {path}",
        },
        "integ_competence_done": {
            "no": "{certs} sertifiseringer lest; {training} på opplæringslisten. Enhetsfil og lister i {path}",
            "en": "{certs} certifications read; {training} on the training list. Unit file and lists in {path}",
        },
        "integ_period_too_long": {
            "no": "Perioden {start}–{end} er for lang; høyst {days:p:dag|dager}",
            "en": "The period {start}–{end} is too long; at most {days:p:day|days}",
        },
        "audit_action_import_competence": {"no": "kompetanse importert", "en": "competence imported"},
        "web_integ_apply_competence": {"no": "Lagre sertifiseringene i enheten",
                                       "en": "Store the certifications in the unit"},
        "web_integ_training": {"no": "Opplæringsbehov", "en": "Training needs"},
        "integ_bad_upload": {"no": "Filen kom ikke fram riktig; last den opp på nytt",
                             "en": "The file did not arrive intact; upload it again"},
        "nav_integrations": {"no": "Integrasjoner", "en": "Integrations"},
        "web_integ_title": {"no": "Integrasjoner: {name}", "en": "Integrations: {name}"},
        "integ_sum_resources": {"no": "ressurser", "en": "resources"},
        "integ_sum_other_units": {"no": "andre enheter", "en": "other units"},
        "integ_sum_dates": {"no": "datoer", "en": "dates"},
        "integ_sum_rows": {"no": "rader", "en": "rows"},
        "integ_sum_skipped": {"no": "hoppet over", "en": "skipped"},
        "integ_sum_certifications": {"no": "sertifiseringer", "en": "certifications"},
        "integ_sum_training": {"no": "opplæringsbehov", "en": "training needs"},
        "integ_sum_shifts": {"no": "vakter", "en": "shifts"},
        "integ_sum_absences": {"no": "fravær", "en": "absences"},
        "integ_col_date": {"no": "dato", "en": "date"},
        "integ_col_shift": {"no": "vakt", "en": "shift"},
        "integ_col_group": {"no": "yrkesgruppe", "en": "group"},
        "integ_col_minimum": {"no": "minimum", "en": "minimum"},
        "integ_col_required": {"no": "behov", "en": "required"},
        "integ_col_maned": {"no": "måned", "en": "month"},
        "integ_col_timetype": {"no": "timetype", "en": "hour type"},
        "integ_col_timer": {"no": "timer", "en": "hours"},
        "integ_col_ansattnr": {"no": "ansattnr.", "en": "employee no."},
        "integ_col_gruppe": {"no": "yrkesgruppe", "en": "group"},
        "integ_col_kompetanse": {"no": "kompetanse", "en": "competence"},
        "integ_col_status": {"no": "status", "en": "status"},
        "integ_col_gyldig_til": {"no": "gyldig til", "en": "valid until"},
        "integ_col_dato": {"no": "dato", "en": "date"},
        "integ_col_kode": {"no": "kode", "en": "code"},
        "web_integ_intro": {
            "no": "Last opp en fil. Hele filen sjekkes først; du ser enten feilene (med rad eller ressurs) eller "
            "en forhåndsvisning av hva den gir. Ingenting lagres før du tar det i bruk.",
            "en": "Upload a file. The whole file is checked first; you see either the problems (with row or "
            "resource) or a preview of what it gives. Nothing is stored until you apply it.",
        },
        "web_integ_aktivitet": {"no": "Planlagt aktivitet fra DIPS (FHIR Bundle eller CSV) → bemanningsbehov per dato",
                                "en": "Planned activity from DIPS (FHIR Bundle or CSV) → requirement per date"},
        "web_integ_gat": {"no": "Turnus fra GAT (liste eller rutenett, CSV eller Excel) inn i en turnus",
                          "en": "Roster from GAT (list or grid, CSV or Excel) into a roster"},
        "web_integ_timer": {"no": "Timelister fra GAT → timer, overtid, innleie og sykefravær",
                            "en": "Time records from GAT → hours, overtime, agency and sick leave"},
        "web_integ_kompetanse": {"no": "Kompetanse fra kompetanseportalen → sertifiseringer, status og "
                                       "opplæringsbehov for perioden (tomme datoer: turnusperioden)",
                                 "en": "Competence from the portal → certifications, status and training "
                                       "needs for the period (empty dates: the roster period)"},
        "web_integ_file": {"no": "Fil", "en": "File"},
        "web_integ_from": {"no": "Fra", "en": "From"},
        "web_integ_to": {"no": "Til", "en": "To"},
        "web_integ_roster": {"no": "Turnus", "en": "Roster"},
        "web_integ_preview": {"no": "Forhåndsvis", "en": "Preview"},
        "web_integ_apply": {"no": "Ta i bruk i turnusen", "en": "Apply to the roster"},
        "web_integ_problems": {"no": "Filen ble ikke lest. Rett dette og last opp på nytt:",
                               "en": "The file was not read. Fix this and upload again:"},
        "web_integ_result": {"no": "Forhåndsvisning", "en": "Preview"},
        "web_integ_more": {"no": "… og {count:p:rad|rader} til", "en": "… and {count} more rows"},
        "integ_payroll_done": {
            "no": "{lines} lønnslinjer, til sammen {amount:,.2f} kr, skrevet til {path}",
            "en": "{lines} payroll lines, NOK {amount:,.2f} in all, written to {path}",
        },
        "integ_activity_done": {
            "no": "Aktivitet lest: {resources} ressurser/rader, {other} tilhører andre enheter; "
            "{dates} datoer, {rows} bemanningsrader. Skrevet til {path}",
            "en": "Activity read: {resources} resources/rows, {other} belong to other units; "
            "{dates} dates, {rows} requirement rows. Written to {path}",
        },
    }
)
