"""`bemanning scenario compare`: comparison.csv/xlsx/html and the personnel-consequence text."""

from __future__ import annotations

import csv
import re
from pathlib import Path

import pytest
from openpyxl import load_workbook
from typer.testing import CliRunner

from bemanning.cli import app
from bemanning.i18n import number, t
from bemanning.io.comparison_report import comparison_html
from bemanning.io.consequences_md import consequences_markdown, safe_name
from bemanning.io.errors import UserError
from bemanning.io.unit_file import save_unit
from bemanning.model.scenario import Scenario, SickLeaveChange, TaskSharingChange
from bemanning.planning.chain import run_chain
from bemanning.planning.consequences import consequences
from bemanning.planning.scenario_compare import CSV_COLUMNS, FIGURES
from bemanning.planning.scenarios import apply_scenario
from scenario_helpers import chain_unit

UNIT = chain_unit(nurses=6, helpers=5, weeks=3)
SCENARIOS = """scenarios:
  - name: Som i dag
    baseline: true
    changes:
      - {type: task_sharing, enabled: false}
  - name: Oppgavedeling
    changes:
      - {type: task_sharing}
  - name: Høyt sykefravær
    changes:
      - {type: sick_leave, share: 0.15}
"""


@pytest.fixture(scope="module")
def compared(tmp_path_factory: pytest.TempPathFactory) -> Path:
    folder = tmp_path_factory.mktemp("compare")
    save_unit(UNIT, folder / "unit.yaml")
    (folder / "scenarios.yaml").write_text(SCENARIOS, encoding="utf-8")
    result = CliRunner().invoke(app, [
        "scenario", "compare", str(folder / "unit.yaml"), str(folder / "scenarios.yaml"), "--out",
        str(folder / "out"), "--time-limit", "2", "--konsekvens", "Oppgavedeling",
    ])
    assert result.exit_code == 0, result.output
    assert "Oppgavedeling" in result.output
    (folder / "printed.txt").write_text(result.output, encoding="utf-8")
    return folder / "out"


def test_piped_summary_keeps_every_cost_figure(compared: Path) -> None:
    """Output to a pipe is not cut at 80 columns: each scenario's line ends with its cost and status."""
    printed = (compared.parent / "printed.txt").read_text(encoding="utf-8")
    with (compared / "comparison.csv").open(encoding="utf-8") as handle:
        rows = list(csv.DictReader(handle))
    for row in rows:
        total = number(float(row["cost_total_nok"]), 0, "no")
        line = next(x for x in printed.splitlines() if f"{row['scenario']}: " in x and "årsverk behov" in x)
        assert re.search(rf"{total} kr/år \([\w ]+\)(\s|$)", line), line  # figure and status, not "(feasib…"


def test_comparison_csv_has_exactly_the_columns_and_one_row_per_scenario(compared: Path) -> None:
    with (compared / "comparison.csv").open(encoding="utf-8") as handle:
        reader = csv.DictReader(handle)
        rows = list(reader)
    assert tuple(reader.fieldnames or ()) == CSV_COLUMNS
    assert [r["scenario"] for r in rows] == ["Som i dag", "Oppgavedeling", "Høyt sykefravær"]
    for row in rows:
        assert float(row["cost_total_nok"]) >= float(row["cost_own_staff_nok"]) > 0
        assert float(row["fte_current"]) == pytest.approx(sum(e.fte for e in UNIT.employees), abs=0.01)
        # Three seeds by default, the same work budget each; every figure within its spread.
        assert row["seeds"] == "3" and row["work_budget"] == "2.0"
        for figure in FIGURES:
            low, value, high = (float(row[f"{figure.key}{end}"]) for end in ("_min", "", "_max"))
            assert low <= value <= high, figure.key
        assert row["fte_need_min"] == row["fte_need_max"]  # exact: it does not depend on the roster
    assert rows[0]["cost_total_nok_verdict"] == "baseline"


