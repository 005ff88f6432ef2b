"""Browser journey of one criterion through a self-assessment: the unit's drafter answers 1B.H.5
(Nilai SAKIP) and uploads its evidence into the bank → the admin moves the cycle on to verification
(two confirmed steps) → the Inspektorat's reviewer gives a different score with a note → the leader
opens the cycle page and sees the unit's and the verified points side by side. Screenshots of the
cycle page (the leader's and the admin's), the answer page and the assignment page, laptop and phone
width, in var/screenshots/evaluations-*.png."""

from __future__ import annotations

import re

import pytest

from petajalan.evaluations.models import Answer, Cycle, Phase
from petajalan.evidence.models import Link
from petajalan.testing.browser import log_in, shot
from petajalan.testing.evidence import pdf_bytes
from petajalan.testing.factories import PASSWORD


def _as(browser, live_server, user, width=1280, height=860):
    context = browser.new_context(viewport={"width": width, "height": height}, locale="id-ID")
    context.set_default_timeout(15_000)
    page = context.new_page()
    log_in(page, live_server, user.email, PASSWORD)
    return page


def _shot(page, name, full_page=True):
    shot(page, f"evaluations-{name}", full_page=full_page)


def _advance(page):
    page.get_by_text(re.compile("^Lanjut ke tahap:")).click()
    page.get_by_label(re.compile("Saya yakin")).check()
    page.get_by_role("button", name="Lanjutkan tahap").click()


