"""The quarterly report (Laporan Pemantauan) as DOCX and PDF for a unit and for the city, opened back
with python-docx and pypdf; the open-data CSV; the document data (verified figures, signers, roll-ups)
and its constant number of queries."""

from __future__ import annotations

import csv
import io
import re
from decimal import Decimal

import pytest
from django.utils import timezone
from docx import Document
from docx.oxml.ns import qn
from pypdf import PdfReader

from petajalan.lib.formatting import angka, tanggal
from petajalan.monitoring import documents, services
from petajalan.monitoring.documents import rag_word
from petajalan.monitoring.models import QuarterReport
from petajalan.monitoring.tests.city_data import seed_city
from petajalan.reports.monitoring_doc import chart_width_cm, document_data
from petajalan.testing.factories import make_unit

D = Decimal
S = QuarterReport.Status


def fill(rows, actor, values=("8", "12", "10")):  # type: ignore[no-untyped-def]
    """Type a value, budget and notes on every row (the first row gets no factors)."""
    for n, (row, value) in enumerate(zip(rows, values, strict=False)):
        row.refresh_from_db()
        services.save_realisation(
            actor=actor,
            row=row,
            data={
                "value": D(value),
                "budget_spent": D("5250000"),
                "progress_note": f"Kemajuan baris {n + 1}",
                "inhibiting_factors": "Jaringan internet belum stabil" if n else "",
                "follow_up": "Koordinasi dengan Diskominfo" if n else "",
            },
            version=row.version,
        )


@pytest.fixture
def head(unit):  # type: ignore[no-untyped-def]
    unit.head_name = "dr. Siti Rahmah, M.Kes."
    unit.head_position = ""
    unit.head_rank = "Pembina Utama Muda (IV/c)"
    unit.head_nip = "196009101980031003"
    unit.save()
    return unit


@pytest.fixture
def filled(report, rows, drafter, head):  # type: ignore[no-untyped-def]
    fill(rows, drafter)
    return report


def _docx_text(doc) -> str:  # type: ignore[no-untyped-def]
    parts = [p.text for p in doc.paragraphs]
    for table in doc.tables:
        for row in table.rows:
            parts.extend(cell.text for cell in row.cells)
    return "\n".join(parts)


def _pdf(content: bytes) -> tuple[PdfReader, list[str]]:
    reader = PdfReader(io.BytesIO(content))
    return reader, [page.extract_text() for page in reader.pages]


# The unit's report ----------------------------------------------------------------------------------


def test_unit_docx_has_cover_chapters_rag_tables_and_signature(filled) -> None:  # type: ignore[no-untyped-def]
    doc = Document(io.BytesIO(documents.export_report(filled, "docx").content))
    text = _docx_text(doc)
    assert "LAPORAN PEMANTAUAN" in text
    assert "RENCANA AKSI ROAD MAP REFORMASI BIROKRASI" in text
    assert "TRIWULAN I TAHUN 2025" in text
    assert "DINAS KESEHATAN" in text
    headings = [p.text for p in doc.paragraphs if p.style.name == "Heading 1"]  # type: ignore[union-attr]
    assert headings == ["BAB I\nPENDAHULUAN", "BAB II\nCAPAIAN", "BAB III\nKENDALA DAN TINDAK LANJUT"]
    subheadings = [p.text for p in doc.paragraphs if p.style.name == "Heading 2"]  # type: ignore[union-attr]
    assert subheadings[:3] == [
        "A. Latar Belakang",
        "B. Maksud dan Tujuan",
        "C. Ruang Lingkup dan Cara Menilai",
    ]
    assert "A. Capaian per Fokus" in subheadings and "B. Realisasi Rencana Aksi" in subheadings
    # the RAG table per focus node: words, not colours alone, and the total line
    focus = next(t for t in doc.tables if t.rows[0].cells[1].text == "Fokus")
    assert [c.text for c in focus.rows[1].cells] == [str(i) for i in range(1, 10)]
    body = [[c.text for c in row.cells] for row in focus.rows[2:]]
    assert {row[5] for row in body} <= {"Hijau", "Kuning", "Merah", "Abu-abu"}
    assert body[-1][1] == "Jumlah" and body[-1][6] == "Rp75.000.000"
    # signature: the unit head, office in capitals with a comma, NIP grouped 8-6-1-3
    assert "KEPALA DINAS KESEHATAN KOTA UJI," in text
    assert "dr. Siti Rahmah, M.Kes." in text
    assert "NIP. 19600910 198003 1 003" in text
    assert f"Uji, {tanggal(timezone.localdate())}" in text
    assert doc.styles["Normal"].font.name == "Bookman Old Style"


