"""A report as plain blocks (paragraphs, tables, charts), rendered to one HTML page and to PDF.

The unit report (``bemanning rapport``, the demo's front page) and the board appendix
(``scenario compare --konsekvens``) build a ``Document``; ``render_html`` writes the page (screen and
print CSS), ``write_pdf`` prints the same page with WeasyPrint. Where WeasyPrint cannot load its
system libraries (Pango), a pure-Python fallback (fpdf2) writes the same headings, text and tables
(charts are left to the HTML page), so no command fails on a fresh machine.
"""

from __future__ import annotations

import html
import logging
import os
from dataclasses import dataclass, field
from pathlib import Path
from typing import Literal

Tone = Literal["", "red", "amber", "green", "muted", "plus", "minus"]


@dataclass
class Cell:
    """One table cell; ``href`` links a number to the file it comes from."""

    text: str
    href: str | None = None
    tone: Tone = ""
    numeric: bool = False
    title: str | None = None


@dataclass
class Para:
    text: str
    kind: Literal["p", "note", "warn", "lead"] = "p"
    href: str | None = None  # the whole paragraph's source (shown as a link after the text)
    link_text: str | None = None


@dataclass
class Bullets:
    items: list[str]


@dataclass
class Table:
    head: list[str]
    rows: list[list[Cell]]
    caption: str = ""
    source: str | None = None  # relative path of the file the numbers come from
    foot: list[Cell] | None = None
    compact: bool = False


@dataclass
class Chart:
    svg: str  # inline SVG or an HTML fragment (CSS grid): prints without a browser
    caption: str = ""
    legend: list[tuple[str, str]] = field(default_factory=list)  # (css colour, label), kept with the chart


@dataclass
class Legend:
    items: list[tuple[str, str]]  # (css colour, label)


Block = Para | Bullets | Table | Chart | Legend


@dataclass
class Section:
    title: str
    anchor: str
    blocks: list[Block] = field(default_factory=list)


@dataclass
class Document:
    title: str
    subtitle: str = ""
    kicker: str = ""  # a line above the title (e.g. "Vedlegg til styresak")
    sections: list[Section] = field(default_factory=list)
    links: list[tuple[str, str]] = field(default_factory=list)  # (href, text) under the title
    footer: str = ""
    toc: bool = True

    def text(self) -> str:
        """Every word a reader sees (tests read it for internal ids and solver words)."""
        parts = [self.kicker, self.title, self.subtitle, self.footer]
        for section in self.sections:
            parts.append(section.title)
            for block in section.blocks:
                if isinstance(block, Para):
                    parts.append(block.text)
                elif isinstance(block, Bullets):
                    parts += block.items
                elif isinstance(block, Table):
                    parts += [block.caption, *block.head]
                    parts += [c.text for row in block.rows for c in row]
                    parts += [c.text for c in block.foot or []]
                elif isinstance(block, Chart):
                    parts += [block.caption, *(label for _, label in block.legend)]
                elif isinstance(block, Legend):
                    parts += [label for _, label in block.items]
        return "\n".join(parts)


