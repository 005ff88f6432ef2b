"""Reading a road-map workbook back: every problem found, in Indonesian, and never an exception.

``read_roadmap_xlsx(file, base=roadmap)`` parses a workbook made by ``export_xlsx`` (or its blank
template, filled in by a unit) into a ``PlainRoadmap``. Nothing is written anywhere: the caller
shows the problems and the changes as a preview and applies the result only when the user
confirms. Rows are matched to ``base`` by their ``ID`` column, so a re-imported export changes
only what the user changed; columns missing from the file keep the base's values.
"""

from __future__ import annotations

import io
import logging
import zipfile
from collections.abc import Iterable
from dataclasses import dataclass, field
from pathlib import Path
from typing import IO

from django.utils.translation import gettext as _

from petajalan.reports.values import CellError, parse_date, parse_decimal
from petajalan.reports.xlsx_reader import (
    MAX_DATA_ROWS,
    MAX_PROBLEMS,
    Changes,
    SheetProblem,
    _Problems,
    _Reader,
    _TooMany,
)
from petajalan.roadmaps.plain import (
    FocusRef,
    PlainRoadmap,
)

logger = logging.getLogger(__name__)

__all__ = [
    "MAX_DATA_ROWS",
    "CellError",
    "Changes",
    "ImportResult",
    "SheetProblem",
    "parse_date",
    "parse_decimal",
    "read_roadmap_xlsx",
]

MAX_FILE_BYTES = 20 * 1024 * 1024
MAX_UNCOMPRESSED_BYTES = 200 * 1024 * 1024
MAX_MEMBER_RATIO = 100  # a part that inflates more than this (and past 1 MB) is a zip bomb
ENCRYPTED_MARK = "EncryptionInfo".encode("utf-16-le")


@dataclass
class ImportResult:
    """The parsed road map (None when the file could not be read at all) and every problem.

    ``changes`` compares the result with ``base`` per kind ("problems", "actions", "quick_wins" by
    ID; "team" and "change_agents" by name, listing names).
    """

    roadmap: PlainRoadmap | None
    problems: list[SheetProblem]
    changes: dict[str, Changes] = field(default_factory=dict)

    @property
    def ok(self) -> bool:
        return self.roadmap is not None and not self.problems


# -- the file itself ------------------------------------------------------------------------------


def _read_bytes(source: str | Path | IO[bytes] | bytes) -> bytes:
    if isinstance(source, bytes):
        data = source
    elif isinstance(source, (str, Path)):
        path = Path(source)
        if path.stat().st_size > MAX_FILE_BYTES:
            raise CellError(_too_big())
        data = path.read_bytes()
    else:
        if hasattr(source, "seek"):
            source.seek(0)
        data = source.read(MAX_FILE_BYTES + 1)
    if len(data) > MAX_FILE_BYTES:
        raise CellError(_too_big())
    return data


def _too_big() -> str:
    return _("Berkas lebih besar dari %(megabytes)s MB. Bagi menjadi beberapa berkas.") % {
        "megabytes": MAX_FILE_BYTES // (1024 * 1024)
    }


def _sniff(data: bytes) -> str | None:
    """The reason this is not a readable xlsx, judged before any parser runs, else None."""
    if not data:
        return _("Berkas kosong.")
    if data.startswith(b"\xd0\xcf\x11\xe0"):
        if ENCRYPTED_MARK in data:
            return _(
                "Berkas dilindungi kata sandi. Buka di Excel, hapus kata sandinya "
                "(File › Info › Lindungi Buku Kerja), simpan, lalu unggah lagi."
            )
        return _(
            "Berkas ini format Excel lama (.xls). Simpan sebagai Buku Kerja Excel (.xlsx), lalu unggah lagi."
        )
    if not data.startswith(b"PK\x03\x04"):
        head = data[:200].lstrip()
        if head.startswith(b"%PDF"):
            return _("Berkas ini PDF, bukan lembar kerja Excel (.xlsx).")
        return _(
            "Berkas ini bukan lembar kerja Excel (.xlsx). "
            "Simpan sebagai Buku Kerja Excel (.xlsx), lalu unggah lagi."
        )
    try:
        archive = zipfile.ZipFile(io.BytesIO(data))
        members = archive.infolist()
    except (zipfile.BadZipFile, OSError, ValueError, EOFError):
        return _("Berkas rusak dan tidak dapat dibuka. Simpan ulang dari Excel, lalu unggah lagi.")
    names = {m.filename for m in members}
    if "mimetype" in names and "content.xml" in names:
        return _(
            "Berkas ini format OpenDocument (.ods). "
            "Simpan sebagai Buku Kerja Excel (.xlsx), lalu unggah lagi."
        )
    if "xl/workbook.xml" not in names or "[Content_Types].xml" not in names:
        return _("Berkas ini bukan lembar kerja Excel (.xlsx) atau sudah rusak.")
    total = sum(m.file_size for m in members)
    inflating = any(
        m.file_size > 1024 * 1024 and m.file_size > MAX_MEMBER_RATIO * max(m.compress_size, 1)
        for m in members
    )
    if total > MAX_UNCOMPRESSED_BYTES or inflating:
        return _("Berkas ini mengembang jauh melebihi ukurannya (bom zip) dan tidak dibaca.")
    return None


# -- the reader -----------------------------------------------------------------------------------


def _in_reading_order(problems: list[SheetProblem]) -> list[SheetProblem]:
    """Sheets in workbook order, rows top to bottom (merged cells are found before the rows)."""
    sheets = {name: i for i, name in enumerate(dict.fromkeys(p.sheet for p in problems))}
    return sorted(problems, key=lambda p: (sheets[p.sheet], p.row))


def read_roadmap_xlsx(
    path_or_file: str | Path | IO[bytes] | bytes,
    *,
    base: PlainRoadmap | None = None,
    units: Iterable[str] | None = None,
    focus_nodes: Iterable[FocusRef] | None = None,
) -> ImportResult:
    """Parse a road-map workbook into a PlainRoadmap without writing anything.

    ``base`` is the road map the file updates (metadata, outline, team and unmatched fields come
    from it); ``units`` and ``focus_nodes`` are the allowed values (default: the file's own lists).
    """
    problems = _Problems()
    try:
        data = _read_bytes(path_or_file)
        reason = _sniff(data)
        if reason:
            return ImportResult(None, [SheetProblem("", 0, "", reason)])
        roadmap, changes = _Reader(data, base, units, focus_nodes, problems).run()
        return ImportResult(roadmap, _in_reading_order(problems), changes)
    except CellError as exc:
        return ImportResult(None, [SheetProblem("", 0, "", str(exc))])
    except _TooMany:
        problems.append(
            SheetProblem(
                "",
                0,
                "",
                _("Lebih dari %(count)s masalah; perbaiki yang di atas, lalu unggah lagi.")
                % {"count": MAX_PROBLEMS},
            )
        )
        return ImportResult(None, list(problems))
    except Exception:  # the contract: a bad file is a message, never a 500
        logger.exception("unreadable road-map workbook")
        return ImportResult(
            None,
            [
                SheetProblem(
                    "",
                    0,
                    "",
                    _(
                        "Berkas rusak atau isinya tidak dapat dibaca. "
                        "Simpan ulang dari Excel, lalu unggah lagi."
                    ),
                )
            ],
        )
