"""The demo's monitoring story: quarters of realisation with a believable mix, the last quarter due
with a late unit and a returned report, a quick win delivered with evidence, and a second load that
changes nothing."""

from __future__ import annotations

import datetime as dt
from collections import Counter

import pytest
from django.core.management import call_command
from django.utils import timezone

from petajalan.accounts.models import AuditEvent, Government
from petajalan.evidence.models import Link
from petajalan.evidence.targets import resolve
from petajalan.monitoring import calendar
from petajalan.monitoring.achievement import Rag
from petajalan.monitoring.demo import OTHER, QUARTERS, STORY
from petajalan.monitoring.models import Period, QuarterReport, QuickWinDelivery, Realisation
from petajalan.monitoring.rollup import aggregate, rows_for
from petajalan.monitoring.services import settings_for
from petajalan.roadmaps.models import ActionTarget, Notification, Roadmap

S = QuarterReport.Status
K = Link.TargetKind


def _state() -> tuple[object, ...]:
    return (
        list(
            QuarterReport.objects.order_by("pk").values_list("pk", "status", "updated_at", "reopened_until")
        ),
        list(Realisation.objects.order_by("pk").values_list("pk", "value", "verified_value", "updated_at")),
        QuickWinDelivery.objects.count(),
        Link.objects.count(),
        AuditEvent.objects.count(),
        Notification.objects.count(),
        Period.objects.count(),
    )


@pytest.mark.django_db
def test_demo_city_reports_its_quarters_with_a_believable_mix_and_a_second_load_changes_nothing():
    call_command("load_demo", quiet_logins=True)
    government = Government.objects.get(slug="tanjungbalai")
    enacted = Roadmap.objects.filter(government=government, unit__isnull=False, status=Roadmap.Status.ENACTED)
    names = dict(enacted.values_list("unit_id", "unit__short_name"))
    assert len(names) == 7 and "DPMPTSP" in names.values()
    # each enacted road map has 4 to 8 actions with a target for every quarter it reports
    for roadmap in enacted:
        actions = roadmap.actions.count()
        assert 4 <= actions <= 8, roadmap
        quarterly = ActionTarget.objects.filter(
            action__roadmap=roadmap, quarter__isnull=False, year__lte=2026
        )
        assert quarterly.count() == actions * 8, roadmap

    # the city road map: its own rows and the units', enacted once they were in
    city = Roadmap.objects.get(government=government, unit__isnull=True)
    assert city.status == Roadmap.Status.ENACTED and city.enacted_on == dt.date(2025, 6, 30)
    assert city.actions.filter(source__isnull=True).count() == 4
    assert set(enacted.values_list("pk", flat=True)) <= set(
        city.actions.values_list("source__roadmap_id", flat=True)
    )

    # every unit and the city reported 2025 Q1 – 2026 Q2 and had it verified
    for year, quarter in QUARTERS[:6]:
        reports = QuarterReport.objects.filter(government=government, year=year, quarter=quarter)
        assert list(reports.values_list("status", flat=True)) == [S.VERIFIED] * 8, (year, quarter)
    # the city's consolidated rows carry the figures of the unit's report
    copies = Realisation.objects.filter(
        report__roadmap=city, action__source__roadmap__in=enacted, year=2026, quarter=2
    )
    assert copies.count() == 37
    figures: dict[int | None, tuple[object, object]] = {
        action: (value, spent)
        for action, value, spent in Realisation.objects.filter(year=2026, quarter=2).values_list(
            "action_id", "value", "budget_spent"
        )
    }
    for source_id, value, spent in copies.values_list("action__source_id", "value", "budget_spent"):
        assert (value, spent) == figures[source_id]

    # the verified figures earn the story's colours, mostly green with some amber and red
    thresholds = settings_for(government)
    colours: Counter[Rag] = Counter()
    for n, (year, quarter) in enumerate(QUARTERS):
        rows = rows_for(government.pk, year, [quarter])
        for group in aggregate(rows.filter(unit__isnull=False), "unit_id", thresholds):
            name = names[group.key]
            assert group.colour.value[0] == STORY[name][n], (name, year, quarter, group.score)
            colours[group.colour] += 1
        (own,) = aggregate(rows.filter(unit__isnull=True, action__source__isnull=True), None, thresholds)
        assert own.colour.value[0] == OTHER[n], ("kota", year, quarter, own.score)
    assert colours == {Rag.GREEN: 24, Rag.AMBER: 18, Rag.RED: 4}

    # 2026 Q3, the last quarter due on 4 December 2026: one late unit, one returned, one waiting
    period = Period.objects.get(government=government, year=2026, quarter=3)
    assert period.due_on < dt.date(2026, 12, 4)
    last = QuarterReport.objects.filter(government=government, year=2026, quarter=3)
    handed_in = set(last.exclude(status=S.DRAFT).values_list("unit__short_name", flat=True))
    assert set(names.values()) - handed_in == {"Dispusip"}
    assert last.get(unit__short_name="Dispusip").realisations.filter(value__isnull=True).exists()
    returned = last.get(status=S.RETURNED)
    assert returned.unit is not None and returned.unit.short_name == "Dinsos"
    assert returned.return_note == "Realisasi anggaran belum sesuai SP2D; lampirkan bukti."
    assert returned.realisations.exclude(verifier_note="").exists()
    assert list(last.filter(status=S.SUBMITTED).values_list("unit__short_name", flat=True)) == [
        "Kec. Datuk Bandar Timur"
    ]
    assert last.filter(status=S.VERIFIED).count() == 5  # four units and the city
    # the current quarter is open: drafts only
    assert set(QuarterReport.objects.filter(year=2026, quarter=4).values_list("status", flat=True)) == {
        S.DRAFT
    }

    # a quick win delivered, its evidence (the photo of the loket) in the bank
    delivery = QuickWinDelivery.objects.get(quick_win__title="Izin usaha mikro terbit di hari yang sama")
    assert delivery.delivered_on == dt.date(2025, 9, 1) and delivery.report.status == S.VERIFIED
    assert Link.objects.filter(target_kind=K.QUICK_WIN, target_id=str(delivery.quick_win_id)).exists()
    # evidence linked to realisation rows, each a target the bank can describe
    links = list(Link.objects.filter(target_kind=K.REALISATION).values_list("target_kind", "target_id"))
    assert len(links) == 5 and len(resolve(links)) == 5

    # the verifier corrected a few figures; the unit's stay beside them
    corrected = Realisation.objects.filter(government=government).exclude(verified_value=None)
    assert corrected.exists() and all(r.value != r.verified_value and r.verifier_note for r in corrected)

    # dated as the story goes: typed and submitted after the quarter, checked after submission
    for report in QuarterReport.objects.filter(government=government).exclude(submitted_at=None):
        assert report.submitted_at is not None
        submitted = timezone.localdate(report.submitted_at)
        assert calendar.quarter_end(report.year, report.quarter) < submitted < dt.date(2026, 12, 4), report
        assert report.verified_at is None or report.submitted_at < report.verified_at, report
    monitoring_events = AuditEvent.objects.filter(object_type__startswith="monitoring")
    assert monitoring_events.exists()
    assert not monitoring_events.filter(created_at__date__gte=dt.date(2026, 12, 4)).exists()
    # nothing is reopened but the returned report (open for the fix until mid-December)
    assert set(QuarterReport.objects.exclude(reopened_until=None).values_list("pk", flat=True)) <= {
        returned.pk
    }

    before = _state()
    call_command("load_demo", quiet_logins=True)
    assert _state() == before
