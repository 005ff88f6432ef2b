"""Where evidence files live: the ``"evidence"`` storage and its content-addressed keys.

Each distinct file is stored once, under a key made from its SHA-256, whichever backend is configured
(``STORAGES["evidence"]``, see petajalan/lib/storage_settings.py). Nothing here serves files: they
leave only through the permission-checked download view.
"""

from __future__ import annotations

import re

from django.core.files.storage import Storage, storages

_SHA256 = re.compile(r"[0-9a-f]{64}")
_EXTENSION = re.compile(r"[a-z0-9]{1,10}")


def evidence_storage() -> Storage:
    """The storage backend for evidence files (filesystem by default, S3-compatible in production)."""
    return storages["evidence"]


def content_key(sha256: str, extension: str) -> str:
    """The storage key of a file with this SHA-256: ``sha256/ab/cd/abcd…ef.pdf``.

    Two levels of two hex digits keep directories (and S3 listings) small. The extension is only a
    convenience for people browsing the bucket; the type is decided from the content elsewhere.
    Check ``evidence_storage().exists(key)`` before saving: with ``file_overwrite=False`` a second
    save of the same key would be given another name.
    """
    digest = sha256.lower()
    if not _SHA256.fullmatch(digest):
        raise ValueError(f"not a SHA-256 hex digest: {sha256!r}")
    suffix = extension.lower().removeprefix(".")
    if suffix and not _EXTENSION.fullmatch(suffix):
        raise ValueError(f"not a plain file extension: {extension!r}")
    name = f"{digest}.{suffix}" if suffix else digest
    return f"sha256/{digest[:2]}/{digest[2:4]}/{name}"
