"""Browser journey: the admin adds a unit and invites a drafter, who sets a password and sees their unit."""

from __future__ import annotations

import pytest
from django.core import mail

from petajalan.accounts.models import Unit, User
from petajalan.testing.browser import log_in, shot
from petajalan.testing.factories import PASSWORD
from petajalan.testing.mail import password_link


@pytest.mark.browser
def test_admin_adds_a_unit_invites_a_drafter_who_then_sees_only_their_unit(
    page, live_server, gov, admin, unit, other_unit, browser
):
    log_in(page, live_server, admin.email, PASSWORD)
    assert page.get_by_text("2 perangkat daerah belum punya penyusun").is_visible()
    shot(page, "accounts-admin-home")
    page.get_by_role("link", name="Perangkat Daerah", exact=True).click()
    page.get_by_role("link", name="Tambah perangkat daerah").click()
    page.get_by_label("Nama perangkat daerah").fill("Dinas Sosial")
    page.get_by_label("Nama singkat").fill("Dinsos")
    page.get_by_label("Jenis").select_option(label="Dinas")
    page.get_by_label("Kode unit").fill("1.06.0.00.0.00.01.0000")
    page.get_by_label("Nama kepala").fill("Drs. Budi Santoso")
    page.get_by_label("NIP kepala").fill("12345")
    page.get_by_role("button", name="Simpan").click()
    # A bad NIP is named on its field and nothing typed is lost.
    assert page.get_by_text("NIP harus 18 angka").is_visible()
    assert page.get_by_label("Nama perangkat daerah").input_value() == "Dinas Sosial"
    shot(page, "accounts-unit-form-error")
    page.get_by_label("NIP kepala").fill("19700101 200003 1 001")
    page.get_by_role("button", name="Simpan").click()
    page.get_by_role("heading", name="Dinas Sosial").wait_for()
    assert page.get_by_text("Perangkat daerah Dinas Sosial ditambahkan.").is_visible()
    shot(page, "accounts-unit-detail")

    page.get_by_role("link", name="Undang pengguna untuk unit ini").click()
    page.get_by_label("E-mail").fill("ani.dinsos@uji.test")
    page.get_by_label("Nama lengkap").fill("Ani Lestari, S.Sos.")
    page.get_by_label("NIP").first.fill("19900220 201503 2 002")
    page.locator("#id_role").select_option(label="Penyusun (operator perangkat daerah)")
    assert page.locator("#id_unit").input_value() == str(Unit.objects.get(short_name="Dinsos").uuid)
    shot(page, "accounts-invite-form")
    page.get_by_role("button", name="Kirim undangan").click()
    page.get_by_role("heading", name="Ani Lestari, S.Sos.").wait_for()
    shot(page, "accounts-person-detail")
    page.set_viewport_size({"width": 390, "height": 844})
    page.goto(f"{live_server.url}/g/{gov.slug}/orang/")
    shot(page, "accounts-people-list-phone")
    page.goto(f"{live_server.url}/g/{gov.slug}/impor/")
    shot(page, "accounts-import-phone")

    assert len(mail.outbox) == 1
    link = password_link(mail.outbox[0])
    drafter_context = browser.new_context(viewport={"width": 390, "height": 844}, locale="id-ID")
    drafter = drafter_context.new_page()
    drafter.goto(live_server.url + link)
    shot(drafter, "accounts-set-password-phone")
    drafter.locator("#id_new_password1").fill("Dinsos-Bersih-2026")
    drafter.locator("#id_new_password2").fill("Dinsos-Bersih-2026")
    shot(drafter, "accounts-set-password-phone")
    drafter.get_by_role("button", name="Simpan kata sandi").click()
    drafter.get_by_role("link", name="Masuk sekarang").click()
    drafter.get_by_label("E-mail atau NIP").fill("199002202015032002")
    drafter.get_by_label("Kata sandi").fill("Dinsos-Bersih-2026")
    drafter.get_by_role("button", name="Masuk").click()
    drafter.get_by_role("link", name="Perangkat Daerah", exact=True).click()
    rows = drafter.locator("#results tbody tr")
    assert rows.count() == 1
    assert "Dinas Sosial" in rows.first.inner_text()
    assert drafter.get_by_role("link", name="Pengguna", exact=True).count() == 0
    shot(drafter, "accounts-drafter-units-phone")
    assert User.objects.get(email="ani.dinsos@uji.test").has_usable_password()
    drafter_context.close()


@pytest.mark.browser
def test_admin_searches_sees_import_errors_a_stale_edit_and_the_audit_log(
    page, live_server, gov, admin, unit, other_unit
):
    from petajalan.accounts import services
    from petajalan.accounts.tests.test_import import UNIT_ROW, workbook

    log_in(page, live_server, admin.email, PASSWORD)
    page.goto(f"{live_server.url}/g/{gov.slug}/unit/")
    page.get_by_label("Cari nama atau kode").fill("pendidikan")
    # htmx swaps the results without a page load.
    page.locator("#results tbody tr").filter(has_text="Dinas Kesehatan").wait_for(state="detached")
    assert page.locator("#results tbody tr").count() == 1
    assert "q=pendidikan" in page.url
    shot(page, "accounts-unit-list-search")

    bad = list(UNIT_ROW)
    bad[6] = "12345"
    data = workbook([bad, ["=1+1", "Rumus", "R", "Dinas", "", "", "", "", "", "Ya"]])
    page.goto(f"{live_server.url}/g/{gov.slug}/impor/")
    page.get_by_label("Berkas XLSX").set_input_files(
        files=[{"name": "perangkat-daerah.xlsx", "mimeType": "application/octet-stream", "buffer": data}]
    )
    page.get_by_role("button", name="Unggah dan lihat pratinjau").click()
    page.get_by_text("Berkas ini masih ada kesalahan").wait_for()
    assert page.get_by_text("Lembar Perangkat Daerah, baris 2, kolom NIP kepala").is_visible()
    assert page.get_by_role("button", name="Simpan semua").count() == 0
    shot(page, "accounts-import-preview-errors")

    page.goto(f"{live_server.url}/g/{gov.slug}/unit/{unit.uuid}/ubah/")
    page.get_by_label("Nama kepala").fill("dr. Rahmat")
    services.update_unit(
        actor=admin,
        unit=unit,
        data={
            "name": "Dinas Kesehatan",
            "short_name": "Dinkes",
            "kind": "dinas",
            "code": unit.code,
            "head_name": "dr. Sari",
        },
        version=unit.version,
    )
    page.get_by_role("button", name="Simpan").click()
    page.get_by_text("sudah diubah orang lain").wait_for()
    assert page.get_by_label("Nama kepala").input_value() == "dr. Rahmat"
    shot(page, "accounts-unit-stale-edit")

    page.goto(f"{live_server.url}/g/{gov.slug}/audit/")
    assert page.get_by_text("dr. Sari").first.is_visible()
    shot(page, "accounts-audit-log")
    page.set_viewport_size({"width": 390, "height": 844})
    shot(page, "accounts-audit-log-phone")
