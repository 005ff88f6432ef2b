"""Every accounts view, walked with every persona, plus the wrong HTTP method for each."""

from __future__ import annotations

import pytest

from petajalan.accounts.models import ImportBatch, Membership
from petajalan.testing.fixtures import client_for
from petajalan.testing.matrix import Case, walk

# Screens of the Bagian Organisasi: other roles of the same government get 403, outsiders 404.
ADMIN_ONLY = {"drafter": 403, "unit_head": 403, "reviewer": 403, "leader": 403}
UNIT_DATA = {
    "name": "Dinas Sosial",
    "short_name": "Dinsos",
    "kind": "dinas",
    "code": "1.06.0.00.0.00.01.0000",
    "head_nip": "19700101 200003 1 001",
}
EDIT_DATA = {
    "name": "Dinas Kesehatan Kota",
    "short_name": "Dinkes",
    "kind": "dinas",
    "code": "1.02.0.00.0.00.01.0000",
    "version": "1",
}
INVITE_DATA = {"email": "baru@uji.test", "full_name": "Orang Baru", "role": "leader"}

MATRIX = [
    Case("accounts:government-home", "/g/{gov}/"),
    Case("accounts:unit-list", "/g/{gov}/unit/"),
    Case("accounts:unit-detail", "/g/{gov}/unit/{unit}/"),
    Case(
        "accounts:unit-detail",
        "/g/{gov}/unit/{other_unit}/",
        expect={"drafter": 404, "unit_head": 404, "reviewer": 404},
    ),
    Case("accounts:unit-create", "/g/{gov}/unit/baru/", expect=ADMIN_ONLY),
    Case("accounts:unit-create", "/g/{gov}/unit/baru/", "post", {"admin": 302}, UNIT_DATA),
    Case("accounts:unit-edit", "/g/{gov}/unit/{unit}/ubah/", expect=ADMIN_ONLY),
    Case("accounts:unit-edit", "/g/{gov}/unit/{unit}/ubah/", "post", {"admin": 302}, EDIT_DATA),
    Case("accounts:unit-deactivate", "/g/{gov}/unit/{unit}/nonaktifkan/", "post", {"admin": 302}),
    Case("accounts:unit-activate", "/g/{gov}/unit/{unit}/aktifkan/", "post", {"admin": 302}),
    Case(
        "accounts:people-list", "/g/{gov}/orang/", expect={"drafter": 403, "unit_head": 403, "reviewer": 403}
    ),
    Case("accounts:person-invite", "/g/{gov}/orang/undang/", expect=ADMIN_ONLY),
    Case("accounts:person-invite", "/g/{gov}/orang/undang/", "post", {"admin": 302}, INVITE_DATA),
    Case("accounts:person-detail", "/g/{gov}/orang/{person}/", expect=ADMIN_ONLY),
    Case(
        "accounts:membership-add",
        "/g/{gov}/orang/{person}/peran/",
        "post",
        {"admin": 302},
        {"role": "leader"},
    ),
    # Once the admin has deactivated the drafter, the drafter has no role left here: 404.
    Case(
        "accounts:person-deactivate",
        "/g/{gov}/orang/{person}/nonaktifkan/",
        "post",
        {"admin": 302, "drafter": 404},
    ),
    Case("accounts:person-activate", "/g/{gov}/orang/{person}/aktifkan/", "post", {"admin": 302}),
    Case("accounts:person-resend", "/g/{gov}/orang/{person}/undang-ulang/", "post", {"admin": 302}),
    Case("accounts:membership-edit", "/g/{gov}/peran/{membership}/ubah/", expect=ADMIN_ONLY),
    Case(
        "accounts:membership-edit",
        "/g/{gov}/peran/{membership}/ubah/",
        "post",
        {"admin": 302},
        {"role": "unit_head", "unit": "{unit}"},
    ),
    Case(
        "accounts:membership-deactivate",
        "/g/{gov}/peran/{membership}/nonaktifkan/",
        "post",
        {"admin": 302, "drafter": 404},
    ),
    Case("accounts:membership-activate", "/g/{gov}/peran/{membership}/aktifkan/", "post", {"admin": 302}),
    Case("accounts:import-upload", "/g/{gov}/impor/", expect=ADMIN_ONLY),
    # A POST without a file is refused with the form shown again (400) to the admin.
    Case("accounts:import-upload", "/g/{gov}/impor/", "post", {"admin": 400}),
    Case("accounts:import-template", "/g/{gov}/impor/templat.xlsx", expect=ADMIN_ONLY),
    Case("accounts:data-export", "/g/{gov}/impor/ekspor.xlsx", expect=ADMIN_ONLY),
    Case("accounts:import-preview", "/g/{gov}/impor/{batch}/", expect=ADMIN_ONLY),
    Case("accounts:import-confirm", "/g/{gov}/impor/{batch}/simpan/", "post", {"admin": 302}),
    Case("accounts:audit-list", "/g/{gov}/audit/", expect=ADMIN_ONLY),
]
# Views that answer GET and POST (forms); every other view answers one method only.
FORM_VIEWS = {
    "accounts:unit-create",
    "accounts:unit-edit",
    "accounts:person-invite",
    "accounts:membership-edit",
    "accounts:import-upload",
}


