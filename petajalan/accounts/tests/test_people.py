"""People and roles: inviting, the invitation e-mail, roles, deactivation, the list."""

from __future__ import annotations

import pytest
from django.core import mail
from django.test import Client

from petajalan.accounts.models import AuditEvent, Membership, User
from petajalan.testing.factories import make_person, make_unit
from petajalan.testing.fixtures import client_for
from petajalan.testing.mail import password_link

R = Membership.Role


@pytest.fixture
def admin_client(admin):
    return client_for(admin)


def invite(client, gov, **data):
    values = {"email": "siti@uji.test", "full_name": "Siti Aminah, S.E.", "role": R.DRAFTER}
    values.update(data)
    return client.post(f"/g/{gov.slug}/orang/undang/", values)


def test_invitation_creates_the_person_and_mails_an_indonesian_link_to_set_a_password(
    admin_client, gov, unit, django_capture_on_commit_callbacks
):
    with django_capture_on_commit_callbacks(execute=True) as callbacks:
        response = invite(
            admin_client, gov, unit=unit.uuid, nip="19900220 201503 1 002", email="Siti@Uji.test"
        )
    assert response.status_code == 302
    assert len(callbacks) == 1  # the e-mail waits for the commit
    person = User.objects.get(email="siti@uji.test")
    assert person.nip == "199002202015031002"
    assert not person.has_usable_password()
    membership = Membership.objects.get(user=person)
    assert (membership.government, membership.role, membership.unit) == (gov, R.DRAFTER, unit)
    assert AuditEvent.objects.filter(action=AuditEvent.Action.INVITE, object_id=str(membership.uuid)).exists()
    message = mail.outbox[-1]
    assert message.to == ["siti@uji.test"]
    assert "Undangan Petajalan" in message.subject
    assert "Penyusun" in message.body and "Dinas Kesehatan" in message.body
    link = password_link(message)
    client = Client()
    response = client.get(link, follow=True)
    form_url = response.redirect_chain[-1][0]
    response = client.post(
        form_url, {"new_password1": "Rahasia-Dinkes-2026", "new_password2": "Rahasia-Dinkes-2026"}
    )
    assert response.status_code == 302
    assert Client().login(username="19900220 201503 1 002", password="Rahasia-Dinkes-2026")


def test_nothing_is_mailed_when_the_invitation_fails(admin_client, gov, django_capture_on_commit_callbacks):
    with django_capture_on_commit_callbacks(execute=True):
        response = invite(admin_client, gov)  # drafter without a unit
    assert response.status_code == 200
    assert "Pilih perangkat daerah" in response.content.decode()
    assert not User.objects.filter(email="siti@uji.test").exists()
    assert mail.outbox == []


def test_duplicate_nip_is_refused_on_the_nip_field(admin_client, gov, unit):
    make_person(gov, R.LEADER, email="lain@uji.test", nip="199002202015031002")
    response = invite(admin_client, gov, unit=unit.uuid, nip="199002202015031002")
    assert "NIP ini sudah dipakai akun lain" in response.content.decode()
    assert "nip" in response.context["form"].errors
    assert not User.objects.filter(email="siti@uji.test").exists()


def test_existing_email_with_another_nip_is_refused(admin_client, gov, unit):
    make_person(gov, R.LEADER, email="siti@uji.test", nip="199002202015031002")
    response = invite(admin_client, gov, unit=unit.uuid, nip="198503142010012004")
    assert "email" in response.context["form"].errors


def test_the_same_role_twice_gets_a_clear_message(admin_client, gov, unit, drafter):
    response = invite(admin_client, gov, email=drafter.email, unit=unit.uuid)
    assert "sudah memegang peran ini" in response.content.decode()
    assert Membership.objects.filter(user=drafter).count() == 1


