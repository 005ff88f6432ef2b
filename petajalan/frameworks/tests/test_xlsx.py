"""The XLSX layout both ways, and every kind of bad workbook (no database)."""

from __future__ import annotations

import io
import zipfile

import pytest
from openpyxl import Workbook, load_workbook

from petajalan.frameworks.loader import read_paths, shipped_paths
from petajalan.frameworks.schema import MAX_NODES
from petajalan.frameworks.xlsx import MAX_XLSX_BYTES, OLE_SIGNATURE, export_xlsx, read_xlsx

SHIPPED = {r.doc["pack"] + "-" + r.doc["version"]: r for r in read_paths(shipped_paths())}


@pytest.mark.parametrize("name", sorted(SHIPPED))
def test_round_trip_export_then_import_gives_the_same_pack(name):
    original = SHIPPED[name]
    back = read_xlsx(export_xlsx(original.doc), f"{name}.xlsx")
    assert [str(p) for p in back.problems] == []
    assert back.doc == original.doc
    assert back.checksum == original.checksum


def test_export_is_a_real_workbook_in_the_documented_layout():
    data = export_xlsx(SHIPPED["lke-2023"].doc)
    wb = load_workbook(io.BytesIO(data))
    assert wb.sheetnames == ["Paket", "Sumber", "Butir", "Padanan"]
    header = [c.value for c in wb["Butir"][1]]
    assert header[:3] == ["key", "parent", "kind"]
    first = {h: c.value for h, c in zip(header, wb["Butir"][2], strict=False)}
    assert first["key"] == "urn:lke:rb-general" and first["weight"] == 100
    assert wb["Paket"]["B6"].value == "Lembar Kerja Evaluasi RB 2023 untuk kabupaten/kota (9/2023)"


def _workbook(rows, *, meta=None, formula=None):
    wb = Workbook()
    ws = wb.active
    ws.title = "Paket"
    ws.append(["kolom", "nilai"])
    for pair in meta or [("pack", "uji"), ("purpose", "worksheet"), ("version", "1"), ("title", "Uji")]:
        ws.append(list(pair))
    nodes = wb.create_sheet("Butir")
    nodes.append(["key", "parent", "kind", "title", "weight", "answer_type", "conversion"])
    for row in rows:
        nodes.append(row)
    if formula:
        nodes[formula] = "=1+1"
    buffer = io.BytesIO()
    wb.save(buffer)
    return buffer.getvalue()


def messages(data):
    parsed = read_xlsx(data, "unggah.xlsx")
    assert parsed.document is None or parsed.problems, "a bad workbook was accepted"
    return "\n".join(str(p) for p in parsed.problems)


def test_a_small_valid_workbook_is_read():
    parsed = read_xlsx(_workbook([["urn:uji:a", None, "criterion", "A", 2, "yes_no", None]]), "u.xlsx")
    assert parsed.is_valid
    assert parsed.doc["nodes"][0]["conversion"] == {"Ya": "1", "Tidak": "0"}


def test_a_text_file_is_not_an_xlsx():
    assert "bukan XLSX" in messages(b"key,title\nurn:a,A\n")


def test_a_zip_that_is_not_a_workbook():
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w") as archive:
        archive.writestr("dokumen.txt", "halo")
    assert "bukan XLSX" in messages(buffer.getvalue())


def test_a_truncated_workbook_is_corrupt_not_a_500():
    data = _workbook([["urn:uji:a", None, "criterion", "A"]])
    assert "bukan XLSX" in messages(data[: len(data) // 2]) or "rusak" in messages(data[: len(data) // 2])


def test_a_workbook_with_a_damaged_part_is_corrupt():
    source = zipfile.ZipFile(io.BytesIO(_workbook([["urn:uji:a", None, "criterion", "A"]])))
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w") as archive:
        for item in source.infolist():
            data = source.read(item.filename)
            archive.writestr(item, b"<bukan xml" if item.filename == "xl/workbook.xml" else data)
    assert "rusak" in messages(buffer.getvalue())


def test_password_protected_or_old_xls_files_are_refused():
    assert "dilindungi kata sandi" in messages(OLE_SIGNATURE + b"\x00" * 600)


def test_a_huge_file_is_refused_before_reading():
    assert "terlalu besar" in messages(b"PK" + b"\x00" * MAX_XLSX_BYTES)


def test_a_zip_bomb_is_refused():
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w", compression=zipfile.ZIP_DEFLATED) as archive:
        archive.writestr("[Content_Types].xml", "<x/>")
        archive.writestr("xl/workbook.xml", "<x/>")
        archive.writestr("xl/worksheets/sheet1.xml", b"0" * (70 * 1024 * 1024))
    assert "terlalu besar setelah dibuka" in messages(buffer.getvalue())


def test_too_many_rows_are_refused():
    rows = [[f"urn:uji:{n}", None, "criterion", f"B{n}"] for n in range(MAX_NODES + 2)]
    assert f"lebih dari {MAX_NODES} baris" in messages(_workbook(rows))


def test_formulas_are_refused_with_their_cell():
    text = messages(_workbook([["urn:uji:a", None, "criterion", "A", 2]], formula="E2"))
    assert "baris 2" in text and "sel E2 berisi rumus" in text


def test_missing_sheet_is_named():
    wb = Workbook()
    wb.active.title = "Lembar1"
    buffer = io.BytesIO()
    wb.save(buffer)
    assert "Paket, Butir tidak ada" in messages(buffer.getvalue())


def test_node_problems_name_the_spreadsheet_row():
    rows = [
        ["urn:uji:a", None, "criterion", "A", 2],
        ["urn:uji:b", "urn:uji:tidak-ada", "criterion", "B", 1],
        ["urn:uji:c", None, "kriteria", "C", None, "abc", '{"A": 1'],
    ]
    text = messages(_workbook(rows))
    assert "unggah.xlsx: baris 3: urn:uji:b: parent: induk 'urn:uji:tidak-ada' tidak ada" in text
    assert "baris 4: conversion: harus JSON yang sah" in text
    assert "baris 4: urn:uji:c: kind: jenis tidak dikenal" in text


def test_text_that_looks_like_a_formula_is_exported_as_text():
    doc = dict(SHIPPED["rb-bands-2020"].doc)
    doc["nodes"] = [dict(doc["nodes"][0], description='=HYPERLINK("http://x")'), *doc["nodes"][1:]]
    back = read_xlsx(export_xlsx(doc), "x.xlsx")
    assert back.is_valid and back.doc["nodes"][0]["description"].startswith("=HYPERLINK")
