"""The audit log screen: newest first, filters, pagination, constant queries; home next steps."""

from __future__ import annotations

import datetime as dt

import pytest
import time_machine

from petajalan.accounts.audit import record
from petajalan.accounts.models import AuditEvent, Membership
from petajalan.testing.fixtures import client_for

A = AuditEvent.Action


@pytest.fixture
def admin_client(admin):
    return client_for(admin)


def _events(n, actor, gov, unit):
    for i in range(n):
        record(
            actor=actor,
            action=A.UPDATE,
            obj=unit,
            before={"name": f"Nama {i}", "code": unit.code},
            after={"name": f"Nama {i + 1}", "code": unit.code},
        )


def test_audit_list_shows_who_when_what_and_the_changed_fields_newest_first(admin_client, admin, gov, unit):
    with time_machine.travel(dt.datetime(2026, 11, 27, 9, 0, tzinfo=dt.UTC), tick=False):
        record(actor=admin, action=A.CREATE, obj=unit, after={"name": "Dinas Kesehatan"})
    with time_machine.travel(dt.datetime(2026, 11, 28, 9, 0, tzinfo=dt.UTC), tick=False):
        record(
            actor=admin,
            action=A.UPDATE,
            obj=unit,
            before={"name": "Dinkes lama"},
            after={"name": "Dinkes baru"},
        )
    response = admin_client.get(f"/g/{gov.slug}/audit/")
    page = response.content.decode()
    events = list(response.context["page"].object_list)
    assert [e.action for e in events] == [A.UPDATE, A.CREATE]
    assert "28 November 2026" in page and "Admin Organisasi" in page
    assert "Dinkes lama" in page and "Dinkes baru" in page
    assert "Nama perangkat daerah" in page  # field names in words
    assert "Perangkat daerah" in page  # the object type in words


def test_audit_filters_by_person_action_type_and_date(admin_client, admin, leader, gov, unit):
    with time_machine.travel(dt.datetime(2026, 11, 1, 3, 0, tzinfo=dt.UTC), tick=False):
        record(actor=leader, action=A.LOGIN, obj=leader, government=gov)
    with time_machine.travel(dt.datetime(2026, 11, 20, 3, 0, tzinfo=dt.UTC), tick=False):
        record(actor=admin, action=A.DEACTIVATE, obj=unit)
    url = f"/g/{gov.slug}/audit/"

    def actions(**query):
        return [e.action for e in admin_client.get(url, query).context["page"].object_list]

    assert actions(person=leader.uuid) == [A.LOGIN]
    assert actions(action=A.DEACTIVATE) == [A.DEACTIVATE]
    assert actions(object_type="accounts.user") == [A.LOGIN]
    assert actions(date_from="2026-11-15") == [A.DEACTIVATE]
    assert actions(date_to="2026-11-01") == [A.LOGIN]
    bad = admin_client.get(url, {"date_from": "2026-11-20", "date_to": "2026-11-01"})
    assert "Tanggal akhir tidak boleh sebelum tanggal awal" in bad.content.decode()


def test_audit_log_of_another_government_is_not_shown(admin_client, gov, other_gov, outsider, foreign_unit):
    record(actor=outsider, action=A.UPDATE, obj=foreign_unit)
    assert list(admin_client.get(f"/g/{gov.slug}/audit/").context["page"].object_list) == []


def test_audit_list_is_paginated_and_constant_in_queries(
    admin_client, admin, gov, unit, django_assert_max_num_queries
):
    _events(20, admin, gov, unit)
    with django_assert_max_num_queries(12) as small:
        admin_client.get(f"/g/{gov.slug}/audit/")
    _events(280, admin, gov, unit)
    with django_assert_max_num_queries(len(small.captured_queries)):
        response = admin_client.get(f"/g/{gov.slug}/audit/", {"hal": 2})
    page = response.context["page"]
    assert page.paginator.count == 300 and len(page.object_list) == 50 and page.number == 2
    fragment = admin_client.get(f"/g/{gov.slug}/audit/", {"hal": 2}, HTTP_HX_REQUEST="true").content.decode()
    assert "<html" not in fragment and "Halaman 2 dari 6" in fragment


def test_admin_next_steps_point_at_the_real_actions(admin_client, gov, unit, other_unit, drafter):
    response = admin_client.get(f"/g/{gov.slug}/")
    page = response.content.decode()
    assert f"/g/{gov.slug}/impor/" in page
    assert f"/g/{gov.slug}/orang/undang/" in page
    assert "1 perangkat daerah belum punya penyusun" in page  # Disdik
    assert f"?unit={other_unit.uuid}" in page
    Membership.objects.filter(unit=unit).update(is_active=False)
    assert "2 perangkat daerah belum punya penyusun" in admin_client.get(f"/g/{gov.slug}/").content.decode()


def test_admin_without_units_is_sent_to_add_one(gov, admin):
    page = client_for(admin).get(f"/g/{gov.slug}/").content.decode()
    assert f"/g/{gov.slug}/unit/baru/" in page
    assert "Tambah perangkat daerah" in page


def test_audit_list_shows_events_whose_fields_name_reverse_relations(admin, gov, unit):
    from petajalan.accounts.audit import record
    from petajalan.accounts.models import AuditEvent
    from petajalan.testing.fixtures import client_for

    # "memberships" is a reverse relation of Unit, not a field with a verbose name
    record(
        actor=admin,
        action=AuditEvent.Action.UPDATE,
        obj=unit,
        before={"memberships": 1},
        after={"memberships": 2},
    )
    response = client_for(admin).get(f"/g/{gov.slug}/audit/")
    assert response.status_code == 200
    assert "Memberships" in response.content.decode()
