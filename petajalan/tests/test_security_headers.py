"""Security headers on every page, the Content Security Policy, and production's HTTPS-only settings."""

from __future__ import annotations

import re
from typing import Any

from django.core.checks import Error, Warning
from django.http import HttpRequest, HttpResponse
from django.middleware.csp import ContentSecurityPolicyMiddleware
from django.test import Client, RequestFactory

from petajalan.checks import check_production_hardening
from petajalan.testing.factories import PASSWORD
from petajalan.testing.fixtures import client_for

EXPECTED_POLICY = {
    "default-src": ["'self'"],
    "script-src": ["'self'"],
    "style-src": ["'self'"],
    "img-src": ["'self'", "data:"],
    "object-src": ["'none'"],
    "base-uri": ["'none'"],
    "frame-ancestors": ["'none'"],
    "form-action": ["'self'"],
}


def _policy(header: str) -> dict[str, list[str]]:
    directives = [part.split() for part in header.split(";") if part.strip()]
    return {name: values for name, *values in directives}


def _assert_security_headers(response: Any) -> None:
    policy = _policy(response["Content-Security-Policy"])
    assert policy == EXPECTED_POLICY
    assert "'unsafe-inline'" not in policy["script-src"] and "'unsafe-eval'" not in policy["script-src"]
    assert response["X-Content-Type-Options"] == "nosniff"
    assert response["Referrer-Policy"] == "same-origin"
    assert response["X-Frame-Options"] == "DENY"
    assert response["Cross-Origin-Opener-Policy"] == "same-origin"


def test_the_login_page_carries_the_csp_and_the_security_headers(db):
    response = Client().get("/akun/masuk/")
    assert response.status_code == 200
    _assert_security_headers(response)


def test_a_tenant_page_of_a_signed_in_person_carries_them_too(gov, admin):
    response = client_for(admin).get(f"/g/{gov.slug}/")
    assert response.status_code == 200
    _assert_security_headers(response)


def test_error_pages_carry_them_too(gov, admin, outsider):
    response = client_for(outsider).get(f"/g/{gov.slug}/")
    assert response.status_code == 404
    _assert_security_headers(response)


def test_the_csp_leaves_a_policy_a_view_set_itself():
    """The evidence bank's downloads send ``default-src 'none'; sandbox``; the middleware keeps it."""
    own = "default-src 'none'; sandbox"

    def download(request: HttpRequest) -> HttpResponse:
        response = HttpResponse(b"%PDF-1.7", content_type="application/pdf")
        response["Content-Security-Policy"] = own
        return response

    response = ContentSecurityPolicyMiddleware(download)(RequestFactory().get("/berkas"))
    assert isinstance(response, HttpResponse) and response["Content-Security-Policy"] == own


def test_pages_link_their_scripts_and_styles_instead_of_inlining_them(gov, admin):
    html = client_for(admin).get(f"/g/{gov.slug}/").content.decode()
    assert '<script src="/static/petajalan/app.js" defer></script>' in html
    assert "onchange=" not in html and "<style" not in html and " style=" not in html
    assert "data-autosubmit" in html  # the language switch, sent by app.js


def test_production_settings_send_hsts_and_secure_httponly_cookies(settings, admin):
    """With production's values (they are on by default when PETAJALAN_ENV=production)."""
    settings.SECURE_SSL_REDIRECT = True
    settings.SECURE_HSTS_SECONDS = 31536000
    settings.SECURE_HSTS_INCLUDE_SUBDOMAINS = True
    settings.SESSION_COOKIE_SECURE = True
    settings.CSRF_COOKIE_SECURE = True
    client = Client()

    plain = client.get("/akun/masuk/")
    assert plain.status_code == 301 and plain["Location"].startswith("https://")

    page = client.get("/akun/masuk/", secure=True)
    assert page["Strict-Transport-Security"] == "max-age=31536000; includeSubDomains"
    _assert_security_headers(page)
    csrf = page.cookies["csrftoken"]
    assert csrf["secure"] and csrf["httponly"]

    login = client.post("/akun/masuk/", {"identifier": admin.email, "password": PASSWORD}, secure=True)
    assert login.status_code == 302
    session = login.cookies["sessionid"]
    assert session["secure"] and session["httponly"] and session["samesite"] == "Lax"


def test_the_production_check_passes_with_the_project_s_settings(settings):
    settings.PRODUCTION = True
    settings.SESSION_COOKIE_SECURE = settings.CSRF_COOKIE_SECURE = True
    settings.SECURE_HSTS_SECONDS = 31536000
    assert check_production_hardening(None) == []


def test_the_production_check_names_weakened_headers_and_a_csp_with_inline_scripts(settings):
    settings.PRODUCTION = True
    settings.SESSION_COOKIE_SECURE = settings.CSRF_COOKIE_SECURE = True
    settings.SECURE_HSTS_SECONDS = 31536000
    settings.CSRF_COOKIE_HTTPONLY = False
    settings.SECURE_REFERRER_POLICY = "origin"
    settings.SECURE_CSP = {**settings.SECURE_CSP, "script-src": ["'self'", "'unsafe-inline'"]}
    [problem] = check_production_hardening(None)
    assert isinstance(problem, Error) and problem.id == "petajalan.E006"
    for name in ("CSRF_COOKIE_HTTPONLY", "SECURE_REFERRER_POLICY", "script-src allows 'unsafe-inline'"):
        assert name in problem.msg


def test_the_production_check_refuses_a_site_without_a_csp(settings):
    settings.PRODUCTION = True
    settings.SESSION_COOKIE_SECURE = settings.CSRF_COOKIE_SECURE = True
    settings.SECURE_HSTS_SECONDS = 31536000
    settings.MIDDLEWARE = [
        m for m in settings.MIDDLEWARE if not m.endswith("ContentSecurityPolicyMiddleware")
    ]
    [problem] = check_production_hardening(None)
    assert problem.id == "petajalan.E006" and "no Content-Security-Policy" in problem.msg


def test_the_production_check_warns_when_cookies_or_hsts_are_switched_off(settings):
    settings.PRODUCTION = True
    settings.SESSION_COOKIE_SECURE = settings.CSRF_COOKIE_SECURE = False
    settings.SECURE_HSTS_SECONDS = 0
    [problem] = check_production_hardening(None)
    assert isinstance(problem, Warning) and problem.id == "petajalan.W002"
    assert "SESSION_COOKIE_SECURE, CSRF_COOKIE_SECURE, SECURE_HSTS_SECONDS" in problem.msg


def test_development_is_not_held_to_production_s_transport(settings):
    settings.PRODUCTION = False
    settings.SESSION_COOKIE_SECURE = False
    assert check_production_hardening(None) == []


def test_htmx_takes_the_csrf_token_from_the_page_so_the_cookie_can_be_httponly(gov, admin):
    """base.html's hx-headers carry the token; no script reads the (HttpOnly) cookie."""
    client = Client(enforce_csrf_checks=True)
    client.force_login(admin)
    html = client.get(f"/g/{gov.slug}/").content.decode()
    token = re.search(r"hx-headers='\{\"X-CSRFToken\": \"([^\"]+)\"\}'", html)
    assert token is not None
    without = client.post("/bahasa/", {"language": "en", "next": "/"})
    with_header = client.post("/bahasa/", {"language": "en", "next": "/"}, headers={"X-CSRFToken": token[1]})
    assert (without.status_code, with_header.status_code) == (403, 302)
