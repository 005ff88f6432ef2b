"""Personal tokens: stored hashed, shown once, refused when expired or revoked, last use noted at
most once a minute, rate limited, and made by the command."""

from __future__ import annotations

import datetime as dt
import hashlib
from io import StringIO

import pytest
import time_machine
from django.core.management import CommandError, call_command
from django.test import Client
from django.utils import timezone

from petajalan.accounts.models import AuditEvent
from petajalan.accounts.services import ServiceError
from petajalan.api import services
from petajalan.api.models import ApiToken
from petajalan.api.tests.conftest import bearer
from petajalan.testing.fixtures import client_for

GOVS = "/api/v1/governments"


def _problem(response) -> dict:
    assert response["Content-Type"] == "application/problem+json"
    body = response.json()
    assert set(body) >= {"type", "title", "status", "detail"} and body["status"] == response.status_code
    assert body["detail"]
    return body


def test_the_database_holds_only_the_hash_of_the_secret(drafter):
    made = services.create_token(actor=drafter, user=drafter, name="e-SAKIP", scope="read")
    _pj, prefix, secret = made.text.split("_", 2)
    row = ApiToken.objects.get()
    assert row.prefix == prefix and len(secret) >= 43  # 256 bits in base64
    assert row.secret_sha256 == hashlib.sha256(secret.encode()).hexdigest()
    stored = " ".join(str(v) for v in ApiToken.objects.values_list().get())
    assert secret not in stored
    event = AuditEvent.objects.get(object_type="api.apitoken")
    assert secret not in str(event.after) and prefix in str(event.after)


def test_a_token_works_and_a_wrong_secret_with_the_right_prefix_does_not(drafter):
    text = services.create_token(actor=drafter, user=drafter, name="a", scope="read").text
    assert Client().get(GOVS, headers=bearer(text)).status_code == 200
    wrong = text[:-4] + ("AAAA" if not text.endswith("AAAA") else "BBBB")
    assert _problem(Client().get(GOVS, headers=bearer(wrong)))["status"] == 401
    assert Client().get(GOVS, headers={"Authorization": "Token " + text}).status_code == 401
    assert Client().get(GOVS, headers=bearer("pj_x")).status_code == 401


def test_session_login_does_not_open_the_api(drafter):
    response = client_for(drafter).get(GOVS)
    assert response.status_code == 401 and "Authorization" in _problem(response)["detail"]


def test_expired_and_revoked_tokens_are_refused(drafter):
    text = services.create_token(actor=drafter, user=drafter, name="a", scope="read", days=1).text
    with time_machine.travel(timezone.now() + dt.timedelta(days=1, seconds=1)):
        assert "kedaluwarsa" in _problem(Client().get(GOVS, headers=bearer(text)))["detail"]
    services.revoke_token(actor=drafter, token=ApiToken.objects.get())
    assert "dicabut" in _problem(Client().get(GOVS, headers=bearer(text)))["detail"]


def test_a_deactivated_person_s_token_is_refused(drafter):
    text = services.create_token(actor=drafter, user=drafter, name="a", scope="read").text
    type(drafter).objects.filter(pk=drafter.pk).update(is_active=False)
    assert Client().get(GOVS, headers=bearer(text)).status_code == 401


def test_expiry_is_ninety_days_by_default_and_at_most_a_year(drafter):
    made = services.create_token(actor=drafter, user=drafter, name="a", scope="read")
    assert (made.token.expires_at - timezone.now()).days in (89, 90)
    with pytest.raises(ServiceError):
        services.create_token(actor=drafter, user=drafter, name="a", scope="read", days=366)
    with pytest.raises(ServiceError):
        services.create_token(actor=drafter, user=drafter, name=" ", scope="read")


def test_last_use_is_written_at_most_once_a_minute(drafter, django_assert_num_queries):
    text = services.create_token(actor=drafter, user=drafter, name="a", scope="read").text
    start = timezone.now()
    with time_machine.travel(start, tick=False):
        Client().get(GOVS, headers=bearer(text))
        first = ApiToken.objects.get().last_used_at
        assert first == start
    with time_machine.travel(start + dt.timedelta(seconds=30), tick=False):
        Client().get(GOVS, headers=bearer(text))
        assert ApiToken.objects.get().last_used_at == first
    with time_machine.travel(start + dt.timedelta(seconds=61), tick=False):
        Client().get(GOVS, headers=bearer(text))
        assert ApiToken.objects.get().last_used_at == start + dt.timedelta(seconds=61)


