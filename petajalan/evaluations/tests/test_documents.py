"""The internal evaluation report (DOCX and PDF) opened back with python-docx and pdfium: every number
of its score table equals ``services.scores``; the findings and recommendations; the signatures;
the downloads and the evaluator packet of the web pages; a constant number of queries."""

from __future__ import annotations

import io
import re
import zipfile
from decimal import Decimal
from typing import Any

import pypdfium2 as pdfium
import pytest
from django.utils import timezone
from docx import Document
from docx.enum.section import WD_ORIENT
from docx.oxml.ns import qn

from petajalan.accounts.models import Unit
from petajalan.evaluations import hooks, scoring, services
from petajalan.evaluations.models import Answer, Cycle, Phase
from petajalan.evaluations.tests.conftest import lke, move_to, open_windows
from petajalan.evidence import services as evidence_services
from petajalan.evidence import targets
from petajalan.evidence.models import Item, Link
from petajalan.lib.formatting import tanggal
from petajalan.reports.evaluation_doc import document_data
from petajalan.testing.evidence import pdf_bytes
from petajalan.testing.factories import make_unit
from petajalan.testing.fixtures import client_for

URL = "/g/kota-uji/evaluasi/siklus/{cycle}/"


def fresh(cycle: Cycle, ref: str) -> Answer:
    return Answer.objects.select_related("cycle", "cycle__worksheet").get(cycle=cycle, ref=ref)


def answer(cycle: Cycle, ref: str, value: str, actor: Any, note: str = "", na_reason: str = "") -> Answer:
    row = fresh(cycle, ref)
    return services.answer_self(
        actor=actor, answer=row, value=value, note=note, na_reason=na_reason, version=row.version
    )


SELF = {
    "1A.1": "2,5",
    "1A.2": "80",
    "1B.H.1": "100",
    "1B.H.2": "4",
    "1B.H.3": "3",
    "1B.H.5": "70,25",
    "1B.S.1": "300",
    "1C.H.1": "3,2",
    "1C.H.3": "90",
    "1C.H.4": "WTP",
    "1C.S.2": "NA",
    "2A.1.1": "0,4",
    "2A.1.2": "75",
    "2B.1": "2",
}


def fill_cycle(cycle: Cycle, admin: Any, reviewer: Any = None) -> Cycle:
    """Self answers on a few items, two verified lower (with notes), one agreed, evaluator answers on
    three items and the official result: every column of the report has numbers."""
    for ref, value in SELF.items():
        reason = "Survei SPI tidak diselenggarakan di kota ini" if value == "NA" else ""
        answer(cycle, ref, value, admin, note=f"Catatan {ref}", na_reason=reason)
    move_to(cycle, Phase.VERIFICATION)
    checker = reviewer or admin
    for ref, value, note in (
        ("1B.H.5", "60", "LHE SAKIP menunjukkan 60,00"),
        ("1C.H.1", "2,6", "Indeks SPBE 2,6"),
    ):
        row = fresh(cycle, ref)
        services.verify(actor=checker, answer=row, agree=False, value=value, note=note, version=row.version)
    row = fresh(cycle, "1A.1")
    services.verify(actor=checker, answer=row, agree=True, version=row.version)
    move_to(cycle, Phase.EVALUATOR)
    for ref, value in (("1A.1", "2"), ("1B.H.5", "61"), ("1C.H.4", "WDP")):
        row = fresh(cycle, ref)
        services.record_evaluator(actor=admin, answer=row, value=value, version=row.version)
    cycle.refresh_from_db()
    services.set_official_result(
        actor=admin, cycle=cycle, index=Decimal("55.5"), predicate="CC", version=cycle.version
    )
    cycle.refresh_from_db()
    return cycle


@pytest.fixture
def heads(gov: Any) -> dict[str, Unit]:
    inspektorat = make_unit(
        gov,
        name="Inspektorat",
        short_name="Inspektorat",
        kind=Unit.Kind.INSPEKTORAT,
        head_name="Drs. Budi Santoso, M.Si.",
        head_position="",
        head_rank="Pembina Utama Muda (IV/c)",
        head_nip="196809101990031004",
    )
    setda = make_unit(
        gov,
        name="Sekretariat Daerah",
        short_name="Setda",
        kind=Unit.Kind.SETDA,
        head_name="Ir. Rahmat Hidayat, M.T.",
        head_position="",
        head_rank="Pembina Utama Madya (IV/d)",
        head_nip="196501011990031001",
    )
    return {"inspektorat": inspektorat, "setda": setda}


