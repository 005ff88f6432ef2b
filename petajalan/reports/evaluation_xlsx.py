"""A self-assessment cycle's answers as an XLSX workbook, and the same workbook read back in.

The workbook has ``Petunjuk`` (how to fill it in), ``Info`` (which government and year) and
``Jawaban``: title in row 1, headers in row 2, column numbers in row 3, then one row per scored
item in the worksheet's order. The item's ``Nomor`` (its ref in the pack) matches a row on import;
only the yellow columns (self answer, reason for "not applicable", note) are read back. Everything
else (weight, allowed answers, evidence, verification, evaluator, points) is there to read, grey
and locked.

An upload goes through the road-map import's file checks (size, .xls, .ods, password, corrupt,
zip bomb: ``reports.spreadsheet``), then ``check_import`` lists every problem with its row or
every change; ``apply_import`` writes the changes through ``services.answer_self`` in one
transaction (the phase, the window, the user's right per item, the versions apply), all or nothing.
"""

from __future__ import annotations

import datetime as dt
import io
import logging
import re
import zipfile
from dataclasses import dataclass, field
from decimal import Decimal
from typing import Any

from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import gettext_noop as N_
from openpyxl import Workbook, load_workbook
from openpyxl.cell import WriteOnlyCell
from openpyxl.styles import Font
from openpyxl.utils import get_column_letter
from openpyxl.worksheet.datavalidation import DataValidation

from petajalan.accounts.services import ServiceError, StaleEdit
from petajalan.evaluations import scoring, services
from petajalan.evaluations.models import Answer, Cycle, Phase
from petajalan.evidence.models import Link
from petajalan.lib.formatting import angka, tanggal
from petajalan.monitoring.spreadsheet import Column, SheetProblem, SheetRow, WorkbookRead
from petajalan.reports import xlsx_format, xlsx_reader
from petajalan.reports.evaluation_doc import (
    allowed_answers,
    answer_kind,
    ordered_choices,
    shown_answer,
    shown_number,
)
from petajalan.reports.monitoring_xlsx import _header_rows, _number_format, _Styles
from petajalan.reports.spreadsheet import _read_bytes, _sniff
from petajalan.reports.values import CellError, cell_text, parse_decimal

logger = logging.getLogger(__name__)

FORMAT_NAME = "Petajalan evaluasi mandiri"
FORMAT_VERSION = 1
GUIDE_SHEET, INFO_SHEET, DATA_SHEET = "Petunjuk", "Info", "Jawaban"
FIRST_DATA_ROW = 4
KEY = "ref"
POINTS = "0.00"

COLUMNS = [
    Column("no", "No", 6),
    Column(KEY, "Nomor", 10),
    Column("component", "Komponen", 30),
    Column("title", "Kriteria", 40),
    Column("weight", "Bobot", 8, kind="number"),
    Column("answer_type", "Jenis Jawaban", 20),
    Column("allowed", "Jawaban yang Diperbolehkan", 24),
    Column("unit", "Penanggung Jawab", 22),
    Column("self_value", "Jawaban Mandiri", 14, editable=True, kind="answer"),
    Column("na_reason", "Alasan Tidak Berlaku", 30, editable=True, max_length=2000),
    Column("note", "Catatan", 40, editable=True, max_length=4000),
    Column("evidence", "Data Dukung", 44),
    Column("check_state", "Status Verifikasi", 18),
    Column("verified_value", "Jawaban Verifikasi", 14, kind="answer"),
    Column("verified_note", "Catatan Verifikasi", 30),
    Column("evaluator_value", "Jawaban Evaluator", 14, kind="answer"),
    Column("self_points", "Nilai Mandiri", 11, kind="points"),
    Column("verified_points", "Nilai Verifikasi", 11, kind="points"),
    Column("evaluator_points", "Nilai Evaluator", 11, kind="points"),
]
BY_KEY = {c.key: c for c in COLUMNS}
BY_HEADER = {xlsx_format.normalise_header(c.header): c for c in COLUMNS}
EDITABLE = [c.key for c in COLUMNS if c.editable]

