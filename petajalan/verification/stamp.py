"""The verification mark in a document: a vector QR code and the line "Kode verifikasi K7QM-2XRD ·
<address>" in the bottom margin of every PDF page and in the footer of every DOCX section.

segno, pikepdf and python-docx are imported inside the functions (the site starts without them,
decision 0056). The PDF mark is one Form XObject drawn once and placed on every page: the QR is
drawn as filled rectangles (sharp at any zoom or print resolution), the text in Helvetica (a
standard PDF font: nothing to embed). See decision 0101 for the placement.
"""

from __future__ import annotations

import datetime as dt
import io
import re
from typing import Any

CM = 72 / 2.54
QR_CM = 1.8  # the symbol without its quiet zone
QR_LEFT_CM = 3.0  # the documents' left margin (layout.MARGINS_CM), portrait and landscape alike
QR_BOTTOM_CM = 0.45  # the 2.5 cm bottom margin: QR 0.45-2.25 cm, its quiet zone still under 2.5 cm
TEXT_GAP_CM = 0.4
TEXT_PT = 7
DOCX_QR_CM = 1.95  # the DOCX picture, its 2-module quiet zone included
FORM_NAME = "/PjVerifikasi"


class StampError(Exception):
    """The file could not be stamped (not a PDF or DOCX we made)."""


def line_text(code: str, url: str) -> str:
    return f"Kode verifikasi {code} · {url}"


def qr_modules(url: str) -> list[list[bool]]:
    """The QR symbol's dark modules, row by row from the top (no quiet zone)."""
    import segno

    qr = segno.make_qr(url, error="m", boost_error=False)
    return [[bool(v) for v in row] for row in qr.matrix]


def _qr_ops(modules: list[list[bool]], size_pt: float) -> bytes:
    """The QR as filled rectangles, one per horizontal run of dark modules."""
    n = len(modules)
    step = size_pt / n
    ops = ["0 g"]
    for r, row in enumerate(modules):
        y = (n - 1 - r) * step
        c = 0
        while c < n:
            if not row[c]:
                c += 1
                continue
            start = c
            while c < n and row[c]:
                c += 1
            # a hair wider than the run so neighbouring rows leave no white seams when rasterised
            ops.append(f"{start * step:.3f} {y:.3f} {(c - start) * step + 0.01:.3f} {step + 0.01:.3f} re")
    ops.append("f")
    return "\n".join(ops).encode("ascii")


def mark_stream(code: str, url: str) -> tuple[bytes, float, float]:
    """The mark's drawing (origin at the QR's bottom-left corner), its width and height in points."""
    size = QR_CM * CM
    text_x = size + TEXT_GAP_CM * CM
    text = line_text(code, url).encode("cp1252", "replace")
    escaped = text.replace(b"\\", b"\\\\").replace(b"(", b"\\(").replace(b")", b"\\)")
    ops = _qr_ops(qr_modules(url), size)
    ops += b"\nBT /F1 %d Tf 0 g %.3f %.3f Td (" % (TEXT_PT, text_x, 0.35 * CM) + escaped + b") Tj ET\n"
    # Helvetica is about 0.55 em a character on average; the bounding box only has to hold it
    width = text_x + len(text) * TEXT_PT * 0.62
    return ops, width, size


def _pdf_date(moment: dt.datetime) -> str:
    return moment.astimezone(dt.UTC).strftime("D:%Y%m%d%H%M%SZ")


XMP_DATES = re.compile(rb"(<xmp:(?:CreateDate|ModifyDate|MetadataDate)>)[^<]*(</xmp:)")
XMP_IDS = re.compile(rb"(<xmpMM:(?:InstanceID|DocumentID)>)[^<]*(</xmpMM:)")


