"""The action matrix typeset straight into PDF page content (decision 0055).

Typst lays out the rest of the document (cover, chapters, contents, list of tables, small tables,
timeline) and leaves one empty landscape page for each page of the matrix; this module breaks
the matrix cells into lines with the font's own advance widths, paginates the rows (never split,
header and column numbers repeated on every page), and draws text, fills and rules as PDF
operators; ``pdf_render`` then lays these drawings onto the empty pages. A typesetter that only
knows fixed-width columns of plain left-aligned text is several times faster than Typst's general
grid layout for the 60,000 cells of a city road map (figures in the decision), and it draws the
table Typst would draw: same font and sizes, 3 pt insets, 0.5 pt rules, the same greys, caption
above each table.

It works only when TeX Gyre Bonum (regular and bold) is installed and covers every character;
otherwise ``layout_matrix`` answers None and the whole document goes through Typst.
"""

from __future__ import annotations

import functools
import io
import zlib
from collections.abc import Iterable, Iterator, Sequence
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import pikepdf
from fontTools.ttLib import TTFont

from petajalan.lib.formatting import printable

PT_PER_MM = 72 / 25.4
PT_PER_CM = 72 / 2.54
TABLE_SIZE = 8.0  # pt, as grid-table in roadmap.typ
# Typst's line box runs from the cap height to the baseline (its default top and bottom edges);
# the leading is the space between two such boxes
TABLE_LEADING = 0.4  # em
INSET = 3.0  # pt, cell padding on every side
RULE = 0.5  # pt
HEADER_GREY = 217 / 255  # luma(217)
NUMBER_GREY = 242 / 255  # luma(242)
CAPTION_LEADING = 0.6  # em, the document's paragraph leading
CAPTION_ABOVE = 1.0  # em
CAPTION_BELOW = 0.5  # em
FONT_FILES = {"regular": "texgyrebonum-regular.otf", "bold": "texgyrebonum-bold.otf"}
# codes a simple font can give to characters outside printable ASCII (each face has its own encoding)
SPARE_CODES = [*range(128, 256), *range(1, 32)]


@dataclass(frozen=True)
class Face:
    """One font file: what line breaking and the PDF font dictionary need."""

    postscript_name: str
    cff: bytes  # the name-keyed CFF outlines, embedded whole as FontFile3/Type1C
    glyphs: dict[str, str]  # character -> glyph name
    widths: dict[str, float]  # character -> advance in em
    cap_height: float
    ascent: float
    descent: float
    bbox: tuple[int, int, int, int]
    italic_angle: float
    bold: bool

    def measure(self, text: str) -> float:
        """Width of ``text`` in em (characters the face lacks must be ruled out before)."""
        widths = self.widths
        return sum(widths[c] for c in text)


def find_font(name: str, dirs: Iterable[str]) -> Path | None:
    for directory in dirs:
        root = Path(directory)
        if not root.is_dir():
            continue
        direct = root / name
        if direct.is_file():
            return direct
        for found in root.rglob(name):
            return found
    return None


@functools.cache
def load_faces(dirs: tuple[str, ...]) -> dict[str, Face] | None:
    """Regular and bold TeX Gyre Bonum from ``dirs``, or None when either is missing."""
    faces = {}
    for style, name in FONT_FILES.items():
        path = find_font(name, dirs)
        if path is None:
            return None
        font = TTFont(path, lazy=True)
        if "CFF " not in font:
            return None
        upm = font["head"].unitsPerEm
        advances = font["hmtx"].metrics
        glyphs = {chr(code): glyph for code, glyph in font.getBestCmap().items()}
        os2, head = font["OS/2"], font["head"]
        faces[style] = Face(
            postscript_name=font["CFF "].cff.fontNames[0],
            cff=font.reader["CFF "],
            glyphs=glyphs,
            widths={char: advances[glyph][0] / upm for char, glyph in glyphs.items()},
            cap_height=os2.sCapHeight / upm,
            ascent=os2.sTypoAscender / upm,
            descent=os2.sTypoDescender / upm,
            bbox=(head.xMin, head.yMin, head.xMax, head.yMax),
            italic_angle=float(font["post"].italicAngle),
            bold=style == "bold",
        )
        font.close()
    return faces


