"""Project-level pages: the landing redirect, health check and friendly error pages (400-500)."""

from __future__ import annotations

from django.conf import settings
from django.contrib.auth.decorators import login_required
from django.core.exceptions import RequestDataTooBig, TooManyFieldsSent, TooManyFilesSent
from django.db import connection
from django.http import HttpRequest, HttpResponse, JsonResponse
from django.shortcuts import redirect, render
from django.templatetags.static import static
from django.views.decorators.http import require_GET

from petajalan.accounts.models import Government
from petajalan.lib.formatting import angka


@login_required
def home(request: HttpRequest) -> HttpResponse:
    """One government: straight to its home page; several: let the person choose."""
    governments = list(Government.objects.visible_to(request.user))
    if len(governments) == 1:
        return redirect("accounts:government-home", gov=governments[0].slug)
    return render(request, "home.html", {"governments": governments})


@require_GET
def healthz(request: HttpRequest) -> JsonResponse:
    with connection.cursor() as cursor:
        cursor.execute("SELECT 1")
    return JsonResponse({"status": "ok"})


@require_GET
def favicon(request: HttpRequest) -> HttpResponse:
    """Browsers ask for /favicon.ico when they show a file (a PDF, an SVG chart) rather than a page
    that names its icon: the site's logo instead of a 404 in every such view's log."""
    return redirect(static("petajalan/logo.svg"), permanent=True)


def bad_request(request: HttpRequest, exception: Exception | None = None) -> HttpResponse:
    """A request Django refused to parse: too large (413), too many fields or files, or malformed."""
    if isinstance(exception, RequestDataTooBig):
        context = {
            "evidence_limit": _megabytes(settings.EVIDENCE_MAX_BYTES),
            "import_limit": _megabytes(settings.IMPORT_MAX_BYTES),
        }
        return render(request, "errors/413.html", context, status=413)
    too_many = isinstance(exception, TooManyFieldsSent | TooManyFilesSent)
    return render(request, "errors/400.html", {"too_many": too_many}, status=400)


def _megabytes(size: int) -> str:
    return f"{angka(size / (1024 * 1024), 0 if size % (1024 * 1024) == 0 else 1)} MB"


def permission_denied(request: HttpRequest, exception: Exception | None = None) -> HttpResponse:
    message = str(exception) if exception and str(exception) else ""
    return render(request, "errors/403.html", {"message": message}, status=403)


def page_not_found(request: HttpRequest, exception: Exception | None = None) -> HttpResponse:
    return render(request, "errors/404.html", status=404)


def server_error(request: HttpRequest) -> HttpResponse:
    return render(request, "errors/500.html", status=500)
