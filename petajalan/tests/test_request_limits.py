"""Request size limits: a body over the limit is refused with 413 (fields, or the whole request
before anything reads it), too many fields or files with 400, each with an Indonesian page; the
largest evidence file a form takes still passes."""

from __future__ import annotations

from django.conf import settings as project_settings
from django.core.files.uploadedfile import SimpleUploadedFile
from django.test import Client

from petajalan.evidence.models import Item
from petajalan.testing.evidence import pdf_bytes
from petajalan.testing.fixtures import client_for

TOO_LARGE = "Kiriman terlalu besar"
TOO_MANY = "terlalu banyak isian atau berkas"


def _pdf(size: int, name: str = "SK_tim_rb.pdf") -> SimpleUploadedFile:
    content = pdf_bytes("SK Tim RB")
    return SimpleUploadedFile(name, content + b"\n" * (size - len(content)), content_type="application/pdf")


def _evidence_form(unit_pk: int, file: SimpleUploadedFile) -> dict[str, object]:
    return {"file": file, "title": "", "kind": Item.Kind.DECREE, "unit": unit_pk, "year_from": "2025"}


def test_form_fields_over_the_memory_limit_get_413_in_indonesian(settings, db):
    settings.DATA_UPLOAD_MAX_MEMORY_SIZE = 1024
    response = Client().post("/akun/masuk/", {"identifier": "x" * 2000, "password": "rahasia"})
    assert response.status_code == 413
    html = response.content.decode()
    assert TOO_LARGE in html and "Berkas data dukung paling besar 20 MB" in html
    assert 'lang="id"' in html


def test_a_body_over_the_request_limit_is_refused_before_the_login_check_reads_it(settings, db):
    """An anonymous visitor cannot make the server store a large upload in a temporary file."""
    settings.REQUEST_MAX_BYTES = 64 * 1024
    file = SimpleUploadedFile("besar.pdf", b"%PDF-1.7\n" + b"0" * 100_000)
    response = Client().post("/g/kota-mana-saja/data-dukung/unggah/", {"file": file})
    assert response.status_code == 413
    assert TOO_LARGE in response.content.decode()


def test_an_evidence_upload_over_the_request_limit_stores_nothing(settings, gov, unit, drafter, evidence_dir):
    settings.REQUEST_MAX_BYTES = 64 * 1024
    response = client_for(drafter).post(
        f"/g/{gov.slug}/data-dukung/unggah/", _evidence_form(unit.pk, _pdf(100_000))
    )
    assert response.status_code == 413
    assert not Item.objects.exists()


def test_the_largest_evidence_file_passes_the_request_limit(gov, unit, drafter, evidence_dir):
    """The default REQUEST_MAX_BYTES leaves room for EVIDENCE_MAX_BYTES and the form around it."""
    largest = project_settings.EVIDENCE_MAX_BYTES
    response = client_for(drafter).post(
        f"/g/{gov.slug}/data-dukung/unggah/", _evidence_form(unit.pk, _pdf(largest))
    )
    assert response.status_code == 302, response.content.decode()[:2000]
    assert Item.objects.get().versions.get().blob.size == largest


def test_too_many_fields_get_400_in_indonesian(settings, db):
    settings.DATA_UPLOAD_MAX_NUMBER_FIELDS = 10
    response = Client().post("/akun/masuk/", {f"isian{n}": "x" for n in range(20)})
    assert response.status_code == 400
    assert TOO_MANY in response.content.decode()


def test_too_many_files_get_400_in_indonesian(settings, gov, drafter):
    settings.DATA_UPLOAD_MAX_NUMBER_FILES = 2
    files = {f"file{n}": SimpleUploadedFile(f"{n}.pdf", pdf_bytes()) for n in range(3)}
    response = client_for(drafter).post(f"/g/{gov.slug}/data-dukung/unggah/", files)
    assert response.status_code == 400
    assert TOO_MANY in response.content.decode()


def test_an_address_holding_a_nul_character_is_a_400_page_not_a_500(db):
    """PostgreSQL stores no U+0000: a filter carrying one (``?fokus=%00``) would fail in the query."""
    from petajalan.accounts.models import Membership
    from petajalan.testing.factories import make_government, make_person

    government = make_government()
    admin = make_person(government, Membership.Role.ADMIN)
    for url in (
        f"/g/{government.slug}/pemantauan/rincian/?fokus=urn%00x",
        f"/g/{government.slug}/data-dukung/?q=%00",
        "/publik/x%00y/",
    ):
        response = client_for(admin).get(url)
        assert response.status_code == 400, url
        assert 'lang="id"' in response.content.decode()
