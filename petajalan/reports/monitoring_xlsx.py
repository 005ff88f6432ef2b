"""The monitoring workbooks with openpyxl: the realisation workbook of a quarter (out and back
in) and the national portal's RB Tematik layout (out only). Layouts: ``monitoring.spreadsheet``.

The reader follows the road-map import's rules (docs/documents.md, decision 0051): the file is
sniffed before any parser runs (size, .xls, .ods, password, corrupt, zip bomb), then every problem
is collected with its sheet, row and column, in Indonesian, and nothing is ever raised to the
caller. Numbers are read the Indonesian way (``values.parse_decimal``).
"""

from __future__ import annotations

import io
import logging
import re
import zipfile
from decimal import Decimal
from typing import Any

from django.utils.translation import gettext as _
from openpyxl import Workbook, load_workbook
from openpyxl.cell import WriteOnlyCell
from openpyxl.cell.cell import ILLEGAL_CHARACTERS_RE
from openpyxl.styles import Alignment, Font, PatternFill, Protection
from openpyxl.styles.cell_style import StyleArray
from openpyxl.utils import get_column_letter
from openpyxl.worksheet.datavalidation import DataValidation

from petajalan.lib.formatting import angka
from petajalan.monitoring import spreadsheet as layout
from petajalan.monitoring.documents import QuarterData, roman
from petajalan.monitoring.spreadsheet import (
    PORTAL_COLUMNS,
    PORTAL_NUMBERS,
    PortalSheet,
    SheetProblem,
    SheetRow,
    WorkbookRead,
)
from petajalan.reports import xlsx_format as road_map_format
from petajalan.reports import xlsx_reader
from petajalan.reports.spreadsheet import _read_bytes, _sniff
from petajalan.reports.values import CellError, cell_text, parse_decimal
from petajalan.reports.xlsx_export import PERCENT, PERCENT_DECIMAL, RUPIAH, RUPIAH_CENTS

logger = logging.getLogger(__name__)

MAX_DATA_ROWS = xlsx_reader.MAX_DATA_ROWS
MAX_COLUMNS = xlsx_reader.MAX_COLUMNS
MAX_PROBLEMS = xlsx_reader.MAX_PROBLEMS
EXTRA_COLUMNS = xlsx_reader.EXTRA_COLUMNS
FORMULA_START = ("=", "+", "-", "@", "\t", "\r")
HEADER_FILL = PatternFill("solid", fgColor="D9D9D9")
NUMBER_FILL = PatternFill("solid", fgColor="F2F2F2")
READ_ONLY_FILL = PatternFill("solid", fgColor="EDEDED")
FILL_IN_FILL = PatternFill("solid", fgColor="FFF2CC")


# -- writing --------------------------------------------------------------------------------------


class _Styles:
    """Cell styles registered once per workbook and copied (openpyxl's per-cell lookups are slow)."""

    def __init__(self, ws: Any) -> None:
        self.ws = ws
        self.cache: dict[tuple[Any, ...], StyleArray] = {}

    def cell(
        self, value: Any, *, number_format: str | None = None, grey: bool = False, editable: bool = False
    ) -> Any:
        if isinstance(value, str):
            value = ILLEGAL_CHARACTERS_RE.sub("", value)
            if value == "":
                value = None
        quote = isinstance(value, str) and value.startswith(FORMULA_START)
        text = isinstance(value, str)
        key = (number_format if not text else None, grey, editable, text, quote)
        if not any(key):
            return value  # a plain cell: no style to copy
        if key not in self.cache:
            model = WriteOnlyCell(self.ws)
            if text:
                model.alignment = Alignment(wrap_text=True, vertical="top")
            if quote:
                model.quotePrefix = True
            if key[0]:
                model.number_format = key[0]
            if grey:
                model.fill = READ_ONLY_FILL
            if editable:
                model.protection = Protection(locked=False)
            self.cache[key] = model._style
        cell = WriteOnlyCell(self.ws, value)
        if quote:
            cell.data_type = "s"
        cell._style = StyleArray(self.cache[key])
        return cell


