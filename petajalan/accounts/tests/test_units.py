"""Units: adding, editing with the version check, deactivating, validation, the list."""

from __future__ import annotations

import pytest

from petajalan.accounts.models import AuditEvent, Unit
from petajalan.testing.factories import make_unit
from petajalan.testing.fixtures import client_for

VALID = {
    "name": "Dinas Sosial",
    "short_name": "Dinsos",
    "kind": "dinas",
    "code": "1.06.0.00.0.00.01.0000",
    "head_name": "Budi, S.Sos.",
    "head_nip": "19700101 200003 1 001",
}


@pytest.fixture
def admin_client(admin):
    return client_for(admin)


def test_admin_adds_a_unit_with_a_spaced_nip_and_the_write_is_audited(admin_client, admin, gov, unit):
    response = admin_client.post(f"/g/{gov.slug}/unit/baru/", dict(VALID, parent=unit.pk))
    assert response.status_code == 302
    created = Unit.objects.get(government=gov, short_name="Dinsos")
    assert created.head_nip == "197001012000031001"
    assert created.parent == unit
    assert response["Location"] == f"/g/{gov.slug}/unit/{created.uuid}/"
    event = AuditEvent.objects.get(action=AuditEvent.Action.CREATE, object_id=str(created.uuid))
    assert event.actor == admin and event.government == gov
    assert event.after is not None and event.after["code"] == VALID["code"]


@pytest.mark.parametrize(
    ("field", "value", "message"),
    [
        ("code", "4.01.01", "Permendagri 90/2019"),
        ("code", "1.02.0.00.0.00.01.0000", "Kode unit ini sudah dipakai Dinas Kesehatan"),
        ("short_name", "dinkes", "Nama singkat ini sudah dipakai Dinas Kesehatan"),
        ("head_nip", "12345", "NIP harus 18 angka"),
        ("head_nip", "199013402015031002", "NIP harus 18 angka"),  # month 13
        ("name", "", "tidak boleh kosong"),
    ],
)
def test_bad_unit_input_gets_an_indonesian_field_error_and_nothing_is_written(
    admin_client, gov, unit, field, value, message
):
    before = Unit.objects.count()
    response = admin_client.post(f"/g/{gov.slug}/unit/baru/", dict(VALID, **{field: value}))
    assert response.status_code == 200
    assert message.lower() in response.content.decode().lower()
    assert field in response.context["form"].errors
    assert Unit.objects.count() == before


def test_parent_from_another_government_is_refused(admin_client, gov, foreign_unit):
    response = admin_client.post(f"/g/{gov.slug}/unit/baru/", dict(VALID, parent=foreign_unit.pk))
    assert "parent" in response.context["form"].errors
    assert not Unit.objects.filter(short_name="Dinsos").exists()


def test_edit_saves_and_bumps_the_version(admin_client, gov, unit):
    data = dict(VALID, code=unit.code, short_name=unit.short_name, version=unit.version)
    response = admin_client.post(f"/g/{gov.slug}/unit/{unit.uuid}/ubah/", data)
    assert response.status_code == 302
    unit.refresh_from_db()
    assert unit.name == "Dinas Sosial" and unit.version == 2
    event = AuditEvent.objects.get(action=AuditEvent.Action.UPDATE, object_id=str(unit.uuid))
    assert ("name", "Dinas Kesehatan", "Dinas Sosial") in event.changes


