"""The unit report (`bemanning rapport`, the demo's front page) and the board appendix: HTML and PDF.

One real run of the chain (the demo unit, small work budgets) through the CLI; pypdf reads the PDFs as a
reader would see them: the headings, no internal id or solver word, and the key figures of fte.csv and
costs.csv. The pure-Python PDF path (no WeasyPrint/Pango) is tested by hiding WeasyPrint.
"""

from __future__ import annotations

import csv
import re
import sys
import types
from collections.abc import Callable
from html.parser import HTMLParser
from pathlib import Path
from subprocess import CompletedProcess
from typing import Any

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st
from pypdf import PdfReader

from bemanning.demo import build_demo_unit
from bemanning.i18n import number
from bemanning.io.unit_file import save_unit
from bemanning.model import DEFAULT_RULES
from bemanning.report.charts import Series, bar_chart

Cli = Callable[..., CompletedProcess[str]]

HEADINGS = ["Bemanningsrapport", "Enheten", "Oppgavedeling", "Aktivitet gjennom døgnet",
            "Behov mot bemanning per vakt og dagtype", "Årsverk: behov, stillinger og gap", "Dekning i turnusperioden",
            "Kostnader", "Scenarioer side om side", "Oppfølging av enheten"]
SOLVER_WORDS = ["feasible", "infeasible", "optimal", "Straffepoeng", "objective", "penalty", "penalties", "solver"]


def internal_ids() -> list[str]:
    unit = build_demo_unit()
    # An id that is also the plain Norwegian word (helsefagarbeider) is not a leak.
    ids = [g.id for g in unit.groups if g.id != g.name.lower()] + [t.id for t in unit.tasks if len(t.id) > 3]
    return ids + [name for name in DEFAULT_RULES if "_" in name]


def pdf_text(path: Path) -> str:
    text = "\n".join(page.extract_text() or "" for page in PdfReader(path).pages)
    return re.sub(r"\s+", " ", text.replace("\u202f", " ").replace("\u00a0", " "))


def plain(text: str) -> str:
    return text.replace("\u202f", " ").replace("\u00a0", " ")


def assert_reader_words(text: str) -> None:
    for word in internal_ids():
        assert not re.search(rf"\b{re.escape(word)}\b", text), f"internal id in the report: {word}"
    for word in SOLVER_WORDS:
        assert not re.search(rf"\b{word}\b", text, re.IGNORECASE), f"solver word in the report: {word}"


