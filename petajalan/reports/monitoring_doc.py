"""The quarterly monitoring report ("Laporan Pemantauan Rencana Aksi … Triwulan I Tahun 2026") as
DOCX and PDF, in the conventions of the road-map documents (domain brief §6a; docs/documents.md).

``document_data`` turns a quarter (``monitoring.documents.QuarterData``) into the blocks both
renderers print: a cover, BAB I Pendahuluan (generated from the figures), BAB II Capaian (RAG tables
per focus node and, for the city, per unit, each with its chart; the action tables in landscape with
repeated headers; quick wins delivered), BAB III Kendala dan Tindak Lanjut, and the signature. The
DOCX reuses the road-map renderer's helpers (styles, page set-up, tables written as
WordprocessingML, captions as SEQ fields); the PDF is Typst (``laporan_pemantauan.typ``) in a child
process, with the action tables typeset by ``pdf_table`` when it can (as the road-map matrix, 0055).
"""

from __future__ import annotations

import io
import json
import logging
import re
from collections.abc import Callable
from decimal import Decimal
from pathlib import Path
from typing import TYPE_CHECKING, Any

from django.utils.translation import gettext as _

from petajalan.lib import charts
from petajalan.lib.codes import format_nip
from petajalan.lib.formatting import angka, rupiah, tanggal
from petajalan.monitoring.achievement import Rag
from petajalan.monitoring.documents import Line, QuarterData, Row, rag_word, roman
from petajalan.reports.layout import MARGINS_CM, PAPER_MM, _printable, markdown_blocks, place_name
from petajalan.verification import services as verification
from petajalan.verification.models import Seal

if TYPE_CHECKING:
    from petajalan.monitoring.spreadsheet import PortalSheet, WorkbookRead

logger = logging.getLogger(__name__)
TEMPLATE = Path(__file__).parent / "templates" / "reports" / "laporan_pemantauan.typ"
CHART_TEMPLATE = Path(__file__).parent / "templates" / "reports" / "chart.typ"
CHART_WIDTH_CM = 15.0  # in the DOCX, on the portrait text width (16.5 cm on F4 and A4)
CHART_MAX_HEIGHT_CM = 22.0
CHART_DPI = 200
MATRIX_LABEL = "<pj-matrix>"

ACTION_WIDTHS = [3, 16, 13, 5, 8, 6, 6, 6, 6, 9, 9, 13]
FOCUS_WIDTHS = [4, 17, 8, 8, 8, 8, 18, 18, 11]
UNIT_WIDTHS = [4, 21, 13, 8, 8, 8, 8, 19, 11]
QUICK_WIN_WIDTHS = [5, 23, 14, 24, 15, 19]
ISSUE_WIDTHS = [5, 25, 12, 29, 29]


def _pct(value: Decimal | None) -> str:
    """'83,83%', '84,5%', '100%': the value's own decimals, at most two."""
    if value is None:
        return ""
    return f"{_num(Decimal(str(value)).quantize(Decimal('0.01')))}%"


def _num(value: Decimal | None) -> str:
    if value is None:
        return ""
    decimals = max(0, -value.normalize().as_tuple().exponent)  # type: ignore[operator]
    return angka(value, min(decimals, 4))


def _money(value: Decimal | None) -> str:
    if value is None:
        return ""
    return rupiah(value, 0 if value == value.to_integral_value() else 2)


def title_text(data: QuarterData) -> str:
    """'Laporan Pemantauan Rencana Aksi Road Map Reformasi Birokrasi Triwulan I Tahun 2026'."""
    return _("Laporan Pemantauan Rencana Aksi Road Map Reformasi Birokrasi Triwulan %(q)s Tahun %(y)s") % {
        "q": roman(data.quarter),
        "y": data.year,
    }


def _office(data: QuarterData) -> str:
    office = data.signer.office.strip().upper()
    return office if office.endswith(",") else f"{office},"


def signature(data: QuarterData) -> dict[str, str]:
    """Place and date, office in capitals with a comma, name, rank, NIP grouped 8-6-1-3."""
    signer = data.signer
    place = place_name(data.government)
    return {
        "place_date": f"{place}, {tanggal(signer.signed_on)}" if signer.signed_on else f"{place},           ",
        "office": _office(data),
        "name": signer.name,
        "rank": signer.rank,
        "nip": f"NIP. {format_nip(signer.nip)}" if signer.nip else "",
    }


