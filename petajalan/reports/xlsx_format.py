"""The layout of a road-map workbook, shared by the exporter and the importer.

A workbook holds: ``Petunjuk`` (how to fill it in), ``Info`` (which road map), ``Permasalahan``
(problems), one sheet per focus node (the action matrix), ``Quick Wins``, ``Tim RB`` and
``Agen Perubahan`` (the people), and a hidden ``Daftar`` with the drop-down lists. Each data sheet
has a title in row 1, headers in row 2, column numbers in row 3 and data from row 4; the ``ID``
column is the stable row identifier that lets a re-import change only what changed. The people
have no ID (the road map keeps none for them): a member is known by team and name, an agent by name.
"""

from __future__ import annotations

import re
import zipfile
from dataclasses import dataclass
from typing import Any

FORMAT_NAME = "Petajalan road map"
FORMAT_VERSION = 1
TITLE_ROW, HEADER_ROW, NUMBER_ROW, FIRST_DATA_ROW = 1, 2, 3, 4

INFO_SHEET = "Info"
GUIDE_SHEET = "Petunjuk"
LISTS_SHEET = "Daftar"
PROBLEM_SHEET = "Permasalahan"
QUICK_WIN_SHEET = "Quick Wins"
TEAM_SHEET = "Tim RB"
AGENT_SHEET = "Agen Perubahan"

DIRECTION_LABELS = {"up": "Naik", "down": "Turun", "keep": "Tetap"}
TEAM_LABELS = {"steering": "Tim Pengarah", "implementing": "Tim Pelaksana", "working_group": "Kelompok Kerja"}
YES, NO = "Ya", "Tidak"


@dataclass(frozen=True)
class Column:
    key: str
    header: str
    width: int = 14
    required: bool = False
    max_length: int = 0  # the stored field's length, checked on import (0: not checked here)


PROBLEM_COLUMNS = [
    Column("order", "No", 6),
    Column("uid", "ID", 14),
    Column("focus", "Fokus", 34, required=True),
    Column("statement", "Permasalahan", 50, required=True),
    Column("evidence", "Kondisi Saat Ini", 40),
]

QUICK_WIN_COLUMNS = [
    Column("order", "No", 6),
    Column("uid", "ID", 14),
    Column("title", "Quick Win", 40, required=True),
    Column("change_for_citizens", "Perubahan bagi Masyarakat", 40),
    Column("owner", "Pemilik", 22),
    Column("deadline", "Tenggat", 14),
    Column("before_measure", "Ukuran Sebelum", 18),
    Column("after_measure", "Ukuran Sesudah", 18),
    Column("expected_evidence", "Bukti yang Diharapkan", 30),
]


# lengths as the TeamMember and ChangeAgent fields store them (a test keeps them equal)
TEAM_COLUMNS = [
    Column("order", "No", 6),
    Column("team", "Tim", 18, required=True),
    Column("role", "Kedudukan", 16, required=True, max_length=80),
    Column("name", "Nama", 30, required=True, max_length=150),
    Column("position", "Jabatan", 34, max_length=150),
    Column("nip", "NIP", 22),
    Column("group", "Nama Pokja", 30, max_length=150),
]

AGENT_COLUMNS = [
    Column("order", "No", 6),
    Column("name", "Nama", 30, required=True, max_length=150),
    Column("position", "Jabatan", 30, max_length=150),
    Column("nip", "NIP", 22),
    Column("unit", "Unit Kerja", 24, max_length=150),
    Column("action_plan", "Rencana Tindak", 60, max_length=4000),
]


def action_columns(years: list[int]) -> list[Column]:
    """The action-matrix columns for a period: one target and one budget column per year."""
    return [
        Column("order", "No", 6),
        Column("uid", "ID", 16),
        Column("focus", "Fokus", 34, required=True),
        Column("problem_uids", "ID Permasalahan", 16),
        Column("activity", "Kegiatan", 42, required=True),
        Column("subactivity_code", "Kode Sub-kegiatan", 20),
        Column("output", "Output", 28),
        Column("indicator", "Indikator", 34),
        Column("unit_of_measure", "Satuan", 12),
        Column("direction", "Arah", 9),
        Column("baseline_year", "Tahun Dasar", 11),
        Column("baseline_value", "Nilai Dasar", 12),
        *[Column(f"target:{y}", f"Target {y}", 12) for y in years],
        Column("quarter_targets", "Target Triwulan", 26),
        *[Column(f"budget:{y}", f"Anggaran {y} (Rp)", 18) for y in years],
        Column("no_budget_needed", "Tanpa Anggaran", 10),
        Column("responsible_unit", "Penanggung Jawab", 24),
        Column("supporting_units", "Unit Pendukung", 24),
        Column("schedule", "Jadwal", 24),
        Column("expected_evidence", "Bukti yang Diharapkan", 30),
        Column("cascade_uid", "ID Kaskade", 16),
    ]