GUIDE = (
    N_("Petunjuk pengisian lembar jawaban evaluasi mandiri RB"),
    N_("1. Isi kolom berwarna kuning di lembar Jawaban: Jawaban Mandiri, Alasan Tidak Berlaku, Catatan."),
    N_("   Kolom abu-abu (bobot, jenis jawaban, data dukung, verifikasi, evaluator, nilai) hanya dibaca."),
    N_("2. Jawaban harus sesuai kolom Jawaban yang Diperbolehkan: angka dalam rentangnya (boleh 85,5"),
    N_("   atau 85 %), atau salah satu pilihan. Tulis NA bila kriteria tidak berlaku, dan isi alasannya."),
    N_("   Sel jawaban yang dikosongkan menghapus jawaban yang tersimpan."),
    N_("3. Jangan mengubah kolom Nomor: kolom itu mengenali kriteria saat berkas diunggah kembali."),
    N_("   Baris tidak dapat ditambah lewat berkas ini. Jangan memakai rumus atau menggabung sel."),
    N_("4. Kolom kuning yang dihapus dari berkas membiarkan isian yang tersimpan apa adanya."),
    N_("5. Perangkat daerah hanya dapat mengubah jawaban kriteria yang menjadi tanggung jawabnya; baris"),
    N_("   lain boleh tetap ada di berkas asal tidak diubah."),
    N_("6. Unggah kembali berkas ini di halaman evaluasi. Tidak ada yang disimpan sebelum Anda melihat"),
    N_("   pratinjau perubahan dan menyetujuinya; semua jawaban disimpan, atau tidak satu pun."),
    N_("7. Impor hanya diterima pada tahap pengisian (dan tahap kompilasi untuk Bagian Organisasi)."),
)


# -- writing ----------------------------------------------------------------------------------------


def _answer_cell(node: scoring.Node | None, stored: str) -> Any:
    """Numbers as numbers (Excel shows them the user's way), choices and NA as text."""
    if not stored or stored == scoring.NA or node is None or node.choices:
        return stored or None
    try:
        return Decimal(stored)
    except ArithmeticError:
        return stored


def _points(entry: scoring.NodeScore | None) -> Decimal | None:
    if entry is None or entry.missing or entry.answer in ("", scoring.NA):
        return None
    return entry.points.quantize(Decimal("0.01"))


def evidence_by_answer(cycle: Cycle, user: Any = None) -> dict[int, list[str]]:
    """'number – title' of the evidence linked to each answer (what ``user`` may see; one query)."""
    links = Link.objects.filter(
        government_id=cycle.government_id,
        target_kind=Link.TargetKind.CRITERION_ANSWER,
        target_id__in=[str(pk) for pk in cycle.answers.values_list("pk", flat=True)],
    )
    if user is not None:
        links = links.visible_to(user)
    found: dict[int, list[str]] = {}
    for target_id, number, title in links.order_by("item__title", "pk").values_list(
        "target_id", "item__number", "item__title"
    ):
        found.setdefault(int(target_id), []).append(f"{number} – {title}" if number else title)
    return found


def component_path(worksheet: scoring.Worksheet, key: str) -> str:
    """The item's ancestors, 'RB General › Capaian Pelaksanaan Kebijakan RB › Elemen hard'."""
    return " › ".join(node.title for node in worksheet.path(key)[:-1])


