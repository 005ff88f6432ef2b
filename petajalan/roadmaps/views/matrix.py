"""The action matrix: the page, inline edit with htmx and autosave, add, duplicate, move, delete."""

from __future__ import annotations

from typing import Any

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.db.models import Count
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils.translation import gettext as _
from django.views.decorators.http import require_GET, require_http_methods, require_POST

from petajalan.accounts.models import Government, Unit
from petajalan.roadmaps import hooks, services
from petajalan.roadmaps.forms import (
    ActionForm,
)
from petajalan.roadmaps.models import Action, Comment, Roadmap
from petajalan.roadmaps.views.base import (
    can_edit,
    current_year,
    focus_choices,
    get_roadmap,
    page_context,
)

# ---------------------------------------------------------------- action matrix


def _matrix_context(request: HttpRequest, government: Government, r: Roadmap) -> dict[str, Any]:
    loaded = Roadmap.objects.for_matrix().get(pk=r.pk)
    focus = request.GET.get("fokus", "")
    nodes = {n.key: n for n in services.focus_nodes(loaded)}
    actions = [a for a in loaded.actions.all() if not focus or a.focus_key == focus]
    years = loaded.years
    totals = {y: 0 for y in years}
    fixes = dict(
        Comment.objects.filter(roadmap=loaded, needs_fix=True, is_resolved=False, action__isnull=False)
        .values_list("action_id")
        .annotate(n=Count("id"))
    )
    for number, a in enumerate(actions, start=1):
        a.number = number  # type: ignore[attr-defined]
        a.open_fixes = fixes.get(a.pk, 0)  # type: ignore[attr-defined]
        a.node = nodes.get(a.focus_key)  # type: ignore[attr-defined]
        a.target_by_year = {t.year: t.value for t in a.targets.all() if t.quarter is None}  # type: ignore[attr-defined]
        a.budget_by_year = {b.year: b.amount for b in a.budgets.all()}  # type: ignore[attr-defined]
        a.year_cells = [(y, a.target_by_year.get(y), a.budget_by_year.get(y)) for y in years]  # type: ignore[attr-defined]
        for y, amount in a.budget_by_year.items():  # type: ignore[attr-defined]
            if y in totals:
                totals[y] += amount
    return page_context(
        government,
        loaded,
        "matrix",
        actions=actions,
        years=years,
        year_totals=[(y, totals[y]) for y in years],
        grand_total=sum(totals.values()),
        focus=focus,
        focus_choices=[(k, f"{n.ref} {n.title}".strip()) for k, n in nodes.items()],
        can_edit=can_edit(request, loaded),
        can_comment=services.may_comment(request.user, loaded),
        detail_url=reverse(
            "roadmaps:roadmap-detail", kwargs={"gov": government.slug, "roadmap": loaded.uuid}
        ),
        # one reverse() for the page: rows append their uid (reversing per row costs ~0.1 s at 300 rows)
        row_base=reverse("roadmaps:action-matrix", kwargs={"gov": government.slug, "roadmap": loaded.uuid}),
    )


def _action_form(r: Roadmap, data: Any = None, initial: Any = None, prefix_id: str = "new") -> ActionForm:
    if initial is None and data is None and r.unit is not None:
        initial = {"responsible_unit": str(r.unit.uuid)}
    city_actions: list[Action] = []
    if r.unit is not None:
        city_actions = list(
            Action.objects.filter(
                roadmap__government=r.government,
                roadmap__unit__isnull=True,
                roadmap__start_year__lte=r.end_year,
                roadmap__end_year__gte=r.start_year,
            ).order_by("order", "id")
        )
    return ActionForm(
        data,
        initial=initial,
        auto_id=f"{prefix_id}_%s",
        roadmap=r,
        focus=focus_choices(r),
        problems=list(r.problems.all()),
        units=list(Unit.objects.filter(government=r.government, is_active=True).order_by("code")),
        current_year=current_year(r),
        city_actions=city_actions,
    )


@login_required
@require_GET
def action_matrix(request: HttpRequest, gov: str, roadmap: str) -> HttpResponse:
    government, r = get_roadmap(request, gov, roadmap)
    context = _matrix_context(request, government, r)
    if context["can_edit"]:
        initial = {"focus_key": context["focus"]} | ({"responsible_unit": str(r.unit.uuid)} if r.unit else {})
        context["new_form"] = _action_form(r, initial=initial)
    if request.htmx:  # type: ignore[attr-defined]
        return render(request, "roadmaps/action_matrix.html#table", context)
    return render(request, "roadmaps/action_matrix.html", context)


def _badge(r: Roadmap, action: Action) -> str:
    """The HTML the registered row-badge hooks (the clinic) give for this row; empty without hooks."""
    return hooks.row_badges(r, services.to_plain(r), str(action.uid)) if hooks.has_row_badges() else ""


def _row_response(request: HttpRequest, government: Government, r: Roadmap, action: Action) -> HttpResponse:
    context = _matrix_context(request, government, r)
    row = next((a for a in context["actions"] if a.pk == action.pk), None)
    if row is None:
        return HttpResponse("")
    context["a"] = row
    context["badge"] = _badge(r, action)
    return render(request, "roadmaps/action_matrix.html#row", context)


