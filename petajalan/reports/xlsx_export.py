"""The action matrix as an XLSX workbook to hand to a unit, and the blank import template.

Written in openpyxl's write-only mode (a city matrix of thousands of rows stays fast). Text that
starts with = + - @ is stored as plain text with Excel's quote prefix, so it is never a formula.
"""

from __future__ import annotations

import io
from collections.abc import Iterable
from decimal import Decimal
from typing import Any

from django.utils.translation import gettext as _
from openpyxl import Workbook
from openpyxl.cell import WriteOnlyCell
from openpyxl.cell.cell import ILLEGAL_CHARACTERS_RE, Cell
from openpyxl.styles import Alignment, Font, PatternFill
from openpyxl.styles.cell_style import StyleArray
from openpyxl.utils import get_column_letter
from openpyxl.worksheet.datavalidation import DataValidation

from petajalan.reports import xlsx_format as fmt
from petajalan.reports.layout import parse_quarter
from petajalan.roadmaps.plain import Action, PlainRoadmap

VALIDATED_ROWS = 5000  # drop-down lists cover this many rows below the headers
FORMULA_START = ("=", "+", "-", "@", "\t", "\r")
HEADER_FILL = PatternFill("solid", fgColor="D9D9D9")
NUMBER_FILL = PatternFill("solid", fgColor="F2F2F2")
WRAP = Alignment(wrap_text=True, vertical="top")
RUPIAH = '"Rp"#,##0'
RUPIAH_CENTS = '"Rp"#,##0.00'
# percent without Excel's ×100 scaling: the value 75 shows as 75%
PERCENT = '#,##0"%"'
PERCENT_DECIMAL = '#,##0.00"%"'


def export_xlsx(plain: PlainRoadmap, *, units: Iterable[str] = ()) -> bytes:
    """The road map's problems, action matrix (one sheet per focus node) and quick wins."""
    return _workbook(plain, units=units, blank=False)


def blank_template_xlsx(plain: PlainRoadmap, *, units: Iterable[str] = ()) -> bytes:
    """The same workbook with headers, lists and validation but no rows, to fill in and import."""
    return _workbook(plain, units=units, blank=True)


def _workbook(plain: PlainRoadmap, *, units: Iterable[str], blank: bool) -> bytes:
    wb = Workbook(write_only=True)
    unit_list = _unit_list(plain, units)
    taken = {name.casefold() for name in (fmt.GUIDE_SHEET, fmt.INFO_SHEET, fmt.LISTS_SHEET)}
    taken |= {
        name.casefold() for name in (fmt.PROBLEM_SHEET, fmt.QUICK_WIN_SHEET, fmt.TEAM_SHEET, fmt.AGENT_SHEET)
    }
    _guide(wb)
    _info(wb, plain)
    lists = _Lists(plain, unit_list)

    problems = (
        [] if blank else sorted(plain.problems, key=lambda p: (_focus_index(plain, p.focus_key), p.order))
    )
    ws = _data_sheet(wb, fmt.PROBLEM_SHEET, "Daftar permasalahan", fmt.PROBLEM_COLUMNS, len(problems))
    for p in problems:
        ws.append(_row(ws, [p.order, p.uid, p.focus_key, p.statement, p.evidence]))
    _validate(ws, fmt.PROBLEM_COLUMNS, {"focus": lists.focus})

    columns = fmt.action_columns(plain.years)
    by_focus: dict[str, list[Action]] = {f.key: [] for f in plain.focus_nodes}
    if not blank:
        for action in plain.actions:
            by_focus.setdefault(action.focus_key, []).append(action)
    if not by_focus:
        by_focus[""] = []  # a template for a road map that has no focus yet: one generic sheet
    for key, actions in by_focus.items():
        focus = plain.focus(key)
        label = f"{focus.ref} {focus.title}".strip() if focus else (key or "Rencana Aksi")
        ws = _data_sheet(
            wb, fmt.sheet_title(label, taken), key or "Rencana Aksi", columns, len(actions), focus_title=label
        )
        for action in sorted(actions, key=lambda a: a.order):
            ws.append(_action_row(ws, plain, action, columns))
        _validate(
            ws,
            columns,
            {
                "focus": lists.focus,
                "direction": lists.directions,
                "baseline_year": lists.years,
                "no_budget_needed": lists.yes_no,
                "responsible_unit": lists.units,
            },
        )

    wins = [] if blank else sorted(plain.quick_wins, key=lambda q: q.order)
    ws = _data_sheet(wb, fmt.QUICK_WIN_SHEET, "Quick wins", fmt.QUICK_WIN_COLUMNS, len(wins))
    for q in wins:
        deadline = WriteOnlyCell(ws, q.deadline)
        deadline.number_format = "d mmmm yyyy"
        ws.append(
            _row(
                ws,
                [
                    q.order,
                    q.uid,
                    q.title,
                    q.change_for_citizens,
                    q.owner,
                    deadline,
                    q.before_measure,
                    q.after_measure,
                    q.expected_evidence,
                ],
            )
        )
    _people(wb, plain, lists, blank=blank)
    lists.write(wb)
    buffer = io.BytesIO()
    wb.save(buffer)
    return buffer.getvalue()


