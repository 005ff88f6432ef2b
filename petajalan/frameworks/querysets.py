"""Reads of framework packs: what a government may see and which versions are in force."""

from __future__ import annotations

from typing import Any

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
        if user.is_authenticated and user.is_superuser:
            return self.all()
        return self.filter(owner_id__in=governments_where(user, ADMIN))

    def in_force_for(self, government: Any, purpose: str | None = None) -> PackVersionQuerySet:
        """The version of each pack that the government adopted, or else the newest shipped one."""
        adopted = self.filter(adoptions__government=government)
        shipped = self.filter(owner__isnull=True).exclude(pack__adoptions__government=government)
        qs = (adopted | shipped).select_related("pack")
        if purpose:
            qs = qs.filter(pack__purpose=purpose)
        # newest shipped version per pack when nothing is adopted
        latest: dict[int, int] = {}
        for pk, pack_id, adopted_flag in qs.order_by("pack_id", "-valid_from", "-loaded_at").values_list(
            "pk", "pack_id", "adoptions__government"
        ):
            if pack_id not in latest or adopted_flag == government.pk:
                latest[pack_id] = pk
        return self.filter(pk__in=latest.values()).select_related("pack")


class NodeQuerySet(models.QuerySet):
    def focus_nodes(self) -> NodeQuerySet:
        """Areas, RB General main activities and RB Tematik themes: what actions are filed under."""
        return self.filter(kind__in=["area", "main_activity", "theme"])
