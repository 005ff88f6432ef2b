"""The city dashboard, the chase list, the trace of a figure to its rows, and a road map's summary."""

from __future__ import annotations

import datetime as dt
from decimal import Decimal
from typing import Any

import pytest
import time_machine
from django.db import connection
from django.template.loader import render_to_string
from django.test.utils import CaptureQueriesContext
from django.utils import timezone

from petajalan.accounts.models import Membership
from petajalan.monitoring import services
from petajalan.monitoring.models import Period, QuarterReport, Realisation, Settings
from petajalan.monitoring.tests.city_data import PLAN, seed_city
from petajalan.monitoring.views.dashboard import unit_summary
from petajalan.roadmaps.models import Notification, Roadmap
from petajalan.roadmaps.tests.factories import make_roadmap
from petajalan.testing.factories import make_government, make_person
from petajalan.testing.fixtures import client_for

S = QuarterReport.Status
DASH = "/g/kota-uji/pemantauan/"
TRACE = "/g/kota-uji/pemantauan/rincian/"
CHASE = "/g/kota-uji/pemantauan/tindak-lanjut/"
TENTH = Decimal("0.1")


def _recomputed(response: Any) -> Decimal | None:
    """The figure a person gets from the trace page's rows: Σ points ÷ Σ weights of measured rows."""
    lines = response.context["lines"]
    assert response.context["page"].paginator.num_pages == 1
    measured = [t for t in lines if t.capped is not None]
    weights = sum((t.row.weight for t in measured), Decimal(0))
    if not weights:
        return None
    points = sum((t.capped * t.row.weight for t in measured), Decimal(0))
    return (points / weights).quantize(TENTH)


@pytest.fixture
def city(gov: Any) -> Any:
    return seed_city(gov, units=3, actions=8, quarters=[(2025, 1), (2025, 2)])


# The dashboard ----------------------------------------------------------------------------------


def test_dashboard_shows_verified_roll_ups_by_unit_focus_and_quarter(city, admin):
    response = client_for(admin).get(DASH + "?tahun=2025&tw=2")
    assert response.status_code == 200
    f = response.context["f"]
    assert (f.year, f.quarter, f.ytd) == (2025, 2, False)
    assert len(f.units) == 4  # three units and the city road map
    assert {line.label for line in f.focus} >= {"Manajemen Perubahan", "Penataan Tatalaksana"}
    assert [line.label for line in f.trend][-2:] == ["TW1 2025", "TW2 2025"]
    assert [line.label for line in f.trend][:4] == ["TW1 2024", "TW2 2024", "TW3 2024", "TW4 2024"]
    html = response.content.decode()
    assert "<figure" in html and "<figcaption>" in html and html.count("<svg") == 4
    assert f"{f.total.score:.1f}".replace(".", ",") + "%" in html
    assert f.total_url in html.replace("&amp;", "&")
    # the weights are visible: per group and in total
    assert sum((line.figure.weight for line in f.units), Decimal(0)) == f.total.weight


def test_every_figure_traces_to_rows_that_recompute_it(city, admin):
    client = client_for(admin)
    for ytd in (False, True):
        f = client.get(DASH + f"?tahun=2025&tw=2&ytd={int(ytd)}").context["f"]
        for line in [*f.units, *f.focus, *f.trend]:
            trace = client.get(line.url)
            assert trace.status_code == 200, line.url
            assert trace.context["total"].score == line.figure.score, line.label
            assert _recomputed(trace) == line.figure.score, line.label
        trace = client.get(f.total_url)
        assert _recomputed(trace) == f.total.score
        assert trace.context["money"].absorption == f.money.absorption
        lines = trace.context["lines"]
        assert sum(t.planned for t in lines) == trace.context["money"].planned == f.money.planned
        assert sum(t.row.verified_budget or t.row.budget_spent for t in lines) == f.money.spent
        page = trace.content.decode()
        assert f"{f.total.score:.1f}".replace(".", ",") + "%" in page