def _people(wb: Any, plain: PlainRoadmap, lists: _Lists, *, blank: bool) -> None:
    """The RB team and the agents of change: the clinic reviews a file by them too. NIPs are
    text cells (as a number Excel keeps only 15 digits of the 18)."""
    team = [] if blank else plain.team
    ws = _data_sheet(wb, fmt.TEAM_SHEET, "Susunan Tim Reformasi Birokrasi", fmt.TEAM_COLUMNS, len(team))
    for m in team:
        label = fmt.TEAM_LABELS.get(m.team, m.team)
        ws.append(_row(ws, [m.order, label, m.role, m.name, m.position, m.nip, m.group]))
    _validate(ws, fmt.TEAM_COLUMNS, {"team": lists.teams})
    agents = [] if blank else plain.change_agents
    ws = _data_sheet(wb, fmt.AGENT_SHEET, "Daftar Agen Perubahan", fmt.AGENT_COLUMNS, len(agents))
    for a in agents:
        ws.append(_row(ws, [a.order, a.name, a.position, a.nip, a.unit, a.action_plan]))


def _unit_list(plain: PlainRoadmap, units: Iterable[str]) -> list[str]:
    """The government's units when given, else every unit the road map already names."""
    names = list(units)
    if not names:
        for action in plain.actions:
            names.append(action.responsible_unit)
            names.extend(action.supporting_units)
        names.append(plain.unit_short_name or plain.unit)
    return sorted({n for n in names if n}, key=str.casefold)


def _focus_index(plain: PlainRoadmap, key: str) -> int:
    keys = [f.key for f in plain.focus_nodes]
    return keys.index(key) if key in keys else len(keys)


def _style(ws: Any, number_format: str | None, *, text: bool = False, quote: bool = False) -> StyleArray:
    """A style registered once per workbook; copying its array skips openpyxl's per-cell lookups."""
    cache = ws.parent.__dict__.setdefault("_petajalan_styles", {})
    key = (number_format, text, quote)
    if key not in cache:
        cell = WriteOnlyCell(ws)
        if text:
            cell.alignment = WRAP
        if quote:
            cell.quotePrefix = True
        if number_format:
            cell.number_format = number_format
        cache[key] = cell._style
    return StyleArray(cache[key])


def _cell(ws: Any, value: Any, number_format: str | None = None) -> Any:
    if isinstance(value, Cell) or value is None or value == "":
        return value if value != "" else None
    if isinstance(value, str):
        value = ILLEGAL_CHARACTERS_RE.sub("", value)  # control characters cannot be stored in XML
    cell = WriteOnlyCell(ws, value)
    if isinstance(value, str):
        formula_like = value.startswith(FORMULA_START)
        if formula_like:
            cell.data_type = "s"
        cell._style = _style(ws, number_format, text=True, quote=formula_like)
    elif number_format:
        cell._style = _style(ws, number_format)
    return cell


def _row(ws: Any, values: list[Any]) -> list[Any]:
    return [_cell(ws, v) for v in values]


def _number(ws: Any, value: Decimal | None, *, percent: bool = False, rupiah: bool = False) -> Any:
    if value is None:
        return _cell(ws, None)
    whole = value == value.to_integral_value()
    if rupiah:
        number_format = RUPIAH if whole else RUPIAH_CENTS
    elif percent:
        number_format = PERCENT if whole else PERCENT_DECIMAL
    else:
        number_format = "#,##0" if whole else "General"
    return _cell(ws, value, number_format)


