"""What evidence can prove: target kinds registered by the apps that own them.

The evidence bank knows a target only by kind and id. Each owning app registers, at its
``AppConfig.ready``, a resolver that turns ids into ``Target`` descriptions in a constant number of
queries, and a gate that finds one target for a user (404 when not theirs). Nothing here imports
road maps, the clinic, monitoring or evaluations.
"""

from __future__ import annotations

from collections.abc import Callable, Iterable
from dataclasses import dataclass, field
from typing import Any

from django.http import Http404
from django.utils.translation import gettext as _


@dataclass(frozen=True)
class Target:
    """One thing evidence proves, as the evidence pages show it."""

    kind: str
    id: str
    government_id: int
    unit_id: int | None
    label: str  # e.g. "Rencana aksi 3: Menyusun SOP layanan"
    url: str  # the target's own page
    context: str = ""  # where it sits, e.g. the road map's title
    year: int | None = None  # the year its evidence should speak for (suggestions)
    folder: str = ""  # folder of an evaluator packet, e.g. "01 Manajemen Perubahan"
    order: tuple[Any, ...] = field(default_factory=tuple)  # sort key inside a packet


Resolver = Callable[[list[str]], dict[str, Target]]
Finder = Callable[[Any, Any, str], Target]  # (request, government, target id) -> Target or Http404
Scope = Callable[[Target], list[tuple[str, str]]]  # the targets under one (a road map's rows)


@dataclass(frozen=True)
class TargetType:
    kind: str
    resolve: Resolver
    find: Finder
    scope: Scope | None = None


_types: dict[str, TargetType] = {}


def register(kind: str, *, resolve: Resolver, find: Finder, scope: Scope | None = None) -> None:
    """Register a target kind (a ``Link.TargetKind`` value); ``scope`` lists the targets under one."""
    _types[kind] = TargetType(kind, resolve, find, scope)


def packet_scope(request: Any, government: Any, target: Target) -> list[tuple[str, str]]:
    """The target and every target under it, for an evaluator packet."""
    scope = _types[target.kind].scope
    return [(target.kind, target.id), *(scope(target) if scope else [])]


def is_known(kind: str) -> bool:
    return kind in _types


def find(request: Any, government: Any, kind: str, target_id: str) -> Target:
    """The target ``kind``/``target_id`` of ``government`` as the user may see it, else 404."""
    target_type = _types.get(kind)
    if target_type is None:
        raise Http404(_("Halaman tidak ditemukan."))
    target = target_type.find(request, government, target_id)
    if target.government_id != government.pk:
        raise Http404(_("Halaman tidak ditemukan."))
    return target


def resolve(pairs: Iterable[tuple[str, str]]) -> dict[tuple[str, str], Target]:
    """Describe many (kind, id) pairs with one resolver call per kind."""
    by_kind: dict[str, list[str]] = {}
    for kind, target_id in pairs:
        by_kind.setdefault(kind, []).append(str(target_id))
    found: dict[tuple[str, str], Target] = {}
    for kind, ids in by_kind.items():
        target_type = _types.get(kind)
        if target_type is None:
            continue
        for target_id, target in target_type.resolve(sorted(set(ids))).items():
            found[(kind, target_id)] = target
    return found