def test_two_saves_of_one_unit_the_second_is_refused_and_shows_the_other_values(gov, unit, admin):
    first, second = client_for(admin), client_for(admin)
    url = f"/g/{gov.slug}/unit/{unit.uuid}/ubah/"
    # Both open the form at version 1.
    version = first.get(url).context["form"]["version"].value()
    assert second.get(url).context["form"]["version"].value() == version == 1
    base = {"short_name": unit.short_name, "kind": "dinas", "code": unit.code, "version": version}
    assert first.post(url, dict(base, name="Dinas Kesehatan (versi Ani)")).status_code == 302
    response = second.post(url, dict(base, name="Dinas Kesehatan (versi Budi)", head_name="Budi"))
    assert response.status_code == 409
    page = response.content.decode()
    assert "sudah diubah orang lain" in page
    assert "Dinas Kesehatan (versi Ani)" in page  # the other person's value is shown
    assert 'value="Dinas Kesehatan (versi Budi)"' in page  # and nothing typed is lost
    unit.refresh_from_db()
    assert unit.name == "Dinas Kesehatan (versi Ani)" and unit.version == 2
    # Saving again from the refreshed form overwrites knowingly.
    form = response.context["form"]
    assert form["version"].value() == "2"
    again = second.post(url, dict(base, name="Dinas Kesehatan (versi Budi)", version=2))
    assert again.status_code == 302
    unit.refresh_from_db()
    assert unit.name == "Dinas Kesehatan (versi Budi)" and unit.version == 3


def test_update_service_refuses_a_stale_version_even_past_the_check(admin, unit):
    from petajalan.accounts import services

    data = {"name": "X", "short_name": unit.short_name, "kind": unit.kind, "code": unit.code}
    services.update_unit(actor=admin, unit=unit, data=data, version=1)
    with pytest.raises(services.StaleEdit) as caught:
        services.update_unit(actor=admin, unit=unit, data=dict(data, name="Y"), version=1)
    assert caught.value.current.name == "X"


def test_deactivate_and_reactivate_a_unit(admin_client, gov, unit):
    assert admin_client.post(f"/g/{gov.slug}/unit/{unit.uuid}/nonaktifkan/").status_code == 302
    unit.refresh_from_db()
    assert unit.is_active is False
    assert admin_client.post(f"/g/{gov.slug}/unit/{unit.uuid}/aktifkan/").status_code == 302
    unit.refresh_from_db()
    assert unit.is_active is True
    actions = list(AuditEvent.objects.filter(object_id=str(unit.uuid)).values_list("action", flat=True))
    assert actions == [AuditEvent.Action.ACTIVATE, AuditEvent.Action.DEACTIVATE]


def test_unit_list_search_and_filters(admin_client, gov, unit, other_unit):
    make_unit(gov, name="Kecamatan Teluk Nibung", short_name="Kec. TN", kind="kecamatan", is_active=False)
    url = f"/g/{gov.slug}/unit/"
    names = lambda r: [u.short_name for u in r.context["units"]]  # noqa: E731
    assert names(admin_client.get(url, {"q": "kesehatan"})) == ["Dinkes"]
    assert names(admin_client.get(url, {"q": "1.01.0"})) == ["Disdik"]
    assert names(admin_client.get(url, {"kind": "kecamatan"})) == ["Kec. TN"]
    assert sorted(names(admin_client.get(url, {"status": "aktif"}))) == ["Dinkes", "Disdik"]


def test_unit_list_htmx_returns_only_the_results_fragment(admin_client, gov, unit):
    full = admin_client.get(f"/g/{gov.slug}/unit/", {"q": "Dinkes"}).content.decode()
    fragment = admin_client.get(
        f"/g/{gov.slug}/unit/", {"q": "Dinkes"}, HTTP_HX_REQUEST="true"
    ).content.decode()
    assert "<html" in full and 'id="results"' in full
    assert "<html" not in fragment and fragment.strip().startswith('<div id="results"')
    assert "Dinas Kesehatan" in fragment


def test_unit_list_runs_a_constant_number_of_queries(admin_client, gov, django_assert_max_num_queries):
    from petajalan.testing.factories import make_person

    parent = make_unit(gov, short_name="Induk")
    for n in range(60):
        u = make_unit(
            gov, parent=parent, short_name=f"U{n}", code=f"2.{n % 90 + 10:02d}.0.00.0.00.01.{n:04d}"
        )
        make_person(gov, "drafter", u)
    with django_assert_max_num_queries(7):
        response = admin_client.get(f"/g/{gov.slug}/unit/")
    assert len(response.context["units"]) == 61
