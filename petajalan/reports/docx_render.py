"""The road map as a DOCX that a Bagian Organisasi can edit in Word or LibreOffice and sign.

Built with python-docx; big tables are written as WordprocessingML rows in one parse, because
python-docx's cell-by-cell API takes seconds for a city matrix of thousands of rows.
"""

from __future__ import annotations

import io
import re
from collections.abc import Callable
from typing import Any
from xml.sax.saxutils import escape

from docx import Document
from docx.enum.section import WD_ORIENT, WD_SECTION
from docx.enum.text import WD_ALIGN_PARAGRAPH, WD_BREAK
from docx.oxml import parse_xml
from docx.oxml.ns import nsdecls, qn
from docx.shared import Cm, Mm, Pt
from docx.text.paragraph import Paragraph

from petajalan.reports.layout import DocumentOptions, document_data
from petajalan.roadmaps.plain import PlainRoadmap

W_NS = nsdecls("w")
TABLE_FONT_HALF_POINTS = 16  # 8 pt for 8-10 column matrices (domain brief §6a)


def render_docx(
    plain: PlainRoadmap, options: DocumentOptions | None = None, mark: Callable[[Any], None] | None = None
) -> bytes:
    """The booklet or annex of ``plain`` as DOCX bytes; ``mark`` (the verification seal's footers,
    ``verification.services.docx_marker``) is applied to the document before it is saved."""
    options = options or DocumentOptions()
    data = document_data(plain, options)
    doc = Document()
    _set_styles(doc, options)
    section = doc.sections[0]
    _page_setup(section, data, landscape=False)
    _page_numbers(section, data)
    if options.is_copy:
        _para(doc, data["text"]["copy"], bold=True, align=WD_ALIGN_PARAGRAPH.RIGHT)

    if options.product == "booklet":
        section.different_first_page_header_footer = True  # no number on the cover
        _numbering(section, 'w:fmt="lowerRoman"')  # front matter: i, ii, iii
        _cover(doc, data, options)
        _page_break(doc)
        if data["annex_heading"]:
            _annex_heading(doc, data)
        _approval(doc, data)
        _page_break(doc)
        _foreword(doc, data)
        _page_break(doc)
        _centered(doc, data["text"]["contents"], bold=True)
        _toc_field(doc)
        _page_break(doc)
        _list_of_tables(doc, data)
        body = doc.add_section(WD_SECTION.NEW_PAGE)
        _page_setup(body, data, landscape=False)
        body.different_first_page_header_footer = False
        _numbering(body, 'w:fmt="decimal" w:start="1"')
    else:
        section.different_first_page_header_footer = data["page_numbers"] == "dash"
        _annex_heading(doc, data)
        _centered(doc, data["title"], bold=True)

    first = True
    for chapter in data["chapters"]:
        if not first:
            _page_break(doc)
        first = False
        heading = doc.add_paragraph(style="Heading 1")
        heading.add_run(chapter["ref"]).add_break()
        heading.add_run(chapter["title"])
        for block in chapter["blocks"]:
            _block(doc, block)
        for part in chapter["parts"]:
            _part(doc, data, part, chapter["captions"][part])

    if options.product == "annex":
        _signature(doc, [data["head_signature"][0], "", "", "", data["head_signature"][1]])
    if mark is not None:
        mark(doc)
    buffer = io.BytesIO()
    doc.save(buffer)
    return buffer.getvalue()


# -- styles and page set-up -------------------------------------------------------------------


