"""The road-map app's next steps on a government's home page, per role."""

from __future__ import annotations

from typing import Any

from django.db.models import Q
from django.http import HttpRequest
from django.urls import reverse
from django.utils.translation import gettext as _

from petajalan.accounts.home import NextStep, register
from petajalan.accounts.models import Membership
from petajalan.roadmaps.models import Notification, Roadmap

R = Membership.Role
S = Roadmap.Status


@register
def roadmap_steps(request: HttpRequest, government: Any, roles: set[str]) -> list[NextStep]:
    steps: list[NextStep] = []
    visible = Roadmap.objects.visible_to(request.user).filter(government=government)
    list_url = reverse("roadmaps:roadmap-list", kwargs={"gov": government.slug})

    def detail(r: Roadmap) -> str:
        return reverse("roadmaps:roadmap-detail", kwargs={"gov": government.slug, "roadmap": r.uuid})

    if R.DRAFTER in roles:
        mine = visible.filter(
            unit__isnull=False, unit__memberships__user=request.user, unit__memberships__role=R.DRAFTER
        )
        open_ = mine.filter(status__in=[S.DRAFT, S.CHANGES_REQUESTED]).order_by("-last_activity_at").first()
        steps.append(
            NextStep(
                title=_("Lanjutkan road map"),
                description=(
                    _("%(t)s berstatus %(s)s.") % {"t": open_.title, "s": open_.get_status_display()}
                )
                if open_
                else _("Mulai road map perangkat daerah Anda dengan panduan langkah demi langkah."),
                url=detail(open_)
                if open_
                else reverse("roadmaps:roadmap-create", kwargs={"gov": government.slug}),
                action=_("Lanjutkan road map") if open_ else _("Buat road map"),
                priority=10,
                done=not open_ and mine.exists(),
            )
        )
    if R.UNIT_HEAD in roles:
        ready = visible.filter(
            unit__memberships__user=request.user,
            unit__memberships__role=R.UNIT_HEAD,
            status__in=[S.DRAFT, S.CHANGES_REQUESTED],
        ).first()
        steps.append(
            NextStep(
                title=_("Ajukan road map"),
                description=_("Periksa draf lalu ajukan untuk direviu.")
                if ready
                else _("Tidak ada draf yang menunggu."),
                url=detail(ready) if ready else list_url,
                action=_("Ajukan"),
                priority=15,
                done=ready is None,
            )
        )
    if R.REVIEWER in roles:
        queue = visible.filter(status__in=[S.SUBMITTED, S.IN_REVIEW], unit__isnull=False).count()
        steps.append(
            NextStep(
                title=_("Reviu antrean"),
                description=_("%(n)s road map menunggu reviu.") % {"n": queue},
                url=list_url,
                action=_("Buka antrean"),
                priority=15,
                done=queue == 0,
            )
        )
    if R.ADMIN in roles:
        waiting = visible.filter(Q(status=S.SUBMITTED) | Q(status=S.APPROVED), unit__isnull=False).count()
        steps.append(
            NextStep(
                title=_("Pantau pengajuan"),
                description=_("%(n)s road map diajukan atau disetujui dan perlu ditindaklanjuti.")
                % {"n": waiting},
                url=reverse("roadmaps:city-overview", kwargs={"gov": government.slug}),
                action=_("Pantau pengajuan"),
                priority=25,
                done=False,
            )
        )
    unread = Notification.objects.filter(
        recipient_id=request.user.pk, government=government, is_read=False
    ).count()
    if unread:
        steps.append(
            NextStep(
                title=_("Baca notifikasi road map"),
                description=_("%(n)s notifikasi baru: pengajuan, komentar dan keputusan.") % {"n": unread},
                url=reverse("roadmaps:notification-list", kwargs={"gov": government.slug}),
                action=_("Buka notifikasi"),
                priority=5,
            )
        )
    return steps