@pytest.fixture
def filled(cycle: Cycle, admin: Any, reviewer: Any, heads: dict) -> Cycle:
    return fill_cycle(cycle, admin, reviewer)


def _number(text: str) -> Decimal | None:
    """'3,75' → 3.75; anything else (answers, '–', '') → None."""
    if not re.fullmatch(r"-?[\d.]+(,\d+)?", text):
        return None
    return Decimal(text.replace(".", "").replace(",", "."))


def _r2(value: Decimal) -> Decimal:
    return Decimal(str(scoring.r2(value)))


def _expected_rows(cycle: Cycle) -> dict[str, list[Decimal | None]]:
    """ref → the points of the three columns, from ``services.scores``."""
    result = services.scores(cycle)
    worksheet = result.worksheet
    expected = {}
    for node in worksheet.nodes.values():
        if node is worksheet.coefficient:
            continue
        points: list[Decimal | None] = []
        for score in (result.self, result.verified, result.evaluator):
            assert score is not None
            entry = score.nodes[node.key]
            points.append(None if node.is_item and entry.answer == scoring.NA else _r2(entry.points))
        expected[node.ref] = points
    return expected


def _docx(cycle: Cycle) -> Any:
    return Document(io.BytesIO(hooks.export(cycle, "docx").content))


def _score_table(doc: Any) -> Any:
    return next(t for t in doc.tables if t.rows[0].cells[0].text == "Nomor" and len(t.columns) == 10)


# The DOCX -------------------------------------------------------------------------------------------


def test_docx_score_table_equals_the_scores_of_the_three_columns(filled: Cycle) -> None:
    doc = _docx(filled)
    table = _score_table(doc)
    header = [c.text for c in table.rows[0].cells]
    assert header == [
        "Nomor",
        "Komponen/Kriteria",
        "Bobot",
        "Penanggung Jawab",
        "Jawaban Mandiri",
        "Nilai Mandiri",
        "Jawaban Verifikasi",
        "Nilai Verifikasi",
        "Jawaban Evaluator",
        "Nilai Evaluator",
    ]
    assert [c.text for c in table.rows[1].cells] == [str(i) for i in range(1, 11)]
    # the header and the column numbers repeat on every page; no row splits
    for row in table.rows[:2]:
        assert row._tr.trPr.find(qn("w:tblHeader")) is not None
    assert all(row._tr.trPr.find(qn("w:cantSplit")) is not None for row in table.rows)
    expected = _expected_rows(filled)
    seen = {}
    for row in table.rows[2:]:
        cells = [c.text for c in row.cells]
        if cells[0]:
            seen[cells[0]] = [_number(cells[i]) for i in (5, 7, 9)]
    assert seen == expected
    rows = {row.cells[0].text: [c.text for c in row.cells] for row in table.rows[2:] if row.cells[0].text}
    assert rows["1B.H.5"][4:8] == ["70,25", "2,81", "60", "2,40"]
    assert rows["1C.S.2"][4:6] == ["NA", "–"]
    assert rows["1C.H.4"][8:10] == ["WDP", "3,33"]
    assert rows["1"][1] == "RB GENERAL" and rows["1"][2] == "100"
    # the totals below the nodes: index and predicate of each column
    result = services.scores(filled)
    totals = {
        row.cells[1].text: [c.text for c in row.cells] for row in table.rows[2:] if not row.cells[0].text
    }
    index = totals["INDEKS RB"]
    assert [_number(index[i]) for i in (5, 7, 9)] == [
        _r2(result.self.index),
        _r2(result.verified.index),
        _r2(result.evaluator.index),  # type: ignore[union-attr]
    ]
    assert totals["Predikat"][5] == f"{result.self.band} ({result.self.band_label})"