def _number_format(value: Decimal | None, *, percent: bool = False, money: bool = False) -> str | None:
    if value is None:
        return RUPIAH if money else None
    whole = value == value.to_integral_value()
    if money:
        return RUPIAH if whole else RUPIAH_CENTS
    if percent:
        return PERCENT if whole else PERCENT_DECIMAL
    return "#,##0" if whole else "General"


def _header_rows(ws: Any, title: str, columns: list[layout.Column], rows: int) -> None:
    last = f"{get_column_letter(len(columns))}{layout.FIRST_DATA_ROW - 1 + rows}"
    ws.calculate_dimension = lambda: f"A1:{last}"  # the sheet's size, as xlsx_export states it
    for i, column in enumerate(columns, start=1):
        dimension = ws.column_dimensions[get_column_letter(i)]
        dimension.width = column.width
        if column.hidden:
            dimension.hidden = True
    title_cell = WriteOnlyCell(ws, title)
    title_cell.font = Font(bold=True, size=12)
    ws.append([title_cell])
    headers = []
    for column in columns:
        cell = WriteOnlyCell(ws, column.header)
        cell.font = Font(bold=True)
        cell.fill = FILL_IN_FILL if column.editable else HEADER_FILL
        cell.alignment = Alignment(wrap_text=True, horizontal="center", vertical="center")
        headers.append(cell)
    ws.append(headers)
    numbers = []
    for i in range(1, len(columns) + 1):
        cell = WriteOnlyCell(ws, i)
        cell.fill = NUMBER_FILL
        cell.alignment = Alignment(horizontal="center")
        numbers.append(cell)
    ws.append(numbers)


def write_workbook(data: QuarterData) -> bytes:
    """The quarter's realisation workbook: grey locked plan columns, open cells to fill in, and the
    hidden ID column the import matches rows by. Sheet protection has no password: it guards
    against typing in the wrong column, not against a determined user (the import ignores the
    plan's columns anyway)."""
    city = data.scope == "city"
    columns = layout.columns(city=city)
    wb = Workbook(write_only=True)
    _guide(wb)
    _info(wb, data)
    ws = wb.create_sheet(layout.DATA_SHEET)
    who = data.unit or data.government
    title = _("Realisasi Rencana Aksi Triwulan %(q)s Tahun %(y)s – %(who)s") % {
        "q": roman(data.quarter),
        "y": data.year,
        "who": who,
    }
    # frozen headers and columns up to the activity (set before the first row: write-only mode)
    frozen = next(i for i, c in enumerate(columns, start=1) if c.key == "activity") + 1
    ws.freeze_panes = f"{get_column_letter(frozen)}{layout.FIRST_DATA_ROW}"
    _header_rows(ws, title, columns, len(data.rows))
    styles = _Styles(ws)
    for row, values in zip(data.rows, layout.row_values(data, city=city), strict=True):
        percent = row.unit_of_measure.strip() == "%"
        cells = []
        for column, value in zip(columns, values, strict=True):
            fmt = None
            if column.kind == "number":
                fmt = _number_format(value, percent=percent)
            elif column.kind == "money":
                fmt = _number_format(value, money=True)
            cells.append(
                styles.cell(value, number_format=fmt, grey=not column.editable, editable=column.editable)
            )
        ws.append(cells)
    ws.protection.sheet = True
    ws.protection.formatColumns = False  # widths may still be changed
    ws.protection.formatRows = False
    ws.protection.autoFilter = False
    buffer = io.BytesIO()
    wb.save(buffer)
    return buffer.getvalue()


