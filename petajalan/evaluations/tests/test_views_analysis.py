"""The analysis pages: what each shows, the admin's writes (links, scenarios) with their audit, bad
input answered in Indonesian, what-if never touching real answers, constant queries, and a browser
walk with screenshots (/tmp/e2-*.png and var/screenshots/evaluations-*.png)."""

from __future__ import annotations

import re
import tempfile
from pathlib import Path
from typing import Any

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext

from petajalan.accounts.models import AuditEvent
from petajalan.evaluations import scoring, services
from petajalan.evaluations.models import ActionCriterion, Answer, Cycle, Phase, Scenario
from petajalan.evaluations.tests.conftest import lke, move_to
from petajalan.roadmaps.models import Roadmap
from petajalan.roadmaps.tests.factories import make_action, make_roadmap
from petajalan.testing.factories import make_unit
from petajalan.testing.fixtures import client_for

C = "/g/kota-uji/evaluasi/siklus/{}/"
TMP = Path(tempfile.gettempdir())  # the screenshots for the review: /tmp/e2-*.png
KAR = "urn:lke:rb-general:1a:kualitas-rencana-aksi"
PEL = "urn:lke:rb-general:1a:tingkat-pelaksanaan"
SKM = "urn:lke:rb-general:1c:soft:survei-kepuasan-masyarakat"


def url(cycle: Cycle, tail: str) -> str:
    return C.format(cycle.uuid) + tail


def answer_all(cycle: Cycle) -> None:
    """Every item at its best, then 1A.1 at 1,5 and 1A.2 at 80 %."""
    ws = services.worksheet_of(cycle.worksheet)
    for node in ws.items:
        Answer.objects.filter(cycle=cycle, node_key=node.key).update(self_value=scoring.best_answer(node))
    Answer.objects.filter(cycle=cycle, node_key=KAR).update(self_value="1.5")
    Answer.objects.filter(cycle=cycle, node_key=PEL).update(self_value="80")


def real_answers(cycle: Cycle) -> list[tuple[Any, ...]]:
    return list(
        cycle.answers.order_by("pk").values_list(
            "pk", "self_value", "verified_value", "evaluator_value", "version"
        )
    )


# Next points -----------------------------------------------------------------------------------


def test_next_points_shows_gain_unit_actions_and_suggestion(cycle: Cycle, unit: Any, admin: Any) -> None:
    answer_all(cycle)
    Answer.objects.filter(cycle=cycle, node_key=PEL).update(unit=unit)
    city = make_roadmap(cycle.government, None, status=Roadmap.Status.ENACTED, title="Road Map RB Kota Uji")
    action = make_action(city, activity="Reviu rencana aksi oleh Inspektorat", responsible_unit=unit)
    ActionCriterion.objects.create(action=action, node_key=KAR)
    page = client_for(admin).get(url(cycle, "poin-berikutnya/")).content.decode()
    rows = re.findall(r'<tr id="k-\d+">.*?</tr>', page, re.DOTALL)
    assert len(rows) == 2
    assert "1A.1" in rows[0] and "+4,30" in rows[0] and "1,50 / 3,00" in rows[0]
    assert "Reviu rencana aksi oleh Inspektorat" in rows[0] and "Bagian Organisasi" in rows[0]
    assert "menurut rubrik dan temuan klinik" in rows[0]  # the suggestion from the city road map
    assert "1A.2" in rows[1] and "+0,70" in rows[1] and "Dinas Kesehatan" in rows[1]
    assert 'id="tautkan"' in page  # the admin's form


def test_a_leader_reads_next_points_without_the_link_form(cycle: Cycle, leader: Any) -> None:
    page = client_for(leader).get(url(cycle, "poin-berikutnya/")).content.decode()
    assert "Di mana poin berikutnya" in page and 'id="tautkan"' not in page and "Lepas" not in page


def test_the_admin_links_and_unlinks_actions_with_an_audit(cycle: Cycle, unit: Any, admin: Any) -> None:
    roadmap = make_roadmap(cycle.government, unit, status=Roadmap.Status.ENACTED)
    first, second = make_action(roadmap), make_action(roadmap)
    client = client_for(admin)
    target = url(cycle, "poin-berikutnya/aksi/")
    response = client.post(target, {"kriteria": SKM, "aksi": [str(first.pk), str(second.pk)]})
    assert response.status_code == 302
    assert set(ActionCriterion.objects.filter(node_key=SKM).values_list("action_id", flat=True)) == {
        first.pk,
        second.pk,
    }
    event = AuditEvent.objects.filter(object_type="evaluations.actioncriterion").latest("pk")
    assert event.before == {"node_key": SKM, "actions": []}
    assert event.after == {"node_key": SKM, "actions": sorted([first.pk, second.pk])}
    assert client.post(target, {"kriteria": SKM, "lepas": str(first.pk)}).status_code == 302
    assert list(ActionCriterion.objects.values_list("action_id", flat=True)) == [second.pk]