def test_trace_of_the_city_leaves_out_rows_consolidated_from_units(city, admin):
    unit_action = city.roadmaps[0].actions.first()
    copied = city.city.actions.first()
    copied.source = unit_action
    copied.save()
    response = client_for(admin).get(TRACE + "?tahun=2025&tw=1&unit=kota")
    assert response.status_code == 200
    listed = {t.row.action_id for t in response.context["lines"]}
    assert copied.pk not in listed and listed  # the city's own actions stay


def test_only_verified_rows_count(gov, admin, unit_head, rows, report):
    for row in rows:
        services.save_realisation(
            actor=unit_head, row=row, data={"value": Decimal(5), "budget_spent": Decimal(1000)}, version=1
        )
    services.submit_report(actor=unit_head, report=report)
    client = client_for(admin)
    f = client.get(DASH + "?tahun=2025&tw=1").context["f"]
    assert f.total.score is None and f.total.measured == 0
    assert f.pending_submitted == 3
    services.verify_report(actor=admin, report=report)
    f = client.get(DASH + "?tahun=2025&tw=1").context["f"]
    assert f.total.measured == 3 and f.pending_submitted == 0
    assert f.total.score is not None


def test_rag_colours_follow_the_governments_thresholds(gov, admin, city):
    Realisation.objects.filter(government=gov).update(achievement=Decimal(75))
    client = client_for(admin)
    response = client.get(DASH + "?tahun=2025&tw=1")
    assert response.context["f"].total.colour == "amber"
    assert 'class="rag rag-amber"' in response.content.decode()
    Settings.objects.filter(government=gov).update(green_from=70, amber_from=50)
    response = client.get(DASH + "?tahun=2025&tw=1")
    assert response.context["f"].total.colour == "green"
    html = response.content.decode()
    assert 'class="rag rag-green"' in html and "rag-amber" not in html
    Settings.objects.filter(government=gov).update(green_from=95, amber_from=80)
    assert client.get(DASH + "?tahun=2025&tw=1").context["f"].total.colour == "red"


def test_year_to_date_counts_each_actions_yearly_plan_once(gov, admin):
    seed_city(gov, units=1, actions=2, quarters=[(2025, 1), (2025, 2)], city_actions=0)
    client = client_for(admin)
    quarter = client.get(DASH + "?tahun=2025&tw=2").context["f"]
    ytd = client.get(DASH + "?tahun=2025&tw=2&ytd=1").context["f"]
    assert quarter.money.planned == 2 * PLAN
    assert ytd.money.planned == 2 * PLAN  # not four plans for two actions over two quarters
    q1 = client.get(DASH + "?tahun=2025&tw=1").context["f"]
    assert ytd.money.spent == quarter.money.spent + q1.money.spent


def test_quick_wins_delivered_in_the_period_from_verified_reports(gov, admin, city):
    f = client_for(admin).get(DASH + "?tahun=2025&tw=2").context["f"]
    verified = QuarterReport.objects.filter(government=gov, year=2025, quarter=2, status=S.VERIFIED).count()
    assert f.wins_verified == verified
    assert f.wins_verified + f.wins_pending == 4
    assert client_for(admin).get(DASH + "?tahun=2025&tw=1").context["f"].wins_verified == 0


# Dates: late units and the default quarter -------------------------------------------------------


@pytest.fixture
def dated(gov: Any) -> dict[str, Roadmap]:
    """Five enacted road maps for 2026 TW1 (due 14 April 2026) in different states."""
    from petajalan.testing.factories import make_unit

    Period.objects.create(
        government=gov, year=2026, quarter=1, due_on=dt.date(2026, 4, 14), locks_on=dt.date(2026, 4, 19)
    )
    Period.objects.create(
        government=gov, year=2025, quarter=4, due_on=dt.date(2026, 1, 15), locks_on=dt.date(2026, 1, 20)
    )
    made = {}
    for name in ("none", "draft", "early", "late", "returned"):
        made[name] = make_roadmap(gov, make_unit(gov, name=f"Dinas {name}"), status=Roadmap.Status.ENACTED)

    def report(name: str, status: str, submitted: dt.date | None) -> None:
        at = timezone.make_aware(dt.datetime.combine(submitted, dt.time(9))) if submitted else None
        QuarterReport.objects.create(
            government=gov,
            roadmap=made[name],
            unit=made[name].unit,
            year=2026,
            quarter=1,
            status=status,
            submitted_at=at,
        )

    report("draft", S.DRAFT, None)
    report("early", S.SUBMITTED, dt.date(2026, 4, 13))
    report("late", S.DRAFT, None)  # submitted two days late in the test
    report("returned", S.RETURNED, dt.date(2026, 4, 10))
    return made


