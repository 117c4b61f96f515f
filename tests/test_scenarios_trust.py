"""Scenarios that can be trusted (issue 25, item 2): every figure with its spread over the seeds, a
verdict only where the difference exceeds the spread ("ingen sikker forskjell" otherwise), open
places priced at the agency rate in their own column, scenarios without a lawful roster flagged and
never ranked, and the long-shift scenario saying whether it reached its share and why not."""

from __future__ import annotations

import csv
import datetime as dt
from pathlib import Path
from typing import Any

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st
from typer.testing import CliRunner

from bemanning.cli import app
from bemanning.demo import build_surgical_unit
from bemanning.demo.scenarios import demo_scenarios
from bemanning.io.comparison_report import long_shift_lines, notes, table_rows, write_comparison_csv
from bemanning.io.unit_file import save_unit
from bemanning.model import AgencyPrice, Assignment, Roster, Unit
from bemanning.model.costs_result import UncoveredPlace
from bemanning.planning.chain import ChainResult, run_chain
from bemanning.planning.scenario_compare import (
    BETTER,
    CSV_COLUMNS,
    FIGURES,
    NO_SURE_DIFFERENCE,
    NOT_COMPARABLE,
    SPREAD_UNKNOWN,
    WORSE,
    compare_runs,
    long_shift_note,
)
from bemanning.planning.scenarios import apply_scenario
from bemanning.runtime import scenario_pool
from scenario_helpers import chain_unit

UNIT = chain_unit(nurses=4, helpers=3, weeks=2)


def _empty(unit: Unit) -> Roster:
    return Roster(unit_id=unit.id, start_date=unit.roster.start_date, days=unit.roster.cycle_weeks * 7, cyclic=True)


@pytest.fixture(scope="module")
def template() -> ChainResult:
    """A real chain result (costed on an empty roster: every place open, nothing solved)."""
    return run_chain(UNIT, roster=_empty(UNIT), scenario="mal")


def _run(template: ChainResult, scenario: str, seed: int, open_places: int, status: str = "feasible") -> ChainResult:
    """``template`` as if a seed's search had left ``open_places`` places open (penalty follows them)."""
    first = template.roster.start_date
    places = [UncoveredPlace(date=first + dt.timedelta(days=i % 14), shift_code="D", group="spl") for i in
              range(open_places)]
    return template.model_copy(update={"scenario": scenario, "seed": seed, "roster_status": status,
                                       "work_budget": 4.0, "uncovered": places, "penalty": 1000 * open_places})


def _outcomes(template: ChainResult, baseline: list[int], scenario: list[int], **status: str) -> list[Any]:
    base, measure = status.get("base", "feasible"), status.get("measure", "feasible")
    runs = {
        "Som i dag": [_run(template, "Som i dag", s, n, base) for s, n in enumerate(baseline)],
        "Tiltak": [_run(template, "Tiltak", s, n, measure) for s, n in enumerate(scenario)],
    }
    return compare_runs(runs, "Som i dag")


# --- spreads and verdicts ------------------------------------------------------------------------


def test_spread_columns_are_the_lowest_and_highest_over_the_seeds(template: ChainResult, tmp_path: Path) -> None:
    outcomes = _outcomes(template, [10, 30, 20], [5, 8, 6])
    write_comparison_csv(outcomes, tmp_path / "comparison.csv")
    with (tmp_path / "comparison.csv").open(encoding="utf-8") as handle:
        rows = list(csv.DictReader(handle))
    assert tuple(rows[0]) == CSV_COLUMNS
    for row, outcome in zip(rows, outcomes, strict=True):
        for figure in FIGURES:
            values = [float(r.row()[figure.key]) for r in outcome.runs]
            low, value, high = (float(row[f"{figure.key}{end}"]) for end in ("_min", "", "_max"))
            assert (low, high) == (min(values), max(values)), figure.key
            assert low <= value <= high and value in values
    # The value is the run with the middle penalty: 20 of (10, 30, 20), 6 of (5, 8, 6).
    assert [row["uncovered_shifts"] for row in rows] == ["20", "6"]
    assert rows[1]["uncovered_shifts_verdict"] == BETTER and rows[1]["seeds"] == "3"


