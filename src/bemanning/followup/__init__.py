"""Follow-up of actuals (styringsdata): agency hire, FTE-months, overtime and sick leave against budget.

Columnar and polars-based. Readers validate every row and keep the rejected ones in a report;
KPIs are computed from additive base columns so every level (unit → clinic → trust → region)
is a plain sum followed by the same ratio formulas.
"""