def _rows(cycle: Cycle, user: Any) -> tuple[list[tuple[scoring.Node | None, dict[str, Any]]], Any]:
    answers = list(cycle.answers.select_related("unit").order_by("order", "pk"))
    result = services.scores(cycle, answers)
    worksheet = result.worksheet
    evidence = evidence_by_answer(cycle, user)
    checks = dict(Answer.Check.choices)
    rows = []
    for n, answer in enumerate(answers, start=1):
        node = worksheet.nodes.get(answer.node_key)
        evaluator = result.evaluator.nodes.get(answer.node_key) if result.evaluator else None
        values = {
            "no": n,
            KEY: answer.ref,
            "component": component_path(worksheet, answer.node_key) if node else "",
            "title": node.title if node else answer.node_key,
            "weight": node.weight if node else None,
            "answer_type": answer_kind(node) if node else "",
            "allowed": allowed_answers(node) if node else "",
            "unit": answer.unit.short_name or answer.unit.name if answer.unit else _("Bagian Organisasi"),
            "self_value": _answer_cell(node, answer.self_value),
            "na_reason": answer.na_reason,
            "note": answer.note,
            "evidence": "\n".join(evidence.get(answer.pk, [])),
            "check_state": str(checks.get(answer.check_state, "")),
            "verified_value": _answer_cell(node, answer.verified_value),
            "verified_note": answer.verified_note,
            "evaluator_value": _answer_cell(node, answer.evaluator_value),
            "self_points": _points(result.self.nodes.get(answer.node_key)),
            "verified_points": _points(result.verified.nodes.get(answer.node_key)),
            "evaluator_points": _points(evaluator),
        }
        rows.append((node, values))
    return rows, result


def write_workbook(cycle: Cycle, user: Any = None) -> bytes:
    """The cycle's answers: grey locked reference columns, yellow cells to fill in. The sheet is
    protected without a password (against typing in the wrong column; the import reads only the
    yellow ones anyway)."""
    cycle = Cycle.objects.select_related("government", "worksheet", "bands").get(pk=cycle.pk)
    rows, result = _rows(cycle, user)
    wb = Workbook(write_only=True)
    _guide(wb)
    _info(wb, cycle, result)
    ws = wb.create_sheet(DATA_SHEET)
    ws.freeze_panes = f"C{FIRST_DATA_ROW}"  # set before the first row: write-only mode
    title = _("Jawaban Lembar Kerja Evaluasi RB %(year)s – %(gov)s") % {
        "year": cycle.year,
        "gov": cycle.government.name,
    }
    _header_rows(ws, title, COLUMNS, len(rows))
    styles = _Styles(ws)
    choices: dict[str, list[str]] = {}
    for number, (node, values) in enumerate(rows, start=FIRST_DATA_ROW):
        cells = []
        for column in COLUMNS:
            value = values[column.key]
            fmt = None
            if column.kind == "points" and value is not None:
                fmt = POINTS
            elif isinstance(value, Decimal):
                fmt = _number_format(value)
            cells.append(
                styles.cell(value, number_format=fmt, grey=not column.editable, editable=column.editable)
            )
        ws.append(cells)
        if node is not None and node.choices:
            choices.setdefault('"' + ",".join([*ordered_choices(node), scoring.NA]) + '"', []).append(
                str(number)
            )
    _choice_lists(ws, choices)
    ws.protection.sheet = True
    ws.protection.formatColumns = False
    ws.protection.formatRows = False
    ws.protection.autoFilter = False
    buffer = io.BytesIO()
    wb.save(buffer)
    return buffer.getvalue()


def _choice_lists(ws: Any, choices: dict[str, list[str]]) -> None:
    """A drop-down on the self-answer cell of each choice item (its own choices and NA)."""
    letter = get_column_letter(COLUMNS.index(BY_KEY["self_value"]) + 1)
    for formula, rows in choices.items():
        if len(formula) > 255:  # Excel's limit for a literal list; the import still checks
            continue
        dv = DataValidation(
            type="list",
            formula1=formula,
            allow_blank=True,
            showErrorMessage=True,
            errorTitle=_("Jawaban tidak ada dalam daftar"),
            error=_("Pilih jawaban dari daftar."),
        )
        dv.add(" ".join(f"{letter}{row}" for row in rows))
        ws.data_validations.append(dv)


def _bold(ws: Any, text: str, size: int | None = None) -> Any:
    cell = WriteOnlyCell(ws, text)
    cell.font = Font(bold=True, size=size) if size else Font(bold=True)
    return cell