def test_an_action_of_another_government_is_refused_and_nothing_linked(
    cycle: Cycle, other_gov: Any, admin: Any
) -> None:
    foreign = make_action(make_roadmap(other_gov, make_unit(other_gov, name="Dinas Luar", short_name="Luar")))
    response = client_for(admin).post(
        url(cycle, "poin-berikutnya/aksi/"), {"kriteria": SKM, "aksi": str(foreign.pk)}
    )
    assert response.status_code == 422
    assert "tidak ditemukan di pemerintah daerah ini" in response.content.decode()
    assert not ActionCriterion.objects.exists()


def test_an_unknown_criterion_is_refused(cycle: Cycle, unit: Any, admin: Any) -> None:
    action = make_action(make_roadmap(cycle.government, unit))
    response = client_for(admin).post(
        url(cycle, "poin-berikutnya/aksi/"), {"kriteria": "urn:lke:bukan", "aksi": str(action.pk)}
    )
    assert response.status_code == 422 and "Pilih kriteria" in response.content.decode()
    assert not ActionCriterion.objects.exists()


# What-if ---------------------------------------------------------------------------------------


def test_what_if_recomputes_without_touching_the_real_answers(cycle: Cycle, admin: Any, drafter: Any) -> None:
    answer_all(cycle)
    client = client_for(drafter)  # (signing in is audited)
    before = real_answers(cycle)
    events = AuditEvent.objects.count()
    response = client.post(url(cycle, "simulasi/hitung/"), {KAR: "3", SKM: "80"})
    assert response.status_code == 200
    page = response.content.decode()
    result = page[page.index('id="hasil"') :]
    # SKM 100 → 80 costs 1,60; 1A.1 1,5 → 3 gains 4,30: + 2,70
    assert "+2,70" in result and "1A.1" in result and "1A.2" in result and "1C.S.3" in result
    assert real_answers(cycle) == before and AuditEvent.objects.count() == events
    assert not Scenario.objects.exists()
    # the admin keeps it as a scenario: only the changed answers, and still no real answer touched
    response = client_for(admin).post(
        url(cycle, "simulasi/simpan/"), {"nama": "Rubrik penuh", KAR: "3", SKM: "80"}
    )
    scenario = Scenario.objects.get()
    assert response.status_code == 302 and response["Location"] == url(cycle, f"simulasi/{scenario.pk}/")
    assert scenario.answers == {KAR: "3", SKM: "80"}
    assert real_answers(cycle) == before
    assert AuditEvent.objects.filter(object_type="evaluations.scenario").count() == 1


def test_what_if_as_htmx_answers_only_the_result(cycle: Cycle, leader: Any) -> None:
    response = client_for(leader).post(
        url(cycle, "simulasi/hitung/"), {KAR: "3"}, headers={"HX-Request": "true"}
    )
    text = response.content.decode()
    assert response.status_code == 200
    assert text.lstrip().startswith('<section id="hasil"') and "<html" not in text
    assert "+3,00" in text  # nothing else answered: 1A.1 at 3 is worth its weight


def test_bad_what_if_input_is_answered_at_the_field_and_kept(cycle: Cycle, admin: Any) -> None:
    response = client_for(admin).post(url(cycle, "simulasi/hitung/"), {SKM: "delapan puluh", KAR: "2"})
    page = response.content.decode()
    assert response.status_code == 422
    assert "harus berupa angka" in page and 'value="delapan puluh"' in page and 'aria-invalid="true"' in page
    assert "tidak ada yang dihitung ulang" in page
    response = client_for(admin).post(url(cycle, "simulasi/simpan/"), {"nama": " ", KAR: "2"})
    assert response.status_code == 422 and "Beri nama skenario" in response.content.decode()
    assert not Scenario.objects.exists()


