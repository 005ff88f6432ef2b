"""Who sees and who changes the clinic's records, built on the accounts permission gate.

Coaching sessions are seen by everyone in the government and run by its Bagian Organisasi
(admins). Consultation notes and follow-ups are seen by whoever sees the unit; coaches (reviewers)
write notes for the units they review; the unit's own people tick their follow-ups done.
Acknowledgements of findings follow the road map's own visibility.
"""

from __future__ import annotations

from typing import Any

from django.apps import apps
from django.db import models
from django.db.models import Q

from petajalan.accounts.querysets import (
    ADMIN,
    DRAFTER,
    REVIEWER,
    UNIT_HEAD,
    active_memberships,
    governments_where,
    units_visible_to,
)


def _superuser(user: Any) -> bool:
    return bool(user.is_authenticated and user.is_active and user.is_superuser)


def _visible_units(user: Any) -> models.QuerySet:
    return apps.get_model("accounts", "Unit").objects.filter(units_visible_to(user)).values("pk")


def coached_units(user: Any) -> models.QuerySet:
    """Units a reviewer coaches: those named on their membership, or all units of their government."""
    unit = apps.get_model("accounts", "Unit")
    membership = apps.get_model("accounts", "Membership")
    reviewer = active_memberships(user).filter(role=REVIEWER)
    scoped = membership.reviewed_units.through.objects.filter(membership__in=reviewer).values("unit_id")
    unscoped = reviewer.exclude(pk__in=membership.reviewed_units.through.objects.values("membership_id"))
    return unit.objects.filter(
        Q(pk__in=scoped) | Q(government_id__in=unscoped.values("government_id"))
    ).values("pk")


class SessionQuerySet(models.QuerySet):
    def visible_to(self, user: Any) -> SessionQuerySet:
        """Sessions of every government where the user holds a role."""
        if _superuser(user):
            return self.all()
        return self.filter(government_id__in=governments_where(user))

    def editable_by(self, user: Any) -> SessionQuerySet:
        """The Bagian Organisasi runs the sessions."""
        if _superuser(user):
            return self.all()
        return self.filter(government_id__in=governments_where(user, ADMIN))

    def for_list(self) -> SessionQuerySet:
        return self.annotate(
            invited_count=models.Count("invited_units", distinct=True),
            participant_count=models.Count("participants", distinct=True),
            present_count=models.Count(
                "participants", filter=Q(participants__is_present=True), distinct=True
            ),
        )


class SessionPartQuerySet(models.QuerySet):
    """Participants and materials follow their session."""

    def visible_to(self, user: Any) -> SessionPartQuerySet:
        session = apps.get_model("clinic", "ClinicSession")
        return self.filter(session__in=session.objects.visible_to(user).values("pk"))

    def editable_by(self, user: Any) -> SessionPartQuerySet:
        session = apps.get_model("clinic", "ClinicSession")
        return self.filter(session__in=session.objects.editable_by(user).values("pk"))


class ConsultationQuerySet(models.QuerySet):
    def visible_to(self, user: Any) -> ConsultationQuerySet:
        """Notes about the units the user may see."""
        if _superuser(user):
            return self.all()
        return self.filter(unit_id__in=_visible_units(user))

    def editable_by(self, user: Any) -> ConsultationQuerySet:
        """Admins of the government and the unit's coaches."""
        if _superuser(user):
            return self.all()
        return self.filter(
            Q(government_id__in=governments_where(user, ADMIN)) | Q(unit_id__in=coached_units(user))
        )


class FollowUpQuerySet(models.QuerySet):
    def visible_to(self, user: Any) -> FollowUpQuerySet:
        if _superuser(user):
            return self.all()
        return self.filter(unit_id__in=_visible_units(user))

    def editable_by(self, user: Any) -> FollowUpQuerySet:
        """The unit's own drafters and head tick it done; admins and its coaches too."""
        if _superuser(user):
            return self.all()
        own = active_memberships(user).filter(role__in=[DRAFTER, UNIT_HEAD]).values("unit_id")
        return self.filter(
            Q(unit_id__in=own)
            | Q(government_id__in=governments_where(user, ADMIN))
            | Q(unit_id__in=coached_units(user))
        )

    def open(self) -> FollowUpQuerySet:
        return self.filter(is_done=False)


class RoadmapPartQuerySet(models.QuerySet):
    """Acknowledgements and coach assignments follow their road map."""

    def visible_to(self, user: Any) -> RoadmapPartQuerySet:
        roadmap = apps.get_model("roadmaps", "Roadmap")
        return self.filter(roadmap__in=roadmap.objects.visible_to(user).values("pk"))

    def editable_by(self, user: Any) -> RoadmapPartQuerySet:
        roadmap = apps.get_model("roadmaps", "Roadmap")
        return self.filter(roadmap__in=roadmap.objects.editable_by(user).values("pk"))
