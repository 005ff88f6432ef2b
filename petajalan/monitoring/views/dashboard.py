"""The leaders' dashboard, the Bagian Organisasi's chase list, the trace of a roll-up to its rows, and
the per-road-map summary the quarter page includes.

The trace of a figure to its rows is ``views/trace.py``.

Every figure is a roll-up of verified rows (``rollup.aggregate``: the weighted mean of achievements
capped at 100 %) computed in SQL, with a constant number of queries whatever the size of the city.
City-wide figures count the unit road maps' rows and the city road map's own actions; the city road
map's actions consolidated from a unit (``Action.source``) are left out, their unit already counts
them. Each figure links to ``rollup_rows``, which lists the rows behind it with the arithmetic.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass, field
from decimal import Decimal
from typing import Any
from urllib.parse import urlencode

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.db.models import Count, F, Max, Min, Q, QuerySet
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils import timezone
from django.utils.functional import Promise
from django.utils.safestring import SafeString, mark_safe
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from django.views.decorators.http import require_GET, require_POST

from petajalan.accounts.models import AuditEvent, Government, Membership, Unit
from petajalan.accounts.permissions import (
    current_user,
    get_for_user,
    get_government,
    require_role,
    roles_in,
)
from petajalan.accounts.querysets import _is_platform_operator, active_memberships
from petajalan.accounts.services import ServiceError
from petajalan.frameworks.models import Node
from petajalan.lib import charts
from petajalan.monitoring import calendar, rollup
from petajalan.monitoring.achievement import Rag
from petajalan.monitoring.models import (
    QuarterReport,
    QuickWinDelivery,
    Realisation,
    ReminderSent,
    Settings,
)
from petajalan.monitoring.querysets import verifiers_filter
from petajalan.monitoring.services import ensure_period, settings_for
from petajalan.roadmaps.models import Action, Roadmap

R = Membership.Role
S = QuarterReport.Status
CITY = "kota"  # the city road map's line in a "by unit" roll-up and in trace URLs
TRACE_PAGE = 200
BARS = {"width": 440, "label_width": 0}  # bar charts with each label above its bar: fits a phone

RAG_LABELS: dict[str, Promise] = {
    Rag.GREEN: gettext_lazy("Hijau"),
    Rag.AMBER: gettext_lazy("Kuning"),
    Rag.RED: gettext_lazy("Merah"),
    Rag.GREY: gettext_lazy("Belum ada data"),
}
CATEGORY_LABELS: dict[str, Promise] = {
    "verified": gettext_lazy("Terverifikasi"),
    "submitted": gettext_lazy("Menunggu verifikasi"),
    "returned": gettext_lazy("Dikembalikan"),
    "late": gettext_lazy("Terlambat"),
    "draft": gettext_lazy("Belum diajukan"),
}


# Who sees what ---------------------------------------------------------------------------------


def sees_city(user: Any, government: Government) -> bool:
    """Admins, leaders and reviewers of the whole government see the city's roll-ups."""
    if _is_platform_operator(user):
        return True
    return (
        active_memberships(user)
        .filter(government=government)
        .filter(Q(role__in=[R.ADMIN, R.LEADER]) | Q(role=R.REVIEWER, reviewed_units__isnull=True))
        .exists()
    )


def _own_monitoring_page(request: HttpRequest, government: Government) -> HttpResponse:
    """Drafters, unit heads and reviewers of chosen units go to their unit's road map quarters."""
    unit_ids = Unit.objects.visible_to(request.user).filter(government=government).values("pk")
    roadmap = (
        Roadmap.objects.filter(government=government, unit_id__in=unit_ids, status=Roadmap.Status.ENACTED)
        .order_by("unit__code", "-start_year")
        .only("uuid")
        .first()
    )
    if roadmap is None:
        messages.info(request, _("Belum ada road map perangkat daerah Anda yang ditetapkan untuk dipantau."))
        return redirect("roadmaps:roadmap-list", gov=government.slug)
    return redirect("monitoring:roadmap-quarters", gov=government.slug, roadmap=roadmap.uuid)


# Which quarter ---------------------------------------------------------------------------------


