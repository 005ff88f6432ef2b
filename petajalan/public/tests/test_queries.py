"""The data functions the pages and the public API share."""

from __future__ import annotations

import datetime as dt
from decimal import Decimal

import pytest
from django.http import Http404

from petajalan.accounts.models import AuditEvent, Government
from petajalan.evaluations import services as evaluations
from petajalan.monitoring import rollup
from petajalan.monitoring import services as monitoring
from petajalan.monitoring.models import ActionWeight, QuarterReport, QuickWinDelivery, Settings
from petajalan.monitoring.views.dashboard import city_rows
from petajalan.public import queries
from petajalan.public.services import set_public_page, set_published_cycles
from petajalan.public.tests.public_city import add_cycles, build_public_city
from petajalan.roadmaps.models import Roadmap
from petajalan.testing.factories import make_government

S = QuarterReport.Status


@pytest.mark.django_db
def test_published_government_is_404_until_switched_on(gov, admin):
    with pytest.raises(Http404):
        queries.published_government(gov.slug)
    set_public_page(actor=admin, government=gov, enabled=True)
    assert queries.published_government(gov.slug) == gov
    event = AuditEvent.objects.get(government=gov, object_type="public.page")
    assert event.actor == admin and event.after == {"public_enabled": True}
    gov.refresh_from_db()
    assert gov.public_since is not None


@pytest.mark.django_db
def test_road_maps_are_the_enacted_ones_with_plain_values(gov):
    made = build_public_city(gov)
    listed = queries.public_roadmaps(gov)
    assert made.city.city is not None
    assert {r["uuid"] for r in listed} == {str(r.uuid) for r in [*made.city.roadmaps, made.city.city]}
    assert listed[0]["is_city"] and listed[0]["unit"] is None
    first = next(r for r in listed if r["uuid"] == str(made.enacted.uuid))
    assert first["enactment_title"] == "Peraturan Wali Kota Nomor 7 Tahun 2025"
    assert first["action_count"] == 4 and first["enacted_on"] == dt.date(2025, 3, 12)
    detail = queries.public_roadmap(gov, made.enacted.uuid)
    numbers = [a["number"] for area in detail["focus_areas"] for a in area["actions"]]
    assert numbers == [1, 2, 3, 4]
    assert all(len(a["targets"]) == 5 for area in detail["focus_areas"] for a in area["actions"])
    for bad in (made.draft.uuid, "x", None):
        with pytest.raises(Http404):
            queries.public_roadmap(gov, bad)


@pytest.mark.django_db
def test_progress_is_the_dashboards_verified_figure(gov):
    build_public_city(gov)
    thresholds = Settings(government=gov)
    progress = queries.public_progress(gov)
    assert [(p["year"], p["quarter"]) for p in progress] == [(2025, 1), (2025, 2)]
    for p in progress:
        expected = rollup.aggregate(city_rows(gov.pk, p["year"], [p["quarter"]]), None, thresholds)[0]
        assert p["score"] == expected.score
        assert sum(p["rag"].values()) == expected.rows


@pytest.mark.django_db
def test_quick_wins_count_only_deliveries_in_verified_reports(gov):
    build_public_city(gov)
    verified = QuickWinDelivery.objects.filter(government=gov, report__status=S.VERIFIED).count()
    waiting = QuickWinDelivery.objects.filter(government=gov).exclude(report__status=S.VERIFIED).count()
    assert waiting > 0
    assert len(queries.public_quick_wins(gov)) == verified


@pytest.mark.django_db
def test_evaluations_show_checked_answers_only_after_verification_and_never_the_self_column(gov, packs):
    made = add_cycles(build_public_city(gov))
    shown = {e["year"]: e for e in queries.public_evaluations(gov)}
    assert set(shown) == {2023, 2024}  # 2022 is not published
    assert shown[2024]["verified_index"] is None  # still in verification
    closed = made.cycles["closed"]
    claimed = evaluations.scores(closed).self.index
    assert shown[2023]["verified_index"] is not None
    assert shown[2023]["verified_index"] < claimed.quantize(Decimal("0.01"))
    assert "self" not in str(shown[2023].keys())


@pytest.mark.django_db
def test_the_fingerprint_moves_with_every_public_change_and_only_then(gov, admin, packs):
    made = add_cycles(build_public_city(gov))

    def seed() -> str:
        return queries.public_fingerprint(gov)[0]

    steps = []
    steps.append(seed())
    assert seed() == steps[-1]
    report = QuarterReport.objects.filter(government=gov, status=S.SUBMITTED).first()
    assert report is not None
    monitoring.verify_report(actor=admin, report=report)
    steps.append(seed())
    monitoring.reopen_report(
        actor=admin, report=report, until=dt.date.today() + dt.timedelta(days=2), reason="x"
    )
    # the same public data as before the verification: the same digest (the pages are the same too)
    assert seed() == steps[0]
    Roadmap.objects.filter(pk=made.enacted.pk).update(status=Roadmap.Status.DRAFT)
    steps.append(seed())
    set_published_cycles(actor=admin, government=gov, cycle_ids=[])
    steps.append(seed())
    closed = made.cycles["closed"]
    set_published_cycles(actor=admin, government=gov, cycle_ids=[closed.pk])
    steps.append(seed())
    closed.refresh_from_db()
    evaluations.set_official_result(
        actor=admin, cycle=closed, index=Decimal("61.5"), predicate="B", version=closed.version
    )
    steps.append(seed())
    action = made.city.roadmaps[1].actions.first()
    assert action is not None
    ActionWeight.objects.create(government=gov, action=action, weight=Decimal(3))
    steps.append(seed())
    set_public_page(actor=admin, government=gov, enabled=False)
    steps.append(seed())
    assert len(set(steps)) == len(steps), steps
    digest, modified = queries.public_fingerprint(gov)
    assert modified is not None and len(digest) == 32


@pytest.mark.django_db
def test_each_government_has_its_own_fingerprint(gov):
    build_public_city(gov)
    other = make_government(slug="kota-kedua")
    build_public_city(other)
    assert queries.public_fingerprint(gov)[0] != queries.public_fingerprint(other)[0]
    Government.objects.filter(pk=other.pk).update(name="Kota Kedua Baru")
    assert queries.public_fingerprint(gov)[0] == queries.public_fingerprint(gov)[0]