def _guide(wb: Any) -> None:
    ws = wb.create_sheet(GUIDE_SHEET)
    ws.column_dimensions["A"].width = 110
    ws.append([_bold(ws, _(GUIDE[0]), 14)])
    for line in GUIDE[1:]:
        ws.append([_(line)])


def _info(wb: Any, cycle: Cycle, result: services.CycleScores) -> None:
    ws = wb.create_sheet(INFO_SHEET)
    ws.column_dimensions["A"].width = 32
    ws.column_dimensions["B"].width = 70
    pairs: list[tuple[str, Any]] = [
        ("Format", f"{FORMAT_NAME} {FORMAT_VERSION}"),
        ("Pemerintah Daerah", cycle.government.name),
        ("Kode Pemerintah Daerah", cycle.government.slug),
        ("Tahun", cycle.year),
        ("Lembar Kerja", f"{cycle.worksheet.title} ({cycle.worksheet.version})"),
        ("Tahap", cycle.get_phase_display()),
        ("Diunduh", tanggal(timezone.localdate())),
    ]
    for label, score in (
        (_("mandiri"), result.self),
        (_("verifikasi"), result.verified),
        (_("evaluator"), result.evaluator),
    ):
        if score is not None:
            pairs.append(
                (_("Indeks RB (%(c)s)") % {"c": label}, shown_number(score.index.quantize(Decimal("0.01"))))
            )
            pairs.append((_("Predikat (%(c)s)") % {"c": label}, score.band))
    for label, value in pairs:
        ws.append([_bold(ws, label), value])
    ws.protection.sheet = True


# -- reading ------------------------------------------------------------------------------------------


class _Full(Exception):
    """Too many problems: stop reading."""


M_MERGED = N_("Sel %(ref)s digabung (merge). Pisahkan sel itu, lalu unggah lagi.")
M_NO_HEADER = N_("Baris judul kolom tidak ditemukan. Pakai berkas unduhan tanpa mengubah baris 1–3.")
M_WIDE = N_("Lembar ini memiliki lebih dari %(n)s kolom.")
M_UNKNOWN_COLUMN = N_("Kolom “%(c)s” tidak dikenal. Hapus kolom itu atau kembalikan judulnya.")
M_TWICE = N_("Kolom “%(c)s” muncul dua kali.")
M_NO_KEY = N_("Kolom “Nomor” tidak ada, jadi baris tidak dapat dicocokkan dengan kriteria.")
M_NO_INPUT = N_("Tidak ada kolom isian (Jawaban Mandiri, Alasan Tidak Berlaku, Catatan) di lembar ini.")
M_TOO_LONG = N_("Berkas berisi lebih dari %(n)s baris data.")
M_STRAY = N_("Sel %(ref)s berisi data di kolom tanpa judul yang dikenal; data itu tidak terbaca.")
M_NO_REF = N_("Baris ini tidak memiliki Nomor kriteria; baris baru tidak dapat ditambahkan lewat berkas ini.")
M_FORMULA = N_("Sel %(ref)s berisi rumus; ketik nilainya saja.")