def default_quarter(government: Government, today: dt.date) -> tuple[int, int]:
    """The last quarter whose due date has passed, else the current one."""
    current = calendar.quarter_of(today)
    last = calendar.previous_quarter(*current)
    for year, quarter in (last, calendar.previous_quarter(*last)):
        if ensure_period(government, year, quarter).due_on < today:
            return year, quarter
    return current


def _int(value: str | None, low: int, high: int) -> int | None:
    try:
        number = int(value or "")
    except ValueError:
        return None
    return number if low <= number <= high else None


def requested_quarter(request: HttpRequest, government: Government, today: dt.date) -> tuple[int, int]:
    """``?tahun=&tw=`` when both are valid, else the default quarter."""
    year = _int(request.GET.get("tahun"), 2000, 2100)
    quarter = _int(request.GET.get("tw"), 1, 4)
    if year is None or quarter is None:
        return default_quarter(government, today)
    return year, quarter


def _years(government: Government, today: dt.date, chosen: int) -> list[int]:
    span = Roadmap.objects.filter(government=government).aggregate(a=Min("start_year"), b=Max("end_year"))
    first = span["a"] or today.year
    last = min(span["b"] or today.year, today.year)
    return sorted(set(range(first, last + 1)) | {chosen})


# Rows and labels -------------------------------------------------------------------------------


def city_filter(government_id: int) -> Q:
    """Rows that count for the city: the units' rows and the city road map's own actions (an
    uncorrelated subquery over the few city actions, so the roll-ups need no join per row)."""
    own = Action.objects.filter(
        government_id=government_id, roadmap__unit__isnull=True, source__isnull=True
    ).values("pk")
    return Q(unit__isnull=False) | Q(action_id__in=own)


def city_rows(government_id: int, year: int, quarters: list[int], *, counted_only: bool = True) -> QuerySet:
    """The rows behind the city's figures for ``quarters`` of ``year`` (verified only, by default)."""
    rows = rollup.rows_for(government_id, year, quarters, counted_only=counted_only)
    return rows.filter(city_filter(government_id))


def focus_titles(versions: QuerySet, keys: set[str]) -> dict[str, tuple[int, str, str]]:
    """Focus key → (order, ref, title) from the framework nodes of ``versions`` (pack-version ids)."""
    nodes = Node.objects.filter(version_id__in=versions, key__in=keys).order_by("version_id")
    return {
        n["key"]: (n["order"], n["ref"], n["title"]) for n in nodes.values("key", "order", "ref", "title")
    }


def trace_url(government: Government, year: int, quarter: int, ytd: bool = False, **params: str) -> str:
    """The rows behind a figure: ``unit`` (uuid or "kota"), ``fokus``, ``peta`` (a road map's uuid)."""
    query = {
        "tahun": year,
        "tw": quarter,
        **({"ytd": 1} if ytd else {}),
        **{k: v for k, v in params.items() if v},
    }
    return reverse("monitoring:rollup-rows", kwargs={"gov": government.slug}) + "?" + urlencode(query)


def _empty(key: Any = None) -> rollup.Rollup:
    zero = Decimal(0)
    return rollup.Rollup(
        key=key, score=None, colour=Rag.GREY, rows=0, measured=0, weight=zero, spent=zero, planned=zero
    )


@dataclass
class Line:
    """One line of a roll-up table (a unit, a focus node, a quarter) with its chart bar."""

    key: str
    label: str
    figure: rollup.Rollup
    money: rollup.Budget | None
    url: str
    ref: str = ""
    pending: int = 0
    state: ReportState | None = None

    @property
    def colour_label(self) -> str:
        return str(RAG_LABELS[self.figure.colour])

    @property
    def absorption(self) -> Decimal | None:
        return self.money.absorption if self.money else None

    def bar(self) -> charts.Bar:
        return charts.Bar(
            label=f"{self.ref} {self.label}".strip(),
            value=self.figure.score,
            status=str(self.figure.colour),
            status_label=self.colour_label,
        )


def _thresholds(settings: Settings) -> tuple[Decimal, Decimal]:
    return (settings.green_from, settings.amber_from)


# Report states (late, returned, …) --------------------------------------------------------------


