"""Shared helpers of the road-map views: the permission helper first, then small context builders."""

from __future__ import annotations

from typing import Any

from django.http import HttpRequest
from django.utils import timezone
from django.utils.translation import gettext as _

from petajalan.accounts.models import Government, Membership
from petajalan.accounts.permissions import get_for_user, get_government
from petajalan.roadmaps import services
from petajalan.roadmaps.models import Roadmap

R = Membership.Role
SECTION_TITLES = {
    "diagnosis": _("Diagnosis: permasalahan"),
    "quick-win": _("Quick win"),
    "tim": _("Tim RB"),
    "agen": _("Agen perubahan"),
}


def get_roadmap(
    request: HttpRequest, gov: str, roadmap: str, *, write: bool = False
) -> tuple[Government, Roadmap]:
    """The government and road map in the URL: 404 when not yours, 403 when read-only for you."""
    government = get_government(request, gov)
    obj = get_for_user(
        request,
        Roadmap.objects.select_related("unit", "government"),
        write=write,
        uuid=roadmap,
        government=government,
    )
    return government, obj


def can_edit(request: HttpRequest, roadmap: Roadmap) -> bool:
    return Roadmap.objects.editable_by(request.user).filter(pk=roadmap.pk).exists()


def focus_choices(roadmap: Roadmap) -> list[tuple[str, str]]:
    return [(n.key, f"{n.ref} {n.title}".strip()) for n in services.focus_nodes(roadmap)]


def current_year(roadmap: Roadmap) -> int:
    year = timezone.localdate().year
    return year if roadmap.start_year <= year <= roadmap.end_year else roadmap.start_year


def page_context(government: Government, roadmap: Roadmap, tab: str, **extra: Any) -> dict[str, Any]:
    return {"government": government, "roadmap": roadmap, "tab": tab, **extra}
