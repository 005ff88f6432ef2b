"""Who sees and who writes a self-assessment, through the one permission gate.

Everyone with a role in the government reads its cycles (the answers are internal to the
government, never public). The Bagian Organisasi (admin) runs the cycle and may answer any item;
a unit's drafters and head answer the items assigned to their unit; the Inspektorat (reviewers)
verifies the items of the units it reviews (all when its scope is empty); leaders read.
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


class CycleQuerySet(models.QuerySet):
    def visible_to(self, user: Any) -> CycleQuerySet:
        if _is_platform_operator(user):
            return self.all()
        return self.filter(government_id__in=governments_where(user))

    def editable_by(self, user: Any) -> CycleQuerySet:
        """Cycles whose phases, windows, assignments and evaluator results the user manages."""
        if _is_platform_operator(user):
            return self.all()
        return self.filter(government_id__in=governments_where(user, ADMIN))


def _reviewer_filter(user: Any) -> Q:
    membership = apps.get_model("accounts", "Membership")
    memberships = active_memberships(user).filter(role=REVIEWER)
    scoped = membership.reviewed_units.through.objects.filter(membership_id=OuterRef("pk"))
    whole = memberships.filter(~Exists(scoped)).values("government_id")
    chosen = membership.reviewed_units.through.objects.filter(membership__in=memberships).values("unit_id")
    return Q(cycle__government_id__in=whole) | Q(unit_id__in=chosen)


class AnswerQuerySet(models.QuerySet):
    def visible_to(self, user: Any) -> AnswerQuerySet:
        if _is_platform_operator(user):
            return self.all()
        return self.filter(cycle__government_id__in=governments_where(user))

    def editable_by(self, user: Any) -> AnswerQuerySet:
        """Items whose self answer the user may write (services check the phase and window)."""
        if _is_platform_operator(user):
            return self.all()
        own_units = active_memberships(user).filter(role__in=[DRAFTER, UNIT_HEAD]).values("unit_id")
        return self.filter(
            Q(unit_id__in=own_units) | Q(cycle__government_id__in=governments_where(user, ADMIN))
        )

    def verifiable_by(self, user: Any) -> AnswerQuerySet:
        """Items the user may verify: the admin's government, the reviewer's units."""
        if _is_platform_operator(user):
            return self.all()
        return self.filter(
            Q(cycle__government_id__in=governments_where(user, ADMIN)) | _reviewer_filter(user)
        )