def _late(client: Any) -> dict[str, int | None]:
    f = client.get(DASH + "?tahun=2026&tw=1").context["f"]
    return {s.roadmap.unit.name.removeprefix("Dinas "): s.days_late for s in f.late}


def test_late_units_on_dates(dated, admin):
    client = client_for(admin)
    with time_machine.travel(dt.datetime(2026, 4, 14, 12, tzinfo=dt.UTC)):
        assert _late(client) == {}
    QuarterReport.objects.filter(roadmap=dated["late"]).update(
        status=S.VERIFIED, submitted_at=dt.datetime(2026, 4, 16, 9, tzinfo=dt.UTC)
    )
    with time_machine.travel(dt.datetime(2026, 4, 20, 12, tzinfo=dt.UTC)):
        assert _late(client) == {"none": 6, "draft": 6, "late": 2}
        f = client.get(DASH + "?tahun=2026&tw=1").context["f"]
        assert [s.roadmap.unit.name for s in f.returned] == ["Dinas returned"]
        assert f.counts == {"verified": 1, "submitted": 1, "returned": 1, "late": 2, "draft": 0}


def test_default_quarter_is_the_last_one_past_its_due_date(dated, admin):
    client = client_for(admin)
    with time_machine.travel(dt.datetime(2026, 4, 10, 12, tzinfo=dt.UTC)):
        f = client.get(DASH).context["f"]
        assert (f.year, f.quarter) == (2025, 4)
    with time_machine.travel(dt.datetime(2026, 4, 15, 12, tzinfo=dt.UTC)):
        f = client.get(DASH).context["f"]
        assert (f.year, f.quarter) == (2026, 1)


# Who sees the city ------------------------------------------------------------------------------


def test_unit_people_are_sent_to_their_road_maps_quarters(enacted_roadmap, drafter, unit_head, reviewer):
    for person in (drafter, unit_head, reviewer):
        response = client_for(person).get(DASH)
        assert response.status_code == 302
        assert response["Location"] == f"/g/kota-uji/pemantauan/roadmap/{enacted_roadmap.uuid}/"


def test_without_an_enacted_road_map_unit_people_land_on_the_road_map_list(gov, drafter):
    response = client_for(drafter).get(DASH)
    assert response.status_code == 302 and response["Location"] == "/g/kota-uji/roadmap/"


def test_a_reviewer_of_the_whole_government_sees_the_city(gov, city):
    whole = make_person(gov, Membership.Role.REVIEWER)
    assert client_for(whole).get(DASH + "?tahun=2025&tw=2").status_code == 200


def test_trace_lists_only_rows_the_user_may_see(city, gov, admin):
    unit = city.units[0]
    drafter = make_person(gov, Membership.Role.DRAFTER, unit)
    client = client_for(drafter)
    own = client.get(TRACE + f"?tahun=2025&tw=1&unit={unit.uuid}")
    assert own.status_code == 200
    assert (
        own.context["total"]
        == client_for(admin).get(TRACE + f"?tahun=2025&tw=1&unit={unit.uuid}").context["total"]
    )
    assert client.get(TRACE + f"?tahun=2025&tw=1&unit={city.units[1].uuid}").status_code == 404
    everything = client.get(TRACE + "?tahun=2025&tw=1")
    assert {t.row.unit_id for t in everything.context["lines"]} <= {unit.pk, None}
    assert everything.context["restricted"]


# The chase list and reminders --------------------------------------------------------------------


def test_chase_list_shows_each_road_maps_state(city, admin):
    response = client_for(admin).get(CHASE + "?tahun=2025&tw=2")
    assert response.status_code == 200
    states = response.context["states"]
    assert len(states) == 4
    categories = [s.category for s in states]
    assert categories == sorted(categories, key=["late", "returned", "draft", "submitted", "verified"].index)
    html = response.content.decode()
    assert "Lampirkan daftar hadir sosialisasi." in html  # the return note, waiting on the unit
    assert html.count(">Ingatkan</button>") == sum(s.may_remind for s in states)


