"""Project middleware: the language (Indonesian first) and the request size limit.

Django's LocaleMiddleware also follows the browser's Accept-Language, which would show English to
anyone whose office PC runs an English Windows. Here only the language cookie set by the language
switcher can move a person away from ``LANGUAGE_CODE``.
"""

from __future__ import annotations

from collections.abc import Callable

from django.conf import settings
from django.core.exceptions import RequestDataTooBig
from django.http import HttpRequest, HttpResponseBase
from django.middleware.locale import LocaleMiddleware
from django.utils import translation


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
