"""Every API endpoint with every persona's token, and the token pages with every persona.

API personas: the admin, the drafter of unit A (``drafter``) and of unit B (``drafter_b``), the
unit head of A, the reviewer of A, the leader, another government's admin (``outsider``), a
read-scope token of the drafter (``read``), an expired and a revoked token of the drafter, and no
token. Another government's objects are 404 with a valid token; writes with a read-only role or a
read-scope token are 403; a missing, expired or revoked token is 401.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any

import pytest
from django.test import Client

from petajalan.accounts.models import Government, Membership
from petajalan.api.models import ApiToken
from petajalan.api.tests.conftest import bearer, make_token
from petajalan.evidence import services as evidence
from petajalan.monitoring.models import Realisation
from petajalan.testing.evidence import pdf_bytes
from petajalan.testing.factories import make_person
from petajalan.testing.matrix import Case, walk

R = Membership.Role
API = "/api/v1"
G = API + "/governments/{gov}"
TOKEN_PERSONAS = (
    "admin",
    "drafter",
    "drafter_b",
    "unit_head",
    "reviewer",
    "leader",
    "outsider",
    "read",
    "expired",
    "revoked",
    "none",
)
NO_ACCESS = {"expired": 401, "revoked": 401, "none": 401}


@dataclass(frozen=True)
class ApiCase:
    """One API request with the status each persona's token must get (``default`` for the rest)."""

    method: str
    url: str
    default: int = 200
    expect: dict[str, int] = field(default_factory=dict)

    def expected(self, persona: str) -> int:
        return {**NO_ACCESS, "outsider": 404, **self.expect}.get(persona, self.default)


NOT_UNIT_A = {"drafter_b": 404}
READ_ONLY = {"reviewer": 403, "leader": 403, "read": 403}
API_MATRIX = [
    ApiCase("get", API + "/governments", expect={"outsider": 200}),
    ApiCase("get", G + "/units"),
    ApiCase("get", G + "/roadmaps"),
    ApiCase("get", G + "/roadmaps/{roadmap}", expect=NOT_UNIT_A),
    ApiCase("get", G + "/actions"),
    ApiCase("get", G + "/reports"),
    ApiCase("get", G + "/realisations"),
    ApiCase("get", G + "/realisations/{row}", expect=NOT_UNIT_A),
    ApiCase("get", G + "/evidence"),
    ApiCase("get", G + "/evaluations"),
    # the unit's figures: its drafter and head; the admin types only the city road map's
    ApiCase(
        "put", G + "/realisations/{row}", default=403, expect={"drafter": 200, "unit_head": 200, **NOT_UNIT_A}
    ),
    # upload for unit A: its people and the admin; drafter B may not choose unit A
    ApiCase(
        "post",
        G + "/evidence",
        default=403,
        expect={"admin": 201, "drafter": 201, "unit_head": 201, "drafter_b": 422},
    ),
    # another government's data with a valid token of this one
    ApiCase("get", API + "/governments/{other_gov}/units", default=404, expect={"outsider": 200}),
    ApiCase("get", API + "/governments/{other_gov}/realisations", default=404, expect={"outsider": 200}),
    # a road map of unit A asked under the other government's slug
    ApiCase("get", API + "/governments/{other_gov}/roadmaps/{roadmap}", default=404),
    # public endpoints: no token needed, any token ignored
    ApiCase(
        "get", API + "/public/{gov}", expect={"outsider": 200, "expired": 200, "revoked": 200, "none": 200}
    ),
    ApiCase(
        "get",
        API + "/public/{gov}/roadmaps",
        expect={"outsider": 200, "expired": 200, "revoked": 200, "none": 200},
    ),
    ApiCase(
        "get",
        API + "/public/{other_gov}/roadmaps",
        default=404,
        expect=NO_ACCESS | {"expired": 404, "revoked": 404, "none": 404},
    ),
]