def _set_styles(doc: Any, options: DocumentOptions) -> None:
    for name in ("Normal", "Heading 1", "Heading 2", "Title"):
        style = doc.styles[name]
        style.font.name = options.font
        style.element.rPr.rFonts.set(qn("w:eastAsia"), options.font)
        style.element.rPr.rFonts.set(qn("w:hAnsi"), options.font)
        style.element.rPr.rFonts.set(qn("w:cs"), options.font)
        for theme in ("w:asciiTheme", "w:hAnsiTheme", "w:eastAsiaTheme", "w:cstheme"):
            style.element.rPr.rFonts.attrib.pop(qn(theme), None)
        style.font.color.rgb = None
    normal = doc.styles["Normal"]
    normal.font.size = Pt(options.font_size)
    normal.paragraph_format.space_after = Pt(6)
    normal.paragraph_format.line_spacing = 1.15
    h1 = doc.styles["Heading 1"]
    h1.font.size = Pt(options.font_size)
    h1.font.bold = True
    h1.paragraph_format.alignment = WD_ALIGN_PARAGRAPH.CENTER
    h1.paragraph_format.space_before = Pt(0)
    h1.paragraph_format.space_after = Pt(12)
    h2 = doc.styles["Heading 2"]
    h2.font.size = Pt(options.font_size)
    h2.font.bold = True
    h2.paragraph_format.space_before = Pt(6)
    for style in (h1, h2):
        style.font.italic = False
        style.font.color.rgb = None
    caption = doc.styles["Caption"]  # table captions: body font and size, bold, black
    caption.font.name = options.font
    caption.font.size = Pt(options.font_size)
    caption.font.bold = True
    caption.font.color.rgb = None
    # Word refreshes the table of contents when the file is opened
    settings = doc.settings.element
    settings.append(parse_xml(f'<w:updateFields {W_NS} w:val="true"/>'))


def _page_setup(section: Any, data: dict[str, Any], *, landscape: bool) -> None:
    width, height = data["paper"]
    left, right, top, bottom = data["margins"]
    if landscape:
        section.orientation = WD_ORIENT.LANDSCAPE
        section.page_width, section.page_height = Mm(height), Mm(width)
    else:
        section.orientation = WD_ORIENT.PORTRAIT
        section.page_width, section.page_height = Mm(width), Mm(height)
    section.left_margin, section.right_margin = Cm(left), Cm(right)
    section.top_margin, section.bottom_margin = Cm(top), Cm(bottom)
    section.header_distance = Cm(1.0)
    section.footer_distance = Cm(1.0)


def _field(paragraph: Paragraph, instruction: str, placeholder: str = "1") -> None:
    run = paragraph.add_run()
    run._r.append(parse_xml(f'<w:fldChar {W_NS} w:fldCharType="begin"/>'))
    run = paragraph.add_run()
    run._r.append(parse_xml(f'<w:instrText {W_NS} xml:space="preserve"> {instruction} </w:instrText>'))
    run = paragraph.add_run()
    run._r.append(parse_xml(f'<w:fldChar {W_NS} w:fldCharType="separate"/>'))
    paragraph.add_run(placeholder)
    run = paragraph.add_run()
    run._r.append(parse_xml(f'<w:fldChar {W_NS} w:fldCharType="end"/>'))


def _page_numbers(section: Any, data: dict[str, Any]) -> None:
    """'- N -' centred at the top (regulation habit) or 'Halaman X dari Y' at the bottom."""
    if data["page_numbers"] == "dash":
        paragraph = section.header.paragraphs[0]
        paragraph.alignment = WD_ALIGN_PARAGRAPH.CENTER
        paragraph.add_run("- ")
        _field(paragraph, "PAGE")
        paragraph.add_run(" -")
    else:
        paragraph = section.footer.paragraphs[0]
        paragraph.alignment = WD_ALIGN_PARAGRAPH.RIGHT
        paragraph.add_run(f"{data['text']['page_of']} ")
        _field(paragraph, "PAGE")
        paragraph.add_run(f" {data['text']['of']} ")
        _field(paragraph, "NUMPAGES")


def _numbering(section: Any, attributes: str = "") -> None:
    """Set (or with no attributes, clear) the page-number format and restart of a section."""
    sect_pr = section._sectPr
    for old in sect_pr.findall(qn("w:pgNumType")):
        sect_pr.remove(old)
    if attributes:
        sect_pr.append(parse_xml(f"<w:pgNumType {W_NS} {attributes}/>"))