INFO_FIELDS = [
    ("format", "Format"),
    ("title", "Judul"),
    ("level", "Tingkat"),
    ("government", "Pemerintah Daerah"),
    ("government_slug", "Kode Pemerintah Daerah"),
    ("unit", "Perangkat Daerah"),
    ("unit_short_name", "Nama Singkat Perangkat Daerah"),
    ("unit_code", "Kode Perangkat Daerah"),
    ("period_label", "Periode"),
    ("start_year", "Tahun Awal"),
    ("end_year", "Tahun Akhir"),
    ("status", "Status"),
]
LEVEL_LABELS = {"unit": "Perangkat Daerah", "government": "Pemerintah Daerah"}


def normalise_header(text: object) -> str:
    """Case, spacing and a trailing '*' (required mark) do not matter in a header."""
    return re.sub(r"\s+", " ", str(text or "")).strip().rstrip("*").strip().casefold()


_BAD_SHEET_CHARS = re.compile(r"[\[\]:*?/\\]")


def sheet_title(base: str, taken: set[str]) -> str:
    """A valid, unique sheet name (at most 31 characters, none of []:*?/\\)."""
    name = _BAD_SHEET_CHARS.sub(" ", base).strip()[:31] or "Lembar"
    candidate, n = name, 2
    while candidate.casefold() in taken:
        suffix = f" ({n})"
        candidate = name[: 31 - len(suffix)] + suffix
        n += 1
    taken.add(candidate.casefold())
    return candidate


def quarter_label(year: int, quarter: int) -> str:
    """'2026-TW1': how a quarter is typed in the sheet (stored as '2026-Q1')."""
    return f"{year}-TW{quarter}"


# -- recognising sheets when reading ------------------------------------------------------------


def is_number_row(values: list[Any]) -> bool:
    """The 1…n row under the headers (still recognised after a column was deleted)."""
    numbers = [v for v in values if v is not None]
    return (
        len(numbers) > 2
        and all(isinstance(v, int) and not isinstance(v, bool) for v in numbers)
        and numbers == sorted(set(numbers))
    )


_KNOWN_HEADERS = {
    "actions": {normalise_header(c.header) for c in action_columns([])},
    "quick_wins": {normalise_header(c.header) for c in QUICK_WIN_COLUMNS},
    "problems": {normalise_header(c.header) for c in PROBLEM_COLUMNS},
    "team": {normalise_header(c.header) for c in TEAM_COLUMNS},
    "agents": {normalise_header(c.header) for c in AGENT_COLUMNS},
}
_YEAR_HEADER = re.compile(r"^(target|anggaran) \d{4}( \(rp\))?$")


def sheet_kind(values: list[Any]) -> str | None:
    """Which data sheet a header row belongs to: the set that names at least three of its cells."""
    normal = [normalise_header(v) for v in values]
    scores = {
        kind: sum(1 for n in normal if n in known or (kind == "actions" and _YEAR_HEADER.match(n)))
        for kind, known in _KNOWN_HEADERS.items()
    }
    kind = max(scores, key=lambda k: scores[k])  # ties go to the first: actions (team before agents)
    return kind if scores[kind] >= 3 else None


_MERGE = re.compile(rb'<(?:\w+:)?mergeCell\s+ref="([A-Z]+\d+(?::[A-Z]+\d+)?)"')


def merged_ranges(archive: zipfile.ZipFile, path: str) -> list[str]:
    """Merged ranges of one sheet, read from its XML (openpyxl's read-only mode hides them)."""
    try:
        xml = archive.read(path.lstrip("/"))
    except KeyError:
        return []
    return [m.decode() for m in _MERGE.findall(xml)]