CSS = """
:root{--ink:#1b1f24;--muted:#5b6470;--line:#d5d9de;--accent:#0b5c8a;--red:#c62828;--red-bg:#fde4e4;
--amber:#a35a00;--amber-bg:#fff1d6;--green:#2e7d32;--green-bg:#e6f4e7}
*{box-sizing:border-box}
body{font-family:"DejaVu Sans","Liberation Sans",system-ui,sans-serif;color:var(--ink);max-width:64rem;
margin:1.5rem auto;padding:0 1rem;line-height:1.45;font-size:15px}
header.doc{border-bottom:3px solid var(--accent);margin-bottom:1rem;padding-bottom:.5rem}
.kicker{color:var(--muted);text-transform:uppercase;letter-spacing:.04em;font-size:.8rem;margin:0}
h1{font-size:1.6rem;margin:.2rem 0}
h2{font-size:1.25rem;margin:1.6rem 0 .5rem;border-bottom:1px solid var(--line);padding-bottom:.2rem;
break-after:avoid;page-break-after:avoid}
.subtitle{color:var(--muted);margin:.2rem 0}
nav.toc ol{columns:2;margin:.3rem 0;padding-left:1.4rem}
nav.toc a{color:var(--accent)}
p.lead{font-size:1.05rem}
p.note{color:var(--muted);font-size:.9rem}
p.warn{background:var(--amber-bg);border-left:4px solid var(--amber);padding:.4rem .6rem}
a{color:var(--accent)}
a.num{color:inherit;text-decoration:underline dotted #8a949e}
.scroll{overflow-x:auto;max-width:100%}
table{border-collapse:collapse;margin:.4rem 0 .2rem;font-size:.9rem;width:auto;max-width:100%}
table.compact{font-size:.8rem}
caption{caption-side:top;text-align:left;font-weight:600;padding:.2rem 0}
th,td{border:1px solid var(--line);padding:.25rem .45rem;vertical-align:top;overflow-wrap:break-word}
th{background:#f1f3f5;text-align:left;font-weight:600}
td.num{text-align:right;white-space:nowrap}
th.num{text-align:right}
tfoot td{font-weight:600;background:#f7f8f9}
td.red{background:var(--red-bg);color:var(--red);font-weight:600}
td.amber{background:var(--amber-bg);color:var(--amber);font-weight:600}
td.green{background:var(--green-bg);color:var(--green)}
td.muted{color:var(--muted)}
td.plus{color:var(--red)}
td.minus{color:var(--green)}
.source{font-size:.8rem;color:var(--muted);margin:0 0 .6rem}
figure{margin:.6rem 0}
figcaption{font-size:.85rem;color:var(--muted)}
svg{max-width:100%;height:auto}
svg text{font-family:"DejaVu Sans","Liberation Sans",sans-serif}
.legend{display:flex;flex-wrap:wrap;gap:.3rem 1rem;font-size:.85rem;margin:.2rem 0 .6rem;padding:0;list-style:none}
.legend span.swatch{display:inline-block;width:.9rem;height:.9rem;vertical-align:-.1rem;margin-right:.3rem;
border:1px solid #0002}
footer.doc{margin-top:2rem;border-top:1px solid var(--line);color:var(--muted);font-size:.8rem}
@page{size:A4;margin:16mm 14mm 18mm;@bottom-right{content:counter(page) " / " counter(pages);
font-size:8pt;color:#5b6470}}
@media print{
 body{max-width:none;margin:0;padding:0;font-size:9.5pt}
 nav.toc{display:none}
 .scroll{overflow:visible}
 table{font-size:8pt;page-break-inside:auto;width:100%}
 td.num{white-space:normal}
 table.compact{font-size:7pt}
 tr,figure{page-break-inside:avoid;break-inside:avoid}
 thead{display:table-header-group}
 a{color:inherit;text-decoration:none}
 h2{page-break-after:avoid}
 section{page-break-inside:auto}
}
"""


def _cell(cell: Cell, tag: str = "td") -> str:
    classes = " ".join(c for c in ("num" if cell.numeric else "", cell.tone) if c)
    attrs = f' class="{classes}"' if classes else ""
    if cell.title:
        attrs += f' title="{html.escape(cell.title)}"'
    text = html.escape(cell.text).replace("\n", "<br>")
    if cell.href:
        text = f'<a class="num" href="{html.escape(cell.href)}">{text}</a>'
    return f"<{tag}{attrs}>{text}</{tag}>"


def _source_line(href: str) -> str:
    return f'<p class="source">Kilde: <a href="{html.escape(href)}">{html.escape(href)}</a></p>'


def _legend(items: list[tuple[str, str]]) -> str:
    shown = "".join(
        f'<li><span class="swatch" style="background:{html.escape(colour)}"></span>{html.escape(label)}</li>'
        for colour, label in items
    )
    return f'<ul class="legend">{shown}</ul>'


