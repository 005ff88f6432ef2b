"""The demo's showcase road map passes the clinic: no open finding after ``load_demo``."""

from __future__ import annotations

import pytest
from django.core.management import call_command

from petajalan.accounts.models import AuditEvent, Membership
from petajalan.clinic.models import Acknowledgement
from petajalan.clinic.services import acknowledged, review_roadmap
from petajalan.roadmaps import plain as P
from petajalan.roadmaps.demo import EXEMPLARY_UNIT
from petajalan.roadmaps.models import Roadmap
from petajalan.roadmaps.services import to_plain
from petajalan.testing.fixtures import client_for


@pytest.mark.django_db
def test_exemplary_demo_roadmap_has_no_open_finding_and_a_second_load_changes_nothing():
    call_command("load_demo", quiet_logins=True)
    roadmap = Roadmap.objects.get(government__slug="tanjungbalai", unit__short_name=EXEMPLARY_UNIT)
    assert roadmap.status == Roadmap.Status.ENACTED
    assert "contoh teladan" in roadmap.title
    plain, result = review_roadmap(roadmap)
    acks = acknowledged(roadmap)
    open_findings = [f"{f.rule}: {f.location.label}" for f in result.findings if f.fingerprint not in acks]
    assert open_findings == []
    # the only explained findings are main activities this unit leaves to others, each with a reason
    assert {f.rule for f in result.findings} <= {"coverage.gap"}
    assert all(len(acks[f.fingerprint].reason) > 40 for f in result.findings)
    assert result.readiness(acks) == 100
    assert all(a.acknowledged_by is not None for a in acks.values())  # the reviewer sees who explained
    # the live panel lists what is still open and only counts the explained gaps
    admin = (
        Membership.objects.filter(government=roadmap.government, role="admin").select_related("user")[0].user
    )
    panel = client_for(admin).get(
        f"/g/tanjungbalai/klinik/roadmap/{roadmap.uuid}/kesiapan/?ringkas=1", HTTP_HX_REQUEST="true"
    )
    html = panel.content.decode()
    assert "Kesiapan 100%" in html and "Tidak ada temuan terbuka." in html
    assert f"{len(acks)} temuan lain sudah ditanggapi" in html and "finding-hint" not in html
    # a genuinely complete road map, not an empty one that happens to pass
    assert len(plain.actions) >= 8 and len(plain.quick_wins) >= 1 and plain.team and plain.change_agents
    assert all(a.no_budget_needed or a.budgets for a in plain.actions)
    assert "fiktif" in next(c.body for c in plain.chapters if c.key.endswith("bab-1"))

    others = Roadmap.objects.filter(government__slug="tanjungbalai").exclude(pk=roadmap.pk)
    draft_findings = review_roadmap(others.get(unit__short_name="Disdik"))[1].blocking
    assert draft_findings, "the changes-requested demo keeps its deliberately weak row"

    before = (
        {r.pk: P.sha256(to_plain(r)) for r in Roadmap.objects.all()},
        Acknowledgement.objects.count(),
        AuditEvent.objects.count(),
    )
    call_command("load_demo", quiet_logins=True)
    after = (
        {r.pk: P.sha256(to_plain(r)) for r in Roadmap.objects.all()},
        Acknowledgement.objects.count(),
        AuditEvent.objects.count(),
    )
    assert after == before
