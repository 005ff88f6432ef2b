"""The evaluator packet: the evidence of a target and everything under it as one streamed ZIP.

Each file sits in a folder named after what it proves (the target's ``folder``, in the order the
target gives, e.g. the worksheet's numbering), as ``<folder>/<NN> <title><ext>``, beside an index at
the root (``00-INDEKS.csv`` and ``00-INDEKS.xlsx``). The ZIP is written to a sink that cannot seek,
so ``zipfile`` puts sizes in data descriptors and every chunk leaves as soon as it is made: memory
stays at about one read buffer whatever the packet's size.
"""

from __future__ import annotations

import csv
import datetime as dt
import io
import logging
import re
import unicodedata
import zipfile
from collections import Counter
from collections.abc import Iterable, Iterator, Mapping, Sequence
from dataclasses import dataclass
from decimal import Decimal
from typing import Any

from django.utils import timezone
from django.utils.text import slugify

from petajalan.evidence.inspect import EXTENSIONS
from petajalan.evidence.inspect import FileKind as K
from petajalan.evidence.models import Link, Version
from petajalan.evidence.storage import evidence_storage
from petajalan.evidence.targets import Target

log = logging.getLogger(__name__)

CHUNK_SIZE = 1024 * 1024  # bytes read from storage, and about the size of each chunk yielded
INDEX_CSV = "00-INDEKS.csv"
INDEX_XLSX = "00-INDEKS.xlsx"
MISSING_NOTE = "00-BERKAS-HILANG.txt"
INDEX_HEADERS = ["Folder", "Berkas", "Judul", "Nomor", "Tanggal", "Penerbit", "SHA-256"]
# Kinds whose content is compressed already: deflating them again costs time and saves nothing.
STORED_KINDS = frozenset({K.PDF, K.JPEG, K.PNG, K.WEBP, K.DOCX, K.XLSX, K.PPTX, K.ODT, K.ODS})
FOLDER_LIMIT, TITLE_LIMIT = 60, 80  # characters, so that paths stay well inside Windows' 260
FORMULA_START = ("=", "+", "-", "@", "\t", "\r")

# Punctuation that has a plain ASCII twin; everything else outside _SAFE becomes a space.
_TWINS = str.maketrans(
    {"/": "-", "\\": "-", ":": "-", "–": "-", "—": "-", "‘": "'", "’": "'", "“": "'", "”": "'", '"': "'"}
)
_SAFE = re.compile(r"[A-Za-z0-9 .,;_()\[\]&+'-]")
_WINDOWS_RESERVED = {
    "CON",
    "PRN",
    "AUX",
    "NUL",
    *(f"COM{n}" for n in range(1, 10)),
    *(f"LPT{n}" for n in range(1, 10)),
}


@dataclass(frozen=True)
class PacketEntry:
    """One file of a packet: ``version`` (with ``item``, ``item.unit`` and ``blob`` loaded) in ``folder``."""

    folder: str
    version: Version


def safe_name(text: str, limit: int, fallback: str) -> str:
    """``text`` as one portable path part: ASCII letters (accents dropped, so Indonesian stays
    readable), no separators, control or direction marks, no leading dot, at most ``limit`` long."""
    kept = []
    for char in unicodedata.normalize("NFKD", text.translate(_TWINS)):
        if unicodedata.combining(char) or unicodedata.category(char) in {"Cf", "Cc"}:
            continue
        kept.append(char if _SAFE.fullmatch(char) else " ")
    # no leading dot (hidden, "..") or dash (read as an option); Windows drops trailing dots
    name = " ".join("".join(kept).split())[:limit].lstrip(" .-").rstrip(" .")
    if not name:
        return fallback
    if name.split(".")[0].upper() in _WINDOWS_RESERVED:
        name = f"{name}_"
    return name