def _guide(wb: Any) -> None:
    ws = wb.create_sheet(layout.GUIDE_SHEET)
    ws.column_dimensions["A"].width = 110
    lines = [
        _("Petunjuk pengisian realisasi triwulan"),
        _("1. Isi kolom berwarna kuning di lembar Realisasi: realisasi, realisasi anggaran,"),
        _("   uraian kemajuan, faktor pendukung, faktor penghambat dan tindak lanjut."),
        _("   Kolom abu-abu adalah rencana dan dikunci."),
        _("2. Jangan mengubah, menghapus atau menyalin kolom ID (tersembunyi): kolom itu mengenali"),
        _("   baris saat berkas diunggah kembali. Baris tidak dapat ditambah atau dihapus lewat berkas ini."),
        _("3. Angka boleh ditulis 1.250.000,50 atau Rp 1.250.000; persen boleh 75 atau 75 %."),
        _("   Sel kosong berarti belum diisi. Jangan memakai rumus atau menggabung sel."),
        _("4. Kolom yang dihapus dari berkas membiarkan isian yang tersimpan apa adanya."),
        _("5. Unggah kembali berkas ini di halaman laporan triwulan. Tidak ada yang disimpan sebelum Anda"),
        _("   melihat pratinjau perubahan dan menyetujuinya; semua baris disimpan, atau tidak satu pun."),
        _("6. Impor ditolak bila triwulan sudah dikunci atau laporan sudah diajukan atau diverifikasi."),
    ]
    for i, line in enumerate(lines):
        cell = WriteOnlyCell(ws, line)
        if i == 0:
            cell.font = Font(bold=True, size=14)
        ws.append([cell])


def _info(wb: Any, data: QuarterData) -> None:
    ws = wb.create_sheet(layout.INFO_SHEET)
    ws.column_dimensions["A"].width = 28
    ws.column_dimensions["B"].width = 60
    values = layout.info_values(data)
    for key, label in layout.INFO_FIELDS:
        label_cell = WriteOnlyCell(ws, label)
        label_cell.font = Font(bold=True)
        value = values[key]
        ws.append([label_cell, value if value not in ("", None) else None])
    ws.protection.sheet = True


def _portal_value(value: Any) -> Any:
    """Whole numbers as numbers; others as text with a decimal comma ("75,5"): the portal's
    importer removes every dot and reads the comma as the decimal point, so a number cell holding
    75.5 would arrive as 755."""
    if isinstance(value, Decimal):
        if value == value.to_integral_value():
            return int(value)
        return format(value.normalize(), "f").replace(".", ",")
    return value


def write_portal(sheet: PortalSheet) -> bytes:
    """The RB Tematik import of the national portal: its 35 headers in row 1 of the first sheet
    (which is all its importer reads), one row per action from row 2; a guide sheet after it and
    the drop-down list of intervention focuses in a hidden sheet."""
    wb = Workbook(write_only=True)
    ws = wb.create_sheet(road_map_format.sheet_title(sheet.title, set()))
    last = f"{get_column_letter(len(PORTAL_COLUMNS))}{1 + len(sheet.rows)}"
    ws.calculate_dimension = lambda: f"A1:{last}"
    ws.freeze_panes = "A2"
    for i, (key, _header) in enumerate(PORTAL_COLUMNS, start=1):
        ws.column_dimensions[get_column_letter(i)].width = 14 if key in PORTAL_NUMBERS else 24
    headers = []
    for _key, header in PORTAL_COLUMNS:
        cell = WriteOnlyCell(ws, header)
        cell.font = Font(bold=True)
        cell.fill = HEADER_FILL
        cell.alignment = Alignment(wrap_text=True, horizontal="center", vertical="center")
        headers.append(cell)
    ws.append(headers)
    styles = _Styles(ws)
    for values in sheet.rows:
        ws.append(
            [
                styles.cell(_portal_value(v), number_format="#,##0" if isinstance(v, Decimal) else None)
                for v in values
            ]
        )
    focus_column = get_column_letter(
        next(i for i, (k, _h) in enumerate(PORTAL_COLUMNS, 1) if k == "fokus_intervensi")
    )
    choices = layout.INTERVENTION_FOCUSES
    dv = DataValidation(
        type="list",
        formula1=f"Daftar!$A$2:$A${len(choices) + 1}",
        allow_blank=True,
        showErrorMessage=True,
        errorTitle=_("Isian tidak ada dalam daftar"),
        error=_("Pilih fokus intervensi dari daftar."),
    )
    dv.add(f"{focus_column}2:{focus_column}{max(len(sheet.rows), 1) + 1000}")
    ws.data_validations.append(dv)

    guide = wb.create_sheet(layout.GUIDE_SHEET)
    guide.column_dimensions["A"].width = 110
    for i, line in enumerate(
        [
            _("Format impor RB Tematik Portal RB nasional (35 kolom)"),
            _("1. Lembar pertama sudah dalam urutan kolom yang dibaca portal: unggah berkas ini apa adanya."),
            _("2. Satu baris per rencana aksi; target dan realisasi TW1–TW4 tahun ini dari Petajalan."),
            _("   Realisasi memakai angka hasil verifikasi bila ada. Realisasi Total dan Realisasi Anggaran"),
            _("   adalah angka triwulan terakhir yang dilaporkan (dilaporkan sampai dengan triwulan itu)."),
            _("3. Fokus Intervensi belum disimpan di Petajalan: pilih satu dari daftar untuk setiap baris."),
            _("4. Kolom Sasaran, Indikator Roadmap dan indikator permasalahan diisi di portal"),
            _("   bila diperlukan."),
            _("5. Tema harus sama dengan nama tema di portal; baris yang bukan RB Tematik dihapus dulu."),
            _("6. Angka berdesimal ditulis sebagai teks dengan koma (75,5): begitu portal membacanya."),
        ]
    ):
        cell = WriteOnlyCell(guide, line)
        if i == 0:
            cell.font = Font(bold=True, size=14)
        guide.append([cell])

    lists = wb.create_sheet("Daftar")
    lists.sheet_state = "hidden"
    lists.append([_("Fokus Intervensi")])
    for choice in choices:
        lists.append([choice])
    buffer = io.BytesIO()
    wb.save(buffer)
    return buffer.getvalue()


