"""Browser journey of a quarter: the drafter types the realisation (the Indonesian way) and attaches
evidence → the unit head submits → the admin returns it with a note → the drafter fixes and answers →
the unit head resubmits → the admin verifies → the leader's dashboard turns the unit from grey to a
colour. Screenshots in var/screenshots/monitoring-*.png (one at phone width)."""

from __future__ import annotations

import re

import pytest

from petajalan.monitoring.models import QuarterReport, Realisation
from petajalan.testing.browser import log_in, shot
from petajalan.testing.evidence import pdf_bytes
from petajalan.testing.factories import PASSWORD


def _as(browser, live_server, user, width=1280, height=860):
    context = browser.new_context(viewport={"width": width, "height": height}, locale="id-ID")
    context.set_default_timeout(15_000)
    page = context.new_page()
    log_in(page, live_server, user.email, PASSWORD)
    return page


def _type_row(page, row_id, value, spent="", note=""):
    """Open a row's form (htmx swaps it in), type, save; wait for the read-only row to come back."""
    row = page.locator(f"#r{row_id}")
    row.get_by_role("link", name=re.compile(r"^(Isi|Ubah)")).click()
    form = page.locator(f"tbody#r{row_id}.edit")
    form.get_by_label("Realisasi", exact=True).fill(value)
    if spent:
        form.get_by_label("Realisasi anggaran (Rp)").fill(spent)
    if note:
        form.get_by_label("Uraian kemajuan").fill(note)
    form.get_by_role("button", name="Simpan").click()
    return form


def _unit_line(page, unit_name):
    return page.locator("section[aria-labelledby=unit] tr", has_text=unit_name).first


