"""The action matrix typeset by pdf_table onto the pages Typst leaves empty (decision 0055)."""

from __future__ import annotations

import dataclasses
import io
import json
import os
import re

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st
from pypdf import PdfReader

from petajalan.reports import pdf_render, pdf_table
from petajalan.reports.layout import MATRIX_WIDTHS, DocumentOptions, document_data
from petajalan.reports.sample import sample_roadmap
from petajalan.roadmaps.plain import PlainRoadmap

TEXT_OP = re.compile(r"1 0 0 1 (-?[\d.]+) (-?[\d.]+) Tm \((.*)\) Tj$")


def _faces() -> dict[str, pdf_table.Face]:
    faces = pdf_table.load_faces(tuple(pdf_render.font_dirs()))
    assert faces is not None
    return faces


@pytest.fixture(autouse=True)
def _bonum_installed() -> None:
    """Without TeX Gyre Bonum the matrix goes through Typst alone: these tests skip, unless
    PETAJALAN_REQUIRE_FONTS=1 (as in CI), where a missing font is a failure."""
    if pdf_table.load_faces(tuple(pdf_render.font_dirs())) is None:
        if os.environ.get("PETAJALAN_REQUIRE_FONTS") == "1":
            pytest.fail("TeX Gyre Bonum is missing (apt-get install fonts-texgyre)")
        pytest.skip("TeX Gyre Bonum is not installed (apt-get install fonts-texgyre)")


def _with_activity(plain: PlainRoadmap, index: int, **changes: object) -> PlainRoadmap:
    actions = list(plain.actions)
    actions[index] = dataclasses.replace(actions[index], **changes)  # type: ignore[arg-type]
    return dataclasses.replace(plain, actions=actions)


def _layout(plain: PlainRoadmap, options: DocumentOptions | None = None) -> pdf_table.MatrixLayout | None:
    return pdf_render._matrix_layout(document_data(plain, options or DocumentOptions()))


def _pages_text(pdf: bytes) -> list[str]:
    return [page.extract_text() for page in PdfReader(io.BytesIO(pdf)).pages]


# Line breaking ---------------------------------------------------------------------------------

ALPHABET = "abcdefghijklmnopqrstuvwxyzABCDEFGHIJKLMNOPQRSTUVWXYZ0123456789.,:;()%/-–“”é≥ \u00a0"


@settings(max_examples=200, deadline=None)
@given(
    text=st.text(alphabet=ALPHABET + "\n", max_size=300),
    width=st.floats(min_value=8, max_value=300),
)
def test_lines_never_overflow_the_column_and_lose_no_character(text: str, width: float) -> None:
    breaker = pdf_table.Breaker(_faces()["regular"], 8.0)
    lines = breaker.lines(text, width)
    for line in lines:
        # only a single character wider than the column may stick out (nothing else can be done)
        assert breaker.width(line) <= width + 1e-9 or len(line) == 1, (line, width)
    assert "".join("".join(lines).split()) == "".join(text.split())
    if text:
        assert len(lines) >= text.count("\n") + 1  # a newline always starts a line


def test_words_wrap_at_spaces_and_long_codes_break_inside() -> None:
    breaker = pdf_table.Breaker(_faces()["regular"], 8.0)
    width = breaker.width("Pembaruan SK Tim")
    assert breaker.lines("Pembaruan SK Tim Reformasi Birokrasi", width) == [
        "Pembaruan SK Tim",
        "Reformasi",
        "Birokrasi",
    ]
    code = "X.XX.01.2.01.0001.0002.0003"
    pieces = breaker.lines(code, breaker.width("X.XX.01.2"))
    assert len(pieces) > 1 and "".join(pieces) == code
    assert breaker.lines("", 100) == [] and breaker.lines("a\n\nb", 100) == ["a", "", "b"]
    # a no-break space holds its neighbours on one line; ordinary spaces collapse
    width = breaker.width("Rp\u00a01.000") + 1
    assert breaker.lines("Rp\u00a01.000  x", width) == ["Rp\u00a01.000", "x"]
    assert breaker.lines("Rp 1.000  x", width) == ["Rp 1.000", "x"]
    assert breaker.lines("Rp 1.000", breaker.width("Rp 1.0")) == ["Rp", "1.000"]


