"""The public page's settings in the permission matrix (the public pages themselves need no login:
their rules are in test_pages.py)."""

from __future__ import annotations

import pytest

from petajalan.testing.fixtures import client_for
from petajalan.testing.matrix import Case, walk

SETTINGS = "/g/{gov}/publik/pengaturan/"

MATRIX = [
    Case("public:settings", SETTINGS, default=403, expect={"admin": 200}),
    Case(
        "public:settings",
        SETTINGS,
        method="post",
        data={"form": "switch", "enabled": "0"},
        expect={"admin": 302},
    ),
    Case(
        "public:settings",
        SETTINGS,
        method="post",
        data={"form": "switch", "enabled": "1"},
        expect={"admin": 400},
    ),
    # another government's settings: 404 for everyone of this one (the outsider is that one's admin)
    Case("public:settings", "/g/{other}/publik/pengaturan/", default=404, expect={"outsider": 200}),
]


@pytest.fixture
def objects(gov, other_gov):
    return {"gov": gov.slug, "other": other_gov.slug}


@pytest.mark.parametrize("case", MATRIX, ids=lambda c: f"{c.method}:{c.url}:{c.data.get('enabled', '')}")
def test_permission_matrix(case, personas, objects):
    assert walk(case, personas, objects) == []


def test_the_settings_page_refuses_other_methods(personas, objects):
    client = client_for(personas["admin"])
    for method in ("put", "delete"):
        assert getattr(client, method)(SETTINGS.format(**objects)).status_code == 405
