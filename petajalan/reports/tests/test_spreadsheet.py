"""XLSX export (opened back with openpyxl), import round trip and every kind of bad file."""

from __future__ import annotations

import datetime as dt
import io
import re
import zipfile
from decimal import Decimal
from typing import Any

import pytest
from openpyxl import Workbook, load_workbook
from openpyxl.utils import get_column_letter

from petajalan.reports import xlsx_format as fmt
from petajalan.reports.sample import sample_roadmap
from petajalan.reports.spreadsheet import MAX_DATA_ROWS, parse_date, parse_decimal, read_roadmap_xlsx
from petajalan.reports.xlsx_export import blank_template_xlsx, export_xlsx
from petajalan.roadmaps.plain import PlainRoadmap, canonical_json


def _rm(result: Any) -> PlainRoadmap:
    """The parsed road map of a result that must have one."""
    assert result.roadmap is not None, result.problems
    roadmap: PlainRoadmap = result.roadmap
    return roadmap


AREA = "A Manajemen Perubahan"


@pytest.fixture
def roadmap():  # type: ignore[no-untyped-def]
    return sample_roadmap()


def _edit(data: bytes, change) -> bytes:  # type: ignore[no-untyped-def]
    wb = load_workbook(io.BytesIO(data))
    change(wb)
    out = io.BytesIO()
    wb.save(out)
    return out.getvalue()


def _column(ws, header: str) -> int:  # type: ignore[no-untyped-def]
    for cell in ws[fmt.HEADER_ROW]:
        if fmt.normalise_header(cell.value) == fmt.normalise_header(header):
            return cell.column
    raise AssertionError(header)


def _messages(result) -> list[str]:  # type: ignore[no-untyped-def]
    return [str(p) for p in result.problems]


# -- export ---------------------------------------------------------------------------------------


def test_export_has_one_sheet_per_focus_node_plus_problems_quick_wins_and_people(roadmap) -> None:  # type: ignore[no-untyped-def]
    wb = load_workbook(io.BytesIO(export_xlsx(roadmap)))
    assert wb.sheetnames[:3] == ["Petunjuk", "Info", "Permasalahan"]
    assert wb.sheetnames[3] == AREA
    assert wb.sheetnames[-4:] == ["Quick Wins", "Tim RB", "Agen Perubahan", "Daftar"]
    assert len(wb.sheetnames) == 7 + 8
    assert wb["Daftar"].sheet_state == "hidden"
    ws = wb[AREA]
    assert ws.freeze_panes == "C4"
    assert ws.cell(2, 5).value == "Kegiatan *"
    assert [ws.cell(3, c).value for c in range(1, 4)] == [1, 2, 3]
    assert ws.cell(4, 2).value == "A-001-0001"
    assert ws.cell(4, 5).value.startswith("Pembaruan SK Tim Reformasi Birokrasi")
    budget = ws.cell(4, _column(ws, "Anggaran 2025 (Rp)"))
    assert budget.value == 25_000_000 and budget.number_format == '"Rp"#,##0'
    assert ws.cell(4, _column(ws, "Jadwal")).value.startswith("2025-TW1; 2025-TW2")
    assert wb["Quick Wins"].cell(4, 3).value == "Akta kelahiran terbit di rumah sakit"
    assert wb["Quick Wins"].cell(4, 6).value == dt.datetime(2025, 4, 10)


def test_export_validates_focus_units_and_years_with_drop_downs(roadmap) -> None:  # type: ignore[no-untyped-def]
    wb = load_workbook(io.BytesIO(export_xlsx(roadmap, units=["Setda", "Dinkes", "Disdik"])))
    ws = wb[AREA]
    rules = {dv.formula1: str(dv.sqref) for dv in ws.data_validations.dataValidation}
    assert rules["Daftar!$A$2:$A$9"] == "C4:C5004"  # eight focus nodes
    assert rules["Daftar!$H$2:$H$4"].startswith(_letter(ws, "Penanggung Jawab"))
    assert _letter(ws, "Tahun Dasar") in rules["Daftar!$J$2:$J$16"]
    lists = wb["Daftar"]
    assert [lists.cell(r, 8).value for r in range(2, 5)] == ["Dinkes", "Disdik", "Setda"]
    assert lists.cell(2, 1).value == "urn:rb:area:manajemen-perubahan"


