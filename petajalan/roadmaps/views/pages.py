"""List, wizard, overview, workflow steps, snapshots, comments and change requests."""

from __future__ import annotations

import uuid

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.db.models import Count, Q
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.utils import timezone
from django.utils.translation import gettext as _
from django.views.decorators.http import require_GET, require_http_methods

from petajalan.accounts.models import Government, Unit
from petajalan.accounts.permissions import get_government, require_role, roles_in
from petajalan.accounts.querysets import active_memberships
from petajalan.roadmaps import hooks, services
from petajalan.roadmaps.forms import (
    ChangeRequestForm,
    CommentForm,
    DecisionForm,
    RoadmapCreateForm,
)
from petajalan.roadmaps.markup import render_markdown
from petajalan.roadmaps.models import Action, Comment, Roadmap
from petajalan.roadmaps.views.base import (
    R,
    can_edit,
    get_roadmap,
    page_context,
)

# ---------------------------------------------------------------- list and wizard


@login_required
@require_GET
def roadmap_list(request: HttpRequest, gov: str) -> HttpResponse:
    government = get_government(request, gov)
    roadmaps = Roadmap.objects.visible_to(request.user).filter(government=government).for_list()
    roles = roles_in(request.user, government)
    return render(
        request,
        "roadmaps/roadmap_list.html",
        {
            "government": government,
            "roadmaps": roadmaps,
            "can_create": bool(roles & {R.ADMIN, R.DRAFTER, R.UNIT_HEAD}),
            "is_admin": R.ADMIN in roles,
        },
    )


def _creatable_units(request: HttpRequest, government: Government) -> tuple[list[Unit], bool]:
    roles = roles_in(request.user, government)
    own = (
        active_memberships(request.user)
        .filter(government=government, role__in=[R.DRAFTER, R.UNIT_HEAD])
        .values("unit_id")
    )
    units = list(Unit.objects.filter(government=government, pk__in=own, is_active=True))
    return units, R.ADMIN in roles


@login_required
@require_http_methods(["GET", "POST"])
def roadmap_create(request: HttpRequest, gov: str) -> HttpResponse:
    """The wizard: whose road map, which period, and where to start from."""
    government = get_government(request, gov)
    require_role(request, government, R.ADMIN, R.DRAFTER, R.UNIT_HEAD)
    units, can_city = _creatable_units(request, government)
    form = RoadmapCreateForm(
        request.POST if request.method == "POST" else None,
        units=units,
        can_city=can_city,
        initial={"start_year": timezone.localdate().year, "end_year": timezone.localdate().year + 4},
    )
    if request.method == "POST" and form.is_valid():
        d = form.cleaned_data
        unit = form.chosen_unit()
        exists = Roadmap.objects.filter(government=government, unit=unit, start_year=d["start_year"]).exists()
        if exists:
            form.add_error("start_year", _("Road map untuk periode yang dimulai tahun ini sudah ada."))
        else:
            r = services.create_roadmap(
                actor=request.user,
                government=government,
                unit=unit,
                start_year=d["start_year"],
                end_year=d["end_year"],
                period_label=d["period_label"],
                deadline_on=d["deadline_on"],
                start_from=d["start_from"],
            )
            hooks.content_changed(r)
            messages.success(request, _("Road map dibuat. Mulailah dari diagnosis permasalahan."))
            return redirect("roadmaps:roadmap-detail", gov=government.slug, roadmap=r.uuid)
    return render(request, "roadmaps/roadmap_create.html", {"government": government, "form": form})


# ---------------------------------------------------------------- overview


def _is_uuid(value: str | None) -> bool:
    try:
        uuid.UUID(str(value))
    except ValueError:
        return False
    return True


def _threads(roadmap: Roadmap) -> list[Comment]:
    comments = list(
        Comment.objects.filter(roadmap=roadmap)
        .select_related("author", "action", "chapter")
        .order_by("created_at", "id")
    )
    roots = [c for c in comments if c.parent_id is None]
    by_parent: dict[int, list[Comment]] = {}
    for c in comments:
        if c.parent_id:
            by_parent.setdefault(c.parent_id, []).append(c)
    for c in roots:
        c.thread = by_parent.get(c.pk, [])  # type: ignore[attr-defined]
        c.html = render_markdown(c.body)  # type: ignore[attr-defined]
        for reply in c.thread:  # type: ignore[attr-defined]
            reply.html = render_markdown(reply.body)
    return roots


@login_required
@require_GET
def roadmap_detail(request: HttpRequest, gov: str, roadmap: str) -> HttpResponse:
    government, r = get_roadmap(request, gov, roadmap)
    chapters = list(r.chapters.all())
    for c in chapters:
        c.html = render_markdown(c.body)  # type: ignore[attr-defined]
        c.guidance_html = render_markdown(c.guidance)  # type: ignore[attr-defined]
    counts = Roadmap.objects.filter(pk=r.pk).aggregate(
        actions=Count("actions", distinct=True),
        problems=Count("problems", distinct=True),
        quick_wins=Count("quick_wins", distinct=True),
        open_fixes=Count(
            "comments", filter=Q(comments__needs_fix=True, comments__is_resolved=False), distinct=True
        ),
    )
    comment_target: dict[str, str] = {}
    target_label = ""
    row = (
        Action.objects.filter(roadmap=r, uid=request.GET["baris"]).first()
        if _is_uuid(request.GET.get("baris"))
        else None
    )
    if row is not None:
        comment_target, target_label = {"action": str(row.uid)}, _("baris: %(a)s") % {"a": row.activity[:80]}
    chapter = next((c for c in chapters if c.key == request.GET.get("bab")), None)
    if chapter is not None:
        comment_target, target_label = {"chapter": chapter.key}, f"{chapter.ref} {chapter.title}"
    return render(
        request,
        "roadmaps/roadmap_detail.html",
        page_context(
            government,
            r,
            "overview",
            chapters=chapters,
            counts=counts,
            transitions=services.allowed_transitions(request.user, r),
            snapshots=list(r.snapshots.select_related("created_by")),
            threads=_threads(r),
            comment_form=CommentForm(initial=comment_target),
            comment_target_label=target_label,
            can_comment=services.may_comment(request.user, r),
            can_flag=bool(services.roles_for(request.user, r) & {R.ADMIN, R.REVIEWER}),
            can_edit=can_edit(request, r),
            change_requests=list(r.change_requests.select_related("requested_by", "decided_by")),
            change_form=ChangeRequestForm(),
            decision_form=DecisionForm(),
            is_admin=R.ADMIN in services.roles_for(request.user, r),
            panels=hooks.panels(request, r),
        ),
    )
