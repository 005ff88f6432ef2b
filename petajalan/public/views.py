"""The public pages (no login), their downloads, the sitemap and robots.txt, and the admin's switch.

Public pages are rendered as for an anonymous visitor whoever asks (no user menu, no CSRF token, no
session read), so one rendering can be cached on the server and by any shared cache, and the site
base is kept: header, skip link, footer. Everything shown comes from ``queries``.
"""

from __future__ import annotations

import dataclasses
from typing import Any
from xml.sax.saxutils import escape

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.contrib.auth.models import AnonymousUser
from django.core.files.base import ContentFile
from django.core.files.storage import default_storage
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.template.loader import render_to_string
from django.urls import reverse
from django.utils.http import url_has_allowed_host_and_scheme
from django.utils.safestring import mark_safe
from django.utils.translation import gettext as _
from django.views.decorators.http import require_GET, require_http_methods, require_safe

from petajalan.accounts.models import Government, Membership
from petajalan.accounts.permissions import current_user, get_government, require_role
from petajalan.evaluations.models import Cycle, Phase
from petajalan.lib import charts
from petajalan.public import queries
from petajalan.public.forms import CyclesForm, SwitchForm
from petajalan.public.http import cached_answer
from petajalan.public.services import set_public_page, set_published_cycles
from petajalan.roadmaps.models import Roadmap

FORMATS = {"pdf": "application/pdf", "csv": "text/csv; charset=utf-8", "json": "application/json"}
PDF_FOLDER = "public/roadmaps"
PDF_RENDERING = "annex-v1"  # part of the stored file's name: change it when the rendering changes


def _anonymous_context(request: HttpRequest, **context: Any) -> dict[str, Any]:
    """The context of a public page: the same for everyone (what the cache may share)."""
    return {
        "user": AnonymousUser(),
        "csrf_token": "",
        "messages": (),
        "site_root": request.build_absolute_uri("/").rstrip("/"),
        "path": request.path,
        **context,
    }


def _page(request: HttpRequest, government: Government, template: str, build: Any) -> HttpResponse:
    def body() -> bytes:
        return render_to_string(template, _anonymous_context(request, **build())).encode()

    return cached_answer(request, government, body, content_type="text/html; charset=utf-8")


def _trend_chart(progress: list[dict[str, Any]], government: Government) -> str:
    thresholds = queries.thresholds_of(government)
    bars = [charts.Bar(p["short_label"], p["score"], p["colour"], p["colour_label"]) for p in progress[-8:]]
    if not bars:
        return ""
    # drawn by lib.charts, which escapes every label
    return mark_safe(
        charts.columns(
            bars,
            title=_("Capaian terverifikasi per triwulan"),
            thresholds=(thresholds.green_from, thresholds.amber_from),
        )
    )


@require_safe
def public_home(request: HttpRequest, slug: str) -> HttpResponse:
    """A government's public overview."""
    government = queries.published_government(slug)

    def build() -> dict[str, Any]:
        roadmaps = queries.public_roadmaps(government)
        progress = queries.public_progress(government)
        thresholds = queries.thresholds_of(government)
        return {
            "government": government,
            "city_roadmaps": [r for r in roadmaps if r["is_city"]],
            "unit_roadmaps": [r for r in roadmaps if not r["is_city"]],
            "progress": progress,
            "latest": progress[-1] if progress else None,
            "chart": _trend_chart(progress, government),
            "quick_wins": queries.public_quick_wins(government),
            "evaluations": queries.public_evaluations(government),
            "thresholds": thresholds,
        }

    return _page(request, government, "public/home.html", build)


@require_safe
def public_roadmap(request: HttpRequest, slug: str, roadmap: str) -> HttpResponse:
    """One enacted road map: its actions and targets per focus area and its verified progress."""
    government = queries.published_government(slug)
    queries.enacted_roadmap(government, roadmap)  # 404 before anything else for drafts and strangers

    def build() -> dict[str, Any]:
        data = queries.public_roadmap(government, roadmap)
        progress = queries.public_progress(government, roadmap)
        return {
            "government": government,
            "roadmap": data,
            "progress": progress,
            "chart": _trend_chart(progress, government),
            "thresholds": queries.thresholds_of(government),
        }

    return _page(request, government, "public/roadmap.html", build)


