"""Public pages: the overview and a road map, cold (cache empty) and warm (cached), and a 304.

A city of 40 enacted unit road maps × 25 actions with 4 quarters of reports (most verified), the
city road map, quick wins and two published evaluation cycles. Each page is fetched through the
Django test client: cold = the server-side cache cleared before every request, warm = the rendered
page from the cache (one fingerprint query), 304 = a conditional request with the page's ETag.
Median of five after a warm-up, against the plain 50-row page; printed, never asserted.
"""

from __future__ import annotations

import statistics
import time
from collections.abc import Callable
from typing import Any

from django.core.cache import cache
from django.core.management import call_command
from django.db import connection
from django.test import Client
from django.test.utils import CaptureQueriesContext

from bench.bench_roadmaps import REPEAT, _page
from bench.throwaway import on_throwaway_database

UNITS, ACTIONS = 40, 25
QUARTERS = [(2025, 1), (2025, 2), (2025, 3), (2025, 4)]


def run() -> None:
    on_throwaway_database(_measure)


def _timed(fn: Callable[[], Any], before: Callable[[], None] = lambda: None) -> tuple[float, int, Any]:
    """Median time and queries per call of ``fn`` (``before`` runs outside the clock)."""
    before()
    fn()
    times, counts, result = [], [], None
    for _ in range(REPEAT):
        before()
        with CaptureQueriesContext(connection) as queries:
            started = time.perf_counter()
            result = fn()
            times.append(time.perf_counter() - started)
        counts.append(len(queries.captured_queries))
    return statistics.median(times), max(counts), result


def _measure() -> None:
    from petajalan.accounts.models import Membership
    from petajalan.evaluations.models import Phase
    from petajalan.public.tests.public_city import build_public_city, make_cycle
    from petajalan.testing.factories import make_government, make_person, make_unit

    call_command("load_frameworks", verbosity=0)
    started = time.perf_counter()
    government = make_government(slug="kota-publik")
    made = build_public_city(government, units=UNITS, actions=ACTIONS, quarters=QUARTERS)
    make_cycle(government, 2023, phase=Phase.CLOSED, checked=20, published=True)
    make_cycle(government, 2024, phase=Phase.CLOSED, checked=30, published=True)
    took = time.perf_counter() - started
    size = f"{UNITS} unit road maps × {ACTIONS} actions × {len(QUARTERS)} quarters"
    print(f"  data: {size}, made in {took:.1f} s")

    plain = make_government()
    for _n in range(50):
        make_unit(plain)
    reference = Client()
    reference.force_login(make_person(plain, Membership.Role.ADMIN))
    base_seconds, base_queries = _page(reference, f"/g/{plain.slug}/unit/")
    print(f"  plain 50-row page (reference)      {base_seconds * 1000:8.1f} ms  {base_queries:3d} queries")

    client = Client()
    pages = {
        "overview": f"/publik/{government.slug}/",
        "road map (25 actions)": f"/publik/{government.slug}/road-map/{made.enacted.uuid}/",
        "road map CSV": f"/publik/{government.slug}/road-map/{made.enacted.uuid}/unduh.csv",
    }
    for name, url in pages.items():
        cold, cold_q, response = _timed(lambda url=url: client.get(url), before=cache.clear)
        assert response.status_code == 200, (url, response.status_code)
        warm, warm_q, response = _timed(lambda url=url: client.get(url))
        etag = response["ETag"]
        not_modified, nm_q, response = _timed(
            lambda url=url, etag=etag: client.get(url, HTTP_IF_NONE_MATCH=etag)
        )
        assert response.status_code == 304
        for label, seconds, queries in (
            ("cold", cold, cold_q),
            ("warm", warm, warm_q),
            ("304", not_modified, nm_q),
        ):
            print(
                f"  {name + ', ' + label:34s} {seconds * 1000:8.1f} ms  {queries:3d} queries"
                f"  ratio {seconds / base_seconds:5.2f}"
            )
    pdf = f"/publik/{government.slug}/road-map/{made.enacted.uuid}/unduh.pdf"
    started = time.perf_counter()
    first = client.get(pdf)
    rendered = time.perf_counter() - started
    cache.clear()
    stored, _q, response = _timed(lambda: client.get(pdf), before=cache.clear)
    assert first.status_code == response.status_code == 200
    print(f"  road map PDF, first (rendered)     {rendered * 1000:8.1f} ms")
    print(f"  road map PDF, from storage         {stored * 1000:8.1f} ms  ratio {stored / base_seconds:5.2f}")
    print(f"  median of {REPEAT}; printed, not asserted")
