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
    assert headings[:3] == ["KATA PENGANTAR", "DAFTAR TABEL", "BAB I\nPENDAHULUAN"]
    assert len(headings) == 9
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
    # cover, approval, foreword (iii), contents (iv), list of tables (v), then BAB I on "- 1 -"
    assert reader.pages[2].extract_text().startswith("- iii -")
    assert reader.pages[5].extract_text().startswith("- 1 -")


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


def test_booklet_docx_has_default_foreword_and_word_list_of_tables(roadmap) -> None:  # type: ignore[no-untyped-def]
    doc = Document(io.BytesIO(render_docx(roadmap)))
    texts = [p.text for p in doc.paragraphs]
    start = texts.index("KATA PENGANTAR")
    foreword = "\n".join(texts[start : texts.index("DAFTAR ISI")])
    # names only what the road map holds: title, unit and government, period, the signer
    assert roadmap.title in foreword
    assert "Dinas Kesehatan Kota Tanjungbalai untuk periode 2025-2029" in foreword
    foreword_sig = _text(doc)
    assert foreword_sig.count("dr. Budi Santoso, M.Kes.") == 2  # approval sheet and foreword
    # the list of tables is a Word field over the "Tabel" SEQ captions
    xml = doc.element.xml
    assert 'TOC \\h \\z \\c "Tabel"' in xml
    assert "SEQ Tabel \\* ARABIC \\r 1" in xml
    captions = [p.text for p in doc.paragraphs if p.style.name == "Caption"]  # type: ignore[union-attr]
    assert captions[0] == "Tabel 4.1. Matriks Rencana Aksi – A. MANAJEMEN PERUBAHAN"
    assert captions[8:] == [
        "Tabel 4.9. Jadwal Pelaksanaan",
        "Tabel 5.1. Daftar Quick Wins",
        "Tabel 6.1. Susunan Tim Reformasi Birokrasi",
        "Tabel 6.2. Daftar Agen Perubahan",
    ]
    # until Word refreshes the field, the list shows every caption
    listed = texts[texts.index("DAFTAR TABEL") + 1 : texts.index("DAFTAR TABEL") + 1 + len(captions)]
    assert listed == captions
    # a caption sits directly above its table
    body = list(doc.element.body)
    first_caption = next(p for p in doc.paragraphs if p.style.name == "Caption")  # type: ignore[union-attr]
    assert body[body.index(first_caption._p) + 1].tag == qn("w:tbl")


def test_foreword_option_replaces_the_default_in_both_products(roadmap) -> None:  # type: ignore[no-untyped-def]
    options = DocumentOptions(foreword="Paragraf pertama kami.\n\nParagraf **kedua**.")
    doc = Document(io.BytesIO(render_docx(roadmap, options)))
    texts = [p.text for p in doc.paragraphs]
    start = texts.index("KATA PENGANTAR")
    assert texts[start + 1 : start + 3] == ["Paragraf pertama kami.", "Paragraf kedua."]
    assert "Puji syukur" not in "\n".join(texts)
    pdf = "\n".join(p.extract_text() for p in PdfReader(io.BytesIO(render_pdf(roadmap, options))).pages)
    assert "Paragraf pertama kami." in pdf and "Puji syukur" not in pdf
    # the annex has no foreword
    annex = render_pdf(roadmap, DocumentOptions(product="annex", foreword="Paragraf pertama kami."))
    assert "KATA PENGANTAR" not in "\n".join(p.extract_text() for p in PdfReader(io.BytesIO(annex)).pages)


def test_pdf_lists_tables_numbered_per_chapter_with_their_pages(roadmap) -> None:  # type: ignore[no-untyped-def]
    reader = PdfReader(io.BytesIO(render_pdf(roadmap)))
    front = reader.pages[4].extract_text()
    assert "DAFTAR TABEL" in front
    text = "\n".join(p.extract_text() for p in reader.pages)
    assert "KATA PENGANTAR" in reader.pages[2].extract_text()
    foreword = " ".join(reader.pages[2].extract_text().split())
    assert "Dinas Kesehatan Kota Tanjungbalai untuk periode 2025-2029" in foreword
    contents = reader.pages[3].extract_text()
    assert "KATA PENGANTAR" in contents and "DAFTAR TABEL" in contents
    for caption in ("Tabel 4.1. Matriks Rencana Aksi", "Tabel 4.9. Jadwal Pelaksanaan", "Tabel 6.2."):
        assert caption in text
    # the entry's page number is the printed number of the page that holds the caption
    index = next(
        i for i, p in enumerate(reader.pages) if i > 4 and "Tabel 5.1. Daftar Quick Wins" in p.extract_text()
    )
    printed = reader.pages[index].extract_text().split("\n")[0].strip("- ")
    entry = next(line for line in front.split("\n") if line.startswith("Tabel 5.1."))
    assert entry.rstrip().endswith(f" {printed}"), (entry, printed)


