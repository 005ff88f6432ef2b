"""The read endpoints: a constant number of queries per page at two sizes, cursor pagination to the
end, filters, and what each role sees (the gate's scoping, not the API's)."""

from __future__ import annotations

import io
from typing import Any

import pytest
from django.db import connection
from django.test import Client
from django.test.utils import CaptureQueriesContext

from petajalan.accounts.models import Government, Membership
from petajalan.api.tests.conftest import bearer, make_token
from petajalan.evidence import services as evidence
from petajalan.monitoring.models import Realisation
from petajalan.monitoring.tests.city_data import seed_city
from petajalan.roadmaps.models import Action, ActionBudget, ActionTarget
from petajalan.testing.evidence import pdf_bytes
from petajalan.testing.factories import make_government, make_membership

LISTS = ["units", "roadmaps", "actions", "reports", "realisations", "evidence", "evaluations"]


def _queries(url: str, token: str) -> tuple[int, Any]:
    Client().get(url, headers=bearer(token))  # the token's last use is written once a minute: not here
    with CaptureQueriesContext(connection) as queries:
        response = Client().get(url, headers=bearer(token))
    assert response.status_code == 200, response.content
    return len(queries), response.json()


def _city(gov: Government, units: int, actions: int, admin: Any) -> None:
    city = seed_city(gov, units=units, actions=actions, quarters=[(2025, 1), (2025, 2)])
    acts = list(Action.objects.filter(government=gov))
    ActionTarget.objects.bulk_create(
        [
            ActionTarget(government=gov, action=a, year=2025, quarter=q, value=q * 10)
            for a in acts
            for q in (1, 2)
        ]
    )
    ActionBudget.objects.bulk_create(
        [ActionBudget(government=gov, action=a, year=2025, amount=1000) for a in acts]
    )
    for n, unit in enumerate(city.units[: units // 2 + 1]):
        evidence.upload_item(
            actor=admin,
            government=gov,
            upload=evidence.Upload(file=io.BytesIO(pdf_bytes(f"Dokumen {units}-{n}")), name=f"d{n}.pdf"),
            data={"title": f"Dokumen {n}", "unit": unit},
        )


@pytest.mark.parametrize("name", LISTS)
def test_lists_run_a_constant_number_of_queries(name, gov, admin, evidence_dir):
    """The same list of a small government and of one four times its size, by the same admin."""
    big = make_government(slug="kota-besar", name="Kota Besar")
    make_membership(admin, big, Membership.Role.ADMIN)
    token = make_token(admin)
    _city(gov, units=2, actions=2, admin=admin)
    _city(big, units=8, actions=6, admin=admin)
    small, small_body = _queries(f"/api/v1/governments/{gov.slug}/{name}?limit=100", token)
    large, large_body = _queries(f"/api/v1/governments/{big.slug}/{name}?limit=100", token)
    if name != "evaluations":  # no cycles in either: the list is empty, the queries still counted
        assert len(large_body["items"]) > len(small_body["items"]) > 0, name
    assert small == large, f"{name}: {small} queries with little data, {large} with more"
    assert large <= 8


def test_cursor_pagination_walks_every_row_once(gov, admin):
    seed_city(gov, units=3, actions=4, quarters=[(2025, 1)])
    token = make_token(admin)
    url = f"/api/v1/governments/{gov.slug}/realisations?limit=5&year=2025"
    seen: list[int] = []
    while url:
        body = Client().get(url, headers=bearer(token)).json()
        seen += [row["id"] for row in body["items"]]
        url = body["next"]
        assert (body["next"] is None) == (body["next_cursor"] is None)
    assert seen == sorted(Realisation.objects.filter(government=gov).values_list("id", flat=True))
    assert len(seen) == len(set(seen)) > 5


def test_filters_narrow_the_lists(gov, admin):
    city = seed_city(gov, units=3, actions=2, quarters=[(2025, 1), (2025, 2)])
    token = make_token(admin)
    base = f"/api/v1/governments/{gov.slug}"
    unit = city.units[0]

    def items(path: str) -> list[dict[str, Any]]:
        response = Client().get(base + path, headers=bearer(token))
        assert response.status_code == 200, response.content
        return response.json()["items"]

    rows = items(f"/realisations?unit={unit.uuid}&quarter=2&limit=100")
    assert rows and {(r["unit"], r["quarter"]) for r in rows} == {(str(unit.uuid), 2)}
    verified = items("/realisations?status=verified&limit=100")
    assert verified and all(r["report_status"] == "verified" for r in verified)
    assert {r["unit"] for r in items(f"/roadmaps?unit={unit.uuid}")} == {str(unit.uuid)}
    assert items("/roadmaps?status=draft") == []
    assert len(items("/roadmaps?year=2026")) == 4 and items("/roadmaps?year=2040") == []
    assert {r["status"] for r in items("/reports?status=returned&limit=100")} <= {"returned"}
    focus = Action.objects.filter(government=gov).values_list("focus_key", flat=True)[0]
    assert {a["focus_key"] for a in items(f"/actions?focus={focus}&limit=100")} == {focus}
    assert Client().get(base + "/reports?quarter=5", headers=bearer(token)).status_code == 422


def test_a_drafter_sees_only_the_rows_the_pages_show_them(gov, unit, drafter, admin, rows, other_unit):
    seed_city(gov, units=2, actions=2, quarters=[(2025, 1)])
    mine = Client().get(
        f"/api/v1/governments/{gov.slug}/realisations?limit=100", headers=bearer(make_token(drafter))
    )
    # their unit's rows, and the city road map's, which everyone in the government reads
    assert {r["unit"] for r in mine.json()["items"]} == {str(unit.uuid), None}
    everything = Client().get(
        f"/api/v1/governments/{gov.slug}/realisations?limit=100", headers=bearer(make_token(admin))
    )
    assert len(everything.json()["items"]) > len(mine.json()["items"])
    governments = Client().get("/api/v1/governments", headers=bearer(make_token(drafter))).json()["items"]
    assert [(g["slug"], g["roles"]) for g in governments] == [(gov.slug, ["drafter"])]


def test_the_road_map_carries_its_actions_with_targets_and_budgets(gov, drafter, enacted_roadmap):
    body = (
        Client()
        .get(
            f"/api/v1/governments/{gov.slug}/roadmaps/{enacted_roadmap.uuid}",
            headers=bearer(make_token(drafter)),
        )
        .json()
    )
    assert [a["activity"] for a in body["actions"]] == ["Rencana aksi 1", "Rencana aksi 2", "Rencana aksi 3"]
    first = body["actions"][0]
    assert first["targets"] and first["budgets"] and first["roadmap"] == str(enacted_roadmap.uuid)


def test_public_endpoints_send_etag_and_answer_304(gov):
    Government.objects.filter(pk=gov.pk).update(public_enabled=True)
    url = f"/api/v1/public/{gov.slug}/roadmaps"
    first = Client().get(url)
    assert first.status_code == 200 and first["ETag"]
    again = Client().get(url, headers={"If-None-Match": first["ETag"]})
    assert again.status_code == 304 and again["ETag"] == first["ETag"]
    assert Client().get(f"/api/v1/public/{gov.slug}/evaluations").status_code == 200
    Government.objects.filter(pk=gov.pk).update(public_enabled=False)
    hidden = Client().get(url)
    assert hidden.status_code == 404 and hidden["Content-Type"] == "application/problem+json"


def test_evaluation_cycles_carry_three_columns_in_a_constant_number_of_queries(gov, admin, leader):
    from django.core.management import call_command

    from petajalan.evaluations import services as evaluations
    from petajalan.frameworks.models import PackVersion

    call_command("load_frameworks", verbosity=0)
    worksheet = PackVersion.objects.get(pack__key="lke", version="2023")
    evaluations.open_cycle(actor=admin, government=gov, year=2023, worksheet=worksheet)
    url, token = f"/api/v1/governments/{gov.slug}/evaluations", make_token(leader)
    one, body = _queries(url, token)
    cycle = body["items"][0]
    assert cycle["year"] == 2023 and cycle["total"] > 0 and cycle["phase"] == "answering"
    assert cycle["self_assessment"]["index"] and cycle["verified"]["index"] and cycle["evaluator"] is None
    for year in (2024, 2025):
        evaluations.open_cycle(actor=admin, government=gov, year=year, worksheet=worksheet)
    three, body = _queries(url, token)
    assert len(body["items"]) == 3 and one == three