def test_unit_docx_action_tables_are_landscape_with_repeated_headers(filled, rows) -> None:  # type: ignore[no-untyped-def]
    doc = Document(io.BytesIO(documents.export_report(filled, "docx").content))
    actions = [t for t in doc.tables if t.rows[0].cells[1].text == "Kegiatan" and len(t.columns) == 12]
    assert len(actions) == 3  # one per focus node
    header = [c.text for c in actions[0].rows[0].cells]
    assert header == [
        "No.",
        "Kegiatan",
        "Indikator",
        "Satuan",
        "Penanggung Jawab",
        "Target",
        "Realisasi",
        "Capaian",
        "Status",
        "Anggaran (Rp)",
        "Realisasi Anggaran (Rp)",
        "Keterangan",
    ]
    for row in actions[0].rows[:2]:
        assert row._tr.trPr.find(qn("w:tblHeader")) is not None  # type: ignore[union-attr]
    assert all(r._tr.trPr.find(qn("w:cantSplit")) is not None for t in actions for r in t.rows)  # type: ignore[union-attr]
    cells = {t.rows[2].cells[1].text: [c.text for c in t.rows[2].cells] for t in actions}
    first = cells["Rencana aksi 1"]  # up: 8 of 10
    assert first[5:11] == ["10", "8", "80%", "Kuning", "Rp25.000.000", "Rp5.250.000"]
    assert cells["Rencana aksi 2"][7:9] == ["80%", "Kuning"]  # down: 12 against 10 → (2 − 1,2) × 100
    assert cells["Rencana aksi 3"][7:9] == ["100%", "Hijau"]  # keep: 10 against 10
    sizes = {(round(s.page_width.mm), round(s.page_height.mm)) for s in doc.sections}  # type: ignore[union-attr]
    assert sizes == {(215, 330), (330, 215)}
    captions = [p.text for p in doc.paragraphs if p.style.name == "Caption"]  # type: ignore[union-attr]
    assert captions[2].startswith("Tabel 2.2. Realisasi Rencana Aksi – A. ")
    assert captions[-1] == "Tabel 3.1. Kendala dan Tindak Lanjut"


def test_unit_pdf_opens_with_all_chapters_tables_and_chart(filled) -> None:  # type: ignore[no-untyped-def]
    content = documents.export_report(filled, "pdf").content
    reader, pages = _pdf(content)
    text = "\n".join(pages)
    assert reader.metadata is not None and "TRIWULAN I TAHUN 2025" in (reader.metadata.title or "")
    for expected in (
        "LAPORAN PEMANTAUAN",
        "PENDAHULUAN",
        "KENDALA DAN TINDAK LANJUT",
        "Tabel 2.1. Capaian per Fokus",
        "Gambar 2.1. Capaian per Fokus",
        "B. Realisasi Rencana Aksi",
        "Tabel 2.2. Realisasi Rencana Aksi",
        "Rencana aksi 1",
        "Rp25.000.000",
        "Kuning",
        "Jaringan internet belum stabil",
        "NIP. 19600910 198003 1 003",
    ):
        assert expected in text, expected
    # cover without a number, BAB I is "- 1 -"; the action tables are on landscape pages
    assert "- " not in pages[0]
    assert pages[1].lstrip().startswith("- 1 -")
    landscape = [p for p in reader.pages if p.mediabox.width > p.mediabox.height]
    assert landscape and all(round(float(p.mediabox.width) * 25.4 / 72) == 330 for p in landscape)


def test_docx_carries_the_chart_as_a_picture(filled) -> None:  # type: ignore[no-untyped-def]
    doc = Document(io.BytesIO(documents.export_report(filled, "docx").content))
    assert len(doc.inline_shapes) == 1
    picture = doc.inline_shapes[0]
    assert round(picture.width.cm) == 15  # type: ignore[union-attr]
    part = doc.part.related_parts[picture._inline.graphic.graphicData.pic.blipFill.blip.embed]
    assert part.blob.startswith(b"\x89PNG")


def test_a_chart_with_many_bars_is_printed_narrower_to_fit_the_page() -> None:
    few = '<svg xmlns="http://www.w3.org/2000/svg" width="640" height="118">'
    many = '<svg xmlns="http://www.w3.org/2000/svg" width="640" height="1106">'
    assert chart_width_cm(few) == 15
    assert chart_width_cm(many) == round(22 * 640 / 1106, 2)


