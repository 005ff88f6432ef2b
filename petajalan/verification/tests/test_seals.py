"""When a document is sealed and when not; same content, same code; a change, a new code; the code
alphabet; the public pages' 404s, form errors and what they never show (NIP, e-mail)."""

from __future__ import annotations

import datetime as dt
import re

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.test import Client

from petajalan.accounts.models import AuditEvent
from petajalan.evaluations import hooks as evaluation_hooks
from petajalan.evaluations.models import Phase
from petajalan.evaluations.tests.conftest import move_to
from petajalan.monitoring import documents
from petajalan.monitoring.models import QuarterReport
from petajalan.reports import services as reports
from petajalan.roadmaps.models import Action, Roadmap, Snapshot
from petajalan.roadmaps.services.workflow import freeze_snapshot
from petajalan.verification import services
from petajalan.verification.models import ALPHABET, IssuedFile, Seal
from petajalan.verification.tests.conftest import docx_footer_pictures


def _has_mark(content: bytes) -> bool:
    return b"/PjVerifikasi" in content or "Kode verifikasi" in _pdf_text(content)


def _pdf_text(content: bytes) -> str:
    import io

    from pypdf import PdfReader

    return "\n".join(p.extract_text() for p in PdfReader(io.BytesIO(content)).pages)


# -- what gets a seal --------------------------------------------------------------------------------


def test_a_draft_road_map_gets_no_qr(enacted) -> None:  # type: ignore[no-untyped-def]
    Roadmap.objects.filter(pk=enacted.pk).update(status=Roadmap.Status.APPROVED)
    enacted.refresh_from_db()
    pdf = reports.export_roadmap(enacted, "pdf").content
    docx = reports.export_roadmap(enacted, "docx").content
    assert "Kode verifikasi" not in _pdf_text(pdf)
    assert docx_footer_pictures(docx) == []
    assert not Seal.objects.exists()


def test_spreadsheets_and_open_data_of_an_enacted_road_map_issue_no_seal(enacted) -> None:  # type: ignore[no-untyped-def]
    for fmt in ("xlsx", "csv", "json"):
        reports.export_roadmap(enacted, fmt)
    assert not Seal.objects.exists()


def test_same_content_same_code_and_every_distinct_file_recorded_once(enacted) -> None:  # type: ignore[no-untyped-def]
    import time_machine

    first = reports.export_roadmap(enacted, "pdf").content
    first_docx = reports.export_roadmap(enacted, "docx").content
    with time_machine.travel(dt.timedelta(days=3)):
        again = reports.export_roadmap(enacted, "pdf").content
        again_docx = reports.export_roadmap(enacted, "docx").content
    reports.export_roadmap(enacted, "pdf", {"paper": "A4"})
    seal = Seal.objects.get()
    assert first == again and first_docx == again_docx  # dated by the seal, not by the download
    assert sorted(seal.files.values_list("format", flat=True)) == ["docx", "pdf", "pdf"]  # F4, A4
    assert AuditEvent.objects.filter(after__code=seal.code).count() == 1


def test_an_accepted_change_then_a_new_enactment_gets_a_new_code(enacted, admin) -> None:  # type: ignore[no-untyped-def]
    reports.export_roadmap(enacted, "pdf")
    old = Seal.objects.get()
    # the change: back to draft, a row edited, enacted again with a new snapshot
    freeze_snapshot(actor=admin, roadmap=enacted, kind=Snapshot.Kind.CHANGE)
    action = Action.objects.filter(roadmap=enacted).order_by("pk")[0]
    action.activity = "Kegiatan yang diubah"
    action.save()
    freeze_snapshot(actor=admin, roadmap=enacted, kind=Snapshot.Kind.ENACT)
    reports.export_roadmap(enacted, "pdf")
    assert Seal.objects.count() == 2
    new = Seal.objects.exclude(pk=old.pk).get()
    assert new.code != old.code and new.content_sha256 != old.content_sha256
    assert new.snapshot is not None and new.snapshot.kind == Snapshot.Kind.ENACT


def test_rows_edited_after_enactment_print_the_enacted_snapshot(enacted) -> None:  # type: ignore[no-untyped-def]
    Action.objects.filter(roadmap=enacted).update(activity="Diubah diam-diam")
    content = reports.export_roadmap(enacted, "pdf").content
    assert "Diubah diam-diam" not in _pdf_text(content)
    snapshot = Snapshot.objects.get(roadmap=enacted)
    assert Seal.objects.get().content_sha256 == snapshot.sha256


