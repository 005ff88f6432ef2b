"""Bulk import of evidence from a shared folder or a ZIP (``petajalan import_evidence``).

A source (folder or ZIP) is listed into entries, a metadata CSV is read into rows keyed by path, and
each entry goes through ``services.upload_item`` like an upload from the browser: the same checks,
the same audit event. A dry run inspects and checks every file without storing anything.
"""

from __future__ import annotations

import csv
import datetime as dt
import enum
import io
import os
import re
import unicodedata
import zipfile
import zlib
from collections.abc import Callable, Iterator
from contextlib import closing, contextmanager
from dataclasses import dataclass, field
from functools import partial
from pathlib import Path
from typing import Any, BinaryIO

from django.conf import settings
from django.core.exceptions import ValidationError
from django.utils import translation
from django.utils.translation import gettext as _

from petajalan.accounts.models import Government, Unit
from petajalan.accounts.services import ServiceError
from petajalan.evidence import services
from petajalan.evidence.models import Item
from petajalan.lib.formatting import MONTHS_EN, MONTHS_ID, angka

# Names that file managers and office suites leave behind; never evidence.
SYSTEM_NAMES = {"thumbs.db", "desktop.ini", "__macosx", "$recycle.bin", "system volume information"}
_YEAR = re.compile(r"(?<![0-9])(20[0-9]{2}|2100)(?![0-9])")


class SourceError(Exception):
    """The whole source or metadata file cannot be used; nothing has been imported."""

    def __init__(self, message: str) -> None:
        super().__init__(message)
        self.message = message


class Status(enum.StrEnum):
    IMPORTED = "imported"
    DUPLICATE = "duplicate"
    REFUSED = "refused"


@dataclass(frozen=True)
class ZipLimits:
    """What a ZIP may declare before it is treated as a zip bomb (declared sizes bound what is read)."""

    max_members: int = 50_000
    max_total_bytes: int = 20 * 1024**3
    max_ratio: int = 100  # uncompressed : compressed, checked on members above ``ratio_floor`` bytes
    ratio_floor: int = 1024**2


@dataclass(frozen=True)
class Entry:
    """One file of the source: its path (shown, matched against the metadata) and how to read it."""

    path: str
    name: str
    opener: Callable[[], BinaryIO] | None = None
    refusal: str = ""


@dataclass
class Source:
    entries: list[Entry]
    skipped: int = 0


@dataclass(frozen=True)
class Row:
    """One line of the metadata CSV, parsed: only the cells that were filled in, plus its problems."""

    line: int
    path: str
    data: dict[str, Any]
    errors: tuple[str, ...] = ()


@dataclass(frozen=True)
class Outcome:
    path: str
    status: Status
    title: str = ""
    message: str = ""
    size: int = 0

    def line(self, *, dry_run: bool = False) -> str:
        if self.status == Status.IMPORTED:
            return f"{'AKAN DIIMPOR' if dry_run else 'DIIMPOR '} {self.path} → «{self.title}»"
        if self.status == Status.DUPLICATE:
            return f"DUPLIKAT {self.path}: sama dengan «{self.title}» ({self.message})"
        return f"DITOLAK  {self.path}: {self.message}"


@dataclass
class Summary:
    files: int = 0
    imported: int = 0
    duplicates: int = 0
    refused: int = 0
    skipped: int = 0
    imported_bytes: int = 0

    def add(self, outcome: Outcome) -> None:
        self.files += 1
        if outcome.status == Status.IMPORTED:
            self.imported += 1
            self.imported_bytes += outcome.size
        elif outcome.status == Status.DUPLICATE:
            self.duplicates += 1
        else:
            self.refused += 1

    def line(self, *, dry_run: bool = False) -> str:
        verb = "akan diimpor" if dry_run else "diimpor"
        text = (
            f"Ringkasan: {angka(self.files)} berkas: {angka(self.imported)} {verb} "
            f"({size_label(self.imported_bytes)}), {angka(self.duplicates)} duplikat, "
            f"{angka(self.refused)} ditolak"
        )
        if self.skipped:
            text += f"; {angka(self.skipped)} berkas sistem/tersembunyi dilewati"
        return text + "."


