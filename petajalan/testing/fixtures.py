"""Personas as pytest fixtures (as healthchecks' alice/bob/charlie).

``gov`` is the city under test with ``unit`` (the drafter's OPD) and ``other_unit``; ``admin``
(Bagian Organisasi), ``drafter`` and ``unit_head`` of ``unit``, ``reviewer`` (coach for ``unit``
only), ``leader`` (read-only), ``outsider`` (admin of another government, ``other_gov``).
"""

from __future__ import annotations

import os
from collections.abc import Iterator

import pytest
from django.conf import settings
from django.test import Client
from django.utils import translation

from petajalan.accounts.models import Government, Membership, Unit, User
from petajalan.testing.factories import make_government, make_person, make_unit

R = Membership.Role

os.environ.setdefault("DJANGO_ALLOW_ASYNC_UNSAFE", "true")


@pytest.fixture
def gov(db: None) -> Government:
    return make_government(slug="kota-uji", name="Kota Uji")


@pytest.fixture
def other_gov(db: None) -> Government:
    return make_government(slug="kota-lain", name="Kota Lain")


@pytest.fixture
def unit(gov: Government) -> Unit:
    return make_unit(gov, name="Dinas Kesehatan", short_name="Dinkes", code="1.02.0.00.0.00.01.0000")


@pytest.fixture
def other_unit(gov: Government) -> Unit:
    return make_unit(gov, name="Dinas Pendidikan", short_name="Disdik", code="1.01.0.00.0.00.01.0000")


@pytest.fixture
def foreign_unit(other_gov: Government) -> Unit:
    return make_unit(other_gov, name="Dinas Kesehatan", short_name="Dinkes", code="1.02.0.00.0.00.01.0000")


@pytest.fixture
def admin(gov: Government) -> User:
    return make_person(gov, R.ADMIN, email="admin@uji.test", full_name="Admin Organisasi")


@pytest.fixture
def drafter(gov: Government, unit: Unit) -> User:
    return make_person(gov, R.DRAFTER, unit, email="penyusun@uji.test", full_name="Penyusun Dinkes")


@pytest.fixture
def unit_head(gov: Government, unit: Unit) -> User:
    return make_person(gov, R.UNIT_HEAD, unit, email="kepala@uji.test", full_name="Kepala Dinkes")


@pytest.fixture
def reviewer(gov: Government, unit: Unit) -> User:
    return make_person(
        gov, R.REVIEWER, reviewed_units=[unit], email="coach@uji.test", full_name="Coach Inspektorat"
    )


@pytest.fixture
def leader(gov: Government) -> User:
    return make_person(gov, R.LEADER, email="pimpinan@uji.test", full_name="Sekda")


@pytest.fixture
def outsider(other_gov: Government, foreign_unit: Unit) -> User:
    return make_person(other_gov, R.ADMIN, email="luar@lain.test", full_name="Admin Kota Lain")


@pytest.fixture
def personas(
    admin: User, drafter: User, unit_head: User, reviewer: User, leader: User, outsider: User
) -> dict[str, User]:
    return {
        "admin": admin,
        "drafter": drafter,
        "unit_head": unit_head,
        "reviewer": reviewer,
        "leader": leader,
        "outsider": outsider,
    }


def client_for(user: User | None) -> Client:
    client = Client()
    if user is not None:
        client.force_login(user)
    return client


@pytest.fixture(autouse=True)
def _fast_password_hashing(settings) -> None:  # type: ignore[no-untyped-def]
    """Hashing with the production hasher costs ~0.3 s a login; tests need none of that."""
    settings.PASSWORD_HASHERS = ["django.contrib.auth.hashers.MD5PasswordHasher"]


@pytest.fixture(autouse=True)
def _cold_focus_nodes() -> None:
    """Each test starts with no pack version's focus nodes in memory (``roadmaps.services.convert``
    keeps them per version and checksum for the process): query counts do not depend on the order
    tests run in, and a test database's reused ids never meet another test's nodes."""
    from petajalan.roadmaps.services import convert

    convert._FOCUS.clear()


@pytest.fixture(autouse=True)
def _default_language() -> Iterator[None]:
    """Each test starts in Indonesian: a request in English leaves English active in the thread."""
    translation.activate(settings.LANGUAGE_CODE)
    yield
    translation.activate(settings.LANGUAGE_CODE)