@pytest.fixture(scope="module")
def report_dir(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """`bemanning rapport unit.yaml --out DIR` on the demo unit, with small work budgets."""
    from conftest import run_cli

    folder = tmp_path_factory.mktemp("rapport")
    save_unit(build_demo_unit(), folder / "unit.yaml")
    result = run_cli("rapport", str(folder / "unit.yaml"), "--out", str(folder / "out"), "--tidsgrense", "2")
    assert result.returncode == 0, result.stderr
    assert "rapport.pdf" in result.stdout
    return folder / "out"


def rows(path: Path) -> list[dict[str, str]]:
    with path.open(encoding="utf-8", newline="") as handle:
        return list(csv.DictReader(handle))


def test_report_pdf_has_headings_reader_words_and_the_csv_figures(report_dir: Path) -> None:
    text = pdf_text(report_dir / "rapport.pdf")
    for heading in HEADINGS:
        assert heading in text, heading
    assert_reader_words(text)
    for row in rows(report_dir / "bemanningsplan" / "fte.csv"):
        for column in ("fte_need_with_absence", "fte_current"):
            assert plain(number(float(row[column]), 2, "no")) in text, (row["group"], column)
        gap = float(row["gap_fte"])
        assert plain(number(gap, 2, "no", sign=True)) in text, (row["group"], gap)
    total = next(r for r in rows(report_dir / "kostnader" / "costs.csv") if r["level"] == "total")
    for column in ("base_pay", "social_cost", "total"):
        assert plain(number(round(float(total[column])), 0, "no")) + " kr" in text, column
    for scenario in rows(report_dir / "scenarioer" / "comparison.csv"):
        assert plain(number(float(scenario["cost_total_nok"]), 0, "no")) in text
    assert "positivt tall (+) betyr mangel" in text  # the sign of the gap is explained


class Links(HTMLParser):
    def __init__(self) -> None:
        super().__init__()
        self.hrefs: list[str] = []

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        href = dict(attrs).get("href")
        if tag == "a" and href:
            self.hrefs.append(href)


def test_report_numbers_link_to_files_that_exist_and_index_is_the_report(report_dir: Path) -> None:
    page = (report_dir / "rapport.html").read_text(encoding="utf-8")
    assert (report_dir / "index.html").read_text(encoding="utf-8") == page
    parser = Links()
    parser.feed(page)
    files = [h for h in parser.hrefs if not h.startswith("#")]
    for needed in ("bemanningsplan/fte.csv", "kostnader/costs.csv", "turnus/coverage.csv", "scenarioer/comparison.csv",
                   "oppfolging/oppfolging.xlsx", "rapport.pdf"):
        assert needed in files, needed
    for href in set(files):
        assert (report_dir / href.rstrip("/")).exists(), href
    assert_reader_words(re.sub(r"<[^>]+>", " ", re.sub(r'(href|id|class)="[^"]*"', "", page)))
    assert "<svg" in page and "@media print" in page


def test_board_appendix_is_two_to_four_pages_with_figures_risks_and_law(report_dir: Path) -> None:
    folder = report_dir / "scenarioer"
    papers = sorted(folder.glob("konsekvenser_*.pdf"))
    assert len(papers) == 3  # one per measure, beside the Markdown
    comparison = {r["scenario"]: r for r in rows(folder / "comparison.csv")}
    for paper in papers:
        reader = PdfReader(paper)
        assert 2 <= len(reader.pages) <= 4, (paper.name, len(reader.pages))
        text = pdf_text(paper)
        scenario = max((name for name in comparison if f"Personellmessige konsekvenser: {name}" in text), key=len)
        for heading in ("Vedlegg til styresak", "Hva endres", "Årsverk per yrkesgruppe", "Kostnad per år",
                        "Innleie og overtid", "Åpne vakter og vakter under minimum", "Risiko", "Forutsetninger",
                        "Lovgrunnlag og avtaler"):
            assert heading.upper() in text.upper(), (paper.name, heading)
        assert "AML §10-8(1)" in text
        assert plain(number(float(comparison[scenario]["cost_total_nok"]), 0, "no")) + " kr" in text
        assert_reader_words(text)


def test_scenario_compare_konsekvens_writes_the_appendix_pdf(tmp_path: Path, cli: Cli) -> None:
    from bemanning.demo.scenarios import demo_scenarios
    from bemanning.io.scenarios_yaml import dump_scenarios

    save_unit(build_demo_unit(), tmp_path / "unit.yaml")
    chosen = demo_scenarios()
    chosen.scenarios = chosen.scenarios[:2]
    (tmp_path / "s.yaml").write_text(dump_scenarios(chosen), encoding="utf-8")
    result = cli("scenario", "compare", str(tmp_path / "unit.yaml"), str(tmp_path / "s.yaml"), "--out",
                 str(tmp_path / "out"), "--work-limit", "1", "--konsekvens", "Oppgavedeling")
    assert result.returncode == 0, result.stderr
    paper = tmp_path / "out" / "konsekvenser_Oppgavedeling.pdf"
    assert paper.is_file() and (tmp_path / "out" / "konsekvenser_Oppgavedeling.md").is_file()
    assert "Personellmessige konsekvenser: Oppgavedeling" in pdf_text(paper)


# --- the pure-Python PDF path ------------------------------------------------------------------------


@pytest.fixture(scope="module")
def early_results(tmp_path_factory: pytest.TempPathFactory) -> tuple[Any, Path, dict[str, Any], list[Any]]:
    """The steps before the roster (no solve): unit, task sharing, staffing."""
    import importlib

    from bemanning.demo.chain import STEP_MODULES, DemoContext

    unit = build_demo_unit()
    out = tmp_path_factory.mktemp("tidlig")
    ctx = DemoContext(unit=unit, out=out)
    outputs = [importlib.import_module(m).run(ctx) for m in STEP_MODULES[:3]]
    return unit, out, ctx.results, outputs


class _NoPango(types.ModuleType):
    def __getattr__(self, name: str) -> Any:
        raise OSError("cannot load library 'libpango-1.0-0'")


@pytest.mark.parametrize("hide", ["not installed", "no pango"])
def test_without_weasyprint_the_pdf_is_written_in_pure_python(
    early_results: tuple[Any, Path, dict[str, Any], list[Any]], monkeypatch: pytest.MonkeyPatch, hide: str
) -> None:
    from bemanning.report import write_unit_report

    unit, out, results, outputs = early_results
    monkeypatch.setitem(sys.modules, "weasyprint", None if hide == "not installed" else _NoPango("weasyprint"))
    written = write_unit_report(unit, out, results, outputs)
    assert written.engine == "fpdf2"
    text = pdf_text(written.pdf)
    for heading in ("Bemanningsrapport", "Oppgavedeling", "Årsverk: behov, stillinger og gap"):
        assert heading in text
    assert_reader_words(text)
    for row in rows(out / "bemanningsplan" / "fte.csv"):
        assert number(float(row["fte_need_with_absence"]), 2, "no").replace("\u202f", " ") in text


def test_with_weasyprint_the_pdf_keeps_the_charts(early_results: tuple[Any, Path, dict[str, Any], list[Any]]) -> None:
    from bemanning.report import write_unit_report

    unit, out, results, outputs = early_results
    written = write_unit_report(unit, out, results, outputs)
    assert written.engine == "weasyprint"
    assert "Timer per uke med kartlagte oppgaver" in pdf_text(written.pdf)  # a chart's caption


def test_rapport_with_a_bad_unit_file_is_a_usage_error(tmp_path: Path, cli: Cli) -> None:
    result = cli("rapport", str(tmp_path / "finnes-ikke.yaml"), "--out", str(tmp_path / "o"))
    assert result.returncode == 2
    assert "finnes-ikke.yaml" in result.stderr and "Traceback" not in result.stderr


# --- charts ------------------------------------------------------------------------------------------


@settings(max_examples=40, deadline=None)
@given(
    categories=st.lists(st.text(st.characters(min_codepoint=65, max_codepoint=122), min_size=1, max_size=60),
                        min_size=1, max_size=8),
    series=st.integers(min_value=1, max_value=4),
    values=st.lists(st.floats(min_value=-1e6, max_value=1e7, allow_nan=False), min_size=32, max_size=32),
)
def test_bar_chart_draws_every_series_inside_the_picture(categories: list[str], series: int,
                                                        values: list[float]) -> None:
    drawn = [Series(f"s{i}", values[i * 8: i * 8 + len(categories)]) for i in range(series)]
    svg = bar_chart(categories, drawn)
    width = float(re.search(r'viewBox="0 0 ([\d.]+)', svg).group(1))  # type: ignore[union-attr]
    bars = re.findall(r'<rect x="([-\d.]+)" y="[-\d.]+" width="([\d.]+)"', svg)
    assert len(bars) == len(categories) * series  # no series hidden or dropped
    for x, w in bars:
        assert float(w) > 0 and 0 <= float(x) and float(x) + float(w) <= width + 0.5
    for x in re.findall(r'<text x="([-\d.]+)"', svg):
        assert 0 <= float(x) <= width


# --- in a browser: screen and print ------------------------------------------------------------------

CHROMIUM = Path("/usr/bin/chromium")


@pytest.mark.browser
@pytest.mark.skipif(not CHROMIUM.exists(), reason="/usr/bin/chromium not installed (apt-get install chromium)")
def test_report_in_a_browser_fits_the_page_on_screen_and_in_print(report_dir: Path) -> None:
    """Screenshots of the report on a desktop screen and as printed (`make screenshots` renews docs/screenshots)."""
    import os
    import tempfile

    from playwright.sync_api import sync_playwright

    shots = Path(os.environ.get("BEMANNING_SCREENSHOTS") or Path(tempfile.gettempdir()) / "bemanning-screenshots")
    shots.mkdir(parents=True, exist_ok=True)
    args = ["--no-sandbox", "--headless", "--disable-gpu", "--disable-background-networking", "--no-first-run"]
    with sync_playwright() as p:
        browser = p.chromium.launch(executable_path=str(CHROMIUM), args=args, headless=True)
        page = browser.new_page(viewport={"width": 1280, "height": 900})
        page.goto((report_dir / "index.html").resolve().as_uri())
        assert page.locator("h1").inner_text().startswith("Bemanningsrapport")
        for heading in HEADINGS[1:]:
            assert page.get_by_role("heading", name=heading, exact=True).count() == 1, heading
        # Nothing runs off the side: wide tables scroll inside their own box.
        assert page.evaluate("document.documentElement.scrollWidth <= window.innerWidth")
        # Every series of every chart is drawn with a visible width.
        assert page.evaluate("[...document.querySelectorAll('svg rect')].every(r => r.getBBox().width > 0)")
        page.screenshot(path=str(shots / "report-desktop.png"))
        page.locator("#dekning").scroll_into_view_if_needed()
        page.screenshot(path=str(shots / "report-coverage.png"))
        page.emulate_media(media="print")
        page.set_viewport_size({"width": 794, "height": 1123})  # A4 at 96 dpi
        page.evaluate("window.scrollTo(0, 0)")
        assert page.evaluate("getComputedStyle(document.querySelector('nav.toc')).display") == "none"
        too_wide = page.evaluate("""[...document.querySelectorAll('table, svg, figure, p')]
            .filter(e => e.getBoundingClientRect().right > window.innerWidth + 1)
            .map(e => e.tagName + ' in ' + (e.closest('section') || {}).id)""")
        assert not too_wide, too_wide
        page.screenshot(path=str(shots / "report-print.png"))
        browser.close()


def test_scenarios_show_spread_columns_when_present_and_skip_unknown_ones(tmp_path: Path) -> None:
    """comparison.csv with spread columns (``<column>_min``/``_max``) and columns the report does not know."""
    from bemanning.report.document import Document, render_html
    from bemanning.report.unit_report import scenarios_section

    folder = tmp_path / "scenarioer"
    folder.mkdir()
    header = ("scenario,fte_need,fte_need_min,fte_need_max,fte_need_verdict,cost_total_nok,penalty,seeds,"
              "ukjent_kolonne\n")
    (folder / "comparison.csv").write_text(
        header + "Som i dag,35.1,34.9,35.4,baseline,42957809,123456,3,x\nHeltid,35.6,35.6,35.6,worse,41813646,99,3,y\n",
        encoding="utf-8")
    section = scenarios_section(build_demo_unit(), tmp_path, {})
    assert section is not None
    doc = Document(title="t", sections=[section])
    text = plain(doc.text())
    assert "35,1\n(34,9–35,4)" in text  # the spread under the value
    assert "35,6 (" not in text  # min = max: no spread shown
    from bemanning.report.document import Table

    table = next(b for b in section.blocks if isinstance(b, Table))
    assert [plain(c.text) for c in table.rows[0][1:]] == ["35,1\n(34,9–35,4)", "35,6\ndårligere"]
    assert "42 957 809" in text and "Antall kjøringer (frø)" in text
    assert "123 456" not in text and "ukjent_kolonne" not in text  # unknown columns and solver scores left out
    assert_reader_words(text)
    assert "scenarioer/comparison.csv" in render_html(doc)


def test_without_any_pdf_engine_the_html_page_is_still_written(
    early_results: tuple[Any, Path, dict[str, Any], list[Any]], monkeypatch: pytest.MonkeyPatch
) -> None:
    from bemanning.report import write_unit_report

    unit, out, results, outputs = early_results
    (out / "rapport.pdf").write_bytes(b"%PDF stale")  # an earlier run's PDF must not pass for this one
    monkeypatch.setitem(sys.modules, "weasyprint", None)
    monkeypatch.setitem(sys.modules, "fpdf", None)
    written = write_unit_report(unit, out, results, outputs)
    assert (written.engine, written.pdf) == ("none", None)
    assert "Bemanningsrapport" in written.html.read_text(encoding="utf-8")
    assert not (out / "rapport.pdf").exists()


def test_rapport_without_any_pdf_engine_says_what_to_install(tmp_path: Path, cli: Cli) -> None:
    """Neither WeasyPrint nor fpdf2 loads: no "Intern feil", a Norwegian message naming both and how to get
    them, the HTML page written, exit 0 (something was written)."""
    hidden = tmp_path / "hidden" / "fpdf"
    hidden.mkdir(parents=True)
    (hidden / "__init__.py").write_text('raise ImportError("fpdf2 is not installed")\n', encoding="utf-8")
    save_unit(build_demo_unit(), tmp_path / "unit.yaml")
    result = cli("rapport", str(tmp_path / "unit.yaml"), "--out", str(tmp_path / "out"), "--tidsgrense", "1",
                 env={"PYTHONPATH": str(hidden.parent), "BEMANNING_PDF_ENGINE": "fpdf2"})
    assert result.returncode == 0, result.stderr
    output = result.stdout + result.stderr
    assert "Intern feil" not in output and "Traceback" not in output
    assert "PDF-en ble ikke skrevet" in output and "fpdf2" in output and "WeasyPrint" in output
    assert (tmp_path / "out" / "rapport.html").is_file() and not (tmp_path / "out" / "rapport.pdf").exists()
    assert list((tmp_path / "out" / "scenarioer").glob("konsekvenser_*.html"))  # the appendix as a page
