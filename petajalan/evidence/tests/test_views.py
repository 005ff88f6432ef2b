"""The evidence bank as a person uses it: upload, duplicate offered for reuse, search, links, files."""

from __future__ import annotations

import io
import zipfile

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile

from petajalan.evidence.models import Item, Link
from petajalan.evidence.tests.conftest import upload
from petajalan.testing.evidence import pdf_bytes
from petajalan.testing.fixtures import client_for

pytestmark = pytest.mark.django_db
HIDDEN_ONE = (
    "1 data dukung lain yang tertaut di sini milik perangkat daerah yang dokumennya tidak dapat Anda buka"
)


def _file(content: bytes, name: str) -> SimpleUploadedFile:
    return SimpleUploadedFile(name, content, content_type="application/octet-stream")


def test_a_drafter_uploads_a_decree_and_sees_it_in_the_list(gov, unit, drafter, evidence_dir):
    client = client_for(drafter)
    response = client.post(
        f"/g/{gov.slug}/data-dukung/unggah/",
        {
            "file": _file(pdf_bytes("SK Tim RB"), "SK_tim_rb_2025.pdf"),
            "title": "",
            "kind": Item.Kind.DECREE,
            "number": "800/1/2025",
            "document_on": "2025-01-06",
            "unit": unit.pk,
            "year_from": "2025",
            "year_to": "2026",
            "tags": "tim RB",
        },
    )
    assert response.status_code == 302
    item = Item.objects.get()
    assert item.title == "SK tim rb 2025"  # from the file's name
    assert item.unit == unit and item.created_by == drafter
    page = client.get(f"/g/{gov.slug}/data-dukung/?q=tim+rb")
    assert "SK tim rb 2025" in page.content.decode()


def test_a_bad_file_gets_a_message_and_the_form_keeps_what_was_typed(gov, unit, drafter, evidence_dir):
    response = client_for(drafter).post(
        f"/g/{gov.slug}/data-dukung/unggah/",
        {"file": _file(b"", "kosong.pdf"), "title": "Laporan triwulan", "kind": "report", "unit": unit.pk},
    )
    assert response.status_code == 400
    html = response.content.decode()
    assert "Laporan triwulan" in html  # nothing typed is lost
    assert not Item.objects.exists()


def test_uploading_the_same_file_again_offers_the_existing_item(decree, gov, unit, drafter, action):
    response = client_for(drafter).post(
        f"/g/{gov.slug}/data-dukung/unggah/?untuk=quick_win&id=0",
    )
    assert response.status_code == 404  # an unknown target
    url = f"/g/{gov.slug}/data-dukung/unggah/?untuk=action&id={action.pk}"
    same = pdf_bytes("Keputusan Kepala Dinas tentang Tim Reformasi Birokrasi")
    response = client_for(drafter).post(
        url, {"file": _file(same, "lagi.pdf"), "title": "Lagi", "kind": "decree", "unit": unit.pk}
    )
    assert response.status_code == 409
    html = response.content.decode()
    assert "sudah ada" in html and decree.title in html
    assert "Pakai dokumen yang sudah ada" in html
    assert Item.objects.count() == 1


def test_the_file_leaves_as_an_attachment_with_nosniff(decree, gov, reviewer):
    response = client_for(reviewer).get(f"/g/{gov.slug}/data-dukung/{decree.uuid}/berkas/1/")
    assert response.status_code == 200
    assert response["Content-Disposition"].startswith("attachment;")
    assert response["X-Content-Type-Options"] == "nosniff"
    assert "sandbox" in response["Content-Security-Policy"]
    assert response.getvalue().startswith(b"%PDF-")


def test_the_thumbnail_is_a_png_made_once(decree, gov, leader):
    response = client_for(leader).get(f"/g/{gov.slug}/data-dukung/{decree.uuid}/pratinjau.png")
    assert response.status_code == 200 and response["Content-Type"] == "image/png"
    from PIL import Image

    picture = Image.open(io.BytesIO(response.getvalue()))
    assert picture.width > 0


def test_where_used_lists_the_action(decree, gov, drafter, action):
    html = client_for(drafter).get(f"/g/{gov.slug}/data-dukung/{decree.uuid}/").content.decode()
    assert "Dipakai di" in html and action.activity in html


def test_attach_page_suggests_the_unit_s_valid_documents_and_links_one(
    gov, unit, drafter, quick_win, evidence_dir
):
    item = upload(drafter, gov, pdf_bytes("laporan"), "laporan.pdf", unit=unit, year_from=2026, year_to=2026)
    client = client_for(drafter)
    url = f"/g/{gov.slug}/data-dukung/untuk/quick_win/{quick_win.pk}/"
    html = client.get(url).content.decode()
    assert "Saran: masih berlaku untuk 2026" in html and item.title in html
    assert client.post(url, {"item": str(item.uuid)}).status_code == 302
    assert Link.objects.filter(item=item, target_kind="quick_win", target_id=str(quick_win.pk)).exists()
    assert client.post(f"{url}lepas/{item.uuid}/").status_code == 302
    assert not Link.objects.filter(item=item).exists()


