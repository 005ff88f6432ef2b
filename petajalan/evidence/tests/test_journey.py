"""Browser journey: a drafter uploads a decree once, reuses it from the suggestions for an action and
a quick win, meets the duplicate warning, sees where it is used, and the packet comes out zipped."""

from __future__ import annotations

import io
import zipfile

import pytest

from petajalan.evidence.models import Item, Link
from petajalan.testing.browser import log_in, shot
from petajalan.testing.evidence import pdf_bytes
from petajalan.testing.factories import PASSWORD


@pytest.mark.browser
def test_upload_once_reuse_see_where_used_and_download_the_packet(
    page, live_server, gov, unit, drafter, roadmap, action, quick_win, evidence_dir
):
    decree = pdf_bytes("Keputusan Kepala Dinas Kesehatan tentang Tim Reformasi Birokrasi 2025")
    log_in(page, live_server, drafter.email, PASSWORD)
    page.get_by_role("link", name="Data Dukung", exact=True).click()
    page.get_by_role("link", name="Unggah data dukung").first.click()
    page.locator("#id_file").set_input_files(
        {"name": "SK Tim RB Dinkes 2025.pdf", "mimeType": "application/pdf", "buffer": decree}
    )
    page.get_by_label("Judul").fill("SK Tim Reformasi Birokrasi Dinas Kesehatan 2025")
    page.get_by_label("Jenis dokumen").select_option(label="Surat keputusan")
    page.get_by_label("Nomor dokumen").fill("800/045/Dinkes/2025")
    page.get_by_label("Tanggal dokumen").fill("2025-01-20")
    page.get_by_label("Penerbit").fill("Kepala Dinas Kesehatan")
    page.get_by_label("Berlaku untuk tahun (dari)").fill("2025")
    page.get_by_label("Sampai tahun").fill("2026")
    page.get_by_label("Label").fill("tim RB, SK")
    shot(page, "evidence-upload-form")
    page.get_by_role("button", name="Unggah", exact=True).click()
    page.get_by_role("heading", name="SK Tim Reformasi Birokrasi Dinas Kesehatan 2025").wait_for()
    assert page.get_by_text("Belum ditautkan ke mana pun.").is_visible()
    item = Item.objects.get()
    assert item.unit == unit and item.number == "800/045/Dinkes/2025"

    # the road map's panel leads to each row; the decree is suggested for the action and the quick win
    page.goto(f"{live_server.url}/g/{gov.slug}/roadmap/{roadmap.uuid}/")
    page.get_by_text("rencana aksi dan quick win sudah punya data dukung").click()
    shot(page, "evidence-roadmap-panel")
    page.get_by_role("link", name=action.activity).click()
    assert page.get_by_text("Saran: masih berlaku untuk").is_visible()
    page.get_by_role("button", name="Tautkan SK Tim Reformasi Birokrasi Dinas Kesehatan 2025").click()
    assert page.get_by_text("ditautkan.").is_visible()
    shot(page, "evidence-attach-action")
    page.goto(f"{live_server.url}/g/{gov.slug}/data-dukung/untuk/quick_win/{quick_win.pk}/")
    page.get_by_role("button", name="Tautkan SK Tim Reformasi Birokrasi Dinas Kesehatan 2025").click()
    assert page.get_by_text("ditautkan.").is_visible()

    # uploading the same scan again for the road map itself: the bank says where it is, one click reuses it
    page.goto(f"{live_server.url}/g/{gov.slug}/data-dukung/untuk/roadmap/{roadmap.pk}/")
    page.get_by_role("link", name="Unggah dokumen baru").click()
    page.locator("#id_file").set_input_files(
        {"name": "scan-ulang.pdf", "mimeType": "application/pdf", "buffer": decree}
    )
    page.get_by_role("button", name="Unggah", exact=True).click()
    assert page.get_by_text("Berkas yang sama persis sudah ada di bank data dukung.").is_visible()
    shot(page, "evidence-duplicate-offered")
    page.get_by_role("button", name="Pakai dokumen yang sudah ada").click()
    assert page.get_by_text("ditautkan.").is_visible()
    assert Item.objects.count() == 1 and Link.objects.filter(item=item).count() == 3

    page.goto(f"{live_server.url}/g/{gov.slug}/data-dukung/{item.uuid}/")
    used = page.locator("section[aria-labelledby=used] tbody tr")
    assert used.count() == 3
    assert page.locator("img[src$='pratinjau.png']").first.is_visible()  # the thumbnail was made
    shot(page, "evidence-item-where-used")

    page.goto(f"{live_server.url}/g/{gov.slug}/roadmap/{roadmap.uuid}/")
    with page.expect_download() as download:
        page.get_by_role("link", name="Unduh paket ZIP untuk evaluator").click()
    archive = zipfile.ZipFile(io.BytesIO(open(download.value.path(), "rb").read()))  # noqa: SIM115
    pdfs = [n for n in archive.namelist() if n.endswith(".pdf")]
    assert len(pdfs) == 3  # one per folder: the road map, the action's focus area, the quick wins
    assert all(archive.read(n) == decree for n in pdfs)
    index = archive.read("00-INDEKS.csv").decode("utf-8-sig")
    assert index.count("800/045/Dinkes/2025") == 3

    page.set_viewport_size({"width": 390, "height": 844})
    page.goto(f"{live_server.url}/g/{gov.slug}/data-dukung/")
    shot(page, "evidence-list-phone")