def _published_plain(roadmap: Roadmap) -> tuple[Any, str]:
    """The road map as enacted (its enactment snapshot when there is one) without any NIP, and
    the sha256 that names it."""
    from petajalan.roadmaps import plain as P
    from petajalan.roadmaps.services import to_plain

    sha = getattr(roadmap, "enactment_sha", None)
    snapshot = roadmap.snapshots.filter(sha256=sha).only("canonical_json").first() if sha else None
    plain = P.from_json(snapshot.canonical_json) if snapshot else to_plain(roadmap)
    sha = sha or P.sha256(plain)
    plain = dataclasses.replace(
        plain,
        signatory=dataclasses.replace(plain.signatory, nip=""),
        team=[dataclasses.replace(t, nip="") for t in plain.team],
        change_agents=[dataclasses.replace(c, nip="") for c in plain.change_agents],
    )
    return plain, sha


def _pdf(roadmap: Roadmap, government: Government) -> bytes:
    """The Perwal annex of the enacted road map, rendered once per snapshot and kept in the default
    storage (shared by every app server, surviving restarts)."""
    plain, sha = _published_plain(roadmap)
    name = f"{PDF_FOLDER}/{sha}-{PDF_RENDERING}.pdf"
    if default_storage.exists(name):
        with default_storage.open(name, "rb") as stored:
            return stored.read()
    from petajalan.reports.services import render

    options = {
        "product": "annex",
        "regulation_number": roadmap.enactment_number,
        "regulation_year": roadmap.enacted_on.year if roadmap.enacted_on else None,
    }
    content = render(plain, "pdf", government=government, options=options)
    if not default_storage.exists(name):
        default_storage.save(name, ContentFile(content))
    return content


@require_safe
def public_download(request: HttpRequest, slug: str, roadmap: str, fmt: str) -> HttpResponse:
    """The enacted road map as PDF (the Perwal annex), CSV or JSON (open data)."""
    if fmt not in FORMATS:
        raise Http404(_("Format tidak dikenal."))
    government = queries.published_government(slug)
    r = queries.enacted_roadmap(government, roadmap)
    who = r.unit.short_name if r.unit else government.slug
    filename = f"road-map-{who}-{r.start_year}.{fmt}".replace(" ", "-").lower()

    def build() -> bytes:
        if fmt == "pdf":
            return _pdf(r, government)
        from petajalan.reports.opendata import roadmap_csv, roadmap_json

        plain, _sha = _published_plain(r)
        return (roadmap_csv(plain) if fmt == "csv" else roadmap_json(plain)).encode("utf-8")

    # the PDF's bytes are kept in storage by snapshot; the small open-data files in the cache
    return cached_answer(
        request, government, build, content_type=FORMATS[fmt], filename=filename, use_cache=fmt != "pdf"
    )


@require_safe
def sitemap(request: HttpRequest) -> HttpResponse:
    """Every public government's overview and enacted road maps (two queries)."""
    governments = queries.public_governments()
    slugs = {g["slug"] for g in governments}
    roadmaps = (
        Roadmap.objects.filter(government__slug__in=slugs, status=Roadmap.Status.ENACTED)
        .order_by("government__slug", "unit__code")
        .values_list("government__slug", "uuid", "last_activity_at")
    )
    lines = [
        '<?xml version="1.0" encoding="UTF-8"?>',
        '<urlset xmlns="http://www.sitemaps.org/schemas/sitemap/0.9">',
    ]

    def url(path: str, when: Any) -> None:
        lastmod = f"<lastmod>{when.date().isoformat()}</lastmod>" if when else ""
        lines.append(f"<url><loc>{escape(request.build_absolute_uri(path))}</loc>{lastmod}</url>")

    for g in governments:
        url(reverse("public:home", args=[g["slug"]]), g["public_since"])
    for slug, key, when in roadmaps:
        url(reverse("public:roadmap", args=[slug, key]), when)
    lines.append("</urlset>")
    response = HttpResponse("\n".join(lines) + "\n", content_type="application/xml; charset=utf-8")
    response["Cache-Control"] = "public, max-age=3600"
    return response