def _counts(rows: list[Row]) -> dict[Rag, int]:
    counts = dict.fromkeys(Rag, 0)
    for row in rows:
        counts[row.colour] += 1
    return counts


def _intro(data: QuarterData) -> str:
    """BAB I, from the figures the quarter holds (Markdown: '##' headings become A., B., C.)."""
    holder = data.unit or data.government
    if data.scope == "unit" and data.unit:
        holder = f"{data.unit} {data.government}"
    period = f"{tanggal(data.quarter_start)} – {tanggal(data.quarter_end)}"
    parts = [
        "## " + _("Latar Belakang"),
        _(
            "Road map reformasi birokrasi %(holder)s dilaksanakan melalui rencana aksi yang dipantau "
            "setiap triwulan. Laporan ini menyajikan realisasi rencana aksi Triwulan %(q)s Tahun %(y)s "
            "(%(period)s): capaian terhadap target, penyerapan anggaran, quick wins yang terwujud, serta "
            "kendala dan tindak lanjutnya."
        )
        % {"holder": holder, "q": roman(data.quarter), "y": data.year, "period": period},
        "## " + _("Maksud dan Tujuan"),
        _(
            "Laporan ini menjadi bahan bagi pimpinan untuk menilai kemajuan pelaksanaan road map, "
            "mengenali rencana aksi yang tertinggal, dan menetapkan tindak lanjut pada triwulan berikutnya."
        ),
        "## " + _("Ruang Lingkup dan Cara Menilai"),
    ]
    if data.scope == "city":
        parts.append(
            _(
                "Laporan ini memuat %(n)s rencana aksi yang dijadwalkan pada triwulan ini dari %(reports)s "
                "laporan; %(verified)s laporan sudah diverifikasi. Untuk laporan yang belum diverifikasi "
                "dipakai angka yang dilaporkan perangkat daerah, dan barisnya diberi keterangan."
            )
            % {"n": len(data.rows), "reports": data.reports, "verified": data.verified_reports}
        )
    else:
        parts.append(
            _(
                "Laporan ini memuat %(n)s rencana aksi yang dijadwalkan pada triwulan ini. "
                "Status laporan: %(s)s."
            )
            % {"n": len(data.rows), "s": _status_word(data.status)}
        )
    parts.append(
        _(
            "Capaian dihitung dari realisasi terhadap target sesuai arah indikatornya: bila makin tinggi "
            "makin baik, realisasi ÷ target × 100%%; bila makin rendah makin baik, (2 − realisasi ÷ "
            "target) × 100%%; bila dipertahankan, (1 − |realisasi − target| ÷ target) × 100%%. Angka hasil "
            "verifikasi dipakai bila ada. Warna: hijau bila capaian sekurang-kurangnya %(green)s, kuning "
            "sekurang-kurangnya %(amber)s, merah di bawahnya, dan abu-abu bila belum dilaporkan atau tidak "
            "dapat diukur. Capaian gabungan adalah rata-rata berbobot capaian setiap rencana aksi yang "
            "dibatasi 100%%."
        )
        % {"green": _pct(data.green_from), "amber": _pct(data.amber_from)}
    )
    return "\n\n".join(parts)


def _status_word(status: str) -> str:
    from petajalan.monitoring.models import QuarterReport

    return str(dict(QuarterReport.Status.choices).get(status, status)).lower()


def _summary(data: QuarterData) -> str:
    total = data.total
    counts = _counts(data.rows)
    if total is None or not data.rows:
        return _("Belum ada rencana aksi yang dijadwalkan pada triwulan ini.")
    score = (
        _("%(score)s (%(colour)s)") % {"score": _pct(total.score), "colour": rag_word(total.colour).lower()}
        if total.score is not None
        else _("belum dapat diukur")
    )
    absorption = (
        _("penyerapan anggaran %(pct)s (%(spent)s dari %(planned)s)")
        % {"pct": _pct(total.absorption), "spent": _money(total.spent), "planned": _money(total.planned)}
        if total.planned
        else _("tanpa anggaran yang direncanakan")
    )
    return _(
        "Secara keseluruhan capaian rencana aksi triwulan ini %(score)s, dengan %(absorption)s. "
        "Dari %(n)s rencana aksi, %(green)s berwarna hijau, %(amber)s kuning, %(red)s merah, dan %(grey)s "
        "abu-abu (belum dilaporkan atau tidak dapat diukur)."
    ) % {
        "score": score,
        "absorption": absorption,
        "n": len(data.rows),
        "green": counts[Rag.GREEN],
        "amber": counts[Rag.AMBER],
        "red": counts[Rag.RED],
        "grey": counts[Rag.GREY],
    }


