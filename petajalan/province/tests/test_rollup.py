"""The province's roll-up on a hand-built province of three kab/kota, and its query count.

Kota Alpha: enacted road maps, verified quarters (two of three units verified in 2025 TW II), its own
road map enacted as Perwal 7/2025, its own RAG thresholds, an evaluation in the evaluator phase with
eleven items checked and the official index typed. Kabupaten Beta: draft road maps only (their
titles must not reach the province). Kota Gamma: an evaluation still being answered, nothing
verified (the self index must not reach the province).
"""

from __future__ import annotations

import datetime as dt
from decimal import Decimal
from typing import Any

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext

from petajalan.accounts.models import Government, Membership
from petajalan.evaluations import scoring
from petajalan.evaluations import services as evaluations
from petajalan.evaluations.models import Cycle, Phase
from petajalan.lib.formatting import angka
from petajalan.monitoring import rollup
from petajalan.monitoring.achievement import Rag
from petajalan.monitoring.models import Settings
from petajalan.monitoring.views.dashboard import city_rows
from petajalan.province.rollup import last_closed_quarter, province_rollup
from petajalan.province.tests.conftest import (
    answered_cycle,
    make_child,
    make_province,
    monitored_child,
    worst_answer,
)
from petajalan.roadmaps.models import Roadmap
from petajalan.roadmaps.tests.factories import make_roadmap
from petajalan.testing.factories import make_membership, make_person, make_unit
from petajalan.testing.fixtures import client_for

R = Membership.Role
URL = "/g/provinsi-uji/provinsi/"
CHECKED = 10  # Alpha's Inspektorat agreed with ten items and changed the eleventh


@pytest.fixture
def province(packs: None, on_day: None) -> Government:
    return make_province()


@pytest.fixture
def alpha(province: Government) -> Government:
    child = monitored_child(province, "Kota Alpha")
    Settings.objects.create(government=child, green_from=Decimal(85), amber_from=Decimal(55))
    cycle = answered_cycle(child, phase=Phase.EVALUATOR, checked=CHECKED)
    Cycle.objects.filter(pk=cycle.pk).update(evaluator_index=Decimal("71.25"), evaluator_predicate="BB")
    # the evaluator's answers typed for the first five items (the worst answer)
    sheet = evaluations.worksheet_of(cycle.worksheet)
    for answer in cycle.answers.order_by("order")[:5]:
        answer.evaluator_value = worst_answer(sheet.nodes[answer.node_key])
        answer.save(update_fields=["evaluator_value"])
    return child


@pytest.fixture
def beta(province: Government) -> Government:
    child = make_child(province, name="Kabupaten Beta", kind=Government.Kind.KABUPATEN)
    for word in ("Satu", "Dua"):
        make_roadmap(child, make_unit(child), title=f"Draf Rahasia Beta {word}")
    make_roadmap(child, None, title="Road Map Kabupaten Beta Diajukan", status=Roadmap.Status.SUBMITTED)
    return child


@pytest.fixture
def gamma(province: Government) -> Government:
    child = make_child(province, name="Kota Gamma")
    answered_cycle(child, phase=Phase.ANSWERING)
    return child


@pytest.fixture
def leader(province: Government) -> Any:
    return make_person(province, R.LEADER, email="pimpinan@provinsi.test", full_name="Sekda Provinsi")


def _row(data: Any, government: Government) -> Any:
    return next(r for r in data.rows if r.government.pk == government.pk)


def test_road_maps_are_counted_by_status_and_the_enacted_government_road_map_is_cited(
    province, alpha, beta, gamma, leader
):
    data = province_rollup(province, leader, dt.date(2025, 8, 15))
    assert [r.government.name for r in data.rows] == ["Kabupaten Beta", "Kota Alpha", "Kota Gamma"]
    a, b, g = _row(data, alpha), _row(data, beta), _row(data, gamma)
    assert [(s.status, s.count) for s in a.roadmaps] == [(Roadmap.Status.ENACTED, 4)]
    assert [(s.label, s.count) for s in b.roadmaps] == [("Draf", 2), ("Diajukan", 1)]
    assert (b.roadmap_total, g.roadmap_total, g.roadmaps) == (3, 0, [])
    assert a.city_roadmap.status == Roadmap.Status.ENACTED
    assert a.city_roadmap.enactment_title == "Peraturan Wali Kota Nomor 7 Tahun 2025"
    assert b.city_roadmap.status == Roadmap.Status.SUBMITTED

    html = client_for(leader).get(URL).content.decode()
    assert "Peraturan Wali Kota Nomor 7 Tahun 2025" in html
    assert "12 Maret 2025" in html
    # drafts and a submitted road map are counts only: no title of a child's road map reaches here
    assert "Draf Rahasia Beta" not in html
    assert "Road Map Kabupaten Beta Diajukan" not in html
    assert not any(title in html for title in Roadmap.objects.values_list("title", flat=True))


def test_monitoring_shows_the_last_closed_quarter_with_verified_figures_only(
    province, alpha, beta, gamma, leader
):
    data = province_rollup(province, leader, dt.date(2025, 8, 15))
    m = _row(data, alpha).monitoring
    assert (m.year, m.quarter, m.units, m.verified_units) == (2025, 2, 3, 2)
    assert m.share == Decimal("66.7")
    # the same figure as the child's own dashboard computes from its verified rows, in its colours
    settings = Settings.objects.get(government=alpha)
    expected = rollup.aggregate(city_rows(alpha.pk, 2025, [2]), None, settings)[0]
    assert m.figure.score == expected.score is not None
    assert m.figure.measured == expected.measured
    assert m.figure.colour == expected.colour
    unverified = city_rows(alpha.pk, 2025, [2], counted_only=False).filter(is_counted=False)
    assert unverified.exists()  # the submitted and returned reports' rows: left out above
    # the others have no report: grey, no unit road map enacted
    for child in (beta, gamma):
        other = _row(data, child).monitoring
        assert (other.year, other.quarter, other.units, other.figure.colour) == (2025, 2, 0, Rag.GREY)

    html = client_for(leader).get(URL).content.decode()
    assert "2 dari 3 perangkat daerah (67%)" in html
    assert f"{angka(expected.score, 1)}%" in html
    assert "<svg" in html and "Capaian terverifikasi per kabupaten/kota" in html


