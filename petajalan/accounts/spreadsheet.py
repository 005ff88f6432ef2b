"""The XLSX layout of units and people: the template, the export, and reading an upload back.

One workbook, two sheets ("Perangkat Daerah", "Pengguna"), a header row, an example row in the
template, list validation for kind, role and active. Reading checks only the file and each cell's
shape (no database); ``petajalan.accounts.imports`` checks rows against each other and the data.
"""

from __future__ import annotations

import datetime as dt
import io
import zipfile
from dataclasses import dataclass, field
from typing import TYPE_CHECKING, Any

from django.conf import settings
from django.core.exceptions import ValidationError
from django.core.validators import validate_email
from django.utils import translation
from django.utils.translation import gettext as _

from petajalan.accounts.models import Membership, Unit
from petajalan.lib.codes import is_valid_nip, is_valid_unit_code, normalise_nip

if TYPE_CHECKING:
    from openpyxl import Workbook

# openpyxl (~70 ms to import) is imported inside the functions that write or read a workbook, so
# the site and the command line start without it (decision 0056).

UNIT_SHEET = "Perangkat Daerah"
PEOPLE_SHEET = "Pengguna"
# (key, header) in the order written; every column must be present when reading.
UNIT_COLUMNS = [
    ("code", "Kode unit"),
    ("name", "Nama perangkat daerah"),
    ("short_name", "Nama singkat"),
    ("kind", "Jenis"),
    ("parent", "Kode induk"),
    ("head_name", "Nama kepala"),
    ("head_nip", "NIP kepala"),
    ("head_position", "Jabatan kepala"),
    ("head_rank", "Pangkat/golongan kepala"),
    ("is_active", "Aktif"),
]
PEOPLE_COLUMNS = [
    ("email", "E-mail"),
    ("full_name", "Nama lengkap"),
    ("nip", "NIP"),
    ("position", "Jabatan"),
    ("role", "Peran"),
    ("units", "Kode unit"),
    ("is_active", "Aktif"),
]
UNIT_EXAMPLE = [
    "4.01.0.00.0.00.01.0000",
    "Sekretariat Daerah (contoh)",
    "Setda (contoh)",
    "Sekretariat Daerah",
    "",
    "Nama Kepala, S.H.",
    "19600910 198003 1 003",
    "Sekretaris Daerah",
    "Pembina Utama Madya (IV/d)",
    "Ya",
]
PEOPLE_EXAMPLE = [
    "nama@contoh.go.id",
    "Nama Penyusun, S.E. (contoh)",
    "19900220 201503 1 002",
    "Perencana Ahli Pertama",
    "Penyusun",
    "4.01.0.00.0.00.01.0000",
    "Ya",
]
# Spreadsheet words for roles: fixed Indonesian data vocabulary (no commas: Excel list validation).
ROLE_WORDS = {
    Membership.Role.ADMIN: "Admin Bagian Organisasi",
    Membership.Role.DRAFTER: "Penyusun",
    Membership.Role.UNIT_HEAD: "Kepala perangkat daerah",
    Membership.Role.REVIEWER: "Pendamping",
    Membership.Role.LEADER: "Pimpinan",
}
YES, NO = "Ya", "Tidak"
MAX_ROWS = 2000  # data rows per sheet
MAX_UNCOMPRESSED_BYTES = 50 * 1024 * 1024  # a zip bomb is refused before it is parsed
_MAX_SCANNED_ROWS = 20_000
XLSX_CONTENT_TYPE = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"


def kind_words() -> dict[str, str]:
    """Unit kinds as written in the sheet: their Indonesian labels, whatever the UI language."""
    with translation.override("id"):
        return {value: str(label) for value, label in Unit.Kind.choices}


class ImportFileError(Exception):
    """The file as a whole cannot be read; the message says why, in Indonesian."""


@dataclass
class Parsed:
    """Rows read from an upload: each a dict with its sheet row number and cell errors."""

    units: list[dict[str, Any]] = field(default_factory=list)
    people: list[dict[str, Any]] = field(default_factory=list)
    skipped_examples: list[str] = field(default_factory=list)

    def as_payload(self) -> dict[str, Any]:
        return {"units": self.units, "people": self.people, "skipped_examples": self.skipped_examples}