def _letter(ws, header: str) -> str:  # type: ignore[no-untyped-def]
    from openpyxl.utils import get_column_letter

    return get_column_letter(_column(ws, header))


def test_percent_values_show_with_a_percent_sign_without_scaling(roadmap) -> None:  # type: ignore[no-untyped-def]
    wb = load_workbook(io.BytesIO(export_xlsx(roadmap)))
    ws = wb["C Penataan dan Penguatan Organi"]  # the "%" indicator
    cell = ws.cell(4, _column(ws, "Target 2025"))
    assert cell.value == 54 and cell.number_format == '#,##0"%"'


def test_formula_like_text_is_exported_as_inert_text(roadmap) -> None:  # type: ignore[no-untyped-def]
    roadmap.actions[0].activity = '=HYPERLINK("http://x")'
    roadmap.actions[0].output = "+62 811"
    roadmap.actions[0].indicator = "@SUM(A1)"
    roadmap.actions[0].expected_evidence = "-1 dokumen"
    data = export_xlsx(roadmap)
    ws = load_workbook(io.BytesIO(data))[AREA]
    cells = [ws.cell(4, _column(ws, h)) for h in ("Kegiatan", "Output", "Indikator", "Bukti yang Diharapkan")]
    assert all(c.data_type == "s" and c.quotePrefix for c in cells)
    with zipfile.ZipFile(io.BytesIO(data)) as archive:
        sheets = [n for n in archive.namelist() if n.startswith("xl/worksheets/")]
        assert not any(b"<f>" in archive.read(n) for n in sheets)
    result = read_roadmap_xlsx(data, base=roadmap)
    assert result.ok and _rm(result).actions[0].activity == '=HYPERLINK("http://x")'


def test_blank_template_has_headers_lists_and_no_rows(roadmap) -> None:  # type: ignore[no-untyped-def]
    wb = load_workbook(io.BytesIO(blank_template_xlsx(roadmap)))
    ws = wb[AREA]
    assert ws.max_row == 3 and ws.cell(2, 5).value == "Kegiatan *"
    assert wb["Permasalahan"].max_row == 3
    result = read_roadmap_xlsx(blank_template_xlsx(roadmap), base=roadmap)
    assert result.ok and _rm(result).actions == [] and _rm(result).quick_wins == []
    assert len(result.changes["actions"].removed) == len(roadmap.actions)


# -- import -------------------------------------------------------------------------------------


def test_export_then_import_gives_the_same_roadmap(roadmap) -> None:  # type: ignore[no-untyped-def]
    result = read_roadmap_xlsx(export_xlsx(roadmap), base=roadmap)
    assert result.problems == []
    assert canonical_json(_rm(result)) == canonical_json(roadmap)
    assert not any(result.changes.values())


def _rewrite_sheets(data: bytes, change) -> bytes:  # type: ignore[no-untyped-def]
    """``data`` with ``change(xml)`` applied to every worksheet part."""
    source, out = zipfile.ZipFile(io.BytesIO(data)), io.BytesIO()
    with zipfile.ZipFile(out, "w", zipfile.ZIP_DEFLATED) as target:
        for item in source.infolist():
            part = source.read(item.filename)
            if item.filename.startswith("xl/worksheets/sheet"):
                part = change(part)
            target.writestr(item, part)
    return out.getvalue()


