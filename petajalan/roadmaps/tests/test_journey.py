"""Browser journey: draft → submit → review with a "perlu perbaikan" comment → revise → approve →
enact, then the city view, the diff and the timeline (drafter, unit head, reviewer, admin)."""

from __future__ import annotations

import pytest

from petajalan.roadmaps.models import Roadmap
from petajalan.roadmaps.tests.factories import make_packs
from petajalan.testing.browser import log_in, shot
from petajalan.testing.factories import PASSWORD


def _as(browser, live_server, user, width=1280):
    context = browser.new_context(viewport={"width": width, "height": 860}, locale="id-ID")
    context.set_default_timeout(15_000)
    page = context.new_page()
    log_in(page, live_server, user.email, PASSWORD)
    return page


@pytest.mark.browser
def test_roadmap_journey_from_draft_to_enactment(
    browser, live_server, gov, unit, other_unit, drafter, unit_head, reviewer, admin
):
    make_packs()
    base = f"{live_server.url}/g/{gov.slug}/roadmap"

    # Drafter: wizard, diagnosis, action matrix.
    page = _as(browser, live_server, drafter)
    page.goto(f"{live_server.url}/g/{gov.slug}/")
    page.get_by_role("link", name="Buat road map").first.click()
    page.get_by_label("Tahun awal").fill("2025")
    page.get_by_label("Tahun akhir").fill("2029")
    shot(page, "roadmaps-wizard")
    page.get_by_role("button", name="Buat").click()
    page.get_by_text("Road map dibuat").wait_for()
    roadmap = Roadmap.objects.get()
    page.get_by_role("link", name="Diagnosis").click()
    page.get_by_label("Area/kegiatan utama/tema").select_option(label="1 Manajemen Perubahan")
    page.locator("#id_statement").fill("Antrean pendaftaran puskesmas rata-rata 75 menit.")
    page.get_by_label("Bukti kondisi saat ini").fill("Survei waktu tunggu 2024")
    page.get_by_role("button", name="Tambah").click()
    page.get_by_text("Tersimpan.").wait_for()
    shot(page, "roadmaps-diagnosis")

    page.get_by_role("link", name="Rencana aksi").click()
    page.get_by_text("Tambah rencana aksi").click()
    form = page.locator("form[action$='/matriks/tambah/']")
    form.get_by_label("Area/kegiatan utama/tema").select_option(label="1 Manajemen Perubahan")
    form.locator("#new_activity").fill("Pendaftaran daring di 8 puskesmas")
    form.get_by_label("Kode sub-kegiatan").fill("1.02.02.2.01.0001")
    form.get_by_label("Indikator").fill("Rata-rata waktu tunggu")
    form.get_by_label("Target 2025").fill("sepuluh")
    form.get_by_role("button", name="Tambah").click()
    # bad input: message at the field, nothing typed lost
    page.get_by_text("Target 2025 harus berupa angka").wait_for()
    form = page.locator("form[action$='/matriks/tambah/']")
    assert form.locator("#new_activity").input_value() == "Pendaftaran daring di 8 puskesmas"
    shot(page, "roadmaps-matrix-bad-input")
    form.get_by_label("Target 2025").fill("60")
    form.get_by_label("Target 2026").fill("45")
    form.get_by_label("Anggaran 2025 (Rp)").fill("180.000.000")
    form.get_by_label("2025 TW2").check()
    form.get_by_label("2025 TW3").check()
    form.get_by_role("button", name="Tambah").click()
    page.locator("tr.row").filter(has_text="Pendaftaran daring di 8 puskesmas").wait_for()
    page.get_by_text("Rp180.000.000").first.wait_for()
    page.locator("tr.row").first.get_by_role("link", name="Ubah").click()
    edit = page.locator("tr.edit-row")
    edit.get_by_label("Keluaran (output)").fill("Layanan antrean daring")
    edit.get_by_role("button", name="Simpan dan tutup").click()
    page.locator("tr.row").filter(has_text="Layanan antrean daring").wait_for()
    shot(page, "roadmaps-matrix")

    # Unit head submits.
    head = _as(browser, live_server, unit_head)
    head.goto(f"{base}/{roadmap.uuid}/")
    head.get_by_role("link", name="Ajukan").click()
    head.get_by_role("button", name="Ajukan").click()
    head.get_by_text("Status road map diperbarui").wait_for()
    shot(head, "roadmaps-submitted")

    # Reviewer: starts the review, flags the row, requests changes.
    coach = _as(browser, live_server, reviewer)
    coach.goto(f"{base}/{roadmap.uuid}/")
    coach.get_by_role("link", name="Mulai reviu").click()
    coach.get_by_role("button", name="Mulai reviu").click()
    coach.locator("#id_body").fill("Data dasar 2024 belum ada; tambahkan **nilai awal**.")
    coach.get_by_label("Tandai perlu perbaikan").check()
    coach.get_by_role("button", name="Kirim komentar").click()
    coach.get_by_text("Komentar terkirim").wait_for()
    coach.get_by_role("link", name="Minta perbaikan").click()
    coach.get_by_label("Catatan").fill("Lengkapi data dasar.")
    coach.get_by_role("button", name="Minta perbaikan").click()
    coach.get_by_text("Status road map diperbarui").wait_for()
    shot(coach, "roadmaps-changes-requested")

    # Drafter revises and answers; unit head resubmits; reviewer approves.
    page.goto(f"{base}/{roadmap.uuid}/matriks/")
    page.locator("tr.row").first.get_by_role("link", name="Ubah").click()
    edit = page.locator("tr.edit-row")
    edit.get_by_label("Tahun data dasar").fill("2024")
    edit.get_by_label("Nilai data dasar").fill("75")
    edit.get_by_role("button", name="Simpan dan tutup").click()
    page.locator("tr.row").filter(has_text="Data dasar 2024").wait_for()
    page.goto(f"{base}/{roadmap.uuid}/")
    page.get_by_text("Balas").first.click()
    page.get_by_label("Balasan").first.fill("Sudah kami lengkapi.")
    page.get_by_role("button", name="Kirim balasan").first.click()
    page.get_by_text("Komentar terkirim").wait_for()
    head.goto(f"{base}/{roadmap.uuid}/alur/submit/")
    head.get_by_role("button", name="Ajukan").click()
    head.get_by_text("Status road map diperbarui").wait_for()
    for step in ("Mulai reviu", "Setujui"):
        coach.goto(f"{base}/{roadmap.uuid}/")
        coach.get_by_role("link", name=step).click()
        coach.get_by_role("button", name=step).click()
        coach.get_by_text("Status road map diperbarui").wait_for()

    # Admin enacts, then looks at the city view, the diff and the timeline.
    boss = _as(browser, live_server, admin)
    boss.goto(f"{base}/{roadmap.uuid}/alur/enact/")
    boss.get_by_label("Nomor Peraturan Wali Kota").fill("Perwal Kota Uji Nomor 12 Tahun 2025")
    boss.get_by_label("Tanggal penetapan").fill("2025-04-15")
    boss.get_by_role("button", name="Tetapkan").click()
    boss.get_by_text("Status road map diperbarui").wait_for()
    roadmap.refresh_from_db()
    assert roadmap.status == Roadmap.Status.ENACTED
    assert roadmap.snapshots.count() == 4
    boss.get_by_text("Peraturan Wali Kota Nomor 12 Tahun 2025, 15 April 2025").wait_for()
    shot(boss, "roadmaps-enacted")
    boss.get_by_role("link", name="Riwayat").click()
    first = roadmap.snapshots.order_by("created_at").first()
    assert first is not None
    boss.goto(f"{base}/{roadmap.uuid}/riwayat/?dari={first.uuid}&ke=kini")
    boss.get_by_text("Data dasar", exact=False).first.wait_for()
    shot(boss, "roadmaps-diff")
    boss.goto(f"{base}/{roadmap.uuid}/jadwal/")
    shot(boss, "roadmaps-gantt")
    boss.goto(f"{base}/kota/")
    boss.get_by_text("Dinas Pendidikan").first.wait_for()
    shot(boss, "roadmaps-city")
    for p in (page, head, coach, boss):
        p.context.close()


