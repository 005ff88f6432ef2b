"""Upload inspection and thumbnails: every accepted kind, every refused class. Fixtures are made here."""

from __future__ import annotations

import hashlib
import io
import struct
import zipfile
import zlib

import docx
import openpyxl
import pikepdf
import pytest
from django.core.files.uploadedfile import SimpleUploadedFile, TemporaryUploadedFile, UploadedFile
from PIL import Image

from petajalan.evidence.inspect import (
    MAX_ZIP_UNCOMPRESSED_BYTES,
    FileKind,
    Inspected,
    UploadRefused,
    clean_display_name,
    inspect_upload,
)
from petajalan.evidence.thumbnails import make_thumbnail

LIMIT = 20 * 1024 * 1024
MB = 1024 * 1024
BIDI = "\u200e\u200f\u202a\u202b\u202c\u202d\u202e\u2066\u2067\u2068\u2069\u061c"


# -- fixtures made in the test -----------------------------------------------------------------------


def pdf_bytes(
    text: str = "Surat Keputusan Tim Reformasi Birokrasi", *, size: tuple[int, int] = (595, 842)
) -> bytes:
    """A one-page PDF with a Helvetica text layer, xref offsets computed."""
    stream = b"BT /F1 18 Tf 72 %d Td (%s) Tj ET" % (size[1] - 100, text.encode("latin-1"))
    objects = [
        b"<< /Type /Catalog /Pages 2 0 R >>",
        b"<< /Type /Pages /Kids [3 0 R] /Count 1 >>",
        b"<< /Type /Page /Parent 2 0 R /MediaBox [0 0 %d %d] " % size
        + b"/Resources << /Font << /F1 4 0 R >> >> /Contents 5 0 R >>",
        b"<< /Type /Font /Subtype /Type1 /BaseFont /Helvetica >>",
        b"<< /Length %d >>\nstream\n%s\nendstream" % (len(stream), stream),
    ]
    out = bytearray(b"%PDF-1.4\n")
    offsets = []
    for number, body in enumerate(objects, start=1):
        offsets.append(len(out))
        out += b"%d 0 obj\n%s\nendobj\n" % (number, body)
    xref = len(out)
    out += b"xref\n0 %d\n0000000000 65535 f \n" % (len(objects) + 1)
    out += b"".join(b"%010d 00000 n \n" % offset for offset in offsets)
    out += b"trailer\n<< /Size %d /Root 1 0 R >>\nstartxref\n%d\n%%%%EOF\n" % (len(objects) + 1, xref)
    return bytes(out)


