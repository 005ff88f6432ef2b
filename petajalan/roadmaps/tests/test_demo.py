"""The demo road maps: one per workflow state, good rows, and a second run changes nothing."""

from __future__ import annotations

import pytest

from petajalan.accounts.demo import build_demo_governments
from petajalan.roadmaps import plain as P
from petajalan.roadmaps.demo import build_demo_roadmaps
from petajalan.roadmaps.models import Roadmap
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
