"""Budget deviation per trust, as in the HSØ table "Innleie – avvik mot budsjett 2023".

Deviation = actual − budget, for agency hire (innleie), salary (lønn) and their sum. The
percentage divides by the budget or the actual, per column, as ``BudgetDenominators`` says;
the seed's defaults are budget/budget/actual. Percentages are rounded half away from zero to
one decimal (as printed in the seed).

Without a budget there is no deviation in %: where the budget (or the chosen denominator) is 0 the
percentage is left empty — never 0.0 % or 100 % — and the command lists those rows. Only a line
with neither actual nor budget (e.g. no agency hire at all) is 0.0 %, as the seed prints it.
Negative actuals are rejected as bad rows (the schema's minimum).

Real accounts do not add up: a group's consolidated line eliminates internal transactions, so
it differs from the sum of its trusts. ``deviation_table`` shows both and their difference.
"""

from __future__ import annotations

from dataclasses import dataclass
from decimal import ROUND_HALF_UP, Decimal
from pathlib import Path
from typing import cast

import polars as pl

from bemanning.followup.reading import ROW, LoadedTable, load_table
from bemanning.followup.schemas import BUDGET_DEVIATION_INPUT
from bemanning.followup.settings import BudgetDenominators
from bemanning.io.errors import UserError

OUTPUT_COLUMNS = [
    "foretak",
    "innleie_avvik",
    "innleie_avvik_pct",
    "lonn_avvik",
    "lonn_avvik_pct",
    "sum_avvik",
    "sum_avvik_pct",
]
SUM_LABEL = "Sum foretak"
DIFFERENCE_LABEL = "Differanse"


def percent(numerator: float, denominator: float) -> float | None:
    """numerator / denominator in %, one decimal, half away from zero; None when the denominator is 0."""
    if denominator == 0:
        return None
    value = Decimal(repr(numerator)) * 100 / Decimal(repr(denominator))
    return float(value.quantize(Decimal("0.1"), rounding=ROUND_HALF_UP))


@dataclass(frozen=True)
class Amounts:
    innleie_faktisk: float
    innleie_budsjett: float
    lonn_faktisk: float
    lonn_budsjett: float

    def __add__(self, other: Amounts) -> Amounts:
        return Amounts(
            self.innleie_faktisk + other.innleie_faktisk,
            self.innleie_budsjett + other.innleie_budsjett,
            self.lonn_faktisk + other.lonn_faktisk,
            self.lonn_budsjett + other.lonn_budsjett,
        )

    def pairs(self) -> dict[str, dict[str, float]]:
        """Actual and budget per column (innleie, lonn, sum)."""
        return {
            "innleie": {"faktisk": self.innleie_faktisk, "budsjett": self.innleie_budsjett},
            "lonn": {"faktisk": self.lonn_faktisk, "budsjett": self.lonn_budsjett},
            "sum": {
                "faktisk": self.innleie_faktisk + self.lonn_faktisk,
                "budsjett": self.innleie_budsjett + self.lonn_budsjett,
            },
        }

    def deviation_row(self, name: str, denominators: BudgetDenominators) -> dict[str, object]:
        row: dict[str, object] = {"foretak": name}
        for column, pair in self.pairs().items():
            deviation = pair["faktisk"] - pair["budsjett"]
            row[f"{column}_avvik"] = deviation
            row[f"{column}_avvik_pct"] = deviation_pct(pair, getattr(denominators, column))
        return row


def deviation_pct(pair: dict[str, float], denominator: str) -> float | None:
    """(actual − budget) in % of the chosen denominator; None without a budget to deviate from.

    Neither actual nor budget (no agency hire at all) is 0.0 %, as the seed prints it.
    """
    if pair["faktisk"] == 0 and pair["budsjett"] == 0:
        return 0.0
    if pair["budsjett"] == 0:
        return None
    return percent(pair["faktisk"] - pair["budsjett"], pair[denominator])


ZERO = Amounts(0.0, 0.0, 0.0, 0.0)


def _number(value: object) -> float:
    return float(cast(float, value))


def _difference(group: object, total: object, column: str) -> float | None:
    if group is None or total is None:
        return None
    value = _number(group) - _number(total)
    return round(value, 1) if column.endswith("_pct") else value