def test_docx_has_cover_chapters_landscape_scores_and_signatures(filled: Cycle) -> None:
    doc = _docx(filled)
    text = "\n".join(p.text for p in doc.paragraphs)
    for line in (
        "LAPORAN HASIL EVALUASI INTERNAL",
        "REFORMASI BIROKRASI",
        "PEMERINTAH KOTA UJI",
        "TAHUN 2026",
    ):
        assert line in text
    assert "ATAS PELAKSANAAN TAHUN 2025" in text
    headings = [p.text for p in doc.paragraphs if p.style.name == "Heading 1"]  # type: ignore[union-attr]
    assert headings == [
        "BAB I\nPENDAHULUAN",
        "BAB II\nHASIL EVALUASI",
        "BAB III\nTEMUAN DAN REKOMENDASI",
        "BAB IV\nPENUTUP",
    ]
    subheadings = [p.text for p in doc.paragraphs if p.style.name == "Heading 2"]  # type: ignore[union-attr]
    assert subheadings == [
        "A. Latar Belakang",
        "B. Dasar Hukum",
        "C. Ruang Lingkup dan Metode",
        "D. Tahapan dan Jadwal",
        "A. Ringkasan Nilai",
        "B. Nilai per Komponen dan Kriteria",
        "A. Nilai Verifikasi di Bawah Penilaian Mandiri",
        "B. Kriteria yang Belum Dijawab",
        "C. Rekomendasi",
    ]
    # the pack's legal basis and the phases with their dates
    assert "1.\tPeraturan Menteri PANRB Nomor 9 Tahun 2023 tentang Evaluasi Reformasi Birokrasi;" in text
    window = filled.windows.get(phase=Phase.ANSWERING)
    assert (
        f"Pengisian oleh perangkat daerah: {tanggal(window.opens_on)} – {tanggal(window.closes_on)}" in text
    )
    # the score table sits in a landscape F4 section, the rest in portrait
    orientations = [s.orientation for s in doc.sections]
    assert WD_ORIENT.LANDSCAPE in orientations and orientations[-1] == WD_ORIENT.PORTRAIT
    landscape = next(s for s in doc.sections if s.orientation == WD_ORIENT.LANDSCAPE)
    assert round(landscape.page_width.mm) == 330 and round(landscape.page_height.mm) == 215
    captions = [p.text for p in doc.paragraphs if p.style.name == "Caption"]  # type: ignore[union-attr]
    assert captions[:2] == [
        "Tabel 2.1. Ringkasan Nilai Evaluasi Internal",
        "Tabel 2.2. Nilai per Komponen dan Kriteria",
    ]
    # signatures: the Inspektur on the right, "Mengetahui," the Sekda on the left, NIP 8-6-1-3
    signature = doc.tables[-1]
    left, right = (cell.text for cell in signature.rows[0].cells)
    assert left.startswith("Mengetahui,\nSEKRETARIS DAERAH KOTA UJI,")
    assert "Ir. Rahmat Hidayat, M.T." in left and "NIP. 19650101 199003 1 001" in left
    assert right.startswith(f"Uji, {tanggal(timezone.localdate())}\nINSPEKTUR KOTA UJI,")
    assert "Drs. Budi Santoso, M.Si." in right and "NIP. 19680910 199003 1 004" in right
    assert doc.styles["Normal"].font.name == "Bookman Old Style"


def test_docx_findings_list_lower_verified_missing_items_and_the_next_points(filled: Cycle) -> None:
    doc = _docx(filled)
    lower = next(t for t in doc.tables if t.rows[0].cells[-1].text == "Catatan Verifikator")
    rows = [[c.text for c in row.cells] for row in lower.rows[2:]]
    assert [r[1] for r in rows] == ["1B.H.5", "1C.H.1", "1C.H.3"]
    assert rows[0][4:] == ["70,25", "2,81", "60", "2,40", "LHE SAKIP menunjukkan 60,00"]
    # not changed by the Inspektorat, but multiplied by the SAKIP item's ratio
    assert rows[2][4] == rows[2][6] == "90"
    assert rows[2][8] == "Turun karena nilai verifikasi kriteria pengalinya (1B.H.5)."
    missing = next(t for t in doc.tables if t.rows[0].cells[-1].text == "Batas Pengisian")
    result = services.scores(filled)
    refs = [row.cells[1].text for row in missing.rows[2:]]
    assert refs == [result.worksheet.nodes[k].ref for k in result.self.missing]
    assert "1A.1" not in refs and "2B.2" in refs
    upcoming = next(t for t in doc.tables if t.rows[0].cells[-1].text == "Tambahan Indeks")
    maps = services.answer_maps(filled.answers.all())
    gains = scoring.next_points(result.worksheet, maps["verified"], coefficient=result.verified.coefficient)
    shown = [(row.cells[1].text, _number(row.cells[7].text.lstrip("+"))) for row in upcoming.rows[2:]]
    assert shown == [(g.ref, _r2(g.gain)) for g in gains[:10]]


