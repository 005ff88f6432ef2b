"""The province's roll-up of its kab/kota: road maps, monitoring and evaluation, one row per child.

Only what a child government has made official or had verified leaves it: counts of road maps by
status (never a title), the enacted government road map, the share of units whose last closed
quarter's report is verified, the achievement of verified rows (``monitoring.rollup``), and of the
last evaluation cycle the answers the Inspektorat has checked, the evaluator's answers and the
official index. The unit's own (self) answers are never scored here unless the Inspektorat agreed
with them. A constant number of queries whatever the number of children (about a dozen, plus the
first read of a worksheet pack, which ``evaluations.services`` caches).
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass, field
from decimal import Decimal
from typing import Any

from django.db.models import Count, Q
from django.utils.functional import Promise
from django.utils.translation import gettext_lazy

from petajalan.accounts.models import Government
from petajalan.accounts.querysets import _is_platform_operator, active_memberships
from petajalan.evaluations import scoring
from petajalan.evaluations import services as evaluations
from petajalan.evaluations.models import Answer, Cycle
from petajalan.lib import charts
from petajalan.monitoring import calendar, rollup
from petajalan.monitoring.achievement import Rag
from petajalan.monitoring.models import Holiday, Period, QuarterReport, Realisation, Settings
from petajalan.roadmaps.models import Action, Roadmap

RAG_LABELS: dict[str, Promise] = {
    Rag.GREEN: gettext_lazy("Hijau"),
    Rag.AMBER: gettext_lazy("Kuning"),
    Rag.RED: gettext_lazy("Merah"),
    Rag.GREY: gettext_lazy("Belum ada data"),
}


@dataclass
class StatusCount:
    status: str
    label: str
    count: int


@dataclass
class Monitoring:
    """The last closed quarter of a child: reports verified per unit and the verified achievement."""

    year: int
    quarter: int
    units: int  # units with an enacted road map covering the year
    verified_units: int  # of those, units whose report of the quarter is verified
    figure: rollup.Rollup

    @property
    def quarter_label(self) -> str:
        return f"{calendar.quarter_label(self.quarter)} {self.year}"

    @property
    def share(self) -> Decimal | None:
        if not self.units:
            return None
        return (Decimal(self.verified_units) * 100 / self.units).quantize(Decimal("0.1"))

    @property
    def colour_label(self) -> str:
        return str(RAG_LABELS[self.figure.colour])


@dataclass
class Evaluation:
    """A child's last evaluation cycle as the province may see it: never the self column."""

    cycle: Cycle
    items: int  # scored items of the cycle
    checked: int  # items the Inspektorat has verified (agreed or changed)
    verified: scoring.Score | None  # over the checked items only; None before any check
    evaluator: scoring.Score | None  # the evaluator's answers, when typed

    @property
    def official_index(self) -> Decimal | None:
        return self.cycle.evaluator_index

    @property
    def official_predicate(self) -> str:
        return self.cycle.evaluator_predicate


@dataclass
class ChildRow:
    """One kab/kota of the province."""

    government: Government
    roadmaps: list[StatusCount] = field(default_factory=list)
    roadmap_total: int = 0
    city_roadmap: Roadmap | None = None
    monitoring: Monitoring | None = None
    evaluation: Evaluation | None = None
    may_open: bool = False  # the user holds a role in the child: the name links to its home page

    @property
    def city_enacted(self) -> bool:
        return self.city_roadmap is not None and self.city_roadmap.status == Roadmap.Status.ENACTED

    def bar(self) -> charts.Bar:
        figure = self.monitoring.figure if self.monitoring else None
        colour = figure.colour if figure else Rag.GREY
        return charts.Bar(
            label=self.government.name,
            value=figure.score if figure else None,
            status=str(colour),
            status_label=str(RAG_LABELS[colour]),
        )


@dataclass
class ProvinceRollup:
    province: Government
    year: int  # the current year: road maps of the period covering it
    rows: list[ChildRow]
    used_thresholds: set[tuple[Decimal, Decimal]] = field(default_factory=set)

    @property
    def thresholds(self) -> tuple[Decimal, Decimal] | None:
        """The children's (green, amber) thresholds when they all share them, else None: the chart
        draws them only then."""
        return next(iter(self.used_thresholds)) if len(self.used_thresholds) == 1 else None


