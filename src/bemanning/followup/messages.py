"""User-facing messages of the follow-up (Norwegian first, English second)."""

from __future__ import annotations

from bemanning.i18n import register

register(
    {
        "fu_missing_value": {"no": "mangler verdi", "en": "missing value"},
        "fu_not_number": {"no": "er ikke et tall", "en": "is not a number"},
        "fu_not_integer": {"no": "er ikke et heltall", "en": "is not a whole number"},
        "fu_below_min": {"no": "er mindre enn {minimum}", "en": "is less than {minimum}"},
        "fu_not_month": {"no": "er ikke en måned på formen ÅÅÅÅ-MM", "en": "is not a month like YYYY-MM"},
        "fu_not_date": {
            "no": "er ikke en dato på formen ÅÅÅÅ-MM-DD (1900–2099)",
            "en": "is not a date like YYYY-MM-DD (1900–2099)",
        },
        "fu_not_choice": {"no": "må være en av: {choices}", "en": "must be one of: {choices}"},
        "fu_duplicate": {
            "no": "duplikat av rad {row} (samme {key})",
            "en": "duplicate of row {row} (same {key})",
        },
        "fu_unknown_unit": {
            "no": "enheten finnes ikke i organisasjonstabellen",
            "en": "unit not found in the organisation table",
        },
        "fu_missing_columns": {
            "no": "{path}: mangler kolonne(r) {columns} (tabellen «{table}» trenger {expected})",
            "en": "{path}: missing column(s) {columns} (table '{table}' needs {expected})",
        },
        "fu_unreadable": {
            "no": "{path}: kan ikke leses som {kind}: {problem}",
            "en": "{path}: cannot be read as {kind}: {problem}",
        },
        "fu_unknown_format": {
            "no": "{path}: ukjent filtype (bruk .csv, .xlsx eller .parquet)",
            "en": "{path}: unknown file type (use .csv, .xlsx or .parquet)",
        },
        "fu_unknown_dataset": {
            "no": "{path}: ukjent tabell «{name}»; kjente tabeller: {known}",
            "en": "{path}: unknown table '{name}'; known tables: {known}",
        },
        "fu_no_data": {
            "no": "Fant ingen oppfølgingsdata i {path} (ventet filer som timer.csv, innleie.csv …)",
            "en": "No follow-up data found in {path} (expected files like timer.csv, innleie.csv …)",
        },
        "fu_needs_org": {
            "no": "Oppfølgingsdata trenger organisasjonstabellen (organisasjon.csv/.xlsx/.parquet)",
            "en": "Follow-up data needs the organisation table (organisasjon.csv/.xlsx/.parquet)",
        },
        "fu_group_not_found": {
            "no": "{path}: fant ikke konsernlinjen «{name}» i kolonnen foretak",
            "en": "{path}: group line '{name}' not found in column foretak",
        },
        "fu_bad_denominator": {
            "no": "ukjent nevner «{value}»; bruk budsjett eller faktisk",
            "en": "unknown denominator '{value}'; use budsjett or faktisk",
        },
        "fu_rows_summary": {
            "no": "{table}: {read:p:rad|rader} lest, {rejected} avvist, {kept} brukt",
            "en": "{table}: {read:p:row|rows} read, {rejected} rejected, {kept} used",
        },
        "fu_rejected_line": {
            "no": "  {file}, rad {row}, kolonne {column}: «{value}» {reason}",
            "en": "  {file}, row {row}, column {column}: '{value}' {reason}",
        },
        "fu_no_rows": {
            "no": "{path}: filen har ingen datarader, bare overskrift (tabellen «{table}»); "
            "sjekk eksporten",
            "en": "{path}: the file has no data rows, only a header (table '{table}'); check the export",
        },
        "fu_zero_budget": {
            "no": "  {file}, rad {row} ({name}): {column} er 0 mens faktisk er {actual}; "
            "avvik i prosent står tomt",
            "en": "  {file}, row {row} ({name}): {column} is 0 while the actual is {actual}; "
            "deviation in % left empty",
        },
        "fu_zero_budget_header": {
            "no": "Budsjett 0 (avvik i prosent kan ikke beregnes):",
            "en": "Budget 0 (deviation in % cannot be computed):",
        },
        "fu_formats": {
            "no": "ukjent format «{value}»; bruk {choices} (flere med komma)",
            "en": "unknown format '{value}'; use {choices} (several with commas)",
        },
        "fu_format_cost": {
            "no": "Excel og HTML tok {seconds:.1f} s av kjøringen; bruk --format parquet for bare Parquet",
            "en": "Excel and HTML took {seconds:.1f} s of the run; use --format parquet for Parquet only",
        },
        "fu_table_title": {
            "no": "Innleie av leger i timer {year} (1 årsverk = {hours:g} timer)",
            "en": "Agency doctors in hours {year} (1 FTE-year = {hours:g} hours)",
        },
        "fu_bad_fte_year": {
            "no": "timer per årsverk må være større enn 0, ikke {value}",
            "en": "hours per FTE-year must be greater than 0, not {value}",
        },
        "fu_written": {"no": "Skrev {path}", "en": "Wrote {path}"},
        "fu_denominators": {
            "no": "Nevner for avvik i prosent: {text}",
            "en": "Denominator of deviation in %: {text}",
        },
    }
)
