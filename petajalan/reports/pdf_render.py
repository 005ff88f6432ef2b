"""The road map as PDF, typeset by the Typst compiler (the ``typst`` wheel) from the same data as
the DOCX; see docs/decisions/0050-pdf-engine-typst.md for why Typst and not LibreOffice."""

from __future__ import annotations

import json
from functools import cache
from pathlib import Path

import typst

from petajalan.reports.layout import DocumentOptions, document_data
from petajalan.roadmaps.plain import PlainRoadmap

TEMPLATE = Path(__file__).parent / "templates" / "reports" / "roadmap.typ"
# TeX Gyre Bonum (the free Bookman Old Style look-alike, Debian fonts-texgyre)
FONT_PATHS = ["/usr/share/texmf/fonts/opentype/public/tex-gyre", "/usr/share/fonts"]


class PdfError(Exception):
    """Typst refused the document (a bug in the template, never the user's data)."""


@cache
def _template() -> bytes:
    return TEMPLATE.read_bytes()


def render_pdf(plain: PlainRoadmap, options: DocumentOptions | None = None) -> bytes:
    """The booklet or annex of ``plain`` as PDF bytes (the data travels as JSON, never as markup)."""
    options = options or DocumentOptions()
    data = document_data(plain, options)
    font_paths = [p for p in FONT_PATHS if Path(p).is_dir()]
    try:
        pdf: bytes = typst.compile(  # type: ignore[misc]
            _template(),
            sys_inputs={"data": json.dumps(data, ensure_ascii=False)},
            font_paths=font_paths,
        )
        return pdf
    except RuntimeError as exc:  # typst raises TypstError (a RuntimeError) with the diagnostics
        raise PdfError(str(exc)) from exc
