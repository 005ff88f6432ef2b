"""What an uploaded file really is, decided from its bytes before anything is stored.

``inspect_upload`` hashes the upload in chunks, recognises the type from magic bytes (office files
from the members inside the ZIP), opens it with the parser of that type (pypdfium2, Pillow, a
bounded inflate for ZIPs, a strict decoder for CSV) and returns an ``Inspected``, or raises
``UploadRefused`` with an Indonesian message. No models, no storage: see
docs/decisions/0061-evidence-upload-inspection.md.
"""

from __future__ import annotations

import codecs
import csv
import hashlib
import io
import logging
import re
import struct
import threading
import unicodedata
import zipfile
import zlib
from collections import Counter
from dataclasses import dataclass
from itertools import islice
from typing import BinaryIO

from django.db import models
from django.utils.text import slugify
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from petajalan.lib.formatting import angka, printable

logger = logging.getLogger(__name__)

MAX_TEXT_CHARS = 200_000
MAX_DISPLAY_NAME = 200
MAX_STORAGE_NAME = 80
# ZIP-based office files: limits no real document reaches and every zip bomb does.
MAX_ZIP_MEMBERS = 10_000
MAX_ZIP_UNCOMPRESSED_BYTES = 200 * 1024 * 1024
MAX_ZIP_RATIO = 100  # whole archive: content ÷ file size
ZIP_RATIO_FLOOR = 10 * 1024 * 1024  # below this much content a high ratio harms nobody
# Decoded pixels. A JPEG is decoded at 1/8 scale (draft) to check it, so it may be larger;
# PNG and WebP are decoded in full (4 bytes a pixel: 40 MP is 160 MB at most).
MAX_JPEG_PIXELS = 80_000_000
MAX_LOSSLESS_PIXELS = 40_000_000

_CHUNK = 1024 * 1024
_HEAD = 4096
_INFLATE_STEP = 64 * 1024
_OVERRUN_SLACK = 1024 * 1024

# PDFium is not thread-safe, not even across documents: every call into it holds this lock.
PDFIUM_LOCK = threading.RLock()


class FileKind(models.TextChoices):
    PDF = "pdf", gettext_lazy("PDF")
    JPEG = "jpeg", gettext_lazy("Gambar JPEG")
    PNG = "png", gettext_lazy("Gambar PNG")
    WEBP = "webp", gettext_lazy("Gambar WebP")
    DOCX = "docx", gettext_lazy("Dokumen Word (DOCX)")
    XLSX = "xlsx", gettext_lazy("Lembar kerja Excel (XLSX)")
    PPTX = "pptx", gettext_lazy("Presentasi PowerPoint (PPTX)")
    ODT = "odt", gettext_lazy("Dokumen OpenDocument (ODT)")
    ODS = "ods", gettext_lazy("Lembar kerja OpenDocument (ODS)")
    CSV = "csv", gettext_lazy("Tabel CSV")


