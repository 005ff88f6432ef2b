"""Self-assessment: scoring whole worksheets and the evaluation pages (time, queries).

Scoring one column, the three columns of a cycle answered by 40 units, 40 cycles in a row, the
next-points list, and the evaluation pages' time and query count.

On a throw-away database; figures are printed, never asserted. The pages are fetched through the
Django test client, median of five after a warm-up, against the plain 50-row page.
"""

from __future__ import annotations

import random
import time
from collections.abc import Callable
from typing import Any

from django.core.management import call_command
from django.db import connection
from django.test import Client
from django.urls import NoReverseMatch, reverse

from bench.bench_roadmaps import REPEAT, _median, _page
from bench.throwaway import on_throwaway_database

UNITS = 40


def run() -> None:
    on_throwaway_database(_measure)


def _per_call(fn: Callable[[], Any], times: int) -> float:
    started = time.perf_counter()
    for _n in range(times):
        fn()
    return (time.perf_counter() - started) / times


def _measure() -> None:
    from petajalan.accounts.models import Membership
    from petajalan.evaluations import scoring, services
    from petajalan.evaluations.models import Answer
    from petajalan.frameworks.models import PackVersion
    from petajalan.testing.factories import make_government, make_person, make_unit

    call_command("load_frameworks", verbosity=0)
    rng = random.Random(12)  # noqa: S311 - reproducible sample answers, not secrets
    version = PackVersion.objects.get(pack__key="lke", version="2023")
    worksheet = services.worksheet_of(version)

    def answers() -> dict[str, str]:
        picked = {}
        for node in worksheet.items:
            if node.choices:
                picked[node.key] = rng.choice(node.choices)
            elif node.range is not None:
                low, high = node.range
                picked[node.key] = scoring.plain(low + (high - low) * rng.randint(0, 100) / 100)
        return picked

    sample = answers()
    one = _per_call(lambda: scoring.score(worksheet, sample), 200)
    print(f"engine: {connection.vendor}; lke:2023, {len(worksheet.items)} items")
    print(f"  one column scored                       {one * 1000:8.3f} ms")
    gains = _per_call(lambda: scoring.next_points(worksheet, sample), 20)
    print(f"  next points (one re-score per item)     {gains * 1000:8.3f} ms")

    government = make_government()
    units = [make_unit(government) for _n in range(UNITS)]
    admin = make_person(government, Membership.Role.ADMIN)
    cycle = services.open_cycle(actor=admin, government=government, year=2025, worksheet=version)
    rows = list(cycle.answers.all())
    for n, row in enumerate(rows):
        row.unit = units[n % UNITS]
        row.self_value = sample.get(row.node_key, "")
        row.verified_value = sample.get(row.node_key, "")
        row.check_state = Answer.Check.CHANGED if n % 3 else Answer.Check.AGREED
        row.evaluator_value = sample.get(row.node_key, "")
    Answer.objects.bulk_update(
        rows, ["unit", "self_value", "verified_value", "check_state", "evaluator_value"]
    )
    seconds, _result = _median(lambda: services.scores(cycle))
    print(f"  a cycle answered by {UNITS} units, 3 columns {seconds * 1000:8.3f} ms (with its one query)")

    cycles = []
    for _n in range(UNITS):
        other = make_government()
        made = services.open_cycle(actor=None, government=other, year=2025, worksheet=version)
        Answer.objects.filter(cycle=made).update(self_value="")
        cycles.append(made)
    started = time.perf_counter()
    for made in cycles:
        services.scores(made)
    print(f"  {UNITS} cycles scored one after another     {(time.perf_counter() - started) * 1000:8.1f} ms")

    plain = make_government()
    for _n in range(50):
        make_unit(plain)
    client = Client()
    client.force_login(make_person(plain, Membership.Role.ADMIN))
    base_seconds, base_queries = _page(client, f"/g/{plain.slug}/unit/")
    print(
        f"  plain 50-row page (reference)           {base_seconds * 1000:8.1f} ms  {base_queries:3d} queries"
    )
    client = Client()
    client.force_login(admin)
    for name in ("cycle-detail", "next-points", "calibration", "whatif", "planned-index"):
        try:
            url = reverse(f"evaluations:{name}", kwargs={"gov": government.slug, "cycle": cycle.uuid})
        except NoReverseMatch:
            print(f"  {name:39s} (no such page yet)")
            continue
        seconds, queries = _page(client, url)
        print(
            f"  {name + ' (40 units, 40 items)':39s} {seconds * 1000:8.1f} ms  {queries:3d} queries"
            f"  ratio {seconds / base_seconds:5.1f}"
        )
    print(f"  median of {REPEAT}; printed, not asserted")