def children_of(province: Government) -> list[Government]:
    """The kab/kota whose parent is ``province``, by name."""
    return list(Government.objects.filter(parent=province).order_by("name"))


def province_rollup(province: Government, user: Any, today: dt.date) -> ProvinceRollup:
    """Every child's row (see the module docstring); ``user`` decides only the drill-down links."""
    children = children_of(province)
    rows = [ChildRow(government=child) for child in children]
    result = ProvinceRollup(province=province, year=today.year, rows=rows)
    if not children:
        return result
    ids = [child.pk for child in children]
    by_id = {row.government.pk: row for row in rows}
    _roadmaps(by_id, ids, today.year)
    result.used_thresholds = _monitoring(by_id, ids, today)
    _evaluations(by_id, ids)
    if _is_platform_operator(user):
        mine = set(ids)
    else:
        mine = set(
            active_memberships(user)
            .filter(government_id__in=ids)
            .order_by()
            .values_list("government_id", flat=True)
        )
    for row in rows:
        row.may_open = row.government.pk in mine
    return result


# Road maps -------------------------------------------------------------------------------------


def _roadmaps(by_id: dict[int, ChildRow], ids: list[int], year: int) -> None:
    """Road maps of the period covering ``year`` counted by status, and the government's own road
    map of that period (two queries; titles are never read)."""
    current = Roadmap.objects.filter(government_id__in=ids, start_year__lte=year, end_year__gte=year)
    counts: dict[int, dict[str, int]] = {}
    for entry in current.order_by().values("government_id", "status").annotate(n=Count("pk")):
        counts.setdefault(entry["government_id"], {})[entry["status"]] = entry["n"]
    for gov_id, row in by_id.items():
        found = counts.get(gov_id, {})
        row.roadmaps = [
            StatusCount(status, str(label), found[status])
            for status, label in Roadmap.Status.choices
            if found.get(status)
        ]
        row.roadmap_total = sum(found.values())
    own = (
        current.filter(unit__isnull=True)
        .only("government_id", "status", "enactment_number", "enacted_on", "start_year", "end_year")
        .order_by("government_id", "start_year")
    )
    for roadmap in own:
        row = by_id[roadmap.government_id]
        roadmap.government = row.government  # the enactment title needs the head's office
        row.city_roadmap = roadmap  # the latest period wins when two overlap


# Monitoring ------------------------------------------------------------------------------------


def last_closed_quarter(
    today: dt.date, periods: dict[tuple[int, int], Period], rules: Settings, days_off: set[dt.date]
) -> tuple[int, int]:
    """The quarter just ended once it is locked (its period's lock date, or the government's default
    rule when nobody opened the period yet), else the one before it."""
    last = calendar.previous_quarter(*calendar.quarter_of(today))
    period = periods.get(last)
    if period is not None:
        locks_on = period.locks_on
    else:
        _due, locks_on = calendar.default_dates(
            *last, due_working_days=rules.due_working_days, lock_days=rules.lock_days, holidays=days_off
        )
    return last if today >= locks_on else calendar.previous_quarter(*last)