def _block_html(block: Block) -> str:
    if isinstance(block, Para):
        text = html.escape(block.text)
        if block.href:
            text += f' <a href="{html.escape(block.href)}">({html.escape(block.link_text or block.href)})</a>'
        return f'<p class="{block.kind}">{text}</p>'
    if isinstance(block, Bullets):
        return "<ul>" + "".join(f"<li>{html.escape(item)}</li>" for item in block.items) + "</ul>"
    if isinstance(block, Legend):
        return _legend(block.items)
    if isinstance(block, Chart):
        caption = f"<figcaption>{html.escape(block.caption)}</figcaption>" if block.caption else ""
        legend = _legend(block.legend) if block.legend else ""
        return f"<figure>{legend}{block.svg}{caption}</figure>"
    numeric = [any(row[i].numeric for row in block.rows if i < len(row)) for i in range(len(block.head))]
    head = "".join(
        f'<th scope="col"{" class=num" if numeric[i] else ""}>{html.escape(h)}</th>' for i, h in enumerate(block.head)
    )
    body = "".join("<tr>" + "".join(_cell(c) for c in row) + "</tr>" for row in block.rows)
    foot = "<tfoot><tr>" + "".join(_cell(c) for c in block.foot) + "</tr></tfoot>" if block.foot else ""
    caption = f"<caption>{html.escape(block.caption)}</caption>" if block.caption else ""
    compact = ' class="compact"' if block.compact else ""
    table = f"<table{compact}>{caption}<thead><tr>{head}</tr></thead><tbody>{body}</tbody>{foot}</table>"
    return f'<div class="scroll">{table}</div>' + (_source_line(block.source) if block.source else "")


def render_html(doc: Document) -> str:
    toc = ""
    if doc.toc and len(doc.sections) > 2:
        toc = '<nav class="toc"><ol>' + "".join(
            f'<li><a href="#{s.anchor}">{html.escape(s.title)}</a></li>' for s in doc.sections
        ) + "</ol></nav>"
    links = " · ".join(f'<a href="{html.escape(h)}">{html.escape(text)}</a>' for h, text in doc.links)
    sections = "".join(
        f'<section id="{s.anchor}"><h2>{html.escape(s.title)}</h2>' + "".join(_block_html(b) for b in s.blocks)
        + "</section>"
        for s in doc.sections
    )
    kicker = f'<p class="kicker">{html.escape(doc.kicker)}</p>' if doc.kicker else ""
    subtitle = f'<p class="subtitle">{html.escape(doc.subtitle)}</p>' if doc.subtitle else ""
    footer = f'<footer class="doc"><p>{html.escape(doc.footer)}</p></footer>' if doc.footer else ""
    return f"""<!doctype html>
<html lang="no"><head><meta charset="utf-8"><meta name="viewport" content="width=device-width, initial-scale=1">
<title>{html.escape(doc.title)}</title><style>{CSS}</style></head>
<body><header class="doc">{kicker}<h1>{html.escape(doc.title)}</h1>{subtitle}
{f'<p class="subtitle">{links}</p>' if links else ''}</header>
{toc}{sections}{footer}
</body></html>
"""


# --- PDF ---------------------------------------------------------------------------------------------

PdfEngine = Literal["weasyprint", "fpdf2"]


class PdfUnavailable(RuntimeError):
    """Neither PDF path can run here; the message says what to install."""


def _weasyprint_html() -> type | None:
    """WeasyPrint's HTML class, or None when it or its system libraries (Pango) cannot be loaded."""
    if os.environ.get("BEMANNING_PDF_ENGINE") == "fpdf2":
        return None
    try:
        from weasyprint import HTML
    except (ImportError, OSError):  # OSError: libpango/libgobject missing on this machine
        return None
    return HTML  # type: ignore[no-any-return]


def write_pdf(doc: Document, page: str, path: Path) -> PdfEngine:
    """Print ``page`` (``render_html(doc)``) to ``path``; returns which engine wrote it."""
    path.parent.mkdir(parents=True, exist_ok=True)
    html_class = _weasyprint_html()
    for name in ("weasyprint", "fontTools"):  # CSS it ignores (overflow-x for the screen) is not news
        logging.getLogger(name).setLevel(logging.ERROR)
    if html_class is not None:
        html_class(string=page, base_url=str(path.parent.resolve())).write_pdf(str(path))
        return "weasyprint"
    _write_fpdf(doc, path)
    return "fpdf2"


_PLAIN = {"\u202f": " ", "\u00a0": " ", "–": "-", "—": "-", "−": "-", "→": "->", "…": "...", "«": '"',
          "»": '"', "’": "'", "≥": ">=", "≤": "<=", "±": "+/-", "·": "-", "•": "-", "›": ">"}