# -- paragraphs -------------------------------------------------------------------------------


_DIGIT_HYPHEN = re.compile(r"(?<=\d)-(?=\d)")


def _add_text(paragraph: Paragraph, text: str) -> list[Any]:
    """Runs of ``text`` where a hyphen between digits ("2025-2029") is Word's non-breaking
    hyphen, so a period is never split across lines; the text still reads "2025-2029"."""
    pieces = _DIGIT_HYPHEN.split(text)
    runs = []
    for i, piece in enumerate(pieces):
        if i > 0:
            run = paragraph.add_run()
            run._r.append(parse_xml(f"<w:noBreakHyphen {W_NS}/>"))
            runs.append(run)
        runs.append(paragraph.add_run(piece))
    return runs


def _para(
    doc: Any, text: str, *, bold: bool = False, align: Any = None, size: float | None = None
) -> Paragraph:
    paragraph = doc.add_paragraph()
    for run in _add_text(paragraph, text):
        run.bold = bold
        if size:
            run.font.size = Pt(size)
    if align is not None:
        paragraph.alignment = align
    return paragraph


def _centered(doc: Any, text: str, *, bold: bool = False, size: float | None = None) -> Paragraph:
    return _para(doc, text, bold=bold, align=WD_ALIGN_PARAGRAPH.CENTER, size=size)


def _page_break(doc: Any) -> None:
    doc.add_paragraph().add_run().add_break(WD_BREAK.PAGE)


def _block(doc: Any, block: dict[str, Any]) -> None:
    style = {"heading": "Heading 2", "bullet": "List Bullet", "number": None, "p": None}[block["kind"]]
    paragraph = doc.add_paragraph(style=style) if style else doc.add_paragraph()
    if block["kind"] == "p":
        paragraph.alignment = WD_ALIGN_PARAGRAPH.JUSTIFY
        paragraph.paragraph_format.first_line_indent = Cm(1.25)
    if block["kind"] == "number":
        paragraph.paragraph_format.left_indent = Cm(0.75)
        paragraph.paragraph_format.first_line_indent = Cm(-0.75)
    if block["label"]:
        paragraph.add_run(block["label"] + ("\t" if block["kind"] == "number" else " "))
    for text, bold, italic in block["runs"]:
        run = paragraph.add_run(text)
        run.bold = bold or None
        run.italic = italic or None


def _annex_heading(doc: Any, data: dict[str, Any]) -> None:
    """Top-right block, lines left-aligned inside it (a paragraph indented to the right half)."""
    for line in data["annex_heading"]:
        paragraph = doc.add_paragraph()
        paragraph.paragraph_format.left_indent = Cm(7.5)
        paragraph.paragraph_format.space_after = Pt(0)
        _add_text(paragraph, line)
    doc.add_paragraph()


def _toc_field(doc: Any) -> None:
    paragraph = doc.add_paragraph()
    _field(
        paragraph,
        'TOC \\o "1-2" \\h \\z \\u',
        "Klik kanan lalu pilih Perbarui Isian untuk menyusun daftar isi.",
    )


def _foreword(doc: Any, data: dict[str, Any]) -> None:
    """KATA PENGANTAR: ordinary paragraphs (edit them in Word) and the head's signature."""
    heading = doc.add_paragraph(style="Heading 1")
    heading.add_run(data["text"]["foreword"])
    for block in data["foreword"]:
        _block(doc, block)
    doc.add_paragraph()
    sig = data["signature"]
    _signature(
        doc,
        [sig["place_date"], sig["office"], "", "", "", sig["name"], sig["rank"], sig["nip"]],
        name_index=5,
    )


