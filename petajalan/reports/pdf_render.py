"""The road map as PDF, typeset by the Typst compiler (the ``typst`` wheel) from the same data as
the DOCX; see docs/decisions/0050-pdf-engine-typst.md for why Typst and not LibreOffice, and 0053
for the speed work and why each compile runs in a short-lived child process."""

from __future__ import annotations

import json
import subprocess
import sys
from pathlib import Path

from petajalan.reports.layout import DocumentOptions, document_data
from petajalan.roadmaps.plain import PlainRoadmap

TEMPLATE = Path(__file__).parent / "templates" / "reports" / "roadmap.typ"
CHILD = Path(__file__).with_name("typst_child.py")
# TeX Gyre Bonum (the free Bookman Old Style look-alike, Debian fonts-texgyre)
FONT_PATHS = ["/usr/share/texmf/fonts/opentype/public/tex-gyre", "/usr/share/fonts"]
COMPILE_TIMEOUT_S = 300


class PdfError(Exception):
    """Typst refused the document (a bug in the template, never the user's data)."""


def compile_pdf(template: Path, data: str) -> bytes:
    """Typst-compile ``template`` with ``data`` (JSON, read as ``sys.inputs.data``) to PDF bytes.

    Runs in a child process so the wheel's never-released layout cache dies with it.
    """
    font_paths = [p for p in FONT_PATHS if Path(p).is_dir()]
    done = subprocess.run(  # noqa: S603 - our own interpreter and script, no shell
        [sys.executable, str(CHILD), str(template), *font_paths],
        input=data.encode("utf-8"),
        capture_output=True,
        timeout=COMPILE_TIMEOUT_S,
        check=False,
    )
    if done.returncode != 0:
        raise PdfError(done.stderr.decode("utf-8", "replace")[-4000:] or f"exit {done.returncode}")
    return done.stdout


def render_pdf(plain: PlainRoadmap, options: DocumentOptions | None = None) -> bytes:
    """The booklet or annex of ``plain`` as PDF bytes (the data travels as JSON, never as markup)."""
    options = options or DocumentOptions()
    data = document_data(plain, options)
    return compile_pdf(TEMPLATE, json.dumps(data, ensure_ascii=False))