def _fix_dates(pdf: Any, issued_at: dt.datetime, code: str) -> None:
    """The creation and modification dates set to the seal's issue time and the XMP document ids
    to the code's (Typst makes both from the time of compiling), so the same content and options
    always give the same bytes."""
    import base64
    import hashlib

    import pikepdf

    if "/Info" in pdf.trailer:
        info = pdf.trailer.Info
        for key in ("/CreationDate", "/ModDate"):
            if key in info:
                info[key] = pikepdf.String(_pdf_date(issued_at))
    metadata = pdf.Root.get("/Metadata")
    if isinstance(metadata, pikepdf.Stream):
        stamp = issued_at.astimezone(dt.UTC).strftime("%Y-%m-%dT%H:%M:%SZ").encode()
        data = metadata.read_bytes()
        ident = base64.b64encode(hashlib.sha256(code.encode()).digest()[:16])
        fixed = XMP_DATES.sub(lambda m: m.group(1) + stamp + m.group(2), data)
        fixed = XMP_IDS.sub(lambda m: m.group(1) + ident + m.group(2), fixed)
        if fixed != data:
            metadata.write(fixed)


def stamp_pdf(document: bytes, code: str, url: str, issued_at: dt.datetime | None = None) -> bytes:
    """``document`` with the mark in the bottom margin of every page (portrait and landscape);
    with ``issued_at``, its dates set to that moment and its file ID made from its content."""
    import pikepdf

    try:
        pdf = pikepdf.open(io.BytesIO(document))
    except pikepdf.PdfError as exc:
        raise StampError(str(exc)) from exc
    with pdf:
        ops, width, height = mark_stream(code, url)
        font = pikepdf.Dictionary(
            Type=pikepdf.Name.Font,
            Subtype=pikepdf.Name.Type1,
            BaseFont=pikepdf.Name.Helvetica,
            Encoding=pikepdf.Name.WinAnsiEncoding,
        )
        form = pikepdf.Stream(pdf, ops)
        form.Type = pikepdf.Name.XObject
        form.Subtype = pikepdf.Name.Form
        form.BBox = pikepdf.Array([0, 0, width, height])
        form.Resources = pikepdf.Dictionary(Font=pikepdf.Dictionary(F1=pdf.make_indirect(font)))
        form = pdf.make_indirect(form)
        save = pdf.make_indirect(pikepdf.Stream(pdf, b"q\n"))
        restore = pdf.make_indirect(pikepdf.Stream(pdf, b"\nQ\n"))
        placed: dict[tuple[float, float], pikepdf.Object] = {}
        shared: dict[tuple[int, int], pikepdf.Object] = {}
        for page in pdf.pages:
            box = [float(v) for v in page.mediabox]
            origin = (round(box[0] + QR_LEFT_CM * CM, 3), round(box[1] + QR_BOTTOM_CM * CM, 3))
            if origin not in placed:
                draw = b"q 1 0 0 1 %.3f %.3f cm %s Do Q\n" % (origin[0], origin[1], FORM_NAME.encode())
                placed[origin] = pdf.make_indirect(pikepdf.Stream(pdf, draw))
            page.obj.Resources = _with_form(pdf, page.obj.get("/Resources"), form, shared)
            old = page.obj.get("/Contents")
            parts = list(old) if isinstance(old, pikepdf.Array) else ([old] if old is not None else [])
            page.obj.Contents = pikepdf.Array([save, *parts, restore, placed[origin]])
        if issued_at is not None:
            _fix_dates(pdf, issued_at, code)
            if "/ID" in pdf.trailer:
                del pdf.trailer["/ID"]  # qpdf keeps an existing first id; Typst's is from the clock
        out = io.BytesIO()
        pdf.save(out, compress_streams=True, deterministic_id=issued_at is not None)
        return out.getvalue()


def _with_form(pdf: Any, resources: object, form: Any, shared: dict[tuple[int, int], Any]) -> Any:
    """The page's resources plus our form; resources shared between pages are copied once."""
    import pikepdf

    key = resources.objgen if isinstance(resources, pikepdf.Object) and resources.is_indirect else None
    if key is not None and key in shared:
        return shared[key]
    copy = _copy(resources)
    xobjects = _copy(copy.get("/XObject"))
    xobjects[pikepdf.Name(FORM_NAME)] = form
    copy.XObject = xobjects
    result = pdf.make_indirect(copy)
    if key is not None:
        shared[key] = result
    return result


def _copy(value: object) -> Any:
    import pikepdf

    if not isinstance(value, pikepdf.Dictionary):
        return pikepdf.Dictionary()
    return pikepdf.Dictionary({key: value[key] for key in value.keys()})  # noqa: SIM118 - not a dict