@dataclass
class ReportState:
    """Where a road map's report for a quarter stands against the due date."""

    roadmap: Roadmap
    report: QuarterReport | None
    due_on: dt.date
    today: dt.date
    last_reminder: dt.datetime | None = None

    @property
    def label(self) -> str:
        unit = self.roadmap.unit
        return unit.name if unit else _("Pemerintah daerah (road map kota)")

    @property
    def status(self) -> str:
        return self.report.status if self.report else "not_opened"

    @property
    def status_label(self) -> str:
        return self.report.get_status_display() if self.report else _("Belum dibuka")

    @property
    def submitted_on(self) -> dt.date | None:
        if self.report is None or self.report.submitted_at is None:
            return None
        return timezone.localdate(self.report.submitted_at)

    @property
    def days_late(self) -> int | None:
        """Days past the due date without a submission (or of a late submission), else None."""
        if self.status in (S.SUBMITTED, S.VERIFIED):
            submitted = self.submitted_on
            return (submitted - self.due_on).days if submitted and submitted > self.due_on else None
        if self.status == S.RETURNED:
            return None  # it was submitted; it now waits on the unit (shown as returned)
        return (self.today - self.due_on).days if self.today > self.due_on else None

    @property
    def category(self) -> str:
        """verified / submitted / returned / late / draft (not submitted, not yet due)."""
        if self.status in (S.VERIFIED, S.SUBMITTED, S.RETURNED):
            return self.status
        return "late" if self.days_late is not None else "draft"

    @property
    def may_remind(self) -> bool:
        return self.category in ("late", "draft", "returned")


def monitored_roadmaps(government: Government, year: int, within: Q | None = None) -> list[Roadmap]:
    """Enacted unit road maps covering ``year`` and the city's road map of that period (``within``:
    only those matching it)."""
    return list(
        Roadmap.objects.filter(government=government, start_year__lte=year, end_year__gte=year)
        .filter(Q(status=Roadmap.Status.ENACTED) | Q(unit__isnull=True))
        .filter(within or Q())
        .select_related("unit")
        .order_by(F("unit__code").asc(nulls_first=True), "start_year")
    )


def report_states(
    government: Government,
    roadmaps: list[Roadmap],
    year: int,
    quarter: int,
    today: dt.date,
    *,
    with_reminders: bool = False,
) -> list[ReportState]:
    """The state of each road map's report for the quarter (two queries; two more for the last
    reminder: the daily ones are ``ReminderSent`` rows, the admin's clicks audit events)."""
    due_on = ensure_period(government, year, quarter).due_on
    reports = {
        r.roadmap_id: r
        for r in QuarterReport.objects.filter(
            government=government, year=year, quarter=quarter, roadmap_id__in=[r.pk for r in roadmaps]
        ).annotate(
            n_rows=Count("realisations"),
            n_filled=Count("realisations", filter=Q(realisations__value__isnull=False)),
        )
    }
    last: dict[int, dt.datetime] = {}
    if with_reminders:
        sent = ReminderSent.objects.filter(government=government, year=year, quarter=quarter)
        for row in sent.values("roadmap_id").annotate(at=Max("sent_at")):
            last[row["roadmap_id"]] = row["at"]
        by_uuid = {str(r.uuid): r.pk for r in roadmaps}
        clicks = AuditEvent.objects.filter(
            government=government,
            object_type="monitoring.reminder",
            object_id__in=list(by_uuid),
            after__year=year,
            after__quarter=quarter,
        )
        for click in clicks.order_by().values("object_id").annotate(at=Max("created_at")):
            pk = by_uuid[click["object_id"]]
            last[pk] = max(last.get(pk, click["at"]), click["at"])
    return [
        ReportState(
            roadmap=r, report=reports.get(r.pk), due_on=due_on, today=today, last_reminder=last.get(r.pk)
        )
        for r in roadmaps
    ]


# The city dashboard ----------------------------------------------------------------------------


def _combine(parts: list[rollup.Rollup], index: int, settings: Settings) -> dict[Any, rollup.Rollup]:
    """Roll-ups keyed by one element of the parts' tuple keys (a few hundred groups, not rows)."""
    grouped: dict[Any, list[rollup.Rollup]] = {}
    for part in parts:
        grouped.setdefault(part.key[index], []).append(part)
    return {key: rollup.combine(group, key, settings) for key, group in grouped.items()}