# Names, titles and years


def shown(text: str) -> str:
    """``text`` safe to print on one line: NFC, whitespace as spaces, no control or format characters
    (every bidi mark is one: they can make "gpj.exe" read as "exe.jpg"); '/' is kept."""
    kept = (
        " " if char.isspace() else char
        for char in text
        if char.isspace() or unicodedata.category(char) not in {"Cc", "Cf", "Cs"}
    )
    return unicodedata.normalize("NFC", "".join(kept))


def is_hidden(name: str) -> bool:
    """Dot files, Office lock files (~$…) and what Windows and macOS leave in shared folders."""
    if name in {".", ".."}:
        return False
    return name.startswith((".", "~$")) or name.casefold() in SYSTEM_NAMES


def title_from_name(name: str) -> str:
    """'SK_tim-RB  2024.pdf' → 'SK tim RB 2024': extension dropped, separators to spaces."""
    stem = shown(name).rsplit("/", 1)[-1].rsplit("\\", 1)[-1]
    stem = stem.rsplit(".", 1)[0] if "." in stem.lstrip(".") else stem
    title = " ".join(stem.replace("_", " ").replace("-", " ").split())[:250]
    return title[:1].upper() + title[1:] if title else _("Dokumen tanpa judul")


def year_from_path(path: str) -> int | None:
    """The first year (2000–2100) written in the file's name, else in its nearest folder's name."""
    parts = path.split("/")
    for part in [parts[-1].rsplit(".", 1)[0], *reversed(parts[:-1])]:
        if found := _YEAR.search(part):
            return int(found.group())
    return None


def path_key(path: str) -> str:
    """How a path in the metadata is matched to a file: '/' separators, NFC, no './', case folded."""
    text = unicodedata.normalize("NFC", path.strip()).replace("\\", "/")
    parts = [p for p in text.split("/") if p not in {"", "."}]
    return "/".join(parts).casefold()


def size_label(size: int) -> str:
    if size < 1024:
        return f"{angka(size)} byte"
    for unit, power in (("GB", 3), ("MB", 2), ("KB", 1)):
        if size >= 1024**power:
            return f"{angka(size / 1024**power, 1)} {unit}"
    return f"{angka(size)} byte"  # pragma: no cover


# Sources


@contextmanager
def open_source(path: Path, *, skip: Path | None = None, limits: ZipLimits | None = None) -> Iterator[Source]:
    """The files of a folder (recursively) or of a ZIP, sorted by path, hidden files left out.

    ``skip`` is a file not to import (the metadata CSV when it sits inside the folder).
    """
    if path.is_dir():
        yield _folder(path, skip=skip)
    elif path.is_file() and path.suffix.casefold() == ".zip":
        with _zip(path, limits or ZipLimits()) as source:
            yield source
    elif path.exists():
        raise SourceError(_("%(path)s bukan folder dan bukan berkas ZIP.") % {"path": path})
    else:
        raise SourceError(_("Folder atau berkas ZIP tidak ditemukan: %(path)s") % {"path": path})


def _sort_key(entry: Entry) -> list[str]:
    return entry.path.split("/")


def _folder(path: Path, *, skip: Path | None) -> Source:
    root = path.resolve()
    skip_path = skip.resolve() if skip else None
    source = Source(entries=[])
    outside = _("tautan ke luar folder, tidak diikuti.")
    # Symbolic links are not followed into folders (no loops); one pointing outside is refused.
    for dirpath, dirnames, filenames in os.walk(root, followlinks=False):
        here = Path(dirpath)
        kept = []
        for name in dirnames:
            full = here / name
            if is_hidden(name):
                source.skipped += 1
            elif full.is_symlink():
                if not full.resolve().is_relative_to(root):
                    source.entries.append(Entry(_relative(full, root) + "/", name, refusal=outside))
            else:
                kept.append(name)
        dirnames[:] = kept
        for name in filenames:
            full = here / name
            rel = _relative(full, root)
            if is_hidden(name):
                source.skipped += 1
            elif full.is_symlink() and not full.resolve().is_relative_to(root):
                source.entries.append(Entry(rel, name, refusal=outside))
            elif not full.is_file():
                source.entries.append(Entry(rel, name, refusal=_("bukan berkas biasa.")))
            elif skip_path is not None and full.resolve() == skip_path:
                continue
            else:
                source.entries.append(Entry(rel, shown(name), opener=partial(_open_file, full)))
    source.entries.sort(key=_sort_key)
    return source


