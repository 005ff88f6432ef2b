"""Every road-map view, walked with every persona.

The road map under test belongs to ``unit`` (the drafter's, coached by the reviewer) and is a draft.
Writes that remove a row are done by the drafter first, so the unit head then finds it gone (404).
"""

from __future__ import annotations

import pytest

from petajalan.roadmaps.models import ChangeRequest, Comment
from petajalan.roadmaps.services import freeze_snapshot
from petajalan.roadmaps.tests.factories import make_action, make_problem, make_roadmap
from petajalan.testing.fixtures import client_for
from petajalan.testing.matrix import Case, walk

EDITORS = {"drafter": 200, "unit_head": 200}
EDITORS_REDIRECT = {"drafter": 302, "unit_head": 302}
BASE = "/g/{gov}/roadmap/{roadmap}"
NOT_OTHERS = {"drafter": 404, "unit_head": 404, "reviewer": 404}

MATRIX = [
    Case("roadmaps:roadmap-list", "/g/{gov}/roadmap/"),
    Case("roadmaps:roadmap-create", "/g/{gov}/roadmap/baru/", expect={"reviewer": 403, "leader": 403}),
    Case(
        "roadmaps:roadmap-create",
        "/g/{gov}/roadmap/baru/",
        method="post",
        expect={"admin": 200, "drafter": 200, "unit_head": 200},
    ),
    Case(
        "roadmaps:city-overview",
        "/g/{gov}/roadmap/kota/",
        expect={"drafter": 403, "unit_head": 403, "reviewer": 403},
    ),
    Case("roadmaps:notification-list", "/g/{gov}/roadmap/notifikasi/"),
    Case("roadmaps:roadmap-detail", BASE + "/"),
    Case("roadmaps:roadmap-detail", "/g/{gov}/roadmap/{other_roadmap}/", expect=NOT_OTHERS),
    Case("roadmaps:action-matrix", BASE + "/matriks/"),
    Case("roadmaps:action-matrix", "/g/{gov}/roadmap/{other_roadmap}/matriks/", expect=NOT_OTHERS),
    Case("roadmaps:action-create", BASE + "/matriks/tambah/", default=403, expect=EDITORS),
    Case("roadmaps:action-create", BASE + "/matriks/tambah/", method="post", expect=EDITORS),
    Case("roadmaps:action-edit", BASE + "/matriks/{action}/", default=403, expect=EDITORS),
    Case("roadmaps:action-edit", BASE + "/matriks/{action}/", method="post", expect=EDITORS),
    Case(
        "roadmaps:action-duplicate",
        BASE + "/matriks/{action}/duplikat/",
        method="post",
        expect=EDITORS_REDIRECT,
    ),
    Case("roadmaps:action-move", BASE + "/matriks/{action}/pindah/", method="post", expect=EDITORS_REDIRECT),
    Case(
        "roadmaps:action-delete",
        BASE + "/matriks/{action_to_delete}/hapus/",
        method="post",
        expect={"drafter": 302, "unit_head": 404},
    ),
    Case("roadmaps:chapter-edit", BASE + "/bab/{chapter}/", default=403, expect=EDITORS),
    Case("roadmaps:chapter-edit", BASE + "/bab/{chapter}/", method="post", expect=EDITORS_REDIRECT),
    Case("roadmaps:section-list", BASE + "/diagnosis/"),
    Case("roadmaps:section-list", BASE + "/quick-win/", method="post", expect=EDITORS),
    Case("roadmaps:section-row-edit", BASE + "/diagnosis/{problem}/", default=403, expect=EDITORS),
    Case("roadmaps:section-row-edit", BASE + "/diagnosis/{problem}/", method="post", expect=EDITORS),
    Case(
        "roadmaps:section-row-delete",
        BASE + "/diagnosis/{problem_to_delete}/hapus/",
        method="post",
        expect={"drafter": 302, "unit_head": 404},
    ),
    Case("roadmaps:roadmap-transition", BASE + "/alur/submit/", default=403, expect={"unit_head": 200}),
    Case(
        "roadmaps:roadmap-transition",
        BASE + "/alur/approve/",
        default=403,
        expect={"admin": 200, "reviewer": 200},
    ),
    Case("roadmaps:roadmap-transition", BASE + "/alur/enact/", method="post", expect={"admin": 422}),
    Case("roadmaps:snapshot-diff", BASE + "/riwayat/"),
    Case("roadmaps:snapshot-json", BASE + "/riwayat/{snapshot}.json"),
    Case(
        "roadmaps:comment-create",
        BASE + "/komentar/",
        method="post",
        data={"body": "Cek indikator"},
        default=302,
        expect={"leader": 403},
    ),
    Case(
        "roadmaps:comment-resolve",
        BASE + "/komentar/{comment}/selesai/",
        method="post",
        default=302,
        expect={"leader": 403},
    ),
    Case(
        "roadmaps:change-request-create",
        BASE + "/usulan-perubahan/",
        method="post",
        data={"reason": "x"},
        expect=EDITORS_REDIRECT,
    ),
    Case(
        "roadmaps:change-request-decide",
        BASE + "/usulan-perubahan/{change}/",
        method="post",
        data={"accept": "0"},
        expect={"admin": 302},
    ),
    Case("roadmaps:roadmap-gantt", BASE + "/jadwal/"),
    Case(
        "roadmaps:city-consolidate",
        "/g/{gov}/roadmap/{city}/konsolidasi/",
        method="post",
        expect={"admin": 302},
    ),
]


