"""Writes through the API meet the same services as the pages: If-Match (428 missing, 412 stale
with the current values), the quarter's lock and the report's state (409 with the service's
message), no lost update, evidence upload with inspection, duplicates and links, and audit events
that name the token."""

from __future__ import annotations

import datetime as dt
import io
import threading
from concurrent.futures import ThreadPoolExecutor
from decimal import Decimal
from typing import Any

import pytest
import time_machine
from django.db import connection, connections
from django.test import Client

from petajalan.accounts.models import AuditEvent
from petajalan.api.tests.conftest import bearer, make_token
from petajalan.evidence.models import Item, Link
from petajalan.monitoring import services as monitoring
from petajalan.monitoring.models import Realisation
from petajalan.testing.evidence import pdf_bytes


def _url(gov, row) -> str:
    return f"/api/v1/governments/{gov.slug}/realisations/{row.pk}"


def _put(url: str, token: str, body: dict, if_match: str | None = None):
    headers = bearer(token) | ({"If-Match": if_match} if if_match is not None else {})
    return Client().put(url, body, content_type="application/json", headers=headers)


def test_get_sends_the_version_as_etag_and_put_saves_through_the_service(gov, drafter, rows):
    token = make_token(drafter, name="e-SAKIP")
    url = _url(gov, rows[0])
    got = Client().get(url, headers=bearer(token))
    assert got["ETag"] == '"1"' and got.json()["version"] == 1
    saved = _put(
        url, token, {"value": "8.5", "budget_spent": "1250000", "progress_note": "SOP disusun"}, '"1"'
    )
    assert saved.status_code == 200, saved.content
    body = saved.json()
    assert saved["ETag"] == '"2"' and body["version"] == 2
    assert Decimal(body["value"]) == Decimal("8.5") and Decimal(body["achievement"]) == Decimal("85")
    row = Realisation.objects.get(pk=rows[0].pk)
    assert row.value == Decimal("8.5") and row.progress_note == "SOP disusun" and row.updated_by == drafter
    # fields left out keep their value
    assert _put(url, token, {"follow_up": "Sosialisasi"}, '"2"').status_code == 200
    row.refresh_from_db()
    assert row.value == Decimal("8.5") and row.follow_up == "Sosialisasi"


def test_the_audit_event_says_it_came_through_the_api_and_which_token(gov, drafter, rows):
    token = make_token(drafter, name="e-SAKIP Bappeda")
    _put(_url(gov, rows[0]), token, {"value": "3"}, '"1"')
    event = AuditEvent.objects.filter(object_type="monitoring.realisation").latest("pk")
    prefix = token.split("_")[1]
    assert "lewat API" in event.summary and "e-SAKIP Bappeda" in event.summary and prefix in event.summary
    assert event.after is not None and event.after["api_token"] == {
        "name": "e-SAKIP Bappeda",
        "prefix": prefix,
    }
    assert event.actor == drafter


def test_put_without_if_match_is_428_and_with_a_stale_one_412_with_current_values(
    gov, drafter, unit_head, rows
):
    url = _url(gov, rows[0])
    mine, theirs = make_token(drafter), make_token(unit_head)
    missing = _put(url, mine, {"value": "1"})
    assert missing.status_code == 428 and missing["Content-Type"] == "application/problem+json"
    assert _put(url, mine, {"value": "1"}, "garbage").status_code == 428
    # two clients read version 1; the head saves first
    assert _put(url, theirs, {"value": "7", "progress_note": "oleh kepala"}, '"1"').status_code == 200
    stale = _put(url, mine, {"value": "9"}, '"1"')
    assert stale.status_code == 412
    problem = stale.json()
    assert problem["current"]["version"] == 2 and Decimal(problem["current"]["value"]) == Decimal(7)
    assert problem["current"]["progress_note"] == "oleh kepala" and stale["ETag"] == '"2"'
    # nothing was lost: the head's figures stand until the drafter saves again knowingly
    row = Realisation.objects.get(pk=rows[0].pk)
    assert row.value == Decimal(7) and row.version == 2
    assert _put(url, mine, {"value": "9"}, 'W/"2"').status_code == 200


