"""A pack as an XLSX workbook, both ways (layout in docs/frameworks.md).

Sheets: ``Paket`` (field | value), ``Sumber`` (title | url), ``Butir`` (one node per row, columns
named as the YAML fields) and ``Padanan`` (crosswalk links). Reading never trusts the file: size,
zip structure, unpacked size, rows and formulas are checked before a cell is used, and every problem
comes back as a ``schema.Problem`` naming the sheet, row and column.
"""

from __future__ import annotations

import io
import json
import zipfile
from typing import Any

from django.utils.translation import gettext as _
from openpyxl import Workbook, load_workbook
from openpyxl.styles import Alignment, Font

from petajalan.frameworks.schema import (
    MAX_NODES,
    NODE_FIELDS,
    KnownKeys,
    Parsed,
    Problem,
    validate,
)

MAX_XLSX_BYTES = 5 * 1024 * 1024
MAX_UNPACKED_BYTES = 60 * 1024 * 1024
MAX_RATIO = 200  # uncompressed ÷ compressed, per member: beyond this it is a zip bomb
META_FIELDS = (
    "pack",
    "purpose",
    "pack_title",
    "version",
    "title",
    "legal_basis",
    "valid_from",
    "valid_to",
    "levels",
    "complete",
    "verified",
    "notes",
    "crosswalk_source_pack",
    "crosswalk_source_version",
    "crosswalk_target_pack",
    "crosswalk_target_version",
)
LINK_COLUMNS = ("source", "target", "relation", "note")
OLE_SIGNATURE = b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1"


# ---------------------------------------------------------------- export


def _flag(value: bool) -> str:
    return "ya" if value else "tidak"


def _put(ws: Any, row: list[Any]) -> None:
    ws.append(row)


def _no_formulas(ws: Any) -> None:
    """Text that looks like a formula ("=…") stays text: nothing we export is ever evaluated."""
    for row in ws.iter_rows():
        for cell in row:
            if cell.data_type == "f":
                cell.data_type = "s"


def export_xlsx(document: dict[str, Any]) -> bytes:
    """The normalised pack as an XLSX workbook that ``read_xlsx`` reads back to the same pack."""
    wb = Workbook()
    meta = wb.active
    meta.title = "Paket"
    _put(meta, ["kolom", "nilai"])
    cross = document.get("crosswalk") or {}
    values = {
        **{name: document.get(name, "") for name in META_FIELDS},
        "levels": ", ".join(document["levels"]),
        "complete": _flag(document["complete"]),
        "verified": _flag(document["verified"]),
        "crosswalk_source_pack": cross.get("source", {}).get("pack", ""),
        "crosswalk_source_version": cross.get("source", {}).get("version", ""),
        "crosswalk_target_pack": cross.get("target", {}).get("pack", ""),
        "crosswalk_target_version": cross.get("target", {}).get("version", ""),
    }
    for name in META_FIELDS:
        _put(meta, [name, values[name] or None])
    sources = wb.create_sheet("Sumber")
    _put(sources, ["title", "url"])
    for source in document["sources"]:
        _put(sources, [source["title"], source["url"] or None])
    nodes = wb.create_sheet("Butir")
    _put(nodes, list(NODE_FIELDS))
    for node in document["nodes"]:
        row: list[Any] = []
        for name in NODE_FIELDS:
            value = node[name]
            if name == "weight":
                value = float(value) if value else None
            elif name in {"conversion", "extra"}:
                value = json.dumps(value, ensure_ascii=False, sort_keys=True) if value else None
            elif name == "expected_evidence":
                value = "\n".join(value) or None
            elif name == "applicability":
                value = ", ".join(value) or None
            elif name in {"complete", "verified"}:
                value = _flag(value)
            row.append(value if value != "" else None)
        _put(nodes, row)
    links = wb.create_sheet("Padanan")
    _put(links, list(LINK_COLUMNS))
    for link in document.get("links", []):
        _put(links, [link[name] or None for name in LINK_COLUMNS])
    wrap = Alignment(wrap_text=True, vertical="top")
    for ws in wb.worksheets:
        _no_formulas(ws)
        for cell in ws[1]:
            cell.font = Font(bold=True)
        ws.freeze_panes = "A2"
    for column, width in zip(
        "ABCDEFGHIJKLMNOPQRS",
        (34, 30, 16, 8, 50, 30, 50, 30, 8, 12, 28, 40, 50, 22, 9, 40, 30, 9, 24),
        strict=False,
    ):
        nodes.column_dimensions[column].width = width
        for cell in nodes[column][1:]:
            cell.alignment = wrap
    meta.column_dimensions["A"].width = 28
    meta.column_dimensions["B"].width = 90
    buffer = io.BytesIO()
    wb.save(buffer)
    return buffer.getvalue()


# ---------------------------------------------------------------- import


def _refuse(file: str, message: str) -> Parsed:
    return Parsed(file, problems=[Problem(file, message)])


