"""Cursor pagination: ``?cursor=&limit=``, keyset on the primary key, one query a page."""

from __future__ import annotations

import base64
import binascii
import json
from typing import Any

from django.db.models import QuerySet
from django.http import HttpRequest
from django.utils.translation import gettext as _

from petajalan.api.problems import ApiProblem

DEFAULT_LIMIT = 50
MAX_LIMIT = 100


def encode_cursor(last_id: int) -> str:
    return base64.urlsafe_b64encode(json.dumps({"after": last_id}).encode()).decode().rstrip("=")


def decode_cursor(cursor: str | None) -> int | None:
    if not cursor:
        return None
    try:
        data = json.loads(base64.urlsafe_b64decode(cursor + "=" * (-len(cursor) % 4)))
        after = data["after"]
        if not isinstance(after, int) or isinstance(after, bool) or after < 0:
            raise ValueError
        return after
    except (ValueError, TypeError, KeyError, binascii.Error, UnicodeDecodeError):
        raise ApiProblem(
            422,
            _("Nilai cursor tidak dikenal; pakai next_cursor dari halaman sebelumnya."),
            errors=[{"loc": ["query", "cursor"], "msg": _("cursor tidak valid"), "type": "cursor"}],
        ) from None


def page(
    request: HttpRequest, queryset: QuerySet, *, cursor: str | None, limit: int
) -> tuple[list[dict[str, Any]], dict[str, str | None]]:
    """The rows of one page as dicts (``queryset`` is already a ``values()`` with ``id``) and the
    links to the next."""
    after = decode_cursor(cursor)
    rows = queryset.order_by("id")
    if after is not None:
        rows = rows.filter(id__gt=after)
    found = list(rows[: limit + 1])
    more = len(found) > limit
    found = found[:limit]
    links: dict[str, str | None] = {"next_cursor": None, "next": None}
    if more and found:
        token = encode_cursor(found[-1]["id"])
        query = request.GET.copy()
        query["cursor"] = token
        links = {
            "next_cursor": token,
            "next": request.build_absolute_uri(f"{request.path}?{query.urlencode()}"),
        }
    return found, links