# -- reading ------------------------------------------------------------------------------------------


class _TooMany(Exception):
    pass


class _Reader:
    def __init__(self, data: bytes, read: WorkbookRead) -> None:
        self.data = data
        self.read = read
        self.row_count = 0
        self.found_sheet = False

    def add(self, sheet: str, row: int, column: str, message: str) -> None:
        if len(self.read.problems) >= MAX_PROBLEMS:
            raise _TooMany
        self.read.problems.append(SheetProblem(sheet, row, column, message))

    def run(self) -> None:
        archive = zipfile.ZipFile(io.BytesIO(self.data))
        try:
            wb = load_workbook(io.BytesIO(self.data), read_only=True, data_only=False, keep_links=False)
        except Exception as exc:  # openpyxl raises many kinds on a damaged file
            logger.info("workbook refused by openpyxl: %s", exc)
            raise CellError(
                _("Berkas rusak dan tidak dapat dibuka. Simpan ulang dari Excel, lalu unggah lagi.")
            ) from exc
        try:
            names = {ws.title.casefold(): ws for ws in wb.worksheets}
            info = names.get(layout.INFO_SHEET.casefold())
            if info is not None:
                self._info(info)
                format_name = cell_text(self.read.info.get("format")).strip()
                if format_name and not format_name.startswith(layout.FORMAT_NAME):
                    self.add(
                        layout.INFO_SHEET,
                        0,
                        "Format",
                        _(
                            "Berkas ini “%(format)s”, bukan lembar kerja realisasi pemantauan. Unduh berkas "
                            "Excel dari halaman laporan triwulan, isi, lalu unggah lagi."
                        )
                        % {"format": format_name},
                    )
                    return
            for ws in wb.worksheets:
                if ws is not info:
                    self._sheet(ws, archive)
        finally:
            wb.close()
        if not self.found_sheet:
            self.add(
                "",
                0,
                "",
                _(
                    "Lembar “%(sheet)s” tidak ditemukan. Unggah berkas Excel yang diunduh dari halaman "
                    "laporan triwulan ini."
                )
                % {"sheet": layout.DATA_SHEET},
            )

    def _info(self, ws: Any) -> None:
        for row in ws.iter_rows(max_col=2, values_only=True):
            if row and row[0]:
                self.read.info[layout.normalise_header(row[0])] = row[1] if len(row) > 1 else None

    def _sheet(self, ws: Any, archive: zipfile.ZipFile) -> None:
        name = ws.title
        if hasattr(ws, "reset_dimensions"):
            ws.reset_dimensions()  # read past a stated size that is too small (as the road-map reader)
        if name.casefold() == layout.GUIDE_SHEET.casefold():
            return
        for ref in road_map_format.merged_ranges(archive, getattr(ws, "_worksheet_path", "")):
            first_row = int(re.sub(r"[A-Z]+", "", ref.split(":")[0]))
            if first_row > layout.TITLE_ROW:
                self.add(
                    name,
                    first_row,
                    "",
                    _("Sel %(ref)s digabung (merge). Pisahkan sel itu, lalu unggah lagi.") % {"ref": ref},
                )
        known = {layout.normalise_header(c.header): c for c in layout.ALL_COLUMNS.values()}
        header, header_number = None, 0
        for row in ws.iter_rows(max_row=5, max_col=MAX_COLUMNS + 1):
            values = [c.value for c in row]
            if sum(1 for v in values if layout.normalise_header(v) in known) >= 3:
                header = values
                header_number = next((c.row for c in row if getattr(c, "row", None)), 0)
                break
        if header is None:
            if any(
                v not in (None, "")
                for row in ws.iter_rows(max_row=50, max_col=50, values_only=True)
                for v in row
            ):
                self.add(
                    name,
                    0,
                    "",
                    _(
                        "Lembar ini tidak dikenali (tidak ada baris judul kolom realisasi); isinya tidak "
                        "dibaca. Pakai lembar “%(sheet)s” dari berkas unduhan."
                    )
                    % {"sheet": layout.DATA_SHEET},
                )
            return
        if self.found_sheet:
            self.add(
                name,
                0,
                "",
                _("Berkas memiliki lebih dari satu lembar realisasi; sisakan satu lembar “%(sheet)s”.")
                % {"sheet": layout.DATA_SHEET},
            )
            return
        self.found_sheet = True
        self.read.sheet = name
        while header and header[-1] in (None, ""):
            header.pop()
        if len(header) > MAX_COLUMNS:
            self.add(
                name, header_number, "", _("Lembar ini memiliki lebih dari %(n)s kolom.") % {"n": MAX_COLUMNS}
            )
            return
        mapping = self._columns(name, header_number, header, known)
        if mapping is None:
            return
        self.read.present = {key for key in mapping.values() if key in layout.EDITABLE}
        rows = ws.iter_rows(min_row=header_number + 1, max_col=len(header) + EXTRA_COLUMNS)
        self._rows(name, rows, mapping, header_number)

    def _columns(
        self, sheet: str, row: int, header: list[Any], known: dict[str, layout.Column]
    ) -> dict[int, str] | None:
        mapping: dict[int, str] = {}
        for index, value in enumerate(header):
            label = layout.normalise_header(value)
            if not label:
                continue
            shown = cell_text(value).strip()
            column = known.get(label)
            if column is None:
                self.add(
                    sheet,
                    row,
                    shown,
                    _("Kolom “%(shown)s” tidak dikenal. Hapus kolom itu atau kembalikan judulnya.")
                    % {"shown": shown},
                )
                continue
            if column.key in mapping.values():
                self.add(sheet, row, shown, _("Kolom “%(shown)s” muncul dua kali.") % {"shown": shown})
                continue
            mapping[index] = column.key
        if layout.KEY not in mapping.values():
            self.add(
                sheet,
                row,
                "ID",
                _(
                    "Kolom kunci “ID” tidak ada, jadi baris tidak dapat dicocokkan. Kolom itu tersembunyi di "
                    "berkas unduhan: unduh berkasnya lagi dan jangan hapus kolom itu."
                ),
            )
            return None
        if not any(key in layout.EDITABLE for key in mapping.values()):
            self.add(
                sheet,
                row,
                "",
                _("Tidak ada kolom isian (Realisasi, Realisasi Anggaran, Uraian Kemajuan, …) di lembar ini."),
            )
            return None
        return mapping

    def _rows(self, sheet: str, rows: Any, mapping: dict[int, str], header_number: int) -> None:
        columns = layout.ALL_COLUMNS
        for row in rows:
            cells = {mapping[i]: c for i, c in enumerate(row) if i in mapping}
            values = {k: c.value for k, c in cells.items()}
            stray = [c for i, c in enumerate(row) if i not in mapping and c.value not in (None, "")]
            if not stray and all(
                v is None or (isinstance(v, str) and not v.strip()) for v in values.values()
            ):
                continue
            number = next((c.row for c in row if getattr(c, "row", None)), 0)
            if number == header_number + 1 and road_map_format.is_number_row([c.value for c in row]):
                continue  # the 1…n column-number row
            self.row_count += 1
            if self.row_count > MAX_DATA_ROWS:
                self.add(
                    sheet,
                    number,
                    "",
                    _(
                        "Berkas berisi lebih dari %(limit)s baris data; batasnya %(limit)s. "
                        "Bagi menjadi beberapa berkas."
                    )
                    % {"limit": angka(MAX_DATA_ROWS)},
                )
                raise _TooMany
            for cell in stray:
                letter = get_column_letter(cell.column)
                self.add(
                    sheet,
                    number,
                    letter,
                    _(
                        "Sel %(letter)s%(number)s berisi data di kolom tanpa judul yang dikenal; "
                        "data itu tidak terbaca."
                    )
                    % {"letter": letter, "number": number},
                )
            formula = False
            for key, cell in cells.items():
                if cell.data_type == "f":
                    formula = True
                    self.add(
                        sheet,
                        number,
                        columns[key].header,
                        _("Sel %(ref)s berisi rumus; ketik nilainya saja.")
                        % {"ref": f"{get_column_letter(cell.column)}{number}"},
                    )
            key = cell_text(values.get(layout.KEY)).strip()
            if not key:
                self.add(
                    sheet,
                    number,
                    "ID",
                    _(
                        "Baris ini tidak memiliki ID. Baris baru tidak dapat ditambahkan lewat impor "
                        "realisasi; rencana aksi ditambah di road map."
                    ),
                )
                continue
            if formula:
                continue
            parsed: dict[str, Any] = {}
            for name in layout.EDITABLE:
                if name not in cells:
                    continue
                column = columns[name]
                if column.kind in ("number", "money"):
                    try:
                        value = parse_decimal(values.get(name), getattr(cells[name], "number_format", None))
                    except CellError as exc:
                        self.add(sheet, number, column.header, str(exc))
                        continue
                    if value is not None and column.kind == "money" and value < 0:
                        self.add(sheet, number, column.header, _("Realisasi anggaran tidak boleh negatif."))
                        continue
                    if value is not None and abs(value) >= Decimal(10) ** 14:
                        self.add(sheet, number, column.header, _("Angka ini terlalu besar."))
                        continue
                    parsed[name] = value
                else:
                    text = cell_text(values.get(name)).replace("\r\n", "\n").strip()
                    if column.max_length and len(text) > column.max_length:
                        self.add(
                            sheet,
                            number,
                            column.header,
                            _("Isian lebih dari %(n)s karakter; persingkat.")
                            % {"n": angka(column.max_length)},
                        )
                        continue
                    parsed[name] = text
            self.read.rows.append(SheetRow(number, key, parsed))


def read_workbook(content: bytes) -> WorkbookRead:
    """A realisation workbook read back: its Info, its rows (numbers parsed) and every problem;
    a bad file is a problem, never an exception."""
    read = WorkbookRead()
    try:
        data = _read_bytes(content)
        reason = _sniff(data)
        if reason:
            read.problems.append(SheetProblem("", 0, "", reason))
            return read
        _Reader(data, read).run()
    except CellError as exc:
        read.problems.append(SheetProblem("", 0, "", str(exc)))
    except _TooMany:
        if len(read.problems) >= MAX_PROBLEMS:
            read.problems.append(
                SheetProblem(
                    "",
                    0,
                    "",
                    _("Lebih dari %(count)s masalah; perbaiki yang di atas, lalu unggah lagi.")
                    % {"count": MAX_PROBLEMS},
                )
            )
    except Exception:  # the contract: a bad file is a message, never a 500
        logger.exception("unreadable realisation workbook")
        read.problems.append(
            SheetProblem(
                "",
                0,
                "",
                _("Berkas rusak atau isinya tidak dapat dibaca. Simpan ulang dari Excel, lalu unggah lagi."),
            )
        )
    return read
