"""Browser journeys on the public pages: an anonymous visitor opens a government's page, follows a
road map, reads its verified progress and downloads the CSV; the same pages with JavaScript turned
off; the admin's settings page. Screenshots in var/screenshots/public-*.png (desktop and phone)."""

from __future__ import annotations

import re
from pathlib import Path

import pytest

from petajalan.public.tests.public_city import DRAFT_TITLE, NOTE, add_cycles, build_public_city
from petajalan.testing.browser import log_in, shot
from petajalan.testing.factories import PASSWORD


def _context(browser, width=1280, height=860, **kwargs):
    context = browser.new_context(viewport={"width": width, "height": height}, locale="id-ID", **kwargs)
    context.set_default_timeout(15_000)
    return context


@pytest.mark.browser
def test_a_visitor_reads_a_road_map_and_downloads_its_open_data(browser, live_server, gov, packs):
    made = add_cycles(build_public_city(gov))
    page = _context(browser, accept_downloads=True).new_page()
    page.goto(f"{live_server.url}/publik/{gov.slug}/")
    page.get_by_role("heading", level=1, name=re.compile("Reformasi Birokrasi Kota Uji")).wait_for()
    assert DRAFT_TITLE not in page.content() and NOTE not in page.content()
    shot(page, "public-home")
    assert made.enacted.unit is not None
    unit = made.enacted.unit.name
    page.get_by_role("row", name=re.compile(unit)).get_by_role("link").click()
    page.get_by_role("heading", level=1, name=made.enacted.title).wait_for()
    progress = page.get_by_role("table", name="Capaian terverifikasi per triwulan")
    assert progress.locator("tbody tr").count() >= 1
    assert "TW II 2025" in progress.inner_text()
    assert page.locator("figure svg").count() == 1
    shot(page, "public-roadmap")
    with page.expect_download() as info:
        page.get_by_role("link", name="Data terbuka: rencana aksi (CSV)").click()
    download = info.value
    assert download.suggested_filename.endswith(".csv")
    text = Path(download.path()).read_text(encoding="utf-8")
    assert text.startswith("pemerintah_daerah,") and text.count("\n") == 1 + 4

    phone = _context(browser, width=390, height=844).new_page()
    phone.goto(f"{live_server.url}/publik/{gov.slug}/")
    shot(phone, "public-home-phone")
    phone.goto(f"{live_server.url}/publik/{gov.slug}/road-map/{made.enacted.uuid}/")
    shot(phone, "public-roadmap-phone")


@pytest.mark.browser
def test_the_public_pages_work_without_javascript(browser, live_server, gov):
    made = build_public_city(gov)
    page = _context(browser, java_script_enabled=False).new_page()
    page.goto(f"{live_server.url}/publik/{gov.slug}/")
    page.get_by_role("link", name=made.enacted.title).click()
    page.get_by_role("heading", level=1, name=made.enacted.title).wait_for()
    assert page.get_by_role("table", name="Capaian terverifikasi per triwulan").is_visible()
    page.get_by_role("navigation", name="Bahasa").get_by_role("link", name="EN", exact=True).click()
    page.wait_for_load_state()  # the language switch is a plain link: it works without a script
    assert page.url.endswith(f"/publik/{gov.slug}/road-map/{made.enacted.uuid}/")
    assert page.get_by_role("heading", level=1, name=made.enacted.title).is_visible()


@pytest.mark.browser
def test_the_admin_switches_the_public_page_on(browser, live_server, gov, admin):
    context = _context(browser)
    page = context.new_page()
    log_in(page, live_server, admin.email, PASSWORD)
    page.goto(f"{live_server.url}/g/{gov.slug}/")
    page.get_by_role("navigation", name="Menu utama").get_by_role("link", name="Halaman publik").click()
    page.get_by_role("heading", level=1, name="Halaman publik").wait_for()
    page.get_by_label("Aktif", exact=True).check()
    page.get_by_role("button", name="Simpan", exact=True).click()
    assert "Centang pernyataan ini" in page.content()
    page.get_by_role("checkbox", name=re.compile("Saya mengerti")).check()
    page.get_by_role("button", name="Simpan", exact=True).click()
    page.get_by_text("Halaman publik diaktifkan.").wait_for()
    shot(page, "public-settings")
    phone = _context(browser, width=390, height=844).new_page()
    log_in(phone, live_server, admin.email, PASSWORD)
    phone.goto(f"{live_server.url}/g/{gov.slug}/publik/pengaturan/")
    shot(phone, "public-settings-phone")
