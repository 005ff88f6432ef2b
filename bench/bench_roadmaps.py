"""Road maps: the action matrix (10 vs 300 actions × 5 years), to_plain, and the city view at
40 units × 150 actions, against a plain 50-row page, on a throw-away database."""

from __future__ import annotations

import statistics
import time
from collections.abc import Callable
from decimal import Decimal
from typing import Any

from django.db import connection
from django.test import Client
from django.test.utils import CaptureQueriesContext

from bench.throwaway import on_throwaway_database, print_ratios

REPEAT = 5


def _median(fn: Callable[[], Any]) -> tuple[float, Any]:
    fn()  # warm caches and templates
    times, result = [], None
    for _ in range(REPEAT):
        started = time.perf_counter()
        result = fn()
        times.append(time.perf_counter() - started)
    return statistics.median(times), result


def _fill(roadmap: Any, count: int) -> None:
    """``count`` actions with 5 yearly targets, 4 quarterly targets and 5 budgets each (bulk)."""
    from petajalan.roadmaps.models import Action, ActionBudget, ActionTarget
    from petajalan.roadmaps.tests.factories import AREAS

    g = roadmap.government
    actions = Action.objects.bulk_create(
        [
            Action(
                roadmap=roadmap,
                government=g,
                focus_key=AREAS[n % len(AREAS)][0],
                activity=f"Kegiatan {n}",
                output="Dokumen",
                indicator="Persentase layanan",
                unit_of_measure="%",
                baseline_year=2024,
                baseline_value=Decimal(40),
                responsible_unit=roadmap.unit,
                order=n,
                schedule=["2025-Q1", "2025-Q2"],
            )
            for n in range(count)
        ]
    )
    ActionTarget.objects.bulk_create(
        [
            ActionTarget(government=g, action=a, year=y, value=Decimal(50 + i))
            for a in actions
            for i, y in enumerate(roadmap.years)
        ]
        + [
            ActionTarget(government=g, action=a, year=2026, quarter=q, value=Decimal(q))
            for a in actions
            for q in (1, 2, 3, 4)
        ]
    )
    ActionBudget.objects.bulk_create(
        [
            ActionBudget(government=g, action=a, year=y, amount=Decimal(25_000_000))
            for a in actions
            for y in roadmap.years
        ]
    )


def _page(client: Client, url: str) -> tuple[float, int]:
    with CaptureQueriesContext(connection) as queries:
        elapsed, response = _median(lambda: client.get(url))
    assert response.status_code == 200, (url, response.status_code)
    return elapsed, len(queries.captured_queries) // (REPEAT + 1)


def run() -> None:
    print_ratios(on_throwaway_database(_measure), repeat=REPEAT)


def _measure() -> dict[str, tuple[float, int]]:
    from petajalan.accounts.models import Membership
    from petajalan.roadmaps.models import Roadmap
    from petajalan.roadmaps.services import to_plain
    from petajalan.roadmaps.tests.factories import make_roadmap
    from petajalan.testing.factories import make_government, make_person, make_unit

    government = make_government()
    units = [make_unit(government) for _ in range(50)]
    admin = make_person(government, Membership.Role.ADMIN)
    client = Client()
    client.force_login(admin)
    figures: dict[str, tuple[float, int]] = {}
    figures["plain_50_rows"] = _page(client, f"/g/{government.slug}/unit/")

    for size in (10, 300):
        unit = units[0] if size == 10 else units[1]
        r = make_roadmap(government, unit)
        _fill(r, size)
        drafter = make_person(government, Membership.Role.DRAFTER, unit)
        own = Client()
        own.force_login(drafter)
        figures[f"matrix_{size}_actions"] = _page(own, f"/g/{government.slug}/roadmap/{r.uuid}/matriks/")

        def plain_of(r: Any = r) -> Any:
            return to_plain(r)

        with CaptureQueriesContext(connection) as queries:
            elapsed, _ = _median(plain_of)
        figures[f"to_plain_{size}_actions"] = (elapsed, len(queries.captured_queries) // (REPEAT + 1))

    # the city view: 40 unit road maps of 150 actions each, most of them approved
    city_gov = make_government()
    city_admin = make_person(city_gov, Membership.Role.ADMIN)
    for n in range(40):
        unit = make_unit(city_gov)
        r = make_roadmap(city_gov, unit, status=Roadmap.Status.APPROVED if n % 4 else Roadmap.Status.DRAFT)
        _fill(r, 150)
    make_roadmap(city_gov, None)
    client = Client()
    client.force_login(city_admin)
    figures["city_view_40x150"] = _page(client, f"/g/{city_gov.slug}/roadmap/kota/")
    figures["roadmap_list_40"] = _page(client, f"/g/{city_gov.slug}/roadmap/")
    return figures