def _budgets(
    rows: QuerySet, ytd: bool, by_unit: dict[Any, rollup.Rollup], by_focus: list[rollup.Rollup]
) -> tuple[dict[Any, rollup.Budget], dict[Any, rollup.Budget], rollup.Budget]:
    """Budget absorption by unit, by focus node and in total. Over one quarter the roll-ups already
    hold it; over the year to date each action's yearly plan counts once (``rollup.budget``): one
    query by (unit, focus node), summed here per unit and per focus node (a few hundred groups)."""
    zero = Decimal(0)
    if not ytd:
        units = {k: rollup.Budget(k, f.spent, f.planned) for k, f in by_unit.items()}
        focus = {f.key: rollup.Budget(f.key, f.spent, f.planned) for f in by_focus}
    else:
        units, focus = {}, {}
        for part in rollup.budget(rows, ("unit", "focus_key")):
            unit_id, key = part.key
            for found, k in ((units, unit_id), (focus, key)):
                had = found.get(k, rollup.Budget(k, zero, zero))
                found[k] = rollup.Budget(k, had.spent + part.spent, had.planned + part.planned)
    total = rollup.Budget(
        None, sum((b.spent for b in units.values()), zero), sum((b.planned for b in units.values()), zero)
    )
    return units, focus, total


@dataclass
class CityFigures:
    """Everything the city dashboard shows for one quarter (or the year to date)."""

    year: int
    quarter: int
    ytd: bool
    total: rollup.Rollup
    money: rollup.Budget
    total_url: str
    units: list[Line]
    focus: list[Line]
    trend: list[Line]
    states: list[ReportState]
    pending_submitted: int
    pending_other: int
    wins_verified: int
    wins_pending: int
    wins: list[QuickWinDelivery]
    due_on: dt.date
    counts: dict[str, int] = field(default_factory=dict)

    @property
    def late(self) -> list[ReportState]:
        return sorted((s for s in self.states if s.days_late is not None), key=lambda s: -(s.days_late or 0))

    @property
    def returned(self) -> list[ReportState]:
        return [s for s in self.states if s.status == S.RETURNED]