@login_required
@require_POST
def action_create(request: HttpRequest, gov: str, roadmap: str) -> HttpResponse:
    government, r = get_roadmap(request, gov, roadmap, write=True)
    form = _action_form(r, request.POST)
    if form.is_valid():
        kwargs = form.service_kwargs()
        kwargs.pop("expected_version")
        action = services.save_action(actor=request.user, roadmap=r, **kwargs)
        if request.htmx:  # type: ignore[attr-defined]
            context = _matrix_context(request, government, r)
            context["new_form"] = _action_form(r)
            context["saved_uid"] = str(action.uid)
            return render(request, "roadmaps/action_matrix.html#table", context)
        messages.success(request, _("Rencana aksi ditambahkan."))
        return redirect("roadmaps:action-matrix", gov=government.slug, roadmap=r.uuid)
    context = _matrix_context(request, government, r)
    context["new_form"] = form
    status = 422 if request.htmx else 200  # type: ignore[attr-defined]
    template = "roadmaps/action_matrix.html#table" if request.htmx else "roadmaps/action_matrix.html"  # type: ignore[attr-defined]
    return render(request, template, context, status=status)


def _get_action(r: Roadmap, uid: str) -> Action:
    try:
        return Action.objects.prefetch_related("targets", "budgets", "problems", "supporting_units").get(
            roadmap=r, uid=uid
        )
    except Action.DoesNotExist as exc:
        raise Http404(_("Halaman tidak ditemukan.")) from exc


@login_required
@require_http_methods(["GET", "POST"])
def action_edit(request: HttpRequest, gov: str, roadmap: str, action: str) -> HttpResponse:
    """Inline edit of one row: GET gives the form row, POST saves it (autosave keeps the form)."""
    government, r = get_roadmap(request, gov, roadmap, write=True)
    obj = _get_action(r, action)
    year_now = current_year(r)
    pid = f"a{obj.uid.hex}"
    stale = None
    saved = False
    if request.method == "POST":
        form = _action_form(r, request.POST, prefix_id=pid)
        if form.is_valid():
            try:
                obj = services.save_action(actor=request.user, roadmap=r, action=obj, **form.service_kwargs())
            except services.StaleEditError as exc:
                stale = _get_action(r, str(getattr(exc.current, "uid", "")))
                data = request.POST.copy()
                data["version"] = str(stale.version)
                form = _action_form(r, data, prefix_id=pid)
                form.is_valid()
                form.add_error(
                    None,
                    _(
                        "%(who)s menyimpan baris ini lebih dulu. Isian Anda belum disimpan dan masih ada "
                        "di bawah; bandingkan dengan isian terbaru, lalu simpan lagi."
                    )
                    % {"who": stale.updated_by or _("Orang lain")},
                )
                form.add_error(
                    None,
                    _("Isian terbaru: kegiatan “%(a)s”, indikator “%(i)s”, keluaran “%(o)s”.")
                    % {"a": stale.activity, "i": stale.indicator, "o": stale.output},
                )
            else:
                saved = True
                if "finish" in request.POST or not request.htmx:  # type: ignore[attr-defined]
                    if request.htmx:  # type: ignore[attr-defined]
                        return _row_response(request, government, r, obj)
                    messages.success(request, _("Baris disimpan."))
                    return redirect("roadmaps:action-matrix", gov=government.slug, roadmap=r.uuid)
                # autosave: keep the form the person is typing in; only the version and status change
                response = render(
                    request,
                    "roadmaps/action_edit.html#autosaved",
                    {"a": obj, "pid": pid, "badge": _badge(r, obj)},
                )
                response["HX-Reswap"] = "none"
                return response
    else:
        form = _action_form(r, initial=ActionForm.initial_for(obj, year_now), prefix_id=pid)
    context = page_context(
        government,
        r,
        "matrix",
        form=form,
        a=obj,
        years=r.years,
        stale=stale,
        saved=saved,
        current_year=year_now,
        badge=_badge(r, obj),
    )
    if request.htmx:  # type: ignore[attr-defined]
        status = 409 if stale else (422 if form.errors else 200)
        return render(request, "roadmaps/action_edit.html#form", context, status=status)
    return render(request, "roadmaps/action_edit.html", context, status=409 if stale else 200)


def _matrix_refresh(request: HttpRequest, government: Government, r: Roadmap) -> HttpResponse:
    if request.htmx:  # type: ignore[attr-defined]
        context = _matrix_context(request, government, r)
        context["new_form"] = _action_form(r)
        return render(request, "roadmaps/action_matrix.html#table", context)
    return redirect("roadmaps:action-matrix", gov=government.slug, roadmap=r.uuid)


@login_required
@require_POST
def action_duplicate(request: HttpRequest, gov: str, roadmap: str, action: str) -> HttpResponse:
    government, r = get_roadmap(request, gov, roadmap, write=True)
    services.duplicate_action(actor=request.user, roadmap=r, action=_get_action(r, action))
    return _matrix_refresh(request, government, r)


@login_required
@require_POST
def action_move(request: HttpRequest, gov: str, roadmap: str, action: str) -> HttpResponse:
    government, r = get_roadmap(request, gov, roadmap, write=True)
    step = -1 if request.POST.get("arah") == "naik" else 1
    services.move_row(actor=request.user, roadmap=r, row=_get_action(r, action), step=step)
    return _matrix_refresh(request, government, r)


@login_required
@require_POST
def action_delete(request: HttpRequest, gov: str, roadmap: str, action: str) -> HttpResponse:
    government, r = get_roadmap(request, gov, roadmap, write=True)
    services.delete_row(actor=request.user, roadmap=r, row=_get_action(r, action))
    return _matrix_refresh(request, government, r)