def test_a_cycle_without_answers_prints_nothing_to_find_and_blank_signers(cycle: Cycle) -> None:
    doc = _docx(cycle)
    text = "\n".join(p.text for p in doc.paragraphs)
    assert "Tidak ada kriteria yang nilai verifikasinya di bawah penilaian mandiri." in text
    assert "Hasil evaluator nasional belum dicatat." in text
    # no evaluator result yet: its two columns stay empty, the others print zeros
    rows = [[c.text for c in row.cells] for row in _score_table(doc).rows[2:]]
    assert {row[8] for row in rows} == {""} and {row[9] for row in rows} == {""}
    assert rows[0][5] == rows[0][7] == "0,00"
    left, right = (cell.text for cell in doc.tables[-1].rows[0].cells)
    assert "SEKRETARIS DAERAH KOTA UJI," in left and "INSPEKTUR KOTA UJI," in right


def older_cycle(gov: Any, admin: Any, version: str) -> tuple[Cycle, Answer, scoring.Node]:
    """A 2019 cycle on a pack without answer types, windows open; its first item and node."""
    cycle = services.open_cycle(actor=admin, government=gov, year=2019, worksheet=lke(version))
    open_windows(cycle)
    first = cycle.answers.earliest("order")
    return cycle, first, services.worksheet_of(cycle.worksheet).nodes[first.node_key]


@pytest.mark.parametrize("version", ["2014", "2020"])
def test_older_worksheets_without_answer_types_print_points_answered_directly(
    packs: None, gov: Any, admin: Any, version: str
) -> None:
    cycle, first, node = older_cycle(gov, admin, version)
    half = (node.weight or Decimal(0)) / 2
    answer(cycle, first.ref, scoring.plain(half), admin)
    doc = _docx(cycle)
    rows = {r.cells[0].text: [c.text for c in r.cells] for r in _score_table(doc).rows[2:] if r.cells[0].text}
    assert rows[first.ref][1].endswith(" *")
    assert _number(rows[first.ref][5]) == _r2(half)
    text = "\n".join(p.text for p in doc.paragraphs)
    assert "dijawab langsung sebagai nilai antara nol dan bobotnya" in text


# The PDF ----------------------------------------------------------------------------------------------


def _pdf_pages(content: bytes) -> list[tuple[float, float, str]]:
    document = pdfium.PdfDocument(content)
    try:
        pages = []
        for page in document:
            width, height = page.get_size()
            pages.append((width, height, page.get_textpage().get_text_range()))
        return pages
    finally:
        document.close()


def test_pdf_prints_the_same_numbers_in_f4_with_a_landscape_score_table(filled: Cycle) -> None:
    pages = _pdf_pages(hooks.export(filled, "pdf").content)
    cover = pages[0][2]
    assert (
        "LAPORAN HASIL EVALUASI INTERNAL" in cover
        and "PEMERINTAH KOTA UJI" in cover
        and "TAHUN 2026" in cover
    )
    assert "- 1 -" not in cover
    assert round(pages[0][0] / 72 * 25.4) == 215 and round(pages[0][1] / 72 * 25.4) == 330
    landscape = [text for width, height, text in pages if width > height]
    assert landscape and "Tabel 2.2. Nilai per Komponen dan Kriteria" in landscape[0]
    every = "\n".join(text for _w, _h, text in pages)
    for heading in ("BAB I", "PENDAHULUAN", "BAB II", "HASIL EVALUASI", "BAB III", "BAB IV", "PENUTUP"):
        assert heading in every
    result = services.scores(filled)
    for score in (result.self, result.verified, result.evaluator):
        assert score is not None
        assert f"{scoring.r2(score.index):.2f}".replace(".", ",") in every
    # the score table's rows: each node's ref followed by its numbers, as in the DOCX
    scores = " ".join(landscape).replace("\r\n", " ").replace("\n", " ")
    assert re.search(r"1B\.H\.5 Nilai SAKIP 4 .*?70,25 2,81 60 2,40 61 2,44", scores)
    assert "INSPEKTUR KOTA UJI," in pages[-1][2] and "Mengetahui," in pages[-1][2]
    assert "NIP. 19680910 199003 1 004" in pages[-1][2]


# Downloads, the evaluator packet, queries --------------------------------------------------------------


