"""Adapters to the systems a unit's plan lives between (issue 29).

Each adapter reads or writes one documented file format (``docs/integrations/``), validates
everything before it returns (all or nothing: a bad row or resource raises ``UserError`` naming
it, and nothing is returned half-read), and has sample files made by ``samples``.

- ``activity``: planned activity from DIPS Arena (HL7 FHIR R4 Bundle) or a plain CSV.
- ``requirement``: planned activity → staffing requirement per date.
- ``payroll``: variable pay lines for the payroll system.
- ``gat``: rosters (with absences) and time records in the shape GAT gives them.
- ``time_records``: time records → actual hours for the follow-up KPIs.
"""
