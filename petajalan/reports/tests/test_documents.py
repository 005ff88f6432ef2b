"""DOCX and PDF of a road map: opened back with python-docx and pypdf and checked."""

from __future__ import annotations

import io

import pytest
from docx import Document
from docx.oxml.ns import qn
from pypdf import PdfReader

from petajalan.reports.docx_render import render_docx
from petajalan.reports.layout import DocumentOptions, markdown_blocks, parse_quarter
from petajalan.reports.pdf_render import render_pdf
from petajalan.reports.sample import sample_roadmap

MM_PER_PT = 25.4 / 72


@pytest.fixture(scope="module")
def roadmap():  # type: ignore[no-untyped-def]
    return sample_roadmap()


def _text(doc) -> str:  # type: ignore[no-untyped-def]
    parts = [p.text for p in doc.paragraphs]
    for table in doc.tables:
        for row in table.rows:
            parts.extend(cell.text for cell in row.cells)
    return "\n".join(parts)


def test_booklet_docx_has_cover_signature_chapters_and_matrix(roadmap) -> None:  # type: ignore[no-untyped-def]
    doc = Document(io.BytesIO(render_docx(roadmap)))
    text = _text(doc)
    assert "LEMBAR PENGESAHAN" in text
    assert "KEPALA DINAS KESEHATAN KOTA TANJUNGBALAI," in text
    assert "NIP. 19600910 198003 1 003" in text
    assert "Pembina Utama Muda" in text
    assert "Tanjungbalai, 28 November 2026" in text
    assert "LOGO" in text
    headings = [p.text for p in doc.paragraphs if p.style.name == "Heading 1"]  # type: ignore[union-attr]
    assert headings[0] == "BAB I\nPENDAHULUAN"
    assert len(headings) == 7
    assert any(p.text == "A. Latar Belakang" for p in doc.paragraphs)
    # the table of contents is a Word field, refreshed when the file is opened
    assert 'TOC \\o "1-2"' in doc.element.xml
    assert doc.settings.element.find(qn("w:updateFields")) is not None
    assert doc.styles["Normal"].font.name == "Bookman Old Style"


def test_matrix_tables_repeat_header_rows_and_never_split(roadmap) -> None:  # type: ignore[no-untyped-def]
    doc = Document(io.BytesIO(render_docx(roadmap)))
    matrices = [t for t in doc.tables if t.rows[0].cells[0].text == "No." and len(t.columns) == 10]
    assert len(matrices) == 8  # one per focus node with actions
    first = matrices[0]
    assert [c.text for c in first.rows[0].cells][:3] == ["No.", "Permasalahan", "Kegiatan"]
    assert [c.text for c in first.rows[1].cells] == [str(i) for i in range(1, 11)]
    for row in first.rows[:2]:
        assert row._tr.trPr.find(qn("w:tblHeader")) is not None  # type: ignore[union-attr]
    assert all(row._tr.trPr.find(qn("w:cantSplit")) is not None for row in first.rows)
    assert "2025: Rp25.000.000" in first.rows[2].cells[8].text
    assert "A. MANAJEMEN PERUBAHAN" in _text(doc)


def test_matrix_sections_are_landscape_f4(roadmap) -> None:  # type: ignore[no-untyped-def]
    doc = Document(io.BytesIO(render_docx(roadmap)))
    sizes = {(round(s.page_width.mm), round(s.page_height.mm)) for s in doc.sections}  # type: ignore[union-attr]
    assert sizes == {(215, 330), (330, 215)}
    a4 = Document(io.BytesIO(render_docx(roadmap, DocumentOptions(paper="A4"))))
    assert {(round(s.page_width.mm), round(s.page_height.mm)) for s in a4.sections} == {  # type: ignore[union-attr]
        (210, 297),
        (297, 210),
    }


def test_page_numbers_dash_by_default_or_page_of_total(roadmap) -> None:  # type: ignore[no-untyped-def]
    doc = Document(io.BytesIO(render_docx(roadmap)))
    header = doc.sections[0].header.paragraphs[0]
    assert header.text.startswith("- ") and "PAGE" in header._p.xml
    doc = Document(io.BytesIO(render_docx(roadmap, DocumentOptions(page_numbers="of"))))
    footer = doc.sections[0].footer.paragraphs[0]
    assert footer.text.startswith("Halaman ") and "NUMPAGES" in footer._p.xml