def test_a_locked_quarter_and_a_submitted_report_are_409_with_the_service_s_message(
    gov, drafter, unit_head, rows, period, report
):
    url = _url(gov, rows[0])
    token = make_token(drafter)
    with time_machine.travel(dt.datetime.combine(period.locks_on, dt.time(12), tzinfo=dt.UTC)):
        locked = _put(url, token, {"value": "1"}, '"1"')
        assert locked.status_code == 409 and "dikunci" in locked.json()["detail"]
    for row in rows:
        row.refresh_from_db()
        monitoring.save_realisation(actor=drafter, row=row, data={"value": Decimal(5)}, version=row.version)
    monitoring.submit_report(actor=unit_head, report=report)
    version = Realisation.objects.get(pk=rows[0].pk).version
    submitted = _put(url, token, {"value": "1"}, f'"{version}"')
    assert submitted.status_code == 409 and "Diajukan" in submitted.json()["detail"]


def test_bad_bodies_are_problems_never_500(gov, drafter, rows):
    url, token = _url(gov, rows[0]), make_token(drafter)
    for body in ({"value": "-1"}, {"value": "abc"}, {"progress_note": "x" * 4001}, {"value": "1e20"}):
        response = _put(url, token, body, '"1"')
        assert response.status_code == 422, body
        assert response["Content-Type"] == "application/problem+json" and response.json()["errors"]
    raw = Client().put(
        url, b"{not json", content_type="application/json", headers=bearer(token) | {"If-Match": '"1"'}
    )
    assert raw.status_code == 400 and raw["Content-Type"] == "application/problem+json"
    assert (
        Client().get(f"/api/v1/governments/{gov.slug}/realisations/abc", headers=bearer(token)).status_code
        == 422
    )
    assert (
        Client().get(f"/api/v1/governments/{gov.slug}/roadmaps/not-a-uuid", headers=bearer(token)).status_code
        == 422
    )


def test_text_with_a_nul_character_is_422_on_every_engine(gov, drafter, rows):
    """PostgreSQL stores no U+0000: a filter, a path or a JSON field holding one is refused before
    the database sees it (schemathesis found the 500 on PostgreSQL)."""
    url, token = _url(gov, rows[0]), make_token(drafter)
    before = Realisation.objects.get(pk=rows[0].pk)
    base = f"/api/v1/governments/{gov.slug}"
    answers = [
        Client().get(f"{base}/realisations", {"focus": "urn:\x00x"}, headers=bearer(token)),
        Client().get(f"{base}/actions", {"focus": "a\x00"}, headers=bearer(token)),
        Client().get(f"/api/v1/governments/{gov.slug}%00/units", headers=bearer(token)),
        _put(url, token, {"progress_note": "catatan\x00"}, f'"{before.version}"'),
    ]
    for response in answers:
        assert response.status_code == 422, response.content
        assert response["Content-Type"] == "application/problem+json"
        assert "NUL" in response.json()["detail"]
    after = Realisation.objects.get(pk=rows[0].pk)
    assert (after.version, after.progress_note) == (before.version, before.progress_note)


def _upload(gov, token, content: bytes, name: str = "sk.pdf", **fields):
    file = io.BytesIO(content)
    file.name = name
    return Client().post(
        f"/api/v1/governments/{gov.slug}/evidence", {"file": file, **fields}, headers=bearer(token)
    )