class _Reader:
    """The ``Jawaban`` sheet of an upload (and its ``Info``) into ``read``; problems are collected."""

    def __init__(self, data: bytes, read: WorkbookRead) -> None:
        self.data, self.read, self.count = data, read, 0

    def problem(self, row: int, column: str, message: str, **params: Any) -> None:
        """One problem of the data sheet (``message`` untranslated, filled with ``params``)."""
        if len(self.read.problems) >= xlsx_reader.MAX_PROBLEMS:
            raise _Full
        self.read.problems.append(SheetProblem(DATA_SHEET, row, column, _(message) % params))

    def run(self) -> str | None:
        """Read the file; the reason when it cannot be read at all."""
        try:
            wb = load_workbook(io.BytesIO(self.data), read_only=True, data_only=False, keep_links=False)
        except Exception as exc:  # openpyxl raises many kinds on a damaged file
            logger.info("answers workbook refused by openpyxl: %s", exc)
            return _("Berkas rusak dan tidak dapat dibuka. Simpan ulang dari Excel, lalu unggah lagi.")
        try:
            sheets = {ws.title.casefold(): ws for ws in wb.worksheets}
            info = sheets.get(INFO_SHEET.casefold())
            for label, value, *_rest in info.iter_rows(max_col=2, values_only=True) if info else []:
                if label:
                    self.read.info[xlsx_format.normalise_header(label)] = value
            named = cell_text(self.read.info.get("format")).strip()
            if named and not named.startswith(FORMAT_NAME):
                return _(
                    "Berkas ini “%(format)s”, bukan lembar jawaban evaluasi mandiri. Unduh berkas Excel "
                    "dari halaman evaluasi, isi, lalu unggah lagi."
                ) % {"format": named}
            if DATA_SHEET.casefold() not in sheets:
                return _(
                    "Lembar “%(sheet)s” tidak ditemukan. Unggah berkas Excel jawaban yang diunduh dari "
                    "halaman evaluasi ini."
                ) % {"sheet": DATA_SHEET}
            self.sheet(sheets[DATA_SHEET.casefold()])
        finally:
            wb.close()
        return None

    def sheet(self, ws: Any) -> None:
        if hasattr(ws, "reset_dimensions"):
            ws.reset_dimensions()  # read past a stated size that is too small
        archive = zipfile.ZipFile(io.BytesIO(self.data))
        for ref in xlsx_format.merged_ranges(archive, getattr(ws, "_worksheet_path", "")):
            row = int(re.sub(r"[A-Z]+", "", ref.split(":")[0]))
            if row > xlsx_format.TITLE_ROW:
                self.problem(row, "", M_MERGED, ref=ref)
        header_row, mapping = 0, None
        for cells in ws.iter_rows(max_row=5, max_col=xlsx_reader.MAX_COLUMNS + 1):
            if sum(xlsx_format.normalise_header(c.value) in BY_HEADER for c in cells) >= 3:
                header_row = next((c.row for c in cells if getattr(c, "row", None)), 0)
                mapping = self.columns(header_row, [c.value for c in cells])
                break
        else:
            self.problem(0, "", M_NO_HEADER)
        if not mapping:
            return
        self.read.present = {key for key in mapping.values() if key in EDITABLE}
        width = max(mapping) + 1 + xlsx_reader.EXTRA_COLUMNS
        for cells in ws.iter_rows(min_row=header_row + 1, max_col=width):
            self.row(cells, mapping, header_row)

    def columns(self, row: int, header: list[Any]) -> dict[int, str] | None:
        """Column index → key; None when the rows cannot be read."""
        while header and header[-1] in (None, ""):
            header.pop()
        if len(header) > xlsx_reader.MAX_COLUMNS:
            self.problem(row, "", M_WIDE, n=xlsx_reader.MAX_COLUMNS)
            return None
        mapping: dict[int, str] = {}
        for index, value in enumerate(header):
            shown = cell_text(value).strip()
            column = BY_HEADER.get(xlsx_format.normalise_header(value))
            if shown and column is None:
                self.problem(row, shown, M_UNKNOWN_COLUMN, c=shown)
            elif column is not None and column.key in mapping.values():
                self.problem(row, shown, M_TWICE, c=shown)
            elif column is not None:
                mapping[index] = column.key
        if KEY not in mapping.values():
            self.problem(row, "Nomor", M_NO_KEY)
            return None
        if not any(key in EDITABLE for key in mapping.values()):
            self.problem(row, "", M_NO_INPUT)
            return None
        return mapping

    def row(self, cells: Any, mapping: dict[int, str], header_row: int) -> None:
        known = {mapping[i]: c for i, c in enumerate(cells) if i in mapping}
        stray = [c for i, c in enumerate(cells) if i not in mapping and c.value not in (None, "")]
        if not stray and all(cell_text(c.value).strip() == "" for c in known.values()):
            return
        number = next((c.row for c in cells if getattr(c, "row", None)), 0)
        if number == header_row + 1 and xlsx_format.is_number_row([c.value for c in cells]):
            return  # the 1…n column-number row
        self.count += 1
        if self.count > xlsx_reader.MAX_DATA_ROWS:
            self.problem(number, "", M_TOO_LONG, n=angka(xlsx_reader.MAX_DATA_ROWS))
            raise _Full
        for cell in stray:
            letter = get_column_letter(cell.column)
            self.problem(number, letter, M_STRAY, ref=f"{letter}{number}")
        ref = cell_text(known[KEY].value).strip() if KEY in known else ""
        if not ref:
            self.problem(number, "Nomor", M_NO_REF)
            return
        values: dict[str, Any] = {}
        for key, cell in known.items():
            if key not in EDITABLE:
                continue
            if cell.data_type == "f":
                self.problem(
                    number, BY_KEY[key].header, M_FORMULA, ref=f"{get_column_letter(cell.column)}{number}"
                )
                continue
            try:
                values[key] = _cell_answer(cell) if key == "self_value" else _cell_text(cell)
            except CellError as exc:
                self.problem(number, BY_KEY[key].header, "%(m)s", m=str(exc))
        self.read.rows.append(SheetRow(number, ref, values))


