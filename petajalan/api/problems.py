"""Errors of the API as RFC 9457 problem details (``application/problem+json``) in Indonesian.

Every refusal, whoever raises it (the gate's 404/403, a service's refusal, validation, the token
check, the rate limit), leaves through ``problem``: ``{type, title, status, detail, errors?}``.
"""

from __future__ import annotations

import json
from typing import Any

from django.core.serializers.json import DjangoJSONEncoder
from django.http import HttpResponse
from django.utils.translation import gettext as _

CONTENT_TYPE = "application/problem+json"


def titles() -> dict[int, str]:
    """The short title of each status, in the request's language."""
    return {
        400: _("Permintaan tidak dapat dibaca"),
        401: _("Token tidak diterima"),
        403: _("Tidak diizinkan"),
        404: _("Tidak ditemukan"),
        405: _("Metode tidak diizinkan"),
        409: _("Tidak dapat disimpan sekarang"),
        412: _("Data sudah diubah orang lain"),
        413: _("Berkas atau permintaan terlalu besar"),
        422: _("Isian tidak valid"),
        428: _("Kepala If-Match diperlukan"),
        429: _("Terlalu banyak permintaan"),
    }


SLUGS = {
    400: "bad-request",
    401: "unauthorized",
    403: "forbidden",
    404: "not-found",
    405: "method-not-allowed",
    409: "conflict",
    412: "precondition-failed",
    413: "too-large",
    422: "invalid",
    428: "precondition-required",
    429: "rate-limited",
}


class ApiProblem(Exception):
    """A refusal to send as a problem: status, detail, and optionally field errors, extra members
    (``current`` for a stale write) and headers (``Retry-After``)."""

    def __init__(
        self,
        status: int,
        detail: str,
        *,
        errors: list[dict[str, Any]] | None = None,
        headers: dict[str, str] | None = None,
        **extra: Any,
    ) -> None:
        super().__init__(detail)
        self.status = status
        self.detail = detail
        self.errors = errors
        self.headers = headers or {}
        self.extra = extra


def problem(
    status: int,
    detail: str,
    *,
    errors: list[dict[str, Any]] | None = None,
    headers: dict[str, str] | None = None,
    **extra: Any,
) -> HttpResponse:
    body: dict[str, Any] = {
        "type": f"urn:petajalan:problem:{SLUGS.get(status, 'error')}",
        "title": titles().get(status, _("Galat")),
        "status": status,
        "detail": detail,
    }
    if errors is not None:
        body["errors"] = errors
    body |= extra
    response = HttpResponse(
        json.dumps(body, cls=DjangoJSONEncoder, ensure_ascii=False), status=status, content_type=CONTENT_TYPE
    )
    for name, value in (headers or {}).items():
        response[name] = value
    return response


def from_exception(exc: ApiProblem) -> HttpResponse:
    return problem(exc.status, exc.detail, errors=exc.errors, headers=exc.headers, **exc.extra)