@require_safe
def robots(request: HttpRequest) -> HttpResponse:
    """Crawlers may read the public pages only, and find them through the sitemap."""
    text = "\n".join(
        [
            "User-agent: *",
            "Allow: /publik/",
            "Disallow: /",
            f"Sitemap: {request.build_absolute_uri(reverse('public:sitemap'))}",
            "",
        ]
    )
    response = HttpResponse(text, content_type="text/plain; charset=utf-8")
    response["Cache-Control"] = "public, max-age=86400"
    return response


@require_GET
def language(request: HttpRequest, code: str) -> HttpResponse:
    """The language switch of the public pages: a link (no form, no CSRF token in a shared page)
    that sets the same cookie as the site's switcher and goes back."""
    from django.conf import settings

    if code not in dict(settings.LANGUAGES):
        raise Http404(_("Bahasa tidak dikenal."))
    target = request.GET.get("next") or "/"
    if not url_has_allowed_host_and_scheme(target, allowed_hosts={request.get_host()}, require_https=False):
        target = "/"
    response = redirect(target)
    response.set_cookie(
        settings.LANGUAGE_COOKIE_NAME,
        code,
        max_age=settings.LANGUAGE_COOKIE_AGE,
        samesite=settings.LANGUAGE_COOKIE_SAMESITE or "Lax",
        secure=settings.LANGUAGE_COOKIE_SECURE,
        httponly=settings.LANGUAGE_COOKIE_HTTPONLY,
    )
    return response


# The admin's settings page ---------------------------------------------------------------------


@login_required
@require_http_methods(["GET", "POST"])
def public_settings(request: HttpRequest, gov: str) -> HttpResponse:
    """Switch the public page on or off and choose the published evaluation cycles (admin only)."""
    government = get_government(request, gov)
    require_role(request, government, Membership.Role.ADMIN)
    user = current_user(request)
    cycles = list(Cycle.objects.filter(government=government).order_by("-year"))
    switch = SwitchForm(government=government)
    cycle_form = CyclesForm(cycles=cycles)
    status = 200
    if request.method == "POST":
        if request.POST.get("form") == "switch":
            switch = SwitchForm(request.POST, government=government)
            if switch.is_valid():
                enabled = switch.cleaned_data["enabled"]
                set_public_page(actor=user, government=government, enabled=enabled)
                messages.success(
                    request,
                    _("Halaman publik diaktifkan.") if enabled else _("Halaman publik dinonaktifkan."),
                )
                return redirect("public:settings", gov=government.slug)
        elif request.POST.get("form") == "cycles":
            cycle_form = CyclesForm(request.POST, cycles=cycles)
            if cycle_form.is_valid():
                changed = set_published_cycles(
                    actor=user, government=government, cycle_ids=cycle_form.cleaned_data["published"]
                )
                messages.success(
                    request,
                    _("Pilihan hasil evaluasi yang ditampilkan disimpan.")
                    if changed
                    else _("Tidak ada perubahan."),
                )
                return redirect("public:settings", gov=government.slug)
        status = 400
    roadmaps = queries.public_roadmaps(government)
    return render(
        request,
        "public/settings.html",
        {
            "government": government,
            "public_url": request.build_absolute_uri(reverse("public:home", args=[government.slug])),
            "switch": switch,
            "cycle_form": cycle_form,
            "cycles": cycles,
            "roadmaps": roadmaps,
            "not_public_roadmaps": Roadmap.objects.filter(government=government)
            .exclude(status=Roadmap.Status.ENACTED)
            .count(),
            "closed_phase": Phase.CLOSED,
        },
        status=status,
    )
