"""Logins and logouts go to the audit log."""

from __future__ import annotations

from typing import Any

from django.contrib.auth.signals import user_logged_in, user_logged_out
from django.dispatch import receiver

from petajalan.accounts.audit import record
from petajalan.accounts.models import AuditEvent


def client_ip(request: Any) -> str | None:
    return request.META.get("REMOTE_ADDR") if request is not None else None


@receiver(user_logged_in)
def _on_login(sender: Any, request: Any, user: Any, **kwargs: Any) -> None:
    record(
        actor=user, action=AuditEvent.Action.LOGIN, obj=user, ip_address=client_ip(request), summary="login"
    )


@receiver(user_logged_out)
def _on_logout(sender: Any, request: Any, user: Any, **kwargs: Any) -> None:
    if user is not None:
        record(
            actor=user,
            action=AuditEvent.Action.LOGOUT,
            obj=user,
            ip_address=client_ip(request),
            summary="logout",
        )