@pytest.mark.parametrize(
    ("fmt", "content_type", "start"),
    [
        ("pdf", "application/pdf", b"%PDF"),
        ("docx", hooks.CONTENT_TYPES["docx"], b"PK"),
        ("xlsx", hooks.CONTENT_TYPES["xlsx"], b"PK"),
    ],
)
def test_every_role_downloads_the_cycle(
    filled: Cycle, leader: Any, fmt: str, content_type: str, start: bytes
) -> None:
    response = client_for(leader).get(URL.format(cycle=filled.uuid) + f"unduh.{fmt}")
    assert response.status_code == 200
    assert response["Content-Type"] == content_type
    assert response["Content-Disposition"] == f'attachment; filename="evaluasi-rb-kota-uji-2025.{fmt}"'
    assert response.content.startswith(start)


def test_an_unknown_format_or_another_government_is_not_found(
    filled: Cycle, admin: Any, outsider: Any
) -> None:
    assert client_for(admin).get(URL.format(cycle=filled.uuid) + "unduh.exe").status_code == 404
    assert client_for(outsider).get(URL.format(cycle=filled.uuid) + "unduh.pdf").status_code == 404


def test_document_data_reads_a_constant_number_of_queries(
    filled: Cycle, django_assert_max_num_queries: Any, heads: dict
) -> None:
    document_data(filled)  # the worksheet's parse is cached by checksum, as on a warm server
    with django_assert_max_num_queries(6):
        data = document_data(filled)
    assert len(data["parts"]["scores"]["rows"]) == len(services.worksheet_of(filled.worksheet).nodes) - 1 + 5


def _link(gov: Any, admin: Any, answer_row: Answer, title: str, number: str = "") -> None:
    item = evidence_services.upload_item(
        actor=admin,
        government=gov,
        upload=evidence_services.Upload(file=io.BytesIO(pdf_bytes(title)), name=f"{title}.pdf"),
        data={"title": title, "kind": Item.Kind.REPORT, "number": number},
    )
    pair = (str(Link.TargetKind.CRITERION_ANSWER), str(answer_row.pk))
    evidence_services.link_item(actor=admin, item=item, target=targets.resolve([pair])[pair])


def test_the_packet_holds_the_evidence_of_the_answers_foldered_by_the_worksheet(
    filled: Cycle, gov: Any, admin: Any, drafter: Any, evidence_dir: Any
) -> None:
    _link(gov, admin, fresh(filled, "1B.H.5"), "LHE SAKIP 2025", "700/12/2026")
    _link(gov, admin, fresh(filled, "1A.1"), "Rencana aksi RB General 2025")
    response = client_for(admin).get(URL.format(cycle=filled.uuid) + "paket-data-dukung.zip")
    assert response.status_code == 200
    assert response["Content-Type"] == "application/zip"
    assert response["Content-Disposition"].startswith('attachment; filename="paket-data-dukung-')
    archive = zipfile.ZipFile(io.BytesIO(b"".join(response.streaming_content)))  # type: ignore[attr-defined]
    names = archive.namelist()
    assert names[:2] == ["00-INDEKS.csv", "00-INDEKS.xlsx"]
    files = names[2:]
    assert len(files) == 2
    # the folders follow the worksheet's numbering: 1A.1 before 1B.H.5
    assert "1A.1" in files[0].split("/")[0] and "1B.H.5" in files[1].split("/")[0]
    assert files[1].endswith("/01 LHE SAKIP 2025.pdf")
    index = archive.read("00-INDEKS.csv").decode("utf-8-sig")
    assert "700/12/2026" in index
    # a drafter sees the government's own evidence too, never another government's
    assert client_for(drafter).get(URL.format(cycle=filled.uuid) + "paket-data-dukung.zip").status_code == 200


def test_the_panel_links_every_download_and_the_import_when_allowed(cycle: Cycle, gov: Any) -> None:
    from django.template.loader import render_to_string

    context = {"government": gov, "cycle": cycle}
    html = render_to_string("evaluations/documents_panel.html", {**context, "can_import": True})
    for suffix in ("unduh.pdf", "unduh.docx", "unduh.xlsx", "paket-data-dukung.zip", "impor/"):
        assert f'href="{URL.format(cycle=cycle.uuid)}{suffix}"' in html
    assert "impor/" not in render_to_string("evaluations/documents_panel.html", context)
