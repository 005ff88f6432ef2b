"""A kab/kota's admin gives a person of the province coach rights over chosen units, through the
accounts services: the coach then sees those units' road maps (the existing gate) and no others;
deactivating the role on the person's page takes them back."""

from __future__ import annotations

from typing import Any

import pytest

from petajalan.accounts.models import AuditEvent, Government, Membership
from petajalan.accounts.services import ServiceError
from petajalan.province.services import grant_coach
from petajalan.province.tests.conftest import make_province
from petajalan.roadmaps.models import Roadmap
from petajalan.roadmaps.tests.factories import make_roadmap
from petajalan.testing.factories import make_membership, make_person, make_user
from petajalan.testing.fixtures import client_for

R = Membership.Role
GRANT = "/g/kota-uji/provinsi/pendamping/"


@pytest.fixture
def province(gov: Government) -> Government:
    province = make_province()
    Government.objects.filter(pk=gov.pk).update(parent=province)
    gov.refresh_from_db()
    return province


@pytest.fixture
def coach(province: Government) -> Any:
    return make_person(province, R.REVIEWER, email="coach@provinsi.test", full_name="Coach Provinsi")


@pytest.fixture
def roadmaps(gov, unit, other_unit) -> dict[str, Roadmap]:
    return {
        "unit": make_roadmap(gov, unit, title="Road Map Dinkes"),
        "other": make_roadmap(gov, other_unit, title="Road Map Disdik"),
    }


def _grant(admin: Any, coach: Any, *units: Any) -> Any:
    return client_for(admin).post(
        GRANT, {"coach": str(coach.uuid), "reviewed_units": [str(u.uuid) for u in units]}
    )


def test_a_granted_coach_sees_the_chosen_units_road_maps_and_no_others(
    admin, coach, unit, other_unit, roadmaps, mailoutbox, django_capture_on_commit_callbacks
):
    assert not Roadmap.objects.visible_to(coach).filter(government=unit.government).exists()
    with django_capture_on_commit_callbacks(execute=True):
        response = _grant(admin, coach, unit)
    assert response.status_code == 302 and response["Location"] == GRANT
    membership = Membership.objects.get(user=coach, government=unit.government)
    assert (membership.role, membership.is_active) == (R.REVIEWER, True)
    assert list(membership.reviewed_units.all()) == [unit]
    visible = set(Roadmap.objects.visible_to(coach).values_list("pk", flat=True))
    assert roadmaps["unit"].pk in visible and roadmaps["other"].pk not in visible
    # audited and told, as the accounts service does for any invitation
    event = AuditEvent.objects.get(action=AuditEvent.Action.INVITE, object_id=str(membership.uuid))
    assert (event.actor, event.government, (event.after or {})["reviewed_units"]) == (
        admin,
        unit.government,
        ["Dinkes"],
    )
    assert [m.to for m in mailoutbox] == [[coach.email]]
    assert "sandi-baru" not in mailoutbox[0].body  # an existing account: told, no new password
    page = client_for(admin).get(GRANT).content.decode()
    assert "Coach Provinsi" in page and "Dinkes" in page


def test_a_second_grant_adds_units_through_change_membership(admin, coach, unit, other_unit, roadmaps):
    _grant(admin, coach, unit)
    assert _grant(admin, coach, other_unit).status_code == 302
    membership = Membership.objects.get(user=coach, government=unit.government)
    assert set(membership.reviewed_units.all()) == {unit, other_unit}
    event = AuditEvent.objects.get(action=AuditEvent.Action.UPDATE, object_id=str(membership.uuid))
    assert (event.before or {})["reviewed_units"] == ["Dinkes"]
    assert (event.after or {})["reviewed_units"] == ["Dinkes", "Disdik"]
    again = _grant(admin, coach, other_unit)
    assert again.status_code == 400
    assert "sudah mendampingi perangkat daerah yang dipilih" in again.content.decode()


def test_deactivating_the_role_on_the_persons_page_takes_the_rights_back(admin, coach, unit, roadmaps):
    _grant(admin, coach, unit)
    membership = Membership.objects.get(user=coach, government=unit.government)
    client_for(admin).post(f"/g/kota-uji/peran/{membership.uuid}/nonaktifkan/")
    assert not Roadmap.objects.visible_to(coach).filter(pk=roadmaps["unit"].pk).exists()
    # granting again points to the person's page instead of making a second role
    refused = _grant(admin, coach, unit)
    assert refused.status_code == 400
    assert "nonaktif" in refused.content.decode()
    assert Membership.objects.filter(user=coach, government=unit.government).count() == 1


def test_only_the_provinces_admins_and_reviewers_are_offered(admin, province, coach, unit):
    province_admin = make_person(province, R.ADMIN, full_name="Admin Provinsi")
    make_person(province, R.LEADER, full_name="Pimpinan Provinsi")
    left = make_person(province, R.REVIEWER, full_name="Pendamping Lama")
    Membership.objects.filter(user=left).update(is_active=False)
    stranger = make_user(full_name="Orang Lain")
    offered = client_for(admin).get(GRANT).context["form"].fields["coach"].queryset
    assert set(offered) == {coach, province_admin}

    response = _grant(admin, stranger, unit)
    assert response.status_code == 400
    assert "bukan admin atau pendamping di provinsi induk" in response.content.decode()
    assert not Membership.objects.filter(user=stranger).exists()


def test_units_must_be_chosen_and_belong_to_the_kab_kota(admin, coach, other_gov, foreign_unit):
    nothing = _grant(admin, coach)
    assert nothing.status_code == 400
    assert "Pilih sedikitnya satu perangkat daerah." in nothing.content.decode()
    foreign = _grant(admin, coach, foreign_unit)
    assert foreign.status_code == 400
    assert not Membership.objects.filter(user=coach, government__slug="kota-uji").exists()


def test_the_service_refuses_what_the_form_would_not_offer(admin, gov, province, coach, unit, other_gov):
    with pytest.raises(ServiceError, match="bukan admin atau pendamping"):
        grant_coach(actor=admin, child=gov, coach=make_user(), units=[unit])
    with pytest.raises(ServiceError, match="tidak terhubung ke provinsi"):
        grant_coach(actor=admin, child=other_gov, coach=coach, units=[unit])
    make_membership(coach, gov, R.REVIEWER)  # already coaches the whole government
    with pytest.raises(ServiceError, match="seluruh perangkat daerah"):
        grant_coach(actor=admin, child=gov, coach=coach, units=[unit])


def test_the_people_page_links_to_the_grant_only_for_a_kab_kota_with_a_province(admin, gov, province):
    assert f'href="{GRANT}"' in client_for(admin).get("/g/kota-uji/orang/").content.decode()
    Government.objects.filter(pk=gov.pk).update(parent=None)
    assert "pendamping/" not in client_for(admin).get("/g/kota-uji/orang/").content.decode()
