"""Verification seal: the cost of stamping the QR and code into the city road map's PDF and DOCX.

The city road map (40 units × 150 actions, fictional, as bench_reports) is rendered once; then the
PDF stamp alone (pikepdf overlay on every page) is timed, median of three runs, against the render
it follows. For the DOCX, stamping a finished file (re-open, footers, save) against the path the
application takes: the renderer marks its footers before its own save, then the zip dates are set.
Also the SHA-256 of the road map's canonical JSON, which a road map enacted without a snapshot
costs. No database is used.
"""

from __future__ import annotations

import datetime as dt
import statistics
import time
from collections.abc import Callable
from typing import Any

from petajalan.reports.docx_render import render_docx
from petajalan.reports.pdf_render import render_pdf
from petajalan.reports.sample import sample_roadmap
from petajalan.roadmaps.plain import sha256
from petajalan.verification.stamp import dated_zip, mark_docx, stamp_docx, stamp_pdf

UNIT_COUNT, ACTIONS_PER_UNIT = 40, 150
REPEATS = 3
CODE = "K7QM-2XRD"
URL = "https://petajalan.tanjungbalaikota.go.id/verifikasi/K7QM-2XRD/"
ISSUED = dt.datetime(2026, 12, 4, 9, 0, tzinfo=dt.UTC)


def _median(label: str, fn: Callable[[], Any]) -> tuple[Any, float]:
    times, result = [], None
    for _run in range(REPEATS):
        started = time.perf_counter()
        result = fn()
        times.append(time.perf_counter() - started)
    median = statistics.median(times)
    runs = ", ".join(f"{t:.2f}" for t in times)
    print(f"{label:<52} {median:7.2f} s  (median of {REPEATS}: {runs})")
    return result, median


def run() -> None:
    import io

    import pikepdf

    city = sample_roadmap(units=UNIT_COUNT, actions_per_unit=ACTIONS_PER_UNIT)
    print(f"city road map: {UNIT_COUNT} units × {ACTIONS_PER_UNIT} actions = {len(city.actions):,} actions")
    _digest, _sha_s = _median("SHA-256 of the canonical JSON (snapshot check)", lambda: sha256(city))
    pdf, pdf_s = _median("PDF render (Typst + matrix typesetter)", lambda: render_pdf(city))
    with pikepdf.open(io.BytesIO(pdf)) as opened:
        pages = len(opened.pages)
    stamped, stamp_s = _median(
        f"stamp QR + code on all {pages} PDF pages", lambda: stamp_pdf(pdf, CODE, URL, ISSUED)
    )
    print(f"{'':<52} {len(pdf) / 1e6:.2f} MB → {len(stamped) / 1e6:.2f} MB")
    print(f"stamp / render: {stamp_s / pdf_s * 100:.0f}%")
    docx, docx_s = _median("DOCX render (python-docx)", lambda: render_docx(city))
    stamped_docx, docx_stamp_s = _median(
        "stamp QR + code in every DOCX section footer", lambda: stamp_docx(docx, CODE, URL, ISSUED)
    )
    print(f"{'':<52} {len(docx) / 1e6:.2f} MB → {len(stamped_docx) / 1e6:.2f} MB")
    print(f"stamp afterwards / render: {docx_stamp_s / docx_s * 100:.0f}%")

    def marked() -> bytes:  # the path the application takes: marked before the renderer's save
        return dated_zip(render_docx(city, mark=lambda doc: mark_docx(doc, CODE, URL)), ISSUED)

    _marked, marked_s = _median("DOCX render with the mark + dated zip (app path)", marked)
    print(f"sealed DOCX / plain DOCX: {marked_s / docx_s * 100:.0f}%")
