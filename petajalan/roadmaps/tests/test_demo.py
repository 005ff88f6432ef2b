"""The demo road maps: one per workflow state, good rows, and a second run changes nothing."""

from __future__ import annotations

import datetime as dt

import pytest
from django.utils import timezone

from petajalan.accounts.demo import build_demo_governments
from petajalan.roadmaps import plain as P
from petajalan.roadmaps.demo import build_demo_roadmaps
from petajalan.roadmaps.models import Comment, Roadmap
from petajalan.roadmaps.services import to_plain


@pytest.mark.django_db
def test_demo_seeds_every_state_and_is_idempotent():
    build_demo_governments("sandi-demo-uji")
    build_demo_roadmaps("sandi-demo-uji")
    roadmaps = Roadmap.objects.filter(government__slug="tanjungbalai")
    assert set(roadmaps.exclude(unit=None).values_list("status", flat=True)) == set(Roadmap.Status.values)
    assert roadmaps.filter(unit=None).count() == 1
    dinkes = roadmaps.get(unit__short_name="Dinkes")
    plain = to_plain(dinkes)
    assert plain.actions and all(a.indicator and a.targets and a.responsible_unit for a in plain.actions)
    assert {a.focus_key for a in plain.actions} <= {f.key for f in plain.focus_nodes}
    enacted = roadmaps.get(status=Roadmap.Status.ENACTED)
    assert list(enacted.snapshots.values_list("kind", flat=True).order_by("created_at", "id")) == [
        "submit",
        "approve",
        "enact",
    ]
    before = {r.pk: P.sha256(to_plain(r)) for r in roadmaps}
    assert build_demo_roadmaps("sandi-demo-uji") == []
    assert {r.pk: P.sha256(to_plain(r)) for r in roadmaps} == before


@pytest.mark.django_db
def test_demo_snapshots_are_dated_as_the_story_goes_not_today():
    build_demo_governments("sandi-demo-uji")
    build_demo_roadmaps("sandi-demo-uji")
    roadmaps = Roadmap.objects.filter(government__slug="tanjungbalai").exclude(unit=None)
    enacted = roadmaps.get(status=Roadmap.Status.ENACTED)
    assert enacted.enacted_on == dt.date(2025, 4, 15)
    days = [
        (kind, timezone.localdate(at))
        for kind, at in enacted.snapshots.order_by("created_at").values_list("kind", "created_at")
    ]
    assert [kind for kind, _ in days] == ["submit", "approve", "enact"]
    assert days[-1][1] == enacted.enacted_on  # enacted the day the Perwal was signed
    assert days[0][1] <= dt.date(2025, 3, 31)  # submitted before the deadline
    assert days[0][1] < days[1][1] < days[2][1]
    assert timezone.localdate(enacted.last_activity_at) == enacted.enacted_on
    for r in roadmaps:
        for at in r.snapshots.values_list("created_at", flat=True):
            assert r.created_at < at and timezone.localdate(at) <= enacted.enacted_on, r
    fix = Comment.objects.get(roadmap__status=Roadmap.Status.CHANGES_REQUESTED, needs_fix=True)
    submitted = fix.roadmap.snapshots.get(kind="submit").created_at
    assert submitted < fix.created_at < timezone.make_aware(dt.datetime(2025, 4, 15))
