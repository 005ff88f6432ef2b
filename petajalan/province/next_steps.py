"""The province's next step on its home page: the roll-up of its kab/kota (admins, leaders, reviewers)."""

from __future__ import annotations

from typing import Any

from django.http import HttpRequest
from django.urls import reverse
from django.utils.translation import gettext as _
from django.utils.translation import ngettext

from petajalan.accounts.home import NextStep, register
from petajalan.accounts.models import Government, Membership

R = Membership.Role


@register
def province_steps(request: HttpRequest, government: Any, roles: set[str]) -> list[NextStep]:
    if getattr(government, "kind", None) != Government.Kind.PROVINSI:
        return []
    if not roles & {R.ADMIN, R.LEADER, R.REVIEWER}:
        return []
    count = Government.objects.filter(parent=government).count()
    if count:
        description = ngettext(
            "%(n)s kabupaten/kota: status road map, laporan pemantauan terverifikasi, dan hasil evaluasi.",
            "%(n)s kabupaten/kota: status road map, laporan pemantauan terverifikasi, dan hasil evaluasi.",
            count,
        ) % {"n": count}
    else:
        description = _("Belum ada kabupaten/kota yang terhubung ke provinsi ini.")
    return [
        NextStep(
            title=_("Pantau kabupaten/kota"),
            description=description,
            url=reverse("province:rollup", kwargs={"gov": government.slug}),
            action=_("Buka rekap kabupaten/kota"),
            priority=20,
        )
    ]