def test_a_stored_scenario_against_the_real_answers_and_its_deletion(
    cycle: Cycle, admin: Any, leader: Any
) -> None:
    answer_all(cycle)
    scenario = services.save_scenario(actor=admin, cycle=cycle, name="Skenario A", answers={KAR: "3"})
    page = client_for(leader).get(url(cycle, f"simulasi/{scenario.pk}/")).content.decode()
    assert "Skenario “Skenario A”" in page and "+4,30" in page and "Hapus skenario" not in page
    form = client_for(admin).get(url(cycle, f"simulasi/?skenario={scenario.pk}")).content.decode()
    assert re.search(r'name="urn:lke:rb-general:1a:kualitas-rencana-aksi" value="3"', form)
    assert client_for(admin).get(url(cycle, "simulasi/?skenario=999999")).status_code == 404
    response = client_for(admin).post(url(cycle, f"simulasi/{scenario.pk}/hapus/"))
    assert response.status_code == 302 and not Scenario.objects.exists()
    assert client_for(admin).get(url(cycle, f"simulasi/{scenario.pk}/")).status_code == 404


# Planned index, calibration, framework preview -------------------------------------------------


def test_planned_index_moves_the_linked_criterion_in_its_quarter(
    cycle: Cycle, unit: Any, leader: Any
) -> None:
    answer_all(cycle)
    roadmap = make_roadmap(cycle.government, unit, status=Roadmap.Status.ENACTED)
    done = make_action(roadmap, schedule=["2025-Q1", "2025-Q2"])
    later = make_action(roadmap, schedule=["2026-Q1"])
    ActionCriterion.objects.create(action=done, node_key=KAR)
    ActionCriterion.objects.create(action=later, node_key=SKM)
    page = client_for(leader).get(url(cycle, "rencana-indeks/")).content.decode()
    rows = re.findall(r"<tr>\s*<th scope=\"row\">(.*?)</th>.*?</tr>", page, re.DOTALL)
    assert rows[:5] == ["Sekarang", "TW I", "TW II", "TW III", "TW IV"]
    # everything else at its best (RB General 94,30 + RB Tematik 20); 1A.1 at 3 in TW II: + 4,30
    assert re.search(r"TW I</th>\s*<td[^>]*>114,30</td>", page)
    assert re.search(r"TW II</th>\s*<td[^>]*>118,60</td>.*?1A\.1", page, re.DOTALL)
    assert "<svg" in page and "tanpa jadwal tahun ini" in page and "1C.S.3" in page


def test_planned_index_without_links_says_so(cycle: Cycle, leader: Any) -> None:
    page = client_for(leader).get(url(cycle, "rencana-indeks/")).content.decode()
    assert "Belum ada rencana aksi yang ditautkan" in page


def test_calibration_says_plainly_when_there_is_nothing_or_one_year(
    cycle: Cycle, gov: Any, admin: Any
) -> None:
    client = client_for(admin)
    assert (
        "Belum ada evaluasi yang sampai tahap hasil evaluator"
        in client.get(url(cycle, "kalibrasi/")).content.decode()
    )
    move_to(cycle, Phase.EVALUATOR)
    assert (
        "Belum ada evaluasi dengan hasil evaluator yang diketik"
        in client.get(url(cycle, "kalibrasi/")).content.decode()
    )
    Answer.objects.filter(cycle=cycle, node_key=SKM).update(self_value="90", evaluator_value="80")
    page = client.get(url(cycle, "kalibrasi/")).content.decode()
    assert "Baru satu tahun dengan hasil evaluator (2025)" in page
    assert "lebih tinggi" in page and "<svg" in page and "0,80" in page  # SKM: 7,2 − 6,4


def test_calibration_lists_years_and_chooses_one(cycle: Cycle, gov: Any, admin: Any) -> None:
    older = move_to(
        services.open_cycle(actor=admin, government=gov, year=2024, worksheet=lke("2023")), Phase.CLOSED
    )
    move_to(cycle, Phase.OBJECTION)
    Answer.objects.filter(cycle__in=[cycle, older], node_key=SKM).update(
        self_value="90", evaluator_value="80"
    )
    page = client_for(admin).get(url(cycle, "kalibrasi/?tahun=2024")).content.decode()
    assert "Per kriteria, tahun 2024" in page and '<option value="2024" selected>' in page
    assert "Baru satu tahun" not in page


