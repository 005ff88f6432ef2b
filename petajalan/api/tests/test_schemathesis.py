"""The live OpenAPI schema, fuzzed: schemathesis generates requests for every operation from the
schema and checks that none answers 500, every status is documented, and every body and content
type matches the schema. Once with the admin's read-write token, once with a read-scope token.

Bounded for a 2-core machine: ``MAX_EXAMPLES`` examples per operation and token (18 operations,
so at most 900 requests: 73 s on SQLite on the shared 2-core machine). The government in the path
is the real one, and half the row ids the real row, so the requests reach the data and not only
the 404.
"""

from __future__ import annotations

from collections.abc import Iterator
from typing import Any

import pytest
import schemathesis
from django.core.signals import request_finished, request_started
from django.db import close_old_connections
from hypothesis import HealthCheck, settings
from schemathesis.checks import not_a_server_error
from schemathesis.specs.openapi.checks import (
    content_type_conformance,
    response_headers_conformance,
    response_schema_conformance,
    status_code_conformance,
)

from petajalan.accounts.models import Government
from petajalan.api.tests.conftest import bearer
from petajalan.wsgi import application

MAX_EXAMPLES = 25
CHECKS = [
    not_a_server_error,
    status_code_conformance,
    content_type_conformance,
    response_schema_conformance,
    response_headers_conformance,
]

schema = schemathesis.openapi.from_wsgi("/api/v1/openapi.json", application)


@pytest.fixture
def _connection_kept() -> Iterator[None]:
    """schemathesis calls the WSGI application itself, whose request signals would close the test's
    database connection (and its transaction) after each request; Django's test client detaches the
    same handler."""
    request_started.disconnect(close_old_connections)
    request_finished.disconnect(close_old_connections)
    yield
    request_started.connect(close_old_connections)
    request_finished.connect(close_old_connections)


@pytest.fixture
def world(
    tokens: dict[str, str], rows: Any, gov: Government, settings: Any, _connection_kept: None
) -> dict[str, Any]:
    settings.API_RATE_PER_MINUTE = 100_000
    settings.API_WRITE_RATE_PER_MINUTE = 100_000
    settings.API_PUBLIC_RATE_PER_MINUTE = 100_000
    Government.objects.filter(pk=gov.pk).update(public_enabled=True)
    return {"gov": gov.slug, "row": rows[0].pk, "tokens": tokens}


def _aim(case: Any, world: dict[str, Any]) -> None:
    """Point most generated paths at the real government (and a real row) so they reach data."""
    params = case.path_parameters or {}
    if "gov" in params:
        params["gov"] = world["gov"]
    if "row" in params and isinstance(params["row"], int) and params["row"] % 2 == 0:
        params["row"] = world["row"]


FUZZ = settings(
    max_examples=MAX_EXAMPLES,
    deadline=None,
    suppress_health_check=[
        HealthCheck.function_scoped_fixture,
        HealthCheck.too_slow,
        HealthCheck.filter_too_much,
    ],
    derandomize=True,
)


@schema.parametrize()
@FUZZ
def test_the_api_keeps_its_schema_with_a_write_token(case: Any, world: dict[str, Any]) -> None:
    _aim(case, world)
    case.call_and_validate(headers=bearer(world["tokens"]["admin"]), checks=CHECKS)


@schema.parametrize()
@FUZZ
def test_the_api_keeps_its_schema_with_a_read_token(case: Any, world: dict[str, Any]) -> None:
    _aim(case, world)
    case.call_and_validate(headers=bearer(world["tokens"]["read"]), checks=CHECKS)
