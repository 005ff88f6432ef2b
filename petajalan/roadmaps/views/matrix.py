"""The action matrix: the page, inline edit with htmx and autosave, add, duplicate, move, delete."""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Callable
from decimal import Decimal
from typing import Any

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.db.models import Count, F
from django.http import Http404, HttpRequest, HttpResponse
from django.middleware.csrf import get_token
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils.html import escape, format_html
from django.utils.safestring import mark_safe
from django.utils.text import Truncator
from django.utils.translation import gettext as _
from django.views.decorators.http import require_GET, require_http_methods, require_POST

from petajalan.accounts.models import Government, Unit
from petajalan.lib.formatting import rupiah
from petajalan.roadmaps import hooks, readers, services
from petajalan.roadmaps.forms import (
    ActionForm,
)
from petajalan.roadmaps.models import Action, Comment, Roadmap
from petajalan.roadmaps.templatetags.roadmap_tags import nilai
from petajalan.roadmaps.views.base import (
    can_edit,
    current_year,
    focus_choices,
    get_roadmap,
    page_context,
)

# ---------------------------------------------------------------- action matrix


def _matrix_context(
    request: HttpRequest, government: Government, r: Roadmap, *, only: int | None = None
) -> dict[str, Any]:
    """The matrix page: rows with their display values computed here, not in the template.

    The page reads plain values (``values_list``) instead of building ~15 model objects per row,
    and formats numbers and money once per cell; ``only`` (an action id) fills in just that row
    (a row saved through htmx) while numbering and totals still cover every row. The number of
    queries does not depend on the number of rows.
    """
    focus = request.GET.get("fokus", "")
    nodes = {n.key: n for n in services.focus_nodes(r)}
    years = r.years
    # plain dicts: templates look a key up directly, where a model attribute costs a failed
    # item lookup first (~25 lookups a row)
    rows = (
        Action.objects.filter(roadmap=r)
        .order_by("order", "id")
        .values(
            "id",
            "uid",
            "focus_key",
            "activity",
            "subactivity_code",
            "output",
            "indicator",
            "unit_of_measure",
            "baseline_year",
            "baseline_value",
            "no_budget_needed",
            responsible_name=F("responsible_unit__short_name"),
            cascade_activity=F("cascade__activity"),
        )
    )
    actions: list[dict[str, Any]] = [dict(row) for row in rows]
    if focus:
        actions = [a for a in actions if a["focus_key"] == focus]
    ids = [a["id"] for a in actions]
    detail = {only} if only is not None else set(ids)
    targets = readers.yearly_targets(action__roadmap=r)
    money = readers.budgets(action__roadmap=r)
    totals = dict.fromkeys(years, Decimal(0))
    shown = set(ids)
    for action_id, by_year in money.items():
        if action_id in shown:
            for year, amount in by_year.items():
                if year in totals:
                    totals[year] += amount
    problems: dict[int, list[str]] = defaultdict(list)
    for action_id, statement in (
        Action.problems.through.objects.filter(action__roadmap=r)
        .order_by("problem__order", "problem__id")
        .values_list("action_id", "problem__statement")
    ):
        problems[action_id].append(Truncator(statement).chars(80))
    supporting = readers.supporting_units(action__roadmap=r)
    fixes = dict(
        Comment.objects.filter(roadmap=r, needs_fix=True, is_resolved=False, action__isnull=False)
        .values_list("action_id")
        .annotate(n=Count("id"))
    )
    value_text, money_text = _formatted(nilai), _formatted(rupiah)
    # one reverse() for the page: rows append their uid (reversing per row costs ~0.1 s at 300 rows)
    row_base = reverse("roadmaps:action-matrix", kwargs={"gov": government.slug, "roadmap": r.uuid})
    for number, a in enumerate(actions, start=1):
        a["number"] = number
        pk = a["id"]
        if pk not in detail:
            continue
        node = nodes.get(a["focus_key"])
        mine, amounts = targets.get(pk, {}), money.get(pk, {})
        a |= {
            "focus_label": f"{node.ref} {node.title}".strip() if node else "",
            "open_fixes": fixes.get(pk, 0),
            "problem_lines": problems.get(pk, []),
            "supporting_names": supporting.get(pk, []),
            "uid_str": str(a["uid"]),
            # a reversed path and a UUID: nothing to escape, so the eight uses a row makes skip it
            "url": mark_safe(f"{row_base}{a['uid']}/"),
            "baseline_text": value_text(a["baseline_value"]),
            # the year cells as one piece of markup (15 template lookups otherwise); years are ints and
            # the values come escaped from _formatted
            "years_html": mark_safe(
                "".join(
                    f"<div>{y}: <strong>{value_text(mine.get(y)) or '—'}</strong>"
                    f"{' · ' + money_text(amounts[y]) if amounts.get(y) is not None else ''}</div>"
                    for y in years
                )
            ),
        }
    return page_context(
        government,
        r,
        "matrix",
        actions=actions if only is None else [a for a in actions if a["id"] == only],
        years=years,
        year_totals=[(y, totals[y]) for y in years],
        grand_total=sum(totals.values()),
        focus=focus,
        focus_choices=[(k, f"{n.ref} {n.title}".strip()) for k, n in nodes.items()],
        can_edit=can_edit(request, r),
        can_comment=services.may_comment(request.user, r),
        detail_url=reverse("roadmaps:roadmap-detail", kwargs={"gov": government.slug, "roadmap": r.uuid}),
        row_base=row_base,
        # one CSRF field for the page: {% csrf_token %} in every row masks a new token each time
        csrf_input=format_html(
            '<input type="hidden" name="csrfmiddlewaretoken" value="{}">', get_token(request)
        ),
        labels=_row_labels(),
    )