def city_figures(
    government: Government, year: int, quarter: int, ytd: bool, settings: Settings, today: dt.date
) -> CityFigures:
    """The dashboard's roll-ups: SQL aggregates over the city's verified rows (constant queries)."""
    quarters = list(range(1, quarter + 1)) if ytd else [quarter]
    rows = city_rows(government.pk, year, quarters)

    def url(**params: str) -> str:
        return trace_url(government, year, quarter, ytd, **params)

    # one SQL roll-up by (unit, focus node); units, focus nodes and the total are exact sums of it
    parts = rollup.aggregate(rows, ("unit", "focus_key"), settings)
    by_unit = _combine(parts, 0, settings)
    by_focus = list(_combine(parts, 1, settings).values())
    total = rollup.combine(parts, None, settings)
    unit_money, focus_money, money = _budgets(rows, ytd, by_unit, by_focus)

    # by unit: every monitored road map, grey when nothing of it is verified yet
    roadmaps = monitored_roadmaps(government, year)
    states = report_states(government, roadmaps, year, quarter, today)
    pending: dict[Any, int] = {}
    pending_submitted = pending_other = 0
    # the report's government too: the planner then reads this government's reports, not all of them
    not_counted = city_rows(government.pk, year, quarters, counted_only=False).filter(
        is_counted=False, report__government_id=government.pk
    )
    for row in not_counted.order_by().values("unit", "report__status").annotate(n=Count("pk")):
        pending[row["unit"]] = pending.get(row["unit"], 0) + row["n"]
        if row["report__status"] == S.SUBMITTED:
            pending_submitted += row["n"]
        else:
            pending_other += row["n"]
    units: list[Line] = []
    seen: set[Any] = set()
    for state in states:
        unit_id = state.roadmap.unit_id
        if unit_id in seen:
            continue
        seen.add(unit_id)
        key = str(state.roadmap.unit.uuid) if state.roadmap.unit else CITY
        units.append(
            Line(
                key=key,
                label=state.label,
                figure=by_unit.get(unit_id, _empty(unit_id)),
                money=unit_money.get(unit_id),
                url=url(unit=key),
                pending=pending.get(unit_id, 0),
                state=state,
            )
        )
    stray = [k for k in by_unit if k not in seen]  # rows of a road map no longer monitored
    if stray:
        for unit in Unit.objects.filter(pk__in=[k for k in stray if k is not None]):
            units.append(
                Line(
                    str(unit.uuid),
                    unit.name,
                    by_unit[unit.pk],
                    unit_money.get(unit.pk),
                    url(unit=str(unit.uuid)),
                )
            )
    units.sort(key=lambda line: (line.figure.score is None, line.figure.score or 0, line.label))

    # by focus node, titled from the packs of the road maps of the year
    versions = Roadmap.pack_versions.through.objects.filter(
        roadmap__government=government, roadmap__start_year__lte=year, roadmap__end_year__gte=year
    ).values("packversion_id")
    titles = focus_titles(versions, {f.key for f in by_focus})
    focus = [
        Line(
            key=f.key,
            label=titles.get(f.key, (0, "", f.key))[2],
            ref=titles.get(f.key, (0, "", ""))[1],
            figure=f,
            money=focus_money.get(f.key),
            url=url(fokus=f.key),
        )
        for f in by_focus
    ]
    focus.sort(key=lambda line: (titles.get(line.key, (10**6,))[0], line.key))

    # the trend: each quarter since the start of last year, quarter by quarter
    trend_rows = (
        Realisation.objects.filter(government_id=government.pk, is_counted=True)
        .filter(Q(year=year - 1) | Q(year=year, quarter__lte=quarter))
        .filter(city_filter(government.pk))
        .annotate(period=F("year") * 10 + F("quarter"))
    )
    points = {f.key: f for f in rollup.aggregate(trend_rows, "period", settings)}
    trend = [
        Line(
            key=f"{y}-{q}",
            label=_("TW%(q)s %(y)s") % {"q": q, "y": y},
            figure=points.get(y * 10 + q, _empty()),
            money=None,
            url=trace_url(government, y, q),
        )
        for y in (year - 1, year)
        for q in (1, 2, 3, 4)
        if y < year or q <= quarter
    ]

    # quick wins delivered in the period (verified reports count; the others are shown apart)
    start = dt.date(year, 1, 1) if ytd else calendar.quarter_start(year, quarter)
    delivered = QuickWinDelivery.objects.filter(
        government=government, delivered_on__range=(start, calendar.quarter_end(year, quarter))
    )
    win_counts = delivered.aggregate(
        verified=Count("pk", filter=Q(report__status=S.VERIFIED)), total=Count("pk")
    )
    wins = list(
        delivered.filter(report__status=S.VERIFIED)
        .select_related("quick_win", "report__unit")
        .order_by("delivered_on", "pk")[:10]
    )
    counts = {key: 0 for key in CATEGORY_LABELS}
    for state in states:
        counts[state.category] += 1
    return CityFigures(
        year=year,
        quarter=quarter,
        ytd=ytd,
        total=total,
        money=money,
        total_url=url(),
        units=units,
        focus=focus,
        trend=trend,
        states=states,
        pending_submitted=pending_submitted,
        pending_other=pending_other,
        wins_verified=win_counts["verified"],
        wins_pending=win_counts["total"] - win_counts["verified"],
        wins=wins,
        due_on=states[0].due_on if states else ensure_period(government, year, quarter).due_on,
        counts=counts,
    )


def _svg(text: str) -> SafeString:
    return mark_safe(text)  # drawn by lib.charts, every text in it escaped there


