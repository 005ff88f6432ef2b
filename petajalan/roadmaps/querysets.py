"""Who sees and who edits road maps, and the per-screen loading of their rows.

Unit road maps are seen by whoever sees the unit (its people, its reviewers, admins and leaders)
and edited by the unit's drafters and head while a draft or after changes were requested. The
city road map is seen by everyone in the government and edited by its admins (Bagian Organisasi).
Reviewers and leaders never edit content.
"""

from __future__ import annotations

from typing import Any

from django.apps import apps
from django.db import models
from django.db.models import Prefetch, Q

from petajalan.accounts.querysets import (
    ADMIN,
    DRAFTER,
    UNIT_HEAD,
    active_memberships,
    governments_where,
    units_visible_to,
)

EDITABLE = ("draft", "changes_requested")


def _superuser(user: Any) -> bool:
    return bool(user.is_authenticated and user.is_active and user.is_superuser)


class RoadmapQuerySet(models.QuerySet):
    def visible_to(self, user: Any) -> RoadmapQuerySet:
        """City road maps of one's governments; unit road maps of the units one may see."""
        if _superuser(user):
            return self.all()
        unit = apps.get_model("accounts", "Unit")
        visible_units = unit.objects.filter(units_visible_to(user)).values("pk")
        return self.filter(
            Q(unit__isnull=True, government_id__in=governments_where(user)) | Q(unit_id__in=visible_units)
        )

    def editable_by(self, user: Any) -> RoadmapQuerySet:
        """Road maps whose content the user may change now (draft or changes requested)."""
        qs = self.filter(status__in=EDITABLE)
        if _superuser(user):
            return qs
        own_units = active_memberships(user).filter(role__in=[DRAFTER, UNIT_HEAD]).values("unit_id")
        return qs.filter(
            Q(unit_id__in=own_units) | Q(unit__isnull=True, government_id__in=governments_where(user, ADMIN))
        )

    def for_list(self) -> RoadmapQuerySet:
        """The list and tracker pages: unit and counts in one query."""
        return self.select_related("unit", "government").annotate(
            action_count=models.Count("actions", distinct=True),
        )

    def for_matrix(self) -> RoadmapQuerySet:
        """Everything the action matrix and ``to_plain`` read, in a constant number of queries."""
        action = apps.get_model("roadmaps", "Action")
        return self.select_related("unit", "government").prefetch_related(
            "pack_versions__pack",
            "chapters",
            "problems",
            Prefetch(
                "actions",
                queryset=action.objects.select_related("responsible_unit", "cascade").prefetch_related(
                    "targets", "budgets", "problems", "supporting_units"
                ),
            ),
            "quick_wins",
            "team",
            "change_agents",
        )


class RowQuerySet(models.QuerySet):
    """Rows of a road map follow the road map's own visibility and editability."""

    def visible_to(self, user: Any) -> RowQuerySet:
        roadmap = apps.get_model("roadmaps", "Roadmap")
        return self.filter(roadmap__in=roadmap.objects.visible_to(user).values("pk"))

    def editable_by(self, user: Any) -> RowQuerySet:
        roadmap = apps.get_model("roadmaps", "Roadmap")
        return self.filter(roadmap__in=roadmap.objects.editable_by(user).values("pk"))