def _formatted(fmt: Callable[[Any], str]) -> Callable[[Any], str]:
    """``fmt`` escaped and remembered per value: a matrix repeats the same targets and budgets."""
    seen: dict[Any, str] = {}

    def once(value: Any) -> str:
        if value not in seen:
            seen[value] = escape(fmt(value))
        return seen[value]

    return once


def _row_labels() -> dict[str, str]:
    """The words every row repeats, translated once per page instead of once per row."""
    return {
        "edit": _("Ubah"),
        "duplicate": _("Gandakan"),
        "up": _("Naikkan"),
        "down": _("Turunkan"),
        "delete": _("Hapus"),
        "confirm_delete": _("Hapus baris ini?"),
        "comment": _("Komentari baris ini"),
        "cascade": _("mendukung rencana aksi kota"),
        "baseline": _("Data dasar"),
        "no_budget": _("tidak perlu anggaran"),
    }


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
    focus = focus_choices(r)
    form = ActionForm(
        data,
        initial=initial,
        auto_id=f"{prefix_id}_%s",
        roadmap=r,
        focus=focus,
        problems=list(r.problems.all()),
        units=list(Unit.objects.filter(government=r.government, is_active=True).order_by("code")),
        current_year=current_year(r),
        city_actions=city_actions,
    )
    # while the activity is typed, ask for focus hints (only when the clinic offers them); without
    # JavaScript the attributes do nothing and the form works as before
    hint_url = hooks.focus_hint_url(r, [k for k, _label in focus])
    form.hints_id = f"{prefix_id}_focus_key_saran" if hint_url else ""  # type: ignore[attr-defined]
    if hint_url:
        form.fields["activity"].widget.attrs.update(
            {
                "hx-get": f"{hint_url}&pilih={prefix_id}_focus_key",
                "hx-trigger": "input changed delay:300ms",
                "hx-target": f"#{form.hints_id}",  # type: ignore[attr-defined]
                "hx-swap": "outerHTML",
                "hx-sync": "this:replace",
                "aria-controls": form.hints_id,  # type: ignore[attr-defined]
            }
        )
    return form


def _changed(response: HttpResponse) -> HttpResponse:
    """Tell listening panels (the clinic's readiness) that the road map's content changed."""
    response["HX-Trigger"] = hooks.CHANGED_EVENT
    return response


@login_required
@require_GET
def action_matrix(request: HttpRequest, gov: str, roadmap: str) -> HttpResponse:
    government, r = get_roadmap(request, gov, roadmap)
    # the new-row form is not built here: "Tambah rencana aksi" loads it when opened (it was half
    # of the page's time, decision 0056); without JavaScript its link opens it as a page
    context = _matrix_context(request, government, r)
    if request.htmx:  # type: ignore[attr-defined]
        return render(request, "roadmaps/action_matrix.html#table", context)
    context["live_panels"] = hooks.matrix_panels(request, r)
    return render(request, "roadmaps/action_matrix.html", context)