@pytest.fixture
def world(gov, other_gov, unit, other_unit, personas, rows, evidence_dir, settings) -> dict[str, Any]:
    settings.API_RATE_PER_MINUTE = 10_000
    settings.API_WRITE_RATE_PER_MINUTE = 10_000
    Government.objects.filter(pk=gov.pk).update(public_enabled=True)
    people = dict(personas)
    people["drafter_b"] = make_person(
        gov, R.DRAFTER, other_unit, email="penyusun.b@uji.test", full_name="Penyusun B"
    )
    texts = {name: make_token(user) for name, user in people.items()}
    texts["read"] = make_token(people["drafter"], ApiToken.Scope.READ)
    texts["expired"] = make_token(people["drafter"], days=1)
    ApiToken.objects.filter(prefix=texts["expired"].split("_")[1]).update(expires_at="2000-01-01T00:00Z")
    texts["revoked"] = make_token(people["drafter"])
    ApiToken.objects.filter(prefix=texts["revoked"].split("_")[1]).update(revoked_at="2025-01-01T00:00Z")
    evidence.upload_item(
        actor=people["drafter"],
        government=gov,
        upload=evidence.Upload(file=__import__("io").BytesIO(pdf_bytes("SK Tim RB")), name="sk.pdf"),
        data={"title": "SK Tim RB", "unit": unit},
    )
    return {
        "texts": texts,
        "values": {
            "gov": gov.slug,
            "other_gov": other_gov.slug,
            "roadmap": rows[0].report.roadmap.uuid,
            "row": rows[0].pk,
            "unit_uuid": unit.uuid,
        },
    }


def _request(case: ApiCase, persona: str, world: dict[str, Any]) -> Any:
    client = Client()
    values = world["values"]
    url = case.url.format(**values)
    headers = {} if persona == "none" else bearer(world["texts"][persona])
    if case.method == "get":
        return client.get(url, headers=headers)
    if case.method == "put":
        version = Realisation.objects.get(pk=values["row"]).version
        return client.put(
            url,
            {"value": "5"},
            content_type="application/json",
            headers=headers | {"If-Match": f'"{version}"'},
        )
    upload = __import__("io").BytesIO(pdf_bytes(f"Laporan {persona}"))
    upload.name = f"laporan-{persona}.pdf"
    return client.post(
        url,
        {"file": upload, "unit": str(values["unit_uuid"]), "title": f"Laporan {persona}"},
        headers=headers,
    )


@pytest.mark.parametrize("case", API_MATRIX, ids=lambda c: f"{c.method}:{c.url}")
def test_api_permission_matrix(case: ApiCase, world: dict[str, Any]) -> None:
    problems = []
    for persona in TOKEN_PERSONAS:
        response = _request(case, persona, world)
        expected = case.expected(persona)
        if response.status_code != expected:
            problems.append(
                f"{persona}: {response.status_code}, expected {expected}: {response.content[:200]!r}"
            )
        if response.status_code >= 400 and response["Content-Type"] != "application/problem+json":
            problems.append(f"{persona}: error {response.status_code} as {response['Content-Type']}")
    assert problems == []


# The token pages (session, CSRF) ------------------------------------------------------------------

ADMIN_ONLY = {"admin": 200}
MATRIX = [
    Case("api:government-token-list", "/g/{gov}/token-api/", default=403, expect=ADMIN_ONLY),
    Case(
        "api:government-token-list",
        "/g/{gov}/token-api/",
        method="post",
        default=405,
        expect={"outsider": 405},
    ),
    Case(
        "api:government-token-revoke",
        "/g/{gov}/token-api/{api_token}/cabut/",
        method="post",
        default=403,
        expect={"admin": 302},
    ),
    Case(
        "api:government-token-revoke",
        "/g/{gov}/token-api/{api_token}/cabut/",
        default=405,
        expect={"outsider": 405},
    ),
    # a token of another government's person is not in this government's list
    Case(
        "api:government-token-revoke",
        "/g/{gov}/token-api/{foreign_token}/cabut/",
        method="post",
        default=403,
        expect={"admin": 404},
    ),
]


@pytest.fixture
def objects(gov, personas) -> dict[str, Any]:
    make_token(personas["drafter"], name="e-SAKIP")
    make_token(personas["outsider"], name="asing")
    return {
        "gov": gov.slug,
        "api_token": ApiToken.objects.get(user=personas["drafter"]).uuid,
        "foreign_token": ApiToken.objects.get(user=personas["outsider"]).uuid,
    }


@pytest.mark.parametrize("case", MATRIX, ids=lambda c: f"{c.method}:{c.url}")
def test_token_pages_permission_matrix(case, personas, objects):
    assert walk(case, personas, objects) == []


def test_own_token_page_needs_login_and_revokes_only_own_tokens(personas, objects):
    assert Client().get("/akun/token/").status_code == 302
    from petajalan.testing.fixtures import client_for

    drafter, leader = client_for(personas["drafter"]), client_for(personas["leader"])
    assert leader.get("/akun/token/").status_code == 200
    url = f"/akun/token/{objects['api_token']}/cabut/"
    assert leader.post(url).status_code == 404
    assert drafter.get(url).status_code == 405
    assert drafter.post(url).status_code == 302
    assert ApiToken.objects.get(uuid=objects["api_token"]).revoked_at is not None
