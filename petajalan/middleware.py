"""Project middleware: the language (Indonesian first), the request size limit and text with NUL.

Django's LocaleMiddleware also follows the browser's Accept-Language, which would show English to
anyone whose office PC runs an English Windows. Here only the language cookie set by the language
switcher can move a person away from ``LANGUAGE_CODE``.
"""

from __future__ import annotations

from collections.abc import Callable

from django.conf import settings
from django.core.exceptions import BadRequest, RequestDataTooBig
from django.http import HttpRequest, HttpResponseBase
from django.middleware.locale import LocaleMiddleware
from django.utils import translation
from django.utils.translation import gettext as _


class IndonesianFirstLocaleMiddleware(LocaleMiddleware):
    def process_request(self, request: HttpRequest) -> None:
        chosen = request.COOKIES.get(settings.LANGUAGE_COOKIE_NAME)
        language = chosen if chosen in dict(settings.LANGUAGES) else settings.LANGUAGE_CODE
        translation.activate(language)
        request.LANGUAGE_CODE = translation.get_language()


class RequestSizeLimitMiddleware:
    """Refuse a request whose body is larger than ``REQUEST_MAX_BYTES`` before anything reads it.

    Django bounds form fields (``DATA_UPLOAD_MAX_MEMORY_SIZE``) but streams uploaded files to a
    temporary file whatever their size, and the CSRF check parses a multipart body before any view
    or login check runs. The reverse proxy's ``client_max_body_size`` is the first limit; this is
    the same limit where no proxy stands in front. The refusal is a 413 page (``views.bad_request``).
    """

    def __init__(self, get_response: Callable[[HttpRequest], HttpResponseBase]) -> None:
        self.get_response = get_response

    def __call__(self, request: HttpRequest) -> HttpResponseBase:
        try:
            length = int(request.META.get("CONTENT_LENGTH") or 0)
        except ValueError:
            length = 0  # Django reads no body with an unreadable length either
        if length > settings.REQUEST_MAX_BYTES:
            raise RequestDataTooBig(
                f"Request body of {length} bytes exceeds REQUEST_MAX_BYTES ({settings.REQUEST_MAX_BYTES})."
            )
        return self.get_response(request)


PREFIX = "/api/"


class RejectNulMiddleware:
    """Text holding a NUL character is refused before any view sees it.

    PostgreSQL cannot store or compare a string with U+0000 (psycopg raises on the query), so a filter,
    a path or a JSON field carrying one would end as a 500 there while SQLite answers. Forms refuse it
    through Django's ``ProhibitNullCharactersValidator``; this covers the rest: the path and the query
    string of every request (a 400 page) and, under ``/api/``, a JSON body too (a 422 problem). File
    uploads are bytes and may hold NULs. Found by schemathesis on PostgreSQL.
    """

    def __init__(self, get_response: Callable[[HttpRequest], HttpResponseBase]) -> None:
        self.get_response = get_response

    def __call__(self, request: HttpRequest) -> HttpResponseBase:
        if not request.path.startswith(PREFIX):
            if _in_address(request):
                raise BadRequest(_("Alamat halaman memuat karakter NUL (U+0000)."))
            return self.get_response(request)
        if _in_address(request) or _in_json(request):
            from petajalan.api.problems import problem

            return problem(
                422,
                _("Teks dalam permintaan memuat karakter NUL (U+0000), yang tidak dapat disimpan."),
                errors=[{"loc": ["request"], "msg": _("Hapus karakter NUL."), "type": "nul"}],
            )
        return self.get_response(request)


def _in_address(request: HttpRequest) -> bool:
    return "\x00" in request.path or any(
        "\x00" in key or any("\x00" in value for value in values) for key, values in request.GET.lists()
    )


def _in_json(request: HttpRequest) -> bool:
    if request.content_type != "application/json" or request.method not in {"POST", "PUT", "PATCH"}:
        return False
    body = request.body
    return b"\x00" in body or b"\\u0000" in body


class ApiProblemsMiddleware:
    """Under ``/api/``, every error leaves as ``application/problem+json``, also those answered
    outside the API's own handlers: a path matching no operation (the site's 404 page), a method
    the path does not have (django-ninja's plain 405), a body over ``REQUEST_MAX_BYTES`` (the 413
    page of ``RequestSizeLimitMiddleware``, which this wraps)."""

    def __init__(self, get_response: Callable[[HttpRequest], HttpResponseBase]) -> None:
        self.get_response = get_response

    def __call__(self, request: HttpRequest) -> HttpResponseBase:
        response = self.get_response(request)
        if (
            not request.path.startswith(PREFIX)
            or response.status_code < 400
            or response.get("Content-Type", "").startswith("application/problem+json")
        ):
            return response
        from petajalan.api.problems import problem

        allowed = response.get("Allow", "")
        details = {
            400: _("Permintaan tidak dapat dibaca."),
            404: _("Alamat API ini tidak dikenal; daftar alamat ada di /api/v1/docs."),
            405: _("Metode %(method)s tidak tersedia di alamat ini; yang tersedia: %(allowed)s.")
            % {"method": request.method, "allowed": allowed},
            413: _("Permintaan lebih besar dari batas server (%(mb)s MB).")
            % {"mb": settings.REQUEST_MAX_BYTES // (1024 * 1024)},
        }
        answer = problem(
            response.status_code, details.get(response.status_code, _("Permintaan tidak dapat dipenuhi."))
        )
        if allowed:
            answer["Allow"] = allowed
        return answer
