"""Every Pedoman view, walked with every persona."""

from __future__ import annotations

import pytest

from petajalan.testing.fixtures import client_for
from petajalan.testing.matrix import Case, walk

ADMIN_ONLY = {"drafter": 403, "unit_head": 403, "reviewer": 403, "leader": 403}

MATRIX = [
    Case("frameworks:pack-list", "/g/{gov}/pedoman/"),
    Case("frameworks:version-detail", "/g/{gov}/pedoman/lke/2023/"),
    Case("frameworks:version-detail", "/g/{gov}/pedoman/lke/2023/?q=spip"),
    Case("frameworks:version-compare", "/g/{gov}/pedoman/banding/?a=lke:2020&b=lke:2023"),
    Case("frameworks:version-export", "/g/{gov}/pedoman/rb-bands/2020/unduh/xlsx/"),
    Case("frameworks:version-export", "/g/{gov}/pedoman/rb-bands/2020/unduh/yaml/"),
    Case("frameworks:version-upload", "/g/{gov}/pedoman/unggah/", expect=ADMIN_ONLY),
    Case("frameworks:version-upload", "/g/{gov}/pedoman/unggah/", method="post", expect={"admin": 200}),
    Case(
        "frameworks:version-activate",
        "/g/{gov}/pedoman/rb-roadmap/2020/aktifkan/",
        method="post",
        expect={"admin": 302},
    ),
    # another government's upload does not exist here, whoever asks
    Case(
        "frameworks:version-detail",
        "/g/{gov}/pedoman/rb-bands/lain-1/",
        expect={p: 404 for p in ("admin", "drafter", "unit_head", "reviewer", "leader")},
    ),
    Case(
        "frameworks:version-activate",
        "/g/{gov}/pedoman/rb-bands/lain-1/aktifkan/",
        method="post",
        expect={p: 404 for p in ("admin", "drafter", "unit_head", "reviewer", "leader")},
    ),
]


@pytest.fixture
def foreign_upload(shipped, other_gov):
    from petajalan.frameworks.models import PackVersion
    from petajalan.frameworks.schema import validate
    from petajalan.frameworks.services import store_pack

    doc = dict(PackVersion.objects.get(pack__key="rb-bands").document, version="lain-1")
    return store_pack(validate(doc, "lain.yaml"), owner=other_gov)[0]


@pytest.mark.parametrize("case", MATRIX, ids=lambda c: f"{c.method}:{c.url}")
def test_permission_matrix(case, personas, gov, unit, other_unit, foreign_upload):
    objects = {"gov": gov.slug, "unit": unit.uuid, "other_unit": other_unit.uuid}
    assert walk(case, personas, objects) == []


@pytest.mark.parametrize(
    ("method", "url"),
    [
        ("post", "/g/{gov}/pedoman/"),
        ("post", "/g/{gov}/pedoman/lke/2023/"),
        ("post", "/g/{gov}/pedoman/banding/"),
        ("post", "/g/{gov}/pedoman/lke/2023/unduh/xlsx/"),
        ("get", "/g/{gov}/pedoman/lke/2023/aktifkan/"),
        ("put", "/g/{gov}/pedoman/unggah/"),
    ],
)
def test_wrong_method_is_405(method, url, shipped, admin, gov):
    response = getattr(client_for(admin), method)(url.format(gov=gov.slug))
    assert response.status_code == 405


def test_unknown_pack_version_or_format_is_404(shipped, admin, gov):
    client = client_for(admin)
    assert client.get(f"/g/{gov.slug}/pedoman/lke/1999/").status_code == 404
    assert client.get(f"/g/{gov.slug}/pedoman/lke/2023/unduh/pdf/").status_code == 404
    assert (
        client.get(f"/g/{gov.slug}/pedoman/banding/?a=lke:1999&b=lke:2023").status_code == 200
    )  # form error