def packet_entries(links: Iterable[Link], targets: Mapping[tuple[str, str], Target]) -> list[PacketEntry]:
    """The files of a packet from ``links`` (loaded with item, unit, version and blob), foldered and
    ordered by their targets; a link whose target is not in ``targets`` is left out.

    A version linked from several targets of one folder is packed once; the version a link cites
    is packed, not the item's current one.
    """
    best: dict[tuple[str, int], tuple[tuple[Any, ...], PacketEntry]] = {}
    for link in links:
        target = targets.get((link.target_kind, str(link.target_id)))
        if target is None:
            continue
        folder = safe_name(target.folder or target.label, FOLDER_LIMIT, "Lainnya")
        version = link.version
        version.item = link.item  # the link carries the item with its unit already
        key = (_comparable(target.order), folder.casefold(), link.item.title.casefold(), version.pk)
        seen = best.get((folder, version.pk))
        if seen is None or key < seen[0]:
            best[(folder, version.pk)] = (key, PacketEntry(folder=folder, version=version))
    # A folder comes where its first file comes; inside it, files keep their own order.
    first: dict[str, tuple[Any, ...]] = {}
    for key, entry in best.values():
        first[entry.folder] = min(key, first.get(entry.folder, key))
    ordered = sorted(best.values(), key=lambda pair: (first[pair[1].folder], pair[0]))
    return [entry for _key, entry in ordered]


def packet_filename(title: str) -> str:
    """The download's name: ``paket-data-dukung-<slug>.zip`` (ASCII, safe in a header)."""
    slug = slugify(title)[:60].strip("-")
    return f"paket-data-dukung-{slug}.zip" if slug else "paket-data-dukung.zip"


def stream_packet(entries: Sequence[PacketEntry], *, title: str) -> Iterator[bytes]:
    """The packet's ZIP bytes, chunk by chunk: the index first (known from the database), then each
    file read from the evidence storage in ``CHUNK_SIZE`` pieces."""
    members = _layout(entries)
    sink = _Sink()
    missing: list[str] = []
    now = timezone.localtime()
    with zipfile.ZipFile(sink, "w", allowZip64=True) as archive:
        _write_small(archive, INDEX_CSV, _index_csv(members), now, zipfile.ZIP_DEFLATED)
        _write_small(archive, INDEX_XLSX, _index_xlsx(members, title), now, zipfile.ZIP_STORED)
        yield sink.take()
        storage = evidence_storage()
        for path, entry in members:
            blob = entry.version.blob
            try:
                source = storage.open(blob.storage_key, "rb")
            except OSError:  # the index already lists it: say so in the packet, keep the ZIP whole
                log.warning("packet: evidence file %s is missing", blob.storage_key, exc_info=True)
                missing.append(path)
                continue
            with source:
                info = _info(path, timezone.localtime(entry.version.uploaded_at))
                info.compress_type = (
                    zipfile.ZIP_STORED if blob.file_kind in STORED_KINDS else zipfile.ZIP_DEFLATED
                )
                with archive.open(info, "w", force_zip64=True) as target:
                    while chunk := source.read(CHUNK_SIZE):
                        target.write(chunk)
                        if sink.size >= CHUNK_SIZE:
                            yield sink.take()
            if sink.size:  # the member's tail and data descriptor
                yield sink.take()
        if missing:
            note = (
                "Berkas berikut tercantum di indeks tetapi tidak ditemukan di penyimpanan saat paket ini "
                "dibuat. Hubungi Bagian Organisasi.\r\n\r\n" + "".join(f"{path}\r\n" for path in missing)
            )
            _write_small(archive, MISSING_NOTE, note.encode("utf-8"), now, zipfile.ZIP_DEFLATED)
    yield sink.take()


class _Sink:
    """A write-only file without ``tell``/``seek``: zipfile then streams (data descriptors), and
    what it wrote is taken out between writes."""

    def __init__(self) -> None:
        self._chunks: list[bytes] = []
        self.size = 0

    def write(self, data: bytes, /) -> int:
        self._chunks.append(bytes(data))
        self.size += len(data)
        return len(data)

    def flush(self) -> None:
        pass

    def close(self) -> None:
        pass

    def take(self) -> bytes:
        data = b"".join(self._chunks)
        self._chunks.clear()
        self.size = 0
        return data