@pytest.fixture
def objects(personas, gov, unit, other_unit):
    drafter = personas["drafter"]
    batch = ImportBatch.objects.create(
        government=gov,
        created_by=personas["admin"],
        file_name="uji.xlsx",
        payload={"units": [], "people": [], "skipped_examples": []},
    )
    return {
        "gov": gov.slug,
        "unit": unit.uuid,
        "other_unit": other_unit.uuid,
        "person": drafter.uuid,
        "membership": Membership.objects.get(user=drafter).uuid,
        "batch": batch.uuid,
    }


def _formatted(case: Case, objects: dict) -> Case:
    data = {k: v.format(**objects) if isinstance(v, str) else v for k, v in case.data.items()}
    return Case(case.name, case.url, case.method, case.expect, data, case.default)


@pytest.mark.parametrize("case", MATRIX, ids=lambda c: f"{c.method}:{c.url}")
def test_permission_matrix(case, personas, objects):
    assert walk(_formatted(case, objects), personas, objects) == []


@pytest.mark.parametrize("case", MATRIX, ids=lambda c: f"{c.method}:{c.url}")
def test_wrong_method_is_405(case, personas, objects):
    client = client_for(personas["admin"])
    url = case.url.format(**objects)
    if case.name in FORM_VIEWS:
        response = client.put(url)
    elif case.method == "get":
        response = client.post(url)
    else:
        response = client.get(url)
    assert response.status_code == 405


def test_every_accounts_tenant_url_is_in_the_matrix():
    from django.urls import URLPattern, URLResolver, get_resolver

    names = {
        f"accounts:{pattern.name}"
        for resolver in get_resolver().url_patterns
        if isinstance(resolver, URLResolver) and resolver.namespace == "accounts"
        for pattern in resolver.url_patterns
        if isinstance(pattern, URLPattern) and "gov" in str(pattern.pattern)
    }
    assert len(names) > 20
    assert names - {c.name for c in MATRIX} == set()


def test_leader_gets_403_on_every_write(personas, objects):
    client = client_for(personas["leader"])
    for case in MATRIX:
        if case.method == "post":
            case = _formatted(case, objects)
            assert client.post(case.url.format(**objects), case.data).status_code == 403, case.url


def test_outsider_gets_404_on_own_slug_with_our_object_ids(personas, objects, other_gov):
    """An admin of another government cannot reach our objects through their own government's URLs."""
    client = client_for(personas["outsider"])
    own = dict(objects, gov=other_gov.slug)
    for case in MATRIX:
        if "{" not in case.url.replace("{gov}", ""):
            continue
        url = case.url.format(**own)
        response = client.post(url, case.data) if case.method == "post" else client.get(url)
        assert response.status_code == 404, url


def test_foreign_unit_url_is_404_even_with_own_government_slug(personas, gov, foreign_unit):
    response = client_for(personas["admin"]).get(f"/g/{gov.slug}/unit/{foreign_unit.uuid}/")
    assert response.status_code == 404
    response = client_for(personas["admin"]).post(f"/g/{gov.slug}/unit/{foreign_unit.uuid}/nonaktifkan/")
    assert response.status_code == 404


def test_unknown_government_and_malformed_uuid_are_404(personas, gov):
    client = client_for(personas["admin"])
    assert client.get("/g/tidak-ada/").status_code == 404
    assert client.get(f"/g/{gov.slug}/unit/bukan-uuid/").status_code == 404
    response = client.get("/halaman/yang/tidak/ada/")
    assert response.status_code == 404
    assert "Halaman tidak ditemukan" in response.content.decode()
