"""Login throttling: too many failures for one account or from one address locks it a while."""

from __future__ import annotations

import datetime as dt

from django.conf import settings
from django.utils import timezone

from petajalan.accounts.models import LoginAttempt


def _window_start() -> dt.datetime:
    return timezone.now() - dt.timedelta(seconds=settings.LOGIN_LOCKOUT_SECONDS)


def is_locked(identifier: str, ip_address: str | None) -> bool:
    """True when the identifier, or the address, failed too often within the lock-out window."""
    recent = LoginAttempt.objects.filter(created_at__gte=_window_start())
    limit = settings.LOGIN_MAX_FAILURES
    if recent.filter(identifier=identifier.strip().lower()).count() >= limit:
        return True
    # An address gets more room than one account: an office shares one public address.
    return bool(ip_address) and recent.filter(ip_address=ip_address).count() >= limit * 4


def note_failure(identifier: str, ip_address: str | None) -> None:
    LoginAttempt.objects.create(identifier=identifier.strip().lower()[:254], ip_address=ip_address)


def clear(identifier: str) -> None:
    """A successful login forgets that identifier's failures, and old rows are pruned."""
    LoginAttempt.objects.filter(identifier=identifier.strip().lower()).delete()
    LoginAttempt.objects.filter(created_at__lt=_window_start()).delete()