def _layout(entries: Sequence[PacketEntry]) -> list[tuple[str, PacketEntry]]:
    """Each entry's path in the ZIP: ``<folder>/<NN> <title><ext>``, numbered inside its folder."""
    folders = [safe_name(entry.folder, FOLDER_LIMIT, "Lainnya") for entry in entries]
    sizes = Counter(folders)
    numbers: Counter[str] = Counter()
    members = []
    for folder, entry in zip(folders, entries, strict=True):
        numbers[folder] += 1
        number = str(numbers[folder]).zfill(max(2, len(str(sizes[folder]))))
        title = safe_name(entry.version.item.title, TITLE_LIMIT, "Tanpa judul")
        members.append((f"{folder}/{number} {title}{_extension(entry.version)}", entry))
    return members


def _extension(version: Version) -> str:
    kind = version.blob.file_kind
    if kind:
        return EXTENSIONS.get(kind, (f".{kind}",))[0]
    suffix = version.blob.storage_key.rpartition("/")[2].partition(".")[2]
    return f".{suffix}" if suffix else ""


def _info(name: str, when: dt.datetime) -> zipfile.ZipInfo:
    info = zipfile.ZipInfo(name, date_time=max(when.timetuple()[:6], (1980, 1, 1, 0, 0, 0)))
    info.external_attr = 0o644 << 16  # rw-r--r-- when unpacked on Unix
    return info


def _write_small(
    archive: zipfile.ZipFile, name: str, data: bytes, when: dt.datetime, compression: int
) -> None:
    info = _info(name, when)
    info.compress_type = compression
    with archive.open(info, "w") as target:
        target.write(data)


def _rows(members: list[tuple[str, PacketEntry]]) -> Iterator[list[Any]]:
    for path, entry in members:
        item = entry.version.item
        folder, _slash, name = path.partition("/")
        yield [
            folder,
            name,
            item.title,
            item.number,
            item.document_on,
            item.issuer,
            entry.version.blob.sha256,
        ]


def _index_csv(members: list[tuple[str, PacketEntry]]) -> bytes:
    """The index as CSV, UTF-8 with a byte-order mark so that Excel reads the letters right."""
    buffer = io.StringIO()
    writer = csv.writer(buffer)
    writer.writerow(INDEX_HEADERS)
    for row in _rows(members):
        writer.writerow([_neutral(v.isoformat() if isinstance(v, dt.date) else str(v or "")) for v in row])
    return buffer.getvalue().encode("utf-8-sig")


def _index_xlsx(members: list[tuple[str, PacketEntry]], title: str) -> bytes:
    """The index as a workbook: the packet's title, a bold frozen header, one row per file."""
    from openpyxl import Workbook
    from openpyxl.cell import WriteOnlyCell
    from openpyxl.cell.cell import ILLEGAL_CHARACTERS_RE
    from openpyxl.styles import Font

    workbook = Workbook(write_only=True)
    sheet = workbook.create_sheet("Indeks")
    for letter, width in zip("ABCDEFG", [30, 40, 50, 24, 12, 30, 66], strict=True):
        sheet.column_dimensions[letter].width = width
    sheet.freeze_panes = "A3"

    def cell(value: Any, font: Any = None) -> Any:
        if isinstance(value, str):
            value = ILLEGAL_CHARACTERS_RE.sub("", value) or None
        written = WriteOnlyCell(sheet, value)
        if isinstance(value, str):
            written.data_type = "s"  # text that starts with "=" stays text, never a formula
        elif isinstance(value, dt.date):
            written.number_format = "yyyy-mm-dd"
        if font is not None:
            written.font = font
        return written

    sheet.append([cell(title, Font(bold=True, size=12))])
    bold = Font(bold=True)
    sheet.append([cell(header, bold) for header in INDEX_HEADERS])
    for row in _rows(members):
        sheet.append([cell(value) for value in row])
    buffer = io.BytesIO()
    workbook.save(buffer)
    return buffer.getvalue()


def _neutral(text: str) -> str:
    """Text that a spreadsheet would run as a formula gets a leading apostrophe (OWASP advice)."""
    return f"'{text}" if text.startswith(FORMULA_START) else text


def _comparable(value: Any) -> tuple[Any, ...]:
    """A sort key for a target's ``order`` that never compares a number with a string."""
    if isinstance(value, (tuple, list)):
        return (3, tuple(_comparable(v) for v in value))
    if isinstance(value, (int, float, Decimal)):
        return (0, value)
    if value is None:
        return (2, "")
    return (1, str(value))