def _amounts(row: dict[str, object]) -> Amounts:
    return Amounts(
        *(
            _number(row[c])
            for c in (
                "innleie_faktisk",
                "innleie_budsjett",
                "lonn_faktisk",
                "lonn_budsjett",
            )
        )
    )


@dataclass(frozen=True)
class ZeroBudget:
    """An input row whose budget is 0 while its actual is not: its deviation in % is left empty."""

    row: int
    name: str
    column: str
    actual: float


@dataclass
class DeviationResult:
    table: pl.DataFrame
    source: LoadedTable
    denominators: BudgetDenominators
    group: str | None
    zero_budgets: list[ZeroBudget]


def zero_budgets(inputs: pl.DataFrame) -> list[ZeroBudget]:
    """Rows (with their source row number in ``_rad``) that have an actual but a zero budget."""
    found = []
    for row in inputs.iter_rows(named=True):
        for column in ("innleie", "lonn"):
            actual, budget = _number(row[f"{column}_faktisk"]), _number(row[f"{column}_budsjett"])
            if budget == 0 and actual != 0:
                found.append(ZeroBudget(int(row[ROW]), str(row["foretak"]), f"{column}_budsjett", actual))
    return found


def deviation_table(
    inputs: pl.DataFrame, denominators: BudgetDenominators | None = None, group: str | None = None
) -> pl.DataFrame:
    """One row per trust, then ``Sum foretak``; with ``group`` its own line and ``Differanse``.

    The ``Differanse`` row is the group line minus the sum of trusts: NOK columns are subtracted,
    pct columns are the difference in percentage points.
    """
    denominators = denominators or BudgetDenominators()
    rows: list[dict[str, object]] = []
    total = ZERO
    group_amounts: Amounts | None = None
    for row in inputs.iter_rows(named=True):
        amounts = _amounts(row)
        if group is not None and row["foretak"] == group:
            group_amounts = amounts
            continue
        rows.append(amounts.deviation_row(str(row["foretak"]), denominators))
        total = total + amounts
    sum_row = total.deviation_row(SUM_LABEL, denominators)
    rows.append(sum_row)
    if group_amounts is not None:
        group_row = group_amounts.deviation_row(str(group), denominators)
        rows.append(group_row)
        difference: dict[str, object] = {"foretak": DIFFERENCE_LABEL}
        for column in OUTPUT_COLUMNS[1:]:
            difference[column] = _difference(group_row[column], sum_row[column], column)
        rows.append(difference)
    schema = {c: (pl.String if c == "foretak" else pl.Float64) for c in OUTPUT_COLUMNS}
    return pl.DataFrame(rows, schema=schema, orient="row")


def budget_deviation(
    path: Path, denominators: BudgetDenominators | None = None, group: str | None = None
) -> DeviationResult:
    source = load_table(path, BUDGET_DEVIATION_INPUT)
    if group is not None and group not in source.data["foretak"].to_list():
        raise UserError.of("fu_group_not_found", path=str(path), name=group)
    table = deviation_table(source.data, denominators, group)
    return DeviationResult(
        table=table,
        source=source,
        denominators=denominators or BudgetDenominators(),
        group=group,
        zero_budgets=zero_budgets(source.data),
    )


def write_deviation_csv(table: pl.DataFrame, path: Path) -> None:
    """NOK columns as whole numbers when they are whole, pct with one decimal."""
    out = table.with_columns(
        *(
            pl.col(c).round(1).map_elements(lambda v: f"{v + 0.0:.1f}", return_dtype=pl.String).alias(c)
            for c in OUTPUT_COLUMNS
            if c.endswith("_pct")
        ),
        *(
            pl.col(c).map_elements(_nok_text, return_dtype=pl.String).alias(c)
            for c in OUTPUT_COLUMNS[1:]
            if not c.endswith("_pct")
        ),
    )
    path.parent.mkdir(parents=True, exist_ok=True)
    out.write_csv(path)


def _nok_text(value: float) -> str:
    return str(int(round(value))) if abs(value - round(value)) < 1e-9 else f"{value:.3f}".rstrip("0")