def _cell_text(cell: Any) -> str:
    return cell_text(cell.value).replace("\r\n", "\n").strip()


def _cell_answer(cell: Any) -> str:
    """An answer cell as text for ``scoring.normalise``: numbers in plain form (an Excel percent
    format scaled back to 85, not 0,85), text as typed."""
    value = cell.value
    if isinstance(value, (dt.date, dt.time)):
        raise CellError(_("Isi sel ini tanggal; jawaban harus angka atau salah satu pilihan."))
    if isinstance(value, (int, float, Decimal)) and not isinstance(value, bool):
        number = parse_decimal(value, getattr(cell, "number_format", None))
        return scoring.plain(number) if number is not None else ""
    return cell_text(value).strip()


def read_workbook(content: bytes) -> WorkbookRead:
    """An answers workbook read back: its Info, its rows and every problem; a bad file is one
    problem, never an exception (never a 500)."""
    read = WorkbookRead(sheet=DATA_SHEET)
    reason = None
    try:
        data = _read_bytes(content)
        reason = _sniff(data) or _Reader(data, read).run()
    except CellError as exc:
        reason = str(exc)
    except _Full:
        reason = _("Lebih dari %(n)s masalah; perbaiki yang di atas, lalu unggah lagi.") % {
            "n": xlsx_reader.MAX_PROBLEMS
        }
    except Exception:  # the contract: a bad file is a message
        logger.exception("unreadable answers workbook")
        reason = _("Berkas rusak atau isinya tidak dapat dibaca. Simpan ulang dari Excel, lalu unggah lagi.")
    if reason:
        read.problems.append(SheetProblem("", 0, "", reason))
    return read


# -- checking and applying ------------------------------------------------------------------------------


@dataclass
class AnswerChange:
    answer_id: int
    number: int  # the Excel row
    ref: str
    title: str
    fields: list[tuple[str, str, str]]  # (column header, before, after) as printed


@dataclass
class ImportCheck:
    """An upload checked against a cycle: every problem, or the changes and the batch to apply."""

    problems: list[SheetProblem]
    changes: list[AnswerChange] = field(default_factory=list)
    batch: list[dict[str, Any]] = field(default_factory=list)  # JSON-ready, for apply_import
    rows: int = 0

    @property
    def ok(self) -> bool:
        return not self.problems


class ImportRefused(ServiceError):
    """Nothing was written: an answer could not be saved (phase, window, right, version)."""


def is_admin(cycle: Cycle, user: Any) -> bool:
    """The Bagian Organisasi (or the command line without a person) manages the whole cycle."""
    return user is None or Cycle.objects.editable_by(user).filter(pk=cycle.pk).exists()