def qr_png(url: str, scale: int = 8, border: int = 2) -> bytes:
    """The QR as a black-and-white PNG with ``border`` modules of quiet zone (the DOCX footer)."""
    import segno

    out = io.BytesIO()
    segno.make_qr(url, error="m", boost_error=False).save(out, kind="png", scale=scale, border=border)
    return out.getvalue()


def stamp_docx(document: bytes, code: str, url: str, issued_at: dt.datetime | None = None) -> bytes:
    """``document`` opened, marked (``mark_docx``) and saved again; with ``issued_at``, dated
    (``dated_zip``). The renderers mark their document before their own save instead (cheaper:
    no second parse and serialisation of the body)."""
    import zipfile

    from docx import Document

    try:
        doc = Document(io.BytesIO(document))
    except (zipfile.BadZipFile, KeyError, ValueError) as exc:
        raise StampError(str(exc)) from exc
    mark_docx(doc, code, url)
    out = io.BytesIO()
    doc.save(out)
    return out.getvalue() if issued_at is None else dated_zip(out.getvalue(), issued_at)


def mark_docx(doc: Any, code: str, url: str) -> None:
    """Add the QR picture and the line under every section's footer content (the first-page and
    even-page footers too where used) of a python-docx ``Document``."""
    from docx.enum.text import WD_ALIGN_PARAGRAPH
    from docx.shared import Cm, Pt

    picture = qr_png(url)
    text = line_text(code, url)
    # the PNG carries a 2-module quiet zone (the page margin and the text gap give the rest): the
    # footer, 0.4 cm from the edge, then stays inside the 2.5 cm bottom margin
    size = Cm(DOCX_QR_CM)
    stamped: set[str] = set()  # footer types with a stamped definition in an earlier section
    for section in doc.sections:
        footers = [("default", section.footer)]
        if section.different_first_page_header_footer:
            footers.append(("first", section.first_page_footer))
        if doc.settings.odd_and_even_pages_header_footer:
            footers.append(("even", section.even_page_footer))
        if section.footer_distance is None or section.footer_distance > Cm(0.4):
            section.footer_distance = Cm(0.4)
        for kind, footer in footers:
            if footer.is_linked_to_previous and kind in stamped:
                continue  # shows the previous section's footer, already stamped
            stamped.add(kind)
            existing = footer.paragraphs
            blank = len(existing) == 1 and not existing[0].text and not existing[0].runs
            paragraph = existing[0] if blank else footer.add_paragraph()  # no empty line above
            paragraph.paragraph_format.space_before = Pt(0)
            paragraph.paragraph_format.space_after = Pt(0)
            paragraph.alignment = WD_ALIGN_PARAGRAPH.LEFT
            paragraph.add_run().add_picture(io.BytesIO(picture), width=size, height=size)
            run = paragraph.add_run("  " + text)
            run.font.size = Pt(TEXT_PT)
            run.font.name = "Arial"


def dated_zip(package: bytes, issued_at: dt.datetime) -> bytes:
    """The package with one fixed date on every part (zip stamps the time of saving): the date
    fields of each local header and central-directory entry patched in place, nothing recompressed."""
    import struct

    when = issued_at.astimezone(dt.UTC)
    dos_time = (when.hour << 11) | (when.minute << 5) | (when.second // 2)
    dos_date = ((max(when.year, 1980) - 1980) << 9) | (when.month << 5) | when.day
    stamp = struct.pack("<HH", dos_time, dos_date)
    data = bytearray(package)
    end = data.rfind(b"PK\x05\x06")
    if end < 0:
        raise StampError("not a zip package")
    count, offset = struct.unpack("<H4xI", data[end + 10 : end + 20])
    position = offset
    for _entry in range(count):
        if data[position : position + 4] != b"PK\x01\x02":
            raise StampError("unexpected zip central directory")
        data[position + 12 : position + 16] = stamp
        name, extra, comment = struct.unpack("<HHH", data[position + 28 : position + 34])
        (local,) = struct.unpack("<I", data[position + 42 : position + 46])
        if data[local : local + 4] != b"PK\x03\x04":
            raise StampError("unexpected zip local header")
        data[local + 10 : local + 14] = stamp
        position += 46 + name + extra + comment
    return bytes(data)
