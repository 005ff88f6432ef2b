"""Who hears about a road map, and telling them: in-app notifications plus an e-mail after commit."""

from __future__ import annotations

import logging
from collections.abc import Iterable
from typing import Any

from django.conf import settings
from django.core.mail import send_mass_mail
from django.db import transaction
from django.db.models import Count, Q
from django.urls import reverse

from petajalan.accounts.models import Membership, User
from petajalan.roadmaps.models import Notification, Roadmap

R = Membership.Role
log = logging.getLogger(__name__)


def unit_people(roadmap: Roadmap) -> list[User]:
    """Drafters and head of the road map's unit (admins for the city road map)."""
    members = Membership.objects.filter(government=roadmap.government, is_active=True, user__is_active=True)
    if roadmap.unit_id is None:
        members = members.filter(role=R.ADMIN)
    else:
        members = members.filter(role__in=[R.DRAFTER, R.UNIT_HEAD], unit_id=roadmap.unit_id)
    return list(User.objects.filter(pk__in=members.values("user_id")))


def reviewers_and_admins(roadmap: Roadmap) -> list[User]:
    """Admins, and reviewers who coach this unit (or every unit)."""
    members = (
        Membership.objects.filter(government=roadmap.government, is_active=True, user__is_active=True)
        .annotate(scoped=Count("reviewed_units"))
        .filter(
            Q(role=R.ADMIN)
            | Q(role=R.REVIEWER, scoped=0)
            | Q(role=R.REVIEWER, reviewed_units=roadmap.unit_id)
        )
    )
    return list(User.objects.filter(pk__in=members.values("user_id")))


def roadmap_url(roadmap: Roadmap) -> str:
    return reverse(
        "roadmaps:roadmap-detail", kwargs={"gov": roadmap.government.slug, "roadmap": roadmap.uuid}
    )


def notify(
    recipients: Iterable[User], roadmap: Roadmap, message: str, *, actor: Any = None, url: str = ""
) -> int:
    """One in-app notice per recipient (never the actor), and an e-mail once the transaction commits;
    ``url`` is where the notice leads (the road map by default)."""
    url = url or roadmap_url(roadmap)
    people = {u.pk: u for u in recipients if not (actor is not None and u.pk == getattr(actor, "pk", None))}
    Notification.objects.bulk_create(
        [
            Notification(
                government=roadmap.government, recipient=u, roadmap=roadmap, message=message[:300], url=url
            )
            for u in people.values()
        ]
    )
    emails = [u.email for u in people.values() if u.email]
    if emails:
        body = f"{message}\n\n{settings.SITE_URL}{url}\n"

        def send() -> None:
            # the in-app notice is already stored; a mail server being down must not undo the change.
            # One message per person: colleagues do not see each other's addresses.
            try:
                subject = f"[Petajalan] {message[:120]}"
                send_mass_mail([(subject, body, None, [email]) for email in emails])
            except OSError:
                log.warning("road-map notification e-mail to %d people failed", len(emails), exc_info=True)

        transaction.on_commit(send)
    return len(people)