def test_existing_person_of_another_government_gets_the_role_without_a_new_account(
    admin_client, gov, other_gov, django_capture_on_commit_callbacks
):
    coach = make_person(other_gov, R.REVIEWER, email="coach.provinsi@uji.test", full_name="Coach Provinsi")
    with django_capture_on_commit_callbacks(execute=True):
        response = invite(
            admin_client, gov, email="coach.provinsi@uji.test", full_name="Nama Lain", role=R.REVIEWER
        )
    assert response.status_code == 302
    coach.refresh_from_db()
    assert coach.full_name == "Coach Provinsi"
    assert coach.memberships.count() == 2
    assert "sandi-baru" not in mail.outbox[-1].body  # they already have a password


def test_reviewer_with_chosen_units(admin_client, gov, unit, other_unit):
    response = invite(admin_client, gov, role=R.REVIEWER, reviewed_units=[unit.uuid])
    assert response.status_code == 302
    membership = Membership.objects.get(user__email="siti@uji.test")
    assert list(membership.reviewed_units.all()) == [unit]
    assert membership.unit is None


def test_change_a_role_and_its_unit(admin_client, gov, drafter, other_unit):
    membership = Membership.objects.get(user=drafter)
    url = f"/g/{gov.slug}/peran/{membership.uuid}/ubah/"
    assert admin_client.post(url, {"role": R.UNIT_HEAD, "unit": other_unit.uuid}).status_code == 302
    membership.refresh_from_db()
    assert (membership.role, membership.unit) == (R.UNIT_HEAD, other_unit)
    event = AuditEvent.objects.get(action=AuditEvent.Action.UPDATE, object_id=str(membership.uuid))
    assert ("role", "drafter", "unit_head") in event.changes


def test_add_a_second_role_from_the_person_page(
    admin_client, gov, drafter, django_capture_on_commit_callbacks
):
    with django_capture_on_commit_callbacks(execute=True):
        response = admin_client.post(f"/g/{gov.slug}/orang/{drafter.uuid}/peran/", {"role": R.LEADER})
    assert response.status_code == 302
    assert set(drafter.memberships.values_list("role", flat=True)) == {R.DRAFTER, R.LEADER}
    again = admin_client.post(f"/g/{gov.slug}/orang/{drafter.uuid}/peran/", {"role": R.LEADER})
    assert again.status_code == 400
    assert "sudah memegang peran ini" in again.content.decode()


def test_deactivate_a_role_and_a_person_only_in_this_government(admin_client, gov, other_gov, drafter, unit):
    from petajalan.testing.factories import make_membership

    make_membership(drafter, other_gov, R.LEADER)
    membership = Membership.objects.get(user=drafter, government=gov)
    admin_client.post(f"/g/{gov.slug}/peran/{membership.uuid}/nonaktifkan/")
    membership.refresh_from_db()
    assert membership.is_active is False
    admin_client.post(f"/g/{gov.slug}/peran/{membership.uuid}/aktifkan/")
    admin_client.post(f"/g/{gov.slug}/orang/{drafter.uuid}/nonaktifkan/")
    assert not drafter.memberships.filter(government=gov, is_active=True).exists()
    assert drafter.memberships.get(government=other_gov).is_active  # the other city keeps them
    drafter.refresh_from_db()
    assert drafter.is_active
    assert client_for(drafter).get(f"/g/{gov.slug}/").status_code == 404
    admin_client.post(f"/g/{gov.slug}/orang/{drafter.uuid}/aktifkan/")
    assert client_for(drafter).get(f"/g/{gov.slug}/").status_code == 200


def test_the_last_admin_cannot_be_removed(admin_client, admin, gov):
    membership = Membership.objects.get(user=admin)
    response = admin_client.post(f"/g/{gov.slug}/peran/{membership.uuid}/nonaktifkan/", follow=True)
    assert "admin terakhir" in response.content.decode()
    membership.refresh_from_db()
    assert membership.is_active
    response = admin_client.post(f"/g/{gov.slug}/peran/{membership.uuid}/ubah/", {"role": R.LEADER})
    assert "admin terakhir" in response.content.decode()


