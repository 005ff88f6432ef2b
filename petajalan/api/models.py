"""Personal API tokens: a person's key for other systems (e-SAKIP, planning tools) to use the API.

Only the SHA-256 of the secret is stored; the token is shown once when it is made. A token acts as
its owner through the same permission gate as the pages, limited by its scope (read or read-write).
"""

from __future__ import annotations

import uuid

from django.db import models
from django.db.models import Q
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from petajalan.accounts.models import Membership, User
from petajalan.accounts.querysets import _is_platform_operator, governments_where


class ApiTokenQuerySet(models.QuerySet):
    def visible_to(self, user: object) -> ApiTokenQuerySet:
        """One's own tokens, and those of the people of the governments one administers."""
        if _is_platform_operator(user):
            return self.all()
        if not getattr(user, "is_authenticated", False):
            return self.none()
        people = Membership.objects.filter(government_id__in=governments_where(user, "admin")).values(
            "user_id"
        )
        return self.filter(Q(user_id=user.pk) | Q(user_id__in=people))  # type: ignore[attr-defined]

    def editable_by(self, user: object) -> ApiTokenQuerySet:
        """Revoked by their owner or by an admin of a government where the owner holds a role."""
        return self.visible_to(user)

    def usable(self) -> ApiTokenQuerySet:
        """Neither revoked nor expired."""
        return self.filter(revoked_at__isnull=True, expires_at__gt=timezone.now())


class ApiToken(models.Model):
    """One personal token: who, what for, until when, and the hash of its secret."""

    class Scope(models.TextChoices):
        READ = "read", _("Baca saja")
        WRITE = "write", _("Baca dan tulis")

    uuid = models.UUIDField(default=uuid.uuid4, unique=True, editable=False)
    user = models.ForeignKey(User, on_delete=models.CASCADE, related_name="api_tokens")
    name = models.CharField(_("nama token"), max_length=80)
    scope = models.CharField(_("cakupan"), max_length=5, choices=Scope.choices, default=Scope.READ)
    prefix = models.CharField(max_length=12, unique=True, editable=False)  # public, shown in lists
    secret_sha256 = models.CharField(max_length=64, editable=False)  # hex digest of the secret only
    created_at = models.DateTimeField(default=timezone.now)
    expires_at = models.DateTimeField(_("berlaku sampai"))
    last_used_at = models.DateTimeField(null=True, blank=True)
    revoked_at = models.DateTimeField(null=True, blank=True)
    revoked_by = models.ForeignKey(User, null=True, blank=True, on_delete=models.SET_NULL, related_name="+")

    objects = ApiTokenQuerySet.as_manager()

    class Meta:
        ordering = ["-created_at", "-id"]
        verbose_name = _("token API")
        verbose_name_plural = _("token API")

    def __str__(self) -> str:
        return f"{self.name} (pj_{self.prefix}_…)"

    @property
    def display(self) -> str:
        """How lists and the audit log name the token without its secret."""
        return f"pj_{self.prefix}_…"

    @property
    def is_revoked(self) -> bool:
        return self.revoked_at is not None

    @property
    def is_expired(self) -> bool:
        return self.expires_at <= timezone.now()

    @property
    def is_usable(self) -> bool:
        return not self.is_revoked and not self.is_expired