def _action_row(ws: Any, plain: PlainRoadmap, action: Action, columns: list[fmt.Column]) -> list[Any]:
    percent = action.unit_of_measure.strip() == "%"
    targets = {t.year: t.value for t in action.targets}
    budgets = {b.year: b.value for b in action.budgets}
    values: list[Any] = []
    for column in columns:
        key = column.key
        if key.startswith("target:"):
            values.append(_number(ws, targets.get(int(key[7:])), percent=percent))
        elif key.startswith("budget:"):
            values.append(_number(ws, budgets.get(int(key[7:])), rupiah=True))
        elif key == "focus":
            values.append(_cell(ws, action.focus_key))
        elif key in ("problem_uids", "supporting_units"):
            values.append(_cell(ws, "; ".join(getattr(action, key))))
        elif key == "direction":
            values.append(_cell(ws, fmt.DIRECTION_LABELS.get(action.direction, action.direction)))
        elif key == "baseline_value":
            values.append(_number(ws, action.baseline_value, percent=percent))
        elif key == "quarter_targets":
            text = "; ".join(
                f"{fmt.quarter_label(q.year, q.quarter)}: {'' if q.value is None else _plain_number(q.value)}"
                for q in action.quarter_targets
            )
            values.append(_cell(ws, text))
        elif key == "no_budget_needed":
            values.append(_cell(ws, fmt.YES if action.no_budget_needed else ""))
        elif key == "schedule":
            labels = [fmt.quarter_label(*pq) if (pq := parse_quarter(s)) else s for s in action.schedule]
            values.append(_cell(ws, "; ".join(labels)))
        else:
            values.append(_cell(ws, getattr(action, key)))
    return values


def _plain_number(value: Decimal) -> str:
    """A number inside text, Indonesian style without thousands dots: 12,5."""
    return format(value.normalize(), "f").replace(".", ",")


def _data_sheet(
    wb: Any, title: str, caption: str, columns: list[fmt.Column], rows: int, *, focus_title: str = ""
) -> Any:
    """A sheet with its title, header and column-number rows, ready for ``rows`` data rows."""
    ws = wb.create_sheet(title)
    # The size goes into the sheet's <dimension>, as Excel writes it: openpyxl's read-only
    # reader otherwise parses a whole sheet once more just to size it. The write-only writer
    # asks for ``calculate_dimension`` before the first row, so it is declared here.
    last = f"{get_column_letter(len(columns))}{fmt.FIRST_DATA_ROW - 1 + rows}"
    ws.calculate_dimension = lambda: f"A1:{last}"
    ws.freeze_panes = f"C{fmt.FIRST_DATA_ROW}"
    for i, column in enumerate(columns, start=1):
        ws.column_dimensions[get_column_letter(i)].width = column.width
    title_cell = WriteOnlyCell(ws, focus_title or caption)
    title_cell.font = Font(bold=True, size=12)
    ws.append([title_cell])
    headers = []
    for column in columns:
        cell = WriteOnlyCell(ws, column.header + (" *" if column.required else ""))
        cell.font = Font(bold=True)
        cell.fill = HEADER_FILL
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
    return ws


def _validate(ws: Any, columns: list[fmt.Column], ranges: dict[str, str]) -> None:
    """Drop-down lists for the listed columns, pointing into the hidden ``Daftar`` sheet."""
    first, last = fmt.FIRST_DATA_ROW, fmt.FIRST_DATA_ROW + VALIDATED_ROWS
    for i, column in enumerate(columns, start=1):
        source = ranges.get(column.key)
        if not source:
            continue
        dv = DataValidation(
            type="list",
            formula1=source,
            allow_blank=True,
            showErrorMessage=True,
            errorTitle=_("Isian tidak ada dalam daftar"),
            error=_("Pilih %(column)s dari daftar.") % {"column": column.header},
        )
        letter = get_column_letter(i)
        dv.add(f"{letter}{first}:{letter}{last}")
        ws.data_validations.append(dv)


