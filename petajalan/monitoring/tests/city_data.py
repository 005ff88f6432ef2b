"""A city's monitoring data made in bulk, for the dashboard tests and ``bench/bench_monitoring.py``.

``seed_city`` creates ``units`` enacted unit road maps of ``actions`` actions each (and the city road
map with a few actions of its own) and, for each of ``quarters``, a report per road map with one
realisation row per action, most verified, some submitted, returned or still draft, achievements
spread over green, amber and red. Everything goes in with ``bulk_create``.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass, field
from decimal import Decimal
from typing import Any

from django.utils import timezone

from petajalan.accounts.models import Government, Unit
from petajalan.monitoring.achievement import achievement
from petajalan.monitoring.models import Period, QuarterReport, QuickWinDelivery, Realisation
from petajalan.roadmaps.models import Action, QuickWin, Roadmap
from petajalan.roadmaps.tests.factories import AREAS, GENERAL, make_roadmap
from petajalan.testing.factories import make_unit

S = QuarterReport.Status
FOCUS = [key for key, _title in AREAS + GENERAL]
# realised value as a share of the target, cycling: mostly green, some amber, a few red
SHARES = [Decimal(x) for x in ("1.05", "0.95", "1", "0.92", "0.7", "1.2", "0.98", "0.4", "0.88", "1")]
PLAN = Decimal(40_000_000)


@dataclass
class City:
    government: Government
    units: list[Unit] = field(default_factory=list)
    roadmaps: list[Roadmap] = field(default_factory=list)
    city: Roadmap | None = None
    reports: list[QuarterReport] = field(default_factory=list)


def status_for(n_roadmap: int, quarter_index: int, last: bool) -> str:
    """Older quarters are verified; the last one has a mix (submitted, returned, draft)."""
    if not last:
        return S.VERIFIED
    return [S.VERIFIED, S.VERIFIED, S.SUBMITTED, S.RETURNED, S.DRAFT, S.VERIFIED][n_roadmap % 6]


def _actions(roadmap: Roadmap, count: int, offset: int = 0) -> list[Action]:
    return Action.objects.bulk_create(
        [
            Action(
                roadmap=roadmap,
                government=roadmap.government,
                focus_key=FOCUS[(n + offset) % len(FOCUS)],
                activity=f"Rencana aksi {n + 1} {roadmap.unit.short_name if roadmap.unit else 'kota'}",
                indicator="Persentase layanan sesuai standar",
                unit_of_measure="%",
                direction=Action.Direction.DOWN if n % 7 == 3 else Action.Direction.UP,
                responsible_unit=roadmap.unit,
                order=n + 1,
            )
            for n in range(count)
        ],
        batch_size=1000,
    )


def seed_city(
    government: Government,
    *,
    units: int,
    actions: int,
    quarters: list[tuple[int, int]],
    city_actions: int = 3,
    submitted_on: dt.date | None = None,
    names: list[tuple[str, str]] | None = None,
) -> City:
    """The data of a monitored city (see the module's docstring); returns what was made. ``names``:
    (name, short name) of the units, else "Dinas Pantau N"."""
    made = City(government)
    for n in range(units):
        name, short = names[n] if names else (f"Dinas Pantau {n + 1}", f"Dinas {n + 1}")
        unit = make_unit(government, name=name, short_name=short)
        made.units.append(unit)
        made.roadmaps.append(make_roadmap(government, unit, status=Roadmap.Status.ENACTED))
    made.city = make_roadmap(government, None, status=Roadmap.Status.ENACTED)
    everything = [*made.roadmaps, made.city]
    actions_of = {
        r.pk: _actions(r, actions if r.unit_id else city_actions, offset=i) for i, r in enumerate(everything)
    }
    wins = QuickWin.objects.bulk_create(
        [
            QuickWin(roadmap=r, government=government, title=f"Layanan cepat {i + 1}", order=1)
            for i, r in enumerate(everything)
        ]
    )
    Period.objects.bulk_create(
        [
            Period(
                government=government,
                year=y,
                quarter=q,
                due_on=dt.date(y, 3 * q, 28) + dt.timedelta(days=17),
                locks_on=dt.date(y, 3 * q, 28) + dt.timedelta(days=22),
            )
            for y, q in quarters
        ],
        ignore_conflicts=True,
    )
    when = timezone.make_aware(dt.datetime.combine(submitted_on or dt.date(2000, 1, 1), dt.time(10)))
    reports = []
    for i, (y, q) in enumerate(quarters):
        last = i == len(quarters) - 1
        for n, r in enumerate(everything):
            status = status_for(n, i, last)
            reports.append(
                QuarterReport(
                    government=government,
                    roadmap=r,
                    unit_id=r.unit_id,
                    year=y,
                    quarter=q,
                    status=status,
                    submitted_at=None if status == S.DRAFT else when,
                    verified_at=when if status == S.VERIFIED else None,
                    return_note="Lampirkan daftar hadir sosialisasi." if status == S.RETURNED else "",
                )
            )
    made.reports = QuarterReport.objects.bulk_create(reports, batch_size=1000)
    rows = []
    order = {yq: i for i, yq in enumerate(quarters)}
    for k, report in enumerate(made.reports):
        # units improve a little quarter by quarter, so the trend moves
        lift = Decimal("0.03") * (order[(report.year, report.quarter)] - len(quarters) + 1)
        for n, action in enumerate(actions_of[report.roadmap_id]):
            target = Decimal(10 * report.quarter + n % 5)
            share = max(SHARES[(n + k) % len(SHARES)] + lift, Decimal("0.1"))
            value = (target * share).quantize(Decimal("0.01"))
            if action.direction == Action.Direction.DOWN:
                value = (target * (2 - share)).quantize(Decimal("0.01"))
            rows.append(
                Realisation(
                    government=government,
                    report=report,
                    action=action,
                    unit_id=report.unit_id,
                    focus_key=action.focus_key,
                    year=report.year,
                    quarter=report.quarter,
                    value=value,
                    budget_spent=(PLAN / 4 * share).quantize(Decimal("1")),
                    target=target,
                    budget_planned=PLAN,
                    achievement=achievement(action.direction, target, value),
                    weight=Decimal(2) if n % 4 == 0 else Decimal(1),
                    is_counted=report.status == S.VERIFIED,
                )
            )
    Realisation.objects.bulk_create(rows, batch_size=2000)
    y, q = quarters[-1]
    deliveries = [
        QuickWinDelivery(
            government=government,
            report=report,
            quick_win=win,
            delivered_on=dt.date(y, 3 * q - 1, 10),
            after_measure="15 menit",
        )
        for report in made.reports
        if (report.year, report.quarter) == (y, q)
        for win in wins
        if win.roadmap_id == report.roadmap_id
    ]
    QuickWinDelivery.objects.bulk_create(deliveries)
    return made


def counted(*args: Any, **kwargs: Any) -> Any:
    """The verified rows (the ones that count), for assertions."""
    return Realisation.objects.filter(*args, is_counted=True, **kwargs)
