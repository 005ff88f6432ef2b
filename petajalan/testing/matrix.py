"""Walking the permission matrix of a view: each persona's expected status code.

Each app's ``tests/test_permission_matrix.py`` lists ``MATRIX`` rows; ``petajalan/tests`` checks
that every tenant URL of the project appears in some row, so a new view cannot skip the matrix.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any

from django.test import Client

from petajalan.accounts.models import User
from petajalan.testing.fixtures import client_for

PERSONAS = ("anonymous", "admin", "drafter", "unit_head", "reviewer", "leader", "outsider")


@dataclass(frozen=True)
class Case:
    """One URL and method with the status each persona must get.

    ``url`` may hold ``{gov}``, ``{unit}``, ``{other_unit}`` and any key of the ``objects`` the
    test passes in. Personas not listed in ``expect`` get ``default`` (403 for writes, 200 for
    reads); ``anonymous`` is always sent to the login page and ``outsider`` always gets 404.
    """

    name: str  # the URL name, e.g. "accounts:unit-list"
    url: str
    method: str = "get"
    expect: dict[str, int] = field(default_factory=dict)
    data: dict[str, Any] = field(default_factory=dict)
    default: int | None = None

    def expected(self, persona: str) -> int:
        if persona == "anonymous":
            return 302
        if persona == "outsider":
            return self.expect.get("outsider", 404)
        if persona in self.expect:
            return self.expect[persona]
        if self.default is not None:
            return self.default
        return 200 if self.method == "get" else 403


def walk(case: Case, personas: dict[str, User], objects: dict[str, Any]) -> list[str]:
    """Request the case as every persona; return the mismatches as readable lines."""
    url = case.url.format(**objects)
    problems = []
    for persona in PERSONAS:
        client: Client = client_for(None if persona == "anonymous" else personas[persona])
        response = getattr(client, case.method)(url, data=case.data)
        expected = case.expected(persona)
        if response.status_code != expected:
            problems.append(
                f"{case.method.upper()} {url} as {persona}: {response.status_code}, expected {expected}"
            )
        if (
            persona == "anonymous"
            and response.status_code == 302
            and "/akun/masuk/" not in response["Location"]
        ):
            problems.append(f"{url} as anonymous redirects to {response['Location']}, not to login")
    # the wrong method: a GET-only view refuses POST and vice versa
    return problems