def test_remind_notifies_the_units_people_and_shows_when(report, admin, drafter, unit_head):
    client = client_for(admin)
    url = f"/g/kota-uji/pemantauan/tindak-lanjut/ingatkan/{report.roadmap.uuid}/"
    response = client.post(url, {"tahun": 2025, "tw": 1})
    assert response.status_code == 302
    assert response["Location"] == CHASE + "?tahun=2025&tw=1"
    assert set(Notification.objects.values_list("recipient_id", flat=True)) == {drafter.pk, unit_head.pk}
    page = client.get(response["Location"])
    assert "2 orang di Dinas Kesehatan diingatkan" in page.content.decode()
    state = next(s for s in page.context["states"] if s.roadmap.pk == report.roadmap_id)
    assert state.last_reminder is not None


def test_remind_refuses_a_verified_report_with_a_message(report, admin):
    QuarterReport.objects.filter(pk=report.pk).update(status=S.VERIFIED)
    client = client_for(admin)
    url = f"/g/kota-uji/pemantauan/tindak-lanjut/ingatkan/{report.roadmap.uuid}/"
    response = client.post(url, {"tahun": 2025, "tw": 1}, follow=True)
    assert "tidak perlu diingatkan" in response.content.decode()
    assert not Notification.objects.exists()


@pytest.mark.parametrize(
    ("method", "path"), [("post", "/"), ("post", "/rincian/"), ("post", "/tindak-lanjut/")]
)
def test_reads_refuse_post(admin, gov, method, path):
    assert getattr(client_for(admin), method)("/g/kota-uji/pemantauan" + path).status_code == 405


def test_remind_refuses_get(admin, report):
    url = f"/g/kota-uji/pemantauan/tindak-lanjut/ingatkan/{report.roadmap.uuid}/"
    assert client_for(admin).get(url).status_code == 405


# A road map's summary ---------------------------------------------------------------------------


def test_unit_summary_gives_trend_focus_and_absorption(city, gov):
    roadmap = city.roadmaps[0]
    settings = services.settings_for(gov)
    with time_machine.travel(dt.datetime(2025, 8, 1, 12, tzinfo=dt.UTC)):
        summary = unit_summary(roadmap, 2025, settings)
    assert [line.label for line in summary["trend"]] == ["TW1 2025", "TW2 2025", "TW3 2025"]
    assert summary["trend"][0].figure.score is not None and summary["trend"][2].figure.score is None
    rows = Realisation.objects.filter(report__roadmap=roadmap, year=2025, is_counted=True)
    assert summary["total"].measured == rows.count()
    assert summary["money"].planned == PLAN * rows.values("action").distinct().count()
    html = render_to_string("monitoring/_unit_summary.html", {"summary": summary})
    assert html.count("<svg") == 2 and "<table" in html
    assert f"peta={roadmap.uuid}" in html


def test_unit_summary_runs_a_constant_number_of_queries(gov):
    small = seed_city(gov, units=1, actions=3, quarters=[(2025, 1)], city_actions=0)
    other = make_government()
    big = seed_city(
        other, units=2, actions=20, quarters=[(2024, 3), (2024, 4), (2025, 1), (2025, 2)], city_actions=0
    )
    counts = []
    for made in (small, big):
        settings = services.settings_for(made.government)
        roadmap = Roadmap.objects.get(pk=made.roadmaps[0].pk)
        with CaptureQueriesContext(connection) as queries:
            render_to_string(
                "monitoring/_unit_summary.html", {"summary": unit_summary(roadmap, 2025, settings)}
            )
        counts.append(len(queries))
    assert counts[0] == counts[1], counts


# Speed: a constant number of queries -----------------------------------------------------------


def _queries(client: Any, url: str) -> int:
    client.get(url)  # first visit makes the settings and the periods
    with CaptureQueriesContext(connection) as queries:
        assert client.get(url).status_code == 200
    return len(queries)