def test_the_verified_index_counts_only_checked_items_and_the_self_index_never_shows(
    province, alpha, beta, gamma, leader
):
    data = province_rollup(province, leader, dt.date(2025, 8, 15))

    # Gamma: still answering, nothing verified: no index at all
    g = _row(data, gamma).evaluation
    assert (g.cycle.year, g.cycle.phase, g.checked, g.verified, g.evaluator) == (
        2025,
        Phase.ANSWERING,
        0,
        None,
        None,
    )
    own = evaluations.scores(Cycle.objects.get(government=gamma))
    assert own.self.index > 0 and own.verified.index == own.self.index  # the fallback the page avoids

    # Alpha: the index of the eleven checked items only, and the official result beside it
    a = _row(data, alpha).evaluation
    cycle = Cycle.objects.get(government=alpha)
    sheet = evaluations.worksheet_of(cycle.worksheet)
    checked = {x.node_key: x for x in cycle.answers.exclude(check_state="")}
    assert len(checked) == CHECKED + 1 == a.checked
    answers = {
        k: (x.verified_value if x.check_state == "changed" else x.self_value) for k, x in checked.items()
    }
    expected = scoring.score(sheet, answers, bands=evaluations.bands_of(cycle.bands))
    assert a.verified.index == expected.index
    assert a.items == cycle.answers.count()
    assert (a.official_index, a.official_predicate) == (Decimal("71.25"), "BB")
    typed = {x.node_key: x.evaluator_value for x in cycle.answers.exclude(evaluator_value="")}
    evaluator = scoring.score(sheet, typed, bands=evaluations.bands_of(cycle.bands))
    assert len(typed) == 5 and a.evaluator.index == evaluator.index
    alpha_self = evaluations.scores(cycle).self.index
    assert a.verified.index < alpha_self

    html = client_for(leader).get(URL).content.decode()
    assert "belum ada butir terverifikasi" in html
    assert "Pengisian oleh perangkat daerah" in html  # Gamma's phase
    assert f"<strong>{angka(expected.index, 2)}</strong>" in html
    assert "11 dari" in html and "71,25</strong> · BB" in html
    assert f"Kolom evaluator:</span> {angka(evaluator.index, 2)}" in html
    for index in (own.self.index, alpha_self, evaluations.scores(cycle).verified.index):
        assert angka(index, 2) not in html


def test_a_child_links_to_its_pages_only_for_a_person_with_a_role_there(province, alpha, beta, gamma, leader):
    assert 'href="/g/' + alpha.slug not in client_for(leader).get(URL).content.decode()
    coach = make_person(province, R.REVIEWER, email="coach@provinsi.test")
    make_membership(coach, alpha, R.REVIEWER)
    html = client_for(coach).get(URL).content.decode()
    assert f'href="/g/{alpha.slug}/"' in html
    assert f'href="/g/{beta.slug}/' not in html and f'href="/g/{gamma.slug}/' not in html


def test_a_kab_kota_address_has_no_roll_up_and_the_menu_offers_it_to_provinces_only(province, alpha, leader):
    admin = make_person(alpha, R.ADMIN, email="admin@alpha.test")
    assert client_for(admin).get(f"/g/{alpha.slug}/provinsi/").status_code == 404
    assert URL not in client_for(admin).get(f"/g/{alpha.slug}/").content.decode()
    home = client_for(leader).get("/g/provinsi-uji/").content.decode()
    assert home.count(f'href="{URL}"') == 2  # the menu entry and the next step
    assert "Pantau kabupaten/kota" in home


def test_a_province_without_children_says_so(province, leader):
    response = client_for(leader).get(URL)
    assert response.status_code == 200
    assert "Belum ada kabupaten/kota yang terhubung" in response.content.decode()


def test_the_last_closed_quarter_waits_for_the_lock_date():
    rules = Settings()  # 10 working days to report, locked 5 days later
    assert last_closed_quarter(dt.date(2025, 7, 10), {}, rules, set()) == (2025, 1)
    assert last_closed_quarter(dt.date(2025, 7, 25), {}, rules, set()) == (2025, 2)
    assert last_closed_quarter(dt.date(2025, 1, 5), {}, rules, set()) == (2024, 3)


# Query count -------------------------------------------------------------------------------------


def _add_children(province: Government, start: int, count: int) -> None:
    for n in range(start, start + count):
        child = monitored_child(province, f"Kota Hitung {n:02d}", units=2, actions=2)
        make_roadmap(child, make_unit(child), title=f"Draf {n}")
        answered_cycle(child, checked=3)


def _queries(client: Any) -> int:
    with CaptureQueriesContext(connection) as captured:
        response = client.get(URL)
    assert response.status_code == 200
    return len(captured)


def test_the_page_runs_the_same_number_of_queries_for_3_and_12_children(province, leader):
    client = client_for(leader)
    _add_children(province, 0, 3)
    client.get(URL)  # the worksheet pack's first read is cached by the evaluations service
    three = _queries(client)
    _add_children(province, 3, 9)
    twelve = _queries(client)
    assert len(province_rollup(province, leader, dt.date(2025, 8, 15)).rows) == 12
    assert three == twelve
    assert twelve <= 20