_TONE_FILL = {"red": (253, 228, 228), "amber": (255, 241, 214), "green": (230, 244, 231)}


def _plain(text: str) -> str:
    for char, plain in _PLAIN.items():
        text = text.replace(char, plain)
    return text.encode("latin-1", "replace").decode("latin-1")


def _write_fpdf(doc: Document, path: Path) -> None:
    try:
        from fpdf import FPDF
        from fpdf.fonts import FontFace
    except ImportError as exc:  # pragma: no cover - fpdf2 is a dependency
        raise PdfUnavailable("pdf_unavailable") from exc
    pdf = FPDF(format="A4")
    pdf.set_auto_page_break(True, margin=15)
    pdf.set_margins(14, 14, 14)
    pdf.add_page()
    pdf.set_font("Helvetica", size=8)
    if doc.kicker:
        pdf.multi_cell(0, 4, _plain(doc.kicker.upper()), new_x="LMARGIN", new_y="NEXT")
    pdf.set_font("Helvetica", "B", 16)
    pdf.multi_cell(0, 8, _plain(doc.title), new_x="LMARGIN", new_y="NEXT")
    pdf.set_font("Helvetica", size=9)
    if doc.subtitle:
        pdf.multi_cell(0, 5, _plain(doc.subtitle), new_x="LMARGIN", new_y="NEXT")
    for section in doc.sections:
        pdf.ln(3)
        pdf.set_font("Helvetica", "B", 12)
        pdf.multi_cell(0, 7, _plain(section.title), new_x="LMARGIN", new_y="NEXT")
        for block in section.blocks:
            pdf.set_font("Helvetica", size=9)
            if isinstance(block, Para):
                if block.kind == "note":
                    pdf.set_font("Helvetica", "I", 8)
                pdf.multi_cell(0, 4.5, _plain(block.text), new_x="LMARGIN", new_y="NEXT")
                pdf.ln(1)
            elif isinstance(block, Bullets):
                for item in block.items:
                    pdf.multi_cell(0, 4.5, _plain("- " + item), new_x="LMARGIN", new_y="NEXT")
                pdf.ln(1)
            elif isinstance(block, Legend):
                pdf.set_font("Helvetica", "I", 8)
                text = "; ".join(label for _, label in block.items)
                pdf.multi_cell(0, 4, _plain(text), new_x="LMARGIN", new_y="NEXT")
            elif isinstance(block, Chart):
                pdf.set_font("Helvetica", "I", 8)
                pdf.multi_cell(0, 4, _plain(f"[Diagram i HTML-versjonen] {block.caption}"), new_x="LMARGIN",
                               new_y="NEXT")
            elif isinstance(block, Table):
                if block.caption:
                    pdf.set_font("Helvetica", "B", 9)
                    pdf.multi_cell(0, 5, _plain(block.caption), new_x="LMARGIN", new_y="NEXT")
                size = 6.5 if block.compact or len(block.head) > 7 else 8
                pdf.set_font("Helvetica", size=size)
                with pdf.table(text_align="LEFT", line_height=size * 0.5, first_row_as_headings=True,
                               headings_style=FontFace(emphasis="BOLD", fill_color=(241, 243, 245))) as table:
                    row = table.row()
                    for head in block.head:
                        row.cell(_plain(head))
                    for cells in [*block.rows, *([block.foot] if block.foot else [])]:
                        row = table.row()
                        for c in cells:
                            fill = _TONE_FILL.get(c.tone)
                            style = FontFace(fill_color=fill) if fill else None
                            row.cell(_plain(c.text), style=style, align="RIGHT" if c.numeric else "LEFT")
                if block.source:
                    pdf.set_font("Helvetica", "I", 7)
                    pdf.multi_cell(0, 4, _plain(f"Kilde: {block.source}"), new_x="LMARGIN", new_y="NEXT")
                pdf.ln(1)
    if doc.footer:
        pdf.ln(3)
        pdf.set_font("Helvetica", "I", 7)
        pdf.multi_cell(0, 4, _plain(doc.footer), new_x="LMARGIN", new_y="NEXT")
    pdf.output(str(path))
