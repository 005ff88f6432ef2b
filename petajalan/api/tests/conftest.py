"""Fixtures of the API tests: the monitoring fixtures (an enacted road map of ``unit`` with three
actions, its 2025 TW1 report open today) and a token for every persona.

``tokens[persona]`` is the text of a read-write token of that persona (``read`` a read-scope token of
the drafter); ``bearer(text)`` the headers a client sends.
"""

from __future__ import annotations

import datetime as dt
from typing import Any

import pytest
from django.core.cache import cache
from django.utils import timezone

from petajalan.api import services
from petajalan.api.models import ApiToken
from petajalan.monitoring.tests.conftest import enacted_roadmap, period, report, rows  # noqa: F401


def bearer(text: str) -> dict[str, str]:
    return {"Authorization": f"Bearer {text}"}


def make_token(user: Any, scope: str = ApiToken.Scope.WRITE, **kwargs: Any) -> str:
    return services.create_token(
        actor=user, user=user, name=kwargs.pop("name", f"uji {scope}"), scope=scope, **kwargs
    ).text


@pytest.fixture(autouse=True)
def _fresh_rate_counters() -> None:
    cache.clear()


@pytest.fixture
def tokens(personas: dict[str, Any]) -> dict[str, str]:
    found = {name: make_token(user) for name, user in personas.items()}
    found["read"] = make_token(personas["drafter"], ApiToken.Scope.READ)
    expired = make_token(personas["drafter"])
    ApiToken.objects.filter(prefix=expired.split("_")[1]).update(
        expires_at=timezone.now() - dt.timedelta(seconds=1)
    )
    found["expired"] = expired
    revoked = make_token(personas["drafter"])
    services.revoke_token(actor=personas["drafter"], token=ApiToken.objects.get(prefix=revoked.split("_")[1]))
    found["revoked"] = revoked
    return found
