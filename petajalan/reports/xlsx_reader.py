"""The sheet-by-sheet reader behind ``read_roadmap_xlsx`` (see petajalan/reports/spreadsheet.py)."""

from __future__ import annotations

import copy
import dataclasses
import io
import logging
import re
import uuid
import zipfile
from collections.abc import Iterable
from dataclasses import dataclass, field
from typing import Any

from django.utils.translation import gettext as _
from openpyxl import load_workbook
from openpyxl.utils import get_column_letter

from petajalan.lib.codes import is_valid_subactivity_code
from petajalan.lib.formatting import angka
from petajalan.reports import xlsx_format as fmt
from petajalan.reports import xlsx_people as people
from petajalan.reports.layout import parse_quarter
from petajalan.reports.values import CellError, cell_text, parse_date, parse_decimal, parse_year
from petajalan.roadmaps.plain import (
    Action,
    FocusRef,
    PlainRoadmap,
    Problem,
    QuarterValue,
    QuickWin,
    YearValue,
)

logger = logging.getLogger(__name__)

MAX_DATA_ROWS = 20_000  # across all sheets
MAX_COLUMNS = 100
MAX_PROBLEMS = 500
EXTRA_COLUMNS = 5  # columns right of the last header checked for stray data


@dataclass(frozen=True)
class SheetProblem:
    """One thing wrong with the file: ``row`` is the Excel row (0: the whole sheet or file) and
    ``column`` the header as printed ("" when the problem is not about one column)."""

    sheet: str
    row: int
    column: str
    message: str

    def __str__(self) -> str:
        where = [self.sheet] if self.sheet else []
        if self.row:
            where.append(_("baris %(row)s") % {"row": self.row})
        if self.column:
            where.append(_("kolom %(column)s") % {"column": self.column})
        return f"{', '.join(where)}: {self.message}" if where else self.message


@dataclass
class Changes:
    added: list[str] = field(default_factory=list)
    changed: list[str] = field(default_factory=list)
    removed: list[str] = field(default_factory=list)

    def __bool__(self) -> bool:
        return bool(self.added or self.changed or self.removed)


class _TooMany(Exception):
    pass


class _Problems(list[SheetProblem]):
    def add(self, sheet: str, row: int, column: str, message: str) -> None:
        if len(self) >= MAX_PROBLEMS:
            raise _TooMany
        self.append(SheetProblem(sheet, row, column, message))


def _split(value: Any) -> list[str]:
    return [part.strip() for part in re.split(r"[;\n]", cell_text(value)) if part.strip()]


@dataclass
class _Row:
    number: int
    cells: dict[str, Any]  # column key -> value
    formats: dict[str, str | None]