CONTROL_CHARS = {chr(c) for c in [*range(32), 127] if c != 10}  # the newline breaks the line


class Breaker:
    """Greedy line breaking at spaces; a word wider than the column breaks between characters."""

    def __init__(self, face: Face, size: float) -> None:
        self.face, self.size = face, size
        self.space = face.widths.get(" ", 0.25) * size
        self.words: dict[str, float] = {}
        # a city road map repeats its cells ("Setda", "2026: Rp25.000.000"): each is broken once
        self.paragraphs: dict[tuple[str, float], list[str]] = {}
        self.cells: dict[tuple[str, float], list[str]] = {}  # the returned lists are shared: read only

    def width(self, word: str) -> float:
        w = self.words.get(word)
        if w is None:
            w = self.words[word] = self.face.measure(word) * self.size
        return w

    def lines(self, text: str, max_width: float) -> list[str]:
        """``text`` broken into lines no wider than ``max_width`` points (a newline always breaks)."""
        if not text:
            return []
        cell = self.cells.get((text, max_width))
        if cell is not None:
            return cell
        out: list[str] = []
        done = self.paragraphs
        for paragraph in text.split("\n"):
            key = (paragraph, max_width)
            lines = done.get(key)
            if lines is None:
                lines = done[key] = self._paragraph(paragraph, max_width)
            out.extend(lines)
        self.cells[text, max_width] = out
        return out

    def _paragraph(self, paragraph: str, max_width: float) -> list[str]:
        out: list[str] = []
        space = self.space
        line, line_width = "", 0.0
        # only the ordinary space breaks: a no-break space (as in "Rp 1.000") keeps its words together
        for word in [w for w in paragraph.split(" ") if w]:
            width = self.width(word)
            if width > max_width:  # too long for the column even alone: break inside it
                if line:
                    out.append(line)
                pieces = self._split_word(word, max_width)
                out.extend(pieces[:-1])
                line, line_width = pieces[-1], self.width(pieces[-1])
            elif not line:
                line, line_width = word, width
            elif line_width + space + width <= max_width:
                line, line_width = f"{line} {word}", line_width + space + width
            else:
                out.append(line)
                line, line_width = word, width
        out.append(line)
        return out

    def _split_word(self, word: str, max_width: float) -> list[str]:
        pieces, start, used = [], 0, 0.0
        widths, size = self.face.widths, self.size
        for i, char in enumerate(word):
            w = widths[char] * size
            if used + w > max_width and i > start:
                pieces.append(word[start:i])
                start, used = i, 0.0
            used += w
        pieces.append(word[start:])
        return pieces


class Encoding:
    """A single-byte encoding for one face, built from the characters a document uses.

    Printable ASCII keeps its code; other characters take spare codes. ``escape`` turns a line
    into the body of a PDF literal string.
    """

    def __init__(self, face: Face, chars: Iterable[str]) -> None:
        self.face = face
        self.codes: dict[str, int] = {}
        spare = iter(SPARE_CODES)
        for char in sorted(set(chars)):
            code = ord(char)
            self.codes[char] = code if 32 <= code < 127 else next(spare)
        table: dict[int, str] = {}
        for char, code in self.codes.items():
            if char in "()\\":
                table[ord(char)] = "\\" + char
            elif 32 <= code < 127:
                continue  # already itself
            else:
                table[ord(char)] = f"\\{code:03o}"
        self.table = table
        self.memo: dict[str, str] = {}  # lines repeat ("2026: Rp25.000.000"): escaped once

    def escape(self, text: str) -> str:
        escaped = self.memo.get(text)
        if escaped is None:
            if text.isascii():  # only the three characters a literal string escapes
                escaped = text.replace("\\", "\\\\").replace("(", "\\(").replace(")", "\\)")
            else:
                escaped = text.translate(self.table)
            self.memo[text] = escaped
        return escaped