def test_the_background_job_seals_like_the_download(enacted, admin) -> None:  # type: ignore[no-untyped-def]
    job = reports.start_export(actor=admin, roadmap=enacted, fmt="pdf")
    job.refresh_from_db()
    assert job.result and b"/PjVerifikasi" in bytes(job.result)
    assert Seal.objects.get().files.count() == 1


@pytest.mark.parametrize("status", [QuarterReport.Status.DRAFT, QuarterReport.Status.SUBMITTED])
def test_an_unverified_quarter_report_gets_no_qr(report, rows, status) -> None:  # type: ignore[no-untyped-def]
    QuarterReport.objects.filter(pk=report.pk).update(status=status)
    report.refresh_from_db()
    assert "Kode verifikasi" not in _pdf_text(documents.export_report(report, "pdf").content)
    assert docx_footer_pictures(documents.export_report(report, "docx").content) == []
    assert not Seal.objects.exists()


def test_a_verified_quarter_report_docx_carries_the_qr(report, rows) -> None:  # type: ignore[no-untyped-def]
    QuarterReport.objects.filter(pk=report.pk).update(status=QuarterReport.Status.VERIFIED)
    report.refresh_from_db()
    content = documents.export_report(report, "docx").content
    assert len(docx_footer_pictures(content)) >= 1
    assert Seal.objects.get().files.get().format == IssuedFile.Format.DOCX


@pytest.mark.parametrize("phase", [Phase.ANSWERING, Phase.COMPILING, Phase.VERIFICATION])
def test_an_evaluation_report_before_the_end_of_verification_gets_no_qr(cycle, phase) -> None:  # type: ignore[no-untyped-def]
    move_to(cycle, phase)
    assert "Kode verifikasi" not in _pdf_text(evaluation_hooks.export(cycle, "pdf").content)
    assert not Seal.objects.exists()


def test_an_evaluation_report_keeps_its_code_from_day_to_day(cycle) -> None:  # type: ignore[no-untyped-def]
    import datetime as dt

    import time_machine

    move_to(cycle, Phase.OBJECTION)
    evaluation_hooks.export(cycle, "docx")
    with time_machine.travel(dt.datetime(2031, 1, 5, 10, tzinfo=dt.UTC)):
        evaluation_hooks.export(cycle, "docx")
    assert Seal.objects.count() == 1


# -- codes -------------------------------------------------------------------------------------------


def test_codes_use_crockford_base32_and_read_mistyped_letters() -> None:
    assert set(ALPHABET).isdisjoint("ILOU") and len(ALPHABET) == 32
    code = services.new_code()
    assert len(code) == 8 and set(code) <= set(ALPHABET)
    assert services.normalise_code("k7qm-2xrd") == "K7QM2XRD"
    assert services.normalise_code(" K7QM 2XRD ") == "K7QM2XRD"
    assert services.normalise_code("O1LI-2XRD") == "0111" + "2XRD"
    for bad in ("", "K7QM-2XR", "K7QM-2XRDD", "K7QM-2XRU", "<script>", "K7QM_2XRD"):
        assert services.normalise_code(bad) is None


# -- the pages ---------------------------------------------------------------------------------------


@pytest.fixture
def sealed(enacted):  # type: ignore[no-untyped-def]
    content = reports.export_roadmap(enacted, "pdf").content
    return Seal.objects.get(), content


def test_the_page_states_the_document_and_never_a_nip_or_e_mail(sealed, enacted, admin) -> None:  # type: ignore[no-untyped-def]
    seal, _content = sealed
    response = Client().get(f"/verifikasi/{seal.display_code}/")
    assert response.status_code == 200
    html = response.content.decode()
    for text in (
        "Road map reformasi birokrasi",
        "Road Map RB Dinas Kesehatan 2025-2029",
        "Kota Uji",
        "Peraturan Wali Kota Nomor 7 Tahun 2025",
        "12 Maret 2025",
        "Admin Organisasi",
        seal.content_sha256,
        seal.files.get().sha256,
    ):
        assert text in html, text
    assert "196009101980031003" not in html and "19600910 198003" not in html
    assert admin.email not in html and not re.search(r"[\w.]+@[\w-]+\.\w+", html)


@pytest.mark.parametrize("typed", ["{code}", "{lower}", "{bare}"])
def test_any_spelling_of_the_code_leads_to_the_page(sealed, typed) -> None:  # type: ignore[no-untyped-def]
    seal, _content = sealed
    text = typed.format(code=seal.display_code, lower=seal.display_code.lower(), bare=seal.code)
    response = Client().get("/verifikasi/", {"kode": text})
    assert response.status_code == 302 and response["Location"] == f"/verifikasi/{seal.display_code}/"
    response = Client().get(f"/verifikasi/{text}/")
    assert response.status_code in (200, 302)
    assert Client().get(f"/verifikasi/{text}/", follow=True).status_code == 200