def test_pdf_timeline_is_the_shared_gantt_drawing(roadmap) -> None:  # type: ignore[no-untyped-def]
    reader = PdfReader(io.BytesIO(render_pdf(roadmap)))
    index = next(
        i for i, p in enumerate(reader.pages) if i > 4 and "Tabel 4.9. Jadwal Pelaksanaan" in p.extract_text()
    )
    page = reader.pages[index]
    assert page.mediabox.width > page.mediabox.height  # landscape
    # the SVG of petajalan.lib.gantt is embedded as vector drawing with real text: its year
    # header over quarters 1-4 and its row labels (shortened with "…"), not the table's "2025 / I"
    from petajalan.reports.layout import timeline

    text = page.extract_text()
    assert "2025\n1 2 3 4\n2026\n1 2 3 4" in text
    first_label = timeline(roadmap)[1][0][0]
    assert first_label[:40] in text and "…" in text
    assert "2025\nI\n" not in text
    # the DOCX keeps an editable table of quarters instead
    doc = Document(io.BytesIO(render_docx(roadmap)))
    quarters_table = next(t for t in doc.tables if t.rows[0].cells[0].text == "Kegiatan")
    # two header rows: each year over its four quarters, then I-IV; the activity left-aligned
    assert [c.text for c in quarters_table.rows[0].cells][1:5] == ["2025"] * 4  # one cell, 4 columns
    assert [c.text for c in quarters_table.rows[1].cells][1:5] == ["I", "II", "III", "IV"]
    assert 'w:gridSpan w:val="4"' in quarters_table._tbl.xml


def test_long_timelines_stay_a_table_in_the_pdf() -> None:
    from petajalan.reports.layout import GANTT_MAX_ROWS, document_data

    small = document_data(sample_roadmap(actions_per_unit=8), DocumentOptions())
    assert small["timeline"]["svg"].startswith("<svg")
    long = document_data(sample_roadmap(actions_per_unit=GANTT_MAX_ROWS + 1), DocumentOptions())
    assert long["timeline"]["svg"] == "" and len(long["timeline"]["rows"]) == GANTT_MAX_ROWS + 1
    pdf = PdfReader(io.BytesIO(render_pdf(sample_roadmap(actions_per_unit=GANTT_MAX_ROWS + 1))))
    page = next(
        p.extract_text() for i, p in enumerate(pdf.pages) if i > 4 and "Tabel 4.9." in p.extract_text()
    )
    # the table of quarters: each year over I-IV, the activities in full (not the Gantt's "…")
    assert "2025 2026 2027 2028 2029" in page and "I II III IV I II III IV" in page
    assert "(Setda, kegiatan 41)" in page


def _rss_mb() -> float:
    with open("/proc/self/statm") as statm:
        return int(statm.read().split()[1]) * 4096 / 2**20


def test_pdf_compiles_leave_no_memory_behind_in_the_calling_process() -> None:
    # the typst wheel never frees its layout cache (about 6 MB per small compile, 700 MB per city
    # road map); compiling in a child process keeps a long-running worker flat
    small = sample_roadmap(units=1, actions_per_unit=30)
    render_pdf(small)
    before = _rss_mb()
    for _run in range(8):
        render_pdf(small)
    assert _rss_mb() - before < 20


def test_a_template_error_is_a_pdf_error_with_typst_diagnostics(tmp_path) -> None:  # type: ignore[no-untyped-def]
    from petajalan.reports.pdf_render import PdfError, compile_pdf

    broken = tmp_path / "broken.typ"
    broken.write_text('#let d = json(bytes(sys.inputs.data))\n#panic("rusak: " + d.why)')
    with pytest.raises(PdfError, match="rusak: sengaja"):
        compile_pdf(broken, '{"why": "sengaja"}')
    fine = tmp_path / "fine.typ"
    fine.write_text("#let d = json(bytes(sys.inputs.data))\n#d.text")
    reader = PdfReader(io.BytesIO(compile_pdf(fine, '{"text": "Halo"}')))
    assert reader.pages[0].extract_text() == "Halo"


@pytest.mark.parametrize(
    ("typed", "printed"),
    [("7", "7"), ("Perwal Tanjungbalai Nomor 7 Tahun 2025", "7"), ("Perwal 12/2025", "12"), ("", "")],
)
def test_the_annex_heading_prints_the_regulation_number_alone(typed, printed):
    from petajalan.reports.layout import regulation_number

    assert regulation_number(typed) == printed
