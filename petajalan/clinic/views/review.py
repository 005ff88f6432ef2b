"""Review screens over road maps: coach queue, side-by-side review, readiness, hints, copy-paste."""

from __future__ import annotations

import re
from typing import Any

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied, ValidationError
from django.db.models import Q
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.utils import timezone
from django.utils.translation import gettext as _
from django.views.decorators.http import require_GET, require_POST

from petajalan.accounts.models import Membership, User
from petajalan.accounts.permissions import get_for_user, get_government, require_role, roles_in
from petajalan.clinic import copypaste, focus, services
from petajalan.clinic.forms import AcknowledgeForm, CoachForm
from petajalan.clinic.models import Acknowledgement, CoachAssignment, ReadinessRecord
from petajalan.roadmaps.models import Comment, Roadmap
from petajalan.roadmaps.plain import from_json
from petajalan.roadmaps.services import to_plain

_SELECT_ID = re.compile(r"[A-Za-z0-9_-]{1,80}")  # the id of the focus select a hint sets

R = Membership.Role
QUEUE_STATUSES = (Roadmap.Status.SUBMITTED, Roadmap.Status.IN_REVIEW)


def _roadmap(request: HttpRequest, gov: str, roadmap: str, *, write: bool = False) -> Roadmap:
    government = get_government(request, gov)
    return get_for_user(request, Roadmap.objects.filter(government=government), write=write, uuid=roadmap)


def _coaches(government: Any) -> Any:
    return User.objects.filter(
        memberships__government=government, memberships__role=R.REVIEWER, memberships__is_active=True
    ).distinct()


@login_required
@require_GET
def queue(request: HttpRequest, gov: str) -> HttpResponse:
    """Submitted road maps with readiness, age and coach; read from the readiness cache."""
    government = get_government(request, gov)
    require_role(request, government, R.ADMIN, R.REVIEWER, R.LEADER)
    roadmaps = list(
        Roadmap.objects.visible_to(request.user)
        .filter(government=government, status__in=QUEUE_STATUSES)
        .select_related("unit", "readiness_record", "coach_assignment__coach")
        .order_by("last_activity_at")
    )
    missing = [r for r in roadmaps if not hasattr(r, "readiness_record")]
    for r in missing:  # only road maps submitted before the clinic existed: computed once, then cached
        services.refresh_review(r)
        r.readiness_record = ReadinessRecord.objects.get(roadmap=r)
    now = timezone.now()
    rows = [
        {
            "roadmap": r,
            "readiness": r.readiness_record,
            "age_days": (now - r.last_activity_at).days,
            "coach": getattr(getattr(r, "coach_assignment", None), "coach", None),
        }
        for r in roadmaps
    ]
    return render(
        request,
        "clinic/queue.html",
        {
            "government": government,
            "rows": rows,
            "is_reviewer": R.REVIEWER in roles_in(request.user, government),
        },
    )


def _review_context(request: HttpRequest, roadmap: Roadmap) -> dict[str, Any]:
    from petajalan.roadmaps.diff import diff_plain

    plain, result = to_plain(roadmap), services.current_review(roadmap)
    acks = services.acknowledged(roadmap)
    assignment = CoachAssignment.objects.filter(roadmap=roadmap).select_related("coach").first()
    changes = None
    if assignment and assignment.last_reviewed_json:
        changes = diff_plain(from_json(assignment.last_reviewed_json), plain)
    roles = roles_in(request.user, roadmap.government)
    return {
        "government": roadmap.government,
        "roadmap": roadmap,
        "plain": plain,
        "review": result,
        "readiness": result.readiness(acks),
        "chapters": result.chapter_readiness(acks),
        "findings": [(f, acks.get(f.fingerprint)) for f in result.findings],
        "comments": Comment.objects.filter(roadmap=roadmap).select_related("author", "action", "chapter"),
        "assignment": assignment,
        "changes": changes,
        "can_acknowledge": Roadmap.objects.editable_by(request.user).filter(pk=roadmap.pk).exists(),
        "is_coach": bool(roles & {R.ADMIN, R.REVIEWER}),
        "coach_form": CoachForm(coaches=_coaches(roadmap.government)) if R.ADMIN in roles else None,
    }


@login_required
@require_GET
def roadmap_review(request: HttpRequest, gov: str, roadmap: str) -> HttpResponse:
    """Findings, comments and the changes since the coach last read it, side by side."""
    obj = _roadmap(request, gov, roadmap)
    return render(request, "clinic/roadmap_review.html", _review_context(request, obj))


@login_required
@require_GET
def readiness(request: HttpRequest, gov: str, roadmap: str) -> HttpResponse:
    """Readiness and the findings of one row (``?baris=<uid>``): the live panel while drafting."""
    obj = _roadmap(request, gov, roadmap)
    result = services.current_review(obj)  # stored on the write that sent "roadmap-changed"
    acks = services.acknowledged(obj)
    row = request.GET.get("baris", "")
    shown = result.for_row(row) if row else result.findings
    explained = 0
    if request.GET.get("ringkas"):  # the live panel: what is still open; explained ones are counted
        still_open = [f for f in shown if f.is_blocking or f.fingerprint not in acks]
        explained = len(shown) - len(still_open)
        shown = still_open[:8]
    context = {
        "government": obj.government,
        "roadmap": obj,
        "readiness": result.readiness(acks),
        "blocking": len(result.blocking),
        "findings": [(f, acks.get(f.fingerprint)) for f in shown],
        "explained": explained,
        "row": row,
    }
    if request.htmx:  # type: ignore[attr-defined]
        return render(request, "clinic/readiness.html#panel", context)
    return render(request, "clinic/readiness.html", context)


