"""Browser journey: the admin opens the Pedoman, searches a criterion, compares two versions."""

from __future__ import annotations

import pytest

from petajalan.testing.browser import log_in, shot
from petajalan.testing.factories import PASSWORD


@pytest.mark.browser
def test_admin_opens_pedoman_searches_a_criterion_and_compares_versions(
    page, live_server, shipped, gov, admin
):
    log_in(page, live_server, admin.email, PASSWORD)
    page.get_by_role("navigation", name="Menu utama").get_by_role("link", name="Pedoman").click()
    page.get_by_role("heading", name="Pedoman", exact=True).wait_for()
    assert page.get_by_role("heading", name="Lembar Kerja Evaluasi Reformasi Birokrasi").is_visible()
    shot(page, "frameworks-pack-list")

    page.get_by_role("link", name="2023").nth(1).click()  # rb-roadmap is first, then lke
    page.get_by_role("heading", name="Lembar Kerja Evaluasi RB 2023 untuk kabupaten/kota (9/2023)").wait_for()
    page.get_by_label("Cari butir (judul, nomor, uraian, panduan)").fill("SPIP")
    page.get_by_text('1 butir cocok dengan "SPIP"').wait_for()  # htmx swapped the tree in place
    assert page.locator(".tree-node").filter(has_text="Maturitas SPIP").is_visible()
    assert not page.get_by_text("Indeks SPBE").is_visible()
    assert "q=SPIP" in page.url  # the filtered view can be bookmarked
    shot(page, "frameworks-search")

    page.get_by_role("link", name="Semua pedoman").click()
    page.get_by_role("link", name="Bandingkan dua versi").click()
    page.get_by_label("Versi lama").select_option(value="lke:2014")
    page.get_by_label("Versi baru").select_option(value="lke:2020")
    page.get_by_role("button", name="Bandingkan").click()
    page.get_by_text("ditambah").first.wait_for()
    changed = page.get_by_role("row", name="diubah B.1 Akuntabilitas")
    assert "Bobot: 20 → 10" in changed.inner_text()
    assert page.get_by_role("button", name="Berlakukan versi 2020").is_visible()  # 2023 is in force
    shot(page, "frameworks-compare", full_page=False)

    page.get_by_role("button", name="Berlakukan versi 2020").click()
    page.get_by_text("kini berlaku untuk Kota Uji").wait_for()
    shot(page, "frameworks-activated", full_page=False)


@pytest.mark.browser
def test_admin_follows_a_crosswalk_and_sees_an_upload_refused_with_its_problems(
    page, live_server, shipped, gov, admin
):
    log_in(page, live_server, admin.email, PASSWORD)
    page.goto(f"{live_server.url}/g/{gov.slug}/pedoman/rb-roadmap/2020/")
    area = page.locator("li.tree-node").filter(has_text="Penataan Sistem Manajemen SDM Aparatur").first
    area.get_by_role("link", name="G.19 Sistem merit").click()
    page.wait_for_url("**/pedoman/rb-roadmap/2023/#urn:rb:general:19")
    target = page.locator("li[id='urn:rb:general:19']")
    assert (
        target.is_visible() and "Penataan Sistem Manajemen SDM Aparatur" in target.inner_text()
    )  # the way back
    shot(page, "frameworks-crosswalk-followed", full_page=False)

    page.goto(f"{live_server.url}/g/{gov.slug}/pedoman/unggah/")
    broken = b"pack: lke\npurpose: worksheet\nversion: '2024'\ntitle: LKE 2024\nnodes:\n"
    broken += b"  - {key: 'urn:lke:a', kind: component, title: A, weight: 10}\n"
    broken += b"  - {key: 'urn:lke:a:1', parent: 'urn:lke:a', kind: kriteria, title: A1, weight: 4}\n"
    broken += b"  - {key: 'urn:lke:a:2', parent: 'urn:lke:b', kind: criterion, title: A2, weight: 5}\n"
    page.get_by_label("Berkas paket (YAML atau XLSX)").set_input_files(
        files=[{"name": "lke-2024.yaml", "mimeType": "application/yaml", "buffer": broken}]
    )
    page.get_by_role("button", name="Periksa dan simpan").click()
    alert = page.get_by_role("alert")
    alert.wait_for()
    assert "tidak ada yang disimpan" in alert.inner_text()
    assert "lke-2024.yaml: baris 7: urn:lke:a:1: kind: jenis tidak dikenal" in alert.inner_text()
    assert "baris 8: urn:lke:a:2: parent: induk 'urn:lke:b' tidak ada" in alert.inner_text()
    shot(page, "frameworks-upload-refused", full_page=False)