# Drawing ---------------------------------------------------------------------------------------


def test_every_line_is_drawn_inside_its_cell_and_the_text_area() -> None:
    plain = sample_roadmap(units=3, actions_per_unit=40)
    data = document_data(plain, DocumentOptions())
    layout = pdf_render._matrix_layout(data)
    assert layout is not None
    geo, faces = layout.geometry, _faces()
    flow = pdf_table._Paginator(faces, geo, data["matrix"]["headers"], MATRIX_WIDTHS, 12, layout.encodings)
    drawn = 0
    for page in layout.drawings():
        style, size = "regular", 8.0
        for op in page.text:
            if op.endswith(" Tf"):
                name, points, _tf = op.split()
                style, size = ("bold" if name == "/PJB" else "regular"), float(points)
                continue
            match = TEXT_OP.match(op)
            assert match, op
            x, y = float(match[1]), float(match[2])
            line = re.sub(r"\\(.)", r"\1", match[3])
            assert geo.bottom < y < geo.top and geo.left <= x < geo.right
            right = x + faces[style].measure(line) * size
            if size == 12:  # a caption spans the text area
                assert right <= geo.right + 0.01
            else:
                column = max(i for i, edge in enumerate(flow.edges[:-1]) if edge <= x)
                assert right <= flow.edges[column + 1] - pdf_table.INSET + 0.01, (line, column)
            drawn += 1
    assert layout.page_count >= 10 and drawn > 3 * 40 * 10


def test_rows_are_never_split_and_the_header_repeats_on_every_page() -> None:
    plain = sample_roadmap(units=4, actions_per_unit=40)
    pdf = pdf_render.render_pdf(plain)
    reader = PdfReader(io.BytesIO(pdf))
    matrix_pages = [
        (i, text)
        for i, text in enumerate(_pages_text(pdf))
        if reader.pages[i].mediabox.width > reader.pages[i].mediabox.height and "Permasalahan" in text
    ]
    assert len(matrix_pages) >= 10
    numbers = []
    for i, text in matrix_pages:
        assert "Penanggung" in text and "Kondisi Awal" in text  # the header, bold, on each page
        numbers.append(int(text.split("\n")[0].strip("- ")))
        assert reader.pages[i].mediabox.width > reader.pages[i].mediabox.height
    # consecutive printed page numbers, "- N -", drawn by Typst over the matrix drawing
    assert numbers == list(range(numbers[0], numbers[0] + len(numbers)))
    # every budget cell has five lines; a row cut by a page end would leave fewer on a page
    for _i, text in matrix_pages:
        for match in re.finditer(r"2025: Rp[\d.]+\n(?:.*\n){0,3}", text):
            assert "2029: Rp30.000.000" in text[match.start() : match.start() + 400]


def test_the_list_of_tables_gives_the_page_where_each_matrix_caption_is_drawn() -> None:
    pdf = pdf_render.render_pdf(sample_roadmap(units=3, actions_per_unit=60))
    pages = _pages_text(pdf)
    front = pages[4]
    assert "DAFTAR TABEL" in front
    for number in ("4.1", "4.4", "4.8"):
        caption = f"Tabel {number}. Matriks Rencana Aksi"
        index = next(i for i, text in enumerate(pages) if i > 4 and caption in text)
        printed = pages[index].split("\n")[0].strip("- ")
        # the entry may wrap under itself; its page number closes it
        entry = front[front.index(f"Tabel {number}.") :].split("\nTabel ")[0]
        assert entry.rstrip().endswith(f" {printed}"), (entry, printed)


