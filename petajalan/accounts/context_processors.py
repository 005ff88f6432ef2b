"""The current government (from the URL) and the user's governments, for the page shell."""

from __future__ import annotations

from typing import Any

from django.http import HttpRequest

from petajalan.accounts.models import Government
from petajalan.accounts.permissions import roles_in


def tenancy(request: HttpRequest) -> dict[str, Any]:
    user = getattr(request, "user", None)
    if user is None or not user.is_authenticated:
        return {}
    match = getattr(request, "resolver_match", None)
    slug = match.kwargs.get("gov") if match else None
    governments = list(Government.objects.visible_to(user).only("slug", "name", "kind", "is_fictional"))
    current = next((g for g in governments if g.slug == slug), None)
    if current is None and len(governments) == 1:
        current = governments[0]
    return {
        "my_governments": governments,
        "current_government": current,
        "my_roles": roles_in(user, current) if current else set(),
    }
