"""The evidence bank's writes: stored once, versions kept for old links, links audited, deletion rules."""

from __future__ import annotations

import datetime as dt
import io

import pytest

from petajalan.accounts.models import AuditEvent
from petajalan.accounts.services import ServiceError, StaleEdit
from petajalan.evidence import services
from petajalan.evidence.models import Blob, Item, Link, Version
from petajalan.evidence.storage import evidence_storage
from petajalan.evidence.targets import resolve
from petajalan.evidence.tests.conftest import upload
from petajalan.testing.evidence import pdf_bytes, png_bytes

pytestmark = pytest.mark.django_db
A = AuditEvent.Action


def test_the_same_bytes_are_refused_with_where_they_already_are(decree, gov, drafter, unit):
    again = pdf_bytes("Keputusan Kepala Dinas tentang Tim Reformasi Birokrasi")
    with pytest.raises(services.DuplicateFile) as caught:
        upload(drafter, gov, again, "salinan SK.pdf", unit=unit)
    assert caught.value.item == decree
    assert Item.objects.count() == 1 and Blob.objects.count() == 1


def test_another_government_may_hold_the_same_bytes_stored_once(decree, other_gov, outsider, foreign_unit):
    again = pdf_bytes("Keputusan Kepala Dinas tentang Tim Reformasi Birokrasi")
    theirs = upload(outsider, other_gov, again, "sk.pdf", unit=foreign_unit)
    assert theirs.current and decree.current
    assert theirs.current.blob_id == decree.current.blob_id
    assert Blob.objects.count() == 1
    assert len(list(evidence_storage().listdir("sha256")[0])) == 1


def test_a_refused_file_stores_nothing_and_says_why_in_indonesian(gov, drafter, unit, evidence_dir):
    with pytest.raises(ServiceError) as caught:
        upload(drafter, gov, b"MZ\x90\x00" + b"\x00" * 200, "laporan.pdf", unit=unit)
    assert caught.value.field == "file"
    assert "Berkas" in caught.value.message or "berkas" in caught.value.message
    assert not Item.objects.exists() and not Blob.objects.exists()
    assert not evidence_dir.exists() or not any(p.is_file() for p in evidence_dir.rglob("*"))


def test_upload_is_audited_and_the_pdf_text_is_searchable(decree, gov):
    assert AuditEvent.objects.filter(action=A.UPLOAD, object_id=str(decree.uuid)).count() == 1
    assert AuditEvent.objects.filter(action=A.LINK, object_id=str(decree.uuid)).count() == 1
    items = Item.objects.filter(government=gov)
    assert list(items.search("reformasi birokrasi")) == [decree]  # from the PDF's text layer
    assert list(items.search("800/123")) == [decree]  # the number
    assert list(items.search("tidak ada kata ini")) == []
    assert list(items.with_tag("tim rb")) == [decree]


def test_a_new_version_keeps_the_old_one_for_links_made_before(decree, gov, drafter, action, quick_win):
    old = decree.current
    new = services.add_version(
        actor=drafter,
        item=decree,
        upload=services.Upload(io.BytesIO(pdf_bytes("SK Tim RB perubahan")), "SK perubahan.pdf"),
        note="perubahan anggota",
        version=decree.version,
    )
    decree.refresh_from_db()
    assert decree.current == new and new.number == 2
    assert Link.objects.get(item=decree, target_kind="action").version == old
    target = resolve([("quick_win", str(quick_win.pk))])[("quick_win", str(quick_win.pk))]
    assert services.link_item(actor=drafter, item=decree, target=target).version == new
    assert Version.objects.filter(item=decree).count() == 2


def test_a_new_version_against_a_stale_page_is_refused(decree, drafter):
    with pytest.raises(StaleEdit):
        services.add_version(
            actor=drafter,
            item=decree,
            upload=services.Upload(io.BytesIO(pdf_bytes("lain")), "lain.pdf"),
            version=decree.version - 1,
        )


