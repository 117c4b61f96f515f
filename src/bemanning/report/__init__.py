"""Reports people read: the unit report (``bemanning rapport``, the demo's front page) and the board appendix
on the personnel consequences of one measure (``bemanning scenario compare … --konsekvens``).

Built as plain blocks (``document.py``), rendered to one HTML page with inline SVG charts and printed to PDF
with WeasyPrint (a pure-Python fallback when its system libraries are missing). Imported only by the
commands that write a report, never at CLI start-up.
"""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path
from typing import Any

from bemanning.i18n import register as register_messages

from .document import Document, PdfUnavailable, render_html, write_pdf

register_messages({
    "report_written": {
        "no": "Rapport: {html} og {pdf}",
        "en": "Report: {html} and {pdf}",
    },
    "report_pdf_fallback": {
        "no": "Merk: PDF-en er skrevet uten diagrammer, fordi WeasyPrint ikke fant systembibliotekene sine "
              "(Pango). Installer dem (Debian: apt-get install libpango-1.0-0 libpangoft2-1.0-0) for full PDF; "
              "HTML-siden har alt.",
        "en": "Note: the PDF was written without charts because WeasyPrint could not load its system libraries "
              "(Pango). Install them (Debian: apt-get install libpango-1.0-0 libpangoft2-1.0-0) for the full "
              "PDF; the HTML page has everything.",
    },
    "report_written_html": {
        "no": "Rapport: {html} (ingen PDF, se under)",
        "en": "Report: {html} (no PDF, see below)",
    },
    "pdf_unavailable": {
        "no": "PDF-en ble ikke skrevet: verken WeasyPrint (med systembibliotekene Pango) eller reservemotoren "
              "fpdf2 kan lastes her. Installer fpdf2 (følger med bemanning: «make install», eller "
              "«pip install fpdf2») eller Pango (Debian: apt-get install libpango-1.0-0 libpangoft2-1.0-0). "
              "HTML-siden har alt og kan skrives ut fra nettleseren.",
        "en": "The PDF was not written: neither WeasyPrint (with its system libraries, Pango) nor the fallback "
              "fpdf2 can be loaded here. Install fpdf2 (comes with bemanning: 'make install', or "
              "'pip install fpdf2') or Pango (Debian: apt-get install libpango-1.0-0 libpangoft2-1.0-0). "
              "The HTML page has everything and prints from the browser.",
    },
})


@dataclass
class WrittenReport:
    html: Path
    pdf: Path | None  # None when no PDF engine can run here (``engine`` "none"; message ``pdf_unavailable``)
    engine: str  # "weasyprint", "fpdf2" or "none"


def write_document(doc: Document, html_path: Path, pdf_path: Path) -> WrittenReport:
    """The HTML page, then the PDF; without a PDF engine the page alone (the reader is told, see
    ``pdf_unavailable``): a missing PDF library never costs the report."""
    page = render_html(doc)
    html_path.parent.mkdir(parents=True, exist_ok=True)
    html_path.write_text(page, encoding="utf-8")
    try:
        engine = write_pdf(doc, page, pdf_path)
    except PdfUnavailable:
        pdf_path.unlink(missing_ok=True)  # no stale PDF from an earlier run beside the new page
        return WrittenReport(html=html_path, pdf=None, engine="none")
    return WrittenReport(html=html_path, pdf=pdf_path, engine=engine)


def write_unit_report(unit: Any, out: Path, results: dict[str, Any], outputs: Any = ()) -> WrittenReport:
    """``rapport.html`` and ``rapport.pdf`` in ``out`` from the chain's results and files."""
    from .unit_report import build_unit_report

    doc = build_unit_report(unit, out, results, outputs)
    return write_document(doc, out / "rapport.html", out / "rapport.pdf")


__all__ = ["Document", "PdfUnavailable", "WrittenReport", "render_html", "write_document", "write_pdf",
           "write_unit_report"]
