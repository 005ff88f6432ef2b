"""The accounts app's own next steps on a government's home page."""

from __future__ import annotations

from typing import Any

from django.http import HttpRequest
from django.urls import reverse
from django.utils.translation import gettext as _

from petajalan.accounts.home import NextStep, register
from petajalan.accounts.models import Membership


@register
def account_steps(request: HttpRequest, government: Any, roles: set[str]) -> list[NextStep]:
    steps: list[NextStep] = []
    if Membership.Role.ADMIN in roles:
        units = government.units.filter(is_active=True).count()
        people = government.memberships.filter(is_active=True).count()
        steps.append(
            NextStep(
                title=_("Lengkapi daftar perangkat daerah"),
                description=_("%(n)s perangkat daerah aktif. Tambahkan yang belum ada, atau impor dari XLSX.")
                % {"n": units},
                url=reverse("accounts:unit-list", kwargs={"gov": government.slug}),
                action=_("Kelola perangkat daerah"),
                priority=20,
                done=units > 0,
            )
        )
        steps.append(
            NextStep(
                title=_("Undang penyusun, kepala perangkat daerah dan pendamping"),
                description=_(
                    "%(n)s peran sudah diberikan. Setiap perangkat daerah perlu penyusun dan kepala."
                )
                % {"n": people},
                url=reverse("accounts:people-list", kwargs={"gov": government.slug}),
                action=_("Kelola pengguna"),
                priority=30,
                done=people > 1,
            )
        )
    return steps