@login_required
@require_POST
def finding_acknowledge(request: HttpRequest, gov: str, roadmap: str) -> HttpResponse:
    obj = _roadmap(request, gov, roadmap, write=True)
    form = AcknowledgeForm(request.POST)
    result = services.current_review(obj)
    finding = next(
        (f for f in result.findings if form.is_valid() and f.fingerprint == form.cleaned_data["fingerprint"]),
        None,
    )
    if finding is None:
        messages.error(request, _("Temuan itu sudah tidak ada; mungkin sudah diperbaiki."))
        return redirect("clinic:roadmap-review", gov=gov, roadmap=obj.uuid)
    try:
        services.acknowledge_finding(
            actor=request.user, roadmap=obj, finding=finding, reason=form.cleaned_data["reason"]
        )
    except ValidationError as exc:
        messages.error(request, exc.messages[0])
        status = 400
    else:
        messages.success(request, _("Alasan Anda disimpan dan terlihat oleh pendamping."))
        status = 200
    if request.htmx:  # type: ignore[attr-defined]
        return render(
            request, "clinic/roadmap_review.html#findings", _review_context(request, obj), status=status
        )
    return redirect("clinic:roadmap-review", gov=gov, roadmap=obj.uuid)


@login_required
@require_POST
def acknowledgement_withdraw(request: HttpRequest, gov: str, roadmap: str) -> HttpResponse:
    obj = _roadmap(request, gov, roadmap, write=True)
    ack = get_for_user(
        request,
        Acknowledgement.objects.filter(roadmap=obj),
        write=True,
        fingerprint=request.POST.get("fingerprint", ""),
    )
    services.withdraw_acknowledgement(actor=request.user, acknowledgement=ack)
    messages.success(request, _("Tanggapan ditarik."))
    return redirect("clinic:roadmap-review", gov=gov, roadmap=obj.uuid)


@login_required
@require_POST
def coach_assign(request: HttpRequest, gov: str, roadmap: str) -> HttpResponse:
    """A reviewer takes a road map (coach = themselves); an admin may assign any coach."""
    obj = _roadmap(request, gov, roadmap)
    roles = roles_in(request.user, obj.government)
    if R.ADMIN in roles and "coach" in request.POST:
        form = CoachForm(request.POST, coaches=_coaches(obj.government))
        if not form.is_valid():
            messages.error(request, _("Pilih pendamping dari daftar."))
            return redirect("clinic:roadmap-review", gov=gov, roadmap=obj.uuid)
        coach = form.cleaned_data["coach"]
    elif R.REVIEWER in roles:
        coach = request.user
    else:
        raise PermissionDenied(_("Hanya pendamping atau Bagian Organisasi yang menugaskan pendamping."))
    services.assign_coach(actor=request.user, roadmap=obj, coach=coach)
    messages.success(request, _("%(c)s menjadi pendamping road map ini.") % {"c": coach})
    return redirect("clinic:roadmap-review", gov=gov, roadmap=obj.uuid)


@login_required
@require_POST
def roadmap_mark_reviewed(request: HttpRequest, gov: str, roadmap: str) -> HttpResponse:
    obj = _roadmap(request, gov, roadmap)
    require_role(request, obj.government, R.ADMIN, R.REVIEWER)
    services.mark_reviewed(actor=request.user, roadmap=obj, plain=to_plain(obj))
    messages.success(
        request, _("Ditandai sudah dibaca. Reviu berikutnya menampilkan perubahan sejak sekarang.")
    )
    return redirect("clinic:roadmap-review", gov=gov, roadmap=obj.uuid)


@login_required
@require_GET
def focus_hints(request: HttpRequest, gov: str) -> HttpResponse:
    """Top three focus nodes for the activity being typed (``?q=…&paket=rb-roadmap:2023``).

    The action form of the matrix sends the field as ``activity=…`` with ``pilih=<id of its focus
    select>``: the fragment then offers each hint as a button that sets that select."""
    government = get_government(request, gov)
    text = (request.GET.get("q") or request.GET.get("activity") or "")[:1000]
    pack = request.GET.get("paket", focus.DEFAULT_PACK)
    target = request.GET.get("pilih", "")
    if not _SELECT_ID.fullmatch(target):
        target = ""
    try:
        hints = focus.suggest(text, pack=pack) if text.strip() else []
    except focus.UnknownPack:
        hints = []
    context = {"government": government, "hints": hints, "q": text, "pack": pack, "target": target}
    if request.htmx:  # type: ignore[attr-defined]
        return render(request, "clinic/focus_hints.html#hints", context)
    return render(request, "clinic/focus_hints.html", context)


@login_required
@require_GET
def copy_paste(request: HttpRequest, gov: str) -> HttpResponse:
    """Near-duplicate rows between the units' road maps of one period, side by side (a read: the
    leader may look too)."""
    government = get_government(request, gov)
    require_role(request, government, R.ADMIN, R.REVIEWER, R.LEADER)
    years = sorted(
        set(
            Roadmap.objects.filter(government=government, unit__isnull=False).values_list(
                "start_year", flat=True
            )
        ),
        reverse=True,
    )
    try:
        year = int(request.GET.get("tahun") or (years[0] if years else 0))
    except ValueError:
        year = years[0] if years else 0
    roadmaps = Roadmap.objects.visible_to(request.user).filter(
        Q(government=government) & Q(unit__isnull=False) & Q(start_year=year)
    )
    plains = services.plain_rows(roadmaps)
    pairs = copypaste.scan(plains)
    return render(
        request,
        "clinic/copy_paste.html",
        {
            "government": government,
            "pairs": pairs[:200],
            "total": len(pairs),
            "years": years,
            "year": year,
            "units": len(plains),
        },
    )