# Writing -------------------------------------------------------------------------------------


def _sheet(wb: Workbook, title: str, columns: list[tuple[str, str]], widths: list[int]) -> Any:
    from openpyxl.styles import Alignment, Font, PatternFill
    from openpyxl.utils import get_column_letter

    header_font, header_fill = Font(bold=True, color="FFFFFF"), PatternFill("solid", fgColor="0B5D55")
    ws = wb.create_sheet(title)
    ws.append([header for _key, header in columns])
    for index, width in enumerate(widths, start=1):
        ws.column_dimensions[get_column_letter(index)].width = width
        cell = ws.cell(row=1, column=index)
        cell.font, cell.fill = header_font, header_fill
        cell.alignment = Alignment(vertical="center")
    ws.freeze_panes = "A2"
    return ws


def _text_row(ws: Any, values: list[str], *, example: bool = False) -> None:
    from openpyxl.styles import Font

    ws.append(values)
    for cell in ws[ws.max_row]:
        cell.number_format = "@"
        if isinstance(cell.value, str):
            cell.data_type = "s"  # never let a value become a formula
        if example:
            cell.font = Font(italic=True, color="6B7280")


def _list_validation(ws: Any, column: int, words: list[str], prompt: str) -> None:
    from openpyxl.utils import get_column_letter
    from openpyxl.worksheet.datavalidation import DataValidation

    validation = DataValidation(
        type="list", formula1='"' + ",".join(words) + '"', allow_blank=True, showErrorMessage=True
    )
    validation.error = _("Pilih salah satu dari daftar.")
    validation.errorTitle = _("Nilai tidak dikenal")
    validation.prompt = prompt
    letter = get_column_letter(column)
    validation.add(f"{letter}2:{letter}{MAX_ROWS + 1}")
    ws.add_data_validation(validation)


def _text_columns(ws: Any, columns: list[int]) -> None:
    """Codes and NIPs as text: Excel would round an 18-digit NIP typed as a number."""
    from openpyxl.utils import get_column_letter

    for column in columns:
        ws.column_dimensions[get_column_letter(column)].number_format = "@"


def build_workbook(units: list[Unit], memberships: list[Membership], *, example: bool = False) -> bytes:
    """The template (``example``: one example row per sheet, no data) or an export of the data."""
    from openpyxl import Workbook

    wb = Workbook()
    wb.remove(wb.active)
    unit_ws = _sheet(wb, UNIT_SHEET, UNIT_COLUMNS, [26, 44, 22, 24, 26, 32, 24, 32, 28, 8])
    people_ws = _sheet(wb, PEOPLE_SHEET, PEOPLE_COLUMNS, [32, 36, 24, 36, 26, 40, 8])
    _text_columns(unit_ws, [1, 5, 7])
    _text_columns(people_ws, [3, 6])
    kinds = kind_words()
    if example:
        _text_row(unit_ws, UNIT_EXAMPLE, example=True)
        _text_row(people_ws, PEOPLE_EXAMPLE, example=True)
    for unit in units:
        _text_row(
            unit_ws,
            [
                unit.code,
                unit.name,
                unit.short_name,
                kinds[unit.kind],
                unit.parent.code if unit.parent_id and unit.parent else "",
                unit.head_name,
                unit.head_nip,
                unit.head_position,
                unit.head_rank,
                YES if unit.is_active else NO,
            ],
        )
    for membership in memberships:
        if membership.unit_id and membership.unit:
            codes = membership.unit.code
        else:
            codes = ", ".join(sorted(u.code for u in membership.reviewed_units.all()))
        _text_row(
            people_ws,
            [
                membership.user.email,
                membership.user.full_name,
                membership.user.nip or "",
                membership.user.position,
                ROLE_WORDS[Membership.Role(membership.role)],
                codes,
                YES if membership.is_active else NO,
            ],
        )
    _list_validation(unit_ws, 4, list(kinds.values()), _("Jenis perangkat daerah"))
    _list_validation(unit_ws, 10, [YES, NO], _("Ya bila masih aktif"))
    _list_validation(people_ws, 5, list(ROLE_WORDS.values()), _("Peran di aplikasi"))
    _list_validation(people_ws, 7, [YES, NO], _("Ya bila peran masih aktif"))
    buffer = io.BytesIO()
    wb.save(buffer)
    return buffer.getvalue()