@dataclass
class Page:
    """The drawing of one matrix page as PDF operators: grey fills, text, ruled lines."""

    fills: list[str] = field(default_factory=list)
    text: list[str] = field(default_factory=list)
    rules: list[str] = field(default_factory=list)
    font: tuple[str, float] | None = None  # the font the text operators last selected


# What goes on a matrix page, decided while paginating and drawn later (while Typst compiles):
# ("caption", top, lines), ("header", top), ("row", top, cells), ("sides", top, bottom)
Item = tuple[Any, ...]


@dataclass
class MatrixLayout:
    """The matrix paginated: per page what it holds, and for each table the page index and the
    caption's offset from the top of the text area. ``content_streams`` draws the pages."""

    plans: list[list[Item]]
    starts: list[tuple[int, float]]
    encodings: dict[str, Encoding]
    geometry: Geometry
    flow: _Paginator

    @property
    def page_count(self) -> int:
        return len(self.plans)

    def drawings(self) -> Iterator[Page]:
        return (self.flow.paint(plan) for plan in self.plans)

    def content_streams(self) -> list[bytes]:
        """One compressed PDF content stream per page (fonts named /PJR and /PJB)."""
        return [zlib.compress(self._content(page), 6) for page in self.drawings()]

    @staticmethod
    def _content(page: Page) -> bytes:
        return "\n".join(
            [
                "q",
                *page.fills,
                "0 g BT",
                *page.text,
                f"ET {RULE:g} w 0 G 0 J",
                *page.rules,
                "S Q\n",
            ]
        ).encode("ascii")


FONT_RESOURCE = {"regular": "PJR", "bold": "PJB"}


@dataclass(frozen=True)
class Geometry:
    """A landscape page and its text area, in points (PDF origin bottom left)."""

    width: float
    height: float
    left: float
    right: float
    top: float  # y of the top of the text area
    bottom: float  # y of the bottom of the text area

    @classmethod
    def landscape(cls, paper_mm: Sequence[float], margins_cm: Sequence[float]) -> Geometry:
        """The flipped page of roadmap.typ: margins as set there (top one 0.5 cm taller)."""
        width, height = max(paper_mm) * PT_PER_MM, min(paper_mm) * PT_PER_MM
        left, right, top, bottom = (m * PT_PER_CM for m in margins_cm)
        return cls(width, height, left, width - right, height - top - 0.5 * PT_PER_CM, bottom)


def covered(face: Face, chars: set[str]) -> bool:
    """Whether ``face`` has a glyph for every character and they fit one single-byte encoding."""
    glyphs = face.glyphs
    return len(chars) <= 95 + len(SPARE_CODES) and all(c in glyphs for c in chars)