def _line_cells(n: int, line: Line, *, with_status: bool) -> list[str]:
    cells = [
        str(n),
        line.label,
        str(line.rows),
        str(line.measured),
        _pct(line.score),
        rag_word(line.colour),
    ]
    if with_status:
        cells.insert(2, line.status)
    else:
        cells += [_money(line.planned)]
    cells += [_money(line.spent), _pct(line.absorption)]
    return cells


def _chart(lines: list[Line], title: str, data: QuarterData) -> str:
    bars = [
        charts.Bar(
            label=line.label,
            value=line.score,
            status=str(line.colour),
            status_label=rag_word(line.colour),
        )
        for line in lines
    ]
    return charts.horizontal_bars(
        bars, title=title, thresholds=(data.green_from, data.amber_from), width=640, label_width=230
    )


def _notes(row: Row, scope: str) -> str:
    parts = [row.progress_note.strip()] if row.progress_note.strip() else []
    if row.verified_value is not None and row.verified_value != row.unit_value:
        parts.append(_("Angka unit: %(value)s.") % {"value": _num(row.unit_value) or "—"})
    if row.verifier_note.strip():
        parts.append(_("Verifikator: %(note)s") % {"note": row.verifier_note.strip()})
    if scope == "city" and not row.is_verified:
        parts.append(_("Belum diverifikasi."))
    return "\n".join(parts)


def action_tables(data: QuarterData) -> list[dict[str, Any]]:
    """One table per focus node, lettered as the road-map matrix ("A. MANAJEMEN PERUBAHAN")."""
    by_focus: dict[str, list[Row]] = {}
    for row in data.rows:
        by_focus.setdefault(row.focus_key, []).append(row)
    tables = []
    for i, (key, rows) in enumerate(by_focus.items()):
        letter = chr(ord("A") + i % 26)
        title = f"{letter}. {data.focus_title(key).upper()}"
        cells = [
            [
                str(n),
                r.activity,
                r.indicator,
                r.unit_of_measure,
                (r.unit_short_name or data.government) if data.scope == "city" else r.responsible,
                _num(r.target),
                _num(r.value),
                _pct(r.achievement),
                rag_word(r.colour),
                _money(r.budget_planned),
                _money(r.budget_spent),
                _notes(r, data.scope),
            ]
            for n, r in enumerate(rows, start=1)
        ]
        tables.append({"title": title, "rows": cells})
    return tables