@pytest.mark.browser
def test_row_tools_duplicate_move_and_delete_with_htmx(browser, live_server, gov, unit, drafter):
    from playwright.sync_api import expect

    from petajalan.roadmaps.tests.factories import make_action, make_roadmap

    roadmap = make_roadmap(gov, unit)
    first = make_action(roadmap, activity="Baris pertama")
    make_action(roadmap, activity="Baris kedua")
    page = _as(browser, live_server, drafter)
    page.goto(f"{live_server.url}/g/{gov.slug}/roadmap/{roadmap.uuid}/matriks/")
    rows = page.locator("tr.row")
    rows.first.get_by_role("button", name="Turunkan").click()
    # locator waits, not wait_for_function("…"): a string predicate is eval, which the CSP refuses
    expect(rows.first.locator("strong").first).to_have_text("Baris kedua")
    rows.filter(has_text="Baris pertama").get_by_role("button", name="Gandakan").click()
    expect(rows).to_have_count(3)
    assert roadmap.actions.count() == 3
    page.once("dialog", lambda dialog: dialog.accept())
    rows.filter(has_text="Baris kedua").get_by_role("button", name="Hapus").click()
    expect(rows).to_have_count(2)
    assert list(roadmap.actions.order_by("order").values_list("activity", flat=True)) == [
        "Baris pertama",
        "Baris pertama",
    ]
    assert roadmap.actions.filter(pk=first.pk).exists()
    shot(page, "roadmaps-row-tools", full_page=False)
