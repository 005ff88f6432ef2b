"""Deployment checks: production must not run with development defaults."""

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