def image_bytes(fmt: str, size: tuple[int, int] = (640, 480), **save: object) -> bytes:
    image = Image.new("RGB", size, (11, 93, 85))
    image.paste((240, 200, 40), (0, 0, size[0] // 2, size[1] // 2))
    out = io.BytesIO()
    image.save(out, fmt, **save)
    return out.getvalue()


def docx_bytes() -> bytes:
    document = docx.Document()
    document.add_paragraph("Notulen rapat tim reformasi birokrasi")
    out = io.BytesIO()
    document.save(out)
    return out.getvalue()


def xlsx_bytes() -> bytes:
    workbook = openpyxl.Workbook()
    workbook.active.append(["Indikator", "Target"])
    workbook.active.append(["Indeks RB", 80])
    out = io.BytesIO()
    workbook.save(out)
    return out.getvalue()


def zip_bytes(members: dict[str, bytes]) -> bytes:
    out = io.BytesIO()
    with zipfile.ZipFile(out, "w", zipfile.ZIP_DEFLATED) as archive:
        for name, data in members.items():
            compress = zipfile.ZIP_STORED if name == "mimetype" else zipfile.ZIP_DEFLATED
            archive.writestr(name, data, compress_type=compress)
    return out.getvalue()


def pptx_bytes() -> bytes:
    return zip_bytes(
        {
            "[Content_Types].xml": b'<?xml version="1.0"?><Types xmlns="urn:x"/>',
            "ppt/presentation.xml": b'<?xml version="1.0"?><p:presentation xmlns:p="urn:p"/>',
        }
    )


def odf_bytes(mimetype: str) -> bytes:
    return zip_bytes(
        {
            "mimetype": mimetype.encode(),
            "content.xml": b'<?xml version="1.0"?><office:document-content xmlns:office="urn:o"/>',
            "META-INF/manifest.xml": b'<?xml version="1.0"?><manifest/>',
        }
    )


def raw_zip(members: list[tuple[str, bytes, int, int]]) -> bytes:
    """A ZIP written by hand from (name, deflated data, CRC-32, declared size): the sizes may lie."""
    local, central = bytearray(), bytearray()
    for name, data, crc, declared in members:
        encoded = name.encode()
        offset = len(local)
        local += struct.pack(
            "<4s5H3L2H", b"PK\x03\x04", 20, 0, 8, 0, 0, crc, len(data), declared, len(encoded), 0
        )
        local += encoded + data
        central += struct.pack(
            "<4s6H3L5H2L",
            b"PK\x01\x02",
            20,
            20,
            0,
            8,
            0,
            0,
            crc,
            len(data),
            declared,
            len(encoded),
            0,
            0,
            0,
            0,
            0,
            offset,
        )
        central += encoded
    end = struct.pack(
        "<4s4H2LH", b"PK\x05\x06", 0, 0, len(members), len(members), len(central), len(local), 0
    )
    return bytes(local + central + end)


def deflated_zeros(megabytes: int) -> tuple[bytes, int]:
    """(raw deflate stream, CRC-32) of ``megabytes`` MB of zeros without compressing them all:
    after a full flush, every further megabyte of zeros compresses to the same bytes."""
    zeros = bytes(MB)
    compressor = zlib.compressobj(9, zlib.DEFLATED, -15)
    first = compressor.compress(zeros) + compressor.flush(zlib.Z_FULL_FLUSH)
    repeat = compressor.compress(zeros) + compressor.flush(zlib.Z_FULL_FLUSH)
    data = first + repeat * (megabytes - 1) + compressor.flush()
    crc = 0
    for _ in range(megabytes):
        crc = zlib.crc32(zeros, crc)
    return data, crc


def refused(data: bytes, name: str, *, max_bytes: int = LIMIT) -> UploadRefused:
    fileobj = io.BytesIO(data)
    with pytest.raises(UploadRefused) as caught:
        inspect_upload(fileobj, name, max_bytes=max_bytes)
    assert fileobj.tell() == 0
    assert "Berkas" in caught.value.message and str(caught.value) == caught.value.message
    return caught.value


def accepted(data: bytes, name: str) -> Inspected:
    fileobj = io.BytesIO(data)
    result = inspect_upload(fileobj, name, max_bytes=LIMIT)
    assert fileobj.tell() == 0
    assert result.size == len(data)
    assert result.sha256 == hashlib.sha256(data).hexdigest()
    return result


# -- accepted kinds ------------------------------------------------------------------------------


def test_pdf_is_accepted_with_its_text_layer_and_page_count():
    result = accepted(pdf_bytes(), "SK Tim RB 2026.pdf")
    assert (result.kind, result.content_type, result.extension) == (FileKind.PDF, "application/pdf", ".pdf")
    assert result.pages == 1
    assert "Surat Keputusan Tim Reformasi Birokrasi" in result.text
    assert result.display_name == "SK Tim RB 2026.pdf"
    assert result.storage_name == "sk-tim-rb-2026.pdf"


@pytest.mark.parametrize(
    ("fmt", "kind", "content_type", "name", "display"),
    [
        ("JPEG", FileKind.JPEG, "image/jpeg", "Foto Kegiatan.JPG", "Foto Kegiatan.JPG"),
        ("PNG", FileKind.PNG, "image/png", "tangkapan layar.png", "tangkapan layar.png"),
        ("WEBP", FileKind.WEBP, "image/webp", "foto.webp", "foto.webp"),
    ],
)
def test_images_are_accepted_by_their_content(fmt, kind, content_type, name, display):
    result = accepted(image_bytes(fmt), name)
    assert (result.kind, result.content_type, result.display_name) == (kind, content_type, display)
    assert result.text == "" and result.pages is None


@pytest.mark.parametrize(
    ("make", "kind", "extension"),
    [
        (docx_bytes, FileKind.DOCX, ".docx"),
        (xlsx_bytes, FileKind.XLSX, ".xlsx"),
        (pptx_bytes, FileKind.PPTX, ".pptx"),
        (lambda: odf_bytes("application/vnd.oasis.opendocument.text"), FileKind.ODT, ".odt"),
        (lambda: odf_bytes("application/vnd.oasis.opendocument.spreadsheet"), FileKind.ODS, ".ods"),
    ],
)
def test_office_files_are_recognised_by_the_members_inside(make, kind, extension):
    result = accepted(make(), f"dokumen{extension}")
    assert (result.kind, result.extension, result.display_name) == (kind, extension, f"dokumen{extension}")
    assert result.content_type.startswith("application/vnd.")


def test_utf8_csv_with_bom_and_semicolons_is_accepted_with_its_text():
    data = "\ufeffIndikator;Target;Realisasi\nIndeks RB;80;76,5\nSAKIP;B;BB\n".encode()
    result = accepted(data, "capaian.csv")
    assert (result.kind, result.content_type) == (FileKind.CSV, "text/csv")
    assert result.text.startswith("Indikator;Target")


def test_windows_1252_csv_as_excel_saves_it_is_accepted():
    result = accepted("Nama,Jabatan\nJosé,Kepala Bagian\n".encode("cp1252"), "pegawai.csv")
    assert result.kind == FileKind.CSV and "José" in result.text


def test_the_content_decides_the_kind_and_the_extension_follows():
    result = accepted(image_bytes("JPEG"), "laporan.pdf")
    assert (result.kind, result.display_name, result.storage_name) == (
        FileKind.JPEG,
        "laporan.jpg",
        "laporan.jpg",
    )
    kept = accepted(pdf_bytes(), "Surat No. 12.2024")
    assert kept.display_name == "Surat No. 12.2024.pdf"


# -- refused classes -----------------------------------------------------------------------------


def test_an_executable_renamed_pdf_is_refused_naming_what_it_is():
    error = refused(
        b"MZ\x90\x00\x03\x00\x00\x00" + bytes(500) + b"This program cannot be run in DOS mode", "sk.pdf"
    )
    assert error.code == "unknown_type"
    assert "bukan PDF yang sah" in error.message and "EXE" in error.message and "«sk.pdf»" in error.message


def test_an_elf_program_is_refused():
    error = refused(b"\x7fELF\x02\x01\x01" + bytes(200), "data.xlsx")
    assert error.code == "unknown_type" and "ELF" in error.message


def test_a_web_page_renamed_pdf_is_refused():
    error = refused(b"<!DOCTYPE html><html><script>alert(1)</script></html>", "laporan.pdf")
    assert error.code == "unknown_type" and "HTML" in error.message


def test_a_zip_of_other_files_is_refused_as_a_zip():
    error = refused(zip_bytes({"readme.txt": b"halo", "run.sh": b"#!/bin/sh"}), "dokumen.docx")
    assert error.code == "unknown_type" and "ZIP" in error.message and "bukan dokumen Word" in error.message


def test_a_zip_bomb_docx_is_refused_without_inflating_it():
    data, crc = deflated_zeros(300)
    types = b"<Types/>"
    bomb = raw_zip(
        [
            ("[Content_Types].xml", zlib.compress(types)[2:-4], zlib.crc32(types), len(types)),
            ("word/document.xml", data, crc, 300 * MB),
        ]
    )
    assert len(bomb) < MB
    error = refused(bomb, "bom.docx")
    assert error.code == "zip_bomb" and "bom zip" in error.message


def test_a_zip_inflating_a_hundred_times_its_size_is_refused_under_the_total_limit():
    data, crc = deflated_zeros(150)
    assert 150 * MB < MAX_ZIP_UNCOMPRESSED_BYTES
    error = refused(raw_zip([("xl/workbook.xml", data, crc, 150 * MB)]), "data.xlsx")
    assert error.code == "zip_bomb"


def test_a_zip_whose_header_understates_the_size_is_refused_by_counting():
    data, crc = deflated_zeros(50)
    error = refused(raw_zip([("word/document.xml", data, crc, 4096)]), "kecil.docx")
    assert error.code == "zip_bomb" and "tidak benar" in error.message


def test_a_docx_with_macros_is_refused():
    data = zip_bytes({"word/document.xml": b"<w:document/>", "word/vbaProject.bin": b"\xd0\xcf\x11\xe0"})
    assert refused(data, "makro.docx").code == "office_macro"


def test_a_damaged_docx_is_refused():
    data = bytearray(docx_bytes())
    with zipfile.ZipFile(io.BytesIO(bytes(data))) as archive:
        member = archive.getinfo("word/document.xml")
    start = member.header_offset + 30 + len(member.filename) + len(member.extra) + 10
    data[start : start + 40] = bytes(40)
    assert refused(bytes(data), "rusak.docx").code == "office_invalid"


def test_an_empty_file_is_refused():
    error = refused(b"", "kosong.pdf")
    assert error.code == "empty" and "kosong" in error.message


class CountingReader(io.RawIOBase):
    """An endless stream of "A" that records how much was read from it."""

    def __init__(self) -> None:
        self.position = 0
        self.read_total = 0

    def readable(self) -> bool:
        return True

    def seekable(self) -> bool:
        return True

    def seek(self, offset: int, whence: int = 0) -> int:
        self.position = offset
        return offset

    def tell(self) -> int:
        return self.position

    def readinto(self, buffer) -> int:  # type: ignore[no-untyped-def, override]
        buffer[:] = b"A" * len(buffer)
        self.position += len(buffer)
        self.read_total += len(buffer)
        return len(buffer)


@pytest.mark.parametrize("upload_class", [SimpleUploadedFile, TemporaryUploadedFile])
def test_django_upload_objects_are_read_in_place(upload_class):
    for data, name, kind in [(docx_bytes(), "a.docx", FileKind.DOCX), (pdf_bytes(), "b.pdf", FileKind.PDF)]:
        upload: UploadedFile
        if upload_class is SimpleUploadedFile:
            upload = SimpleUploadedFile(name, data)
        else:
            upload = TemporaryUploadedFile(name, "application/octet-stream", len(data), None)
            upload.write(data)
        with upload:
            result = inspect_upload(upload, name, max_bytes=LIMIT)  # type: ignore[arg-type]
            assert (result.kind, result.size, upload.tell()) == (kind, len(data), 0)


def test_a_file_over_the_limit_is_refused_as_soon_as_it_passes_it():
    stream = CountingReader()
    with pytest.raises(UploadRefused) as caught:
        inspect_upload(stream, "besar.csv", max_bytes=2 * MB)  # type: ignore[arg-type]
    assert caught.value.code == "too_large"
    assert "Berkas" in caught.value.message and "2 MB" in caught.value.message
    assert stream.read_total <= 3 * MB and stream.tell() == 0
    assert "20 MB" in refused(bytes(LIMIT + 1), "besar.pdf").message


def test_a_path_and_right_to_left_marks_are_cleaned_from_the_name():
    result = accepted(pdf_bytes(), "../../etc/\u202egpj.exe.pdf")
    assert result.display_name == "gpj.exe.pdf"
    assert result.storage_name == "gpj-exe.pdf"
    assert not any(mark in result.display_name for mark in BIDI)
    windows = accepted(image_bytes("PNG"), "C:\\Users\\staf\\Desktop\\foto\u2066 rapat\u2069.exe")
    assert windows.display_name == "foto rapat.png" and windows.storage_name == "foto-rapat.png"


@pytest.mark.parametrize(
    ("name", "cleaned"),
    [
        ("  Laporan\t\tTriwulan\nI .pdf ", "Laporan Triwulan I .pdf"),
        ("cafe\u0301\x00\x1b[31m.pdf", "café[31m.pdf"),
        ("..", "berkas"),
        ("", "berkas"),
        ("\u202e\u200f", "berkas"),
        (".env", "env"),
    ],
)
def test_clean_display_name(name, cleaned):
    assert clean_display_name(name) == cleaned


def test_long_and_non_latin_names_are_bounded_and_storage_names_stay_ascii():
    result = accepted(pdf_bytes(), "ڤتا جالن " + "x" * 400 + ".pdf")
    assert len(result.display_name) <= 200 and result.display_name.endswith(".pdf")
    assert len(result.storage_name) <= 80 and result.storage_name.isascii()
    assert accepted(pdf_bytes(), "ڤتا.pdf").storage_name == "berkas.pdf"


def test_a_pdf_with_garbage_after_the_header_does_not_open():
    error = refused(b"%PDF-1.7\n" + b"\x13\x37garbage" * 100, "rusak.pdf")
    assert error.code == "pdf_unreadable" and "tidak dapat dibuka" in error.message


def test_a_truncated_pdf_does_not_open():
    data = pdf_bytes()
    assert refused(data[: len(data) // 2], "terpotong.pdf").code == "pdf_unreadable"


def test_a_password_protected_pdf_is_refused():
    pdf = pikepdf.new()
    pdf.add_blank_page()
    out = io.BytesIO()
    pdf.save(out, encryption=pikepdf.Encryption(user="rahasia", owner="pemilik"))
    error = refused(out.getvalue(), "rahasia.pdf")
    assert error.code == "pdf_unreadable" and "kata sandi" in error.message


def test_a_corrupt_png_is_refused():
    data = bytearray(image_bytes("PNG"))
    data[60:120] = b"\xff" * 60
    error = refused(bytes(data), "rusak.png")
    assert error.code == "image_unreadable" and "gambar PNG" in error.message


def test_a_truncated_jpeg_is_refused():
    data = image_bytes("JPEG", (1200, 900), quality=95)
    assert refused(data[: len(data) // 2], "foto.jpg").code == "image_unreadable"


def png_header_only(width: int, height: int) -> bytes:
    """A PNG that claims huge dimensions: signature, IHDR and IEND, nothing to decode."""

    def chunk(kind: bytes, body: bytes) -> bytes:
        return struct.pack(">L", len(body)) + kind + body + struct.pack(">L", zlib.crc32(kind + body))

    ihdr = struct.pack(">2L5B", width, height, 1, 0, 0, 0, 0)
    return b"\x89PNG\r\n\x1a\n" + chunk(b"IHDR", ihdr) + chunk(b"IEND", b"")


@pytest.mark.parametrize(("width", "height"), [(8000, 6000), (60000, 60000)])
def test_a_decompression_bomb_image_is_refused_before_decoding(width, height):
    error = refused(png_header_only(width, height), "bom.png")
    assert error.code == "image_too_large" and "piksel" in error.message


def test_plain_text_is_not_a_csv():
    error = refused(b"Ini catatan rapat biasa tanpa tabel\nyang ditulis di Notepad.\n", "catatan.txt")
    assert error.code == "csv_invalid" and "teks biasa" in error.message


def test_binary_junk_named_csv_is_refused():
    error = refused(bytes(range(256)) * 4, "data.csv")
    assert error.code == "unknown_type" and "bukan tabel CSV yang sah" in error.message


# -- thumbnails ----------------------------------------------------------------------------------


def opened(png: bytes | None) -> Image.Image:
    assert png is not None
    image = Image.open(io.BytesIO(png))
    image.load()
    return image


def test_pdf_thumbnail_is_the_first_page_at_the_asked_width():
    fileobj = io.BytesIO(pdf_bytes())
    image = opened(make_thumbnail(fileobj, FileKind.PDF))
    assert image.format == "PNG" and image.size == (320, round(842 * 320 / 595))
    assert fileobj.tell() == 0
    darkest, _lightest = image.convert("L").getextrema()
    assert isinstance(darkest, int) and darkest < 128  # the text was drawn


def test_a_very_tall_pdf_page_is_cut_not_rendered_whole():
    image = opened(make_thumbnail(io.BytesIO(pdf_bytes(size=(100, 14400))), FileKind.PDF, width=200))
    assert image.size == (200, 800)


def test_image_thumbnail_honours_exif_orientation():
    exif = Image.Exif()
    exif[0x0112] = 6  # rotate 90° clockwise to display
    data = image_bytes("JPEG", (800, 400), exif=exif.tobytes())
    image = opened(make_thumbnail(io.BytesIO(data), FileKind.JPEG))
    assert image.mode == "RGB" and image.size == (320, 640)


def test_transparent_png_thumbnail_is_on_white():
    out = io.BytesIO()
    Image.new("RGBA", (400, 200), (0, 0, 0, 0)).save(out, "PNG")
    image = opened(make_thumbnail(io.BytesIO(out.getvalue()), FileKind.PNG, width=100))
    assert image.size == (100, 50) and image.getpixel((10, 10)) == (255, 255, 255)


def test_no_thumbnail_for_other_kinds_or_damaged_files():
    assert make_thumbnail(io.BytesIO(docx_bytes()), FileKind.DOCX) is None
    assert make_thumbnail(io.BytesIO(b"%PDF-1.4 rusak"), FileKind.PDF) is None