def city_charts(figures: CityFigures, settings: Settings) -> dict[str, SafeString]:
    thresholds = _thresholds(settings)
    segments = [
        charts.Segment(str(label), figures.counts.get(key, 0), key) for key, label in CATEGORY_LABELS.items()
    ]
    return {
        "focus": _svg(
            charts.horizontal_bars(
                [line.bar() for line in figures.focus],
                title=_("Capaian per area/fokus"),
                thresholds=thresholds,
                **BARS,
            )
        ),
        "units": _svg(
            charts.horizontal_bars(
                [line.bar() for line in figures.units],
                title=_("Capaian per perangkat daerah"),
                thresholds=thresholds,
                **BARS,
            )
        ),
        "trend": _svg(
            charts.columns(
                [
                    charts.Bar(line.label, line.figure.score, str(line.figure.colour), line.colour_label)
                    for line in figures.trend
                ],
                title=_("Tren capaian per triwulan"),
                thresholds=thresholds,
            )
        ),
        "status": _svg(charts.stacked_bar(segments, title=_("Status laporan triwulan"))),
    }


@login_required
@require_GET
def city_dashboard(request: HttpRequest, gov: str) -> HttpResponse:
    """RAG by focus node and by unit, late units, returned reports, budget absorption, quick wins
    and the trend, for one quarter or the year to date."""
    government = get_government(request, gov)
    user = current_user(request)
    if not sees_city(user, government):
        return _own_monitoring_page(request, government)
    today = timezone.localdate()
    settings = settings_for(government)
    year, quarter = requested_quarter(request, government, today)
    ytd = request.GET.get("ytd") == "1"
    figures = city_figures(government, year, quarter, ytd, settings, today)
    return render(
        request,
        "monitoring/dashboard.html",
        {
            "government": government,
            "f": figures,
            "charts": city_charts(figures, settings),
            "settings": settings,
            "years": _years(government, today, year),
            "quarters": [1, 2, 3, 4],
            "is_admin": R.ADMIN in roles_in(request.user, government),
            "total_label": RAG_LABELS[figures.total.colour],
            "status_rows": [(label, figures.counts[key]) for key, label in CATEGORY_LABELS.items()],
        },
    )


# The chase list and reminders ------------------------------------------------------------------

CHASE_ORDER = {"late": 0, "returned": 1, "draft": 2, "submitted": 3, "verified": 4}


@login_required
@require_GET
def chase_list(request: HttpRequest, gov: str) -> HttpResponse:
    """Every monitored road map's report for the quarter: who has not reported, who was returned,
    when they were last reminded, and (for the admin) a button to remind them now. A reviewer sees
    the road maps whose reports they verify: where their "reports waiting" step leads."""
    government = get_government(request, gov)
    is_admin = R.ADMIN in require_role(request, government, R.ADMIN, R.REVIEWER)
    today = timezone.localdate()
    year, quarter = requested_quarter(request, government, today)
    roadmaps = monitored_roadmaps(government, year, None if is_admin else verifiers_filter(request.user))
    states = report_states(government, roadmaps, year, quarter, today, with_reminders=True)
    states.sort(key=lambda s: (CHASE_ORDER[s.category], -(s.days_late or 0), s.label))
    counts = {key: 0 for key in CATEGORY_LABELS}
    for state in states:
        counts[state.category] += 1
    segments = [charts.Segment(str(label), counts[key], key) for key, label in CATEGORY_LABELS.items()]
    return render(
        request,
        "monitoring/chase_list.html",
        {
            "government": government,
            "year": year,
            "quarter": quarter,
            "states": states,
            "counts": [(CATEGORY_LABELS[k], n, k) for k, n in counts.items()],
            "chart": _svg(charts.stacked_bar(segments, title=_("Status laporan triwulan"))),
            "due_on": states[0].due_on if states else ensure_period(government, year, quarter).due_on,
            "years": _years(government, today, year),
            "quarters": [1, 2, 3, 4],
            "is_admin": is_admin,
        },
    )


