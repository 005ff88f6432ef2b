"""Background work of the accounts app (at once in development, by `petajalan db_worker` in production)."""

from __future__ import annotations

from django.tasks import task

from petajalan.accounts.models import Membership, User
from petajalan.accounts.services import send_invitation


@task()
def send_invitations(membership_ids: list[int], base_url: str, inviter_id: int | None) -> int:
    """Send the invitation e-mail of each new account created by an import; returns how many were sent."""
    inviter = User.objects.filter(pk=inviter_id).first() if inviter_id else None
    memberships = Membership.objects.filter(pk__in=membership_ids).select_related(
        "user", "unit", "government"
    )
    sent = 0
    for membership in memberships:
        send_invitation(membership.user, membership, base_url=base_url, inviter=inviter, is_new=True)
        sent += 1
    return sent
