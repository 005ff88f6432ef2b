"""The trace of a dashboard figure to the verified rows behind it, with the arithmetic."""

from __future__ import annotations

from dataclasses import dataclass
from decimal import Decimal
from urllib.parse import urlencode

from django.contrib.auth.decorators import login_required
from django.core.paginator import Paginator
from django.db.models import F, Min
from django.http import HttpRequest, HttpResponse
from django.shortcuts import render
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _
from django.views.decorators.http import require_GET

from petajalan.accounts.models import Unit
from petajalan.accounts.permissions import current_user, get_for_user, get_government
from petajalan.monitoring import rollup
from petajalan.monitoring.achievement import CAP
from petajalan.monitoring.models import QuarterReport, Realisation
from petajalan.monitoring.services import settings_for
from petajalan.monitoring.views.dashboard import (
    CITY,
    RAG_LABELS,
    TRACE_PAGE,
    _empty,
    city_filter,
    focus_titles,
    requested_quarter,
    sees_city,
)
from petajalan.roadmaps.models import Roadmap


@dataclass
class TraceRow:
    row: Realisation
    counted_value: Decimal | None
    capped: Decimal | None
    points: Decimal | None
    planned: Decimal


@login_required
@require_GET
def rollup_rows(request: HttpRequest, gov: str) -> HttpResponse:
    """The verified rows behind a figure (``?tahun=&tw=&unit=&fokus=&peta=&ytd=``) with target,
    realisation, achievement, capped achievement, weight and points, and the total that equals the
    figure. Only rows of reports the user may see are listed."""
    government = get_government(request, gov)
    user = current_user(request)
    settings = settings_for(government)
    today = timezone.localdate()
    year, quarter = requested_quarter(request, government, today)
    ytd = request.GET.get("ytd") == "1"
    quarters = list(range(1, quarter + 1)) if ytd else [quarter]
    rows = rollup.rows_for(government.pk, year, quarters)
    scope: list[str] = []
    roadmap = None
    if peta := request.GET.get("peta"):
        roadmap = get_for_user(request, Roadmap.objects.filter(government=government), uuid=peta)
        rows = rows.filter(report__roadmap=roadmap)
        scope.append(str(roadmap))
    else:
        rows = rows.filter(city_filter(government.pk))
    if not sees_city(user, government):
        # the ids, not a subquery: the gate's nested subqueries inside the roll-up's own would
        # overflow SQLite's parser; a person outside the city-wide roles sees a handful of reports
        visible = QuarterReport.objects.visible_to(user).filter(government=government, year=year)
        rows = rows.filter(report_id__in=list(visible.values_list("pk", flat=True)))
    unit_key = request.GET.get("unit", "")
    if unit_key == CITY:
        rows = rows.filter(unit__isnull=True)
        scope.append(_("Pemerintah daerah (road map kota)"))
    elif unit_key:
        unit = get_for_user(request, Unit.objects.filter(government=government), uuid=unit_key)
        rows = rows.filter(unit=unit)
        scope.append(unit.name)
    focus = request.GET.get("fokus", "")
    if focus:
        rows = rows.filter(focus_key=focus)
        versions = Roadmap.pack_versions.through.objects.filter(roadmap__government=government).values(
            "packversion_id"
        )
        order_ref_title = focus_titles(versions, {focus}).get(focus)
        scope.append(f"{order_ref_title[1]} {order_ref_title[2]}".strip() if order_ref_title else focus)

    total = next(iter(rollup.aggregate(rows, None, settings)), _empty())
    if ytd:
        money = next(iter(rollup.budget(rows, None)), rollup.Budget(None, Decimal(0), Decimal(0)))
    else:
        money = rollup.Budget(None, total.spent, total.planned)
    listing = rows.select_related("action", "unit").order_by(
        F("unit__code").asc(nulls_first=True), "year", "quarter", "action__order", "action_id"
    )
    page = Paginator(listing, TRACE_PAGE).get_page(request.GET.get("hal"))
    shown = list(page.object_list)
    # the yearly plan counts on an action's earliest quarter in the selection (``rollup.planned_once``)
    first = {
        (r["action_id"], r["year"]): r["first"]
        for r in rows.filter(action_id__in={r.action_id for r in shown})
        .order_by()
        .values("action_id", "year")
        .annotate(first=Min("quarter"))
    }
    lines = [_trace_row(r, first.get((r.action_id, r.year)) == r.quarter) for r in shown]
    query = request.GET.copy()
    query.pop("hal", None)
    return render(
        request,
        "monitoring/rollup_rows.html",
        {
            "government": government,
            "year": year,
            "quarter": quarter,
            "ytd": ytd,
            "scope": scope,
            "roadmap": roadmap,
            "total": total,
            "total_label": RAG_LABELS[total.colour],
            "money": money,
            "points": total.points.quantize(Decimal("0.01")),
            "lines": lines,
            "page": page,
            "query": query.urlencode(),
            "restricted": not sees_city(user, government),
            "dashboard_url": reverse("monitoring:dashboard", kwargs={"gov": government.slug})
            + "?"
            + urlencode({"tahun": year, "tw": quarter, **({"ytd": 1} if ytd else {})}),
            "cap": CAP,
        },
    )


def _trace_row(row: Realisation, plan_counts: bool) -> TraceRow:
    counted = row.verified_value if row.verified_value is not None else row.value
    capped = min(row.achievement, CAP) if row.achievement is not None else None
    points = capped * row.weight if capped is not None else None
    planned = (row.budget_planned or Decimal(0)) if plan_counts else Decimal(0)
    return TraceRow(row, counted, capped, points, planned)
