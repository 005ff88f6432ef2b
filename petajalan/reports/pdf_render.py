"""The road map as PDF, typeset by the Typst compiler (the ``typst`` wheel) from the same data as
the DOCX; see docs/decisions/0050-pdf-engine-typst.md for why Typst and not LibreOffice, 0053 for
why each compile runs in a short-lived child process, and 0055 for the action matrix, which
``pdf_table`` draws onto empty pages Typst leaves for it (about ten times faster for big tables)."""

from __future__ import annotations

import json
import subprocess
import sys
from pathlib import Path
from typing import Any

from petajalan.lib.pause_points import pause_point
from petajalan.reports import pdf_table
from petajalan.reports.layout import DocumentOptions, document_data
from petajalan.roadmaps.plain import PlainRoadmap

TEMPLATE = Path(__file__).parent / "templates" / "reports" / "roadmap.typ"
CHILD = Path(__file__).with_name("typst_child.py")
# TeX Gyre Bonum (the free Bookman Old Style look-alike, Debian fonts-texgyre)
FONT_PATHS = ["/usr/share/texmf/fonts/opentype/public/tex-gyre", "/usr/share/fonts"]
COMPILE_TIMEOUT_S = 300
MATRIX_LABEL = "<pj-matrix>"  # on the first empty matrix page, see roadmap.typ


class PdfError(Exception):
    """Typst refused the document (a bug in the template, never the user's data)."""


def font_dirs() -> list[str]:
    return [p for p in FONT_PATHS if Path(p).is_dir()]


def _start(template: Path, locate: str | None) -> subprocess.Popen[bytes]:
    command = [sys.executable, str(CHILD), str(template)]
    if locate:
        command += ["--locate", locate]
    return subprocess.Popen(  # noqa: S603 - our own interpreter and script, no shell
        [*command, *font_dirs()], stdin=subprocess.PIPE, stdout=subprocess.PIPE, stderr=subprocess.PIPE
    )


def _finish(child: subprocess.Popen[bytes], data: str | None) -> bytes:
    try:
        out, err = child.communicate(data.encode("utf-8") if data is not None else None, COMPILE_TIMEOUT_S)
    finally:
        if child.poll() is None:
            child.kill()
            child.wait()
    if child.returncode != 0:
        raise PdfError(err.decode("utf-8", "replace")[-4000:] or f"exit {child.returncode}")
    return out


def compile_pdf(template: Path, data: str) -> bytes:
    """Typst-compile ``template`` with ``data`` (JSON, read as ``sys.inputs.data``) to PDF bytes.

    Runs in a child process so the wheel's never-released layout cache dies with it.
    """
    return _finish(_start(template, None), data)


def _matrix_layout(data: dict[str, Any]) -> pdf_table.MatrixLayout | None:
    matrix = data["matrix"]
    hosts = [c["captions"]["matrix"] for c in data["chapters"] if "matrix" in c["parts"]]
    if not hosts or not matrix["tables"]:
        return None
    tables = [(cap["text"], t["rows"]) for cap, t in zip(hosts[0], matrix["tables"], strict=True)]
    return pdf_table.layout_matrix(
        font_dirs(),
        data["paper"],
        data["margins"],
        data["font_size"],
        matrix["headers"],
        matrix["widths"],
        tables,
    )


def render_pdf(plain: PlainRoadmap, options: DocumentOptions | None = None) -> bytes:
    """The booklet or annex of ``plain`` as PDF bytes (the data travels as JSON, never as markup).

    The Typst child starts first (it loads the compiler and fonts while this process builds the
    data). When ``pdf_table`` can print the action matrix, Typst lays out everything else around
    empty matrix pages while this process writes the matrix drawings; the two are joined at the
    end. Otherwise Typst typesets the whole document.
    """
    options = options or DocumentOptions()
    child = _start(TEMPLATE, MATRIX_LABEL)
    try:
        pause_point("pdf-render")  # the crash tests kill the worker here, its Typst child running
        data = document_data(plain, options)
        layout = _matrix_layout(data)
        if layout is not None:
            matrix = data["matrix"]
            data["matrix"] = {**matrix, "tables": [], "pages": layout.page_count, "starts": layout.starts}
        assert child.stdin is not None
        child.stdin.write(json.dumps(data, ensure_ascii=False).encode("utf-8"))
        child.stdin.close()
        child.stdin = None  # written: communicate() only reads from here on
        streams = layout.content_streams() if layout is not None else []  # while Typst works
    except BaseException:
        child.kill()
        child.wait()
        raise
    head, _newline, pdf = _finish(child, None).partition(b"\n")
    if layout is None:
        return pdf
    located = json.loads(head)
    if not located:
        raise PdfError("the template did not mark the first matrix page")
    try:
        return pdf_table.stamp(pdf, int(located[0]["value"]) - 1, layout, streams)
    except pdf_table.StampError as exc:
        raise PdfError(str(exc)) from exc