# Reading -------------------------------------------------------------------------------------


def check_size(size: int) -> None:
    """Refuse an empty file or one over ``settings.IMPORT_MAX_BYTES``."""
    if not size:
        raise ImportFileError(_("Berkas kosong (0 byte). Pilih berkas XLSX yang berisi data."))
    limit = settings.IMPORT_MAX_BYTES
    if size > limit:
        raise ImportFileError(
            _("Berkas terlalu besar (%(size)s MB); batasnya %(limit)s MB.")
            % {"size": round(size / 1048576, 1), "limit": round(limit / 1048576, 1)}
        )


def open_workbook(data: bytes) -> Any:
    """A read-only workbook from uploaded bytes, after the size, ZIP and zip-bomb checks; any
    unreadable file raises ``ImportFileError`` with an Indonesian message."""
    from openpyxl import load_workbook

    check_size(len(data))
    if not zipfile.is_zipfile(io.BytesIO(data)):
        raise ImportFileError(
            _("Berkas ini bukan XLSX. Simpan dari Excel/LibreOffice sebagai “Buku Kerja Excel (.xlsx)”.")
        )
    try:
        with zipfile.ZipFile(io.BytesIO(data)) as archive:
            if sum(info.file_size for info in archive.infolist()) > MAX_UNCOMPRESSED_BYTES:
                raise ImportFileError(
                    _("Isi berkas terlalu besar setelah dibuka. Pecah menjadi beberapa berkas.")
                )
            if "xl/workbook.xml" not in archive.namelist():
                raise ImportFileError(_("Berkas ini arsip ZIP, bukan buku kerja XLSX."))
        return load_workbook(io.BytesIO(data), read_only=True, data_only=False)
    except ImportFileError:
        raise
    except Exception as exc:  # openpyxl raises many kinds on a damaged file; all mean "unreadable"
        raise ImportFileError(
            _("Berkas XLSX rusak atau tidak bisa dibaca. Buka dan simpan ulang di Excel, lalu unggah lagi.")
        ) from exc


def _cell_text(value: Any) -> str:
    if value is None:
        return ""
    if isinstance(value, bool):
        return YES if value else NO
    if isinstance(value, float) and value.is_integer():
        return str(int(value))
    if isinstance(value, (dt.datetime, dt.date)):
        return value.isoformat()
    return " ".join(str(value).split())


def _rows(ws: Any, sheet: str, columns: list[tuple[str, str]]) -> list[tuple[int, dict[str, Any]]]:
    """(row number, {key: raw value}) for each non-empty data row; file-level problems raise."""
    iterator = ws.iter_rows(values_only=True)
    header = next(iterator, None)
    if header is None or all(v is None for v in header):
        raise ImportFileError(_("Lembar “%(sheet)s” kosong: baris judul kolom tidak ada.") % {"sheet": sheet})
    names = [_cell_text(v).lower() for v in header]
    wanted = {title.lower(): key for key, title in columns}
    missing = [title for key, title in columns if title.lower() not in names]
    unknown = [_cell_text(v) for v in header if v is not None and _cell_text(v).lower() not in wanted]
    problems = []
    if missing:
        problems.append(_("kolom yang tidak ada: %(cols)s") % {"cols": ", ".join(missing)})
    if unknown:
        problems.append(_("kolom yang tidak dikenal: %(cols)s") % {"cols": ", ".join(unknown)})
    if problems:
        raise ImportFileError(
            _("Lembar “%(sheet)s”, baris 1: %(problems)s. Pakai templat terbaru.")
            % {"sheet": sheet, "problems": "; ".join(problems)}
        )
    positions = {wanted[name]: index for index, name in enumerate(names) if name in wanted}
    rows: list[tuple[int, dict[str, Any]]] = []
    for number, values in enumerate(iterator, start=2):
        if number > _MAX_SCANNED_ROWS:
            raise ImportFileError(_("Lembar “%(sheet)s” memiliki terlalu banyak baris.") % {"sheet": sheet})
        if values is None or all(v is None or str(v).strip() == "" for v in values):
            continue
        if len(rows) >= MAX_ROWS:
            raise ImportFileError(
                _("Lembar “%(sheet)s” berisi lebih dari %(n)s baris data. Pecah menjadi beberapa berkas.")
                % {"sheet": sheet, "n": MAX_ROWS}
            )
        row = {key: values[i] if i < len(values) else None for key, i in positions.items()}
        rows.append((number, row))
    return rows