def test_metadata_edits_lock_optimistically(decree, drafter, unit):
    data = {"title": "SK Tim RB (perbaikan)", "kind": Item.Kind.DECREE, "unit": unit}
    services.update_item(actor=drafter, item=decree, data=data, version=decree.version)
    with pytest.raises(StaleEdit) as caught:
        services.update_item(
            actor=drafter, item=decree, data={**data, "title": "Lain"}, version=decree.version
        )
    assert caught.value.current.title == "SK Tim RB (perbaikan)"


def test_a_linked_item_cannot_be_deleted_only_superseded(decree, drafter):
    with pytest.raises(ServiceError):
        services.delete_item(actor=drafter, item=decree)
    assert Item.objects.filter(pk=decree.pk).exists()


def test_deleting_removes_the_file_only_when_nothing_refers_to_it(
    photo, admin, gov, other_gov, outsider, foreign_unit, django_capture_on_commit_callbacks
):
    theirs = upload(outsider, other_gov, png_bytes(), "foto.png", unit=foreign_unit)
    key = photo.current.blob.storage_key
    with django_capture_on_commit_callbacks(execute=True):
        services.delete_item(actor=admin, item=photo)
    assert evidence_storage().exists(key)  # the other government's copy still refers to it
    with django_capture_on_commit_callbacks(execute=True):
        services.delete_item(actor=outsider, item=theirs)
    assert not evidence_storage().exists(key)
    assert not Blob.objects.exists()
    assert AuditEvent.objects.filter(action=A.DELETE, object_id=str(photo.uuid)).exists()


def test_unlink_is_audited_and_keeps_the_item(decree, drafter):
    link = Link.objects.get(item=decree)
    services.unlink(actor=drafter, link=link)
    assert not Link.objects.filter(item=decree).exists()
    assert AuditEvent.objects.filter(action=A.UNLINK, object_id=str(decree.uuid)).exists()
    assert Item.objects.filter(pk=decree.pk).exists()


def test_the_quota_of_a_government_refuses_what_would_exceed_it(settings, gov, drafter, unit, evidence_dir):
    first = pdf_bytes("pertama")
    settings.EVIDENCE_QUOTA_BYTES = len(first) + 10
    upload(drafter, gov, first, "pertama.pdf", unit=unit)
    with pytest.raises(ServiceError) as caught:
        upload(drafter, gov, pdf_bytes("kedua, yang lebih panjang"), "kedua.pdf", unit=unit)
    assert "Kuota" in caught.value.message
    assert services.government_usage(gov) == len(first)


def test_a_unit_of_another_government_is_refused(gov, drafter, foreign_unit, evidence_dir):
    with pytest.raises(ServiceError):
        upload(drafter, gov, pdf_bytes(), "sk.pdf", unit=foreign_unit)
    assert not Blob.objects.exists()


def test_suggestions_cover_the_year_and_skip_lapsed_documents(gov, admin, unit, evidence_dir):
    old = upload(admin, gov, pdf_bytes("2023"), "a.pdf", unit=unit, year_from=2023, year_to=2023)
    current = upload(admin, gov, pdf_bytes("2025-2026"), "b.pdf", unit=unit, year_from=2025, year_to=2026)
    lapsed = upload(admin, gov, pdf_bytes("lapsed"), "c.pdf", unit=unit, valid_until=dt.date(2025, 12, 31))
    open_ended = upload(admin, gov, pdf_bytes("open"), "d.pdf", unit=unit)
    covering = set(Item.objects.covering(2026))
    assert covering == {current, open_ended}
    assert old not in covering and lapsed not in covering


def test_unlinked_and_expiring_filters(decree, photo, gov, admin, unit, evidence_dir):
    soon = upload(admin, gov, pdf_bytes("izin"), "izin.pdf", unit=unit, valid_until=dt.date(2026, 12, 20))
    assert set(Item.objects.unlinked()) == {photo, soon}
    assert list(Item.objects.expiring(dt.date(2026, 12, 4))) == [soon]


def test_tags_are_trimmed_and_not_repeated(gov, admin, unit, evidence_dir):
    item = upload(admin, gov, pdf_bytes("tag"), "t.pdf", unit=unit, tags=" SAKIP ;sakip, tim RB,, ")
    assert item.tags == "SAKIP, tim RB"