def test_printed_table_shows_spreads_verdicts_and_the_agency_priced_column(compared: Path) -> None:
    printed = (compared.parent / "printed.txt").read_text(encoding="utf-8")
    assert "Udekket som innleie kr/år" in printed and "utgangspunkt" in printed
    assert "samme arbeidsbudsjett (2 enheter per turnus)" in printed and "3 frø (0–2)" in printed
    with (compared / "comparison.csv").open(encoding="utf-8") as handle:
        rows = list(csv.DictReader(handle))
    labels = {"better": "bedre", "worse": "dårligere", "no_sure_difference": "ingen sikker forskjell"}
    for row in rows[1:]:
        line = next(x for x in printed.splitlines() if x.startswith(f"│ {row['scenario']} "))
        assert row["roster_status"] in line
        assert labels[row["cost_total_nok_verdict"]] in printed


def test_workbook_has_comparison_and_fte_by_group(compared: Path) -> None:
    book = load_workbook(compared / "comparison.xlsx")
    assert book.sheetnames == ["Sammenligning", "Årsverk per gruppe", "Merknader"]
    assert book["Sammenligning"].max_row == 4
    groups = list(book["Årsverk per gruppe"].iter_rows(min_row=2, values_only=True))
    assert len(groups) == 3 * 2 and {g[1] for g in groups} == {"Sykepleier", "Helsefagarbeider"}


def test_html_opens_offline(compared: Path) -> None:
    page = (compared / "comparison.html").read_text(encoding="utf-8")
    assert not re.search(r"<script[^>]*\bsrc\s*=", page, re.IGNORECASE)
    assert "<link" not in page.lower()
    assert "Plotly.newPlot" in page and len(page) > 1_000_000  # plotly.js is embedded
    assert "Oppgavedeling" in page
    # every series of every chart is shown at first (a legend click hides it): none set "visible"
    figures = page.split("Plotly.newPlot(")[1:]
    assert len(figures) == 4 and all('"visible"' not in figure for figure in figures)


def test_consequence_file_written(compared: Path) -> None:
    text = (compared / f"konsekvenser_{safe_name('Oppgavedeling')}.md").read_text(encoding="utf-8")
    assert text.startswith("## Personalmessige konsekvenser: Oppgavedeling")


def test_consequence_text_mentions_fte_training_weekends_long_shifts_agency() -> None:
    base_unit = apply_scenario(UNIT, Scenario(name="a", changes=[TaskSharingChange(enabled=False)]))
    base = run_chain(base_unit, roster_budget=2, scenario="Som i dag")
    scenario = run_chain(UNIT, roster=base.roster, scenario="Oppgavedeling")
    names = {g.id: g.name for g in UNIT.groups}
    summary = consequences(base, scenario, names)
    assert [g.group for g in summary.groups] == ["spl", "hfa"]
    assert [(n.group, n.task_id) for n in summary.new_training] == [("hfa", "t3")]
    text = consequences_markdown(summary)
    for words in ("Årsverk per yrkesgruppe", "Sykepleier", "Helsefagarbeider", "Opplæring",
                  "Prøvetakingskurs", "helger", "langvakter", "innleie", "kr"):
        assert words.lower() in text.lower(), words


def test_consequences_in_english(monkeypatch: pytest.MonkeyPatch) -> None:
    base = run_chain(UNIT, roster_budget=2, scenario="A")
    sick = apply_scenario(UNIT, Scenario(name="b", changes=[SickLeaveChange(share=0.2)]))
    summary = consequences(base, run_chain(sick, roster=base.roster, scenario="B"))
    monkeypatch.setenv("BEMANNING_LANG", "en")
    text = consequences_markdown(summary)
    assert "Personnel consequences: B" in text and "agency" in text.lower()
    assert summary.agency_cost.change + summary.overtime_cost.change > 0


def test_unknown_consequence_scenario_is_a_user_error(tmp_path: Path) -> None:
    save_unit(UNIT, tmp_path / "unit.yaml")
    (tmp_path / "s.yaml").write_text(SCENARIOS, encoding="utf-8")
    result = CliRunner().invoke(app, ["scenario", "compare", str(tmp_path / "unit.yaml"), str(tmp_path / "s.yaml"),
                                      "--out", str(tmp_path / "o"), "--konsekvens", "Finnes ikke"])
    assert isinstance(result.exception, UserError)
    assert "Finnes ikke" in result.exception.text("no")
    assert t("scenario_unknown", name="x", names="y").startswith("Scenarioet")


def test_html_without_results_list_is_still_a_page() -> None:
    assert comparison_html([], "Tom").startswith("<!doctype html>")