@pytest.mark.parametrize(
    "path",
    [
        "/verifikasi/K7QM-2XRD/",
        "/verifikasi/bukan-kode/",
        "/verifikasi/%3Cb%3E/",
        "/verifikasi/" + "A" * 300 + "/",
    ],
)
def test_unknown_or_malformed_codes_get_a_friendly_404(db, path) -> None:  # type: ignore[no-untyped-def]
    response = Client().get(path)
    assert response.status_code == 404
    html = response.content.decode()
    assert "Kode verifikasi tidak ditemukan" in html and "<b>" not in html
    assert Client().post(path, {}).status_code in (403, 404)  # CSRF first, or the same 404


def test_the_index_explains_a_malformed_or_unknown_code(db) -> None:
    html = Client().get("/verifikasi/").content.decode()
    assert "Verifikasi dokumen" in html and 'name="kode"' in html
    bad = Client().get("/verifikasi/", {"kode": "123"}).content.decode()
    assert "terdiri atas 8 huruf dan angka" in bad
    unknown = Client().get("/verifikasi/", {"kode": "K7QM-2XRD"}).content.decode()
    assert "Tidak ada dokumen dengan kode itu" in unknown


def test_uploads_empty_missing_or_too_large_are_refused_with_a_message(sealed, settings) -> None:  # type: ignore[no-untyped-def]
    seal, content = sealed
    path = f"/verifikasi/{seal.display_code}/"
    empty = Client().post(path, {"berkas": SimpleUploadedFile("kosong.pdf", b"")}).content.decode()
    assert "Berkas itu kosong" in empty
    missing = Client().post(path, {}).content.decode()
    assert "Pilih berkas yang ingin dicocokkan" in missing
    settings.VERIFICATION_MAX_BYTES = 1024
    large = Client().post(path, {"berkas": SimpleUploadedFile("besar.pdf", content)})
    assert large.status_code == 200 and "Berkas terlalu besar" in large.content.decode()


def test_the_upload_needs_the_csrf_token(sealed) -> None:  # type: ignore[no-untyped-def]
    seal, content = sealed
    client = Client(enforce_csrf_checks=True)
    response = client.post(
        f"/verifikasi/{seal.display_code}/", {"berkas": SimpleUploadedFile("a.pdf", content)}
    )
    assert response.status_code == 403


def test_hashing_reads_the_upload_in_chunks() -> None:
    chunks = [b"a" * 10, b"b" * 5]
    digest, size = services.sha256_of_chunks(iter(chunks))
    import hashlib

    assert size == 15 and digest == hashlib.sha256(b"a" * 10 + b"b" * 5).hexdigest()


def test_the_page_runs_a_constant_number_of_queries(sealed, django_assert_num_queries) -> None:  # type: ignore[no-untyped-def]
    seal, _content = sealed
    path = f"/verifikasi/{seal.display_code}/"
    Client().get(path)
    with django_assert_num_queries(2):
        Client().get(path)
    for n in range(10):
        IssuedFile.objects.create(seal=seal, format="pdf", sha256=f"{n:064d}", size=n + 1)
    with django_assert_num_queries(2):
        Client().get(path)


def test_the_city_quarter_is_sealed_once_every_report_is_verified(report, rows, gov) -> None:  # type: ignore[no-untyped-def]
    QuarterReport.objects.filter(pk=report.pk).update(status=QuarterReport.Status.SUBMITTED)
    assert "Kode verifikasi" not in _pdf_text(documents.export_city(gov, 2025, 1, "pdf").content)
    QuarterReport.objects.filter(pk=report.pk).update(status=QuarterReport.Status.VERIFIED)
    first = documents.export_city(gov, 2025, 1, "pdf").content
    again = documents.export_city(gov, 2025, 1, "pdf").content
    seal = Seal.objects.get(kind=Seal.Kind.QUARTER_REPORT, statement__all_verified=True)
    assert f"Kode verifikasi {seal.display_code}" in _pdf_text(first)
    assert first == again and seal.files.count() == 1


def test_the_pages_are_the_same_for_everyone_and_refuse_other_methods(sealed, admin, outsider) -> None:  # type: ignore[no-untyped-def]
    from petajalan.testing.fixtures import client_for

    seal, _content = sealed
    path = f"/verifikasi/{seal.display_code}/"
    for user in (None, admin, outsider):
        client = client_for(user)
        assert client.get("/verifikasi/").status_code == 200
        assert client.get(path).status_code == 200
        assert client.put(path).status_code == 405
        assert client.delete("/verifikasi/").status_code == 405