@login_required
@require_POST
def remind(request: HttpRequest, gov: str, roadmap: str) -> HttpResponse:
    """Remind the unit's drafters and head now (the admin's one click on the chase list)."""
    from petajalan.monitoring import reminders

    government = get_government(request, gov)
    target = get_for_user(
        request, Roadmap.objects.filter(government=government).select_related("unit"), uuid=roadmap
    )
    require_role(request, government, R.ADMIN)
    year = _int(request.POST.get("tahun"), 2000, 2100)
    quarter = _int(request.POST.get("tw"), 1, 4)
    if year is None or quarter is None:
        year, quarter = default_quarter(government, timezone.localdate())
    who = target.unit.name if target.unit else _("road map kota")
    try:
        sent = reminders.remind_now(actor=request.user, roadmap=target, year=year, quarter=quarter)
    except ServiceError as exc:
        messages.error(request, exc.message)
    else:
        if sent:
            messages.success(
                request,
                _("%(n)s orang di %(who)s diingatkan tentang laporan TW %(q)s %(y)s.")
                % {"n": sent, "who": who, "q": quarter, "y": year},
            )
        else:
            messages.warning(
                request,
                _("Tidak ada yang dapat diingatkan di %(who)s: belum ada penyusun atau kepala yang aktif.")
                % {"who": who},
            )
    url = reverse("monitoring:chase-list", kwargs={"gov": government.slug})
    return redirect(f"{url}?{urlencode({'tahun': year, 'tw': quarter})}")


# A road map's summary (included in the quarter page) -------------------------------------------


def unit_summary(roadmap: Roadmap, year: int, thresholds: Settings) -> dict[str, Any]:
    """One road map's verified figures for ``year``: the trend per quarter (this year and last, within
    the road map's period), RAG by focus node and budget absorption over the year to date, with the
    charts and the trace links; rendered by ``monitoring/_unit_summary.html`` (a constant 6 queries)."""
    government = roadmap.government
    rows = Realisation.objects.filter(report__roadmap=roadmap, is_counted=True)
    year_rows = rows.filter(year=year)
    years = [y for y in (year - 1, year) if roadmap.start_year <= y <= roadmap.end_year]
    today = timezone.localdate()
    last_quarter = 4 if year < today.year else calendar.quarter_of(today)[1] if year == today.year else 0
    peta = str(roadmap.uuid)
    by_focus = rollup.aggregate(year_rows, "focus_key", thresholds)
    total = rollup.combine(by_focus, None, thresholds)
    money = next(iter(rollup.budget(year_rows, None)), rollup.Budget(None, Decimal(0), Decimal(0)))
    titles = focus_titles(roadmap.pack_versions.values("pk"), {f.key for f in by_focus})
    focus = sorted(
        (
            Line(
                key=f.key,
                label=titles.get(f.key, (0, "", f.key))[2],
                ref=titles.get(f.key, (0, "", ""))[1],
                figure=f,
                money=None,
                url=trace_url(government, year, 4, True, peta=peta, fokus=f.key),
            )
            for f in by_focus
        ),
        key=lambda line: (titles.get(line.key, (10**6,))[0], line.key),
    )
    trend_rows = rows.filter(year__in=years).annotate(period=F("year") * 10 + F("quarter"))
    points = {f.key: f for f in rollup.aggregate(trend_rows, "period", thresholds)}
    trend = [
        Line(
            key=f"{y}-{q}",
            label=_("TW%(q)s %(y)s") % {"q": q, "y": y},
            figure=points.get(y * 10 + q, _empty()),
            money=None,
            url=trace_url(government, y, q, peta=peta),
        )
        for y in years
        for q in (1, 2, 3, 4)
        if y < year or q <= last_quarter or y * 10 + q in points
    ]
    pending = Realisation.objects.filter(report__roadmap=roadmap, year=year, is_counted=False).count()
    limits = _thresholds(thresholds)
    return {
        "roadmap": roadmap,
        "year": year,
        "total": total,
        "total_label": RAG_LABELS[total.colour],
        "total_url": trace_url(government, year, 4, True, peta=peta),
        "money": money,
        "focus": focus,
        "trend": trend,
        "pending": pending,
        "settings": thresholds,
        "focus_chart": _svg(
            charts.horizontal_bars(
                [line.bar() for line in focus], title=_("Capaian per area/fokus"), thresholds=limits, **BARS
            )
        ),
        "trend_chart": _svg(
            charts.columns(
                [
                    charts.Bar(line.label, line.figure.score, str(line.figure.colour), line.colour_label)
                    for line in trend
                ],
                title=_("Tren capaian per triwulan"),
                thresholds=limits,
            )
        ),
    }