def _list_of_tables(doc: Any, data: dict[str, Any]) -> None:
    """DAFTAR TABEL: a Word table-of-figures field over the "Tabel" captions (SEQ fields).

    Until Word refreshes it (on opening) it shows the captions without page numbers.
    """
    heading = doc.add_paragraph(style="Heading 1")
    heading.add_run(data["text"]["tables"])
    captions = [c["text"] for ch in data["chapters"] for caps in ch["captions"].values() for c in caps]
    paragraph = doc.add_paragraph()
    _field(paragraph, f'TOC \\h \\z \\c "{data["text"]["table"]}"', captions[0] if captions else "")
    # the remaining entries inside the same field result, one paragraph each
    end = paragraph._p[-1]
    paragraph._p.remove(end)
    last = paragraph
    for text in captions[1:]:
        last = doc.add_paragraph()
        last.add_run(text)
    last._p.append(end)


def _cover(doc: Any, data: dict[str, Any], options: DocumentOptions) -> None:
    for _blank in range(3):
        doc.add_paragraph()
    if options.logo:
        paragraph = doc.add_paragraph()
        paragraph.alignment = WD_ALIGN_PARAGRAPH.CENTER
        paragraph.add_run().add_picture(io.BytesIO(options.logo), height=Cm(4))
    else:
        # an empty framed slot (3.5 × 4 cm) where the office pastes its coat of arms
        width = int(3.5 / 2.54 * 1440)
        borders = "".join(
            f'<w:{side} w:val="single" w:sz="4" w:color="808080"/>'
            for side in ("top", "left", "bottom", "right")
        )
        slot = (
            f'<w:tbl {W_NS}><w:tblPr><w:tblW w:w="{width}" w:type="dxa"/><w:jc w:val="center"/>'
            f'<w:tblBorders>{borders}</w:tblBorders><w:tblLayout w:type="fixed"/></w:tblPr>'
            f'<w:tblGrid><w:gridCol w:w="{width}"/></w:tblGrid>'
            f'<w:tr><w:trPr><w:trHeight w:val="{int(4 / 2.54 * 1440)}" w:hRule="exact"/></w:trPr>'
            f"{_cell_xml(data['text']['logo'], width, center=True)}</w:tr></w:tbl>"
        )
        body = doc.element.body
        body.insert(len(body) - 1, parse_xml(slot))
    for _blank in range(2):
        doc.add_paragraph()
    _centered(doc, data["title"], bold=True, size=16)
    doc.add_paragraph()
    if data["unit"]:
        _centered(doc, data["unit"], bold=True, size=14)
    _centered(doc, data["government"], bold=True, size=14)
    _centered(doc, f"{data['text']['period']} {data['period']}", bold=True, size=14)


def _approval(doc: Any, data: dict[str, Any]) -> None:
    _centered(doc, data["text"]["approval"], bold=True)
    _centered(doc, data["title"], bold=True)
    doc.add_paragraph()
    sig = data["signature"]
    _signature(
        doc,
        [sig["place_date"], sig["office"], "", "", "", sig["name"], sig["rank"], sig["nip"]],
        name_index=5,
    )


def _signature(doc: Any, lines: list[str], *, name_index: int | None = None) -> None:
    """A borderless two-column table; the block sits in the right column, lines left-aligned."""
    table = doc.add_table(rows=1, cols=2)
    table.autofit = False
    left, right = table.rows[0].cells
    left.width, right.width = Cm(7.5), Cm(8.5)
    right.paragraphs[0].text = ""
    for i, line in enumerate(lines):
        paragraph = right.paragraphs[0] if i == 0 else right.add_paragraph()
        paragraph.paragraph_format.space_after = Pt(0)
        run = paragraph.add_run(line)
        if i == name_index or (name_index is None and i == len(lines) - 1):
            run.bold = True
            run.underline = name_index is not None
    tr_pr = table.rows[0]._tr.get_or_add_trPr()
    tr_pr.append(parse_xml(f"<w:cantSplit {W_NS}/>"))


# -- tables -----------------------------------------------------------------------------------