def _relative(full: Path, root: Path) -> str:
    return unicodedata.normalize("NFC", full.relative_to(root).as_posix())


def _open_file(path: Path) -> BinaryIO:
    return path.open("rb")


@contextmanager
def _zip(path: Path, limits: ZipLimits) -> Iterator[Source]:
    try:
        archive = zipfile.ZipFile(path)
    except (zipfile.BadZipFile, OSError) as exc:
        raise SourceError(_("Berkas ZIP tidak dapat dibuka: %(error)s") % {"error": exc}) from exc
    with archive:
        members = archive.infolist()
        declared = sum(info.file_size for info in members)
        if len(members) > limits.max_members or declared > limits.max_total_bytes:
            raise SourceError(
                _(
                    "Berkas ZIP ditolak: %(count)s anggota dengan ukuran asli %(size)s melebihi batas "
                    "(%(max_count)s anggota, %(max_size)s). Pecah menjadi beberapa ZIP."
                )
                % {
                    "count": angka(len(members)),
                    "size": size_label(declared),
                    "max_count": angka(limits.max_members),
                    "max_size": size_label(limits.max_total_bytes),
                }
            )
        source = Source(entries=[])
        for info in members:
            # A member's name is only shown and matched; it never becomes a path on this disk.
            name = shown(info.filename).replace("\\", "/")
            parts = [p for p in name.split("/") if p not in {"", "."}]
            if info.is_dir() or not parts:
                continue
            if any(is_hidden(part) for part in parts):
                source.skipped += 1
                continue
            display = "/".join(parts)
            if info.flag_bits & 0x1:
                source.entries.append(
                    Entry(display, parts[-1], refusal=_("berkas di dalam ZIP terenkripsi."))
                )
            elif info.file_size > limits.ratio_floor and info.file_size > limits.max_ratio * max(
                info.compress_size, 1
            ):
                refusal = _("rasio pemampatan %(ratio)s:1 mencurigakan (zip bomb); tidak dibuka.") % {
                    "ratio": angka(info.file_size // max(info.compress_size, 1))
                }
                source.entries.append(Entry(display, parts[-1], refusal=refusal))
            else:
                opener = partial(_read_member, archive, info)
                source.entries.append(Entry(display, parts[-1], opener=opener))
        source.entries.sort(key=_sort_key)
        yield source


def _read_member(archive: zipfile.ZipFile, info: zipfile.ZipInfo) -> BinaryIO:
    """The member's bytes in memory, never more than the size limit allows plus one byte."""
    limit = int(settings.EVIDENCE_MAX_BYTES) + 1
    try:
        with archive.open(info) as stream:
            return io.BytesIO(stream.read(limit))
    except (zipfile.BadZipFile, zlib.error, EOFError, NotImplementedError, RuntimeError) as exc:
        raise OSError(
            _("berkas di dalam ZIP rusak atau tidak dapat dibaca (%(error)s).") % {"error": exc}
        ) from exc


# Metadata CSV

COLUMNS = {
    "berkas": "file",
    "file": "file",
    "judul": "title",
    "title": "title",
    "jenis": "kind",
    "kind": "kind",
    "nomor": "number",
    "number": "number",
    "tanggal": "document_on",
    "date": "document_on",
    "penerbit": "issuer",
    "issuer": "issuer",
    "unit": "unit",
    "tahun_dari": "year_from",
    "year_from": "year_from",
    "tahun_sampai": "year_to",
    "year_to": "year_to",
    "berlaku_sampai": "valid_until",
    "valid_until": "valid_until",
    "label": "tags",
    "tags": "tags",
    "keterangan": "description",
    "description": "description",
}
COLUMNS_ID = [
    "berkas",
    "judul",
    "jenis",
    "nomor",
    "tanggal",
    "penerbit",
    "unit",
    "tahun_dari",
    "tahun_sampai",
    "berlaku_sampai",
    "label",
    "keterangan",
]
LENGTHS = {"title": 250, "number": 120, "issuer": 200, "description": 4000}
_MONTHS = {m.casefold(): i for names in (MONTHS_ID, MONTHS_EN) for i, m in enumerate(names, start=1)}
_MONTHS.update({name[:3]: number for name, number in list(_MONTHS.items())})
_MONTHS.update({"agt": 8, "agu": 8, "okt": 10, "des": 12, "peb": 2, "nop": 11})


@dataclass
class Metadata:
    rows: dict[str, Row] = field(default_factory=dict)  # by ``path_key``
    repeated: list[Row] = field(default_factory=list)  # a second row for a file already named
    ignored_columns: list[str] = field(default_factory=list)

    def pop(self, path: str) -> Row | None:
        return self.rows.pop(path_key(path), None)


def read_metadata(path: Path, units: dict[str, Unit]) -> Metadata:
    """Read the metadata CSV (UTF-8 with or without BOM, comma or semicolon separated).

    ``units`` maps folded unit codes and short names to the government's units. A whole-file problem
    raises ``SourceError``; a bad row is kept with its errors and refuses only its file.
    """
    try:
        text = path.read_bytes().decode("utf-8-sig")
    except FileNotFoundError as exc:
        raise SourceError(_("Berkas metadata tidak ditemukan: %(path)s") % {"path": path}) from exc
    except UnicodeDecodeError as exc:
        raise SourceError(
            _("Berkas metadata harus UTF-8 (di Excel: Simpan sebagai → CSV UTF-8): %(path)s") % {"path": path}
        ) from exc
    header_line = text.split("\n", 1)[0]
    delimiter = ";" if header_line.count(";") > header_line.count(",") else ","
    reader = csv.reader(io.StringIO(text, newline=""), delimiter=delimiter)
    try:
        header = next(reader)
    except StopIteration:
        raise SourceError(_("Berkas metadata kosong: %(path)s") % {"path": path}) from None
    metadata = Metadata()
    columns: list[str | None] = []
    for cell in header:
        label = re.sub(r"[\s-]+", "_", cell.strip().casefold())
        name = COLUMNS.get(label)
        if name is not None and name in columns:
            raise SourceError(
                _("Kolom “%(column)s” muncul dua kali di baris judul metadata.") % {"column": cell}
            )
        if name is None and cell.strip():
            metadata.ignored_columns.append(cell.strip())
        columns.append(name)
    if "file" not in columns:
        raise SourceError(
            _("Metadata tidak punya kolom “berkas” (atau “file”). Kolom yang dikenal: %(known)s.")
            % {"known": ", ".join(COLUMNS_ID)}
        )
    kinds = _kind_table()
    first_line: dict[str, int] = {}  # path key → line, to refuse a file named twice
    line = reader.line_num + 1
    try:
        for cells in reader:
            start, line = line, reader.line_num + 1
            values = {
                name: cells[i].strip()
                for i, name in enumerate(columns)
                if name and i < len(cells) and cells[i].strip()
            }
            if not values:
                continue
            row = _parse_row(start, values, units, kinds)
            key = path_key(row.path)
            if key in first_line:
                message = _("berkas ini sudah disebut di baris %(line)s.") % {"line": first_line[key]}
                metadata.repeated.append(Row(start, row.path, row.data, (message,)))
            else:
                first_line[key] = start
                metadata.rows[key] = row
    except csv.Error as exc:
        raise SourceError(
            _("Metadata baris %(line)s tidak dapat dibaca: %(error)s") % {"line": line, "error": exc}
        ) from exc
    return metadata


def _kind_table() -> dict[str, str]:
    """Item kinds by code or Indonesian label, folded: 'decree', 'surat keputusan', 'notulen'…"""
    table: dict[str, str] = {}
    with translation.override("id"):
        for value, label in Item.Kind.choices:
            for word in (value, value.replace("_", " "), str(label), *str(label).split("/")):
                table[_fold(word)] = value
    return table


def _fold(text: str) -> str:
    return " ".join(text.casefold().split())


def _parse_row(line: int, values: dict[str, str], units: dict[str, Unit], kinds: dict[str, str]) -> Row:
    errors: list[str] = []
    data: dict[str, Any] = {}
    path = values.pop("file", "")
    if not path:
        errors.append(_("kolom “berkas” kosong."))
    for name, value in values.items():
        try:
            data[name] = _parse_cell(name, value, units, kinds)
        except ValueError as exc:
            errors.append(str(exc))
    start, end = data.get("year_from"), data.get("year_to")
    if start and end and end < start:
        errors.append(
            _("tahun sampai (%(end)s) sebelum tahun dari (%(start)s).") % {"start": start, "end": end}
        )
    return Row(line, path, data, tuple(errors))


def _parse_cell(name: str, value: str, units: dict[str, Unit], kinds: dict[str, str]) -> Any:
    if name == "kind":
        if (kind := kinds.get(_fold(value))) is None:
            labels = ", ".join(str(label) for label in Item.Kind.labels)
            raise ValueError(
                _("jenis “%(value)s” tidak dikenal (pilih: %(labels)s).") % {"value": value, "labels": labels}
            )
        return kind
    if name == "unit":
        if (unit := find_unit(units, value)) is None:
            raise ValueError(
                _("perangkat daerah “%(value)s” tidak dikenal di pemerintah daerah ini.") % {"value": value}
            )
        return unit
    if name in {"document_on", "valid_until"}:
        return parse_date(value)
    if name in {"year_from", "year_to"}:
        if not re.fullmatch(r"\d{4}", value) or not 2000 <= int(value) <= 2100:
            raise ValueError(
                _("tahun “%(value)s” harus empat angka antara 2000 dan 2100.") % {"value": value}
            )
        return int(value)
    if name in LENGTHS and len(value) > LENGTHS[name]:
        raise ValueError(
            _("kolom %(column)s lebih dari %(limit)s karakter.")
            % {"column": name, "limit": angka(LENGTHS[name])}
        )
    return value


def parse_date(text: str) -> dt.date:
    """'2025-04-15', '15/04/2025' (also with - or .) or '15 April 2025' (Indonesian or English month)."""
    value = " ".join(text.split())
    try:
        if m := re.fullmatch(r"(\d{4})-(\d{1,2})-(\d{1,2})", value):
            return dt.date(int(m[1]), int(m[2]), int(m[3]))
        if m := re.fullmatch(r"(\d{1,2})[/.-](\d{1,2})[/.-](\d{4})", value):
            return dt.date(int(m[3]), int(m[2]), int(m[1]))
        if (m := re.fullmatch(r"(\d{1,2})[ -]([^\W\d_]+)\.?[ -](\d{4})", value)) and (
            month := _MONTHS.get(m[2].casefold())
        ):
            return dt.date(int(m[3]), month, int(m[1]))
    except ValueError:
        raise ValueError(_("tanggal “%(value)s” tidak ada di kalender.") % {"value": value}) from None
    raise ValueError(
        _("tanggal “%(value)s” tidak dikenali; tulis 2025-04-15, 15/04/2025 atau 15 April 2025.")
        % {"value": value}
    )


def unit_table(government: Government) -> dict[str, Unit]:
    """The government's units by folded code and by folded short name."""
    units = list(Unit.objects.filter(government=government))
    table = {_fold(unit.short_name): unit for unit in units}
    table.update({_fold(unit.code): unit for unit in units})  # a code wins over a short name
    return table


def find_unit(units: dict[str, Unit], text: str) -> Unit | None:
    return units.get(_fold(text))


# The import


def import_source(
    source: Source,
    *,
    government: Government,
    unit: Unit | None = None,
    metadata: Metadata | None = None,
    dry_run: bool = False,
    report: Callable[[Outcome], None] | None = None,
) -> Summary:
    """Import every entry of ``source`` (or, with ``dry_run``, check it without storing anything).

    Each file is its own transaction (inside ``upload_item``), so an interrupted run can simply be
    run again: what was stored is then reported as a duplicate.
    """
    metadata = metadata or Metadata()
    summary = Summary(skipped=source.skipped)
    checker = _DryRun(government) if dry_run else None

    def add(outcome: Outcome) -> None:
        summary.add(outcome)
        if report is not None:
            report(outcome)

    for entry in source.entries:
        row = metadata.pop(entry.path)
        add(_import_entry(entry, row, government=government, unit=unit, checker=checker))
    missing = _("berkas tidak ditemukan di sumber impor.")
    left = [Row(r.line, r.path, r.data, (*r.errors, missing)) for r in metadata.rows.values()]
    for row in sorted([*left, *metadata.repeated], key=lambda r: r.line):
        add(Outcome(shown(row.path) or "?", Status.REFUSED, message=_row_message(row.line, row.errors)))
    return summary


def _row_message(line: int, errors: list[str] | tuple[str, ...]) -> str:
    return _("metadata baris %(line)s: %(errors)s") % {"line": line, "errors": " ".join(errors)}


def _import_entry(
    entry: Entry, row: Row | None, *, government: Government, unit: Unit | None, checker: _DryRun | None
) -> Outcome:
    path = shown(entry.path)
    if row is not None and row.errors:
        return Outcome(path, Status.REFUSED, message=_row_message(row.line, row.errors))
    if entry.refusal or entry.opener is None:
        return Outcome(path, Status.REFUSED, message=entry.refusal)
    data: dict[str, Any] = {"title": title_from_name(entry.name), "kind": Item.Kind.OTHER, "unit": unit}
    if year := year_from_path(entry.path):
        data.update(year_from=year, year_to=year)
    if row is not None:
        if "year_from" in row.data or "year_to" in row.data:  # the sheet's years replace the guess
            data.pop("year_from", None)
            data.pop("year_to", None)
        data.update(row.data)
    try:
        stream = entry.opener()
    except OSError as exc:
        return Outcome(path, Status.REFUSED, message=_unreadable(exc))
    with closing(stream):
        try:
            if checker is not None:
                size = checker.check(stream, entry.name, data)
                return Outcome(path, Status.IMPORTED, title=data["title"], size=size)
            item = services.upload_item(
                actor=None, government=government, upload=services.Upload(stream, entry.name), data=data
            )
        except services.DuplicateFile as exc:
            return Outcome(path, Status.DUPLICATE, title=exc.item.title, message=unit_label(exc.item.unit))
        except _Duplicate as exc:
            return Outcome(path, Status.DUPLICATE, title=exc.title, message=unit_label(exc.unit))
        except ServiceError as exc:
            return Outcome(path, Status.REFUSED, message=exc.message)
        except ValidationError as exc:  # the model's own checks, which the sheet's parsing mirrors
            return Outcome(path, Status.REFUSED, message=" ".join(exc.messages))
    # A storage failure (disk full, bucket unreachable) is not the file's fault: it stops the run,
    # and running again reports what was stored before as duplicates.
    size = item.current.blob.size if item.current else 0
    return Outcome(path, Status.IMPORTED, title=item.title, size=size)


def _unreadable(exc: OSError) -> str:
    if exc.strerror:
        return _("berkas tidak dapat dibaca (%(error)s).") % {"error": exc.strerror}
    return str(exc)


def unit_label(unit: Unit | None) -> str:
    return unit.short_name if unit is not None else _("tingkat pemerintah daerah")


class _Duplicate(Exception):
    def __init__(self, title: str, unit: Unit | None) -> None:
        super().__init__(title)
        self.title, self.unit = title, unit


class _DryRun:
    """The checks ``upload_item`` makes, without writing: type and size, duplicates (in the bank and
    earlier in this run) and the quota, counting what the run would already have added."""

    def __init__(self, government: Government) -> None:
        self.government = government
        self.seen: dict[str, tuple[str, Unit | None]] = {}
        self.pending = 0  # bytes this run would already have added

    def check(self, stream: BinaryIO, name: str, data: dict[str, Any]) -> int:
        upload = services.Upload(stream, name)
        inspected = services.check_upload(
            government=self.government, upload=upload, pending_bytes=self.pending
        )
        if inspected.sha256 in self.seen:
            raise _Duplicate(*self.seen[inspected.sha256])
        self.seen[inspected.sha256] = (data["title"], data.get("unit"))
        self.pending += inspected.size
        return inspected.size