CONTENT_TYPES: dict[str, str] = {
    FileKind.PDF: "application/pdf",
    FileKind.JPEG: "image/jpeg",
    FileKind.PNG: "image/png",
    FileKind.WEBP: "image/webp",
    FileKind.DOCX: "application/vnd.openxmlformats-officedocument.wordprocessingml.document",
    FileKind.XLSX: "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet",
    FileKind.PPTX: "application/vnd.openxmlformats-officedocument.presentationml.presentation",
    FileKind.ODT: "application/vnd.oasis.opendocument.text",
    FileKind.ODS: "application/vnd.oasis.opendocument.spreadsheet",
    FileKind.CSV: "text/csv",
}
# The first extension is the canonical one; the others are kept when a name already has them.
EXTENSIONS: dict[str, tuple[str, ...]] = {
    FileKind.PDF: (".pdf",),
    FileKind.JPEG: (".jpg", ".jpeg", ".jpe", ".jfif"),
    FileKind.PNG: (".png",),
    FileKind.WEBP: (".webp",),
    FileKind.DOCX: (".docx",),
    FileKind.XLSX: (".xlsx",),
    FileKind.PPTX: (".pptx",),
    FileKind.ODT: (".odt",),
    FileKind.ODS: (".ods",),
    FileKind.CSV: (".csv",),
}
# Suffixes that are file types: replaced by the real one. Any other suffix ("No. 12.2024") stays.
_OTHER_SUFFIXES = """
doc docm dot dotx xls xlsm xlt xltx ppt pptm pot potx odp odg rtf txt tsv text
exe msi bat cmd com scr pif ps1 sh bash js mjs vbs vbe wsf jar apk dll so bin
html htm xhtml shtml svg svgz xml php asp aspx json
zip rar 7z gz tgz tar bz2 xz iso img dmg gif bmp tif tiff heic heif avif ico
mp4 mov avi mkv mp3 wav m4a ogg
"""
_KNOWN_SUFFIXES = {ext[1:] for exts in EXTENSIONS.values() for ext in exts} | set(_OTHER_SUFFIXES.split())
PIL_FORMATS: dict[str, str] = {FileKind.JPEG: "JPEG", FileKind.PNG: "PNG", FileKind.WEBP: "WEBP"}
PIXEL_LIMITS: dict[str, int] = {
    FileKind.JPEG: MAX_JPEG_PIXELS,
    FileKind.PNG: MAX_LOSSLESS_PIXELS,
    FileKind.WEBP: MAX_LOSSLESS_PIXELS,
}
_ODF_KINDS = {
    b"application/vnd.oasis.opendocument.text": FileKind.ODT,
    b"application/vnd.oasis.opendocument.spreadsheet": FileKind.ODS,
}
_OOXML_PARTS = (
    ("word/document.xml", FileKind.DOCX),
    ("xl/workbook.xml", FileKind.XLSX),
    ("ppt/presentation.xml", FileKind.PPTX),
)
# control characters no text file holds (tab, line feed and carriage return are fine)
_BINARY_TEXT = re.compile("[\x00-\x08\x0b\x0c\x0e-\x1f\x7f]")
_SEPARATORS = (",", ";", "\t", "|")
_SUFFIX = re.compile(r"[A-Za-z0-9]{1,10}")


@dataclass(frozen=True)
class Inspected:
    """An upload that passed: its kind by content, cleaned names, size, hash and text layer."""

    kind: str
    content_type: str
    extension: str
    display_name: str
    storage_name: str
    size: int
    sha256: str
    text: str
    pages: int | None


class UploadRefused(ValueError):
    """A file that must not be stored: ``message`` says why in Indonesian, ``code`` is for code."""

    def __init__(self, message: str, code: str) -> None:
        super().__init__(message)
        self.message = message
        self.code = code


# Names ------------------------------------------------------------------------------------------


def _split_suffix(name: str) -> tuple[str, str]:
    """("laporan", ".PDF") for "laporan.PDF"; ("v1.2x", "") when what follows the dot is no suffix."""
    stem, dot, suffix = name.rpartition(".")
    if not dot or not stem or not _SUFFIX.fullmatch(suffix):
        return name, ""
    return stem, "." + suffix


def _fit(stem: str, suffix: str, limit: int) -> str:
    return stem[: max(limit - len(suffix), 1)].rstrip(" .") + suffix


def clean_display_name(name: str) -> str:
    """``name`` fit to show: last path part only, no control, format or bidi characters (which can
    make "gpj.exe" read as "exe.jpg"), NFC, single spaces, at most 200 characters, never empty."""
    kept = []
    for char in name or "":
        if char.isspace():
            kept.append(" ")
        elif unicodedata.category(char) not in ("Cc", "Cf", "Cs"):  # Cf holds every bidi mark
            kept.append(char)
    text = unicodedata.normalize("NFC", "".join(kept))
    parts = [part for part in re.split(r"[/\\]", text) if part.strip(" .")]
    text = " ".join(parts[-1].split()).strip(" .") if parts else ""
    if len(text) > MAX_DISPLAY_NAME:
        text = _fit(*_split_suffix(text), MAX_DISPLAY_NAME)
    return text or "berkas"


def _display_name(name: str, kind: str) -> str:
    """The cleaned name ending in an extension of ``kind``: a wrong type suffix is replaced, an
    unknown one kept and the canonical extension appended."""
    text = clean_display_name(name)
    stem, suffix = _split_suffix(text)
    if suffix.lower() in EXTENSIONS[kind]:
        return text
    if suffix.lower().lstrip(".") in _KNOWN_SUFFIXES:
        text = stem
    return _fit(text, EXTENSIONS[kind][0], MAX_DISPLAY_NAME)