def _badge(r: Roadmap, action: Action) -> str:
    """The HTML the registered row-badge hooks (the clinic) give for this row; empty without hooks."""
    return hooks.row_badges(r, str(action.uid))


def _row_response(request: HttpRequest, government: Government, r: Roadmap, action: Action) -> HttpResponse:
    context = _matrix_context(request, government, r, only=action.pk)
    row = next((a for a in context["actions"] if a["id"] == action.pk), None)
    if row is None:
        return HttpResponse("")
    context["a"] = row
    context["badge"] = _badge(r, action)
    return render(request, "roadmaps/action_matrix.html#row", context)


@login_required
@require_http_methods(["GET", "POST"])
def action_create(request: HttpRequest, gov: str, roadmap: str) -> HttpResponse:
    """GET: the new-row form (the matrix loads it into "Tambah rencana aksi" when opened; without
    JavaScript it is a page of its own). POST: add the row."""
    government, r = get_roadmap(request, gov, roadmap, write=True)
    if request.method == "GET":
        focus = request.GET.get("fokus", "")
        initial = {"focus_key": focus} | ({"responsible_unit": str(r.unit.uuid)} if r.unit else {})
        htmx = bool(request.htmx)  # type: ignore[attr-defined]
        context = page_context(
            government, r, "matrix", new_form=_action_form(r, initial=initial), standalone=not htmx
        )
        if htmx:
            return render(request, "roadmaps/action_matrix.html#new-form", context)
        return render(request, "roadmaps/action_new.html", context)
    form = _action_form(r, request.POST)
    if form.is_valid():
        kwargs = form.service_kwargs()
        kwargs.pop("expected_version")
        action = services.save_action(actor=request.user, roadmap=r, **kwargs)
        hooks.content_changed(r)
        if request.htmx:  # type: ignore[attr-defined]
            context = _matrix_context(request, government, r)
            context["saved_uid"] = str(action.uid)
            return _changed(render(request, "roadmaps/action_matrix.html#table", context))
        messages.success(request, _("Rencana aksi ditambahkan."))
        return redirect("roadmaps:action-matrix", gov=government.slug, roadmap=r.uuid)
    context = _matrix_context(request, government, r)
    context["new_form"] = form
    if not request.htmx:  # type: ignore[attr-defined]
        context["live_panels"] = hooks.matrix_panels(request, r)
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
                hooks.content_changed(r)
                if "finish" in request.POST or not request.htmx:  # type: ignore[attr-defined]
                    if request.htmx:  # type: ignore[attr-defined]
                        return _changed(_row_response(request, government, r, obj))
                    messages.success(request, _("Baris disimpan."))
                    return redirect("roadmaps:action-matrix", gov=government.slug, roadmap=r.uuid)
                # autosave: keep the form the person is typing in; only the version and status change
                response = render(
                    request,
                    "roadmaps/action_edit.html#autosaved",
                    {"a": obj, "pid": pid, "badge": _badge(r, obj)},
                )
                response["HX-Reswap"] = "none"
                return _changed(response)
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
        return _changed(render(request, "roadmaps/action_matrix.html#table", context))
    return redirect("roadmaps:action-matrix", gov=government.slug, roadmap=r.uuid)


@login_required
@require_POST
def action_duplicate(request: HttpRequest, gov: str, roadmap: str, action: str) -> HttpResponse:
    government, r = get_roadmap(request, gov, roadmap, write=True)
    services.duplicate_action(actor=request.user, roadmap=r, action=_get_action(r, action))
    hooks.content_changed(r)
    return _matrix_refresh(request, government, r)


@login_required
@require_POST
def action_move(request: HttpRequest, gov: str, roadmap: str, action: str) -> HttpResponse:
    government, r = get_roadmap(request, gov, roadmap, write=True)
    step = -1 if request.POST.get("arah") == "naik" else 1
    services.move_row(actor=request.user, roadmap=r, row=_get_action(r, action), step=step)
    hooks.content_changed(r)
    return _matrix_refresh(request, government, r)


@login_required
@require_POST
def action_delete(request: HttpRequest, gov: str, roadmap: str, action: str) -> HttpResponse:
    government, r = get_roadmap(request, gov, roadmap, write=True)
    services.delete_row(actor=request.user, roadmap=r, row=_get_action(r, action))
    hooks.content_changed(r)
    return _matrix_refresh(request, government, r)