def test_dashboard_chase_and_trace_run_a_constant_number_of_queries(db, django_assert_max_num_queries):
    sizes = [(2, 3, [(2025, 1), (2025, 2)]), (6, 25, [(2024, 3), (2024, 4), (2025, 1), (2025, 2)])]
    counts = []
    for units, actions, quarters in sizes:
        government = make_government()
        seed_city(government, units=units, actions=actions, quarters=quarters)
        client = client_for(make_person(government, Membership.Role.ADMIN))
        base = f"/g/{government.slug}/pemantauan/"
        counts.append(
            (
                _queries(client, base + "?tahun=2025&tw=2"),
                _queries(client, base + "?tahun=2025&tw=2&ytd=1"),
                _queries(client, base + "tindak-lanjut/?tahun=2025&tw=2"),
                _queries(client, base + "rincian/?tahun=2025&tw=2&ytd=1"),
            )
        )
    print("QUERY COUNTS", counts)
    assert counts[0] == counts[1], counts
    with django_assert_max_num_queries(30):
        client.get(base + "?tahun=2025&tw=2&ytd=1")


# What it looks like ------------------------------------------------------------------------------

DEMO_UNITS = [
    ("Dinas Kesehatan", "Dinkes"),
    ("Dinas Pendidikan dan Kebudayaan", "Disdikbud"),
    ("Dinas Kependudukan dan Pencatatan Sipil", "Disdukcapil"),
    ("Dinas Penanaman Modal dan Pelayanan Terpadu Satu Pintu", "DPMPTSP"),
    ("Badan Kepegawaian dan Pengembangan Sumber Daya Manusia", "BKPSDM"),
    ("Badan Perencanaan Pembangunan Daerah", "Bappeda"),
    ("Inspektorat Daerah", "Inspektorat"),
    ("Dinas Komunikasi dan Informatika", "Diskominfo"),
    ("Rumah Sakit Umum Daerah Dr. Tengku Mansyur", "RSUD"),
]


@pytest.mark.browser
def test_dashboard_looks_right_on_a_laptop_and_a_phone(browser, live_server, gov, admin):
    from petajalan.testing.browser import log_in, shot
    from petajalan.testing.factories import PASSWORD

    seed_city(
        gov,
        units=len(DEMO_UNITS),
        actions=12,
        quarters=[(2025, 1), (2025, 2), (2025, 3), (2025, 4), (2026, 1)],
        names=DEMO_UNITS,
    )
    Period.objects.filter(government=gov, year=2026, quarter=1).update(due_on=dt.date(2026, 4, 14))
    for width, name in ((1280, "laptop"), (390, "phone")):
        context = browser.new_context(viewport={"width": width, "height": 860}, locale="id-ID")
        page = context.new_page()
        log_in(page, live_server, admin.email, PASSWORD)
        page.goto(f"{live_server.url}/g/{gov.slug}/pemantauan/?tahun=2026&tw=1")
        assert page.get_by_role("heading", name="Capaian per perangkat daerah").is_visible()
        assert page.locator("figure svg").count() == 4
        assert page.locator("figure figcaption").count() == 4
        # no chart or table spills out of the page sideways
        overflow = page.evaluate("document.documentElement.scrollWidth - window.innerWidth")
        assert overflow <= 0, overflow
        shot(page, f"monitoring-dashboard-{name}")
        page.emulate_media(media="print")
        shot(page, f"monitoring-dashboard-{name}-print")
        page.emulate_media(media="screen")
        page.goto(f"{live_server.url}/g/{gov.slug}/pemantauan/tindak-lanjut/?tahun=2026&tw=1")
        shot(page, f"monitoring-chase-{name}")
        page.get_by_role("button", name="Ingatkan").first.click()
        assert page.locator(".msg").first.is_visible()
        page.goto(f"{live_server.url}/g/{gov.slug}/pemantauan/?tahun=2026&tw=1")
        page.locator(".kpi a.kpi-value").first.click()
        assert page.get_by_role("heading", name="Rincian perhitungan").is_visible()
        shot(page, f"monitoring-trace-{name}")
        context.close()