def test_requests_over_the_limit_get_429_with_retry_after(drafter, settings):
    settings.API_RATE_PER_MINUTE = 3
    text = services.create_token(actor=drafter, user=drafter, name="a", scope="read").text
    statuses = [Client().get(GOVS, headers=bearer(text)).status_code for _ in range(4)]
    assert statuses == [200, 200, 200, 429]
    response = Client().get(GOVS, headers=bearer(text))
    assert 1 <= int(response["Retry-After"]) <= 60
    assert _problem(response)["status"] == 429
    # another token of the same person has its own counter
    other = services.create_token(actor=drafter, user=drafter, name="b", scope="read").text
    assert Client().get(GOVS, headers=bearer(other)).status_code == 200


def test_writes_have_a_lower_limit(gov, drafter, rows, settings):
    settings.API_WRITE_RATE_PER_MINUTE = 2
    text = services.create_token(actor=drafter, user=drafter, name="a", scope="write").text
    url = f"/api/v1/governments/{gov.slug}/realisations/{rows[0].pk}"
    statuses = []
    for _ in range(3):
        version = Client().get(url, headers=bearer(text))["ETag"]
        statuses.append(
            Client()
            .put(
                url,
                {"value": "1"},
                content_type="application/json",
                headers=bearer(text) | {"If-Match": version},
            )
            .status_code
        )
    assert statuses == [200, 200, 429]
    assert Client().get(url, headers=bearer(text)).status_code == 200


def test_public_endpoints_are_limited_per_ip(gov, settings):
    settings.API_PUBLIC_RATE_PER_MINUTE = 2
    type(gov).objects.filter(pk=gov.pk).update(public_enabled=True)
    statuses = [Client().get(f"/api/v1/public/{gov.slug}").status_code for _ in range(3)]
    assert statuses == [200, 200, 429]
    assert Client(REMOTE_ADDR="10.0.0.9").get(f"/api/v1/public/{gov.slug}").status_code == 200


def test_the_command_prints_a_working_token_once(drafter):
    out, err = StringIO(), StringIO()
    call_command(
        "create_token",
        drafter.email,
        "--scope",
        "read",
        "--days",
        "30",
        "--name",
        "e-SAKIP",
        stdout=out,
        stderr=err,
    )
    text = out.getvalue().strip()
    assert text.startswith("pj_") and "\n" not in text and text not in err.getvalue()
    assert Client().get(GOVS, headers=bearer(text)).status_code == 200
    token = ApiToken.objects.get()
    assert (
        token.name == "e-SAKIP"
        and token.scope == "read"
        and (token.expires_at - timezone.now()).days in (29, 30)
    )
    with pytest.raises(CommandError):
        call_command("create_token", "nobody@x.test", "--scope", "read", stdout=StringIO(), stderr=StringIO())
    with pytest.raises(CommandError):
        call_command(
            "create_token", drafter.email, "--scope", "read", "--days", "999", stdout=out, stderr=err
        )


def test_the_token_page_shows_a_new_token_once_and_audits(drafter):
    client = client_for(drafter)
    response = client.post("/akun/token/", {"name": "e-SAKIP", "scope": "write", "days": "30"})
    assert response.status_code == 200 and response["Cache-Control"] == "no-store"
    page = response.content.decode()
    token = ApiToken.objects.get()
    start = page.index(f"pj_{token.prefix}_")
    text = page[start : page.index("<", start)]
    assert Client().get(GOVS, headers=bearer(text)).status_code == 200
    again = client.get("/akun/token/").content.decode()
    assert text not in again and token.display in again and "e-SAKIP" in again
    assert AuditEvent.objects.filter(object_type="api.apitoken", action=AuditEvent.Action.CREATE).count() == 1
    refused = client.post("/akun/token/", {"name": "x", "scope": "write", "days": "400"})
    assert refused.status_code == 422 and ApiToken.objects.count() == 1
    client.post(f"/akun/token/{token.uuid}/cabut/")
    assert AuditEvent.objects.filter(object_type="api.apitoken", action=AuditEvent.Action.DEACTIVATE).exists()
    assert Client().get(GOVS, headers=bearer(text)).status_code == 401


def test_the_admin_sees_and_revokes_tokens_of_the_government_s_people(gov, admin, drafter, outsider):
    services.create_token(actor=drafter, user=drafter, name="milik penyusun", scope="read")
    services.create_token(actor=outsider, user=outsider, name="milik kota lain", scope="read")
    page = client_for(admin).get(f"/g/{gov.slug}/token-api/").content.decode()
    assert "milik penyusun" in page and "milik kota lain" not in page
    token = ApiToken.objects.get(user=drafter)
    assert client_for(admin).post(f"/g/{gov.slug}/token-api/{token.uuid}/cabut/").status_code == 302
    token.refresh_from_db()
    assert token.revoked_by == admin
    assert AuditEvent.objects.get(action=AuditEvent.Action.DEACTIVATE).government == gov


def test_errors_follow_accept_language(drafter):
    english = Client().get(GOVS, headers={"Accept-Language": "en"})
    assert english.status_code == 401 and english["Content-Language"] == "en"
    assert Client().get(GOVS)["Content-Language"] == "id"