def test_export_states_each_sheets_size_as_excel_does(roadmap) -> None:  # type: ignore[no-untyped-def]
    data = export_xlsx(roadmap)
    archive = zipfile.ZipFile(io.BytesIO(data))
    wb = load_workbook(io.BytesIO(data), read_only=True)
    checked = 0
    for ws in wb.worksheets:
        rows = [row for row in ws.iter_rows(values_only=True) if any(v is not None for v in row)]
        if len(rows) < fmt.NUMBER_ROW or rows[fmt.NUMBER_ROW - 1][0] != 1:
            continue  # not a data sheet (guide, info, lists)
        columns = sum(1 for v in rows[fmt.HEADER_ROW - 1] if v is not None)
        # title, header and number rows, then one row per problem, action or quick win
        xml = archive.read(ws._worksheet_path).decode()
        assert f'<dimension ref="A1:{get_column_letter(columns)}{len(rows)}"/>' in xml, ws.title
        checked += 1
    assert checked == 4 + len({a.focus_key for a in roadmap.actions})


def test_rows_beyond_a_stated_size_that_is_too_small_are_still_read(roadmap) -> None:  # type: ignore[no-untyped-def]
    # some writers state a wrong size; openpyxl alone would stop reading at the stated last row
    stated = re.compile(rb'<dimension ref="[^"]*"/>')
    small = _rewrite_sheets(export_xlsx(roadmap), lambda xml: stated.sub(b'<dimension ref="A1:B4"/>', xml))
    result = read_roadmap_xlsx(small, base=roadmap)
    assert result.problems == []
    assert canonical_json(_rm(result)) == canonical_json(roadmap)


def test_import_without_base_reads_info_focus_and_rows(roadmap) -> None:  # type: ignore[no-untyped-def]
    result = read_roadmap_xlsx(export_xlsx(roadmap))
    assert result.ok
    got = _rm(result)
    assert got.title == roadmap.title and got.unit_code == roadmap.unit_code and got.years == roadmap.years
    assert got.focus_nodes == roadmap.focus_nodes
    assert got.actions == roadmap.actions and got.quick_wins == roadmap.quick_wins
    assert got.chapters == []  # the outline travels with the base, not in the workbook


def test_reimporting_an_edited_export_changes_only_what_changed(roadmap) -> None:  # type: ignore[no-untyped-def]
    def change(wb):  # type: ignore[no-untyped-def]
        ws = wb[AREA]
        ws.cell(4, _column(ws, "Target 2026")).value = "1.250,5"
        ws.cell(5, 1).value = None
        ws.delete_rows(5)  # the second action of area A is removed
        ws.append([None, None, None, "P-1", "Kegiatan baru"])

    result = read_roadmap_xlsx(_edit(export_xlsx(roadmap), change), base=roadmap)
    assert result.problems == []
    actions = result.changes["actions"]
    assert actions.changed == ["A-001-0001"]
    assert actions.removed == ["A-001-0009"]
    assert len(actions.added) == 1
    new = next(a for a in _rm(result).actions if a.uid == actions.added[0])
    assert new.activity == "Kegiatan baru" and new.focus_key == "urn:rb:area:manajemen-perubahan"
    first = next(a for a in _rm(result).actions if a.uid == "A-001-0001")
    assert {t.year: t.value for t in first.targets}[2026] == Decimal("1250.5")
    assert not result.changes["problems"] and not result.changes["quick_wins"]


def test_a_missing_optional_column_keeps_the_base_values(roadmap) -> None:  # type: ignore[no-untyped-def]
    def change(wb):  # type: ignore[no-untyped-def]
        for ws in wb.worksheets[3:-4]:
            ws.delete_cols(_column(ws, "Bukti yang Diharapkan"))

    result = read_roadmap_xlsx(_edit(export_xlsx(roadmap), change), base=roadmap)
    assert result.ok and canonical_json(_rm(result)) == canonical_json(roadmap)