def read_xlsx(data: bytes, file: str, known: KnownKeys | None = None) -> Parsed:
    """Read a workbook in the documented layout and validate it; never raises on bad input."""
    if len(data) > MAX_XLSX_BYTES:
        return _refuse(
            file,
            _("Berkas terlalu besar (%(size)s KB; paling besar %(max)s KB).")
            % {"size": len(data) // 1024, "max": MAX_XLSX_BYTES // 1024},
        )
    if data.startswith(OLE_SIGNATURE):
        return _refuse(
            file,
            _(
                "Berkas ini dilindungi kata sandi atau berformat Excel lama (.xls). Buka di Excel, "
                "hapus kata sandinya, lalu simpan sebagai .xlsx."
            ),
        )
    not_xlsx = _("Berkas ini bukan XLSX. Simpan lembar kerja sebagai Excel Workbook (.xlsx).")
    try:
        archive = zipfile.ZipFile(io.BytesIO(data))
        members = archive.infolist()
    except (zipfile.BadZipFile, ValueError, OSError):
        return _refuse(file, not_xlsx)
    names = {m.filename for m in members}
    if "xl/workbook.xml" not in names or "[Content_Types].xml" not in names:
        return _refuse(file, not_xlsx)
    unpacked = sum(m.file_size for m in members)
    if unpacked > MAX_UNPACKED_BYTES or any(
        m.compress_size and m.file_size / m.compress_size > MAX_RATIO and m.file_size > 1024 * 1024
        for m in members
    ):
        return _refuse(file, _("Isi berkas terlalu besar setelah dibuka; berkas ditolak."))
    try:
        wb = load_workbook(io.BytesIO(data), read_only=True, data_only=False)
    except Exception:  # openpyxl raises many types for a damaged workbook; all mean the same here
        return _refuse(file, _("Berkas XLSX rusak dan tidak dapat dibaca."))
    try:
        return _read_workbook(wb, file, known)
    except (KeyError, ValueError, TypeError, zipfile.BadZipFile, OSError):
        return _refuse(file, _("Berkas XLSX rusak dan tidak dapat dibaca."))
    finally:
        wb.close()


def _rows(ws: Any, sheet: str, file: str, problems: list[Problem], limit: int) -> list[tuple[int, list[Any]]]:
    """Non-empty rows after the header as (row number, values); formulas and excess rows refused."""
    out = []
    for number, row in enumerate(ws.iter_rows(), start=1):
        if number > limit + 1:
            problems.append(
                Problem(
                    file, _("lembar %(sheet)s lebih dari %(max)s baris.") % {"sheet": sheet, "max": limit}
                )
            )
            break
        values: list[Any] = []
        for cell in row:
            if getattr(cell, "data_type", None) == "f":
                problems.append(
                    Problem(
                        file,
                        _("sel %(cell)s berisi rumus; ganti dengan nilainya.") % {"cell": cell.coordinate},
                        field=sheet,
                        row=number,
                    )
                )
                values.append(None)
            else:
                values.append(cell.value)
        if number > 1 and any(v not in (None, "") for v in values):
            out.append((number, values))
        elif number == 1:
            out.append((1, values))
    return out


def _header(rows: list[tuple[int, list[Any]]]) -> list[str]:
    if not rows or rows[0][0] != 1:
        return []
    return [str(v).strip() if v is not None else "" for v in rows[0][1]]


def _read_workbook(wb: Any, file: str, known: KnownKeys | None) -> Parsed:
    problems: list[Problem] = []
    missing = [name for name in ("Paket", "Butir") if name not in wb.sheetnames]
    if missing:
        return _refuse(file, _("Lembar %s tidak ada; ikuti tata letak paket pedoman.") % ", ".join(missing))
    raw: dict[str, Any] = {}
    cross: dict[str, str] = {}
    for number, values in _rows(wb["Paket"], "Paket", file, problems, 100)[1:]:
        name = str(values[0]).strip() if values and values[0] is not None else ""
        value = values[1] if len(values) > 1 else None
        if name.startswith("crosswalk_"):
            cross[name] = "" if value is None else str(value).strip()
        elif name in META_FIELDS:
            raw[name] = value
        else:
            problems.append(
                Problem(file, _("kolom tidak dikenal."), field=f"Paket!A{number}: {name}", row=number)
            )
    if any(cross.values()):
        raw["crosswalk"] = {
            side: {
                "pack": cross.get(f"crosswalk_{side}_pack", ""),
                "version": cross.get(f"crosswalk_{side}_version", ""),
            }
            for side in ("source", "target")
        }
    if "Sumber" in wb.sheetnames:
        raw["sources"] = [
            {"title": "" if v[0] is None else str(v[0]), "url": (v[1] if len(v) > 1 else None) or ""}
            for _n, v in _rows(wb["Sumber"], "Sumber", file, problems, 200)[1:]
        ]
    node_rows = _rows(wb["Butir"], "Butir", file, problems, MAX_NODES)
    header = _header(node_rows)
    unknown = [h for h in header if h and h not in NODE_FIELDS]
    if unknown or "key" not in header:
        problems.append(
            Problem(
                file, _("judul kolom lembar Butir harus: %s.") % ", ".join(NODE_FIELDS), field="Butir", row=1
            )
        )
        return Parsed(file, problems=problems)
    nodes, rows = [], {}
    for index, (number, values) in enumerate(node_rows[1:]):
        item: dict[str, Any] = {}
        for column, value in zip(header, values, strict=False):
            if not column or value is None or value == "":
                continue
            if column in {"conversion", "extra"} and isinstance(value, str):
                try:
                    value = json.loads(value)
                except json.JSONDecodeError:
                    problems.append(
                        Problem(file, _('harus JSON yang sah, misalnya {"A": 1}.'), field=column, row=number)
                    )
                    continue
            item[column] = value
        nodes.append(item)
        rows[index] = number
    raw["nodes"] = nodes
    if "Padanan" in wb.sheetnames:
        link_rows = _rows(wb["Padanan"], "Padanan", file, problems, MAX_NODES)
        link_header = _header(link_rows)
        raw["links"] = [
            {c: v for c, v in zip(link_header, values, strict=False) if c and v not in (None, "")}
            for _n, values in link_rows[1:]
        ]
    parsed = validate(raw, file, known, rows=rows)
    if problems:
        return Parsed(file, problems=problems + parsed.problems)
    return parsed
