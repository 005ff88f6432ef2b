"""Browser journey: the clinic blocks a submission, the drafter fixes the row and sees the
findings update, then the unit head submits and the coach finds it in the queue."""

from __future__ import annotations

import pytest

from petajalan.clinic.tests.helpers import ready_roadmap
from petajalan.roadmaps.models import Roadmap
from petajalan.testing.browser import log_in, shot
from petajalan.testing.factories import PASSWORD


def _as(browser, live_server, user):  # type: ignore[no-untyped-def]
    context = browser.new_context(viewport={"width": 1280, "height": 900}, locale="id-ID")
    context.set_default_timeout(15_000)
    page = context.new_page()
    log_in(page, live_server, user.email, PASSWORD)
    return page


@pytest.mark.browser
def test_submission_blocked_then_fixed_row_then_accepted(
    browser, live_server, gov, unit, drafter, unit_head, reviewer
):
    roadmap = ready_roadmap(gov, unit)
    broken = roadmap.actions.order_by("order")[0]
    broken.output = ""
    broken.save()
    base = f"{live_server.url}/g/{gov.slug}/roadmap/{roadmap.uuid}"

    # The unit head tries to submit: the clinic's blocking finding stops it, with the reason.
    head = _as(browser, live_server, unit_head)
    head.goto(f"{base}/alur/submit/")
    head.get_by_role("button", name="Ajukan").click()
    head.get_by_text("Output (keluaran) belum diisi.").first.wait_for()
    shot(head, "clinic-submit-blocked")
    roadmap.refresh_from_db()
    assert roadmap.status == Roadmap.Status.DRAFT

    # The drafter sees the finding in the clinic panel, fixes the row, and the row shows it is complete.
    page = _as(browser, live_server, drafter)
    page.goto(f"{base}/")
    panel = page.locator("aside.readiness-panel")
    panel.get_by_text("Output (keluaran) belum diisi.").wait_for()
    panel.get_by_text("1 temuan menghambat").wait_for()
    shot(page, "clinic-panel-before-fix")
    page.goto(f"{base}/matriks/")
    row = page.locator("tr.row").filter(has_text=broken.activity)
    row.get_by_role("link", name="Ubah").click()
    edit = page.locator("tr.edit-row")
    edit.get_by_label("Keluaran (output)").fill("SOP layanan yang direviu dan dipublikasikan")
    edit.get_by_role("button", name="Simpan dan tutup").click()
    page.locator("tr.row").filter(has_text=broken.activity).get_by_text("baris lengkap").wait_for()
    shot(page, "clinic-row-fixed")
    page.goto(f"{base}/")
    page.locator("aside.readiness-panel").get_by_text("tidak ada temuan menghambat").wait_for()
    shot(page, "clinic-panel-after-fix")

    # Now the submission goes through and the coach sees it in the queue with its readiness.
    head.goto(f"{base}/alur/submit/")
    head.get_by_role("button", name="Ajukan").click()
    head.get_by_text("Status road map diperbarui").wait_for()
    roadmap.refresh_from_db()
    assert roadmap.status == Roadmap.Status.SUBMITTED
    coach = _as(browser, live_server, reviewer)
    coach.goto(f"{live_server.url}/g/{gov.slug}/klinik/antrean/")
    shot(coach, "clinic-queue")
    coach.get_by_role("button", name="Saya dampingi").click()
    coach.get_by_text("menjadi pendamping road map ini").wait_for()
    shot(coach, "clinic-review")


@pytest.mark.browser
def test_coaching_session_check_in_and_follow_up_on_home(
    browser, live_server, gov, unit, admin, drafter, session
):
    from petajalan.clinic import services

    for name in ("Rina Penyusun", "Andi Operator"):
        services.add_participant(actor=admin, session=session, name=name, unit=unit)
    page = _as(browser, live_server, admin)
    page.goto(f"{live_server.url}/g/{gov.slug}/klinik/sesi/{session.uuid}/")
    page.get_by_role("button", name="Tandai Rina Penyusun hadir").click()
    page.locator("tr").filter(has_text="Rina Penyusun").get_by_text("hadir", exact=True).wait_for()
    shot(page, "clinic-session-checked-in")
    form = page.locator("form[action$='/konsultasi/']")
    form.get_by_label("Perangkat daerah").select_option(label=unit.name)
    form.get_by_label("Catatan konsultasi").fill("Indikator masih berupa laporan.")
    form.get_by_label("Tindak lanjut 1").fill("Ganti indikator laporan dengan indikator hasil")
    form.get_by_label("Penanggung jawab 1").fill("Kasubag Program")
    form.get_by_label("Tenggat 1").fill("2026-07-01")
    form.get_by_role("button", name="Simpan catatan").click()
    page.get_by_text("Catatan konsultasi untuk").wait_for()
    shot(page, "clinic-session")
    home = _as(browser, live_server, drafter)
    home.goto(f"{live_server.url}/g/{gov.slug}/")
    home.get_by_text("Ganti indikator laporan dengan indikator hasil").wait_for()
    shot(home, "clinic-follow-up-on-home")


@pytest.mark.browser
def test_matrix_shows_focus_hints_while_typing_and_readiness_follows_autosave(
    browser, live_server, gov, unit, drafter
):
    roadmap = ready_roadmap(gov, unit)
    broken = roadmap.actions.order_by("order")[0]
    broken.output = ""
    broken.save()
    page = _as(browser, live_server, drafter)
    page.goto(f"{live_server.url}/g/{gov.slug}/roadmap/{roadmap.uuid}/matriks/")
    live = page.locator("aside.readiness-live")
    live.get_by_text("1 temuan menghambat").wait_for()  # filled by htmx after the page loaded

    # Typing an activity in the new-row form shows three focus hints; one click sets the select.
    page.get_by_text("Tambah rencana aksi").click()
    form = page.locator("form[action$='/matriks/tambah/']")
    form.get_by_role("textbox", name="Kegiatan", exact=True).press_sequentially(
        "Pengelolaan pengaduan masyarakat melalui SP4N-LAPOR"
    )
    hints = form.locator(".focus-hints [data-set-focus]")
    hints.first.wait_for()
    assert 1 <= hints.count() <= 3  # the top three, leaving out any at 0%
    shot(page, "clinic-focus-hints-while-typing", full_page=False)
    form.locator('[data-set-focus="urn:rb:general:08"]').focus()
    page.keyboard.press("Enter")  # keyboard reachable
    assert form.locator("select[name=focus_key]").input_value() == "urn:rb:general:08"

    # Autosave of an edited row refreshes the readiness beside the matrix (roadmap-changed).
    page.keyboard.press("Escape")
    row = page.locator("tr.row").filter(has_text=broken.activity)
    row.get_by_role("link", name="Ubah").click()
    edit = page.locator("tr.edit-row")
    edit.get_by_label("Keluaran (output)").fill("SOP layanan yang direviu dan dipublikasikan")
    edit.get_by_label("Keluaran (output)").blur()
    edit.get_by_text("Tersimpan otomatis.").wait_for()
    live.get_by_text("tidak ada temuan menghambat").wait_for()
    shot(page, "clinic-live-readiness-after-autosave", full_page=False)