def test_chart_is_an_svg_with_its_table(filled) -> None:  # type: ignore[no-untyped-def]
    data = documents.unit_quarter(filled)
    d = document_data(data)
    svg = d["focus"]["svg"]
    assert svg.startswith("<svg") and "<title>Capaian per Fokus</title>" in svg
    # every bar of the chart is a line of the table beside it (the same label, figure and word)
    assert [row[1] for row in d["focus"]["rows"][:-1]] == [line.label for line in data.focus_lines]
    for line in data.focus_lines:
        assert f"{line.label}</text>" in svg
        assert f"{angka(line.score, 1)}% · {rag_word(line.colour)}" in svg
    assert "http" not in svg.replace("http://www.w3.org/2000/svg", "")  # no external asset


def test_verified_figures_count_and_the_units_are_kept_beside_them(filled, rows, unit_head, admin) -> None:  # type: ignore[no-untyped-def]
    services.submit_report(actor=unit_head, report=filled)
    row = rows[0]
    row.refresh_from_db()
    services.verify_row(
        actor=admin,
        row=row,
        data={"verified_value": D("9"), "verifier_note": "Sesuai daftar hadir"},
        version=row.version,
    )
    services.verify_report(actor=admin, report=filled)
    data = documents.unit_quarter(filled)
    first = next(r for r in data.rows if r.activity == "Rencana aksi 1")
    assert (first.value, first.unit_value, first.achievement) == (D("9"), D("8"), D("90.00"))
    assert first.colour == "green"
    d = document_data(data)
    cells = next(t["rows"][0] for t in d["actions"]["tables"] if t["rows"][0][1] == "Rencana aksi 1")
    assert cells[6:9] == ["9", "90%", "Hijau"]
    assert cells[11] == "Kemajuan baris 1\nAngka unit: 8.\nVerifikator: Sesuai daftar hadir"


def test_a_unit_without_head_signs_with_the_road_maps_signatory(report, unit, enacted_roadmap) -> None:  # type: ignore[no-untyped-def]
    unit.head_name = ""
    unit.save()
    enacted_roadmap.signatory_name = "Ir. Budi Santoso"
    enacted_roadmap.signatory_position = "Kepala Dinas Kesehatan Kota Uji"
    enacted_roadmap.save()
    sig = document_data(documents.unit_quarter(report))["signature"]
    assert sig["office"] == "KEPALA DINAS KESEHATAN KOTA UJI,"
    assert sig["name"] == "Ir. Budi Santoso" and sig["nip"] == ""


def test_csv_is_open_data_one_row_per_action(filled) -> None:  # type: ignore[no-untyped-def]
    export = documents.export_report(filled, "csv")
    assert export.filename == "pemantauan-dinkes-2025-tw1.csv"
    rows = list(csv.DictReader(io.StringIO(export.content.decode("utf-8"))))
    assert len(rows) == 3
    assert list(rows[0]) == documents.CSV_COLUMNS
    first = next(r for r in rows if r["kegiatan"] == "Rencana aksi 1")
    assert first["realisasi"] == "8" and first["target"] == "10" and first["capaian"] == "80"
    assert first["anggaran"] == "25000000" and first["realisasi_anggaran"] == "5250000"
    assert first["warna"] == "amber" and first["terverifikasi"] == "tidak"
    assert first["tahun"] == "2025" and first["triwulan"] == "1"


def test_csv_text_that_looks_like_a_formula_is_neutralised(report, rows, drafter) -> None:  # type: ignore[no-untyped-def]
    row = rows[0]
    services.save_realisation(
        actor=drafter, row=row, data={"progress_note": "=HYPERLINK(1)"}, version=row.version
    )
    content = documents.export_report(report, "csv").content.decode("utf-8")
    assert "'=HYPERLINK(1)" in content


# The city's report ------------------------------------------------------------------------------------


@pytest.fixture
def city(gov):  # type: ignore[no-untyped-def]
    make_unit(
        gov,
        name="Sekretariat Daerah",
        short_name="Setda",
        kind="setda",
        head_name="Drs. H. Ahmad Yani",
        head_position="Sekretaris Daerah Kota Uji",
        head_rank="Pembina Utama Madya (IV/d)",
        head_nip="196801011990031005",
    )
    return seed_city(gov, units=3, actions=8, quarters=[(2026, 1)])