class _Lists:
    """The hidden sheet of drop-down values; each attribute is an absolute range reference."""

    def __init__(self, plain: PlainRoadmap, units: list[str]) -> None:
        self.plain = plain
        self.unit_names = units
        self.focus = self._ref("A", len(plain.focus_nodes))
        self.units = self._ref("H", len(units))
        self.years = self._ref("J", len(range(plain.start_year - 10, plain.end_year + 1)))
        self.directions = self._ref("L", 3)
        self.yes_no = self._ref("M", 2)
        self.teams = self._ref("N", len(fmt.TEAM_LABELS))

    @staticmethod
    def _ref(letter: str, count: int) -> str:
        return f"{fmt.LISTS_SHEET}!${letter}$2:${letter}${max(count, 1) + 1}"

    def write(self, wb: Any) -> None:
        ws = wb.create_sheet(fmt.LISTS_SHEET)
        ws.sheet_state = "hidden"
        years = list(range(self.plain.start_year - 10, self.plain.end_year + 1))
        focus = self.plain.focus_nodes
        header = [
            "Fokus",
            "Kode",
            "Judul",
            "Jenis",
            "Pedoman",
            "Versi",
            "",
            "Perangkat Daerah",
            "",
            "Tahun",
            "",
        ]
        ws.append([*header, "Arah", "Ya/Tidak", "Tim"])
        directions = list(fmt.DIRECTION_LABELS.values())
        teams = list(fmt.TEAM_LABELS.values())
        for i in range(max(len(focus), len(self.unit_names), len(years), 3)):
            f = focus[i] if i < len(focus) else None
            row: list[Any] = [f.key, f.ref, f.title, f.kind, f.pack, f.version] if f else [None] * 6
            row += [None, self.unit_names[i] if i < len(self.unit_names) else None, None]
            row += [years[i] if i < len(years) else None, None]
            row += [directions[i] if i < 3 else None, [fmt.YES, fmt.NO][i] if i < 2 else None]
            row += [teams[i] if i < len(teams) else None]
            ws.append(_row(ws, row))


def _guide(wb: Any) -> None:
    ws = wb.create_sheet(fmt.GUIDE_SHEET)
    ws.column_dimensions["A"].width = 110
    lines = [
        _("Petunjuk pengisian rencana aksi"),
        _("1. Satu lembar untuk setiap fokus (area perubahan, kegiatan utama atau tema)."),
        _("   Kolom bertanda * wajib diisi."),
        _("2. Jangan mengubah kolom ID: kolom itu mengenali baris saat berkas diunggah kembali."),
        _("   Untuk baris baru, kosongkan kolom ID."),
        _("3. Menghapus baris berarti menghapus rencana aksi itu saat berkas diunggah dan dikonfirmasi."),
        _("4. Angka boleh ditulis 1.250.000,50 atau Rp 1.250.000; persen boleh 75 atau 75 %."),
        _("5. Jadwal dan target triwulan ditulis seperti 2026-TW1; pisahkan beberapa isian dengan (;)."),
        _("6. Tanggal ditulis 28 November 2026, 28/11/2026 atau 2026-11-28."),
        _("   Jangan memakai rumus atau menggabung sel."),
        _("7. Jangan mengubah lembar Info. Unggah kembali berkas ini di Petajalan; tidak ada yang disimpan"),
        _("   sebelum Anda melihat pratinjau dan menyetujuinya."),
        _("8. Lembar Tim RB dan Agen Perubahan: satu baris per orang. NIP ditulis 18 angka sebagai teks"),
        _("   (awali dengan tanda petik ', misalnya '196009101980031003)."),
        _("   Menghapus salah satu lembar itu membiarkan data yang tersimpan apa adanya."),
    ]
    for i, line in enumerate(lines):
        cell = WriteOnlyCell(ws, line)
        if i == 0:
            cell.font = Font(bold=True, size=14)
        ws.append([cell])


def _info(wb: Any, plain: PlainRoadmap) -> None:
    ws = wb.create_sheet(fmt.INFO_SHEET)
    ws.column_dimensions["A"].width = 32
    ws.column_dimensions["B"].width = 70
    values: dict[str, Any] = {
        "format": f"{fmt.FORMAT_NAME} {fmt.FORMAT_VERSION}",
        "level": fmt.LEVEL_LABELS.get(plain.level, plain.level),
        **{k: getattr(plain, k) for k, _label in fmt.INFO_FIELDS if k not in ("format", "level")},
    }
    for key, label in fmt.INFO_FIELDS:
        label_cell = WriteOnlyCell(ws, label)
        label_cell.font = Font(bold=True)
        ws.append([label_cell, _cell(ws, values[key])])
