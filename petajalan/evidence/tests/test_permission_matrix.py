"""Every evidence view, walked with every persona (another government's person gets 404 throughout)."""

from __future__ import annotations

import uuid

import pytest

from petajalan.testing.fixtures import client_for
from petajalan.testing.matrix import Case, walk

READERS_403 = {"reviewer": 403, "leader": 403}
B = "/g/{gov}/data-dukung"
MISSING = uuid.UUID(int=1)

MATRIX = [
    Case("evidence:item-list", B + "/"),
    Case("evidence:item-create", B + "/unggah/", expect=READERS_403),
    Case(
        "evidence:item-create",
        B + "/unggah/",
        method="post",
        expect={"admin": 400, "drafter": 400, "unit_head": 400, **READERS_403},
    ),
    Case("evidence:item-detail", B + "/{decree}/"),
    Case(
        "evidence:item-detail",
        B + "/{photo}/",
        expect={"drafter": 404, "unit_head": 404, "reviewer": 404},
    ),
    Case("evidence:item-edit", B + "/{decree}/ubah/", expect=READERS_403),
    Case(
        "evidence:item-edit",
        B + "/{photo}/ubah/",
        expect={"drafter": 404, "unit_head": 404, "reviewer": 404, "leader": 403},
    ),
    Case(
        "evidence:item-edit",
        B + "/{decree}/ubah/",
        method="post",
        expect={"admin": 400, "drafter": 400, "unit_head": 400, **READERS_403},
    ),
    Case(
        "evidence:item-version",
        B + "/{decree}/versi/",
        method="post",
        expect={"admin": 400, "drafter": 400, "unit_head": 400, **READERS_403},
    ),
    Case(
        "evidence:item-delete",
        B + "/{decree}/hapus/",
        method="post",
        expect={"admin": 302, "drafter": 302, "unit_head": 302, **READERS_403},
    ),
    Case("evidence:file-download", B + "/{decree}/berkas/1/"),
    Case("evidence:file-download", B + "/{decree}/berkas/9/", default=404),
    Case(
        "evidence:file-download",
        B + "/{photo}/berkas/1/",
        expect={"drafter": 404, "unit_head": 404, "reviewer": 404},
    ),
    Case("evidence:thumbnail", B + "/{decree}/pratinjau.png"),
    Case(
        "evidence:thumbnail",
        B + "/{photo}/pratinjau.png",
        expect={"drafter": 404, "unit_head": 404, "reviewer": 404},
    ),
    Case("evidence:attach", B + "/untuk/action/{action}/"),
    Case("evidence:attach", B + "/untuk/quick_win/{quick_win}/"),
    Case("evidence:attach", B + "/untuk/roadmap/{roadmap}/"),
    Case("evidence:attach", B + "/untuk/action/999999999/", default=404),
    Case("evidence:attach", B + "/untuk/tidak-dikenal/1/", default=404),
    Case(
        "evidence:attach",
        B + "/untuk/action/{action}/",
        method="post",
        data={"item": "{decree}"},
        expect={"admin": 302, "drafter": 302, "unit_head": 302, **READERS_403},
    ),
    Case(
        "evidence:unlink",
        B + "/untuk/action/{action}/lepas/" + str(MISSING) + "/",
        method="post",
        expect={"admin": 404, "drafter": 404, "unit_head": 404, **READERS_403},
    ),
    Case("evidence:packet", B + "/paket/roadmap/{roadmap}.zip"),
    Case("evidence:packet", B + "/paket/action/{action}.zip"),
]


@pytest.mark.parametrize("case", MATRIX, ids=lambda c: f"{c.method}:{c.url}")
def test_permission_matrix(case, personas, gov, decree, photo, roadmap, action, quick_win):
    objects = {
        "gov": gov.slug,
        "decree": decree.uuid,
        "photo": photo.uuid,
        "roadmap": roadmap.pk,
        "action": action.pk,
        "quick_win": quick_win.pk,
    }
    data = {k: (v.format(**objects) if isinstance(v, str) else v) for k, v in case.data.items()}
    assert (
        walk(Case(case.name, case.url, case.method, case.expect, data, case.default), personas, objects) == []
    )


@pytest.mark.parametrize(
    ("method", "url"),
    [
        ("post", B + "/"),
        ("get", B + "/{decree}/versi/"),
        ("get", B + "/{decree}/hapus/"),
        ("post", B + "/{decree}/berkas/1/"),
        ("get", B + "/untuk/action/{action}/lepas/{decree}/"),
    ],
)
def test_wrong_method_is_405(method, url, personas, gov, decree, action):
    response = getattr(client_for(personas["admin"]), method)(
        url.format(gov=gov.slug, decree=decree.uuid, action=action.pk)
    )
    assert response.status_code == 405
