"""Browser journeys: the province's leader opens the roll-up of its kab/kota from the menu (desktop
and phone widths), and a kota's admin gives a province coach rights over one unit from the people
page. Screenshots in var/screenshots/province-*.png."""

from __future__ import annotations

import re
from decimal import Decimal
from typing import Any

import pytest
from django.utils import timezone

from petajalan.accounts.models import Government, Membership
from petajalan.evaluations.models import Cycle, Phase
from petajalan.monitoring import calendar
from petajalan.monitoring.models import Settings
from petajalan.monitoring.tests.city_data import seed_city
from petajalan.province.tests.conftest import answered_cycle, enact_city_roadmap, make_child, make_province
from petajalan.roadmaps.tests.factories import make_roadmap
from petajalan.testing.browser import log_in, shot
from petajalan.testing.factories import PASSWORD, make_person, make_unit

R = Membership.Role
UNITS = [
    ("Dinas Kesehatan", "Dinkes"),
    ("Dinas Pendidikan", "Disdik"),
    ("Badan Kepegawaian dan Pengembangan SDM", "BKPSDM"),
    ("Dinas Penanaman Modal dan PTSP", "DPMPTSP"),
]


def _quarters() -> list[tuple[int, int]]:
    last = calendar.previous_quarter(*calendar.quarter_of(timezone.localdate()))
    return [calendar.previous_quarter(*last), last]


def _province() -> dict[str, Any]:
    province = make_province(name="Provinsi Sumatera Utara (fiktif)", slug="provinsi-uji", is_fictional=True)
    maju = make_child(province, name="Kota Tanjung Maju")
    seed_city(maju, units=4, actions=5, quarters=_quarters(), names=UNITS)
    enact_city_roadmap(maju)
    cycle = answered_cycle(maju, phase=Phase.EVALUATOR, checked=40)
    Cycle.objects.filter(pk=cycle.pk).update(evaluator_index=Decimal("71.25"), evaluator_predicate="BB")
    sejuk = make_child(province, name="Kota Bukit Sejuk")
    seed_city(sejuk, units=3, actions=4, quarters=_quarters())
    Settings.objects.create(government=sejuk, green_from=Decimal(80), amber_from=Decimal(50))
    answered_cycle(sejuk, phase=Phase.VERIFICATION, checked=12)
    hijau = make_child(province, name="Kabupaten Lembah Hijau", kind=Government.Kind.KABUPATEN)
    make_roadmap(hijau, make_unit(hijau), title="Draf Rahasia Lembah Hijau")
    make_roadmap(hijau, None, title="Road Map Kabupaten Lembah Hijau")
    pantai = make_child(province, name="Kota Pantai Indah")
    answered_cycle(pantai)
    leader = make_person(province, R.LEADER, email="pimpinan@provinsi.test", full_name="Sekda Provinsi")
    coach = make_person(
        province, R.REVIEWER, email="coach@provinsi.test", full_name="Rina Pendamping", position="Analis RB"
    )
    admin = make_person(maju, R.ADMIN, email="admin@maju.test", full_name="Admin Tanjung Maju")
    return {"province": province, "maju": maju, "leader": leader, "coach": coach, "admin": admin}


def _as(browser, live_server, user, width=1280, height=860):
    context = browser.new_context(viewport={"width": width, "height": height}, locale="id-ID")
    context.set_default_timeout(15_000)
    page = context.new_page()
    log_in(page, live_server, user.email, PASSWORD)
    return page


@pytest.mark.browser
def test_the_provinces_leader_reads_the_roll_up_and_a_kota_admin_grants_a_coach(browser, live_server, packs):
    made = _province()
    page = _as(browser, live_server, made["leader"])
    page.goto(f"{live_server.url}/g/provinsi-uji/")
    page.get_by_role("navigation", name="Menu utama").get_by_role("link", name="Kabupaten/Kota").click()
    page.get_by_role("heading", name=re.compile("^Rekap kabupaten")).wait_for()
    table = page.locator("table.province-rollup")
    assert table.locator("tbody tr").count() == 4
    maju = table.locator("tr", has_text="Kota Tanjung Maju")
    assert "Peraturan Wali Kota Nomor 7 Tahun 2025" in maju.inner_text()
    assert "71,25" in maju.inner_text()
    assert "Draf Rahasia" not in page.content()
    assert page.locator("figure.chart svg").count() == 1
    shot(page, "province-rollup")
    phone = _as(browser, live_server, made["leader"], width=390, height=844)
    phone.goto(f"{live_server.url}/g/provinsi-uji/provinsi/")
    shot(phone, "province-rollup-phone")

    admin = _as(browser, live_server, made["admin"])
    admin.goto(f"{live_server.url}/g/{made['maju'].slug}/orang/")
    admin.get_by_role("link", name="Beri akses pendamping dari provinsi").click()
    admin.get_by_label("Orang dari provinsi").select_option(
        label="Rina Pendamping, Analis RB (coach@provinsi.test)"
    )
    admin.get_by_label("Dinas Kesehatan (Dinkes)").check()
    admin.get_by_role("button", name="Beri akses pendamping").click()
    admin.get_by_text("Rina Pendamping kini pendamping Dinkes.").wait_for()
    shot(admin, "province-coach-grant")
    membership = Membership.objects.get(user=made["coach"], government=made["maju"])
    assert [u.short_name for u in membership.reviewed_units.all()] == ["Dinkes"]
