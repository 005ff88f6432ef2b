"""The ``STORAGES["evidence"]`` entry, built from the environment.

Kept out of settings.py so that its parsing can be tested without reloading the settings module.
``EVIDENCE_STORAGE=filesystem`` (the default) keeps files under ``var/evidence``;
``EVIDENCE_STORAGE=s3`` puts them in a private bucket of any S3-compatible store (docs/deployment.md).
"""

from __future__ import annotations

from pathlib import Path
from typing import Any

from django.core.exceptions import ImproperlyConfigured

from petajalan.lib.env import env_str

FILESYSTEM_BACKEND = "django.core.files.storage.FileSystemStorage"
S3_BACKEND = "storages.backends.s3.S3Storage"
_ADDRESSING_STYLES = {"auto", "path", "virtual"}


def evidence_storage_setting(var_dir: Path) -> dict[str, Any]:
    """Return the ``STORAGES`` entry for evidence files; refuse an incomplete S3 configuration."""
    kind = env_str("EVIDENCE_STORAGE", "filesystem").strip().lower()
    if kind == "filesystem":
        return {
            "BACKEND": FILESYSTEM_BACKEND,
            "OPTIONS": {
                "location": Path(env_str("EVIDENCE_DIR", str(var_dir / "evidence"))),
                # No URL route serves this directory: downloads go through the permission-checked view.
                "base_url": None,
                "file_permissions_mode": 0o640,
                "directory_permissions_mode": 0o750,
            },
        }
    if kind != "s3":
        raise ImproperlyConfigured(f"EVIDENCE_STORAGE={kind!r} is not one of: filesystem, s3")

    bucket = env_str("S3_BUCKET", "").strip()
    if not bucket:
        raise ImproperlyConfigured("EVIDENCE_STORAGE=s3 needs S3_BUCKET (the bucket's name)")
    endpoint_url = env_str("S3_ENDPOINT_URL", "").strip() or None
    # MinIO, Ceph and moto on an address or a single host name need path-style requests
    # (https://host/bucket/key); AWS itself works with botocore's automatic choice.
    addressing_style = env_str("S3_ADDRESSING_STYLE", "path" if endpoint_url else "auto").strip().lower()
    if addressing_style not in _ADDRESSING_STYLES:
        raise ImproperlyConfigured(
            f"S3_ADDRESSING_STYLE={addressing_style!r} is not one of: {', '.join(sorted(_ADDRESSING_STYLES))}"
        )
    return {
        "BACKEND": S3_BACKEND,
        "OPTIONS": {
            "bucket_name": bucket,
            "endpoint_url": endpoint_url,
            "region_name": env_str("S3_REGION", "").strip() or None,
            # Unset keys fall back to boto3's own chain (instance role, ~/.aws, AWS_* variables).
            "access_key": env_str("S3_ACCESS_KEY_ID", "") or None,
            "secret_key": env_str("S3_SECRET_ACCESS_KEY", "") or None,
            "location": env_str("S3_PREFIX", "evidence").strip("/"),
            "addressing_style": addressing_style,
            "signature_version": "s3v4",
            # No canned ACL is sent, so every object stays private to the bucket owner (and the
            # request also works on buckets whose ACLs are disabled, the AWS default since 2023).
            "default_acl": None,
            "querystring_auth": True,
            "querystring_expire": 300,
            # Reading an object spills to a temporary file past 2 MB (django-storages keeps it all in
            # memory by default), so packets and downloads stay small in memory whatever the size.
            "max_memory_size": 2 * 1024 * 1024,
            # Keys are content hashes: an existing key is never replaced by other bytes.
            "file_overwrite": False,
        },
    }