def _part(doc: Any, data: dict[str, Any], part: str, captions: list[dict[str, str]]) -> None:
    text = data["text"]
    if part == "matrix":
        _landscape(doc, data)
        for table, caption in zip(data["matrix"]["tables"], captions, strict=True):
            _caption(doc, data, caption)
            _grid(
                doc, data, data["matrix"]["headers"], data["matrix"]["widths"], table["rows"], landscape=True
            )
        if not data["matrix"]["tables"]:
            _para(doc, text["none"])
    elif part == "timeline":
        labels = data["timeline"]["labels"]
        headers = [text["activity"], *[label.rsplit(" ", 1)[-1] for label in labels]]  # "I".."IV"
        quarter_width = 60 / max(len(labels), 1)
        widths = [40, *[quarter_width] * len(labels)]
        rows = [[name, *["■" if mark else "" for mark in marks]] for name, marks in data["timeline"]["rows"]]
        _caption(doc, data, captions[0])
        years = data["timeline"]["years"]
        _grid(doc, data, headers, widths, rows, landscape=True, numbered=False, shade_marks=True, years=years)
        _portrait(doc, data)
    elif part == "quick_wins":
        _caption(doc, data, captions[0])
        q = data["quick_wins"]
        _grid(doc, data, q["headers"], q["widths"], q["rows"], landscape=False) if q["rows"] else _para(
            doc, text["none"]
        )
    elif part == "team":
        _caption(doc, data, captions[0])
        t = data["team"]
        _grid(doc, data, t["headers"], t["widths"], t["rows"], landscape=False) if t["rows"] else _para(
            doc, text["none"]
        )
        _caption(doc, data, captions[1])
        a = data["agents"]
        _grid(doc, data, a["headers"], a["widths"], a["rows"], landscape=False) if a["rows"] else _para(
            doc, text["none"]
        )


def _landscape(doc: Any, data: dict[str, Any]) -> None:
    section = doc.add_section(WD_SECTION.NEW_PAGE)
    _page_setup(section, data, landscape=True)
    _numbering(section)  # continue the numbering of the chapter
    section.different_first_page_header_footer = False


def _portrait(doc: Any, data: dict[str, Any]) -> None:
    section = doc.add_section(WD_SECTION.NEW_PAGE)
    _page_setup(section, data, landscape=False)
    _numbering(section)
    section.different_first_page_header_footer = False


def _caption(doc: Any, data: dict[str, Any], caption: dict[str, str]) -> None:
    """'Tabel 4.1. …' above the table, kept with it; the number is a SEQ field restarted per
    chapter, so Word's list of tables (TOC \\c "Tabel") finds it and renumbers after edits."""
    paragraph = doc.add_paragraph(style="Caption")
    paragraph.paragraph_format.keep_with_next = True
    paragraph.paragraph_format.space_before = Pt(6)
    chapter, _dot, count = caption["number"].partition(".")
    label = data["text"]["table"]
    paragraph.add_run(f"{label} {chapter}.")
    restart = " \\r 1" if count == "1" else ""
    _field(paragraph, f"SEQ {label} \\* ARABIC{restart}", count)
    paragraph.add_run(f". {caption['title']}")


def _cell_xml(
    text: str,
    width: int,
    *,
    bold: bool = False,
    center: bool = False,
    shade: str = "",
    span: int = 1,
    vmerge: str = "",
) -> str:
    run_pr = f'<w:rPr>{"<w:b/>" if bold else ""}<w:sz w:val="{TABLE_FONT_HALF_POINTS}"/></w:rPr>'
    align = '<w:jc w:val="center"/>' if center else ""
    paragraphs = "".join(
        f'<w:p><w:pPr><w:spacing w:before="0" w:after="0" w:line="240" w:lineRule="auto"/>'
        f"{align}{run_pr}</w:pPr>"
        f'<w:r>{run_pr}<w:t xml:space="preserve">{escape(line)}</w:t></w:r></w:p>'
        for line in (text.split("\n") if text else [""])
    )
    fill = f'<w:shd w:val="clear" w:color="auto" w:fill="{shade}"/>' if shade else ""
    grid_span = f'<w:gridSpan w:val="{span}"/>' if span > 1 else ""
    merge = f'<w:vMerge w:val="{vmerge}"/>' if vmerge else ""
    return (
        f'<w:tc><w:tcPr><w:tcW w:w="{width}" w:type="dxa"/>{grid_span}{merge}{fill}</w:tcPr>'
        f"{paragraphs}</w:tc>"
    )


