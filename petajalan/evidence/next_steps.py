"""The evidence bank's next steps on a government's home page."""

from __future__ import annotations

from typing import Any

from django.http import HttpRequest
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import ngettext

from petajalan.accounts.home import NextStep, register
from petajalan.accounts.models import Membership
from petajalan.evidence.models import Item

R = Membership.Role


@register
def evidence_steps(request: HttpRequest, government: Any, roles: set[str]) -> list[NextStep]:
    if not roles & {R.ADMIN, R.DRAFTER, R.UNIT_HEAD}:
        return []
    mine = Item.objects.editable_by(request.user).filter(government=government)
    url = reverse("evidence:item-list", kwargs={"gov": government.slug})
    expiring = mine.expiring(timezone.localdate()).count()
    if expiring:
        return [
            NextStep(
                title=_("Perbarui data dukung yang akan habis masa berlakunya"),
                description=ngettext(
                    "%(n)s dokumen habis masa berlakunya dalam 60 hari atau sudah lewat.",
                    "%(n)s dokumen habis masa berlakunya dalam 60 hari atau sudah lewat.",
                    expiring,
                )
                % {"n": expiring},
                url=f"{url}?status=expiring",
                action=_("Lihat dokumen"),
                priority=40,
            )
        ]
    has_any = mine.exists()
    return [
        NextStep(
            title=_("Simpan data dukung di bank data dukung"),
            description=_("Unggah sekali, tautkan ke rencana aksi, quick win, laporan, dan LKE."),
            url=reverse("evidence:item-create", kwargs={"gov": government.slug}),
            action=_("Unggah data dukung"),
            priority=60,
            done=has_any,
        )
    ]
