"""Monitoring: the city dashboard at 40 units × 150 actions × 8 quarters and the quarter page of a
300-action road map, against the plain 50-row page, on a throw-away database.

The realisation rows (48,000 and the city road map's) are made with ``bulk_create``
(``petajalan/monitoring/tests/city_data.py``); the pages are fetched through the Django test client,
median of five after a warm-up. Figures are printed, never asserted (aim: quarter page ≤ 3×,
dashboard ≤ 5× the 50-row page).
"""

from __future__ import annotations

import time
from typing import Any

from django.test import Client

from bench.bench_roadmaps import REPEAT, _fill, _page
from bench.throwaway import on_throwaway_database, print_ratios

UNITS = 40
ACTIONS = 150
QUARTERS = [(2025, 1), (2025, 2), (2025, 3), (2025, 4), (2026, 1), (2026, 2), (2026, 3), (2026, 4)]
QUARTER_PAGE_ACTIONS = 300


def run() -> None:
    print_ratios(on_throwaway_database(_measure), repeat=REPEAT)
    print("  aim: quarter page ≤ 3×, dashboard ≤ 5× (printed, not asserted)")


def _client(user: Any) -> Client:
    client = Client()
    client.force_login(user)
    return client


def _measure() -> dict[str, tuple[float, int]]:
    from petajalan.accounts.models import Membership
    from petajalan.monitoring import services
    from petajalan.monitoring.models import Realisation
    from petajalan.monitoring.tests.city_data import seed_city
    from petajalan.roadmaps.models import Roadmap
    from petajalan.roadmaps.tests.factories import make_roadmap
    from petajalan.testing.factories import make_government, make_person, make_unit

    figures: dict[str, tuple[float, int]] = {}

    # the reference: the plain 50-row page of bench_roadmaps
    plain = make_government()
    for _n in range(50):
        make_unit(plain)
    figures["plain_50_rows"] = _page(
        _client(make_person(plain, Membership.Role.ADMIN)), f"/g/{plain.slug}/unit/"
    )

    # the quarter page of one 300-action road map, as its drafter sees it
    unit_gov = make_government()
    unit = make_unit(unit_gov)
    roadmap = make_roadmap(unit_gov, unit, status=Roadmap.Status.ENACTED)
    _fill(roadmap, QUARTER_PAGE_ACTIONS)  # every action scheduled in 2025 TW1 and TW2
    drafter = make_person(unit_gov, Membership.Role.DRAFTER, unit)
    report = services.open_report(actor=drafter, roadmap=roadmap, year=2025, quarter=1)
    Realisation.objects.filter(report=report).update(value=40, budget_spent=5_000_000, achievement=80)
    rows = report.realisations.count()
    figures[f"quarter_page_{rows}_rows"] = _page(
        _client(drafter), f"/g/{unit_gov.slug}/pemantauan/laporan/{report.uuid}/"
    )

    # the city: 40 unit road maps × 150 actions × 8 quarters of realisation
    city = make_government()
    started = time.perf_counter()
    seed_city(city, units=UNITS, actions=ACTIONS, quarters=QUARTERS, city_actions=20)
    made = Realisation.objects.filter(government=city).count()
    print(f"generated {made:,} realisation rows in {time.perf_counter() - started:.1f} s")
    admin = _client(make_person(city, Membership.Role.ADMIN))
    base = f"/g/{city.slug}/pemantauan/"
    figures["dashboard_40x150x8_quarter"] = _page(admin, base + "?tahun=2026&tw=4")
    figures["dashboard_40x150x8_year_to_date"] = _page(admin, base + "?tahun=2026&tw=4&ytd=1")
    figures["chase_list_41_roadmaps"] = _page(admin, base + "tindak-lanjut/?tahun=2026&tw=4")
    figures["trace_city_ytd_first_200"] = _page(admin, base + "rincian/?tahun=2026&tw=4&ytd=1")
    # the reference once more: on a shared machine the ratio is only as steady as the reference
    figures["plain_50_rows_again"] = _page(
        _client(make_person(plain, Membership.Role.ADMIN)), f"/g/{plain.slug}/unit/"
    )
    return figures