class _Paginator:
    """Flows captions, repeated headers and unsplit rows down the pages."""

    def __init__(
        self,
        faces: dict[str, Face],
        geometry: Geometry,
        headers: list[str],
        widths: Sequence[float],
        caption_size: float,
        encodings: dict[str, Encoding],
    ) -> None:
        self.faces, self.geo, self.encodings = faces, geometry, encodings
        total = sum(widths)
        span = geometry.right - geometry.left
        self.edges = [geometry.left]
        for w in widths:
            self.edges.append(self.edges[-1] + span * w / total)
        self.inner = [b - a - 2 * INSET for a, b in zip(self.edges, self.edges[1:], strict=False)]
        self.starts_x = [f"{x + INSET:.2f}" for x in self.edges]
        self.regular = Breaker(faces["regular"], TABLE_SIZE)
        self.bold = Breaker(faces["bold"], TABLE_SIZE)
        self.caption = Breaker(faces["bold"], caption_size)
        self.caption_size = caption_size
        self.caption_cap = faces["bold"].cap_height * caption_size
        self.pitch = faces["regular"].cap_height * TABLE_SIZE + TABLE_LEADING * TABLE_SIZE
        self.cap = faces["regular"].cap_height * TABLE_SIZE
        self.header = [self.bold.lines(h, w) for h, w in zip(headers, self.inner, strict=False)]
        self.header_h = self._height(max(len(c) for c in self.header))
        self.numbers_h = self._height(1)
        self.pages: list[list[Item]] = []
        self.y = geometry.top
        self.segment_top: float | None = None  # top of the table part on the current page

    def _height(self, lines: int) -> float:
        if lines == 0:
            return 2 * INSET
        return 2 * INSET + lines * self.cap + (lines - 1) * TABLE_LEADING * TABLE_SIZE

    # Pagination: where things go ------------------------------------------------------------

    @property
    def page(self) -> list[Item]:
        return self.pages[-1]

    def new_page(self) -> None:
        self.close_segment()
        self.pages.append([])
        self.y = self.geo.top

    def close_segment(self) -> None:
        """The vertical rules of the table part that ends here (rows share every column)."""
        if self.segment_top is not None and self.pages:
            self.page.append(("sides", self.segment_top, self.y))
        self.segment_top = None

    def table(self, caption: str, rows: list[list[str]]) -> tuple[int, float]:
        """Lay out one caption and its table; the page index and the caption's offset from the top."""
        caption_lines = self.caption.lines(caption, self.geo.right - self.geo.left)
        size = self.caption_size
        caption_h = len(caption_lines) * self.caption_cap + (len(caption_lines) - 1) * CAPTION_LEADING * size
        wrapped = [self._wrap(row) for row in rows]
        first_h = self._height(max(len(c) for c in wrapped[0])) if wrapped else 0.0
        above = CAPTION_ABOVE * size if self.pages and self.y < self.geo.top else 0.0
        need = above + caption_h + CAPTION_BELOW * size + self.header_h + self.numbers_h + first_h
        if not self.pages or (self.y - need < self.geo.bottom and self.y < self.geo.top):
            self.new_page()
            above = 0.0
        self.y -= above
        start = (len(self.pages) - 1, self.geo.top - self.y)
        self.page.append(("caption", self.y, caption_lines))
        self.y -= caption_h + CAPTION_BELOW * size
        self._headers()
        for cells in wrapped:
            self._row(cells)
        self.close_segment()
        return start

    def _wrap(self, row: list[str]) -> list[list[str]]:
        lines = self.regular.lines
        return [lines(text, width) for text, width in zip(row, self.inner, strict=False)]

    def _headers(self) -> None:
        self.segment_top = self.y
        self.page.append(("header", self.y))
        self.y -= self.header_h + self.numbers_h

    def _row(self, cells: list[list[str]]) -> None:
        height = self._height(max(len(c) for c in cells))
        if self.y - height < self.geo.bottom:
            room = self.geo.top - self.header_h - self.numbers_h - self.geo.bottom
            if height > room:  # taller than a whole page: the only row ever split
                self._split_row(cells, room)
                return
            self.new_page()
            self._headers()
        self.page.append(("row", self.y, cells))
        self.y -= height

    def _split_row(self, cells: list[list[str]], room: float) -> None:
        fit = max(1, int((room - 2 * INSET + TABLE_LEADING * TABLE_SIZE) // self.pitch))
        while any(cells):
            available = self.y - self.geo.bottom
            here = int((available - 2 * INSET + TABLE_LEADING * TABLE_SIZE) // self.pitch)
            if here < 1:
                self.new_page()
                self._headers()
                here = fit
            part = [c[:here] for c in cells]
            cells = [c[here:] for c in cells]
            self.page.append(("row", self.y, part))
            self.y -= self._height(max(len(c) for c in part))

    # Drawing: PDF operators for one page's items -----------------------------------------------

    def paint(self, plan: list[Item]) -> Page:
        page = Page()
        for item in plan:
            kind = item[0]
            if kind == "row":
                self._paint_row(page, item[1], item[2])
            elif kind == "header":
                self._paint_headers(page, item[1])
            elif kind == "caption":
                baseline = item[1] - self.caption_cap
                for line in item[2]:
                    self.show(page, "bold", self.caption_size, self.geo.left, baseline, line)
                    baseline -= self.caption_cap + CAPTION_LEADING * self.caption_size
            else:  # sides
                top, bottom = item[1], item[2]
                page.rules.extend(f"{x:.2f} {top:.2f} m {x:.2f} {bottom:.2f} l" for x in self.edges)
        return page

    def _paint_headers(self, page: Page, top: float) -> None:
        """Column titles (bold, centred both ways, grey) and the 1…n row under them."""
        edges = self.edges
        page.fills.append(self.box(HEADER_GREY, top - self.header_h, self.header_h))
        for i, lines in enumerate(self.header):
            block = self._height(len(lines)) - 2 * INSET
            baseline = top - (self.header_h - block) / 2 - self.cap
            for line in lines:
                x = (edges[i] + edges[i + 1] - self.bold.width(line)) / 2
                self.show(page, "bold", TABLE_SIZE, x, baseline, line)
                baseline -= self.pitch
        self.hline(page, top)
        y = top - self.header_h
        self.hline(page, y)
        page.fills.append(self.box(NUMBER_GREY, y - self.numbers_h, self.numbers_h))
        baseline = y - INSET - self.cap
        for i in range(len(self.header)):
            label = str(i + 1)
            x = (edges[i] + edges[i + 1] - self.regular.width(label)) / 2
            self.show(page, "regular", TABLE_SIZE, x, baseline, label)
        self.hline(page, y - self.numbers_h)

    def _paint_row(self, page: Page, top: float, cells: list[list[str]]) -> None:
        self.select(page, "regular", TABLE_SIZE)
        text, edges, pitch = page.text, self.edges, self.pitch
        escape, width = self.encodings["regular"].escape, self.regular.width
        first = top - INSET - self.cap
        lines_max = max(len(c) for c in cells)
        baselines = [f"{first - k * pitch:.2f}" for k in range(lines_max)]
        for i, lines in enumerate(cells):
            if i == 0:  # the number column is centred
                for k, line in enumerate(lines):
                    x = (edges[0] + edges[1] - width(line)) / 2
                    text.append(f"1 0 0 1 {x:.2f} {baselines[k]} Tm ({escape(line)}) Tj")
            else:  # the others start at the inset
                x_text = self.starts_x[i]
                for k, line in enumerate(lines):
                    text.append(f"1 0 0 1 {x_text} {baselines[k]} Tm ({escape(line)}) Tj")
        self.hline(page, top - self._height(lines_max))

    def select(self, page: Page, style: str, size: float) -> None:
        if page.font != (style, size):
            page.text.append(f"/{FONT_RESOURCE[style]} {size:g} Tf")
            page.font = (style, size)

    def show(self, page: Page, style: str, size: float, x: float, y: float, line: str) -> None:
        self.select(page, style, size)
        page.text.append(f"1 0 0 1 {x:.2f} {y:.2f} Tm ({self.encodings[style].escape(line)}) Tj")

    def box(self, grey: float, y: float, height: float) -> str:
        """A grey band across the table from ``y`` up ``height`` points."""
        left, width = self.edges[0], self.edges[-1] - self.edges[0]
        return f"{grey:.3f} g {left:.2f} {y:.2f} {width:.2f} {height:.2f} re f"

    def hline(self, page: Page, y: float) -> None:
        page.rules.append(f"{self.edges[0]:.2f} {y:.2f} m {self.edges[-1]:.2f} {y:.2f} l")


def layout_matrix(
    font_dirs: Sequence[str],
    paper_mm: Sequence[float],
    margins_cm: Sequence[float],
    caption_size: float,
    headers: list[str],
    widths: Sequence[float],
    tables: list[tuple[str, list[list[str]]]],
) -> MatrixLayout | None:
    """The matrix pages for ``tables`` (caption text, rows of cell strings), or None when this
    typesetter cannot print them exactly (font missing, a character the font lacks, no table)."""
    faces = load_faces(tuple(font_dirs))
    if faces is None or not tables:
        return None
    regular_chars = set("".join(cell for _c, rows in tables for row in rows for cell in row))
    bold_chars = set("".join([*headers, *(caption for caption, _rows in tables)]))
    if (regular_chars | bold_chars) & CONTROL_CHARS:  # document_data() removes them; in case not
        tables = [(printable(cap), [[printable(c) for c in row] for row in rows]) for cap, rows in tables]
        headers = [printable(h) for h in headers]
        regular_chars = {c for c in regular_chars if c not in CONTROL_CHARS} | {" "}
        bold_chars = {c for c in bold_chars if c not in CONTROL_CHARS} | {" "}
    regular_chars.update("0123456789 ")  # the column numbers
    regular_chars.discard("\n")
    bold_chars.discard("\n")
    if not (covered(faces["regular"], regular_chars) and covered(faces["bold"], bold_chars)):
        return None
    encodings = {
        "regular": Encoding(faces["regular"], regular_chars),
        "bold": Encoding(faces["bold"], bold_chars),
    }
    geometry = Geometry.landscape(paper_mm, margins_cm)
    flow = _Paginator(faces, geometry, headers, widths, caption_size, encodings)
    starts = [flow.table(caption, rows) for caption, rows in tables]
    flow.close_segment()
    layout = MatrixLayout(flow.pages, starts, encodings, geometry, flow)
    return layout


def _to_unicode(codes: dict[str, int]) -> bytes:
    """The ToUnicode CMap of a single-byte encoding (copying and searching text in viewers)."""
    entries = []
    for char, code in sorted(codes.items(), key=lambda item: item[1]):
        utf16 = char.encode("utf-16-be").hex().upper()
        entries.append(f"<{code:02X}> <{utf16}>")
    chunks = []
    for i in range(0, len(entries), 100):
        block = entries[i : i + 100]
        chunks.append(f"{len(block)} beginbfchar\n" + "\n".join(block) + "\nendbfchar")
    return (
        "/CIDInit /ProcSet findresource begin\n12 dict begin\nbegincmap\n"
        "/CIDSystemInfo << /Registry (Adobe) /Ordering (UCS) /Supplement 0 >> def\n"
        "/CMapName /Adobe-Identity-UCS def\n/CMapType 2 def\n"
        "1 begincodespacerange\n<00> <FF>\nendcodespacerange\n"
        + "\n".join(chunks)
        + "\nendcmap\nCMapName currentdict /CMap defineresource pop\nend\nend\n"
    ).encode("ascii")


def _font_object(pdf: pikepdf.Pdf, encoding: Encoding) -> pikepdf.Object:
    """A simple Type 1 font with the face's CFF embedded whole and the document's own encoding."""
    face, codes = encoding.face, encoding.codes
    first, last = min(codes.values()), max(codes.values())
    widths = [0] * (last - first + 1)
    differences: list[object] = []
    for char, code in sorted(codes.items(), key=lambda item: item[1]):
        widths[code - first] = round(face.widths[char] * 1000)
        differences.extend([code, pikepdf.Name("/" + face.glyphs[char])])
    font_file = pikepdf.Stream(pdf, face.cff)
    font_file.Subtype = pikepdf.Name.Type1C
    descriptor = pikepdf.Dictionary(
        Type=pikepdf.Name.FontDescriptor,
        FontName=pikepdf.Name("/" + face.postscript_name),
        Flags=32 + 2 + (2**18 if face.bold else 0),  # non-symbolic, serif, (force bold)
        FontBBox=list(face.bbox),
        ItalicAngle=face.italic_angle,
        Ascent=round(face.ascent * 1000),
        Descent=round(face.descent * 1000),
        CapHeight=round(face.cap_height * 1000),
        StemV=120 if face.bold else 80,
        FontFile3=pdf.make_indirect(font_file),
    )
    return pdf.make_indirect(
        pikepdf.Dictionary(
            Type=pikepdf.Name.Font,
            Subtype=pikepdf.Name.Type1,
            BaseFont=pikepdf.Name("/" + face.postscript_name),
            FirstChar=first,
            LastChar=last,
            Widths=widths,
            Encoding=pikepdf.Dictionary(Type=pikepdf.Name.Encoding, Differences=differences),
            FontDescriptor=pdf.make_indirect(descriptor),
            ToUnicode=pdf.make_indirect(pikepdf.Stream(pdf, _to_unicode(codes))),
        )
    )


class StampError(Exception):
    """Typst's PDF does not have the empty matrix pages where the layout expects them."""


def stamp(document: bytes, first_page: int, layout: MatrixLayout, streams: list[bytes]) -> bytes:
    """``document`` with the matrix drawn on its pages ``first_page`` … (0-based, landscape, empty)."""
    with pikepdf.open(io.BytesIO(document)) as pdf:
        if first_page < 0 or first_page + len(streams) > len(pdf.pages):
            raise StampError(f"matrix pages {first_page}+{len(streams)} outside {len(pdf.pages)} pages")
        fonts = {FONT_RESOURCE[style]: _font_object(pdf, enc) for style, enc in layout.encodings.items()}
        save = pdf.make_indirect(pikepdf.Stream(pdf, b"q\n"))
        restore = pdf.make_indirect(pikepdf.Stream(pdf, b"\nQ\n"))
        shared: dict[tuple[int, int], pikepdf.Object] = {}
        for offset, data in enumerate(streams):
            page = pdf.pages[first_page + offset]
            box = [float(v) for v in page.mediabox]
            if round(box[2] - box[0]) != round(layout.geometry.width):
                raise StampError(f"page {first_page + offset + 1} is not a landscape matrix page")
            page.obj.Resources = _with_fonts(pdf, page.obj.get("/Resources"), fonts, shared)
            ours = pikepdf.Stream(pdf, data)
            ours.Filter = pikepdf.Name.FlateDecode
            old = page.obj.get("/Contents")
            parts = list(old) if isinstance(old, pikepdf.Array) else ([old] if old is not None else [])
            page.obj.Contents = pikepdf.Array([save, *parts, restore, ours])
        out = io.BytesIO()
        pdf.save(out, compress_streams=True)
        return out.getvalue()


def _with_fonts(
    pdf: pikepdf.Pdf,
    resources: object,
    fonts: dict[str, pikepdf.Object],
    shared: dict[tuple[int, int], pikepdf.Object],
) -> pikepdf.Object:
    """The page's resources plus our fonts; resources Typst shares between pages are copied once."""
    key = resources.objgen if isinstance(resources, pikepdf.Object) and resources.is_indirect else None
    if key is not None and key in shared:
        return shared[key]
    copy = _copy(resources)
    font_dict = _copy(copy.get("/Font"))
    for name, ref in fonts.items():
        font_dict[pikepdf.Name("/" + name)] = ref
    copy.Font = font_dict
    result = pdf.make_indirect(copy)
    if key is not None:
        shared[key] = result
    return result


def _copy(value: object) -> pikepdf.Dictionary:
    """A shallow copy of a PDF dictionary (resources may be shared between pages), or a new one."""
    if not isinstance(value, pikepdf.Dictionary):
        return pikepdf.Dictionary()
    return pikepdf.Dictionary({key: value[key] for key in value.keys()})  # noqa: SIM118 - not a dict