def test_city_report_gathers_every_unit_and_marks_the_unverified(gov, city) -> None:  # type: ignore[no-untyped-def]
    data = documents.city_quarter(gov, 2026, 1)
    assert data.scope == "city" and data.reports == 4
    assert len(data.rows) == 3 * 8 + 3
    statuses = {line.label: line.status for line in data.unit_lines}
    assert statuses["Dinas Pantau 1"] == "Terverifikasi"
    assert statuses["Dinas Pantau 3"] == "Diajukan"
    assert sum(1 for line in data.unit_lines if line.is_verified) == data.verified_reports == 2
    d = document_data(data)
    notes = [row[11] for table in d["actions"]["tables"] for row in table["rows"]]
    units = [row[4] for table in d["actions"]["tables"] for row in table["rows"]]
    unverified = {u for u, n in zip(units, notes, strict=True) if "Belum diverifikasi." in n}
    assert "Dinas 3" in unverified and "Dinas 1" not in unverified
    # the total line of the units' table says how many were verified
    assert d["units"]["rows"][-1][2] == "2 dari 4 terverifikasi"
    # the Sekda signs the city's report
    assert d["signature"]["office"] == "SEKRETARIS DAERAH KOTA UJI,"
    assert d["signature"]["nip"] == "NIP. 19680101 199003 1 005"


def test_city_pdf_and_docx_open_with_the_units_table(gov, city) -> None:  # type: ignore[no-untyped-def]
    export = documents.export_city(gov, 2026, 1, "pdf")
    assert export.filename == "pemantauan-kota-uji-2026-tw1.pdf"
    _reader, pages = _pdf(export.content)
    text = "\n".join(pages)
    assert "Tabel 2.2. Capaian per Perangkat Daerah" in text
    assert "Gambar 2.2. Capaian per Perangkat Daerah" in text
    assert "C. Realisasi Rencana Aksi" in text and "Belum diverifikasi." in text
    assert "Dinas Pantau 2" in text and "Drs. H. Ahmad Yani" in text
    doc = Document(io.BytesIO(documents.export_city(gov, 2026, 1, "docx").content))
    units = next(t for t in doc.tables if t.rows[0].cells[1].text == "Perangkat Daerah")
    assert [c.text for c in units.rows[0].cells][2] == "Status Laporan"
    assert len(units.rows) == 2 + 4 + 1  # headers, one per report, the total
    # both charts as pictures, each under its caption and beside its table
    assert len(doc.inline_shapes) == 2
    captions = [p.text for p in doc.paragraphs if p.style.name == "Caption"]  # type: ignore[union-attr]
    assert captions[:4] == [
        "Tabel 2.1. Capaian per Fokus",
        "Gambar 2.1. Capaian per Fokus",
        "Tabel 2.2. Capaian per Perangkat Daerah",
        "Gambar 2.2. Capaian per Perangkat Daerah",
    ]


def test_city_quarter_reads_a_constant_number_of_queries(gov, django_assert_max_num_queries) -> None:  # type: ignore[no-untyped-def]
    seed_city(gov, units=12, actions=25, quarters=[(2026, 1)])
    documents.city_quarter(gov, 2026, 1)  # settings and holidays made once
    with django_assert_max_num_queries(14):
        data = documents.city_quarter(gov, 2026, 1)
    assert len(data.rows) == 12 * 25 + 3


def test_a_quarter_without_rows_still_prints(gov) -> None:  # type: ignore[no-untyped-def]
    export = documents.export_city(gov, 2026, 2, "pdf")
    _reader, pages = _pdf(export.content)
    assert "Belum ada rencana aksi yang dijadwalkan pada triwulan ini." in "\n".join(pages)
    doc = Document(io.BytesIO(documents.export_city(gov, 2026, 2, "docx").content))
    assert "Belum ada data." in _docx_text(doc)


def test_text_is_printed_as_typed_without_control_characters(report, rows, drafter) -> None:  # type: ignore[no-untyped-def]
    row = rows[0]
    services.save_realisation(
        actor=drafter,
        row=row,
        data={"value": D(5), "progress_note": "Baris\x0cbaru\x07 <b>&"},
        version=row.version,
    )
    doc = Document(io.BytesIO(documents.export_report(report, "docx").content))
    assert "Barisbaru <b>&" in _docx_text(doc)
    _reader, pages = _pdf(documents.export_report(report, "pdf").content)
    assert re.search(r"Barisbaru\s*<b>&", "\n".join(pages))