def _storage_name(display_name: str, kind: str) -> str:
    extension = EXTENSIONS[kind][0]
    slug = slugify(_split_suffix(display_name)[0].replace(".", " "))
    slug = slug[: MAX_STORAGE_NAME - len(extension)].strip("-_")
    return (slug or "berkas") + extension


def _claimed_kind(name: str) -> str | None:
    suffix = _split_suffix(clean_display_name(name))[1].lower()
    return next((kind for kind, exts in EXTENSIONS.items() if suffix in exts), None)


# Messages ---------------------------------------------------------------------------------------


def _accepted_kinds() -> str:
    return _("Unggah PDF, gambar (JPEG, PNG, WebP), dokumen kantor (DOCX, XLSX, PPTX, ODT, ODS), atau CSV.")


def _in_sentence(label: str) -> str:
    """ "Gambar JPEG" → "gambar JPEG" inside a sentence; "PDF" stays."""
    return label[0].lower() + label[1:] if label[1:2].islower() else label


def _size_text(limit: int) -> str:
    if limit >= 1024 * 1024:
        megabytes = limit / (1024 * 1024)
        return f"{angka(megabytes, 0 if megabytes.is_integer() else 1)} MB"
    return f"{angka(limit / 1024, 0 if limit % 1024 == 0 else 1)} KB"


def _wrong_type(shown: str, claimed: str | None, looks_like: str | None, hint: str | None) -> UploadRefused:
    values = {"name": shown, "what": looks_like, "claimed": ""}
    if claimed:
        values["claimed"] = _in_sentence(str(FileKind(claimed).label))
        if looks_like:
            first = _("Berkas «%(name)s» bukan %(claimed)s yang sah: isinya %(what)s.") % values
        else:
            first = _("Berkas «%(name)s» bukan %(claimed)s yang sah: jenis isinya tidak dikenali.") % values
    elif looks_like:
        first = _("Berkas «%(name)s» tidak dapat diterima: isinya %(what)s.") % values
    else:
        first = _("Jenis berkas «%(name)s» tidak dikenali.") % values
    return UploadRefused(f"{first} {hint or _accepted_kinds()}", "unknown_type")


def _parser_failed(exc: Exception, message: str, code: str) -> UploadRefused:
    # Parsers raise many exception classes on damaged input; each one means "refuse", never a 500.
    logger.info("upload refused (%s): %s: %s", code, type(exc).__name__, exc)
    return UploadRefused(message, code)


# Recognising content ----------------------------------------------------------------------------


def _accepted_magic(head: bytes) -> str | None:
    """The kind (or "zip") the first bytes announce, before any parser confirms it."""
    if head.startswith(b"%PDF-"):
        return FileKind.PDF
    if head.startswith(b"\xff\xd8\xff"):
        return FileKind.JPEG
    if head.startswith(b"\x89PNG\r\n\x1a\n"):
        return FileKind.PNG
    if head[:4] == b"RIFF" and head[8:12] == b"WEBP":
        return FileKind.WEBP
    if head.startswith(b"PK\x03\x04"):
        return "zip"
    return None


