"""The one write of the province app: a kab/kota's admin gives a person of the parent province
reviewer (coach) rights over chosen units, through the accounts services (which audit and e-mail).

Revoking is deactivating that membership on the person's page, as for any role.
"""

from __future__ import annotations

from collections.abc import Iterable
from typing import Any

from django.db import transaction
from django.db.models import QuerySet
from django.utils.translation import gettext as _

from petajalan.accounts import services as accounts
from petajalan.accounts.models import Government, Membership, Unit, User
from petajalan.accounts.services import ServiceError

R = Membership.Role
PROVINCE_ROLES = (R.ADMIN, R.REVIEWER)


def province_people(child: Government) -> QuerySet[User]:
    """Active people holding an admin or reviewer role in ``child``'s parent province."""
    if child.parent_id is None:
        return User.objects.none()
    return User.objects.filter(
        is_active=True,
        memberships__government_id=child.parent_id,
        memberships__role__in=PROVINCE_ROLES,
        memberships__is_active=True,
    ).distinct()


def grant_coach(
    *, actor: Any, child: Government, coach: User, units: Iterable[Unit], base_url: str = ""
) -> Membership:
    """Make ``coach`` (admin or reviewer of the parent province) a reviewer of ``units`` of ``child``.

    A new role goes through ``invite_person`` (audited, the person is told by e-mail); a coach who
    already reviews some units here gets the new ones added through ``change_membership``. A coach
    of the whole government, or one whose role here is deactivated, is sent to the person's page.
    """
    chosen = list(units)
    if child.parent_id is None:
        raise ServiceError(_("Pemerintah daerah ini tidak terhubung ke provinsi."))
    if not chosen:
        raise ServiceError(_("Pilih sedikitnya satu perangkat daerah."), "reviewed_units")
    with transaction.atomic():
        if not province_people(child).filter(pk=coach.pk).exists():
            raise ServiceError(_("Orang ini bukan admin atau pendamping di provinsi induk."), "coach")
        existing = (
            Membership.objects.select_for_update()
            .filter(user=coach, government=child, role=R.REVIEWER, unit__isnull=True)
            .select_related("government", "user")
            .first()
        )
        if existing is None or not existing.is_active:
            # the service also refuses a deactivated role with the way out (reactivate it)
            return accounts.invite_person(
                actor=actor,
                government=child,
                email=coach.email,
                full_name=coach.full_name,
                role=R.REVIEWER,
                reviewed_units=chosen,
                base_url=base_url,
            )
        have = list(existing.reviewed_units.all())
        if not have:
            raise ServiceError(
                _(
                    "%(name)s sudah mendampingi seluruh perangkat daerah di sini; "
                    "ubah cakupannya di halaman orangnya."
                )
                % {"name": coach.full_name},
                "coach",
            )
        known = {u.pk for u in have}
        added = [u for u in chosen if u.pk not in known]
        if not added:
            raise ServiceError(
                _("%(name)s sudah mendampingi perangkat daerah yang dipilih.") % {"name": coach.full_name},
                "reviewed_units",
            )
        return accounts.change_membership(
            actor=actor, membership=existing, role=R.REVIEWER, reviewed_units=[*have, *added]
        )
