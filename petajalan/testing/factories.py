"""make_<model>() factories shared by every app's tests: few required arguments, valid defaults."""

from __future__ import annotations

import itertools
from typing import Any

from petajalan.accounts.models import Government, Membership, Unit, User

_seq = itertools.count(1)
PASSWORD = "kata-sandi-uji-123"


def make_government(**kwargs: Any) -> Government:
    n = next(_seq)
    values = {
        "slug": f"kota-uji-{n}",
        "kind": Government.Kind.KOTA,
        "name": f"Kota Uji {n}",
        "province": "Sumatera Utara",
        "code": f"99.{n:02d}",
    }
    values.update(kwargs)
    return Government.objects.create(**values)


def make_unit(government: Government, **kwargs: Any) -> Unit:
    n = next(_seq)
    values = {
        "name": f"Dinas Uji {n}",
        "short_name": f"Dinas {n}",
        "kind": Unit.Kind.DINAS,
        "code": f"1.{n % 100:02d}.0.00.0.00.{n % 100:02d}.{n:04d}",
        "head_name": "Kepala Uji",
        "head_nip": "197001012000031001",
    }
    values.update(kwargs)
    return Unit.objects.create(government=government, **values)


def make_user(**kwargs: Any) -> User:
    n = next(_seq)
    email = kwargs.pop("email", f"orang{n}@uji.test")
    kwargs.setdefault("full_name", f"Orang Uji {n}")
    return User.objects.create_user(email, kwargs.pop("password", PASSWORD), **kwargs)


def make_membership(
    user: User,
    government: Government,
    role: str,
    unit: Unit | None = None,
    reviewed_units: list[Unit] | None = None,
    **kwargs: Any,
) -> Membership:
    membership = Membership.objects.create(user=user, government=government, role=role, unit=unit, **kwargs)
    if reviewed_units:
        membership.reviewed_units.set(reviewed_units)
    return membership


def make_person(government: Government, role: str, unit: Unit | None = None, **kwargs: Any) -> User:
    """A user holding one role in ``government``."""
    reviewed = kwargs.pop("reviewed_units", None)
    user = make_user(**kwargs)
    make_membership(user, government, role, unit, reviewed_units=reviewed)
    return user