@pytest.mark.browser
def test_a_quarter_from_typing_to_verification_changes_the_leaders_colour(
    browser, live_server, gov, unit, enacted_roadmap, period, drafter, unit_head, admin, leader, evidence_dir
):
    base = f"{live_server.url}/g/{gov.slug}/pemantauan"

    # The leader's dashboard before: the unit is grey (nothing verified for 2025 TW1).
    boss = _as(browser, live_server, leader)
    boss.goto(f"{base}/?tahun=2025&tw=1")
    line = _unit_line(boss, unit.name)
    assert line.locator(".rag-grey").count() == 1
    shot(boss, "monitoring-dashboard-before")

    # Drafter: Pemantauan leads to the unit's quarters; start the TW1 report.
    page = _as(browser, live_server, drafter)
    page.goto(f"{live_server.url}/g/{gov.slug}/")
    page.get_by_role("link", name="Pemantauan", exact=True).click()
    page.get_by_role("heading", name=re.compile("laporan triwulan")).wait_for()
    shot(page, "monitoring-quarters-before")
    page.get_by_role("button", name="Mulai laporan TW I 2025").click()
    page.get_by_role("heading", name=re.compile("Laporan TW I tahun 2025")).wait_for()
    report = QuarterReport.objects.get()
    rows = list(Realisation.objects.filter(report=report).order_by("action__order"))
    assert len(rows) == 3

    # A word instead of a number: an Indonesian message at the field, what was typed stays.
    form = _type_row(page, rows[0].pk, "sembilan", spent="Rp5.000.000", note="Pelatihan dua angkatan")
    form.get_by_text("“sembilan” bukan angka").wait_for()
    assert form.get_by_label("Uraian kemajuan").input_value() == "Pelatihan dua angkatan"
    shot(page, "monitoring-row-bad-number", full_page=False)
    form.get_by_label("Realisasi", exact=True).fill("9,5")
    form.get_by_role("button", name="Simpan").click()
    page.locator(f"tbody#r{rows[0].pk}.real").get_by_text("95%").wait_for()
    _type_row(page, rows[1].pk, "10", spent="2.500.000")  # down: at the target is 100 %
    page.locator(f"tbody#r{rows[1].pk}.real").get_by_text("100%").wait_for()
    _type_row(page, rows[2].pk, "7")  # keep: 7 against 10 is 70 %
    page.locator(f"tbody#r{rows[2].pk}.real").get_by_text("70%").wait_for()

    # Evidence for the first row: upload one document through the row's evidence page.
    page.locator(f"#r{rows[0].pk}").get_by_role("link", name="Tambah data dukung").click()
    page.get_by_role("link", name="Unggah dokumen baru").click()
    page.locator("#id_file").set_input_files(
        {
            "name": "Daftar hadir pelatihan.pdf",
            "mimeType": "application/pdf",
            "buffer": pdf_bytes("Daftar hadir pelatihan pelayanan prima TW1 2025"),
        }
    )
    page.get_by_label("Judul").fill("Daftar hadir pelatihan pelayanan prima")
    page.get_by_role("button", name="Unggah", exact=True).click()
    page.get_by_text("Data dukung «Daftar hadir pelatihan pelayanan prima» tersimpan.").wait_for()
    shot(page, "monitoring-row-evidence")
    page.get_by_role("link", name="← Realisasi TW I 2025: Rencana aksi 1").click()
    page.get_by_role("heading", name=re.compile("Laporan TW I tahun 2025")).wait_for()
    evidence_cell = page.locator(f"#r{rows[0].pk}")
    assert evidence_cell.get_by_text("1 data dukung").is_visible()
    assert evidence_cell.locator("img[src$='pratinjau.png']").count() == 1
    shot(page, "monitoring-quarter-typed")

    # Phone width: the same page, one card per action.
    phone = _as(browser, live_server, drafter, width=390, height=844)
    phone.goto(page.url)
    phone.get_by_role("heading", name=re.compile("Laporan TW I")).wait_for()
    shot(phone, "monitoring-quarter-phone")
    phone.context.close()

    # Unit head submits.
    head = _as(browser, live_server, unit_head)
    head.goto(page.url)
    head.get_by_role("button", name="Ajukan").click()
    head.get_by_text("Laporan diajukan untuk diverifikasi.").wait_for()
    shot(head, "monitoring-submitted")

    # Admin returns it with a note.
    organisasi = _as(browser, live_server, admin)
    organisasi.goto(page.url)
    assert organisasi.get_by_role("link", name="Verifikasi baris 1").is_visible()
    organisasi.get_by_text("Kembalikan dengan catatan").click()
    organisasi.get_by_label("Catatan: apa yang perlu diperbaiki").fill(
        "Rencana aksi 3: realisasi 7 tidak sesuai notulen rapat (tertulis 9). Periksa lagi."
    )
    shot(organisasi, "monitoring-admin-review")
    organisasi.get_by_role("button", name="Kembalikan").click()
    organisasi.get_by_text("Laporan dikembalikan").wait_for()

    # Drafter fixes the row and answers the note.
    page.goto(page.url.split("#")[0])
    page.get_by_role("region", name="Catatan pengembalian").get_by_text("tidak sesuai notulen").wait_for()
    _type_row(page, rows[2].pk, "9")
    page.locator(f"tbody#r{rows[2].pk}.real").get_by_text("90%").wait_for()
    page.get_by_label("Tanggapan atas catatan pengembalian").fill(
        "Sudah dibetulkan menjadi 9 sesuai notulen."
    )
    page.get_by_role("button", name="Simpan tanggapan").click()
    page.get_by_text("Tanggapan disimpan.").wait_for()
    shot(page, "monitoring-returned-answered")

    # Unit head resubmits; the admin verifies.
    head.goto(page.url)
    head.get_by_role("button", name="Ajukan").click()
    head.get_by_text("Laporan diajukan untuk diverifikasi.").wait_for()
    organisasi.goto(page.url)
    organisasi.get_by_role("button", name="Verifikasi", exact=True).click()
    organisasi.get_by_text("Laporan diverifikasi").wait_for()
    shot(organisasi, "monitoring-verified")
    report.refresh_from_db()
    assert report.status == QuarterReport.Status.VERIFIED

    # The leader's dashboard after: the unit has its colour (95, 100, 90 → 95 %, green).
    boss.goto(f"{base}/?tahun=2025&tw=1")
    line = _unit_line(boss, unit.name)
    assert line.locator(".rag-grey").count() == 0
    assert line.locator(".rag-green").count() == 1
    shot(boss, "monitoring-dashboard-after")

    # And the unit's quarters page shows the official figure.
    page.goto(f"{base}/roadmap/{enacted_roadmap.uuid}/")
    tw1 = page.locator("#tw-2025-1")
    assert tw1.locator(".rag-green").count() == 1 and "95,0%" in tw1.inner_text()
    shot(page, "monitoring-quarters-after")