def document_data(data: QuarterData, paper: str = "F4") -> dict[str, Any]:
    """Everything the two renderers print, JSON-ready (the Typst template reads exactly this)."""
    city = data.scope == "city"
    title = title_text(data)
    table = _("Tabel")
    figure = _("Gambar")
    focus_title = _("Capaian per Fokus")
    unit_title = _("Capaian per Perangkat Daerah")
    tables = action_tables(data)
    captions: dict[str, list[dict[str, str]]] = {}
    chapter2: list[str] = ["focus", *(["units"] if city else []), "actions", "quick_wins"]
    count_t, count_f = 0, 0

    def cap(kind: str, text: str) -> dict[str, str]:
        nonlocal count_t, count_f
        if kind == "table":
            count_t += 1
            number = f"2.{count_t}"
            label = table
        else:
            count_f += 1
            number = f"2.{count_f}"
            label = figure
        return {"number": number, "title": text, "text": f"{label} {number}. {text}", "label": label}

    captions["focus"] = [cap("table", focus_title), cap("figure", focus_title)]
    if city:
        captions["units"] = [cap("table", unit_title), cap("figure", unit_title)]
    captions["actions"] = [cap("table", f"{_('Realisasi Rencana Aksi')} – {t['title']}") for t in tables]
    captions["quick_wins"] = [cap("table", _("Quick Wins yang Terwujud"))]
    captions["issues"] = [
        {
            "number": "3.1",
            "title": _("Kendala dan Tindak Lanjut"),
            "text": f"{table} 3.1. {_('Kendala dan Tindak Lanjut')}",
            "label": table,
        }
    ]
    focus_rows = [_line_cells(n, line, with_status=False) for n, line in enumerate(data.focus_lines, start=1)]
    if data.total is not None and data.focus_lines:
        focus_rows.append(["", *_line_cells(0, data.total, with_status=False)[1:]])
    unit_rows = [_line_cells(n, line, with_status=True) for n, line in enumerate(data.unit_lines, start=1)]
    if city and data.total is not None and data.unit_lines:
        total_cells = _line_cells(0, data.total, with_status=True)
        total_cells[2] = _("%(v)s dari %(n)s terverifikasi") % {"v": data.verified_reports, "n": data.reports}
        unit_rows.append(["", *total_cells[1:]])
    issues = [
        [
            "",
            r.activity,
            (r.unit_short_name or data.government) if city else r.responsible,
            r.inhibiting_factors.strip(),
            r.follow_up.strip(),
        ]
        for r in data.rows
        if r.inhibiting_factors.strip() or r.follow_up.strip()
    ]
    for n, cells in enumerate(issues, start=1):
        cells[0] = str(n)
    deliveries = [
        [
            str(n),
            d.title,
            d.unit or data.government,
            d.change_for_citizens,
            tanggal(d.delivered_on),
            "\n".join(x for x in (d.after_measure, d.note) if x),
        ]
        for n, d in enumerate(data.deliveries, start=1)
    ]
    unit_word = _("Perangkat Daerah") if city else _("Penanggung Jawab")
    focus_svg = _chart(data.focus_lines, focus_title, data) if data.focus_lines else ""
    unit_svg = _chart(data.unit_lines, unit_title, data) if city and data.unit_lines else ""
    blocks = lambda text: [  # noqa: E731 - a local shorthand
        {"kind": b.kind, "runs": [list(r) for r in b.runs], "label": b.label} for b in markdown_blocks(text)
    ]
    n_issues = len(issues)
    chapter3 = (
        _(
            "%(n)s rencana aksi mencatat faktor penghambat atau tindak lanjut. Tabel berikut memuat "
            "keduanya sebagaimana dilaporkan."
        )
        % {"n": n_issues}
        if n_issues
        else _("Tidak ada faktor penghambat atau tindak lanjut yang dilaporkan pada triwulan ini.")
    )
    closing = _(
        "Demikian laporan pemantauan ini disusun sebagai bahan pengambilan keputusan dan perbaikan "
        "pelaksanaan road map reformasi birokrasi pada triwulan berikutnya."
    )
    return _printable(
        {
            "scope": data.scope,
            "paper": PAPER_MM[paper],
            "margins": MARGINS_CM,
            "font_size": 12,
            "title": title.upper(),
            "title_lines": [
                _("LAPORAN PEMANTAUAN"),
                _("RENCANA AKSI ROAD MAP REFORMASI BIROKRASI"),
                _("TRIWULAN %(q)s TAHUN %(y)s") % {"q": roman(data.quarter), "y": data.year},
            ],
            "holder": data.unit.upper() if data.scope == "unit" and data.unit else "",
            "government": data.government.upper(),
            "period": data.period_label,
            "chapters": [
                {"ref": "BAB I", "title": _("PENDAHULUAN"), "blocks": blocks(_intro(data)), "parts": []},
                {
                    "ref": "BAB II",
                    "title": _("CAPAIAN"),
                    "blocks": blocks(_summary(data)),
                    "parts": chapter2,
                },
                {
                    "ref": "BAB III",
                    "title": _("KENDALA DAN TINDAK LANJUT"),
                    "blocks": blocks(chapter3),
                    "parts": ["issues"],
                    "closing": blocks(closing),
                },
            ],
            "headings": {
                "focus": _("Capaian per Fokus"),
                "units": _("Capaian per Perangkat Daerah"),
                "actions": _("Realisasi Rencana Aksi"),
                "quick_wins": _("Quick Wins yang Terwujud"),
            },
            "captions": captions,
            "focus": {
                "headers": [
                    _("No."),
                    _("Fokus"),
                    _("Rencana Aksi"),
                    _("Terukur"),
                    _("Capaian"),
                    _("Status"),
                    _("Anggaran (Rp)"),
                    _("Realisasi (Rp)"),
                    _("Penyerapan"),
                ],
                "widths": FOCUS_WIDTHS,
                "rows": focus_rows,
                "svg": focus_svg,
                "svg_width": chart_width_cm(focus_svg),
            },
            "units": {
                "headers": [
                    _("No."),
                    _("Perangkat Daerah"),
                    _("Status Laporan"),
                    _("Rencana Aksi"),
                    _("Terukur"),
                    _("Capaian"),
                    _("Warna"),
                    _("Realisasi (Rp)"),
                    _("Penyerapan"),
                ],
                "widths": UNIT_WIDTHS,
                "rows": unit_rows,
                "svg": unit_svg,
                "svg_width": chart_width_cm(unit_svg),
            },
            "actions": {
                "headers": [
                    _("No."),
                    _("Kegiatan"),
                    _("Indikator"),
                    _("Satuan"),
                    unit_word,
                    _("Target"),
                    _("Realisasi"),
                    _("Capaian"),
                    _("Status"),
                    _("Anggaran (Rp)"),
                    _("Realisasi Anggaran (Rp)"),
                    _("Keterangan"),
                ],
                "widths": ACTION_WIDTHS,
                "tables": tables,
            },
            "quick_wins": {
                "headers": [
                    _("No."),
                    _("Quick Win"),
                    _("Perangkat Daerah"),
                    _("Perubahan bagi Masyarakat"),
                    _("Terwujud pada"),
                    _("Ukuran Sesudah dan Keterangan"),
                ],
                "widths": QUICK_WIN_WIDTHS,
                "rows": deliveries,
            },
            "issues": {
                "headers": [_("No."), _("Kegiatan"), unit_word, _("Faktor Penghambat"), _("Tindak Lanjut")],
                "widths": ISSUE_WIDTHS,
                "rows": issues,
            },
            "signature": signature(data),
            "text": {
                "table": table,
                "figure": figure,
                "none": _("Belum ada data."),
                "no_quick_wins": _("Belum ada quick win yang dilaporkan terwujud pada triwulan ini."),
                "logo": _("LOGO"),
                "period": _("PERIODE ROAD MAP"),
                "chart_note": _("Garis putus-putus: batas hijau dan kuning."),
            },
        }
    )