def _looks_like(head: bytes) -> tuple[str, str | None] | None:
    """(what refused content appears to be, a hint replacing the generic one), if recognisable."""
    if head.startswith(b"MZ") and b"\0" in head[:64]:  # a DOS/PE header, not text that starts "MZ"
        return _("berkas program Windows (EXE)"), None
    if head.startswith(b"\x7fELF"):
        return _("berkas program Linux (ELF)"), None
    if head[:4] in (b"\xcf\xfa\xed\xfe", b"\xce\xfa\xed\xfe", b"\xfe\xed\xfa\xcf", b"\xca\xfe\xba\xbe"):
        return _("berkas program (macOS atau Java)"), None
    if head.startswith(b"#!"):
        return _("skrip program"), None
    if head.startswith(b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1"):
        return _("dokumen Office lama (DOC, XLS, atau PPT) atau dokumen berkata sandi"), _(
            "Buka di aplikasinya, simpan sebagai DOCX, XLSX, atau PPTX tanpa kata sandi, lalu unggah lagi."
        )
    if head.startswith((b"PK\x05\x06", b"PK\x07\x08")):
        return _("arsip ZIP"), None
    if head.startswith(b"Rar!\x1a\x07"):
        return _("arsip RAR"), None
    if head.startswith(b"7z\xbc\xaf\x27\x1c"):
        return _("arsip 7-Zip"), None
    if head.startswith(b"\x1f\x8b"):
        return _("arsip GZIP"), None
    if head.startswith((b"GIF87a", b"GIF89a")):
        return _("gambar GIF"), _("Simpan sebagai PNG atau JPEG, lalu unggah lagi.")
    if head.startswith(b"BM") and head[6:10] == b"\0\0\0\0":
        return _("gambar BMP"), _("Simpan sebagai PNG atau JPEG, lalu unggah lagi.")
    if head.startswith((b"II*\0", b"MM\0*")):
        return _("gambar TIFF"), _("Simpan sebagai PDF, PNG, atau JPEG, lalu unggah lagi.")
    if head[4:8] == b"ftyp":
        if head[8:12] in (b"heic", b"heix", b"heim", b"heis", b"hevc", b"mif1", b"msf1", b"avif"):
            hint = _("Ubah foto ke JPEG (misalnya lewat menu bagikan), lalu unggah lagi.")
            return _("foto HEIC/AVIF"), hint
        return _("video"), None
    if head[:4] == b"RIFF":
        return _("berkas audio atau video"), None
    markup = head.lstrip(b"\xef\xbb\xbf \t\r\n").lower()
    if b"<svg" in markup[:2048]:
        return _("gambar SVG (dapat memuat skrip)"), _("Simpan sebagai PNG atau PDF, lalu unggah lagi.")
    if re.match(rb"<(!doctype html|html|head|body|script|iframe)", markup) or re.search(
        rb"<(html|script|iframe)[\s>]", markup
    ):
        return _("halaman web (HTML)"), _("Simpan halaman sebagai PDF, lalu unggah lagi.")
    if re.match(rb"<[a-z!?]", markup):
        return _("berkas XML atau HTML"), None
    return None


# PDF --------------------------------------------------------------------------------------------


def _read_pdf(data: bytes, shown: str) -> tuple[str, int]:
    """(text layer, page count) of a PDF that PDFium opens, page by page until the text cap."""
    unreadable = _(
        "Berkas «%(name)s» tidak dapat dibuka sebagai PDF: berkasnya rusak atau terpotong. "
        "Simpan ulang dari aplikasi asalnya (atau pindai ulang), lalu unggah lagi."
    ) % {"name": shown}
    import pypdfium2 as pdfium  # imported where used: start-up stays light (decision 0056)
    import pypdfium2.raw as pdfium_c

    parts: list[str] = []
    length = 0
    with PDFIUM_LOCK:
        try:
            document = pdfium.PdfDocument(data)
        except pdfium.PdfiumError as exc:
            if getattr(exc, "err_code", None) == pdfium_c.FPDF_ERR_PASSWORD:
                message = _(
                    "Berkas «%(name)s» tidak dapat dibuka: PDF ini dilindungi kata sandi. "
                    "Simpan salinan tanpa kata sandi, lalu unggah lagi."
                ) % {"name": shown}
                raise _parser_failed(exc, message, "pdf_unreadable") from exc
            raise _parser_failed(exc, unreadable, "pdf_unreadable") from exc
        try:
            pages = len(document)
            if pages < 1:
                message = _("Berkas «%(name)s» tidak dapat dibuka: PDF ini tidak berisi halaman.")
                raise UploadRefused(message % {"name": shown}, "pdf_unreadable")
            for index in range(pages):
                if length >= MAX_TEXT_CHARS:
                    break
                page = document[index]
                try:
                    textpage = page.get_textpage()
                    try:
                        part = textpage.get_text_range()
                    finally:
                        textpage.close()
                finally:
                    page.close()
                part = printable(part.replace("\r\n", "\n").replace("\r", "\n")).strip()
                if part:
                    parts.append(part)
                    length += len(part) + 2
        except UploadRefused:
            raise
        except Exception as exc:
            raise _parser_failed(exc, unreadable, "pdf_unreadable") from exc
        finally:
            document.close()
    return "\n\n".join(parts)[:MAX_TEXT_CHARS], pages


# Images -----------------------------------------------------------------------------------------


def _too_many_pixels(shown: str, limit: int, size: tuple[int, int] | None) -> UploadRefused:
    values = {"name": shown, "limit": angka(limit // 1_000_000)}
    if size:
        values["size"] = f"{angka(size[0])} × {angka(size[1])}"
        message = _(
            "Berkas «%(name)s» terlalu besar untuk gambar: %(size)s piksel; batasnya %(limit)s juta "
            "piksel. Perkecil ukuran gambarnya, lalu unggah lagi."
        )
    else:
        message = _(
            "Berkas «%(name)s» terlalu besar untuk gambar: lebih dari %(limit)s juta piksel. "
            "Perkecil ukuran gambarnya, lalu unggah lagi."
        )
    return UploadRefused(message % values, "image_too_large")


def _check_image(fileobj: BinaryIO, kind: str, shown: str) -> None:
    """Open, verify and decode the image, refusing pixel bombs before decoding."""
    from PIL import Image

    formats = [PIL_FORMATS[kind]]
    limit = PIXEL_LIMITS[kind]
    label = _in_sentence(str(FileKind(kind).label))
    try:
        fileobj.seek(0)
        with Image.open(fileobj, formats=formats) as image:
            width, height = image.size
            if width * height > limit:
                raise _too_many_pixels(shown, limit, (width, height))
            image.verify()
        fileobj.seek(0)
        with Image.open(fileobj, formats=formats) as image:
            if kind == FileKind.JPEG:  # decode every block, at 1/8 of the memory
                image.draft(None, (max(width // 8, 1), max(height // 8, 1)))
            image.load()
    except UploadRefused:
        raise
    except Image.DecompressionBombError as exc:
        raise _too_many_pixels(shown, limit, None) from exc
    except Exception as exc:
        message = _(
            "Berkas «%(name)s» tidak dapat dibuka sebagai %(label)s: berkasnya rusak atau terpotong. "
            "Simpan ulang gambarnya, lalu unggah lagi."
        ) % {"name": shown, "label": label}
        raise _parser_failed(exc, message, "image_unreadable") from exc


# Office files (ZIP) -----------------------------------------------------------------------------


def _zip_bomb(shown: str, lying: bool = False) -> UploadRefused:
    if lying:
        message = _(
            "Berkas «%(name)s» ditolak: ukuran isi yang tercatat di dalam arsipnya tidak benar "
            "(ciri bom zip). Simpan ulang dokumen dari aplikasi kantor, lalu unggah lagi."
        )
    else:
        message = _(
            "Berkas «%(name)s» ditolak: isinya mengembang jauh melebihi ukuran berkasnya (bom zip). "
            "Simpan ulang dokumen dari aplikasi kantor, lalu unggah lagi."
        )
    return UploadRefused(message % {"name": shown}, "zip_bomb")


def _check_declared(members: list[zipfile.ZipInfo], size: int, shown: str) -> None:
    """Refuse on the central directory alone: too many members, too much content, too high a ratio."""
    declared = sum(member.file_size for member in members)
    if (
        len(members) > MAX_ZIP_MEMBERS
        or declared > MAX_ZIP_UNCOMPRESSED_BYTES
        or (declared > ZIP_RATIO_FLOOR and declared > MAX_ZIP_RATIO * size)
    ):
        raise _zip_bomb(shown)


def _office_kind(archive: zipfile.ZipFile, names: set[str]) -> tuple[str | None, str]:
    """(kind, what it looked like) from the members: OOXML by its main part, ODF by ``mimetype``."""
    for part, kind in _OOXML_PARTS:
        if part in names:
            return kind, ""
    if "mimetype" in names:
        with archive.open("mimetype") as member:
            mimetype = member.read(100).strip()
        if mimetype in _ODF_KINDS:
            return _ODF_KINDS[mimetype], ""
        if mimetype.startswith(b"application/vnd.oasis.opendocument."):
            return None, _("dokumen OpenDocument jenis lain (misalnya presentasi ODP)")
    return None, _("arsip ZIP")


def _inflated_size(fileobj: BinaryIO, member: zipfile.ZipInfo, budget: int) -> tuple[int, int]:
    """(bytes the member really inflates to, their CRC-32), counted without keeping them.

    Reads the raw data itself rather than through ``zipfile``, which stops at the declared size
    and so cannot see a header that understates it. Counting stops once past ``budget``."""
    fileobj.seek(member.header_offset)
    local = fileobj.read(30)
    if len(local) < 30 or local[:4] != b"PK\x03\x04":
        raise zipfile.BadZipFile("local header missing")
    name_length, extra_length = struct.unpack("<HH", local[26:30])
    fileobj.seek(member.header_offset + 30 + name_length + extra_length)
    if member.compress_type == zipfile.ZIP_STORED:
        data_crc = 0
        left = member.compress_size
        while left > 0:
            chunk = fileobj.read(min(_CHUNK, left))
            if not chunk:
                raise EOFError("stored member truncated")
            left -= len(chunk)
            data_crc = zlib.crc32(chunk, data_crc)
        return member.compress_size, data_crc
    if member.compress_type != zipfile.ZIP_DEFLATED:
        raise NotImplementedError(f"compression method {member.compress_type}")
    inflater = zlib.decompressobj(-zlib.MAX_WBITS)
    total = data_crc = 0
    left = member.compress_size
    while left > 0 and not inflater.eof:
        chunk = fileobj.read(min(_CHUNK, left))
        if not chunk:
            raise EOFError("deflated member truncated")
        left -= len(chunk)
        pending = chunk
        while pending and not inflater.eof:
            out = inflater.decompress(pending, _INFLATE_STEP)
            total += len(out)
            data_crc = zlib.crc32(out, data_crc)
            if total > budget:
                return total, data_crc
            pending = inflater.unconsumed_tail
    if not inflater.eof:
        raise EOFError("deflate stream does not end")
    return total, data_crc


def _read_office(fileobj: BinaryIO, size: int, shown: str, claimed: str | None) -> str:
    """The office kind of a ZIP upload, after the zip-bomb checks on declared and actual sizes."""
    damaged = _(
        "Berkas «%(name)s» rusak dan tidak dapat dibuka sebagai dokumen kantor. "
        "Simpan ulang dari Word, Excel, PowerPoint, atau LibreOffice, lalu unggah lagi."
    ) % {"name": shown}
    try:
        fileobj.seek(0)
        with zipfile.ZipFile(fileobj) as archive:
            members = archive.infolist()
            _check_declared(members, size, shown)
            names = {member.filename for member in members}
            kind, looks_like = _office_kind(archive, names)
        if kind is None:
            raise _wrong_type(shown, claimed, looks_like, None)
        if len(names) != len(members) or any(member.flag_bits & 0x1 for member in members):
            raise UploadRefused(damaged, "office_invalid")  # duplicate parts, or encrypted ones
        if any(name.lower().endswith("vbaproject.bin") for name in names):
            message = _(
                "Berkas «%(name)s» berisi makro (kode program) dan tidak diterima. "
                "Simpan sebagai dokumen tanpa makro (DOCX, XLSX, atau PPTX), lalu unggah lagi."
            )
            raise UploadRefused(message % {"name": shown}, "office_macro")
        total = 0
        for member in members:
            # a small overrun is damage; a large one is a header hiding how big the part is
            budget = min(member.file_size + _OVERRUN_SLACK, MAX_ZIP_UNCOMPRESSED_BYTES - total)
            actual, actual_crc = _inflated_size(fileobj, member, budget)
            if actual > budget:
                raise _zip_bomb(shown, lying=actual > member.file_size)
            if actual != member.file_size or actual_crc != member.CRC:
                raise UploadRefused(damaged, "office_invalid")
            total += actual
    except UploadRefused:
        raise
    except Exception as exc:
        raise _parser_failed(exc, damaged, "office_invalid") from exc
    return kind


# CSV --------------------------------------------------------------------------------------------


def _decode_text(fileobj: BinaryIO) -> str | None:
    """The first ``MAX_TEXT_CHARS`` of the file as text (UTF-8, with or without BOM, else
    Windows-1252 as Excel saves it), or None when it is not text; decoded in chunks."""
    for encoding in ("utf-8-sig", "cp1252"):
        fileobj.seek(0)
        decoder = codecs.getincrementaldecoder(encoding)()
        kept: list[str] = []
        length = 0
        try:
            while chunk := fileobj.read(_CHUNK):
                text = decoder.decode(chunk)
                if _BINARY_TEXT.search(text):
                    return None
                if length < MAX_TEXT_CHARS:
                    kept.append(text[: MAX_TEXT_CHARS - length])
                    length += len(kept[-1])
            decoder.decode(b"", final=True)
        except UnicodeDecodeError:
            continue
        return "".join(kept)
    return None


def _has_consistent_separator(text: str) -> bool:
    """Whether, for one separator, nine rows in ten of the first 200 have the same 2+ fields."""
    sample = text[:65536]
    if len(text) > len(sample) and "\n" in sample:
        sample = sample[: sample.rindex("\n")]
    for separator in _SEPARATORS:
        try:
            rows = [
                row
                for row in islice(csv.reader(io.StringIO(sample), delimiter=separator), 200)
                if any(cell.strip() for cell in row)
            ]
        except csv.Error:
            continue
        if not rows:
            continue
        width, count = Counter(len(row) for row in rows).most_common(1)[0]
        if width >= 2 and count >= 0.9 * len(rows):
            return True
    return False


def _read_csv(fileobj: BinaryIO, shown: str, claimed: str | None) -> str:
    text = _decode_text(fileobj)
    if text is None:
        raise _wrong_type(shown, claimed, None, None)
    if not _has_consistent_separator(text):
        values = {"name": shown}
        if claimed == FileKind.CSV:
            message = _(
                "Berkas «%(name)s» bukan tabel CSV yang sah: baris-barisnya tidak dipisah koma, titik "
                "koma, atau tab secara konsisten. Simpan ulang dari Excel sebagai CSV, lalu unggah lagi."
            )
        else:
            message = _(
                "Berkas «%(name)s» berisi teks biasa, bukan tabel CSV. Simpan sebagai PDF, lalu unggah lagi."
            )
        raise UploadRefused(message % values, "csv_invalid")
    return text


# The entry point --------------------------------------------------------------------------------


def _hash_and_measure(fileobj: BinaryIO, shown: str, max_bytes: int) -> tuple[int, str, bytes]:
    """(size, SHA-256, first bytes), read in chunks; refused as soon as it passes ``max_bytes``."""
    digest = hashlib.sha256()
    size = 0
    head = b""
    fileobj.seek(0)
    while chunk := fileobj.read(_CHUNK):
        size += len(chunk)
        if size > max_bytes:
            message = _(
                "Berkas «%(name)s» terlalu besar: lebih dari %(limit)s. "
                "Perkecil atau pecah berkasnya, lalu unggah lagi."
            ) % {"name": shown, "limit": _size_text(max_bytes)}
            raise UploadRefused(message, "too_large")
        digest.update(chunk)
        if len(head) < _HEAD:
            head += chunk[: _HEAD - len(head)]
    if not size:
        message = _("Berkas «%(name)s» kosong (0 byte). Pilih berkas yang berisi data, lalu unggah lagi.")
        raise UploadRefused(message % {"name": shown}, "empty")
    return size, digest.hexdigest(), head


def inspect_upload(fileobj: BinaryIO, name: str, *, max_bytes: int) -> Inspected:
    """Decide what ``fileobj`` is from its content and check that its parser opens it; raise
    ``UploadRefused`` otherwise. Reads from the start and leaves the file at position 0."""
    shown = clean_display_name(name)
    claimed = _claimed_kind(name)
    try:
        size, sha256, head = _hash_and_measure(fileobj, shown, max_bytes)
        text, pages = "", None
        magic = _accepted_magic(head)
        if magic == FileKind.PDF:
            fileobj.seek(0)
            text, pages = _read_pdf(fileobj.read(max_bytes), shown)
            kind = magic
        elif magic in PIL_FORMATS:
            _check_image(fileobj, magic, shown)
            kind = magic
        elif magic == "zip":
            kind = _read_office(fileobj, size, shown, claimed)
        elif recognised := _looks_like(head):
            raise _wrong_type(shown, claimed, *recognised)
        else:
            text = _read_csv(fileobj, shown, claimed)
            kind = FileKind.CSV
    finally:
        fileobj.seek(0)
    display_name = _display_name(name, kind)
    return Inspected(
        kind=kind,
        content_type=CONTENT_TYPES[kind],
        extension=EXTENSIONS[kind][0],
        display_name=display_name,
        storage_name=_storage_name(display_name, kind),
        size=size,
        sha256=sha256,
        text=text,
        pages=pages,
    )
