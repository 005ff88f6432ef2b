"""Documents: city road map (40 units × 150 actions) to PDF vs DOCX + LibreOffice; XLSX import.

Prints each figure and the ratio to LibreOffice, measured in the same run. The road map is built
directly as plain data (petajalan.reports.sample, fictional) so no database is involved.
"""

from __future__ import annotations

import io
import shutil
import statistics
import subprocess
import tempfile
import time
from collections.abc import Callable
from pathlib import Path
from unittest import mock

from pypdf import PdfReader

from petajalan.reports import pdf_render
from petajalan.reports.docx_render import render_docx
from petajalan.reports.pdf_render import render_pdf
from petajalan.reports.sample import UNITS, sample_roadmap
from petajalan.reports.spreadsheet import read_roadmap_xlsx
from petajalan.reports.xlsx_export import export_xlsx

UNIT_COUNT, ACTIONS_PER_UNIT = 40, 150
REPEATS = 3  # Typst and python-docx: the median of this many runs (LibreOffice: one run, ~1 min)
IMPORT_ROWS = 5000
LIBREOFFICE_TIMEOUT_S = 900


def _timed(label: str, fn: Callable[..., bytes], *args: object) -> tuple[bytes, float]:
    started = time.perf_counter()
    result = fn(*args)
    elapsed = time.perf_counter() - started
    print(f"{label:<52} {elapsed:7.2f} s")
    return result, elapsed


def _median(label: str, fn: Callable[..., bytes], *args: object) -> tuple[bytes, float]:
    """The result and the median time of REPEATS runs (the machine is shared: one run is noise)."""
    times = []
    for _run in range(REPEATS):
        started = time.perf_counter()
        result = fn(*args)
        times.append(time.perf_counter() - started)
    median = statistics.median(times)
    runs = ", ".join(f"{t:.2f}" for t in times)
    print(f"{label:<52} {median:7.2f} s  (median of {REPEATS}: {runs})")
    return result, median


def _libreoffice(docx: bytes) -> tuple[int | None, float | None]:
    soffice = shutil.which("soffice") or shutil.which("libreoffice")
    if not soffice:
        print("LibreOffice (soffice) not installed: apt-get install -y libreoffice-writer-nogui")
        return None, None
    with tempfile.TemporaryDirectory() as tmp:
        source = Path(tmp) / "roadmap.docx"
        source.write_bytes(docx)
        profile = Path(tmp) / "profile"
        command = [
            soffice,
            f"-env:UserInstallation=file://{profile}",
            "--headless",
            "--convert-to",
            "pdf",
            "--outdir",
            tmp,
            str(source),
        ]
        started = time.perf_counter()
        subprocess.run(command, check=True, capture_output=True, timeout=LIBREOFFICE_TIMEOUT_S)  # noqa: S603
        elapsed = time.perf_counter() - started
        pages = len(PdfReader(Path(tmp) / "roadmap.pdf").pages)
    print(f"{'LibreOffice headless DOCX -> PDF':<52} {elapsed:7.2f} s  ({pages} pages)")
    return pages, elapsed


def run() -> None:
    city = sample_roadmap(units=UNIT_COUNT, actions_per_unit=ACTIONS_PER_UNIT)
    print(f"city road map: {UNIT_COUNT} units × {ACTIONS_PER_UNIT} actions = {len(city.actions):,} actions")
    pdf, pdf_s = _median("PDF (Typst + matrix typesetter, decision 0055)", render_pdf, city)
    print(f"{'':<52} {len(PdfReader(io.BytesIO(pdf)).pages)} pages, {len(pdf) / 1e6:.1f} MB")
    # the same document with Typst laying out the matrix too (the path taken when the font lacks
    # a character); one run, for the ratio
    with mock.patch.object(pdf_render, "_matrix_layout", lambda data: None):
        typst_pdf, typst_s = _timed("PDF with Typst alone (fallback path)", render_pdf, city)
    print(f"{'':<52} {len(PdfReader(io.BytesIO(typst_pdf)).pages)} pages, {len(typst_pdf) / 1e6:.1f} MB")
    print(f"ratio Typst alone / with the matrix typesetter: {typst_s / pdf_s:.1f}×")
    docx, docx_s = _median("DOCX with python-docx", render_docx, city)
    _pages, office_s = _libreoffice(docx)
    if office_s is not None:
        office_path = docx_s + office_s
        print(f"{'DOCX + LibreOffice (the office path today)':<52} {office_path:7.2f} s")
        print(f"ratio (DOCX + LibreOffice) / PDF: {office_path / pdf_s:.1f}×  (target ≥ 5×)")
    # the timeline of a unit road map is the shared SVG Gantt (lib.gantt) embedded in the PDF
    unit = sample_roadmap(units=1, actions_per_unit=30)
    _timed("PDF of a 30-action unit road map (Gantt as SVG)", render_pdf, unit)

    units = sorted({*UNITS, *(a.responsible_unit for a in city.actions)})
    rows = sample_roadmap(units=UNIT_COUNT, actions_per_unit=IMPORT_ROWS // UNIT_COUNT)
    xlsx, _export_s = _timed(f"XLSX export of {len(rows.actions):,} actions", export_xlsx, rows)
    started = time.perf_counter()
    result = read_roadmap_xlsx(xlsx, base=rows, units=units)
    import_s = time.perf_counter() - started
    print(f"{f'XLSX import of {len(rows.actions):,} rows, full validation':<52} {import_s:7.2f} s")
    print(f"{'':<52} {len(result.problems)} problems, identical: {result.roadmap == rows}")
