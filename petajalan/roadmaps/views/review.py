"""Workflow steps, snapshots and diffs, comments and change requests."""

from __future__ import annotations

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils.translation import gettext as _
from django.views.decorators.http import require_GET, require_http_methods, require_POST

from petajalan.accounts.permissions import require_role
from petajalan.roadmaps import plain as P
from petajalan.roadmaps import services
from petajalan.roadmaps.diff import diff_plain
from petajalan.roadmaps.forms import (
    ChangeRequestForm,
    CommentForm,
    DecisionForm,
    TransitionForm,
)
from petajalan.roadmaps.models import Action, ChangeRequest, Chapter, Comment, Roadmap, Snapshot
from petajalan.roadmaps.views.base import (
    R,
    get_roadmap,
    page_context,
)

# ---------------------------------------------------------------- workflow, snapshots, diff


@login_required
@require_http_methods(["GET", "POST"])
def roadmap_transition(request: HttpRequest, gov: str, roadmap: str, name: str) -> HttpResponse:
    government, r = get_roadmap(request, gov, roadmap)
    step = services.TRANSITIONS.get(name)
    if step is None:
        raise Http404(_("Halaman tidak ditemukan."))
    if not services.may(request.user, r, name):
        raise PermissionDenied(_("Peran Anda tidak mengizinkan langkah ini."))
    form = TransitionForm(request.POST if request.method == "POST" else None, government=government)
    blockers = services.submit_problems(r, services.to_plain(r)) if name == "submit" else []
    if request.method == "POST" and form.is_valid():
        d = form.cleaned_data
        try:
            services.transition(
                actor=request.user,
                roadmap=r,
                name=name,
                note=d["note"],
                enactment_number=d["enactment_number"],
                enacted_on=d["enacted_on"],
            )
        except services.WorkflowError as exc:
            form.add_error(exc.field if exc.field in form.fields else None, exc.message)
        else:
            messages.success(request, _("Status road map diperbarui."))
            return redirect("roadmaps:roadmap-detail", gov=government.slug, roadmap=r.uuid)
    return render(
        request,
        "roadmaps/transition.html",
        page_context(government, r, "overview", step=step, form=form, blockers=blockers),
        status=422 if form.errors else 200,
    )


def _snapshot_plain(r: Roadmap, uid: str) -> tuple[Snapshot | None, P.PlainRoadmap]:
    if uid in ("", "kini"):
        return None, services.to_plain(r)
    try:
        snap = r.snapshots.get(uuid=uid)
    except (Snapshot.DoesNotExist, ValueError) as exc:
        raise Http404(_("Halaman tidak ditemukan.")) from exc
    return snap, P.from_json(snap.canonical_json)


@login_required
@require_GET
def snapshot_diff(request: HttpRequest, gov: str, roadmap: str) -> HttpResponse:
    """The changes between two snapshots (or a snapshot and the current state)."""
    government, r = get_roadmap(request, gov, roadmap)
    snapshots = list(r.snapshots.all())
    default_from = str(snapshots[0].uuid) if snapshots else "kini"
    a_uid, b_uid = request.GET.get("dari", default_from), request.GET.get("ke", "kini")
    a_snap, a = _snapshot_plain(r, a_uid)
    b_snap, b = _snapshot_plain(r, b_uid)
    changes = diff_plain(a, b)
    labels = dict(Roadmap.Status.choices)
    for change in changes:
        for f in change.fields:
            if f.name == "status":
                f.before, f.after = labels.get(f.before, f.before), labels.get(f.after, f.after)
    return render(
        request,
        "roadmaps/snapshot_diff.html",
        page_context(
            government,
            r,
            "history",
            snapshots=snapshots,
            changes=changes,
            a_snap=a_snap,
            b_snap=b_snap,
            a_uid=a_uid,
            b_uid=b_uid,
        ),
    )


@login_required
@require_GET
def snapshot_json(request: HttpRequest, gov: str, roadmap: str, snapshot: str) -> HttpResponse:
    """The frozen canonical JSON, byte for byte; its SHA-256 is the one shown on the page."""
    _government, r = get_roadmap(request, gov, roadmap)
    snap, _plain = _snapshot_plain(r, snapshot)
    if snap is None:
        raise Http404(_("Halaman tidak ditemukan."))
    response = HttpResponse(
        snap.canonical_json.encode("utf-8"), content_type="application/json; charset=utf-8"
    )
    response["Content-Disposition"] = f'attachment; filename="roadmap-{r.uuid}-{snap.sha256[:12]}.json"'
    return response


