"""Every province view, walked with every persona (the whole province matrix lives here).

``gov`` (the personas' city) is a child of ``province``, where the personas hold these roles: the
admin is also the province's admin, the leader its leader, the reviewer its reviewer, the drafter a
drafter of a province unit; the unit head has no role there. ``coach`` is another reviewer of the
province, ``coach_unit`` a unit of ``gov``; both have fixed UUIDs, so the POST data can name them.
"""

from __future__ import annotations

import uuid

import pytest

from petajalan.accounts.models import Government, Membership
from petajalan.province.tests.conftest import make_province
from petajalan.roadmaps.models import Roadmap
from petajalan.roadmaps.tests.factories import make_roadmap
from petajalan.testing.factories import make_membership, make_person, make_unit
from petajalan.testing.fixtures import client_for
from petajalan.testing.matrix import Case, walk

R = Membership.Role
COACH = uuid.UUID("00000000-0000-4000-8000-00000000c0ac")
COACH_UNIT = uuid.UUID("00000000-0000-4000-8000-0000000000d1")
ROLLUP = "/g/{province}/provinsi/"
GRANT = "/g/{gov}/provinsi/pendamping/"
GRANT_DATA = {"coach": str(COACH), "reviewed_units": [str(COACH_UNIT)]}
NOT_A_CHILD = {"drafter": 403, "reviewer": 403, "leader": 403, "admin": 404, "unit_head": 404}

MATRIX = [
    # the roll-up: the province's admin, leaders and reviewers; its drafter may not; others 404
    Case("province:rollup", ROLLUP, expect={"drafter": 403, "unit_head": 404}),
    # a kab/kota has no roll-up
    Case("province:rollup", "/g/{gov}/provinsi/", default=404),
    Case("province:rollup", ROLLUP, method="post", default=405, expect={"outsider": 405}),
    # the coach grant: the kab/kota's admin only
    Case("province:coach-grant", GRANT, default=403, expect={"admin": 200}),
    Case("province:coach-grant", GRANT, method="post", data=GRANT_DATA, expect={"admin": 302}),
    Case("province:coach-grant", GRANT, method="post", expect={"admin": 400}),
    # the province itself has no parent: nothing to grant (its admin 404, its other roles 403)
    Case("province:coach-grant", "/g/{province}/provinsi/pendamping/", expect=NOT_A_CHILD),
    Case(
        "province:coach-grant",
        "/g/{province}/provinsi/pendamping/",
        method="post",
        data=GRANT_DATA,
        expect=NOT_A_CHILD,
    ),
]


@pytest.fixture
def objects(gov, unit, other_unit, personas):
    province = make_province()
    Government.objects.filter(pk=gov.pk).update(parent=province)
    province_unit = make_unit(province, name="Biro Organisasi", short_name="Biro Org")
    make_membership(personas["admin"], province, R.ADMIN)
    make_membership(personas["leader"], province, R.LEADER)
    make_membership(personas["reviewer"], province, R.REVIEWER)
    make_membership(personas["drafter"], province, R.DRAFTER, province_unit)
    coach = make_person(
        province, R.REVIEWER, uuid=COACH, email="coach@provinsi.test", full_name="Coach Provinsi"
    )
    coach_unit = make_unit(gov, uuid=COACH_UNIT, name="Dinas Sosial", short_name="Dinsos")
    make_roadmap(gov, unit, status=Roadmap.Status.ENACTED)
    make_roadmap(gov, other_unit, title="Draf Disdik")
    return {"gov": gov.slug, "province": province.slug, "coach": coach.uuid, "coach_unit": coach_unit.uuid}


@pytest.mark.parametrize("case", MATRIX, ids=lambda c: f"{c.method}:{c.url}")
def test_permission_matrix(case, personas, objects):
    assert walk(case, personas, objects) == []


def test_the_roll_up_refuses_other_methods(personas, objects):
    client = client_for(personas["leader"])
    for method in ("put", "delete"):
        assert getattr(client, method)(ROLLUP.format(**objects)).status_code == 405


def test_the_coach_grant_refuses_other_methods(personas, objects):
    client = client_for(personas["admin"])
    for method in ("put", "delete"):
        assert getattr(client, method)(GRANT.format(**objects)).status_code == 405