def test_overlapping_spreads_give_no_sure_difference(template: ChainResult) -> None:
    """The measure's middle run (15) is better than the baseline's (20), but one of its seeds (25) is
    worse than one of the baseline's (12): that is no sure difference."""
    base, measure = _outcomes(template, [12, 20, 30], [10, 15, 25])
    assert measure.verdicts["uncovered_shifts"] == NO_SURE_DIFFERENCE
    assert measure.verdicts["penalty"] == NO_SURE_DIFFERENCE
    assert measure.verdicts["fte_need"] == NO_SURE_DIFFERENCE  # exact and equal
    printed = "\n".join(cell for row in table_rows([base, measure]) for cell in row)
    assert "ingen sikker forskjell" in printed
    assert _outcomes(template, [12, 20, 30], [31, 40, 33])[1].verdicts["uncovered_shifts"] == WORSE


def test_one_seed_ranks_only_the_exact_figures(template: ChainResult) -> None:
    _, measure = _outcomes(template, [20], [5])
    assert measure.verdicts["uncovered_shifts"] == SPREAD_UNKNOWN
    assert measure.verdicts["fte_need"] == NO_SURE_DIFFERENCE


@settings(max_examples=60, deadline=None)
@given(base=st.lists(st.integers(0, 40), min_size=2, max_size=4),
       measure=st.lists(st.integers(0, 40), min_size=2, max_size=4))