# -- DOCX -------------------------------------------------------------------------------------------


def render_docx(data: QuarterData, paper: str = "F4", mark: Callable[[Any], None] | None = None) -> bytes:
    """The report as DOCX bytes: editable in Word and LibreOffice, "Bookman Old Style" named."""
    from docx import Document
    from docx.enum.section import WD_SECTION

    from petajalan.reports import docx_render as w
    from petajalan.reports.layout import DocumentOptions

    d = document_data(data, paper)
    d["chart_png"] = chart_pngs({part: d[part]["svg"] for part in ("focus", "units")})
    doc = Document()
    w._set_styles(doc, DocumentOptions(paper=paper))  # type: ignore[arg-type]
    d["page_numbers"] = "dash"
    section = doc.sections[0]
    w._page_setup(section, d, landscape=False)
    w._page_numbers(section, d)
    section.different_first_page_header_footer = True  # no number on the cover
    _docx_cover(doc, d)
    body = doc.add_section(WD_SECTION.NEW_PAGE)
    w._page_setup(body, d, landscape=False)
    body.different_first_page_header_footer = False
    w._numbering(body, 'w:fmt="decimal" w:start="1"')

    for index, chapter in enumerate(d["chapters"]):
        if index:
            w._page_break(doc)
        heading = doc.add_paragraph(style="Heading 1")
        heading.add_run(chapter["ref"]).add_break()
        heading.add_run(chapter["title"])
        for block in chapter["blocks"]:
            w._block(doc, block)
        lettered = [p for p in chapter["parts"] if p in d["headings"]]
        for part in chapter["parts"]:
            heading_text = ""
            if part in lettered:
                heading_text = f"{chr(ord('A') + lettered.index(part))}. {d['headings'][part]}"
            _docx_part(doc, d, part, heading_text)
        for block in chapter.get("closing", []):
            w._block(doc, block)
    doc.add_paragraph()
    sig = d["signature"]
    w._signature(
        doc,
        [sig["place_date"], sig["office"], "", "", "", sig["name"], sig["rank"], sig["nip"]],
        name_index=5,
    )
    if mark is not None:
        mark(doc)  # the verification seal's footers (verification.services.docx_marker)
    buffer = io.BytesIO()
    doc.save(buffer)
    return buffer.getvalue()