def test_framework_preview_lists_what_does_not_map(cycle: Cycle, leader: Any) -> None:
    Answer.objects.filter(cycle=cycle, ref="1B.H.5").update(self_value="75")
    client = client_for(leader)
    page = client.get(url(cycle, "pratinjau-kerangka/")).content.decode()  # lke 2020: the one with links
    assert "2 butir tujuan tanpa padanan" in page and "Hasil antara" in page and "Reform" in page
    assert "18 butir siklus tidak terbawa" in page and "Digitalisasi arsip" in page
    assert "perkiraan" in page and "75%" in page
    other = client.get(url(cycle, f"pratinjau-kerangka/?versi={lke('2014').pk}")).content.decode()
    assert "Belum ada paket padanan" in other
    bad = client.get(url(cycle, "pratinjau-kerangka/?versi=abc"))
    assert bad.status_code == 400 and "tidak dikenal" in bad.content.decode()


def test_a_long_scenario_name_is_refused_at_the_field(cycle: Cycle, admin: Any) -> None:
    response = client_for(admin).post(url(cycle, "simulasi/simpan/"), {"nama": "x" * 121, KAR: "2"})
    assert response.status_code == 422 and "paling panjang 120 huruf" in response.content.decode()
    assert not Scenario.objects.exists()


@pytest.mark.parametrize("version", ["2014", "2020"])
def test_every_page_works_on_the_older_worksheets(version: str, gov: Any, admin: Any, packs: None) -> None:
    old = services.open_cycle(actor=admin, government=gov, year=2019, worksheet=lke(version))
    first = old.answers.order_by("order").first()
    assert first is not None
    Answer.objects.filter(pk=first.pk).update(self_value="1", evaluator_value="0.5")
    move_to(old, Phase.CLOSED)
    client = client_for(admin)
    for tail in PAGES:
        assert client.get(url(old, tail)).status_code == 200, tail
    page = client.get(url(old, "simulasi/")).content.decode()
    assert "paket tidak memuat jenis jawaban" in page  # answered as points
    response = client.post(url(old, "simulasi/hitung/"), {first.node_key: "0,5"})
    assert response.status_code == 200 and "-0,50" in response.content.decode()
    if version == "2020":  # previewed under 2023 through the crosswalk read forwards
        preview = client.get(url(old, f"pratinjau-kerangka/?versi={lke('2023').pk}")).content.decode()
        assert "RB Tematik" in preview and "tanpa padanan" in preview


# Speed -----------------------------------------------------------------------------------------

PAGES = ["poin-berikutnya/", "simulasi/", "rencana-indeks/", "kalibrasi/", "pratinjau-kerangka/"]


def _count(client: Any, target: str) -> int:
    client.get(target)  # warm: the worksheet cache, the clinic's stored review
    with CaptureQueriesContext(connection) as queries:
        assert client.get(target).status_code == 200
    return len(queries)


def _grow(cycle: Cycle, gov: Any, admin: Any, n: int, start: int = 0) -> None:
    """``n`` more units, each with an enacted road map of three actions linked to criteria, items
    assigned to them, a scenario and a closed year with evaluator answers."""
    items = list(cycle.answers.order_by("order"))
    for i in range(start, start + n):
        unit = make_unit(gov, name=f"Dinas Uji {i}", short_name=f"DU{i}", code=f"9.{i:02d}.0.00.0.00.01.0000")
        roadmap = make_roadmap(gov, unit, status=Roadmap.Status.ENACTED)
        for j in range(3):
            action = make_action(roadmap, schedule=[f"2025-Q{1 + (i + j) % 4}"])
            ActionCriterion.objects.create(action=action, node_key=items[(3 * i + j) % len(items)].node_key)
        Answer.objects.filter(pk=items[i % len(items)].pk).update(unit=unit)
        services.save_scenario(actor=admin, cycle=cycle, name=f"Skenario {i}", answers={KAR: "2"})
    year = move_to(
        services.open_cycle(actor=admin, government=gov, year=2010 + start, worksheet=lke("2023")),
        Phase.CLOSED,
    )
    for node in services.worksheet_of(year.worksheet).items:
        best = scoring.best_answer(node)
        Answer.objects.filter(cycle=year, node_key=node.key).update(self_value=best, evaluator_value=best)


@pytest.mark.parametrize("tail", PAGES)
def test_the_analysis_pages_run_the_same_queries_small_and_large(
    tail: str, cycle: Cycle, gov: Any, admin: Any, unit: Any
) -> None:
    answer_all(cycle)
    client = client_for(admin)
    _grow(cycle, gov, admin, 1)
    small = _count(client, url(cycle, tail))
    _grow(cycle, gov, admin, 12, start=1)
    large = _count(client, url(cycle, tail))
    print(f"{tail}: {small} queries with 1 unit, {large} with 13")  # shown with -s
    assert small == large, f"{tail}: {small} queries with 1 unit, {large} with 13"
    assert large <= 25


