"""Who is calling: ``Authorization: Bearer pj_…`` only, and how often.

There is no session authentication on the API, so a browser's cookies give a page on another site
nothing to ride on (no CSRF hole). The token's owner becomes ``request.user``, so the same gate as
the pages decides everything after this. Counters per token (per IP for the public endpoints) live
in Django's cache: one minute windows, 120 requests and 30 writes a minute by default.
"""

from __future__ import annotations

import time
from typing import Any

from django.conf import settings
from django.core.cache import cache
from django.http import HttpRequest
from django.utils import translation
from django.utils.translation import gettext as _
from ninja.security import HttpBearer

from petajalan.api import services
from petajalan.api.models import ApiToken
from petajalan.api.problems import ApiProblem

SAFE_METHODS = ("GET", "HEAD", "OPTIONS")
WINDOW = 60


def limits() -> dict[str, int]:
    return {
        "read": int(getattr(settings, "API_RATE_PER_MINUTE", 120)),
        "write": int(getattr(settings, "API_WRITE_RATE_PER_MINUTE", 30)),
        "public": int(getattr(settings, "API_PUBLIC_RATE_PER_MINUTE", 60)),
    }


def _count(key: str) -> tuple[int, int]:
    """This window's count for ``key`` after this request, and the seconds until the next window."""
    now = time.time()
    window = int(now // WINDOW)
    name = f"api-rate:{key}:{window}"
    if cache.add(name, 1, timeout=WINDOW + 5):
        count = 1
    else:
        try:
            count = cache.incr(name)
        except ValueError:  # expired between add and incr
            cache.set(name, 1, timeout=WINDOW + 5)
            count = 1
    return count, max(1, WINDOW - int(now) % WINDOW)


def check_rate(key: str, limit: int) -> None:
    """429 with ``Retry-After`` once ``key`` made more than ``limit`` requests this minute."""
    count, retry = _count(key)
    if count > limit:
        raise ApiProblem(
            429,
            _("Batas %(n)s permintaan per menit terlampaui. Coba lagi dalam %(s)s detik.")
            % {"n": limit, "s": retry},
            headers={"Retry-After": str(retry)},
        )


def client_ip(request: HttpRequest) -> str:
    return str(request.META.get("REMOTE_ADDR") or "unknown")


def use_request_language(request: HttpRequest) -> None:
    """The site starts in Indonesian whatever the browser says; another system asks with
    ``Accept-Language`` (the language cookie, when sent, still wins)."""
    language = translation.get_language_from_request(request)
    translation.activate(language)
    request.LANGUAGE_CODE = language


def public_rate(request: HttpRequest) -> None:
    use_request_language(request)
    check_rate(f"ip:{client_ip(request)}", limits()["public"])


class TokenAuth(HttpBearer):
    """The bearer token of the request, checked and counted; its owner becomes ``request.user``."""

    def __call__(self, request: HttpRequest) -> ApiToken:
        use_request_language(request)
        header = request.headers.get("Authorization") or ""
        scheme, _sep, text = header.partition(" ")
        if scheme.lower() != "bearer" or not text.strip():
            raise ApiProblem(
                401,
                _(
                    "Kirim token API di kepala Authorization: Bearer pj_…. "
                    "Token dibuat di halaman Akun → Token API."
                ),
                headers={"WWW-Authenticate": 'Bearer realm="petajalan"'},
            )
        return self.authenticate(request, text.strip())

    def authenticate(self, request: HttpRequest, token: str) -> ApiToken:
        found = services.find_token(token)
        refusal = None
        if found is None:
            refusal = _("Token API tidak dikenal.")
        elif found.revoked_at is not None:
            refusal = _("Token API ini sudah dicabut.")
        elif found.is_expired:
            refusal = _("Token API ini sudah kedaluwarsa; buat token baru.")
        elif not found.user.is_active:
            refusal = _("Akun pemilik token ini tidak aktif.")
        if refusal or found is None:
            raise ApiProblem(401, refusal or "", headers={"WWW-Authenticate": 'Bearer error="invalid_token"'})
        lim = limits()
        check_rate(f"token:{found.pk}", lim["read"])
        if request.method not in SAFE_METHODS:
            if found.scope != ApiToken.Scope.WRITE:
                raise ApiProblem(
                    403, _("Token ini hanya untuk membaca; buat token baca-tulis untuk mengubah data.")
                )
            check_rate(f"token-write:{found.pk}", lim["write"])
        services.touch(found)
        request.user = found.user
        request.api_token = found  # type: ignore[attr-defined]
        return found


def token_of(request: Any) -> ApiToken | None:
    return getattr(request, "api_token", None)