def _grid(
    doc: Any,
    data: dict[str, Any],
    headers: list[str],
    widths: list[float],
    rows: list[list[str]],
    *,
    landscape: bool,
    numbered: bool = True,
    shade_marks: bool = False,
    years: list[int] | None = None,
) -> None:
    """A bordered table: header and 1…n column-number rows repeat on each page; rows never split.

    With ``years`` (the timeline) the header is two rows: each year over its four quarters
    I–IV, and the first column is the activity (left-aligned) rather than a centred number.
    """
    paper_w, paper_h = data["paper"]
    left, right, _top, _bottom = data["margins"]
    usable_mm = (paper_h if landscape else paper_w) - (left + right) * 10
    twips = [int(usable_mm / 25.4 * 1440 * w / sum(widths)) for w in widths]
    grid = "".join(f'<w:gridCol w:w="{t}"/>' for t in twips)
    header_pr = "<w:trPr><w:cantSplit/><w:tblHeader/></w:trPr>"
    if years:
        head = "D9D9D9"
        first = _cell_xml(headers[0], twips[0], bold=True, center=True, shade=head, vmerge="restart")
        spans = "".join(
            _cell_xml(str(y), sum(twips[1 + 4 * i : 5 + 4 * i]), bold=True, center=True, shade=head, span=4)
            for i, y in enumerate(years)
        )
        under = _cell_xml("", twips[0], shade=head, vmerge="continue")
        quarters = "".join(
            _cell_xml(h, t, bold=True, center=True, shade=head)
            for h, t in zip(headers[1:], twips[1:], strict=True)
        )
        parts = [f"<w:tr>{header_pr}{first}{spans}</w:tr>", f"<w:tr>{header_pr}{under}{quarters}</w:tr>"]
    else:
        parts = [
            f"<w:tr>{header_pr}"
            + "".join(
                _cell_xml(h, t, bold=True, center=True, shade="D9D9D9")
                for h, t in zip(headers, twips, strict=True)
            )
            + "</w:tr>"
        ]
    if numbered:
        parts.append(
            f"<w:tr>{header_pr}"
            + "".join(_cell_xml(str(i), t, center=True, shade="F2F2F2") for i, t in enumerate(twips, start=1))
            + "</w:tr>"
        )
    for row in rows:
        cells = []
        for i, (value, t) in enumerate(zip(row, twips, strict=True)):
            mark = shade_marks and i > 0 and value
            centred = (i == 0 and not years) or bool(mark)
            cells.append(_cell_xml(value, t, center=centred, shade="7F7F7F" if mark else ""))
        parts.append("<w:tr><w:trPr><w:cantSplit/></w:trPr>" + "".join(cells) + "</w:tr>")
    borders = "".join(
        f'<w:{side} w:val="single" w:sz="4" w:space="0" w:color="000000"/>'
        for side in ("top", "left", "bottom", "right", "insideH", "insideV")
    )
    xml = (
        f'<w:tbl {W_NS}><w:tblPr><w:tblW w:w="{sum(twips)}" w:type="dxa"/>'
        f"<w:tblBorders>{borders}</w:tblBorders>"
        f'<w:tblLayout w:type="fixed"/><w:tblCellMar><w:left w:w="57" w:type="dxa"/>'
        f'<w:right w:w="57" w:type="dxa"/>'
        f"</w:tblCellMar></w:tblPr><w:tblGrid>{grid}</w:tblGrid>{''.join(parts)}</w:tbl>"
    )
    body = doc.element.body
    body.insert(len(body) - 1, parse_xml(xml))  # before the final sectPr
    doc.add_paragraph().paragraph_format.space_after = Pt(0)
