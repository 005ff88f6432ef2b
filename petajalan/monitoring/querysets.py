"""Who sees and who writes quarterly reports, through the one permission gate.

A report is seen by whoever sees its road map. The unit's drafters and head write its figures (the
admin writes the city road map's); the head (for the city: the admin) submits; the Bagian Organisasi
and the reviewers who coach the unit verify or return. Leaders read.
"""

from __future__ import annotations

from typing import Any

from django.apps import apps
from django.db import models
from django.db.models import Exists, OuterRef, Q

from petajalan.accounts.querysets import (
    ADMIN,
    DRAFTER,
    REVIEWER,
    UNIT_HEAD,
    _is_platform_operator,
    active_memberships,
    governments_where,
)


def writers_filter(user: Any) -> Q:
    """Reports the user may type into: their unit's, or the city's for its admin (also before a
    report exists, to decide who may open a quarter)."""
    own_units = active_memberships(user).filter(role__in=[DRAFTER, UNIT_HEAD]).values("unit_id")
    return Q(unit_id__in=own_units) | Q(unit__isnull=True, government_id__in=governments_where(user, ADMIN))


def verifiers_filter(user: Any) -> Q:
    """Admins of the government; reviewers of the unit (all units when their scope is empty). On
    reports, and on road maps (the same ``government_id`` and ``unit_id``): the chase list's scope."""
    membership = apps.get_model("accounts", "Membership")
    memberships = active_memberships(user).filter(role=REVIEWER)
    scoped = membership.reviewed_units.through.objects.filter(membership_id=OuterRef("pk"))
    whole = memberships.filter(~Exists(scoped)).values("government_id")
    chosen = membership.reviewed_units.through.objects.filter(membership__in=memberships).values("unit_id")
    return (
        Q(government_id__in=governments_where(user, ADMIN))
        | Q(government_id__in=whole, unit__isnull=False)
        | Q(unit_id__in=chosen)
    )


class ReportQuerySet(models.QuerySet):
    def visible_to(self, user: Any) -> ReportQuerySet:
        """Reports of the road maps the user may see."""
        if _is_platform_operator(user):
            return self.all()
        roadmap = apps.get_model("roadmaps", "Roadmap")
        return self.filter(roadmap__in=roadmap.objects.visible_to(user).values("pk"))

    def editable_by(self, user: Any) -> ReportQuerySet:
        """Reports whose figures the user may type (whatever the state; services check the state)."""
        if _is_platform_operator(user):
            return self.all()
        return self.filter(writers_filter(user))

    def submittable_by(self, user: Any) -> ReportQuerySet:
        """The unit head submits the unit's report; the admin the city's (and may for any unit)."""
        if _is_platform_operator(user):
            return self.all()
        heads = active_memberships(user).filter(role=UNIT_HEAD).values("unit_id")
        return self.filter(Q(unit_id__in=heads) | Q(government_id__in=governments_where(user, ADMIN)))

    def verifiable_by(self, user: Any) -> ReportQuerySet:
        if _is_platform_operator(user):
            return self.all()
        return self.filter(verifiers_filter(user))


class RealisationQuerySet(models.QuerySet):
    def visible_to(self, user: Any) -> RealisationQuerySet:
        if _is_platform_operator(user):
            return self.all()
        report = apps.get_model("monitoring", "QuarterReport")
        return self.filter(report__in=report.objects.visible_to(user).values("pk"))

    def editable_by(self, user: Any) -> RealisationQuerySet:
        if _is_platform_operator(user):
            return self.all()
        return self.filter(writers_filter(user))

    def counted(self) -> RealisationQuerySet:
        """The verified rows: the figures that roll up and are published."""
        return self.filter(is_counted=True)
