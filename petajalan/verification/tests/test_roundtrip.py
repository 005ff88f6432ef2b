"""The round trip: a sealed document's QR, decoded from a rendered page, leads to the public page
that states the document's frozen SHA-256; uploading the same bytes says "same", altered bytes
"different". For the road map (PDF, DOCX), a verified quarterly report and an evaluation report."""

from __future__ import annotations

import re

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.test import Client

from petajalan.evaluations import hooks as evaluation_hooks
from petajalan.evaluations.models import Phase
from petajalan.evaluations.tests.conftest import move_to
from petajalan.monitoring import documents
from petajalan.monitoring.models import QuarterReport
from petajalan.reports import services as reports
from petajalan.roadmaps.models import Snapshot
from petajalan.verification.models import IssuedFile, Seal
from petajalan.verification.tests.conftest import (
    CODE_IN_URL,
    decode_png,
    docx_footer_pictures,
    path_of,
    pdf_qr_urls,
)

SAME = "Berkas ini sama persis dengan dokumen yang diterbitkan"
DIFFERENT = "Berkas ini BERBEDA dari dokumen yang diterbitkan"


def _upload(path: str, content: bytes, name: str = "dokumen.pdf") -> str:
    response = Client().post(path, {"berkas": SimpleUploadedFile(name, content)})
    assert response.status_code == 200
    return response.content.decode()


def _check_page(url: str, content: bytes, frozen_sha: str, name: str) -> Seal:
    path = path_of(url)
    response = Client().get(path)
    assert response.status_code == 200
    html = response.content.decode()
    assert frozen_sha in html
    code = CODE_IN_URL.search(path).group(1)  # type: ignore[union-attr]
    assert code in html
    same = _upload(path, content, name)
    assert SAME in same and DIFFERENT not in same
    altered = bytearray(content)
    altered[len(altered) // 2] ^= 0x01
    different = _upload(path, bytes(altered), name)
    assert DIFFERENT in different and SAME not in different
    return Seal.objects.get(code=code.replace("-", ""))


def test_enacted_road_map_pdf_qr_leads_to_its_snapshot_and_matches_its_bytes(enacted, settings) -> None:  # type: ignore[no-untyped-def]
    settings.SITE_URL = "https://petajalan.example.go.id"
    snapshot = Snapshot.objects.get(roadmap=enacted, kind=Snapshot.Kind.ENACT)
    content = reports.export_roadmap(enacted, "pdf").content
    urls = pdf_qr_urls(content, pages=[0, 4])
    assert len(urls) == 2 and urls[0] == urls[1]
    assert urls[0].startswith("https://petajalan.example.go.id/verifikasi/")
    seal = _check_page(urls[0], content, snapshot.sha256, "road-map.pdf")
    assert seal.snapshot == snapshot and seal.content_sha256 == snapshot.sha256
    assert seal.kind == Seal.Kind.ROADMAP
    assert seal.statement["regulation"] == "Peraturan Wali Kota Nomor 7 Tahun 2025"
    import io

    from pypdf import PdfReader

    texts = [p.extract_text() for p in PdfReader(io.BytesIO(content)).pages]
    assert all(f"Kode verifikasi {seal.display_code}" in t for t in texts)


def test_enacted_road_map_docx_footer_picture_is_the_qr(enacted) -> None:  # type: ignore[no-untyped-def]
    content = reports.export_roadmap(enacted, "docx").content
    decoded = {text for picture in docx_footer_pictures(content) for text in decode_png(picture)}
    assert len(decoded) == 1
    url = decoded.pop()
    snapshot = Snapshot.objects.get(roadmap=enacted, kind=Snapshot.Kind.ENACT)
    seal = _check_page(url, content, snapshot.sha256, "road-map.docx")
    assert seal.files.filter(format=IssuedFile.Format.DOCX).count() == 1
    import io

    from docx import Document

    doc = Document(io.BytesIO(content))
    for section in doc.sections:
        footers = [section.footer] + (
            [section.first_page_footer] if section.different_first_page_header_footer else []
        )
        for footer in footers:
            assert f"Kode verifikasi {seal.display_code}" in "\n".join(p.text for p in footer.paragraphs)


def test_verified_quarter_report_pdf_is_sealed(report, rows, reviewer) -> None:  # type: ignore[no-untyped-def]
    from django.utils import timezone

    QuarterReport.objects.filter(pk=report.pk).update(
        status=QuarterReport.Status.VERIFIED, verified_by=reviewer, verified_at=timezone.now()
    )
    report.refresh_from_db()
    content = documents.export_report(report, "pdf").content
    urls = pdf_qr_urls(content, pages=[0])
    assert len(urls) == 1
    seal = Seal.objects.get(kind=Seal.Kind.QUARTER_REPORT)
    assert seal.object_uuid == report.uuid
    _check_page(urls[0], content, seal.content_sha256, "laporan.pdf")
    html = Client().get(path_of(urls[0])).content.decode()
    assert "Coach Inspektorat" in html  # who verified it
    assert "@" not in re.sub(r"<[^>]+>", "", html).replace("&#x27;", "")


@pytest.mark.parametrize("phase", [Phase.EVALUATOR, Phase.CLOSED])
def test_evaluation_report_pdf_past_verification_is_sealed(cycle, phase) -> None:  # type: ignore[no-untyped-def]
    move_to(cycle, phase)
    content = evaluation_hooks.export(cycle, "pdf").content
    urls = pdf_qr_urls(content, pages=[0])
    assert len(urls) == 1
    seal = Seal.objects.get(kind=Seal.Kind.EVALUATION_REPORT)
    assert seal.object_uuid == cycle.uuid
    _check_page(urls[0], content, seal.content_sha256, "evaluasi.pdf")
