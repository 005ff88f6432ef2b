"""Conditional answers and the server-side cache of the public pages and downloads.

Every public answer carries an ETag made of the government's ``public_fingerprint``, the path, the
host and the language, and the fingerprint's Last-Modified; a matching If-None-Match (or, without
one, an If-Modified-Since not older than the data) is answered 304 after the one fingerprint query.
The body itself is cached (Django's cache) under a key holding the fingerprint, so anything
published (an enactment, a verification, a published cycle, the switch) changes the key: nothing is
ever invalidated by hand, old keys simply expire.
"""

from __future__ import annotations

import hashlib
from collections.abc import Callable
from typing import Any

from django.conf import settings
from django.core.cache import cache
from django.http import HttpRequest, HttpResponse
from django.utils import translation
from django.utils.cache import get_conditional_response, patch_cache_control, patch_vary_headers
from django.utils.http import http_date

from petajalan.accounts.models import Government
from petajalan.public.queries import public_fingerprint

CACHE_VERSION = "3"  # bump when the templates or the rendering change in a way the data does not show


def max_age() -> int:
    return int(getattr(settings, "PUBLIC_MAX_AGE", 300))


def cache_timeout() -> int:
    return int(getattr(settings, "PUBLIC_CACHE_TIMEOUT", 24 * 3600))


def _etag(request: HttpRequest, seed: str) -> str:
    text = "|".join([CACHE_VERSION, seed, request.get_host(), request.path, translation.get_language() or ""])
    return '"' + hashlib.sha256(text.encode()).hexdigest()[:40] + '"'


def _headers(response: HttpResponse, etag: str, timestamp: int | None) -> HttpResponse:
    response["ETag"] = etag
    if timestamp is not None:
        response["Last-Modified"] = http_date(timestamp)
    patch_cache_control(response, public=True, max_age=max_age())
    # the language cookie (the public pages' ID/EN links) changes the page: a shared cache must key on
    # it; visitors without cookies, most citizens, still share one copy
    patch_vary_headers(response, ("Cookie",))
    return response


def cached_answer(
    request: HttpRequest,
    government: Government,
    build: Callable[[], bytes],
    *,
    content_type: str,
    filename: str = "",
    use_cache: bool = True,
) -> HttpResponse:
    """304 when the client's copy is current, else the body (from the cache, or ``build()`` then
    cached) with ETag, Last-Modified and ``Cache-Control: public, max-age``."""
    seed, modified = public_fingerprint(government)
    etag = _etag(request, seed)
    timestamp = int(modified.timestamp()) if modified is not None else None
    not_modified = get_conditional_response(request, etag=etag, last_modified=timestamp)
    if not_modified is not None:
        return _headers(not_modified, etag, timestamp)
    key = "public:" + hashlib.sha256(f"{etag}".encode()).hexdigest()
    body: Any = cache.get(key) if use_cache else None
    if body is None:
        body = build()
        if use_cache:
            cache.set(key, body, cache_timeout())
    response = HttpResponse(body, content_type=content_type)
    if filename:
        response["Content-Disposition"] = f'attachment; filename="{filename}"'
    return _headers(response, etag, timestamp)
