"""The evidence bank end to end on a real S3-compatible server process (moto, on 127.0.0.1)."""

from __future__ import annotations

import io
import zipfile

import pytest

from petajalan.evidence import services
from petajalan.evidence.models import Blob
from petajalan.evidence.tests.conftest import upload
from petajalan.testing.evidence import pdf_bytes
from petajalan.testing.fixtures import client_for

pytestmark = pytest.mark.django_db


def test_upload_download_packet_and_delete_go_through_the_bucket(
    s3_evidence_storage, gov, unit, drafter, admin, roadmap, django_capture_on_commit_callbacks
):
    content = pdf_bytes("Laporan survei kepuasan masyarakat 2025")
    with django_capture_on_commit_callbacks(execute=True):
        item = upload(drafter, gov, content, "laporan-skm.pdf", unit=unit)
    blob = Blob.objects.get()
    keys = {o.key for o in s3_evidence_storage.bucket.objects.all()}
    assert f"evidence/{blob.storage_key}" in keys
    assert blob.thumbnail_state == Blob.Thumbnail.READY and f"evidence/{blob.thumbnail_key}" in keys

    client = client_for(drafter)
    response = client.get(f"/g/{gov.slug}/data-dukung/{item.uuid}/berkas/1/")
    assert response.status_code == 200 and response.getvalue() == content
    thumb = client.get(f"/g/{gov.slug}/data-dukung/{item.uuid}/pratinjau.png")
    assert thumb.status_code == 200 and thumb.getvalue().startswith(b"\x89PNG")

    from petajalan.evidence.targets import resolve

    target = resolve([("roadmap", str(roadmap.pk))])[("roadmap", str(roadmap.pk))]
    services.link_item(actor=drafter, item=item, target=target)
    packet = client_for(admin).get(f"/g/{gov.slug}/data-dukung/paket/roadmap/{roadmap.pk}.zip")
    archive = zipfile.ZipFile(io.BytesIO(packet.getvalue()))
    assert [archive.read(n) for n in archive.namelist() if n.endswith(".pdf")] == [content]

    services.unlink(actor=drafter, link=item.links.get())
    with django_capture_on_commit_callbacks(execute=True):
        services.delete_item(actor=drafter, item=item)
    assert list(s3_evidence_storage.bucket.objects.all()) == []