@pytest.fixture
def objects(gov, unit, other_unit, personas):
    r = make_roadmap(gov, unit)
    other = make_roadmap(gov, other_unit)
    city = make_roadmap(gov, None)
    action = make_action(r)
    problem = make_problem(r)
    snapshot = freeze_snapshot(actor=None, roadmap=r, kind="submit")
    comment = Comment.objects.create(
        government=gov, roadmap=r, body="Perlu data dasar", author=personas["reviewer"]
    )
    change = ChangeRequest.objects.create(government=gov, roadmap=r, reason="Ganti target")
    return {
        "gov": gov.slug,
        "roadmap": r.uuid,
        "other_roadmap": other.uuid,
        "city": city.uuid,
        "action": action.uid,
        "action_to_delete": make_action(r).uid,
        "chapter": r.chapters.get(key="urn:outline:bab-1").uid,
        "problem": problem.uid,
        "problem_to_delete": make_problem(r).uid,
        "snapshot": snapshot.uuid,
        "comment": comment.uuid,
        "change": change.uuid,
    }


@pytest.mark.parametrize("case", MATRIX, ids=lambda c: f"{c.method}:{c.url}")
def test_permission_matrix(case, personas, objects):
    assert walk(case, personas, objects) == []


def test_every_roadmap_url_is_in_the_matrix():
    from petajalan.roadmaps.urls import urlpatterns

    names = {f"roadmaps:{p.name}" for p in urlpatterns}
    assert names == {c.name for c in MATRIX}


@pytest.mark.parametrize(
    ("method", "path"),
    [
        ("post", "/"),
        ("post", "/matriks/"),
        ("get", "/matriks/{action}/duplikat/"),
        ("get", "/komentar/"),
        ("post", "/riwayat/"),
        ("get", "/konsolidasi/"),
    ],
)
def test_wrong_method_is_405(method, path, personas, objects):
    url = ("/g/{gov}/roadmap/{roadmap}" + path).format(**objects)
    assert getattr(client_for(personas["admin"]), method)(url).status_code == 405


def test_submitted_roadmap_is_read_only_for_its_drafter(personas, objects):
    from petajalan.roadmaps.models import Roadmap

    Roadmap.objects.filter(uuid=objects["roadmap"]).update(status=Roadmap.Status.SUBMITTED)
    client = client_for(personas["drafter"])
    url = "/g/{gov}/roadmap/{roadmap}/matriks/{action}/".format(**objects)
    assert client.get(url).status_code == 403
    assert client.post(url, {"activity": "x"}).status_code == 403
