"""REST API: road-map, action and realisation lists at 50 rows and a save, against the 50-row page.

The overhead of django-ninja is printed beside them; all on a throw-away database.

Data: a government with 50 unit road maps (one action each, 2025 TW1 reports opened), so every list
holds 50 rows and is fetched with ``?limit=50`` by the admin's read-write token through the Django
test client, median of five after a warm-up. The ninja overhead is the realisation list's time less
the same ``values()`` query and JSON encoding done directly. Figures are printed, never asserted.
"""

from __future__ import annotations

import json
from typing import Any

from django.core.serializers.json import DjangoJSONEncoder
from django.db import connection
from django.test import Client
from django.test.utils import CaptureQueriesContext

from bench.bench_roadmaps import REPEAT, _median, _page
from bench.throwaway import on_throwaway_database, print_ratios

ROWS = 50


def run() -> None:
    figures = on_throwaway_database(_measure)
    print_ratios(figures, repeat=REPEAT, reference="unit list of 50 units (HTML page)", digits=2)


def _api(token: str, url: str) -> tuple[float, int]:
    client = Client(HTTP_AUTHORIZATION=f"Bearer {token}")
    with CaptureQueriesContext(connection) as queries:
        elapsed, response = _median(lambda: client.get(url))
    assert response.status_code == 200, (url, response.status_code, response.content[:200])
    assert len(response.json()["items"]) == ROWS, url
    return elapsed, len(queries.captured_queries) // (REPEAT + 1)


def _measure() -> dict[str, tuple[float, int]]:
    from django.conf import settings

    from petajalan.accounts.models import Membership
    from petajalan.api import services as tokens
    from petajalan.api.reads import realisation_rows, realisation_values
    from petajalan.monitoring import services
    from petajalan.monitoring.models import Period, Realisation
    from petajalan.roadmaps.models import Roadmap
    from petajalan.roadmaps.tests.factories import make_action, make_roadmap
    from petajalan.testing.factories import make_government, make_person, make_unit

    settings.API_RATE_PER_MINUTE = 10**6
    settings.API_WRITE_RATE_PER_MINUTE = 10**6
    figures: dict[str, tuple[float, int]] = {}
    plain = make_government()
    for _n in range(50):
        make_unit(plain)
    admin_client = Client()
    admin_client.force_login(make_person(plain, Membership.Role.ADMIN))
    figures["plain_50_rows"] = _page(admin_client, f"/g/{plain.slug}/unit/")

    gov = make_government()
    admin = make_person(gov, Membership.Role.ADMIN)
    Period.objects.create(government=gov, year=2025, quarter=1, due_on="2999-01-01", locks_on="2999-01-10")
    for n in range(ROWS):
        unit = make_unit(gov)
        roadmap = make_roadmap(gov, unit, status=Roadmap.Status.ENACTED)
        make_action(roadmap, activity=f"Rencana aksi {n}", order=1)
        drafter = make_person(gov, Membership.Role.DRAFTER, unit) if n == 0 else None
        services.open_report(actor=drafter or admin, roadmap=roadmap, year=2025, quarter=1)
    token = tokens.create_token(actor=admin, user=admin, name="bench", scope="write").text
    base = f"/api/v1/governments/{gov.slug}"
    figures["api_roadmaps_50"] = _api(token, f"{base}/roadmaps?limit={ROWS}&status=enacted")
    figures["api_actions_50"] = _api(token, f"{base}/actions?limit={ROWS}")
    figures["api_realisations_50"] = _api(token, f"{base}/realisations?limit={ROWS}&year=2025&quarter=1")

    # the same rows without the API: the gate's queryset, values(), JSON
    def direct() -> bytes:
        rows = (
            Realisation.objects.visible_to(admin).filter(government=gov, year=2025, quarter=1).order_by("id")
        )
        return json.dumps(
            realisation_rows(list(realisation_values(rows)[:ROWS])), cls=DjangoJSONEncoder
        ).encode()

    elapsed, _body = _median(direct)
    figures["direct_values_json_50"] = (elapsed, 1)

    # a write: one row's figures, If-Match from a GET before each save
    row = Realisation.objects.filter(government=gov, unit__memberships__role="drafter").first()
    drafter_token = tokens.create_token(
        actor=admin,
        user=row.unit.memberships.get(role="drafter").user,
        name="bench",
        scope="write",  # type: ignore[union-attr]
    ).text
    client = Client(HTTP_AUTHORIZATION=f"Bearer {drafter_token}")
    url = f"{base}/realisations/{row.pk}"
    values = iter(range(10**6))

    def save() -> Any:
        version = Realisation.objects.filter(pk=row.pk).values_list("version", flat=True).get()
        response = client.put(
            url, {"value": str(next(values))}, content_type="application/json", HTTP_IF_MATCH=f'"{version}"'
        )
        assert response.status_code == 200, response.content
        return response

    with CaptureQueriesContext(connection) as queries:
        elapsed, _response = _median(save)
    figures["api_put_realisation"] = (elapsed, len(queries.captured_queries) // (REPEAT + 1))
    return figures
