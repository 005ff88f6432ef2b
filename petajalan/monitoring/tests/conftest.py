"""Fixtures the monitoring tests share (other monitoring test modules use them by name; keep the
names stable).

``enacted_roadmap``: the enacted 2025–2029 road map of ``unit`` with three actions — directions up,
down and keep, in that order — each with 2025 quarterly targets (TW1 10, TW2 20, TW3 30, TW4 40),
yearly targets and Rp25.000.000 a year, and one quick win.
``report``: its 2025 TW1 report, opened by the drafter. Its reporting period is open *today* (due in
7 days, locked in 12), whatever day the tests run, so writes succeed; a test about locks travels past
``period.locks_on`` with time-machine.
``rows``: the report's realisation rows in page order, nothing typed yet.
"""

from __future__ import annotations

import datetime as dt
from typing import Any

import pytest
from django.utils import timezone

from petajalan.monitoring import services
from petajalan.monitoring.models import Period, QuarterReport, Realisation
from petajalan.roadmaps.models import Action, Roadmap
from petajalan.roadmaps.tests.factories import make_action, make_quick_win, make_roadmap

DIRECTIONS = [Action.Direction.UP, Action.Direction.DOWN, Action.Direction.KEEP]


def open_period(government: Any, year: int, quarter: int) -> Period:
    """The quarter's period, due in 7 days and locked in 12 from today."""
    today = timezone.localdate()
    period, _created = Period.objects.update_or_create(
        government=government,
        year=year,
        quarter=quarter,
        defaults={"due_on": today + dt.timedelta(days=7), "locks_on": today + dt.timedelta(days=12)},
    )
    return period


@pytest.fixture
def enacted_roadmap(gov: Any, unit: Any) -> Roadmap:
    roadmap = make_roadmap(gov, unit, status=Roadmap.Status.ENACTED, title="Road Map RB Dinas Kesehatan")
    for n, direction in enumerate(DIRECTIONS, start=1):
        make_action(
            roadmap,
            direction=direction,
            activity=f"Rencana aksi {n}",
            indicator=f"Indikator {n}",
            unit_of_measure="%",
            order=n,
        )
    make_quick_win(roadmap, title="Antrean daring puskesmas", before_measure="75 menit", order=1)
    return roadmap


@pytest.fixture
def period(gov: Any) -> Period:
    return open_period(gov, 2025, 1)


@pytest.fixture
def report(enacted_roadmap: Roadmap, drafter: Any, period: Period) -> QuarterReport:
    return services.open_report(actor=drafter, roadmap=enacted_roadmap, year=2025, quarter=1)


@pytest.fixture
def rows(report: QuarterReport) -> list[Realisation]:
    return list(report.realisations.select_related("action").order_by("action__order", "action_id"))