def chart_width_cm(
    svg: str, *, widest: float = CHART_WIDTH_CM, tallest: float = CHART_MAX_HEIGHT_CM
) -> float:
    """The printed width of a chart: the text width, narrower when that would make it taller than
    ``tallest`` (a city of forty units has forty bars)."""
    found = re.search(r'width="(\d+(?:\.\d+)?)" height="(\d+(?:\.\d+)?)"', svg)
    if not found:
        return widest
    width, height = float(found[1]), float(found[2])
    return round(min(widest, tallest * width / height), 2) if height else widest


def chart_pngs(svgs: dict[str, str]) -> dict[str, bytes]:
    """The charts as PNG for Word (which shows SVG only from 2016 on): Typst draws them in a child
    process, pdfium rasterises them. Without them the DOCX still has each chart's table."""
    import pypdfium2 as pdfium

    from petajalan.reports.pdf_render import PdfError, compile_pdf

    parts = [part for part, svg in svgs.items() if svg]
    if not parts:
        return {}
    width = CHART_WIDTH_CM / 2.54 * 72
    try:
        pdf = compile_pdf(CHART_TEMPLATE, json.dumps({"svgs": [svgs[p] for p in parts], "width": width}))
    except PdfError:
        logger.exception("charts for the DOCX could not be drawn")
        return {}
    document = pdfium.PdfDocument(pdf)
    images = {}
    try:
        for index, part in enumerate(parts):
            bitmap = document[index].render(scale=CHART_DPI / 72)
            buffer = io.BytesIO()
            bitmap.to_pil().save(buffer, format="PNG", optimize=True)
            images[part] = buffer.getvalue()
    finally:
        document.close()
    return images


def _docx_cover(doc: Any, d: dict[str, Any]) -> None:
    from petajalan.reports import docx_render as w

    for _blank in range(4):
        doc.add_paragraph()
    for line in d["title_lines"]:
        w._centered(doc, line, bold=True, size=16)
    doc.add_paragraph()
    doc.add_paragraph()
    if d["holder"]:
        w._centered(doc, d["holder"], bold=True, size=14)
    w._centered(doc, d["government"], bold=True, size=14)
    if d["period"]:
        w._centered(doc, f"{d['text']['period']} {d['period']}", size=12)


def _docx_heading(doc: Any, text: str) -> None:
    if text:
        doc.add_paragraph(style="Heading 2").add_run(text)


def _docx_part(doc: Any, d: dict[str, Any], part: str, heading: str) -> None:
    from docx.shared import Cm

    from petajalan.reports import docx_render as w

    caps = d["captions"][part]
    if part != "actions":
        _docx_heading(doc, heading)
    if part in ("focus", "units"):
        table = d[part]
        w._caption(doc, d, caps[0])
        if table["rows"]:
            w._grid(doc, d, table["headers"], table["widths"], table["rows"], landscape=False)
        else:
            w._para(doc, d["text"]["none"])
        image = d.get("chart_png", {}).get(part)
        if image:
            w._caption(doc, {**d, "text": {**d["text"], "table": d["text"]["figure"]}}, caps[1])
            paragraph = doc.add_paragraph()
            paragraph.paragraph_format.keep_together = True
            width = chart_width_cm(d[part]["svg"])
            paragraph.alignment = 1  # centred
            paragraph.add_run().add_picture(io.BytesIO(image), width=Cm(width))
            w._para(doc, d["text"]["chart_note"], size=9)
    elif part == "actions":
        w._landscape(doc, d)  # the heading opens the landscape pages, not the foot of the last page
        _docx_heading(doc, heading)
        tables = d["actions"]["tables"]
        for table, caption in zip(tables, caps, strict=True):
            w._caption(doc, d, caption)
            w._grid(doc, d, d["actions"]["headers"], d["actions"]["widths"], table["rows"], landscape=True)
        if not tables:
            w._para(doc, d["text"]["none"])
        w._portrait(doc, d)
    elif part == "quick_wins":
        w._caption(doc, d, caps[0])
        q = d["quick_wins"]
        if q["rows"]:
            w._grid(doc, d, q["headers"], q["widths"], q["rows"], landscape=False)
        else:
            w._para(doc, d["text"]["no_quick_wins"])
    elif part == "issues":
        issues = d["issues"]
        w._caption(doc, d, caps[0])
        if issues["rows"]:
            w._grid(doc, d, issues["headers"], issues["widths"], issues["rows"], landscape=False)
        else:
            w._para(doc, d["text"]["none"])


# -- the verification seal (docs/verification.md) ---------------------------------------------------


