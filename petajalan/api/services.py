"""Writes of personal API tokens: make one (the secret is returned once) and revoke one.

The token is ``pj_<prefix>_<secret>``: an 8-character public prefix to find the row and a random
256-bit secret of which only the SHA-256 is stored. A fast hash is right for random secrets of that
size (nothing to brute-force), and the comparison is constant-time.
"""

from __future__ import annotations

import datetime as dt
import hashlib
import hmac
import secrets
from dataclasses import dataclass
from typing import Any

from django.conf import settings
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from petajalan.accounts.audit import record
from petajalan.accounts.models import AuditEvent, Government, User
from petajalan.accounts.services import ServiceError
from petajalan.api.models import ApiToken

A = AuditEvent.Action
TOKEN_FIELDS = ["name", "scope", "expires_at"]


def default_days() -> int:
    return int(getattr(settings, "API_TOKEN_DEFAULT_DAYS", 90))


def max_days() -> int:
    return int(getattr(settings, "API_TOKEN_MAX_DAYS", 365))


def hash_secret(secret: str) -> str:
    return hashlib.sha256(secret.encode()).hexdigest()


@dataclass(frozen=True)
class NewToken:
    """A token just made: the row and the full token text, which is never shown again."""

    token: ApiToken
    text: str


def create_token(*, actor: Any, user: User, name: str, scope: str, days: int | None = None) -> NewToken:
    """Make a token for ``user`` valid ``days`` days (default 90, at most a year); return its text once."""
    days = default_days() if days is None else days
    if days < 1 or days > max_days():
        raise ServiceError(_("Masa berlaku token antara 1 dan %(n)s hari.") % {"n": max_days()}, field="days")
    name = " ".join((name or "").split())[:80]
    if not name:
        raise ServiceError(_("Beri nama token, mis. «e-SAKIP»."), field="name")
    if scope not in ApiToken.Scope.values:
        raise ServiceError(_("Cakupan token tidak dikenal."), field="scope")
    secret = secrets.token_urlsafe(32)  # 256 random bits
    with transaction.atomic():
        prefix = secrets.token_hex(4)
        while ApiToken.objects.filter(prefix=prefix).exists():  # 1 in 4 billion; cheap to be sure
            prefix = secrets.token_hex(4)
        token = ApiToken.objects.create(
            user=user,
            name=name,
            scope=scope,
            prefix=prefix,
            secret_sha256=hash_secret(secret),
            expires_at=timezone.now() + dt.timedelta(days=days),
        )
        record(
            actor=actor,
            action=A.CREATE,
            obj=token,
            object_type="api.apitoken",
            summary=_("Token API %(t)s dibuat untuk %(u)s") % {"t": token, "u": user.email},
            after={
                "name": token.name,
                "scope": token.scope,
                "prefix": token.prefix,
                "user": user.email,
                "expires_at": token.expires_at.isoformat(),
            },
        )
    return NewToken(token=token, text=f"pj_{prefix}_{secret}")


def revoke_token(*, actor: Any, token: ApiToken, government: Government | None = None) -> ApiToken:
    """Revoke a token now (revoking twice keeps the first date); ``government``: where the admin
    revoked it, so the event shows in that government's audit log."""
    with transaction.atomic():
        current = ApiToken.objects.select_for_update().select_related("user").get(pk=token.pk)
        if current.revoked_at is not None:
            return current
        current.revoked_at = timezone.now()
        current.revoked_by = actor if getattr(actor, "is_authenticated", False) else None
        current.save(update_fields=["revoked_at", "revoked_by"])
        record(
            actor=actor,
            action=A.DEACTIVATE,
            obj=current,
            government=government,
            object_type="api.apitoken",
            summary=_("Token API %(t)s milik %(u)s dicabut") % {"t": current, "u": current.user.email},
            after={"prefix": current.prefix, "revoked_at": current.revoked_at.isoformat()},
        )
    return current


def parse_token(text: str) -> tuple[str, str] | None:
    """(prefix, secret) of a token's text, or None when it does not have the token's shape."""
    parts = (text or "").strip().split("_", 2)
    if len(parts) != 3 or parts[0] != "pj" or len(parts[1]) != 8 or len(parts[2]) < 20:
        return None
    return parts[1], parts[2]


def find_token(text: str) -> ApiToken | None:
    """The token row whose secret matches ``text`` (revoked and expired included), else None."""
    parsed = parse_token(text)
    if parsed is None:
        return None
    prefix, secret = parsed
    token = ApiToken.objects.select_related("user").filter(prefix=prefix).first()
    if token is None or not hmac.compare_digest(token.secret_sha256, hash_secret(secret)):
        return None
    return token


def touch(token: ApiToken) -> None:
    """Note the token's use, at most once a minute (no write per request)."""
    now = timezone.now()
    if token.last_used_at is not None and now - token.last_used_at < dt.timedelta(minutes=1):
        return
    ApiToken.objects.filter(pk=token.pk).update(last_used_at=now)
    token.last_used_at = now