def refusal(cycle: Cycle, user: Any = None) -> str:
    """Why answers cannot be imported into the cycle now ("" when they can): the service's rule,
    the answering phase in its window, or the compiling phase for the Bagian Organisasi."""
    if cycle.phase == Phase.COMPILING and is_admin(cycle, user):
        return ""
    if cycle.phase == Phase.COMPILING:
        return _("Tahap kompilasi: hanya Bagian Organisasi yang dapat mengubah jawaban.")
    try:
        services.check_phase(cycle, Phase.ANSWERING)
    except ServiceError as exc:
        return exc.message
    return ""


def _problem(sheet: str, row: int, column: str, message: str, **params: Any) -> SheetProblem:
    return SheetProblem(sheet, row, column, _(message) % params)


def _check_info(cycle: Cycle, info: dict[str, Any], problems: list[SheetProblem]) -> None:
    """A file of another government or year must not write into this cycle."""
    slug = cell_text(info.get("kode pemerintah daerah")).strip()
    if slug and slug != cycle.government.slug:
        message = N_("Berkas ini milik pemerintah daerah lain (%(slug)s).")
        problems.append(_problem(INFO_SHEET, 0, "Kode Pemerintah Daerah", message, slug=slug))
    year = cell_text(info.get("tahun")).strip().removesuffix(".0")
    if year and year != str(cycle.year):
        message = N_("Berkas ini untuk evaluasi tahun %(given)s, bukan %(year)s.")
        problems.append(_problem(INFO_SHEET, 0, "Tahun", message, given=year, year=cycle.year))


def check_import(cycle: Cycle, read: WorkbookRead, user: Any = None) -> ImportCheck:
    """Match an upload to ``cycle``: every problem (unknown or repeated numbers, answers out of
    range or of the wrong type, NA without a reason, items the user may not answer) or the changes."""
    problems = list(read.problems)
    _check_info(cycle, read.info, problems)
    worksheet = services.worksheet_of(cycle.worksheet)
    answers = {a.ref: a for a in cycle.answers.select_related("unit")}
    editable = None
    if user is not None:
        editable = set(Answer.objects.editable_by(user).filter(cycle=cycle).values_list("pk", flat=True))
    seen: set[str] = set()
    changes, batch = [], []
    for item in read.rows:
        answer = answers.get(item.key)
        if item.key in seen:
            message = N_("Nomor “%(ref)s” muncul lebih dari sekali.")
            problems.append(_problem(DATA_SHEET, item.number, "Nomor", message, ref=item.key))
            continue
        seen.add(item.key)
        if answer is None or answer.node_key not in worksheet.nodes:
            message = N_(
                "Nomor “%(ref)s” tidak ada di lembar kerja evaluasi ini. Jangan mengubah kolom Nomor."
            )
            problems.append(_problem(DATA_SHEET, item.number, "Nomor", message, ref=item.key))
            continue
        found = _row_change(worksheet.nodes[answer.node_key], answer, item, read.present)
        if found is None:
            continue
        if isinstance(found, SheetProblem):
            problems.append(found)
        elif editable is not None and answer.pk not in editable:
            owner = answer.unit.name if answer.unit else _("Bagian Organisasi")
            message = N_("Kriteria %(ref)s dijawab oleh %(owner)s; Anda tidak dapat mengubah jawabannya.")
            problems.append(_problem(DATA_SHEET, item.number, "Nomor", message, ref=answer.ref, owner=owner))
        else:
            changes.append(found[0])
            batch.append({"id": answer.pk, "version": answer.version, **found[1]})
    problems.sort(key=lambda p: (p.sheet != INFO_SHEET, p.sheet == "", p.row))
    if problems:
        return ImportCheck(problems, rows=len(read.rows))
    return ImportCheck([], changes, batch, rows=len(read.rows))