@pytest.mark.browser
def test_an_item_from_the_unit_s_answer_to_the_leader_s_table(
    browser, live_server, cycle, answers, drafter, admin, reviewer, leader, evidence_dir
):
    row = answers["1B.H.5"]
    base = f"{live_server.url}/g/{cycle.government.slug}/evaluasi"

    # Drafter: from the home page's next step to the unit's unanswered items, then the SAKIP item.
    page = _as(browser, live_server, drafter)
    page.goto(f"{live_server.url}/g/{cycle.government.slug}/")
    page.get_by_text("Jawab 3 kriteria evaluasi RB 2025").wait_for()
    page.get_by_role("link", name="Evaluasi", exact=True).click()
    page.get_by_role("link", name="Evaluasi RB 2025").click()
    page.get_by_role("heading", name=re.compile("Evaluasi RB 2025")).first.wait_for()
    page.get_by_role("link", name="Yang belum dijawab Dinas Kesehatan").click()
    page.get_by_role("link", name="1B.H.5 Nilai SAKIP").click()
    page.get_by_role("heading", name=re.compile("1B.H.5 Nilai SAKIP")).wait_for()

    # A word instead of a number: the message at the field, the note kept.
    page.get_by_label("Jawaban", exact=True).fill("delapan puluh")
    page.get_by_label("Catatan (bukti, sumber angka, tanggal dokumen)").fill(
        "LHE SAKIP 2025 dari KemenPAN-RB"
    )
    page.get_by_role("button", name="Simpan jawaban").click()
    page.get_by_text("harus berupa angka").wait_for()
    assert (
        page.get_by_label("Catatan (bukti, sumber angka, tanggal dokumen)")
        .input_value()
        .startswith("LHE SAKIP")
    )
    page.get_by_label("Jawaban", exact=True).fill("80")
    page.get_by_role("button", name="Simpan jawaban").click()
    page.get_by_text("Jawaban 1B.H.5 disimpan.").wait_for()

    # Evidence: upload the LHE into the bank, linked to this answer.
    page.get_by_role("link", name="Tambah data dukung").click()
    page.get_by_role("link", name="Unggah dokumen baru").click()
    page.locator("#id_file").set_input_files(
        {
            "name": "LHE SAKIP 2025.pdf",
            "mimeType": "application/pdf",
            "buffer": pdf_bytes("Laporan Hasil Evaluasi SAKIP 2025 Kota Uji: nilai 80,00"),
        }
    )
    page.get_by_label("Judul").fill("LHE SAKIP 2025")
    page.get_by_role("button", name="Unggah", exact=True).click()
    page.get_by_text("Data dukung «LHE SAKIP 2025» tersimpan.").wait_for()
    page.get_by_role("link", name="← Kriteria 1B.H.5: Nilai SAKIP").click()
    page.get_by_role("heading", name=re.compile("1B.H.5 Nilai SAKIP")).wait_for()
    assert page.get_by_role("link", name="LHE SAKIP 2025", exact=True).is_visible()
    assert Link.objects.filter(target_kind="criterion_answer", target_id=str(row.pk)).count() == 1
    _shot(page, "answer")
    phone = _as(browser, live_server, drafter, width=390, height=844)
    phone.goto(page.url)
    phone.get_by_role("heading", name=re.compile("1B.H.5")).wait_for()
    _shot(phone, "answer-phone")
    phone.context.close()

    # Admin: answering → compiling → verification, each step confirmed.
    organisasi = _as(browser, live_server, admin)
    organisasi.goto(f"{base}/siklus/{cycle.uuid}/penugasan/")
    assert organisasi.get_by_label("Penanggung jawab 1B.H.5").input_value() == str(row.unit_id)
    _shot(organisasi, "assign", full_page=False)
    organisasi.goto(f"{base}/siklus/{cycle.uuid}/")
    organisasi.get_by_text(re.compile("^Lanjut ke tahap:")).click()
    organisasi.get_by_role("button", name="Lanjutkan tahap").click()  # not confirmed: refused
    organisasi.get_by_text("Centang konfirmasi untuk melanjutkan ke tahap berikutnya.").wait_for()
    organisasi.get_by_label(re.compile("Saya yakin")).check()
    organisasi.get_by_role("button", name="Lanjutkan tahap").click()
    organisasi.get_by_text("kini pada tahap Kompilasi oleh Bagian Organisasi").wait_for()
    _advance(organisasi)
    organisasi.get_by_text("kini pada tahap Verifikasi Inspektorat").wait_for()
    assert Cycle.objects.get(pk=cycle.pk).phase == Phase.VERIFICATION
    organisasi.get_by_text("Ubah jadwal tahap").click()
    _shot(organisasi, "cycle-admin")

    # Reviewer: a different score needs a note.
    coach = _as(browser, live_server, reviewer)
    coach.goto(f"{base}/jawaban/{row.pk}/")
    coach.get_by_label("Nilai verifikasi berbeda").check()
    coach.get_by_label("Nilai verifikasi", exact=True).fill("65")
    coach.get_by_role("button", name="Simpan verifikasi").click()
    coach.get_by_text("Jelaskan alasan nilai verifikasi berbeda.").wait_for()
    assert coach.get_by_label("Nilai verifikasi", exact=True).input_value() == "65"
    coach.get_by_label("Catatan verifikasi").fill("LHE halaman 3 menyebut 65,00; 80 adalah target.")
    coach.get_by_role("button", name="Simpan verifikasi").click()
    coach.get_by_text("Verifikasi 1B.H.5 disimpan.").wait_for()
    verified = Answer.objects.get(pk=row.pk)
    assert (verified.self_value, verified.check_state, verified.verified_value) == ("80", "changed", "65")

    # Leader: the cycle page shows the unit's 80 % (3,20 points) beside the verified 65 % (2,60).
    boss = _as(browser, live_server, leader)
    boss.goto(f"{base}/")
    boss.get_by_role("link", name="Evaluasi RB 2025").click()
    line = boss.locator(f"#k-{row.pk}")
    line.wait_for()
    content = line.inner_text()
    assert "80%" in content and "verifikasi: 65%" in content
    assert line.locator("td[data-label=Mandiri]").inner_text() == "3,20"
    assert line.locator("td[data-label=Verifikasi]").inner_text() == "2,60"
    assert boss.get_by_role("heading", name="Kelola evaluasi (Bagian Organisasi)").count() == 0
    _shot(boss, "cycle")
    phone = _as(browser, live_server, leader, width=390, height=844)
    phone.goto(boss.url)
    phone.locator(f"#k-{row.pk}").wait_for()
    _shot(phone, "cycle-phone")