def test_annex_has_heading_block_no_cover_and_ends_with_mayor_without_nip(roadmap) -> None:  # type: ignore[no-untyped-def]
    options = DocumentOptions(product="annex", head_name="Ahmad Fiktif, S.H.", regulation_year=2026)
    doc = Document(io.BytesIO(render_docx(roadmap, options)))
    lines = [p.text for p in doc.paragraphs]
    assert lines[:4] == [
        "LAMPIRAN",
        "PERATURAN WALI KOTA TANJUNGBALAI",
        "NOMOR          TAHUN 2026",
        "TENTANG",
    ]
    text = _text(doc)
    assert "LEMBAR PENGESAHAN" not in text and "LOGO" not in text and "TOC" not in doc.element.xml
    last = doc.tables[-1].rows[0].cells[1].text
    assert last.startswith("WALI KOTA TANJUNGBALAI,")
    assert last.rstrip().endswith("AHMAD FIKTIF, S.H.")
    assert "NIP" not in last


def test_booklet_pdf_pages_size_and_text(roadmap) -> None:  # type: ignore[no-untyped-def]
    reader = PdfReader(io.BytesIO(render_pdf(roadmap)))
    assert 10 <= len(reader.pages) <= 20
    first = reader.pages[0].mediabox
    assert round(float(first.width) * MM_PER_PT) == 215 and round(float(first.height) * MM_PER_PT) == 330
    landscape = [p for p in reader.pages if p.mediabox.width > p.mediabox.height]
    assert landscape, "the matrix is printed on landscape pages"
    text = "\n".join(page.extract_text() for page in reader.pages)
    for expected in (
        "LEMBAR PENGESAHAN",
        "NIP. 19600910 198003 1 003",
        "BAB IV",
        "RENCANA AKSI",
        "Rp25.000.000",
    ):
        assert expected in text
    # cover unnumbered, front matter in Roman numerals, chapters from "- 1 -"
    assert "- i -" not in reader.pages[0].extract_text()
    assert reader.pages[1].extract_text().startswith("- ii -")
    assert reader.pages[3].extract_text().startswith("- 1 -")


def test_annex_pdf_counts_pages_and_ends_with_the_mayor(roadmap) -> None:  # type: ignore[no-untyped-def]
    options = DocumentOptions(product="annex", head_name="Ahmad Fiktif", page_numbers="of", paper="A4")
    reader = PdfReader(io.BytesIO(render_pdf(roadmap, options)))
    count = len(reader.pages)
    first = reader.pages[0]
    assert round(float(first.mediabox.width) * MM_PER_PT) == 210
    assert "LAMPIRAN" in first.extract_text()
    assert f"Halaman 1 dari {count}" in first.extract_text()
    last = reader.pages[-1].extract_text()
    assert "WALI KOTA TANJUNGBALAI," in last and "AHMAD FIKTIF" in last and "NIP" not in last


def test_text_that_looks_like_markup_is_printed_as_is(roadmap) -> None:  # type: ignore[no-untyped-def]
    roadmap = sample_roadmap()
    roadmap.actions[0].activity = '#set page(width: 1mm) $x$ "kutip" <tag> & [kurung]'
    text = "\n".join(p.extract_text() for p in PdfReader(io.BytesIO(render_pdf(roadmap))).pages)
    assert "#set page(width: 1mm)" in text
    doc = Document(io.BytesIO(render_docx(roadmap)))
    assert "<tag> & [kurung]" in _text(doc)


def test_city_timeline_is_one_bar_per_focus_when_large() -> None:
    from petajalan.reports.layout import timeline

    small = timeline(sample_roadmap(actions_per_unit=8))
    assert len(small[1]) == 8 and small[0][0] == "2025 TW I"
    big = timeline(sample_roadmap(units=3, actions_per_unit=80))
    assert len(big[1]) == 8


def test_markdown_subset_and_quarters() -> None:
    blocks = markdown_blocks("## Latar\nSatu **tebal** dan *miring*.\n\n- butir\n1. nomor")
    assert [b.kind for b in blocks] == ["heading", "p", "bullet", "number"]
    assert blocks[0].label == "A." and blocks[1].runs[1] == ("tebal", True, False)
    assert parse_quarter("2026-Q3") == (2026, 3)
    assert parse_quarter("2026 TW IV") == (2026, 4)
    assert parse_quarter("2026-Q5") is None


def test_a_copy_says_salinan_on_its_first_page_without_adding_a_page(roadmap) -> None:  # type: ignore[no-untyped-def]
    plain = PdfReader(io.BytesIO(render_pdf(roadmap)))
    copy = PdfReader(io.BytesIO(render_pdf(roadmap, DocumentOptions(is_copy=True))))
    assert len(copy.pages) == len(plain.pages)
    assert copy.pages[0].extract_text().startswith("SALINAN")
    assert "SALINAN" not in plain.pages[0].extract_text()
