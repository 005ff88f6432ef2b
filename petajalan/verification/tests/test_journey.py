"""Browser: someone types the code from a printed road map, reads what it is, and uploads the PDF
they were sent (same) and a re-saved copy (different); desktop and phone widths. Screenshots in
var/screenshots/verification-*.png and /tmp/shots/hverify-*.png."""

from __future__ import annotations

import shutil
from pathlib import Path

import pytest

from petajalan.reports import services as reports
from petajalan.testing.browser import shot
from petajalan.verification.models import Seal

SHOTS = Path("/tmp/shots")  # noqa: S108 - where the team looks at screenshots


def _keep(path: Path, name: str) -> None:
    SHOTS.mkdir(parents=True, exist_ok=True)
    shutil.copy(path, SHOTS / f"hverify-{name}.png")


@pytest.mark.browser
def test_a_reader_checks_a_code_and_uploads_the_file(browser, live_server, enacted, tmp_path) -> None:  # type: ignore[no-untyped-def]
    content = reports.export_roadmap(enacted, "pdf").content
    seal = Seal.objects.get()
    same = tmp_path / "road-map-dinkes-2025.pdf"
    same.write_bytes(content)
    resaved = tmp_path / "road-map-dinkes-2025-disimpan-ulang.pdf"
    resaved.write_bytes(content.replace(b"%%EOF", b"%%EOF\n%", 1))

    context = browser.new_context(viewport={"width": 1280, "height": 860}, locale="id-ID")
    page = context.new_page()
    page.goto(f"{live_server.url}/verifikasi/")
    _keep(shot(page, "verification-index"), "index-desktop")
    page.get_by_label("Kode verifikasi").fill("abcd")
    page.get_by_role("button", name="Periksa kode").click()
    page.get_by_text("terdiri atas 8 huruf dan angka").first.wait_for()
    page.get_by_label("Kode verifikasi").fill(seal.display_code.lower())
    page.get_by_role("button", name="Periksa kode").click()
    page.get_by_role("heading", name=f"Dokumen dengan kode {seal.display_code}").wait_for()
    assert "Peraturan Wali Kota Nomor 7 Tahun 2025" in page.content()
    _keep(shot(page, "verification-seal"), "seal-desktop")

    page.get_by_label("Berkas PDF atau DOCX yang ingin dicocokkan").set_input_files(str(same))
    page.get_by_role("button", name="Cocokkan", exact=True).click()
    page.get_by_role("heading", name="Berkas ini sama persis dengan dokumen yang diterbitkan").wait_for()
    _keep(shot(page, "verification-same"), "same-desktop")
    page.get_by_label("Berkas PDF atau DOCX yang ingin dicocokkan").set_input_files(str(resaved))
    page.get_by_role("button", name="Cocokkan", exact=True).click()
    page.get_by_role("heading", name="Berkas ini BERBEDA dari dokumen yang diterbitkan").wait_for()
    _keep(shot(page, "verification-different"), "different-desktop")

    phone = browser.new_context(viewport={"width": 390, "height": 844}, locale="id-ID").new_page()
    phone.goto(f"{live_server.url}/verifikasi/")
    _keep(shot(phone, "verification-index-phone"), "index-phone")
    phone.goto(f"{live_server.url}/verifikasi/{seal.display_code}/")
    phone.get_by_label("Berkas PDF atau DOCX yang ingin dicocokkan").set_input_files(str(resaved))
    phone.get_by_role("button", name="Cocokkan", exact=True).click()
    phone.get_by_role("heading", name="Berkas ini BERBEDA dari dokumen yang diterbitkan").wait_for()
    _keep(shot(phone, "verification-different-phone"), "different-phone")
    phone.goto(f"{live_server.url}/verifikasi/ZZZZ-ZZZZ/")
    _keep(shot(phone, "verification-404-phone"), "404-phone")
    context.close()