def frozen_quarter(data: QuarterData) -> dict[str, Any]:
    """The quarter as the seal hashes it: every figure, row and name the document prints, without
    the day it was printed (the city's signature date is that day too)."""
    frozen = verification.jsonable(data)
    frozen.pop("printed_on", None)
    if data.scope == "city":
        frozen["signer"].pop("signed_on", None)
    return frozen


def quarter_seal(data: QuarterData) -> Seal | None:
    """A unit's verified report, or a city quarter whose reports are all verified; else None."""
    if not verification.quarter_is_sealed(data.status, data.reports, data.verified_reports):
        return None
    return verification.quarter_seal(
        government_slug=data.government_slug,
        report_uuid=data.report_uuid if data.scope == "unit" else "",
        year=data.year,
        quarter=data.quarter,
        title=f"{title_text(data)} – {data.holder}",
        frozen=frozen_quarter(data),
        signer=data.signer.name,
    )


# -- PDF --------------------------------------------------------------------------------------------


def render_pdf(data: QuarterData, paper: str = "F4") -> bytes:
    """The report as PDF bytes: Typst in a child process; the action tables drawn by ``pdf_table``
    onto the empty landscape pages Typst leaves for them (or typeset by Typst when it cannot)."""
    from petajalan.reports import pdf_render, pdf_table

    child = pdf_render._start(TEMPLATE, MATRIX_LABEL)
    try:
        d = document_data(data, paper)
        actions = d["actions"]
        layout = None
        if actions["tables"]:
            layout = pdf_table.layout_matrix(
                pdf_render.font_dirs(),
                d["paper"],
                d["margins"],
                d["font_size"],
                actions["headers"],
                actions["widths"],
                _drawn_tables(d),
            )
        if layout is not None:
            d["actions"] = {**actions, "tables": [], "pages": layout.page_count}
        assert child.stdin is not None
        child.stdin.write(json.dumps(d, ensure_ascii=False).encode("utf-8"))
        child.stdin.close()
        child.stdin = None
        streams = layout.content_streams() if layout is not None else []
    except BaseException:
        child.kill()
        child.wait()
        raise
    head, _newline, pdf = pdf_render._finish(child, None).partition(b"\n")
    if layout is None:
        return pdf
    located = json.loads(head)
    if not located:
        raise pdf_render.PdfError("the template did not mark the first action-table page")
    try:
        return pdf_table.stamp(pdf, int(located[0]["value"]) - 1, layout, streams)
    except pdf_table.StampError as exc:
        raise pdf_render.PdfError(str(exc)) from exc


def _drawn_tables(d: dict[str, Any]) -> list[tuple[str, list[list[str]]]]:
    """The action tables as ``pdf_table`` takes them; the part's heading ("C. Realisasi Rencana
    Aksi") goes above the first caption, on the first of the pages it draws."""
    tables = d["actions"]["tables"]
    captions = [c["text"] for c in d["captions"]["actions"]]
    chapter = next(c for c in d["chapters"] if "actions" in c["parts"])
    lettered = [p for p in chapter["parts"] if p in d["headings"]]
    heading = f"{chr(ord('A') + lettered.index('actions'))}. {d['headings']['actions']}"
    captions[0] = f"{heading}\n{captions[0]}"
    return [(caption, t["rows"]) for caption, t in zip(captions, tables, strict=True)]


# -- the engine the monitoring app asks for (registered in ReportsConfig.ready) ---------------------


class MonitoringEngine:
    """Renders and reads the monitoring documents for ``petajalan.monitoring`` (which cannot import
    the reports app: it sits below it)."""

    def render_document(self, data: QuarterData, fmt: str) -> bytes:
        seal = quarter_seal(data)
        content = render_pdf(data) if fmt == "pdf" else render_docx(data, mark=verification.docx_marker(seal))
        if seal is not None:
            content = verification.seal_document(seal=seal, fmt=fmt, content=content, marked=fmt == "docx")
        return content

    def write_workbook(self, data: QuarterData) -> bytes:
        from petajalan.reports.monitoring_xlsx import write_workbook

        return write_workbook(data)

    def write_portal(self, sheet: PortalSheet) -> bytes:
        from petajalan.reports.monitoring_xlsx import write_portal

        return write_portal(sheet)

    def read_workbook(self, content: bytes) -> WorkbookRead:
        from petajalan.reports.monitoring_xlsx import read_workbook

        return read_workbook(content)
