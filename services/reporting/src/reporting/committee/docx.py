"""The committee report as a Word document (python-docx), from the same sections as the
HTML: real headings, tables whose first row repeats as a header, charts as PNG images
with their text alternative, the narrative's Markdown as Word paragraphs and lists."""

import base64
import io
from datetime import UTC, datetime

import cairosvg
from docx import Document
from docx.document import Document as DocxDocument
from docx.oxml import OxmlElement
from docx.oxml.ns import qn
from docx.shared import Cm
from docx.text.paragraph import Paragraph

from reporting.committee.document import Figure, Section
from reporting.editions.markdown import tokens
from reporting.figures import note

CHART_WIDTH = Cm(15)
_SVG_PREFIX = "data:image/svg+xml;base64,"


def chart_png(uri: str) -> bytes:
    """A chart's SVG data: URI drawn as PNG, twice its size for print."""
    svg = base64.b64decode(uri.removeprefix(_SVG_PREFIX))
    return cairosvg.svg2png(bytestring=svg, scale=2.0, background_color="white")


def _inline_runs(paragraph: Paragraph, children: list) -> None:
    bold = italic = False
    for child in children:
        if child.type == "strong_open":
            bold = True
        elif child.type == "strong_close":
            bold = False
        elif child.type == "em_open":
            italic = True
        elif child.type == "em_close":
            italic = False
        elif child.type in ("text", "code_inline"):
            run = paragraph.add_run(child.content)
            run.bold, run.italic = bold or None, italic or None
        elif child.type in ("softbreak", "hardbreak"):
            paragraph.add_run(" ")


def add_markdown(document: DocxDocument, text: str) -> None:
    lists: list[str] = []
    style: str | None = None
    for token in tokens(text):
        if token.type == "heading_open":
            style = f"Heading {min(9, int(token.tag[1]) - 1)}"
        elif token.type == "bullet_list_open":
            lists.append("List Bullet")
        elif token.type == "ordered_list_open":
            lists.append("List Number")
        elif token.type in ("bullet_list_close", "ordered_list_close"):
            lists.pop()
        elif token.type == "inline":
            paragraph = document.add_paragraph(style=style or (lists[-1] if lists else None))
            _inline_runs(paragraph, token.children or [])
            style = None


def _header_row(row) -> None:  # type: ignore[no-untyped-def]
    """Repeats on every page, and tells screen readers it is the header."""
    properties = row._tr.get_or_add_trPr()
    header = OxmlElement("w:tblHeader")
    header.set(qn("w:val"), "true")
    properties.append(header)


def add_figure(document: DocxDocument, figure: Figure, threshold: int) -> None:
    if figure.chart:
        document.add_picture(io.BytesIO(chart_png(figure.chart)), width=CHART_WIDTH)
        picture = document.inline_shapes[-1]
        picture._inline.docPr.set("descr", figure.alt)
        picture._inline.docPr.set("title", figure.caption)
    if figure.rows:
        table = document.add_table(rows=1, cols=len(figure.header), style="Table Grid")
        for cell, text in zip(table.rows[0].cells, figure.header, strict=True):
            cell.text = text
            for run in cell.paragraphs[0].runs:
                run.bold = True
        _header_row(table.rows[0])
        for values in figure.rows:
            cells = table.add_row().cells
            for cell, text in zip(cells, values, strict=False):
                cell.text = text
    document.add_paragraph(figure.caption, style="Caption")
    if figure.rows and not figure.words:
        document.add_paragraph(note(figure.kind, threshold))


def _add_body(document: DocxDocument, section: Section, threshold: int) -> None:
    for paragraph in section.paragraphs:
        number, text = paragraph.split("|", 1)
        document.add_paragraph(f"{number}\t{text}")
    for figure in section.figures:
        add_figure(document, figure, threshold)


def add_section(document: DocxDocument, section: Section, threshold: int) -> None:
    document.add_heading(section.heading, level=1)
    if section.narrative:
        add_markdown(document, section.narrative)
    _add_body(document, section, threshold)
    for part in section.parts:
        document.add_heading(part.heading, level=2)
        _add_body(document, part, threshold)
    if section.empty:
        document.add_paragraph("Not yet written.")


def report_docx(report: dict) -> bytes:
    document = Document()
    properties = document.core_properties
    properties.title = f"{report['subtitle']}, {report['period']['label']}"
    properties.author = report["title"]
    properties.language = "en-GB"
    # A fixed time: the same report gives the same document.
    stamp = datetime.fromisoformat(report["report_date"]).replace(tzinfo=UTC)
    properties.created = properties.modified = stamp
    document.add_heading(report["title"], level=0)
    document.add_paragraph(report["subtitle"], style="Subtitle")
    period = report["period"]
    document.add_paragraph(
        f"{report['report_date']} · figures for {period['label']} "
        f"({period['start']} to {period['end']})"
    )
    edition = report.get("edition")
    document.add_paragraph(
        f"Edition {edition['edition']}, approved on {edition['edition_date']} "
        f"({edition['approved_agency']})"
        if edition
        else "Draft: not yet approved; the figures are live and change as records arrive."
    )
    for section in report["sections"]:
        add_section(document, section, report["threshold"])
    buffer = io.BytesIO()
    document.save(buffer)
    return buffer.getvalue()