def _column_letter(columns: list[tuple[str, str]], key: str) -> str:
    from openpyxl.utils import get_column_letter

    return get_column_letter([k for k, _t in columns].index(key) + 1)


class _RowReader:
    """Turns one sheet row into clean values, collecting Indonesian errors per column."""

    def __init__(self, sheet: str, number: int, raw: dict[str, Any], columns: list[tuple[str, str]]) -> None:
        self.sheet, self.number, self.raw, self.columns = sheet, number, raw, columns
        self.titles = dict(columns)
        self.errors: list[dict[str, str]] = []

    def error(self, key: str, message: str) -> None:
        self.errors.append(
            {
                "sheet": self.sheet,
                "row": str(self.number),
                "column": self.titles[key],
                "cell": f"{_column_letter(self.columns, key)}{self.number}",
                "message": message,
            }
        )

    def text(self, key: str, *, required: bool = False, max_length: int = 200) -> str:
        value = self.raw.get(key)
        text = _cell_text(value)
        if text.startswith("="):
            self.error(key, _("Sel berisi rumus (diawali “=”). Ketik nilainya saja, tanpa rumus."))
            return ""
        if required and not text:
            self.error(key, _("Wajib diisi."))
        if len(text) > max_length:
            self.error(key, _("Terlalu panjang: paling banyak %(n)s huruf.") % {"n": max_length})
            text = text[:max_length]
        return text

    def nip(self, key: str) -> str:
        value = self.raw.get(key)
        if isinstance(value, (int, float)) and not isinstance(value, bool):
            self.error(
                key, _("NIP diketik sebagai angka sehingga Excel membulatkannya. Ubah format sel ke Teks.")
            )
            return ""
        nip = normalise_nip(self.text(key, max_length=40))
        if nip and not is_valid_nip(nip):
            self.error(
                key, _("NIP harus 18 angka yang diawali tanggal lahir (contoh: 19600910 198003 1 003).")
            )
        return nip

    def code(self, key: str, *, required: bool) -> str:
        code = self.text(key, required=required, max_length=32)
        if code and not is_valid_unit_code(code):
            self.error(
                key, _("Kode unit harus berbentuk Permendagri 90/2019, contoh: 4.01.0.00.0.00.01.0000.")
            )
        return code

    def choice(self, key: str, words: dict[str, str]) -> str:
        text = self.text(key, required=True, max_length=80)
        lookup = {w.lower(): value for value, w in words.items()} | {v.lower(): v for v in words}
        if text and text.lower() not in lookup:
            self.error(
                key,
                _("“%(value)s” tidak dikenal. Pilih salah satu: %(words)s.")
                % {"value": text, "words": ", ".join(words.values())},
            )
            return ""
        return lookup.get(text.lower(), "")

    def yes_no(self, key: str) -> bool:
        text = self.text(key, max_length=10).lower()
        if text in {"", "ya", "y", "yes", "aktif", "1", "true"}:
            return True
        if text in {"tidak", "t", "no", "nonaktif", "0", "false"}:
            return False
        self.error(key, _("Isi “Ya” atau “Tidak”."))
        return True


