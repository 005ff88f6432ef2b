"""Deployment checks: production must not run with development defaults or weakened headers."""

from __future__ import annotations

from typing import Any

from django.conf import settings
from django.core.checks import Error, Tags, Warning, register


@register(Tags.security, deploy=False)
def check_production_secrets(app_configs: Any, **kwargs: Any) -> list[Any]:
    problems: list[Any] = []
    if not settings.PRODUCTION:
        return problems
    if settings.SECRET_KEY == settings.DEV_SECRET_KEY or len(settings.SECRET_KEY) < 50:
        problems.append(
            Error(
                "Production mode (PETAJALAN_ENV=production) with the development SECRET_KEY.",
                hint="Set SECRET_KEY (or SECRET_KEY_FILE) to 50+ random characters.",
                id="petajalan.E001",
            )
        )
    if settings.DEBUG:
        problems.append(Error("DEBUG is on in production mode.", id="petajalan.E002"))
    if not settings.ALLOWED_HOSTS:
        problems.append(Error("ALLOWED_HOSTS is empty in production mode.", id="petajalan.E003"))
    if settings.DATABASES["default"]["ENGINE"].endswith("sqlite3"):
        problems.append(
            Warning(
                "Production mode on SQLite: fine for one small server, not for several.",
                hint="Set DATABASE_URL=postgres://… (docs/deployment.md).",
                id="petajalan.W001",
            )
        )
    return problems


@register(Tags.security)
def check_evidence_storage(app_configs: Any, **kwargs: Any) -> list[Any]:
    """Evidence files need their storage, and in S3 mode a bucket whose objects stay private."""
    entry = settings.STORAGES.get("evidence")
    if entry is None:
        return [Error('STORAGES has no "evidence" entry.', id="petajalan.E004")]
    options = entry.get("OPTIONS", {})
    if entry["BACKEND"].startswith("storages.backends.s3"):
        if not options.get("bucket_name"):
            return [
                Error(
                    "Evidence storage is S3 without a bucket.",
                    hint="Set S3_BUCKET (docs/deployment.md).",
                    id="petajalan.E004",
                )
            ]
        if options.get("default_acl") not in (None, "private", "bucket-owner-full-control"):
            return [
                Error(
                    f"Evidence objects would be readable by others (default_acl={options['default_acl']!r}).",
                    hint="Evidence is served only through the permission-checked download view.",
                    id="petajalan.E005",
                )
            ]
    return []


# Headers and cookie flags with no environment variable: only an edit of settings.py changes them.
PRODUCTION_HEADERS = {
    "SESSION_COOKIE_HTTPONLY": True,
    "CSRF_COOKIE_HTTPONLY": True,
    "SECURE_CONTENT_TYPE_NOSNIFF": True,
    "SECURE_REFERRER_POLICY": "same-origin",
    "SECURE_CROSS_ORIGIN_OPENER_POLICY": "same-origin",
    "X_FRAME_OPTIONS": "DENY",
}
CSP_REQUIRED = {"object-src": "'none'", "base-uri": "'none'", "frame-ancestors": "'none'"}
CSP_MIDDLEWARE = "django.middleware.csp.ContentSecurityPolicyMiddleware"


@register(Tags.security, deploy=False)
def check_production_hardening(app_configs: Any, **kwargs: Any) -> list[Any]:
    """Production pages carry the security headers and the CSP, and go over HTTPS only."""
    if not settings.PRODUCTION:
        return []
    problems: list[Any] = []
    wrong = [name for name, value in PRODUCTION_HEADERS.items() if getattr(settings, name, None) != value]
    wrong += _csp_problems()
    if wrong:
        problems.append(
            Error(
                "Production mode with weakened security headers: " + "; ".join(wrong) + ".",
                hint="Restore them in petajalan/settings.py (docs/deployment.md, security headers).",
                id="petajalan.E006",
            )
        )
    # These have variables, for a deliberate reason (a test server on plain HTTP); say so loudly.
    plain = [name for name in ("SESSION_COOKIE_SECURE", "CSRF_COOKIE_SECURE") if not getattr(settings, name)]
    if not settings.SECURE_HSTS_SECONDS:
        plain.append("SECURE_HSTS_SECONDS")
    if plain:
        problems.append(
            Warning(
                "Production mode without HTTPS-only cookies or HSTS: " + ", ".join(plain) + " off.",
                hint="Unset SECURE_COOKIES and SECURE_HSTS_SECONDS (on by default in production).",
                id="petajalan.W002",
            )
        )
    return problems


def _csp_problems() -> list[str]:
    policy: dict[str, list[str]] = getattr(settings, "SECURE_CSP", None) or {}
    if not policy or CSP_MIDDLEWARE not in settings.MIDDLEWARE:
        return ["no Content-Security-Policy (SECURE_CSP and its middleware)"]
    problems = []
    for directive in ("script-src", "style-src"):
        sources = policy.get(directive) or policy.get("default-src") or []
        unsafe = [s for s in sources if s.startswith("'unsafe-") or s in {"*", "data:", "http:", "https:"}]
        if unsafe:
            problems.append(f"CSP {directive} allows {' '.join(unsafe)}")
    for directive, value in CSP_REQUIRED.items():
        if list(policy.get(directive) or []) != [value]:
            problems.append(f"CSP {directive} is not {value}")
    return problems
