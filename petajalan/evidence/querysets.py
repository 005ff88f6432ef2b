"""Reads of the evidence bank, scoped through the one permission gate.

A unit's people see and manage their unit's evidence; admins, leaders and government-wide
reviewers see every unit's; a reviewer of chosen units sees theirs. Documents of the government
itself (no unit) are read by everybody with a role there and managed by its Bagian Organisasi.
"""

from __future__ import annotations

import datetime as dt
from typing import Any, Protocol

from django.apps import apps
from django.db import models
from django.db.models import Count, Exists, OuterRef, Q, Subquery
from django.db.models.functions import Coalesce

from petajalan.accounts.querysets import (
    ADMIN,
    DRAFTER,
    UNIT_HEAD,
    _is_platform_operator,
    active_memberships,
    governments_where,
    units_visible_to,
)

EXPIRING_DAYS = 60  # "expiring" means valid until a date within this many days


def _visible(user: Any) -> Q:
    unit = apps.get_model("accounts", "Unit")
    return Q(unit__in=unit.objects.filter(units_visible_to(user)).values("pk")) | Q(
        unit__isnull=True, government_id__in=governments_where(user)
    )


def _editable(user: Any) -> Q:
    own_units = active_memberships(user).filter(role__in=[DRAFTER, UNIT_HEAD]).values("unit_id")
    return Q(government_id__in=governments_where(user, ADMIN)) | Q(unit_id__in=own_units)


class _Linked(Protocol):
    item_id: int


def readable_links[L: _Linked](user: Any, links: list[L]) -> tuple[list[L], int]:
    """The ``links`` (already read, each with ``item_id``) whose document ``user`` may open, and how
    many others there are. A target's page may be open to people who may not open every document
    linked to it (a Bagian Organisasi criterion linked to a unit's report, say): its panels show
    those as a number, never their titles, thumbnails or addresses. One query when there are links;
    none when there are not."""
    if not links:
        return links, 0
    item = apps.get_model("evidence", "Item")
    ids = {link.item_id for link in links}
    may = set(item.objects.visible_to(user).filter(pk__in=ids).values_list("pk", flat=True))
    shown = [link for link in links if link.item_id in may]
    return shown, len(links) - len(shown)


class ItemQuerySet(models.QuerySet):
    def visible_to(self, user: Any) -> ItemQuerySet:
        """Evidence the user may read."""
        if _is_platform_operator(user):
            return self.all()
        return self.filter(_visible(user))

    def editable_by(self, user: Any) -> ItemQuerySet:
        """Evidence the user may change, version, link and delete: their unit's, or all for the admin."""
        if _is_platform_operator(user):
            return self.all()
        return self.filter(_editable(user))

    def for_list(self) -> ItemQuerySet:
        """What the bank's list shows: unit, current file and number of links, in one query."""
        link = apps.get_model("evidence", "Link")
        # a correlated count, not a GROUP BY over the whole bank: the page's count query stays plain
        links = link.objects.filter(item_id=OuterRef("pk")).order_by().values("item_id")
        return (
            self.select_related("unit", "current", "current__blob")
            .annotate(link_count=Coalesce(Subquery(links.annotate(n=Count("pk")).values("n")), 0))
            .order_by("-created_at", "-id")
        )

    def search(self, text: str) -> ItemQuerySet:
        """Items whose metadata or PDF text contains every word of ``text`` (case-insensitive)."""
        items = self
        for word in (text or "").lower().split()[:8]:
            items = items.filter(search_text__contains=word)
        return items

    def unlinked(self) -> ItemQuerySet:
        link = apps.get_model("evidence", "Link")
        return self.filter(~Exists(link.objects.filter(item_id=OuterRef("pk"))))

    def expiring(self, today: dt.date) -> ItemQuerySet:
        """Valid until a date between ``today`` and ``EXPIRING_DAYS`` ahead, or already lapsed."""
        return self.filter(
            valid_until__isnull=False, valid_until__lte=today + dt.timedelta(days=EXPIRING_DAYS)
        )

    def covering(self, year: int) -> ItemQuerySet:
        """Items that speak for ``year``: their years include it and they had not lapsed before it."""
        return self.filter(
            Q(year_from__isnull=True) | Q(year_from__lte=year),
            Q(year_to__isnull=True) | Q(year_to__gte=year),
            Q(valid_until__isnull=True) | Q(valid_until__gte=dt.date(year, 1, 1)),
        )

    def with_tag(self, tag: str) -> ItemQuerySet:
        tag = tag.strip().lower()
        return self.filter(search_text__contains=f"#{tag}#") if tag else self


class VersionQuerySet(models.QuerySet):
    def visible_to(self, user: Any) -> VersionQuerySet:
        """Versions follow their item."""
        if _is_platform_operator(user):
            return self.all()
        return self.filter(item__in=apps.get_model("evidence", "Item").objects.visible_to(user).values("pk"))

    def editable_by(self, user: Any) -> VersionQuerySet:
        if _is_platform_operator(user):
            return self.all()
        return self.filter(item__in=apps.get_model("evidence", "Item").objects.editable_by(user).values("pk"))


class LinkQuerySet(models.QuerySet):
    def visible_to(self, user: Any) -> LinkQuerySet:
        """Links follow their item (the target's own page checks the target)."""
        if _is_platform_operator(user):
            return self.all()
        return self.filter(item__in=apps.get_model("evidence", "Item").objects.visible_to(user).values("pk"))

    def editable_by(self, user: Any) -> LinkQuerySet:
        if _is_platform_operator(user):
            return self.all()
        return self.filter(item__in=apps.get_model("evidence", "Item").objects.editable_by(user).values("pk"))

    def for_target(self, kind: str, ids: list[str]) -> LinkQuerySet:
        """Links of the targets ``ids`` of ``kind`` with item, version and blob, in one query."""
        return self.filter(target_kind=kind, target_id__in=[str(i) for i in ids]).select_related(
            "item", "item__unit", "version", "version__blob"
        )