def test_resend_invitation_sends_a_new_link(admin_client, gov, unit, django_capture_on_commit_callbacks):
    with django_capture_on_commit_callbacks(execute=True):
        invite(admin_client, gov, unit=unit.uuid)
        person = User.objects.get(email="siti@uji.test")
        admin_client.post(f"/g/{gov.slug}/orang/{person.uuid}/undang-ulang/")
    assert len(mail.outbox) == 2
    assert "/akun/sandi-baru/" in mail.outbox[1].body


def test_people_list_search_and_filters(admin_client, gov, personas, unit):
    url = f"/g/{gov.slug}/orang/"
    emails = lambda r: sorted(m.user.email for m in r.context["memberships"])  # noqa: E731
    assert emails(admin_client.get(url, {"q": "penyusun"})) == ["penyusun@uji.test"]
    assert emails(admin_client.get(url, {"role": R.LEADER})) == ["pimpinan@uji.test"]
    assert emails(admin_client.get(url, {"unit": unit.uuid})) == [
        "coach@uji.test",
        "kepala@uji.test",
        "penyusun@uji.test",
    ]
    fragment = admin_client.get(url, {"q": "Sekda"}, HTTP_HX_REQUEST="true").content.decode()
    assert "<html" not in fragment and "pimpinan@uji.test" in fragment


def test_people_list_runs_a_constant_number_of_queries(
    admin_client, gov, admin, django_assert_max_num_queries
):
    units = [make_unit(gov, code=f"3.{n + 10:02d}.0.00.0.00.01.0000") for n in range(20)]
    for n in range(200):
        role = [R.DRAFTER, R.UNIT_HEAD, R.REVIEWER, R.LEADER][n % 4]
        unit = units[n % 20] if role in Membership.UNIT_ROLES else None
        reviewed = units[:3] if role == R.REVIEWER else None
        make_person(gov, role, unit, reviewed_units=reviewed)
    # 10 queries for the page plus the paginator's count
    with django_assert_max_num_queries(11):
        response = admin_client.get(f"/g/{gov.slug}/orang/")
    assert len(response.context["memberships"]) == 100
    assert response.context["page"].paginator.count == 201


def test_leader_reads_the_people_list_but_cannot_invite(gov, leader):
    client = client_for(leader)
    response = client.get(f"/g/{gov.slug}/orang/")
    assert response.status_code == 200
    assert "Undang pengguna" not in response.content.decode()
    assert client.post(f"/g/{gov.slug}/orang/undang/", {"email": "x@uji.test"}).status_code == 403


def test_role_form_opens_with_the_current_reviewed_units_selected(
    admin_client, gov, reviewer, unit, other_unit
):
    membership = Membership.objects.get(user=reviewer)
    page = admin_client.get(f"/g/{gov.slug}/peran/{membership.uuid}/ubah/").content.decode()
    assert f'<option value="{unit.uuid}" selected>' in page
    assert f'<option value="{other_unit.uuid}" selected>' not in page


def test_people_list_is_paginated_by_100_and_keeps_the_filter(admin, gov):
    from petajalan.testing.factories import make_person
    from petajalan.testing.fixtures import client_for

    for n in range(230):
        make_person(gov, R.LEADER, full_name=f"Pegawai {n:03d}")
    client = client_for(admin)
    first = client.get(f"/g/{gov.slug}/orang/?role=leader").content.decode()
    assert "230 peran" in first and "Halaman 1 dari 3" in first
    assert first.count("Pegawai ") == 100
    last = client.get(f"/g/{gov.slug}/orang/?role=leader&hal=3").content.decode()
    assert last.count("Pegawai ") == 30 and "role=leader&amp;hal=2" in last
    assert client.get(f"/g/{gov.slug}/orang/?hal=bukan-angka").status_code == 200