# Methods ---------------------------------------------------------------------------------------


@pytest.mark.parametrize("tail", ["poin-berikutnya/aksi/", "simulasi/hitung/", "simulasi/simpan/"])
def test_post_only_views_refuse_get(tail: str, cycle: Cycle, admin: Any) -> None:
    assert client_for(admin).get(url(cycle, tail)).status_code == 405


@pytest.mark.parametrize("tail", PAGES)
def test_read_only_pages_refuse_post(tail: str, cycle: Cycle, admin: Any) -> None:
    assert client_for(admin).post(url(cycle, tail)).status_code == 405


# A browser walk --------------------------------------------------------------------------------


@pytest.mark.browser
def test_admin_sees_next_points_runs_a_what_if_and_reads_calibration(
    browser: Any, live_server: Any, cycle: Cycle, gov: Any, unit: Any, admin: Any
) -> None:
    from petajalan.testing.browser import log_in, shot
    from petajalan.testing.factories import PASSWORD

    answer_all(cycle)
    Answer.objects.filter(cycle=cycle, ref__in=["1C.S.3", "1B.H.5"]).update(self_value="70", unit=unit)
    city = make_roadmap(gov, None, status=Roadmap.Status.ENACTED, title="Road Map RB Kota Uji 2025-2029")
    actions = [
        make_action(city, activity=f"Pembenahan {word}", output=f"Hasil {word}", responsible_unit=unit)
        for word in ("arsip", "pengaduan", "kepegawaian")
    ]
    ActionCriterion.objects.create(action=actions[0], node_key=KAR)
    older = move_to(
        services.open_cycle(actor=admin, government=gov, year=2024, worksheet=lke("2023")), Phase.CLOSED
    )
    for answer in older.answers.all():
        node = services.worksheet_of(older.worksheet).nodes[answer.node_key]
        best = scoring.best_answer(node)
        Answer.objects.filter(pk=answer.pk).update(self_value=best, evaluator_value=best)
    Answer.objects.filter(cycle=older, ref__in=["1C.S.3", "1C.S.2"]).update(unit=unit, evaluator_value="60")
    Answer.objects.filter(cycle=older, ref="1B.H.5").update(unit=unit, self_value="60", evaluator_value="80")

    context = browser.new_context(viewport={"width": 1280, "height": 900}, locale="id-ID")
    context.set_default_timeout(15_000)
    page = context.new_page()
    log_in(page, live_server, admin.email, PASSWORD)
    page.goto(f"{live_server.url}{url(cycle, 'poin-berikutnya/')}")
    page.get_by_role("heading", name="Di mana poin berikutnya").wait_for()
    page.locator("details.suggest summary").first.click()
    shot(page, "evaluations-next-points")
    page.screenshot(path=TMP / "e2-next-points.png", full_page=True)

    page.get_by_role("link", name="Simulasi").click()
    page.get_by_label(re.compile("Jawaban simulasi 1C.S.3")).fill("95")
    page.get_by_role("button", name="Hitung").click()
    page.locator("#hasil").get_by_text("+2,00").first.wait_for()  # SKM 70 → 95 % of 8: 5,6 → 7,6
    page.screenshot(path=TMP / "e2-whatif.png", full_page=False)

    page.get_by_role("link", name="Kalibrasi").click()
    page.get_by_role("heading", name="Per perangkat daerah (semua tahun)").wait_for()
    shot(page, "evaluations-calibration")
    page.screenshot(path=TMP / "e2-calibration.png", full_page=True)

    page.get_by_role("link", name="Pratinjau kerangka").click()
    page.get_by_role("heading", name=re.compile("butir tujuan tanpa padanan")).wait_for()
    page.screenshot(path=TMP / "e2-preview.png", full_page=True)
    page.get_by_role("link", name="Rencana indeks").click()
    page.screenshot(path=TMP / "e2-planned.png", full_page=True)

    phone = browser.new_context(viewport={"width": 390, "height": 844}, locale="id-ID").new_page()
    log_in(phone, live_server, admin.email, PASSWORD)
    phone.goto(f"{live_server.url}{url(cycle, 'poin-berikutnya/')}")
    phone.screenshot(path=TMP / "e2-next-points-phone.png", full_page=False)
    phone.goto(f"{live_server.url}{url(cycle, 'rencana-indeks/')}")
    phone.screenshot(path=TMP / "e2-planned-phone.png", full_page=True)
    context.close()