class _Reader:
    def __init__(
        self,
        data: bytes,
        base: PlainRoadmap | None,
        units: Iterable[str] | None,
        focus_nodes: Iterable[FocusRef] | None,
        problems: _Problems,
    ) -> None:
        self.data = data
        self.base = base
        self.problems = problems
        self.given_units = list(units) if units is not None else None
        self.given_focus = list(focus_nodes) if focus_nodes is not None else None
        self.row_count = 0
        self.info: dict[str, Any] = {}
        self.list_focus: list[FocusRef] = []
        self.list_units: list[str] = []
        self.problem_rows: list[tuple[str, list[_Row], set[str]]] = []
        self.action_rows: list[tuple[str, list[_Row], set[str], str]] = []
        self.quick_win_rows: list[tuple[str, list[_Row], set[str]]] = []
        self.team_rows: list[tuple[str, list[_Row], set[str]]] = []
        self.agent_rows: list[tuple[str, list[_Row], set[str]]] = []

    # reading sheets

    def run(self) -> tuple[PlainRoadmap | None, dict[str, Changes]]:
        archive = zipfile.ZipFile(io.BytesIO(self.data))
        try:
            wb = load_workbook(io.BytesIO(self.data), read_only=True, data_only=False, keep_links=False)
        except Exception as exc:  # openpyxl raises many kinds on a damaged file
            logger.info("workbook refused by openpyxl: %s", exc)
            raise CellError(
                _("Berkas rusak dan tidak dapat dibuka. Simpan ulang dari Excel, lalu unggah lagi.")
            ) from exc
        try:
            for ws in wb.worksheets:
                self._sheet(ws, archive)
        finally:
            wb.close()
        years = self._years()
        if years is None:
            return None, {}
        roadmap = self._build(years)
        if roadmap is None or self.problems:
            return roadmap, {}
        return roadmap, self._changes(roadmap)

    def _sheet(self, ws: Any, archive: zipfile.ZipFile) -> None:
        name = ws.title
        if hasattr(ws, "reset_dimensions"):
            # openpyxl stops at the row count the file states; a writer that states too few
            # would lose rows silently. Every read below gives its own column bound.
            ws.reset_dimensions()
        for ref in fmt.merged_ranges(archive, getattr(ws, "_worksheet_path", "")):
            first_row = int(re.sub(r"[A-Z]+", "", ref.split(":")[0]))
            if first_row > fmt.TITLE_ROW:
                self.problems.add(
                    name,
                    first_row,
                    "",
                    _("Sel %(ref)s digabung (merge). Pisahkan sel itu, lalu unggah lagi.") % {"ref": ref},
                )
        lowered = name.casefold()
        if lowered == fmt.GUIDE_SHEET.casefold():
            return
        if lowered == fmt.INFO_SHEET.casefold():
            for row in ws.iter_rows(max_col=2, values_only=True):
                if row and row[0]:
                    self.info[fmt.normalise_header(row[0])] = row[1] if len(row) > 1 else None
            return
        if lowered == fmt.LISTS_SHEET.casefold():
            self._lists(ws)
            return
        header, header_number, title, kind = None, 0, "", None
        for row in ws.iter_rows(max_row=5, max_col=MAX_COLUMNS + 1):
            values = [c.value for c in row]
            number = next((c.row for c in row if getattr(c, "row", None)), 0)
            if number == fmt.TITLE_ROW and values and values[0]:
                title = cell_text(values[0])
            kind = fmt.sheet_kind(values)
            if kind:
                header, header_number = values, number
                break
        if header is None:
            if any(
                v not in (None, "")
                for row in ws.iter_rows(max_row=50, max_col=50, values_only=True)
                for v in row
            ):
                self.problems.add(
                    name,
                    0,
                    "",
                    _(
                        "Lembar ini tidak dikenali (tidak ada baris judul kolom Petajalan); "
                        "isinya tidak dibaca."
                    ),
                )
            return
        while header and header[-1] in (None, ""):
            header.pop()
        if len(header) > MAX_COLUMNS:
            self.problems.add(
                name,
                header_number,
                "",
                _("Lembar ini memiliki lebih dari %(count)s kolom.") % {"count": MAX_COLUMNS},
            )
            return
        assert kind is not None  # set together with header
        mapping = self._columns(name, header_number, header, kind)
        if mapping is None:
            return
        rows = ws.iter_rows(min_row=header_number + 1, max_col=len(header) + EXTRA_COLUMNS)
        data_rows = self._rows(name, rows, mapping, header_number)
        present = set(mapping.values())
        if kind == "actions":
            self.action_rows.append((name, data_rows, present, title))
        elif kind == "quick_wins":
            self.quick_win_rows.append((name, data_rows, present))
        elif kind == "team":
            self.team_rows.append((name, data_rows, present))
        elif kind == "agents":
            self.agent_rows.append((name, data_rows, present))
        else:
            self.problem_rows.append((name, data_rows, present))

    def _lists(self, ws: Any) -> None:
        for i, row in enumerate(ws.iter_rows(max_col=8, values_only=True)):
            if i == 0 or not row:
                continue
            cells = list(row) + [None] * (8 - len(row))
            if cells[0]:
                self.list_focus.append(FocusRef(*[cell_text(v) for v in cells[:6]]))
            if cells[7]:
                self.list_units.append(cell_text(cells[7]))

    def _period_years(self) -> list[int] | None:
        if self.base:
            return self.base.years
        try:
            start = parse_year(self.info.get("tahun awal"))
            end = parse_year(self.info.get("tahun akhir"))
        except CellError:
            return None
        if start and end and start <= end <= start + 25:
            return list(range(start, end + 1))
        return None

    def _columns(self, sheet: str, row: int, header: list[Any], kind: str) -> dict[int, str] | None:
        """Column index -> column key; problems for unknown, duplicated and missing columns."""
        years = self._period_years()
        if kind == "actions":
            known = {fmt.normalise_header(c.header): c for c in fmt.action_columns(years or [])}
        elif kind == "quick_wins":
            known = {fmt.normalise_header(c.header): c for c in fmt.QUICK_WIN_COLUMNS}
        elif kind == "team":
            known = {fmt.normalise_header(c.header): c for c in fmt.TEAM_COLUMNS}
        elif kind == "agents":
            known = {fmt.normalise_header(c.header): c for c in fmt.AGENT_COLUMNS}
        else:
            known = {fmt.normalise_header(c.header): c for c in fmt.PROBLEM_COLUMNS}
        mapping: dict[int, str] = {}
        for index, value in enumerate(header):
            label = fmt.normalise_header(value)
            if not label:
                continue
            shown = cell_text(value).strip()
            column = known.get(label)
            key = column.key if column else None
            year_column = re.match(r"^(target|anggaran) (\d{4})( \(rp\))?$", label)
            if key is None and kind == "actions" and year_column:
                period = f"{years[0]}-{years[-1]}" if years else "?"
                self.problems.add(
                    sheet,
                    row,
                    shown,
                    _("Tahun %(year)s di luar periode road map (%(period)s).")
                    % {"year": year_column[2], "period": period},
                )
                continue
            if key is None:
                self.problems.add(
                    sheet,
                    row,
                    shown,
                    _("Kolom “%(shown)s” tidak dikenal. Hapus kolom itu atau kembalikan judulnya.")
                    % {"shown": shown},
                )
                continue
            if key in mapping.values():
                self.problems.add(
                    sheet, row, shown, _("Kolom “%(shown)s” muncul dua kali.") % {"shown": shown}
                )
                continue
            mapping[index] = key
        missing = [c for c in known.values() if c.required and c.key not in mapping.values()]
        for column in missing:
            self.problems.add(
                sheet,
                row,
                column.header,
                _("Kolom wajib “%(column)s” tidak ada.") % {"column": column.header},
            )
        return None if missing else mapping

    def _rows(self, sheet: str, rows: Any, mapping: dict[int, str], header_number: int) -> list[_Row]:
        result = []
        for row in rows:
            cells = {mapping[i]: c for i, c in enumerate(row) if i in mapping}
            values = {k: c.value for k, c in cells.items()}
            stray = [c for i, c in enumerate(row) if i not in mapping and c.value not in (None, "")]
            if not stray and all(
                v is None or (isinstance(v, str) and not v.strip()) for v in values.values()
            ):
                continue
            number = next((c.row for c in row if getattr(c, "row", None)), 0)
            if number == header_number + 1 and fmt.is_number_row([c.value for c in row]):
                continue  # the 1…n column-number row
            for cell in stray:
                letter = get_column_letter(cell.column)
                self.problems.add(
                    sheet,
                    number,
                    letter,
                    _(
                        "Sel %(letter)s%(number)s berisi data di kolom tanpa judul yang dikenal; "
                        "data itu tidak terbaca."
                    )
                    % {"letter": letter, "number": number},
                )
            self.row_count += 1
            if self.row_count > MAX_DATA_ROWS:
                self.problems.add(
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
            for key, cell in cells.items():
                if cell.data_type == "f":
                    header = self._header_of(key)
                    self.problems.add(
                        sheet,
                        number,
                        header,
                        f"Sel {get_column_letter(cell.column)}{number} berisi rumus; ketik nilainya saja.",
                    )
                    values[key] = None
            result.append(
                _Row(number, values, {k: getattr(c, "number_format", None) for k, c in cells.items()})
            )
        return result

    @staticmethod
    def _header_of(key: str) -> str:
        if key.startswith("target:"):
            return f"Target {key[7:]}"
        if key.startswith("budget:"):
            return f"Anggaran {key[7:]} (Rp)"
        columns = fmt.PROBLEM_COLUMNS + fmt.QUICK_WIN_COLUMNS + fmt.action_columns([]) + fmt.TEAM_COLUMNS
        columns += fmt.AGENT_COLUMNS
        return next((c.header for c in columns if c.key == key), key)

    # building the road map

    def _years(self) -> list[int] | None:
        years = self._period_years()
        if years is None:
            self.problems.add(
                fmt.INFO_SHEET,
                0,
                "",
                _(
                    "Lembar Info tidak ada atau Tahun Awal/Tahun Akhir tidak terisi; "
                    "unduh templat dari Petajalan."
                ),
            )
        return years

    def _focus_lookup(self) -> dict[str, str]:
        nodes = self.given_focus or (self.base.focus_nodes if self.base else []) or self.list_focus
        lookup: dict[str, str] = {}
        for f in nodes:
            for alias in (f.key, f.ref, f.title, f"{f.ref} {f.title}".strip()):
                if alias:
                    lookup.setdefault(alias.casefold().strip(), f.key)
        return lookup

    def _unit_lookup(self) -> dict[str, str] | None:
        if self.given_units is not None:
            names = self.given_units
        else:
            names = list(self.list_units)
            if self.base:
                for a in self.base.actions:
                    names += [a.responsible_unit, *a.supporting_units]
                names += [self.base.unit_short_name, self.base.unit]
        names = [n for n in names if n]
        return {n.casefold().strip(): n for n in names} if names else None

    def _build(self, years: list[int]) -> PlainRoadmap | None:
        base = self.base
        if base is None:
            roadmap = self._from_info(years)
            if roadmap is None:
                return None
        else:
            # the rows are rebuilt below; the rest is small and copied so the base stays untouched
            roadmap = dataclasses.replace(
                base,
                **{
                    f.name: copy.deepcopy(getattr(base, f.name))
                    for f in dataclasses.fields(base)
                    if f.name not in ("problems", "actions", "quick_wins")
                },
                problems=list(base.problems),
                actions=list(base.actions),
                quick_wins=list(base.quick_wins),
            )
            self._check_info(base)
        focus_lookup = self._focus_lookup()
        units = self._unit_lookup()
        problems = self._problems(focus_lookup)
        if problems is not None:
            roadmap.problems = problems
        problem_ids = {p.uid for p in roadmap.problems}
        if self.action_rows:
            roadmap.actions = self._actions(focus_lookup, units, problem_ids, years)
        if self.quick_win_rows:
            roadmap.quick_wins = self._quick_wins()
        if self.team_rows:
            roadmap.team = people.read_team(self)
        if self.agent_rows:
            roadmap.change_agents = people.read_agents(self)
        if base is None and not self.given_focus:
            roadmap.focus_nodes = list(self.list_focus)
        return roadmap

    def _from_info(self, years: list[int]) -> PlainRoadmap | None:
        info = self.info
        title = cell_text(info.get("judul")).strip()
        if not title:
            self.problems.add(fmt.INFO_SHEET, 0, "Judul", _("Judul road map tidak terisi di lembar Info."))
            return None
        level_label = cell_text(info.get("tingkat")).strip()
        level = next(
            (k for k, v in fmt.LEVEL_LABELS.items() if v.casefold() == level_label.casefold()), "unit"
        )
        return PlainRoadmap(
            level=level,
            government=cell_text(info.get("pemerintah daerah")),
            government_slug=cell_text(info.get("kode pemerintah daerah")),
            title=title,
            period_label=cell_text(info.get("periode")) or f"{years[0]}-{years[-1]}",
            start_year=years[0],
            end_year=years[-1],
            unit=cell_text(info.get("perangkat daerah")),
            unit_short_name=cell_text(info.get("nama singkat perangkat daerah")),
            unit_code=cell_text(info.get("kode perangkat daerah")),
            status=cell_text(info.get("status")) or "draft",
        )

    def _check_info(self, base: PlainRoadmap) -> None:
        """A file exported for another unit or government must not overwrite this road map."""
        code = cell_text(self.info.get("kode perangkat daerah")).strip()
        if code and base.unit_code and code != base.unit_code:
            unit = cell_text(self.info.get("perangkat daerah")) or code
            self.problems.add(
                fmt.INFO_SHEET,
                0,
                "Kode Perangkat Daerah",
                _("Berkas ini milik %(unit)s (%(code)s), bukan %(owner)s (%(owner_code)s).")
                % {
                    "unit": unit,
                    "code": code,
                    "owner": base.unit or base.government,
                    "owner_code": base.unit_code,
                },
            )
        slug = cell_text(self.info.get("kode pemerintah daerah")).strip()
        if slug and base.government_slug and slug != base.government_slug:
            self.problems.add(
                fmt.INFO_SHEET,
                0,
                "Kode Pemerintah Daerah",
                _("Berkas ini milik pemerintah daerah lain (%(slug)s).") % {"slug": slug},
            )

    def _focus(self, sheet: str, row: _Row, value: Any, default: str, lookup: dict[str, str]) -> str:
        text = cell_text(value).strip() or default
        if not text:
            self.problems.add(sheet, row.number, "Fokus", _("Fokus belum diisi; pilih dari daftar."))
            return ""
        key = lookup.get(text.casefold())
        if key:
            return key
        if not lookup and text.startswith("urn:"):
            return text
        self.problems.add(
            sheet,
            row.number,
            "Fokus",
            _("Fokus “%(text)s” tidak dikenal di road map ini; pilih dari daftar.") % {"text": text},
        )
        return ""

    def _uid(self, sheet: str, row: _Row, seen: set[str], label: str) -> str:
        uid = cell_text(row.cells.get("uid")).strip()
        if not uid:
            return uuid.uuid4().hex
        if uid in seen:
            self.problems.add(
                sheet,
                row.number,
                "ID",
                _("ID “%(uid)s” dipakai oleh lebih dari satu %(label)s.") % {"uid": uid, "label": label},
            )
        seen.add(uid)
        return uid

    def _order(self, sheet: str, row: _Row, position: int) -> int:
        value = row.cells.get("order")
        try:
            number = parse_decimal(value)
        except CellError:
            number = None
        if number is None or number != number.to_integral_value():
            return position
        return int(number)

    def _keep(self, present: set[str], old: Any, key: str, new: Any) -> Any:
        """A column missing from the file keeps the base's value of a matched row."""
        return new if key in present or old is None else getattr(old, key)

    def _problems(self, lookup: dict[str, str]) -> list[Problem] | None:
        if not self.problem_rows:
            return None
        old = {p.uid: p for p in self.base.problems} if self.base else {}
        seen: set[str] = set()
        result: list[Problem] = []
        for sheet, rows, present in self.problem_rows:
            for position, row in enumerate(rows, start=1):
                uid = self._uid(sheet, row, seen, _("permasalahan"))
                previous = old.get(uid)
                statement = cell_text(row.cells.get("statement")).strip()
                if not statement:
                    self.problems.add(sheet, row.number, "Permasalahan", _("Permasalahan belum diisi."))
                problem = Problem(
                    uid=uid,
                    focus_key=self._focus(sheet, row, row.cells.get("focus"), "", lookup),
                    statement=cell_text(row.cells.get("statement")),
                    evidence=self._keep(present, previous, "evidence", cell_text(row.cells.get("evidence"))),
                    order=self._order(sheet, row, position),
                )
                result.append(problem)
        return self._in_base_order(result, self.base.problems if self.base else [])

    @staticmethod
    def _in_base_order[T](items: list[T], base_items: list[Any]) -> list[T]:
        index = {item.uid: i for i, item in enumerate(base_items)}
        return sorted(items, key=lambda item: index.get(item.uid, len(index)))  # type: ignore[attr-defined]

    def _actions(
        self, lookup: dict[str, str], units: dict[str, str] | None, problem_ids: set[str], years: list[int]
    ) -> list[Action]:
        old = {a.uid: a for a in self.base.actions} if self.base else {}
        seen: set[str] = set()
        result: list[Action] = []
        for sheet, rows, present, title in self.action_rows:
            default_focus = lookup.get(title.casefold().strip(), "")
            for position, row in enumerate(rows, start=1):
                action = self._action(
                    sheet, row, position, present, old, seen, lookup, units, problem_ids, years, default_focus
                )
                result.append(action)
        return self._in_base_order(result, self.base.actions if self.base else [])

    def _cell(self, sheet: str, row: _Row, key: str, parse: Any) -> Any:
        try:
            if parse is parse_decimal:
                return parse_decimal(row.cells.get(key), row.formats.get(key))
            return parse(row.cells.get(key))
        except CellError as exc:
            self.problems.add(sheet, row.number, self._header_of(key), str(exc))
            return None

    def _unit(self, sheet: str, row: _Row, column: str, name: str, units: dict[str, str] | None) -> str:
        if not name or units is None:
            return name
        known = units.get(name.casefold().strip())
        if known is None:
            self.problems.add(
                sheet,
                row.number,
                column,
                _("Perangkat daerah “%(name)s” tidak dikenal; pilih dari daftar.") % {"name": name},
            )
            return name
        return known

    def _action(
        self,
        sheet: str,
        row: _Row,
        position: int,
        present: set[str],
        old: dict[str, Action],
        seen: set[str],
        lookup: dict[str, str],
        units: dict[str, str] | None,
        problem_ids: set[str],
        years: list[int],
        default_focus: str,
    ) -> Action:
        uid = self._uid(sheet, row, seen, _("rencana aksi"))
        previous = old.get(uid)
        get = row.cells.get
        activity = cell_text(get("activity"))
        if not activity.strip():
            self.problems.add(sheet, row.number, "Kegiatan", _("Kegiatan belum diisi."))
        code = cell_text(get("subactivity_code")).strip()
        if code and not is_valid_subactivity_code(code):
            self.problems.add(
                sheet,
                row.number,
                "Kode Sub-kegiatan",
                _("Kode “%(code)s” tidak berbentuk kode sub-kegiatan, misalnya 1.02.02.2.01.0001.")
                % {"code": code},
            )
        direction_label = cell_text(get("direction")).strip()
        direction = next(
            (k for k, v in fmt.DIRECTION_LABELS.items() if direction_label.casefold() in (v.casefold(), k)),
            None,
        )
        if direction is None:
            if direction_label:
                self.problems.add(
                    sheet,
                    row.number,
                    "Arah",
                    _("Arah “%(direction)s” tidak dikenal; pilih Naik, Turun atau Tetap.")
                    % {"direction": direction_label},
                )
            direction = "up"
        problem_uids = _split(get("problem_uids"))
        for ref in problem_uids:
            if ref not in problem_ids:
                self.problems.add(
                    sheet,
                    row.number,
                    "ID Permasalahan",
                    _("Permasalahan dengan ID “%(ref)s” tidak ada di lembar Permasalahan.") % {"ref": ref},
                )
        targets, budgets = [], []
        for year in years:
            value = self._cell(sheet, row, f"target:{year}", parse_decimal)
            if value is not None:
                targets.append(YearValue(year, value))
            budget = self._cell(sheet, row, f"budget:{year}", parse_decimal)
            if budget is not None:
                if budget < 0:
                    self.problems.add(
                        sheet, row.number, f"Anggaran {year} (Rp)", _("Anggaran tidak boleh negatif.")
                    )
                budgets.append(YearValue(year, budget))
        no_budget = cell_text(get("no_budget_needed")).strip().casefold() in {
            "ya",
            "y",
            "yes",
            "true",
            "1",
            "benar",
        }
        if no_budget and any(b.value for b in budgets):
            self.problems.add(
                sheet,
                row.number,
                "Tanpa Anggaran",
                _("Baris ini ditandai tanpa anggaran tetapi diberi anggaran."),
            )
        baseline_year = self._cell(sheet, row, "baseline_year", parse_year)
        action = Action(
            uid=uid,
            focus_key=self._focus(sheet, row, get("focus"), default_focus, lookup),
            activity=activity,
            problem_uids=problem_uids,
            subactivity_code=code,
            output=cell_text(get("output")),
            indicator=cell_text(get("indicator")),
            unit_of_measure=cell_text(get("unit_of_measure")),
            direction=direction,
            baseline_year=baseline_year,
            baseline_value=self._cell(sheet, row, "baseline_value", parse_decimal),
            targets=targets,
            quarter_targets=self._quarter_targets(sheet, row, years),
            budgets=budgets,
            no_budget_needed=no_budget,
            responsible_unit=self._unit(
                sheet, row, "Penanggung Jawab", cell_text(get("responsible_unit")).strip(), units
            ),
            supporting_units=[
                self._unit(sheet, row, "Unit Pendukung", u, units) for u in _split(get("supporting_units"))
            ],
            schedule=self._schedule(sheet, row, years),
            expected_evidence=cell_text(get("expected_evidence")),
            cascade_uid=cell_text(get("cascade_uid")).strip(),
            order=self._order(sheet, row, position),
        )
        if previous is not None:
            for f in dataclasses.fields(Action):
                column_keys = {
                    "targets": {f"target:{y}" for y in years},
                    "budgets": {f"budget:{y}" for y in years},
                    "problem_uids": {"problem_uids"},
                }.get(f.name, {f.name if f.name != "focus_key" else "focus"})
                if f.name in ("uid", "order") or column_keys & present:
                    continue
                setattr(action, f.name, getattr(previous, f.name))
        return action

    def _quarter_targets(self, sheet: str, row: _Row, years: list[int]) -> list[QuarterValue]:
        result = []
        for part in _split(row.cells.get("quarter_targets")):
            label, _colon, value = part.partition(":")
            quarter = parse_quarter(label)
            try:
                number = parse_decimal(value.strip()) if quarter else None
            except CellError:
                quarter = None
            if quarter is None or quarter[0] not in years:
                self.problems.add(
                    sheet,
                    row.number,
                    "Target Triwulan",
                    _("“%(part)s” tidak terbaca; tulis seperti 2026-TW1: 25 di dalam periode.")
                    % {"part": part},
                )
                continue
            result.append(QuarterValue(quarter[0], quarter[1], number))
        return result

    def _schedule(self, sheet: str, row: _Row, years: list[int]) -> list[str]:
        result = []
        for part in _split(row.cells.get("schedule")):
            quarter = parse_quarter(part)
            if quarter is None or quarter[0] not in years:
                self.problems.add(
                    sheet,
                    row.number,
                    "Jadwal",
                    _("“%(part)s” bukan triwulan dalam periode; tulis seperti 2026-TW1.") % {"part": part},
                )
                continue
            result.append(f"{quarter[0]}-Q{quarter[1]}")
        return result

    def _quick_wins(self) -> list[QuickWin]:
        old = {q.uid: q for q in self.base.quick_wins} if self.base else {}
        seen: set[str] = set()
        result = []
        for sheet, rows, present in self.quick_win_rows:
            for position, row in enumerate(rows, start=1):
                uid = self._uid(sheet, row, seen, _("quick win"))
                previous = old.get(uid)
                get = row.cells.get
                if not cell_text(get("title")).strip():
                    self.problems.add(sheet, row.number, "Quick Win", _("Nama quick win belum diisi."))
                values = {
                    "title": cell_text(get("title")),
                    "change_for_citizens": cell_text(get("change_for_citizens")),
                    "owner": cell_text(get("owner")),
                    "deadline": self._cell(sheet, row, "deadline", parse_date),
                    "before_measure": cell_text(get("before_measure")),
                    "after_measure": cell_text(get("after_measure")),
                    "expected_evidence": cell_text(get("expected_evidence")),
                }
                values = {k: self._keep(present, previous, k, v) for k, v in values.items()}
                result.append(QuickWin(uid=uid, order=self._order(sheet, row, position), **values))
        return self._in_base_order(result, self.base.quick_wins if self.base else [])

    def _changes(self, roadmap: PlainRoadmap) -> dict[str, Changes]:
        if self.base is None:
            return {}
        changes = {}
        for kind in ("problems", "actions", "quick_wins"):
            # dataclass equality compares field by field; Decimal("2.60") == Decimal("2.6")
            before = {item.uid: item for item in getattr(self.base, kind)}
            after = {item.uid: item for item in getattr(roadmap, kind)}
            changes[kind] = Changes(
                added=[uid for uid in after if uid not in before],
                changed=[uid for uid in after if uid in before and after[uid] != before[uid]],
                removed=[uid for uid in before if uid not in after],
            )
        # people have no uid: the preview names them
        changes["team"] = Changes(*people.changes(self.base.team, roadmap.team, people.member_key))
        changes["change_agents"] = Changes(
            *people.changes(self.base.change_agents, roadmap.change_agents, people.agent_key)
        )
        return changes