def test_a_verdict_only_where_the_ranges_do_not_overlap(base: list[int], measure: list[int]) -> None:
    template = _TEMPLATE()
    _, outcome = _outcomes(template, base, measure)
    expected = BETTER if max(measure) < min(base) else WORSE if min(measure) > max(base) else NO_SURE_DIFFERENCE
    assert outcome.verdicts["uncovered_shifts"] == expected
    spread = outcome.spreads["uncovered_shifts"]
    assert (spread.low, spread.high) == (min(measure), max(measure))
    assert spread.value == sorted(measure)[(len(measure) - 1) // 2]


_CACHE: dict[str, ChainResult] = {}


def _TEMPLATE() -> ChainResult:  # noqa: N802 - hypothesis cannot take a function-scoped fixture
    if "t" not in _CACHE:
        _CACHE["t"] = run_chain(UNIT, roster=_empty(UNIT), scenario="mal")
    return _CACHE["t"]


# --- unknown / infeasible are flagged, never ranked ---------------------------------------------


def test_a_scenario_without_a_lawful_roster_is_flagged_and_not_ranked(template: ChainResult) -> None:
    base, measure = _outcomes(template, [20, 22, 24], [1, 2, 3], measure="unknown")
    row = measure.row()
    assert row["roster_status"] == "unknown" and row["comparable"] == "false"
    assert {row[f"{f.key}_verdict"] for f in FIGURES if f.ranked} == {NOT_COMPARABLE}
    assert base.row()["comparable"] == "true"
    cells = table_rows([base, measure])[1]
    assert "OBS: ingen lovlig turnus innen arbeidsbudsjettet på 3 av 3 frø" in cells[1]
    assert "bedre" not in " ".join(cells) and "ikke sammenlignbar" in cells[2]


def test_an_infeasible_or_unknown_baseline_ranks_nothing(template: ChainResult) -> None:
    base, measure = _outcomes(template, [20, 22, 24], [1, 2, 3], base="infeasible")
    assert base.row()["roster_status"] == "infeasible"
    assert set(measure.verdicts.values()) == {NOT_COMPARABLE}
    lines = notes([base, measure], None, "Som i dag")
    assert any("Utgangspunktet «Som i dag» har ingen sammenlignbar turnus" in line for line in lines)
    assert any("reglene kan ikke holdes samtidig" in line for line in lines)


def test_cli_flags_a_scenario_whose_search_found_no_lawful_roster(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """`scenario compare` where one seed of one scenario ends "unknown" (the engine then returns an
    empty roster, as here): the CSV and the printed table flag it and rank nothing for it."""
    real = scenario_pool.run_chain

    def chain(unit: Unit, *, roster_budget: float, seed: int, num_workers: int, roster: Roster | None,
              scenario: str) -> ChainResult:
        result = real(unit, roster=_empty(unit), scenario=scenario)
        status = "unknown" if (scenario, seed) == ("Oppgavedeling", 1) else "feasible"
        return result.model_copy(update={"roster_status": status, "seed": seed, "work_budget": roster_budget})

    monkeypatch.setattr(scenario_pool, "run_chain", chain)
    save_unit(UNIT, tmp_path / "unit.yaml")
    (tmp_path / "s.yaml").write_text(
        "scenarios:\n  - name: Som i dag\n    changes: [{type: task_sharing, enabled: false}]\n"
        "  - name: Oppgavedeling\n    changes: [{type: task_sharing}]\n"
        "  - name: Sykefravær\n    changes: [{type: sick_leave, share: 0.2}]\n", encoding="utf-8")
    result = CliRunner().invoke(app, ["scenario", "compare", str(tmp_path / "unit.yaml"), str(tmp_path / "s.yaml"),
                                      "--out", str(tmp_path / "out"), "--work-limit", "3"])
    assert result.exit_code == 0, result.output
    with (tmp_path / "out" / "comparison.csv").open(encoding="utf-8") as handle:
        rows = {r["scenario"]: r for r in csv.DictReader(handle)}
    flagged = rows["Oppgavedeling"]
    assert (flagged["roster_status"], flagged["comparable"], flagged["lawful_runs"]) == ("unknown", "false", "2")
    assert flagged["cost_total_nok_verdict"] == NOT_COMPARABLE
    assert rows["Sykefravær"]["comparable"] == "true"
    assert rows["Sykefravær"]["fte_need_verdict"] == WORSE  # exact: more sick leave, more FTE
    assert "OBS: ingen lovlig turnus innen arbeidsbudsjettet på 1 av 3 frø" in result.output


def test_seeds_must_be_at_least_one(tmp_path: Path) -> None:
    save_unit(UNIT, tmp_path / "unit.yaml")
    (tmp_path / "s.yaml").write_text("scenarios:\n  - name: A\n", encoding="utf-8")
    result = CliRunner().invoke(app, ["scenario", "compare", str(tmp_path / "unit.yaml"), str(tmp_path / "s.yaml"),
                                      "--out", str(tmp_path / "out"), "--frø", "0"])
    assert result.exit_code == 2 and "minst 1, ikke 0" in result.output


# --- open places priced at the agency rate ------------------------------------------------------


def test_open_places_at_agency_rate_are_places_times_rate_times_hours() -> None:
    """A flat agency price per group (the same in every time band): the column is open places ×
    rate × paid hours of the shift, scaled from the roster period to a year — also where agency hire
    is not planned (agency_allowed off)."""
    flat = {"spl": 900.0, "hfa": 650.0}
    costs = UNIT.costs.model_copy(update={"agency_allowed": False, "agency": {
        g: AgencyPrice(ordinary=r, evening_night_weekend=r, overtime=r, public_holiday=r) for g, r in flat.items()}})
    unit = UNIT.model_copy(update={"costs": costs})
    result = run_chain(unit, roster=_empty(unit))
    hours = {s.code: s.working_hours for s in unit.shift_types}
    per_period = sum(p.count * flat[p.group] * hours[p.shift_code] for p in result.uncovered)
    assert result.uncovered and per_period > 0
    assert result.row()["unfilled_at_agency_nok"] == round(per_period * result.cover_factor)
    assert result.row()["cost_agency_nok"] == 0  # no agency hire planned, but the open places are still priced


def test_a_group_without_an_agency_price_is_priced_at_its_overtime_pay() -> None:
    costs = UNIT.costs.model_copy(update={"agency": {}})
    unit = UNIT.model_copy(update={"costs": costs})
    result = run_chain(unit, roster=_empty(unit))
    assert result.row()["unfilled_at_agency_nok"] > 0


# --- long shifts: reached, or why not; and the FTE need ------------------------------------------


@pytest.fixture(scope="module")
def surgical() -> Unit:
    return build_surgical_unit()


def _long_unit(surgical: Unit) -> Unit:
    scenario = next(s for s in demo_scenarios().scenarios if "langvakter" in s.name)
    return apply_scenario(surgical, scenario)


def _roster(unit: Unit, long_of: dict[str, int], shifts: int = 20) -> Roster:
    """Everyone works ``shifts`` shifts on the first weekdays of the cycle; ``long_of[e]`` of them long."""
    start = unit.roster.start_date
    weekdays = [d for d in range(unit.roster.cycle_weeks * 7) if (start + dt.timedelta(days=d)).weekday() < 5]
    assignments = []
    for e in unit.employees:
        code = "K" if e.group == "sekretaer" else "N" if e.shift_types == ["N"] else "D"
        for i, d in enumerate(weekdays[:shifts]):
            assignments.append(Assignment(employee_id=e.id, date=start + dt.timedelta(days=d),
                                          shift_code="L" if i < long_of.get(e.id, 0) else code))
    return Roster(unit_id=unit.id, start_date=start, days=unit.roster.cycle_weeks * 7, cyclic=True,
                  assignments=assignments)


def _outcome(unit: Unit, roster: Roster, before: Unit | None = None) -> Any:
    result = run_chain(unit, roster=roster, scenario="Oppgavedeling + 30 % langvakter")
    return compare_runs({result.scenario: [result]}, result.scenario, units={result.scenario: unit},
                        scenarios=demo_scenarios().scenarios, unit=before)[0]


def test_the_surgical_long_shift_scenario_says_why_it_stays_below_30_percent(surgical: Unit) -> None:
    """11 volunteers of 41, each at most 2 long shifts per 3 weeks (local agreement): at most 44 of
    820 shifts can be long (5.4 %), and the volunteers' 220 shifts are only 26.8 % of all."""
    unit = _long_unit(surgical)
    volunteers = [e.id for e in unit.employees if e.long_shift_volunteer]
    outcome = _outcome(unit, _roster(unit, dict.fromkeys(volunteers, 4)), before=surgical)
    note = outcome.long_shifts
    assert note.unchanged  # the ward already allows 30 % (the rule's default) with the same volunteers
    assert note == long_shift_note(unit, outcome, 0.3).model_copy(update={"unchanged": True})
    assert note.volunteers == len(volunteers) == 11
    assert note.bound == pytest.approx(44 / 820) and note.volunteer_share == pytest.approx(220 / 820)
    assert note.achieved == pytest.approx(44 / 820, abs=1e-4) and not note.reached
    assert note.reasons == ["few_volunteers", "limits"]
    assert [limit for limit, _ in note.limits] == ["langvakt_antall"]  # the tighter of the two
    text = "\n".join(long_shift_lines(unit, outcome))
    assert "av ønsket 30,0 %" in text and "for få frivillige: 11 av 41 ansatte" in text
    assert "høyst 2 per 3 uker" in text
    assert "Langvakter endrer derfor ikke årsverksbehovet" in text
    assert "En langvakt L (12,5 betalte timer) fyller en plass på hver av D, A (15,5 betalte timer" in text
    assert "Enheten tillot allerede dette" in text


def test_the_medical_ward_long_shift_change_is_a_change() -> None:
    from bemanning.demo import build_demo_unit

    medical = build_demo_unit()
    scenario = next(s for s in demo_scenarios().scenarios if "langvakter" in s.name)
    unit = apply_scenario(medical, scenario)
    outcome = _outcome(unit, _empty(unit), before=medical)
    assert outcome.long_shifts is not None and not outcome.long_shifts.unchanged


def test_a_long_shift_share_within_reach_is_reported_as_reached(surgical: Unit) -> None:
    unit = _long_unit(surgical)
    unit = unit.model_copy(update={
        "shift_limits": [],
        "employees": [e.model_copy(update={"long_shift_volunteer": True}) for e in unit.employees],
    })
    ward = [e.id for e in unit.employees if e.group != "sekretaer" and not e.shift_types]
    outcome = _outcome(unit, _roster(unit, dict.fromkeys(ward, 8)))
    note = outcome.long_shifts
    assert note.achieved >= 0.3 and note.reached and note.reasons == []
    assert "langvaktandelen ble" in long_shift_lines(unit, outcome)[0]
    assert "Hvorfor" not in long_shift_lines(unit, outcome)[0]


def test_long_shifts_alone_do_not_change_the_fte_need(surgical: Unit) -> None:
    """FTE need comes from the requirement's hours, which long shifts do not change (docs/trust.md)."""
    sharing = next(s for s in demo_scenarios().scenarios if s.name == "Oppgavedeling")
    plain, long = apply_scenario(surgical, sharing), _long_unit(surgical)
    assert run_chain(plain, roster=_empty(plain)).fte == run_chain(long, roster=_empty(long)).fte


def test_the_page_and_the_workbook_carry_the_flag_and_the_verdicts(template: ChainResult, tmp_path: Path) -> None:
    from openpyxl import load_workbook

    from bemanning.io.comparison_report import comparison_html, write_comparison_excel

    outcomes = _outcomes(template, [12, 20, 30], [10, 15, 25]) + _outcomes(template, [1], [1], base="unknown")[:1]
    outcomes[2].scenario = "Uten turnus"
    page = comparison_html(outcomes, "Test", notes_lines=notes(outcomes, None, "Som i dag"))
    assert "ingen sikker forskjell" in page and "OBS: ingen lovlig turnus" in page
    assert "20 (12–30)" in page  # value (lowest–highest)
    write_comparison_excel(outcomes, tmp_path / "c.xlsx", notes_lines=["en merknad"])
    book = load_workbook(tmp_path / "c.xlsx")
    header = [c.value for c in book["Sammenligning"][1]]
    row = [c.value for c in book["Sammenligning"][3]]
    assert row[header.index("Udekkede vakter per turnusperiode: mot utgangspunktet")] == "ingen sikker forskjell"
    assert "OBS" in str(book["Sammenligning"][4][-1].value)
    assert book["Merknader"]["A2"].value == "en merknad"


def test_a_run_cut_short_by_the_safety_cap_is_counted_and_noted(template: ChainResult) -> None:
    runs = {"Som i dag": [_run(template, "Som i dag", s, n).model_copy(update={"capped": s == 1})
                          for s, n in enumerate([3, 4, 5])]}
    outcome = compare_runs(runs, "Som i dag")[0]
    assert outcome.row()["capped_runs"] == 1
    assert any("avbrøt søket på 1 av 3 frø" in line for line in notes([outcome], None, "Som i dag"))


def test_a_long_shift_scenario_without_a_roster_says_so(surgical: Unit) -> None:
    unit = _long_unit(surgical)
    empty = _empty(unit)
    outcome = _outcome(unit, empty)
    assert outcome.long_shifts.reasons == ["no_roster"]
    assert "ingen lovlig turnus å måle andelen i" in "\n".join(long_shift_lines(unit, outcome))
