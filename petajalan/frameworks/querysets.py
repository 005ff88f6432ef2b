"""Reads of framework packs: what a government may see and which versions are in force."""

from __future__ import annotations

from typing import Any

from django.apps import apps
from django.db import models
from django.db.models import Q

from petajalan.accounts.querysets import ADMIN, governments_where


class PackVersionQuerySet(models.QuerySet):
    def visible_to(self, user: Any) -> PackVersionQuerySet:
        """Shipped versions to everyone signed in; uploaded ones to their own government."""
        if not user.is_authenticated:
            return self.none()
        if user.is_superuser:
            return self.all()
        return self.filter(Q(owner__isnull=True) | Q(owner_id__in=governments_where(user)))

    def editable_by(self, user: Any) -> PackVersionQuerySet:
        """Nobody edits a stored version; admins activate versions visible to them."""
        if not user.is_authenticated:
            return self.none()
        if user.is_superuser:
            return self.all()
        admin_of = governments_where(user, ADMIN)
        if not admin_of.exists():
            return self.none()
        return self.filter(Q(owner__isnull=True) | Q(owner_id__in=admin_of))

    def usable_in(self, government: Any) -> PackVersionQuerySet:
        """Versions a government may read and adopt: the shipped ones and its own uploads."""
        return self.filter(Q(owner__isnull=True) | Q(owner=government))

    def in_force_for(self, government: Any, purpose: str | None = None) -> PackVersionQuerySet:
        """The version of each pack that the government adopted, or else the newest shipped one."""
        adoption = apps.get_model("frameworks", "Adoption")
        adopted = dict(adoption.objects.filter(government=government).values_list("pack_id", "version_id"))
        rows = self.filter(owner__isnull=True)
        if purpose:
            rows = rows.filter(pack__purpose=purpose)
        chosen: dict[int, int] = {}
        newest: dict[int, tuple[Any, Any, int]] = {}
        for pk, pack_id, valid_from, loaded_at in rows.values_list(
            "pk", "pack_id", "valid_from", "loaded_at"
        ):
            rank = (valid_from.toordinal() if valid_from else 0, loaded_at, pk)
            if pack_id not in newest or rank > newest[pack_id]:
                newest[pack_id] = rank
                chosen[pack_id] = pk
        chosen.update(adopted)
        qs = self.filter(pk__in=chosen.values()).select_related("pack")
        if purpose:
            qs = qs.filter(pack__purpose=purpose)
        return qs


class NodeQuerySet(models.QuerySet):
    def focus_nodes(self) -> NodeQuerySet:
        """Areas, RB General main activities and RB Tematik themes: what actions are filed under."""
        return self.filter(kind__in=["area", "main_activity", "theme"])

    def for_tree(self) -> NodeQuerySet:
        """Every node of a version in display order, with the parent key, in one query."""
        return self.order_by("order", "id").annotate(parent_key=models.F("parent__key"))
