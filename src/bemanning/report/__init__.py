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

from .document import Document, render_html, write_pdf

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
})



@dataclass
class WrittenReport:
    html: Path
    pdf: Path
    engine: str  # "weasyprint" or "fpdf2"


def write_document(doc: Document, html_path: Path, pdf_path: Path) -> WrittenReport:
    page = render_html(doc)
    html_path.parent.mkdir(parents=True, exist_ok=True)
    html_path.write_text(page, encoding="utf-8")
    engine = write_pdf(doc, page, pdf_path)
    return WrittenReport(html=html_path, pdf=pdf_path, engine=engine)


def write_unit_report(unit: Any, out: Path, results: dict[str, Any], outputs: Any = ()) -> WrittenReport:
    """``rapport.html`` and ``rapport.pdf`` in ``out`` from the chain's results and files."""
    from .unit_report import build_unit_report

    doc = build_unit_report(unit, out, results, outputs)
    return write_document(doc, out / "rapport.html", out / "rapport.pdf")


__all__ = ["Document", "WrittenReport", "render_html", "write_document", "write_pdf", "write_unit_report"]
