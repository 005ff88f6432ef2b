"""The one permission gate: every read and write of tenant data is scoped here.

Each QuerySet answers two questions for a user: which rows they may see (``visible_to``) and which
they may change (``editable_by``). Views never decide access themselves; they call these through
``petajalan.accounts.permissions``. Later apps build their own ``visible_to`` on top of
``governments_where`` and ``units_visible_to``.
"""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

from django.apps import apps
from django.db import models
from django.db.models import Exists, OuterRef, Q

if TYPE_CHECKING:
    pass

AnyUser = "User | AbstractBaseUser | AnonymousUser"

ADMIN, DRAFTER, UNIT_HEAD, REVIEWER, LEADER = "admin", "drafter", "unit_head", "reviewer", "leader"


def _is_platform_operator(user: Any) -> bool:
    return bool(user.is_authenticated and user.is_active and user.is_superuser)


def active_memberships(user: Any) -> models.QuerySet:
    """The user's active memberships (none for anonymous or deactivated people)."""
    membership = apps.get_model("accounts", "Membership")
    if not user.is_authenticated or not user.is_active:
        return membership.objects.none()
    return membership.objects.filter(user_id=user.pk, is_active=True)


def governments_where(user: Any, *roles: str) -> models.QuerySet:
    """Ids of governments where the user holds one of ``roles`` (any role when none given)."""
    memberships = active_memberships(user)
    if roles:
        memberships = memberships.filter(role__in=roles)
    return memberships.values("government_id")


def units_visible_to(user: Any) -> Q:
    """A filter on Unit rows the user may see; later apps reuse it as ``unit__in``."""
    membership = apps.get_model("accounts", "Membership")
    memberships = active_memberships(user)
    scoped = membership.reviewed_units.through.objects.filter(membership_id=OuterRef("pk"))
    whole_government = memberships.filter(
        Q(role__in=[ADMIN, LEADER]) | Q(Q(role=REVIEWER) & ~Exists(scoped))
    ).values("government_id")
    reviewed = membership.reviewed_units.through.objects.filter(
        membership__in=memberships.filter(role=REVIEWER)
    ).values("unit_id")
    own = memberships.filter(role__in=[DRAFTER, UNIT_HEAD]).values("unit_id")
    return Q(government_id__in=whole_government) | Q(pk__in=reviewed) | Q(pk__in=own)


class GovernmentQuerySet(models.QuerySet):
    def visible_to(self, user: Any) -> GovernmentQuerySet:
        """Governments where the user holds any active role."""
        if _is_platform_operator(user):
            return self.all()
        return self.filter(pk__in=governments_where(user))

    def editable_by(self, user: Any) -> GovernmentQuerySet:
        """Governments the user administers (Bagian Organisasi)."""
        if _is_platform_operator(user):
            return self.all()
        return self.filter(pk__in=governments_where(user, ADMIN))


class UnitQuerySet(models.QuerySet):
    def visible_to(self, user: Any) -> UnitQuerySet:
        """Admins, leaders and government-wide reviewers see every unit; others their own."""
        if _is_platform_operator(user):
            return self.all()
        return self.filter(units_visible_to(user))

    def editable_by(self, user: Any) -> UnitQuerySet:
        """Only the Bagian Organisasi manages the list of units."""
        if _is_platform_operator(user):
            return self.all()
        return self.filter(government_id__in=governments_where(user, ADMIN))

    def for_list(self) -> UnitQuerySet:
        """What the unit list shows, in one query with the member count."""
        return self.select_related("parent").annotate(
            member_count=models.Count("memberships", filter=Q(memberships__is_active=True))
        )

    def search(self, text: str) -> UnitQuerySet:
        """Units whose name, short name or code contains ``text`` (case-insensitive)."""
        text = (text or "").strip()
        if not text:
            return self
        return self.filter(Q(name__icontains=text) | Q(short_name__icontains=text) | Q(code__icontains=text))


class UserQuerySet(models.QuerySet):
    def visible_to(self, user: Any) -> UserQuerySet:
        """Oneself, and the people of the governments one administers."""
        if _is_platform_operator(user):
            return self.all()
        if not user.is_authenticated:
            return self.none()
        membership = apps.get_model("accounts", "Membership")
        administered = membership.objects.filter(government_id__in=governments_where(user, ADMIN))
        return self.filter(Q(pk=user.pk) | Q(pk__in=administered.values("user_id")))

    def editable_by(self, user: Any) -> UserQuerySet:
        """People of the governments one administers (oneself is edited on the profile page)."""
        if _is_platform_operator(user):
            return self.all()
        membership = apps.get_model("accounts", "Membership")
        administered = membership.objects.filter(government_id__in=governments_where(user, ADMIN))
        return self.filter(pk__in=administered.values("user_id"))


class MembershipQuerySet(models.QuerySet):
    def visible_to(self, user: Any) -> MembershipQuerySet:
        """One's own memberships, and all of a government one administers."""
        if _is_platform_operator(user):
            return self.all()
        if not user.is_authenticated:
            return self.none()
        return self.filter(Q(user_id=user.pk) | Q(government_id__in=governments_where(user, ADMIN)))

    def editable_by(self, user: Any) -> MembershipQuerySet:
        """Roles are assigned by the Bagian Organisasi of the same government."""
        if _is_platform_operator(user):
            return self.all()
        return self.filter(government_id__in=governments_where(user, ADMIN))

    def for_people_list(self) -> MembershipQuerySet:
        """What the people list shows: person, unit and reviewed units in a constant number of queries."""
        return self.select_related("user", "unit").prefetch_related("reviewed_units")

    def search(self, text: str) -> MembershipQuerySet:
        """Memberships whose person's name, e-mail or NIP contains ``text``."""
        text = (text or "").strip()
        if not text:
            return self
        digits = text.replace(" ", "").replace(".", "")
        return self.filter(
            Q(user__full_name__icontains=text)
            | Q(user__email__icontains=text)
            | Q(user__nip__contains=digits)
        )


class AuditEventQuerySet(models.QuerySet):
    def for_list(self) -> AuditEventQuerySet:
        """What the audit screen shows, with the actor in the same query."""
        return self.select_related("actor")

    def visible_to(self, user: Any) -> AuditEventQuerySet:
        """The audit log of a government is read by its Bagian Organisasi."""
        if _is_platform_operator(user):
            return self.all()
        return self.filter(government_id__in=governments_where(user, ADMIN))

    def editable_by(self, user: Any) -> AuditEventQuerySet:
        """Nobody edits the audit log."""
        return self.none()


class ImportBatchQuerySet(models.QuerySet):
    def visible_to(self, user: Any) -> ImportBatchQuerySet:
        """Import batches are read by the Bagian Organisasi of their government."""
        if _is_platform_operator(user):
            return self.all()
        return self.filter(government_id__in=governments_where(user, ADMIN))

    def editable_by(self, user: Any) -> ImportBatchQuerySet:
        """And confirmed by it."""
        return self.visible_to(user)