def test_indonesian_numbers_percent_and_dates_typed_as_text_are_read(roadmap) -> None:  # type: ignore[no-untyped-def]
    def change(wb):  # type: ignore[no-untyped-def]
        ws = wb[AREA]
        ws.cell(4, _column(ws, "Anggaran 2025 (Rp)")).value = "1.250.000,50"
        ws.cell(4, _column(ws, "Anggaran 2026 (Rp)")).value = "Rp 1.250.000"
        ws.cell(4, _column(ws, "Target 2025")).value = "75 %"
        pct = ws.cell(4, _column(ws, "Target 2026"))
        pct.value, pct.number_format = 0.8, "0%"  # Excel stores a typed 80% as 0,8
        wb["Quick Wins"].cell(4, 6).value = "28 November 2026"
        wb["Quick Wins"].cell(5, 6).value = "1/12/2026"

    result = read_roadmap_xlsx(_edit(export_xlsx(roadmap), change), base=roadmap)
    assert result.problems == []
    action = _rm(result).actions[0]
    assert {b.year: b.value for b in action.budgets}[2025] == Decimal("1250000.50")
    assert {b.year: b.value for b in action.budgets}[2026] == Decimal("1250000")
    assert {t.year: t.value for t in action.targets}[2025] == Decimal("75")
    assert {t.year: t.value for t in action.targets}[2026] == Decimal("80")
    assert _rm(result).quick_wins[0].deadline == dt.date(2026, 11, 28)
    assert _rm(result).quick_wins[1].deadline == dt.date(2026, 12, 1)


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("1.250.000,50", Decimal("1250000.50")),
        ("Rp 1.250.000", Decimal("1250000")),
        ("Rp1.250.000,00", Decimal("1250000")),
        ("75 %", Decimal("75")),
        ("83,83", Decimal("83.83")),
        ("2.6", Decimal("2.6")),
        ("1.250", Decimal("1250")),
        ("1,250,000.50", Decimal("1250000.50")),
        ("-5", Decimal("-5")),
    ],
)
def test_parse_decimal_accepts_indonesian_and_english_forms(text: str, expected: Decimal) -> None:
    assert parse_decimal(text) == expected


@pytest.mark.parametrize("text", ["abc", "1.25.0", "12,5,0,1.3", "Rp", "1.2345,6"])
def test_parse_decimal_refuses_unclear_numbers(text: str) -> None:
    from petajalan.reports.spreadsheet import CellError

    with pytest.raises(CellError):
        parse_decimal(text)


def test_parse_date_forms() -> None:
    assert parse_date("28 Nov 2026") == dt.date(2026, 11, 28)
    assert parse_date("2026-11-28") == dt.date(2026, 11, 28)
    assert parse_date(46354) == dt.date(2026, 11, 28)


# -- bad files ------------------------------------------------------------------------------------


def _only_problem(result) -> str:  # type: ignore[no-untyped-def]
    assert result.roadmap is None
    assert len(result.problems) == 1
    return result.problems[0].message


def test_not_an_xlsx_is_refused_with_a_message(roadmap) -> None:  # type: ignore[no-untyped-def]
    assert "bukan lembar kerja Excel" in _only_problem(
        read_roadmap_xlsx(b"No;Kegiatan\n1;Rapat\n", base=roadmap)
    )
    assert "PDF" in _only_problem(read_roadmap_xlsx(b"%PDF-1.7 ...", base=roadmap))
    assert "kosong" in _only_problem(read_roadmap_xlsx(b"", base=roadmap))


def test_password_protected_and_legacy_xls_are_told_apart(roadmap) -> None:  # type: ignore[no-untyped-def]
    ole = b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1" + b"\x00" * 504
    protected = ole + "EncryptionInfo".encode("utf-16-le") + b"\x00" * 100
    assert "kata sandi" in _only_problem(read_roadmap_xlsx(protected, base=roadmap))
    assert ".xls" in _only_problem(read_roadmap_xlsx(ole, base=roadmap))


