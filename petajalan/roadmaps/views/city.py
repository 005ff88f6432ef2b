"""The timeline (Gantt SVG), the city view for the Bagian Organisasi, and notifications."""

from __future__ import annotations

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.utils import timezone
from django.utils.translation import gettext as _
from django.views.decorators.http import require_GET, require_POST

from petajalan.accounts.permissions import get_government, require_role, roles_in
from petajalan.lib import gantt
from petajalan.roadmaps import hooks, services
from petajalan.roadmaps.models import Notification, Roadmap
from petajalan.roadmaps.views.base import (
    R,
    focus_choices,
    get_roadmap,
    page_context,
)

# ---------------------------------------------------------------- timeline


def _gantt_svg(request: HttpRequest, r: Roadmap) -> tuple[str, str]:
    plain = services.to_plain(r)
    focus = request.GET.get("fokus", "")
    unit = request.GET.get("unit", "")
    rows = [
        gantt.GanttRow(a.activity, gantt.quarters_of(a.schedule), group=a.focus_key)
        for a in plain.actions
        if (not focus or a.focus_key == focus) and (not unit or a.responsible_unit == unit)
    ]
    if not focus:
        rows += [
            gantt.GanttRow(
                f"QW: {q.title}",
                [(q.deadline.year, (q.deadline.month - 1) // 3 + 1)] if q.deadline else [],
                kind="quick_win",
            )
            for q in plain.quick_wins
        ]
    return gantt.draw(rows, plain.years, title=plain.title), focus


@login_required
@require_GET
def roadmap_gantt(request: HttpRequest, gov: str, roadmap: str) -> HttpResponse:
    government, r = get_roadmap(request, gov, roadmap)
    if request.GET.get("format") == "svg":
        svg, _focus = _gantt_svg(request, r)
        return HttpResponse(svg, content_type="image/svg+xml; charset=utf-8")
    svg, focus = _gantt_svg(request, r)
    from django.utils.safestring import mark_safe

    units = sorted(
        {
            a.responsible_unit.short_name
            for a in r.actions.select_related("responsible_unit")
            if a.responsible_unit
        }
    )
    return render(
        request,
        "roadmaps/gantt.html",
        page_context(
            government,
            r,
            "gantt",
            svg=mark_safe(svg),
            focus=focus,
            focus_choices=focus_choices(r),
            units=units,
            unit=request.GET.get("unit", ""),
        ),
    )


# ---------------------------------------------------------------- city view and notifications


@login_required
@require_GET
def city_overview(request: HttpRequest, gov: str) -> HttpResponse:
    """Submission tracker, coverage matrix, budget totals and the city road map of one period."""
    government = get_government(request, gov)
    require_role(request, government, R.ADMIN, R.LEADER)
    periods = services.city.periods(government)
    try:
        start = int(request.GET.get("periode") or (periods[0][0] if periods else timezone.localdate().year))
    except ValueError as exc:
        raise Http404(_("Halaman tidak ditemukan.")) from exc
    city = Roadmap.objects.filter(government=government, unit__isnull=True, start_year=start).first()
    cov = services.coverage(government, start)
    coverage_rows = []
    for node in cov.nodes:
        cells = [cov.counts.get((node.key, u.pk), 0) for u in cov.units]
        coverage_rows.append({"node": node, "cells": cells, "total": sum(cells)})
    return render(
        request,
        "roadmaps/city.html",
        {
            "government": government,
            "periods": periods,
            "start": start,
            "rows": services.tracker(government, start),
            "coverage": cov,
            "coverage_rows": coverage_rows,
            "budgets": services.budget_totals(government, start),
            "city": city,
            "can_consolidate": bool(
                city and city.is_editable_state and R.ADMIN in roles_in(request.user, government)
            ),
        },
    )


@login_required
@require_POST
def city_consolidate(request: HttpRequest, gov: str, roadmap: str) -> HttpResponse:
    government, r = get_roadmap(request, gov, roadmap, write=True)
    if not r.is_city:
        raise Http404(_("Halaman tidak ditemukan."))
    counts = services.consolidate(actor=request.user, city=r)
    hooks.content_changed(r)
    messages.success(
        request,
        _("Konsolidasi selesai: %(c)s baris baru, %(u)s diperbarui, %(d)s dihapus.")
        % {"c": counts["created"], "u": counts["updated"], "d": counts["deleted"]},
    )
    return redirect("roadmaps:action-matrix", gov=government.slug, roadmap=r.uuid)


@login_required
@require_GET
def notification_list(request: HttpRequest, gov: str) -> HttpResponse:
    government = get_government(request, gov)
    items = list(Notification.objects.filter(recipient_id=request.user.pk, government=government)[:100])
    Notification.objects.filter(recipient_id=request.user.pk, government=government, is_read=False).update(
        is_read=True
    )
    return render(request, "roadmaps/notifications.html", {"government": government, "items": items})
