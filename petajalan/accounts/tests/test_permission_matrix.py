"""Every accounts view, walked with every persona."""

from __future__ import annotations

import pytest

from petajalan.testing.matrix import Case, walk

MATRIX = [
    Case("accounts:government-home", "/g/{gov}/"),
    Case("accounts:unit-list", "/g/{gov}/unit/"),
    Case("accounts:unit-detail", "/g/{gov}/unit/{unit}/"),
    Case(
        "accounts:unit-detail",
        "/g/{gov}/unit/{other_unit}/",
        expect={"drafter": 404, "unit_head": 404, "reviewer": 404},
    ),
    Case(
        "accounts:people-list", "/g/{gov}/orang/", expect={"drafter": 403, "unit_head": 403, "reviewer": 403}
    ),
]


@pytest.mark.parametrize("case", MATRIX, ids=lambda c: f"{c.method}:{c.url}")
def test_permission_matrix(case, personas, gov, unit, other_unit):
    objects = {"gov": gov.slug, "unit": unit.uuid, "other_unit": other_unit.uuid}
    assert walk(case, personas, objects) == []


def test_foreign_unit_url_is_404_even_with_own_government_slug(personas, gov, foreign_unit):
    from petajalan.testing.fixtures import client_for

    response = client_for(personas["admin"]).get(f"/g/{gov.slug}/unit/{foreign_unit.uuid}/")
    assert response.status_code == 404


def test_unknown_government_and_malformed_uuid_are_404(personas, gov):
    from petajalan.testing.fixtures import client_for

    client = client_for(personas["admin"])
    assert client.get("/g/tidak-ada/").status_code == 404
    assert client.get(f"/g/{gov.slug}/unit/bukan-uuid/").status_code == 404
    response = client.get("/halaman/yang/tidak/ada/")
    assert response.status_code == 404
    assert "Halaman tidak ditemukan" in response.content.decode()