def test_corrupt_files_are_refused(roadmap) -> None:  # type: ignore[no-untyped-def]
    data = export_xlsx(roadmap)
    assert "rusak" in _only_problem(read_roadmap_xlsx(data[: len(data) // 2], base=roadmap))
    broken = io.BytesIO()
    with zipfile.ZipFile(io.BytesIO(data)) as source, zipfile.ZipFile(broken, "w") as target:
        for item in source.infolist():
            body = source.read(item.filename)
            if item.filename == "xl/workbook.xml":
                body = body[: len(body) // 2]
            target.writestr(item, body)
    assert "rusak" in _only_problem(read_roadmap_xlsx(broken.getvalue(), base=roadmap))


def test_zip_bomb_is_refused_before_parsing(roadmap) -> None:  # type: ignore[no-untyped-def]
    bomb = io.BytesIO()
    with zipfile.ZipFile(bomb, "w", zipfile.ZIP_DEFLATED) as archive:
        archive.writestr("[Content_Types].xml", "<Types/>")
        archive.writestr("xl/workbook.xml", "<workbook/>")
        archive.writestr("xl/worksheets/sheet1.xml", b"\x00" * (8 * 1024 * 1024))
    assert len(bomb.getvalue()) < 100_000
    assert "bom zip" in _only_problem(read_roadmap_xlsx(bomb.getvalue(), base=roadmap))


def test_one_hundred_thousand_rows_are_refused_with_the_limit(roadmap) -> None:  # type: ignore[no-untyped-def]
    wb = Workbook(write_only=True)
    info = wb.create_sheet("Info")
    info.append(["Tahun Awal", 2025])
    info.append(["Tahun Akhir", 2029])
    ws = wb.create_sheet("Rencana Aksi")
    ws.append(["Rencana aksi"])
    ws.append(["ID", "Fokus", "Kegiatan"])
    for i in range(100_000):
        ws.append([None, "urn:rb:area:pelayanan-publik", f"Kegiatan {i}"])
    out = io.BytesIO()
    wb.save(out)
    result = read_roadmap_xlsx(out.getvalue(), base=roadmap)
    assert result.roadmap is None
    assert any("lebih dari 20.000 baris" in p.message for p in result.problems)
    assert MAX_DATA_ROWS == 20_000


def test_wrong_and_missing_columns_are_named(roadmap) -> None:  # type: ignore[no-untyped-def]
    def change(wb):  # type: ignore[no-untyped-def]
        ws = wb[AREA]
        ws.cell(2, _column(ws, "Kegiatan")).value = "Aktivitas"
        ws.cell(2, _column(ws, "Output")).value = "Target 2031"

    result = read_roadmap_xlsx(_edit(export_xlsx(roadmap), change), base=roadmap)
    messages = _messages(result)
    assert f"{AREA}, baris 2, kolom Aktivitas: Kolom “Aktivitas” tidak dikenal." in messages[0]
    assert any("Tahun 2031 di luar periode road map (2025-2029)" in m for m in messages)
    assert any("Kolom wajib “Kegiatan” tidak ada." in m for m in messages)
    assert not result.ok


def test_merged_cells_formulas_and_stray_data_are_reported(roadmap) -> None:  # type: ignore[no-untyped-def]
    def change(wb):  # type: ignore[no-untyped-def]
        ws = wb[AREA]
        ws.merge_cells("G4:H4")
        ws.cell(5, _column(ws, "Target 2025")).value = "=SUM(1,2)"
        ws.cell(5, ws.max_column + 2).value = "catatan"

    problems = read_roadmap_xlsx(_edit(export_xlsx(roadmap), change), base=roadmap).problems
    text = "\n".join(map(str, problems))
    assert f"{AREA}, baris 4: Sel G4:H4 digabung (merge)" in text
    assert f"{AREA}, baris 5, kolom Target 2025: Sel M5 berisi rumus; ketik nilainya saja." in text
    assert "berisi data di kolom tanpa judul" in text


def test_bad_values_unknown_units_and_focus_nodes_name_row_and_column(roadmap) -> None:  # type: ignore[no-untyped-def]
    def change(wb):  # type: ignore[no-untyped-def]
        ws = wb[AREA]
        ws.cell(4, _column(ws, "Fokus")).value = "Area khayalan"
        ws.cell(4, _column(ws, "Penanggung Jawab")).value = "Dinas Antah Berantah"
        ws.cell(4, _column(ws, "Target 2027")).value = "banyak"
        ws.cell(4, _column(ws, "Tahun Dasar")).value = "kemarin"
        ws.cell(4, _column(ws, "Jadwal")).value = "2031-TW1"
        ws.cell(4, _column(ws, "Kode Sub-kegiatan")).value = "1.2.3"
        ws.cell(5, _column(ws, "Kegiatan")).value = None
        ws.cell(5, _column(ws, "ID")).value = "A-001-0001"
        wb["Quick Wins"].cell(4, 6).value = "31 Februari 2026"
        wb["Quick Wins"].cell(5, 6).value = "secepatnya"

    result = read_roadmap_xlsx(_edit(export_xlsx(roadmap), change), base=roadmap, units=["Setda", "Dinkes"])
    text = "\n".join(map(str, result.problems))
    assert not result.ok
    for expected in (
        f"{AREA}, baris 4, kolom Fokus: Fokus “Area khayalan” tidak dikenal",
        f"{AREA}, baris 4, kolom Penanggung Jawab: Perangkat daerah “Dinas Antah Berantah” tidak dikenal",
        f"{AREA}, baris 4, kolom Target 2027: “banyak” bukan angka",
        f"{AREA}, baris 4, kolom Tahun Dasar: “kemarin” bukan tahun",
        f"{AREA}, baris 4, kolom Jadwal: “2031-TW1” bukan triwulan dalam periode",
        f"{AREA}, baris 4, kolom Kode Sub-kegiatan: Kode “1.2.3”",
        f"{AREA}, baris 5, kolom Kegiatan: Kegiatan belum diisi.",
        f"{AREA}, baris 5, kolom ID: ID “A-001-0001” dipakai oleh lebih dari satu rencana aksi.",
        "Quick Wins, baris 4, kolom Tenggat: “31 Februari 2026” bukan tanggal yang ada di kalender.",
        "Quick Wins, baris 5, kolom Tenggat: “secepatnya” bukan tanggal.",
    ):
        assert expected in text, expected


def test_a_file_of_another_unit_is_refused(roadmap) -> None:  # type: ignore[no-untyped-def]
    other = sample_roadmap()
    other.unit, other.unit_code = "Dinas Pendidikan", "1.01.0.00.0.00.01.0000"
    result = read_roadmap_xlsx(export_xlsx(other), base=roadmap)
    assert (
        "Berkas ini milik Dinas Pendidikan (1.01.0.00.0.00.01.0000), bukan Dinas Kesehatan"
        in _messages(result)[0]
    )


def test_unknown_sheets_are_reported_and_empty_ones_ignored(roadmap) -> None:  # type: ignore[no-untyped-def]
    def change(wb):  # type: ignore[no-untyped-def]
        wb.create_sheet("Kosong")
        wb.create_sheet("Catatan").append(["ini catatan saya"])

    problems = read_roadmap_xlsx(_edit(export_xlsx(roadmap), change), base=roadmap).problems
    assert [(p.sheet, p.row) for p in problems] == [("Catatan", 0)]


def test_a_path_and_a_file_object_are_read_too(roadmap, tmp_path) -> None:  # type: ignore[no-untyped-def]
    path = tmp_path / "rencana.xlsx"
    path.write_bytes(export_xlsx(roadmap))
    assert read_roadmap_xlsx(path, base=roadmap).ok
    with path.open("rb") as handle:
        assert read_roadmap_xlsx(handle, base=roadmap).ok