def test_upload_goes_through_inspection_links_and_answers_duplicates_with_the_existing_item(
    gov, unit, drafter, rows, evidence_dir
):
    token = make_token(drafter, name="e-SAKIP")
    made = _upload(
        gov,
        token,
        pdf_bytes("SK Tim RB Dinkes"),
        unit=str(unit.uuid),
        kind="decree",
        target_kind="realisation",
        target_id=str(rows[0].pk),
    )
    assert made.status_code == 201, made.content
    body = made.json()
    assert body["duplicate"] is False and body["linked"] is True and body["item"]["title"] == "Sk"
    item = Item.objects.get(uuid=body["item"]["uuid"])
    assert item.unit == unit and item.kind == "decree" and body["item"]["download"].endswith("/berkas/1/")
    assert Link.objects.filter(item=item, target_kind="realisation", target_id=str(rows[0].pk)).exists()
    upload_event = AuditEvent.objects.get(action=AuditEvent.Action.UPLOAD)
    assert "lewat API" in upload_event.summary
    again = _upload(gov, token, pdf_bytes("SK Tim RB Dinkes"), name="lain.pdf", unit=str(unit.uuid))
    assert again.status_code == 200 and again.json()["duplicate"] is True
    assert again.json()["item"]["uuid"] == str(item.uuid) and Item.objects.count() == 1
    refused = _upload(gov, token, b"MZ not a document", name="virus.pdf", unit=str(unit.uuid))
    assert refused.status_code == 422 and refused.json()["errors"][0]["loc"] == ["form", "file"]


def test_upload_refuses_targets_the_person_may_not_manage_and_files_too_large(
    gov, unit, other_unit, drafter, evidence_dir, settings
):
    token = make_token(drafter)
    other = _upload(gov, token, pdf_bytes("x"), unit=str(other_unit.uuid))
    assert other.status_code == 422
    missing = _upload(
        gov, token, pdf_bytes("y"), unit=str(unit.uuid), target_kind="action", target_id="999999"
    )
    assert missing.status_code == 404
    settings.EVIDENCE_MAX_BYTES = 100
    big = _upload(gov, token, pdf_bytes("z"), unit=str(unit.uuid))
    assert big.status_code == 413 and big["Content-Type"] == "application/problem+json"


def test_upload_links_to_an_action_named_by_its_uid(gov, unit, drafter, enacted_roadmap, evidence_dir):
    action = enacted_roadmap.actions.order_by("order").first()
    made = _upload(
        gov,
        make_token(drafter),
        pdf_bytes("Notulen"),
        unit=str(unit.uuid),
        target_kind="action",
        target_id=str(action.uid),
    )
    assert made.status_code == 201 and made.json()["linked"] is True
    assert Link.objects.filter(target_kind="action", target_id=str(action.pk)).count() == 1


@pytest.mark.django_db(transaction=True)
def test_two_saves_at_the_same_moment_lose_nothing(gov, drafter, unit_head, rows):
    """Eight clients send a save against the same version at once (threads, real transactions): one
    wins, the others get 412 with the winner's values; the row moved one version."""
    if connection.vendor != "postgresql":
        pytest.skip("concurrent transactions need PostgreSQL (SQLite serialises the whole database)")
    url = _url(gov, rows[0])
    tokens = [make_token(drafter if n % 2 else unit_head) for n in range(8)]
    barrier = threading.Barrier(len(tokens))

    def save(n: int) -> tuple[int, Any]:
        barrier.wait()
        try:
            response = _put(url, tokens[n], {"value": str(n + 1)}, '"1"')
            return response.status_code, response.json()
        finally:
            connections.close_all()

    with ThreadPoolExecutor(len(tokens)) as pool:
        results = list(pool.map(save, range(len(tokens))))
    statuses = sorted(status for status, _body in results)
    assert statuses == [200] + [412] * (len(tokens) - 1)
    winner = next(body for status, body in results if status == 200)
    row = Realisation.objects.get(pk=rows[0].pk)
    assert row.version == 2 and row.value == Decimal(winner["value"])
    assert all(body["current"]["version"] == 2 for status, body in results if status == 412)