def test_fast_path_prints_what_typst_prints_on_as_many_pages(monkeypatch) -> None:  # type: ignore[no-untyped-def]
    plain = sample_roadmap(units=2, actions_per_unit=30)
    options = DocumentOptions(product="annex", paper="A4", page_numbers="of")
    fast = pdf_render.render_pdf(plain, options)
    monkeypatch.setattr(pdf_render, "_matrix_layout", lambda data: None)
    slow = pdf_render.render_pdf(plain, options)
    fast_pages, slow_pages = _pages_text(fast), _pages_text(slow)
    assert abs(len(fast_pages) - len(slow_pages)) <= 1
    assert f"Halaman 1 dari {len(fast_pages)}" in fast_pages[0]
    words = lambda pages: sorted("".join(pages).split())  # noqa: E731
    fast_words, slow_words = words(fast_pages), words(slow_pages)
    # the same words (page footers aside): every cell, caption and header made it
    for word in ("Rp30.000.000", "(X.XX.01.2.01.0001)", "Pendukung:", "Permasalahan"):
        assert fast_words.count(word) == slow_words.count(word) > 0


def test_special_characters_are_encoded_and_come_back_as_text() -> None:
    plain = _with_activity(
        sample_roadmap(actions_per_unit=10),
        0,
        activity="Uji (kurung) \\garis miring\\ ≥ 90% – “kutip” é ½",
        output="Naskah (draf",  # an unbalanced parenthesis
    )
    layout = _layout(plain)
    assert layout is not None
    text = " ".join(" ".join(_pages_text(pdf_render.render_pdf(plain))).split())
    assert "Uji (kurung) \\garis miring\\ ≥ 90% – “kutip” é ½" in text
    assert "Naskah (draf" in text


def test_control_characters_print_as_a_space_or_nothing() -> None:
    plain = _with_activity(sample_roadmap(actions_per_unit=10), 0, activity="Satu\tdua\x0ctiga\x00")
    assert _layout(plain) is not None
    text = " ".join(_pages_text(pdf_render.render_pdf(plain)))
    assert "Satu duatiga" in text


def test_a_character_the_font_lacks_sends_the_document_through_typst() -> None:
    plain = _with_activity(sample_roadmap(actions_per_unit=10), 0, activity="Aksara Jawa ꦲꦏ dan 漢字")
    assert _layout(plain) is None
    text = " ".join(_pages_text(pdf_render.render_pdf(plain)))
    assert "Aksara Jawa" in text and "Tabel 4.1. Matriks Rencana Aksi" in text


def test_a_row_taller_than_a_page_continues_on_the_next_page() -> None:
    statement = "\n".join(f"Baris masalah nomor {i}" for i in range(1, 161))
    plain = sample_roadmap(actions_per_unit=10)
    problems = [dataclasses.replace(plain.problems[0], statement=statement), *plain.problems[1:]]
    plain = dataclasses.replace(plain, problems=problems)
    layout = _layout(plain)
    assert layout is not None
    geo = layout.geometry
    for page in layout.drawings():
        for op in page.text:
            if match := TEXT_OP.match(op):
                assert geo.bottom < float(match[2]) < geo.top
    text = " ".join(" ".join(_pages_text(pdf_render.render_pdf(plain))).split())
    assert "Baris masalah nomor 1 Baris masalah nomor 2 " in text and "Baris masalah nomor 160" in text


def test_stamping_refuses_pages_that_are_not_the_matrix_pages() -> None:
    plain = sample_roadmap(actions_per_unit=10)
    data = document_data(plain, DocumentOptions())
    layout = pdf_render._matrix_layout(data)
    assert layout is not None
    portrait_only = pdf_render.compile_pdf(
        pdf_render.TEMPLATE, json.dumps({**data, "chapters": data["chapters"][:1]})
    )
    with pytest.raises(pdf_table.StampError):
        pdf_table.stamp(portrait_only, 0, layout, layout.content_streams())
    with pytest.raises(pdf_table.StampError):
        pdf_table.stamp(portrait_only, 10_000, layout, layout.content_streams())