def _monitoring(by_id: dict[int, ChildRow], ids: list[int], today: dt.date) -> set[tuple[Decimal, Decimal]]:
    """Per child, its last closed quarter: the share of units whose report is verified and the
    verified achievement, one SQL roll-up for all children (six queries). Nothing is written: a
    child without settings uses the defaults, a quarter without a period the default rule."""
    last = calendar.previous_quarter(*calendar.quarter_of(today))
    before = calendar.previous_quarter(*last)
    candidates = {last, before}
    years = sorted({y for y, _q in candidates})
    quarters = sorted({q for _y, q in candidates})

    rules = {s.government_id: s for s in Settings.objects.filter(government_id__in=ids).order_by()}
    periods: dict[int, dict[tuple[int, int], Period]] = {}
    for period in Period.objects.filter(
        government_id__in=ids, year__in=years, quarter__in=quarters
    ).order_by():
        periods.setdefault(period.government_id, {})[(period.year, period.quarter)] = period
    days_off: dict[int, set[dt.date]] = {}
    holidays = Holiday.objects.filter(government_id__in=ids, on__year__in=[last[0], last[0] + 1]).order_by()
    for gov_id, day in holidays.values_list("government_id", "on"):
        days_off.setdefault(gov_id, set()).add(day)
    chosen = {
        gov_id: last_closed_quarter(
            today, periods.get(gov_id, {}), rules.get(gov_id) or Settings(), days_off.get(gov_id, set())
        )
        for gov_id in ids
    }

    # units monitored (an enacted unit road map covering the year) and those verified in the quarter
    monitored: dict[tuple[int, int], set[int]] = {}
    enacted = Roadmap.objects.filter(
        government_id__in=ids,
        unit__isnull=False,
        status=Roadmap.Status.ENACTED,
        start_year__lte=years[-1],
        end_year__gte=years[0],
    )
    for gov_id, unit_id, start, end in enacted.order_by().values_list(
        "government_id", "unit_id", "start_year", "end_year"
    ):
        for year in years:
            if start <= year <= end:
                monitored.setdefault((gov_id, year), set()).add(unit_id)
    verified: dict[tuple[int, int, int], set[int]] = {}
    reports = QuarterReport.objects.filter(
        government_id__in=ids,
        unit__isnull=False,
        status=QuarterReport.Status.VERIFIED,
        year__in=years,
        quarter__in=quarters,
    )
    for gov_id, unit_id, year, quarter in reports.order_by().values_list(
        "government_id", "unit_id", "year", "quarter"
    ):
        verified.setdefault((gov_id, year, quarter), set()).add(unit_id)

    # verified rows that count for each government: its units' rows and its own road map's own
    # actions (as monitoring's ``city_filter``, for several governments in one query)
    own_actions = Action.objects.filter(
        government_id__in=ids, roadmap__unit__isnull=True, source__isnull=True
    ).values("pk")
    rows = Realisation.objects.filter(
        government_id__in=ids, is_counted=True, year__in=years, quarter__in=quarters
    ).filter(Q(unit__isnull=False) | Q(action_id__in=own_actions))
    parts = {p.key: p for p in rollup.aggregate(rows, ("government_id", "year", "quarter"), Settings())}

    used: set[tuple[Decimal, Decimal]] = set()
    for gov_id, (year, quarter) in chosen.items():
        thresholds = rules.get(gov_id) or Settings()
        used.add((Decimal(str(thresholds.green_from)), Decimal(str(thresholds.amber_from))))
        part = parts.get((gov_id, year, quarter))
        units = monitored.get((gov_id, year), set())
        by_id[gov_id].monitoring = Monitoring(
            year=year,
            quarter=quarter,
            units=len(units),
            verified_units=len(units & verified.get((gov_id, year, quarter), set())),
            # recoloured with the child's own thresholds
            figure=rollup.combine([part] if part else [], gov_id, thresholds),
        )
    return used


# Evaluation ------------------------------------------------------------------------------------


def _evaluations(by_id: dict[int, ChildRow], ids: list[int]) -> None:
    """Each child's latest cycle scored on what the province may see (two queries, and the first
    read of each worksheet pack): an item counts in the verified column only once the Inspektorat
    has checked it, so the unit's own claim never shows through."""
    cycles = (
        Cycle.objects.filter(government_id__in=ids)
        .select_related("worksheet", "bands")
        .defer("worksheet__document", "bands__document")
        .order_by("government_id", "-year")
    )
    latest: dict[int, Cycle] = {}
    for cycle in cycles:
        latest.setdefault(cycle.government_id, cycle)
    if not latest:
        return
    seen: dict[int, list[Answer]] = {cycle.pk: [] for cycle in latest.values()}
    stored = (
        Answer.objects.filter(cycle_id__in=list(seen))
        .order_by()
        .values_list("cycle_id", "node_key", "self_value", "check_state", "verified_value", "evaluator_value")
    )
    for cycle_id, key, self_value, state, verified_value, evaluator_value in stored:
        seen[cycle_id].append(
            Answer(
                node_key=key,
                self_value=self_value if state else "",  # unchecked: the claim stays inside
                check_state=state,
                verified_value=verified_value,
                evaluator_value=evaluator_value,
            )
        )
    for gov_id, cycle in latest.items():
        answers = seen[cycle.pk]
        checked = sum(1 for a in answers if a.check_state)
        computed = evaluations.scores(cycle, answers=answers)
        has_evaluator = any(a.evaluator_value for a in answers)
        by_id[gov_id].evaluation = Evaluation(
            cycle=cycle,
            items=len(answers),
            checked=checked,
            verified=computed.verified if checked else None,
            evaluator=computed.evaluator if has_evaluator else None,
        )