def _row_change(
    node: scoring.Node, answer: Answer, item: SheetRow, present: set[str]
) -> SheetProblem | tuple[AnswerChange, dict[str, str]] | None:
    """What one row changes (None: nothing), or its problem; columns missing from the file keep
    the stored values, compared as the service would store them (a reason only with NA)."""
    value = answer.self_value
    typed = item.values.get("self_value", "")
    try:
        value = (scoring.normalise(node, typed) if typed else "") if "self_value" in present else value
    except scoring.AnswerError as exc:
        return SheetProblem(DATA_SHEET, item.number, BY_KEY["self_value"].header, str(exc))
    note = item.values.get("note", "") if "note" in present else answer.note
    reason = item.values.get("na_reason", "") if "na_reason" in present else answer.na_reason
    for key, text in (("note", note), ("na_reason", reason)):
        if len(text) > BY_KEY[key].max_length:
            message = N_("Isian lebih dari %(n)s karakter; persingkat.")
            return _problem(
                DATA_SHEET, item.number, BY_KEY[key].header, message, n=angka(BY_KEY[key].max_length)
            )
    if value == scoring.NA and not reason.strip():
        message = N_("Kriteria %(ref)s ditandai NA: tuliskan alasan kriteria ini tidak berlaku.")
        return _problem(DATA_SHEET, item.number, BY_KEY["na_reason"].header, message, ref=answer.ref)
    after = {
        "self_value": value,
        "na_reason": reason.strip() if value == scoring.NA else "",
        "note": note.strip(),
    }
    fields = [
        (BY_KEY[key].header, _shown(node, key, getattr(answer, key)), _shown(node, key, new))
        for key, new in after.items()
        if (getattr(answer, key) or "").replace("\r\n", "\n").strip() != new
    ]
    if not fields:
        return None
    change = AnswerChange(answer.pk, item.number, answer.ref, node.title, fields)
    return change, {"value": value, "na_reason": after["na_reason"], "note": after["note"]}


def _shown(node: scoring.Node, key: str, value: str) -> str:
    if not value:
        return "—"
    text = shown_answer(node, value) if key == "self_value" else value
    return text if len(text) <= 120 else text[:119] + "…"


def apply_import(*, actor: Any, cycle: Cycle, batch: list[dict[str, Any]], user: Any = None) -> int:
    """Write a checked batch through ``services.answer_self`` in one transaction: every answer or
    none (a refusal, an item the user may no longer answer, or a newer version undoes all)."""
    cycle = (
        Cycle.objects.select_related("government", "worksheet").prefetch_related("windows").get(pk=cycle.pk)
    )
    why = refusal(cycle, user)
    if why:
        raise ImportRefused(why)
    admin = is_admin(cycle, user)
    ids = [int(item["id"]) for item in batch]
    allowed = Answer.objects.filter(cycle=cycle, pk__in=ids)
    if user is not None:
        allowed = allowed.editable_by(user)
    rows = {a.pk: a for a in allowed}
    current = None
    try:
        with transaction.atomic():
            for item in batch:
                current = rows.get(int(item["id"]))
                if current is None:
                    raise ImportRefused(
                        _("Sebagian kriteria sudah tidak dapat Anda ubah. Unggah berkasnya lagi.")
                    )
                current.cycle = cycle  # one cycle with its windows for every check
                services.answer_self(
                    actor=actor,
                    answer=current,
                    value=str(item["value"]),
                    note=str(item["note"]),
                    na_reason=str(item["na_reason"]),
                    version=int(item["version"]),
                    is_admin=admin,
                )
    except StaleEdit as exc:
        raise ImportRefused(
            _(
                "Jawaban %(ref)s diubah orang lain sejak berkas diperiksa. Tidak ada yang disimpan; "
                "unggah berkasnya lagi."
            )
            % {"ref": exc.current.ref}
        ) from exc
    except ImportRefused:
        raise
    except ServiceError as exc:
        ref = current.ref if current is not None else ""
        raise ImportRefused(f"{ref}: {exc.message}" if ref else exc.message, exc.field) from exc
    return len(batch)
