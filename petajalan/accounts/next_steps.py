"""The accounts app's own next steps on a government's home page, pointing at the real actions."""

from __future__ import annotations

from typing import Any

from django.db.models import Exists, OuterRef
from django.http import HttpRequest
from django.urls import reverse
from django.utils.translation import gettext as _

from petajalan.accounts.home import NextStep, register
from petajalan.accounts.models import Membership, Unit


@register
def account_steps(request: HttpRequest, government: Any, roles: set[str]) -> list[NextStep]:
    """For admins: add units, invite people, give every unit a drafter; a constant number of queries."""
    if Membership.Role.ADMIN not in roles:
        return []
    gov = {"gov": government.slug}
    units = government.units.filter(is_active=True).count()
    people = government.memberships.filter(is_active=True).count()
    has_drafter = Membership.objects.filter(
        unit_id=OuterRef("pk"), role=Membership.Role.DRAFTER, is_active=True
    )
    without_drafter = list(
        Unit.objects.filter(government=government, is_active=True)
        .filter(~Exists(has_drafter))
        .order_by("name")
        .values_list("uuid", "short_name")[:50]
    )
    steps = [
        NextStep(
            title=_("Lengkapi daftar perangkat daerah"),
            description=_(
                "%(n)s perangkat daerah aktif. Tambahkan yang belum ada satu per satu, atau impor dari XLSX."
            )
            % {"n": units},
            url=reverse("accounts:unit-create", kwargs=gov)
            if units == 0
            else reverse("accounts:import-upload", kwargs=gov),
            action=_("Tambah perangkat daerah") if units == 0 else _("Impor dari XLSX"),
            priority=20,
            done=units > 0,
        ),
        NextStep(
            title=_("Undang penyusun, kepala perangkat daerah dan pendamping"),
            description=_("%(n)s peran sudah diberikan. Setiap perangkat daerah perlu penyusun dan kepala.")
            % {"n": people},
            url=reverse("accounts:person-invite", kwargs=gov),
            action=_("Undang pengguna"),
            priority=30,
            done=people > 1,
        ),
    ]
    if units and without_drafter:
        uuid, short = without_drafter[0]
        names = ", ".join(s for _u, s in without_drafter[:5])
        more = len(without_drafter) - 5
        steps.append(
            NextStep(
                title=_("%(n)s perangkat daerah belum punya penyusun") % {"n": len(without_drafter)},
                description=(names + (_(" dan %(n)s lainnya") % {"n": more} if more > 0 else "")),
                url=reverse("accounts:person-invite", kwargs=gov) + f"?unit={uuid}",
                action=_("Undang penyusun untuk %(unit)s") % {"unit": short},
                priority=35,
            )
        )
    return steps