def test_a_drafter_cannot_link_another_unit_s_item(gov, photo, drafter, action):
    url = f"/g/{gov.slug}/data-dukung/untuk/action/{action.pk}/"
    assert client_for(drafter).post(url, {"item": str(photo.uuid)}).status_code == 404
    assert not Link.objects.filter(item=photo).exists()


def test_the_road_map_packet_is_a_zip_with_its_index(decree, gov, admin, roadmap):
    response = client_for(admin).get(f"/g/{gov.slug}/data-dukung/paket/roadmap/{roadmap.pk}.zip")
    assert response.status_code == 200
    assert response["Content-Type"] == "application/zip"
    archive = zipfile.ZipFile(io.BytesIO(response.getvalue()))
    names = archive.namelist()
    assert "00-INDEKS.csv" in names and "00-INDEKS.xlsx" in names
    pdfs = [n for n in names if n.endswith(".pdf")]
    assert len(pdfs) == 1 and "/" in pdfs[0]
    assert archive.read(pdfs[0]).startswith(b"%PDF-")
    assert decree.current.blob.sha256 in archive.read("00-INDEKS.csv").decode("utf-8-sig")


def test_the_road_map_page_shows_its_evidence_panel(decree, gov, drafter, roadmap):
    html = client_for(drafter).get(f"/g/{gov.slug}/roadmap/{roadmap.uuid}/").content.decode()
    assert "Data dukung" in html and "Unduh paket ZIP untuk evaluator" in html
    assert "1 dari 1 rencana aksi dan quick win" in html


def _link_to_roadmap(roadmap, *items):  # type: ignore[no-untyped-def]
    for item in items:
        Link.objects.create(
            government=roadmap.government,
            item=item,
            version=item.current,
            target_kind=Link.TargetKind.ROADMAP,
            target_id=str(roadmap.pk),
        )


def test_the_panel_hides_evidence_a_reader_may_not_see(decree, photo, gov, drafter, admin, roadmap):
    """The road map's own documents go through the gate; each row links to its evidence page."""
    _link_to_roadmap(roadmap, decree, photo)  # the photo is another unit's: not the drafter's to read
    page = f"/g/{gov.slug}/roadmap/{roadmap.uuid}/"
    mine = client_for(drafter).get(page).content.decode()
    assert decree.title in mine and photo.title not in mine and str(photo.uuid) not in mine
    assert HIDDEN_ONE in mine  # said as a number, so the panel does not look incomplete
    action = roadmap.actions.get()
    assert f'href="/g/{gov.slug}/data-dukung/untuk/action/{action.pk}/"' in mine
    everything = client_for(admin).get(page).content.decode()
    assert decree.title in everything and photo.title in everything and HIDDEN_ONE not in everything


def test_a_targets_evidence_page_names_only_documents_the_reader_may_open(
    decree, photo, gov, drafter, admin, roadmap
):
    """The page every "Lihat data dukung" button leads to: another unit's document linked to the
    drafter's road map is a number there, without its title, picture or address."""
    _link_to_roadmap(roadmap, decree, photo)
    page = f"/g/{gov.slug}/data-dukung/untuk/roadmap/{roadmap.pk}/"
    mine = client_for(drafter).get(page)
    assert mine.status_code == 200
    html = mine.content.decode()
    assert decree.title in html and HIDDEN_ONE in html
    assert photo.title not in html and str(photo.uuid) not in html
    assert client_for(drafter).get(f"/g/{gov.slug}/data-dukung/{photo.uuid}/").status_code == 404
    everything = client_for(admin).get(page).content.decode()
    assert photo.title in everything and HIDDEN_ONE not in everything
    # only the hidden one: no "nothing linked yet" beside the number
    Link.objects.filter(item=decree, target_kind=Link.TargetKind.ROADMAP).delete()
    html = client_for(drafter).get(page).content.decode()
    assert HIDDEN_ONE in html and "Belum ada data dukung untuk ini." not in html


def test_the_list_runs_a_constant_number_of_queries(
    gov, admin, unit, evidence_dir, django_assert_max_num_queries
):
    for n in range(60):
        upload(admin, gov, pdf_bytes(f"dokumen {n}"), f"dokumen-{n}.pdf", unit=unit, tags="SAKIP")
    client = client_for(admin)
    client.get(f"/g/{gov.slug}/data-dukung/")  # warm the session and the translations
    with django_assert_max_num_queries(14):
        response = client.get(f"/g/{gov.slug}/data-dukung/?q=dokumen&tag=SAKIP")
    assert response.status_code == 200
    assert response.content.decode().count("evidence-card") == 50