def parse_workbook(data: bytes) -> Parsed:
    """Read an upload; raise ``ImportFileError`` for a file that cannot be used at all."""
    wb = open_workbook(data)
    try:
        for sheet in (UNIT_SHEET, PEOPLE_SHEET):
            if sheet not in wb.sheetnames:
                raise ImportFileError(
                    _(
                        "Lembar “%(sheet)s” tidak ada. Lembar yang ada: %(names)s. "
                        "Pakai templat dari Petajalan."
                    )
                    % {"sheet": sheet, "names": ", ".join(wb.sheetnames) or "—"}
                )
        # Read-only mode parses each sheet while iterating, so damage can surface here too.
        unit_rows = _rows(wb[UNIT_SHEET], UNIT_SHEET, UNIT_COLUMNS)
        people_rows = _rows(wb[PEOPLE_SHEET], PEOPLE_SHEET, PEOPLE_COLUMNS)
    except ImportFileError:
        raise
    except Exception as exc:  # a damaged sheet: XML, zip or encoding errors of many kinds
        raise ImportFileError(
            _("Berkas XLSX rusak atau tidak bisa dibaca. Buka dan simpan ulang di Excel, lalu unggah lagi.")
        ) from exc
    finally:
        wb.close()
    parsed = Parsed()
    unit_example = [_cell_text(v) for v in UNIT_EXAMPLE]
    people_example = [_cell_text(v) for v in PEOPLE_EXAMPLE]
    for number, raw in unit_rows:
        if [_cell_text(raw.get(k)) for k, _t in UNIT_COLUMNS] == unit_example:
            parsed.skipped_examples.append(f"{UNIT_SHEET} {number}")
            continue
        parsed.units.append(read_unit_row(number, raw))
    for number, raw in people_rows:
        if [_cell_text(raw.get(k)) for k, _t in PEOPLE_COLUMNS] == people_example:
            parsed.skipped_examples.append(f"{PEOPLE_SHEET} {number}")
            continue
        parsed.people.append(read_person_row(number, raw))
    if not parsed.units and not parsed.people:
        raise ImportFileError(
            _("Tidak ada baris data di kedua lembar (baris contoh tidak dihitung). Isi mulai baris 2.")
        )
    return parsed


def read_unit_row(number: int, raw: dict[str, Any]) -> dict[str, Any]:
    r = _RowReader(UNIT_SHEET, number, raw, UNIT_COLUMNS)
    row = {
        "row": number,
        "code": r.code("code", required=True),
        "name": r.text("name", required=True, max_length=200),
        "short_name": r.text("short_name", required=True, max_length=60),
        "kind": r.choice("kind", kind_words()),
        "parent": r.code("parent", required=False),
        "head_name": r.text("head_name", max_length=150),
        "head_nip": r.nip("head_nip"),
        "head_position": r.text("head_position", max_length=150),
        "head_rank": r.text("head_rank", max_length=80),
        "is_active": r.yes_no("is_active"),
    }
    row["errors"] = r.errors
    return row


def read_person_row(number: int, raw: dict[str, Any]) -> dict[str, Any]:
    r = _RowReader(PEOPLE_SHEET, number, raw, PEOPLE_COLUMNS)
    email = r.text("email", required=True, max_length=254).lower()
    if email:
        try:
            validate_email(email)
        except ValidationError:
            r.error("email", _("Alamat e-mail tidak sah."))
    role = r.choice("role", {str(k): v for k, v in ROLE_WORDS.items()})
    codes_text = r.text("units", max_length=2000)
    codes = [c.strip() for c in codes_text.replace(";", ",").split(",") if c.strip()]
    for code in codes:
        if not is_valid_unit_code(code):
            r.error(
                "units",
                _("“%(code)s” bukan kode unit berbentuk Permendagri 90/2019, contoh: 4.01.0.00.0.00.01.0000.")
                % {"code": code},
            )
    if role in Membership.UNIT_ROLES and len(codes) != 1:
        r.error("units", _("Penyusun dan kepala perangkat daerah terikat pada tepat satu kode unit."))
    if role in (Membership.Role.ADMIN, Membership.Role.LEADER) and codes:
        r.error("units", _("Peran ini berlaku untuk seluruh pemerintah daerah: kosongkan kode unit."))
    row = {
        "row": number,
        "email": email,
        "full_name": r.text("full_name", required=True, max_length=150),
        "nip": r.nip("nip"),
        "position": r.text("position", max_length=150),
        "role": role,
        "units": sorted(set(codes)),
        "is_active": r.yes_no("is_active"),
    }
    row["errors"] = r.errors
    return row