# ---------------------------------------------------------------- comments and change requests


@login_required
@require_POST
def comment_create(request: HttpRequest, gov: str, roadmap: str) -> HttpResponse:
    government, r = get_roadmap(request, gov, roadmap)
    if not services.may_comment(request.user, r):
        raise PermissionDenied(_("Peran Anda hanya dapat membaca komentar."))
    form = CommentForm(request.POST)
    back = request.POST.get("kembali") or reverse(
        "roadmaps:roadmap-detail", kwargs={"gov": government.slug, "roadmap": r.uuid}
    )
    if not back.startswith("/"):
        back = "/"
    if form.is_valid():
        d = form.cleaned_data
        parent = Comment.objects.filter(roadmap=r, uuid=d["parent"]).first() if d["parent"] else None
        action = Action.objects.filter(roadmap=r, uid=d["action"]).first() if d["action"] else None
        chapter = Chapter.objects.filter(roadmap=r, key=d["chapter"]).first() if d["chapter"] else None
        try:
            services.add_comment(
                actor=request.user,
                roadmap=r,
                body=d["body"],
                parent=parent,
                action=action,
                chapter=chapter,
                needs_fix=d["needs_fix"],
            )
        except services.WorkflowError as exc:
            messages.error(request, exc.message)
        else:
            messages.success(request, _("Komentar terkirim."))
    else:
        messages.error(request, " ".join(str(e) for errs in form.errors.values() for e in errs))
    return redirect(back)


@login_required
@require_POST
def comment_resolve(request: HttpRequest, gov: str, roadmap: str, comment: str) -> HttpResponse:
    government, r = get_roadmap(request, gov, roadmap)
    if not services.may_comment(request.user, r):
        raise PermissionDenied(_("Peran Anda hanya dapat membaca komentar."))
    try:
        obj = Comment.objects.get(roadmap=r, uuid=comment)
    except Comment.DoesNotExist as exc:
        raise Http404(_("Halaman tidak ditemukan.")) from exc
    services.resolve_comment(actor=request.user, comment=obj)
    messages.success(request, _("Utas ditandai selesai."))
    return redirect("roadmaps:roadmap-detail", gov=government.slug, roadmap=r.uuid)


@login_required
@require_POST
def change_request_create(request: HttpRequest, gov: str, roadmap: str) -> HttpResponse:
    government, r = get_roadmap(request, gov, roadmap)
    roles = services.roles_for(request.user, r)
    if not (roles & {R.DRAFTER, R.UNIT_HEAD} or (r.is_city and R.ADMIN in roles)):
        raise PermissionDenied(_("Peran Anda tidak mengizinkan usulan perubahan."))
    form = ChangeRequestForm(request.POST)
    if form.is_valid():
        try:
            services.request_change(actor=request.user, roadmap=r, reason=form.cleaned_data["reason"])
        except services.WorkflowError as exc:
            messages.error(request, exc.message)
        else:
            messages.success(request, _("Usulan perubahan dikirim ke Bagian Organisasi."))
    else:
        messages.error(request, _("Tuliskan alasan perubahan."))
    return redirect("roadmaps:roadmap-detail", gov=government.slug, roadmap=r.uuid)


@login_required
@require_POST
def change_request_decide(request: HttpRequest, gov: str, roadmap: str, change: str) -> HttpResponse:
    government, r = get_roadmap(request, gov, roadmap)
    require_role(request, government, R.ADMIN)
    try:
        cr = ChangeRequest.objects.get(roadmap=r, uuid=change)
    except ChangeRequest.DoesNotExist as exc:
        raise Http404(_("Halaman tidak ditemukan.")) from exc
    form = DecisionForm(request.POST)
    if form.is_valid():
        try:
            services.decide_change_request(
                actor=request.user,
                change_request=cr,
                accept=form.cleaned_data["accept"],
                note=form.cleaned_data["note"],
            )
        except services.WorkflowError as exc:
            messages.error(request, exc.message)
        else:
            messages.success(request, _("Keputusan disimpan."))
    else:
        messages.error(request, _("Pilih terima atau tolak."))
    return redirect("roadmaps:roadmap-detail", gov=government.slug, roadmap=r.uuid)
