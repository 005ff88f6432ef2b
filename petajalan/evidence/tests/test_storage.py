"""Evidence storage: the filesystem default, a real S3-compatible server, and the settings behind them."""

from __future__ import annotations

import hashlib
import urllib.error
import urllib.request
from pathlib import Path
from typing import Any
from urllib.parse import parse_qs, urlsplit

import pytest
from django.core.exceptions import ImproperlyConfigured
from django.core.files.base import ContentFile
from django.core.files.storage import FileSystemStorage
from django.urls import Resolver404, resolve
from storages.backends.s3 import S3Storage

from petajalan.checks import check_evidence_storage
from petajalan.evidence.storage import content_key, evidence_storage
from petajalan.lib.storage_settings import evidence_storage_setting

PDF = b"%PDF-1.7\n1 0 obj <<>> endobj\ntrailer <<>>\n%%EOF\n" + bytes(range(256)) * 40
DIGEST = hashlib.sha256(PDF).hexdigest()
S3_VARIABLES = [
    "EVIDENCE_STORAGE",
    "EVIDENCE_DIR",
    "S3_BUCKET",
    "S3_ENDPOINT_URL",
    "S3_REGION",
    "S3_ACCESS_KEY_ID",
    "S3_SECRET_ACCESS_KEY",
    "S3_PREFIX",
    "S3_ADDRESSING_STYLE",
]
NO_PROXY = urllib.request.build_opener(urllib.request.ProxyHandler({}))


@pytest.fixture
def clean_env(monkeypatch: pytest.MonkeyPatch) -> pytest.MonkeyPatch:
    for name in S3_VARIABLES:
        monkeypatch.delenv(name, raising=False)
        monkeypatch.delenv(f"{name}_FILE", raising=False)
    return monkeypatch


@pytest.fixture
def filesystem_storage(clean_env: pytest.MonkeyPatch, settings: Any, tmp_path: Path) -> Any:
    settings.STORAGES = {**settings.STORAGES, "evidence": evidence_storage_setting(tmp_path)}
    return evidence_storage()


def _round_trip(storage: Any) -> str:
    """Save, read back, measure and delete one file through the Django storage API; return its key."""
    key = content_key(DIGEST, "pdf")
    assert not storage.exists(key)
    saved = storage.save(key, ContentFile(PDF))
    assert saved == key
    assert storage.exists(key)
    assert storage.size(key) == len(PDF)
    with storage.open(key, "rb") as handle:
        assert handle.read() == PDF
    storage.delete(key)
    assert not storage.exists(key)
    return key


# content_key


def test_content_key_spreads_files_over_two_levels_of_the_digest() -> None:
    digest = "ab" + "cd" + "e" * 60
    assert content_key(digest, "pdf") == f"sha256/ab/cd/{digest}.pdf"


def test_content_key_normalises_case_and_leading_dot() -> None:
    assert content_key(DIGEST.upper(), ".PDF") == f"sha256/{DIGEST[:2]}/{DIGEST[2:4]}/{DIGEST}.pdf"
    assert content_key(DIGEST, "") == f"sha256/{DIGEST[:2]}/{DIGEST[2:4]}/{DIGEST}"


@pytest.mark.parametrize("digest", ["", "abc", "g" * 64, DIGEST + "0", "../" + DIGEST[3:]])
def test_content_key_refuses_what_is_not_a_sha256(digest: str) -> None:
    with pytest.raises(ValueError, match="SHA-256"):
        content_key(digest, "pdf")


@pytest.mark.parametrize("extension", ["p/df", "../pdf", "pdf\x00", "tar.gz", "a" * 11, "pdf\u202e"])
def test_content_key_refuses_an_extension_with_path_parts_or_odd_characters(extension: str) -> None:
    with pytest.raises(ValueError, match="extension"):
        content_key(DIGEST, extension)


# Filesystem (the default)


def test_default_is_the_filesystem_under_var(clean_env: pytest.MonkeyPatch, tmp_path: Path) -> None:
    entry = evidence_storage_setting(tmp_path)
    assert entry["BACKEND"] == "django.core.files.storage.FileSystemStorage"
    assert entry["OPTIONS"]["location"] == tmp_path / "evidence"


def test_filesystem_storage_saves_reads_and_deletes(filesystem_storage: Any, tmp_path: Path) -> None:
    assert isinstance(filesystem_storage, FileSystemStorage)
    key = _round_trip(filesystem_storage)
    assert key.startswith("sha256/")


def test_filesystem_file_is_stored_at_its_content_key_readable_by_the_owner_only(
    filesystem_storage: Any, tmp_path: Path
) -> None:
    key = filesystem_storage.save(content_key(DIGEST, "pdf"), ContentFile(PDF))
    path = tmp_path / "evidence" / "sha256" / DIGEST[:2] / DIGEST[2:4] / f"{DIGEST}.pdf"
    assert path.read_bytes() == PDF
    assert filesystem_storage.path(key) == str(path)
    assert path.stat().st_mode & 0o777 == 0o640
    assert path.parent.stat().st_mode & 0o777 == 0o750


def test_filesystem_url_is_not_served_by_any_route(filesystem_storage: Any) -> None:
    """The storage's URL must not reach a view: files leave only through the download view."""
    key = filesystem_storage.save(content_key(DIGEST, "pdf"), ContentFile(PDF))
    with pytest.raises(Resolver404):
        resolve(urlsplit(filesystem_storage.url(key)).path)


def test_saving_an_existing_key_never_replaces_the_stored_file(filesystem_storage: Any) -> None:
    key = content_key(DIGEST, "pdf")
    filesystem_storage.save(key, ContentFile(PDF))
    other = filesystem_storage.save(key, ContentFile(b"other bytes"))
    assert other != key
    with filesystem_storage.open(key, "rb") as handle:
        assert handle.read() == PDF


# S3-compatible server (moto's server mode, a separate process)


def test_s3_storage_saves_reads_and_deletes(s3_evidence_storage: Any) -> None:
    assert isinstance(s3_evidence_storage, S3Storage)
    assert evidence_storage() is s3_evidence_storage
    _round_trip(s3_evidence_storage)


def test_s3_object_sits_under_the_prefix_at_its_content_key(s3_evidence_storage: Any) -> None:
    key = s3_evidence_storage.save(content_key(DIGEST, "pdf"), ContentFile(PDF))
    stored = s3_evidence_storage.bucket.Object(f"evidence/{key}")
    assert stored.get()["Body"].read() == PDF
    assert [item.key for item in s3_evidence_storage.bucket.objects.all()] == [f"evidence/{key}"]


def test_s3_saving_an_existing_key_never_replaces_the_stored_object(s3_evidence_storage: Any) -> None:
    key = content_key(DIGEST, "pdf")
    s3_evidence_storage.save(key, ContentFile(PDF))
    other = s3_evidence_storage.save(key, ContentFile(b"other bytes"))
    assert other != key
    with s3_evidence_storage.open(key, "rb") as handle:
        assert handle.read() == PDF


def test_s3_object_is_not_readable_without_credentials(s3_server: str, s3_evidence_storage: Any) -> None:
    """A plain unauthenticated GET of the object is refused (403).

    moto's server does evaluate object ACLs for anonymous requests, so the control object written
    with ``public-read`` in the same bucket is served: the refusal is about our private object, not
    about moto refusing everything. (moto does not verify signatures, so the signed-URL check below
    only asserts the URL's shape.)
    """
    key = s3_evidence_storage.save(content_key(DIGEST, "pdf"), ContentFile(PDF))
    bucket = s3_evidence_storage.bucket_name
    with pytest.raises(urllib.error.HTTPError) as refused:
        NO_PROXY.open(f"{s3_server}/{bucket}/evidence/{key}", timeout=5)
    assert refused.value.code == 403

    s3_evidence_storage.bucket.put_object(Key="control/public.txt", Body=b"public", ACL="public-read")
    with NO_PROXY.open(f"{s3_server}/{bucket}/control/public.txt", timeout=5) as response:
        assert response.read() == b"public"

    grants = s3_evidence_storage.bucket.Object(f"evidence/{key}").Acl().grants
    assert [grant["Grantee"].get("URI") for grant in grants] == [None]  # the owner only


def test_s3_url_is_signed_and_short_lived(s3_evidence_storage: Any) -> None:
    key = s3_evidence_storage.save(content_key(DIGEST, "pdf"), ContentFile(PDF))
    query = parse_qs(urlsplit(s3_evidence_storage.url(key)).query)
    assert query["X-Amz-Algorithm"] == ["AWS4-HMAC-SHA256"]
    assert "X-Amz-Signature" in query
    assert int(query["X-Amz-Expires"][0]) <= 300
    assert s3_evidence_storage.default_acl is None


# Settings parsing and the system check


def test_s3_settings_come_from_the_environment(clean_env: pytest.MonkeyPatch, tmp_path: Path) -> None:
    clean_env.setenv("EVIDENCE_STORAGE", "S3")
    clean_env.setenv("S3_BUCKET", "rb-evidence")
    clean_env.setenv("S3_ENDPOINT_URL", "https://minio.internal:9000")
    clean_env.setenv("S3_REGION", "ap-southeast-3")
    clean_env.setenv("S3_ACCESS_KEY_ID", "key-id")
    secret = tmp_path / "secret"
    secret.write_text("from-a-file\n")
    clean_env.setenv("S3_SECRET_ACCESS_KEY_FILE", str(secret))
    entry = evidence_storage_setting(tmp_path)
    assert entry["BACKEND"] == "storages.backends.s3.S3Storage"
    assert entry["OPTIONS"] == {
        "bucket_name": "rb-evidence",
        "endpoint_url": "https://minio.internal:9000",
        "region_name": "ap-southeast-3",
        "access_key": "key-id",
        "secret_key": "from-a-file",
        "location": "evidence",
        "addressing_style": "path",
        "signature_version": "s3v4",
        "default_acl": None,
        "querystring_auth": True,
        "querystring_expire": 300,
        "max_memory_size": 2 * 1024 * 1024,
        "file_overwrite": False,
    }


def test_s3_on_aws_leaves_credentials_and_addressing_to_boto3(
    clean_env: pytest.MonkeyPatch, tmp_path: Path
) -> None:
    clean_env.setenv("EVIDENCE_STORAGE", "s3")
    clean_env.setenv("S3_BUCKET", "rb-evidence")
    clean_env.setenv("S3_PREFIX", "/kota-contoh/")
    options = evidence_storage_setting(tmp_path)["OPTIONS"]
    assert options["endpoint_url"] is None
    assert options["access_key"] is None and options["secret_key"] is None
    assert options["addressing_style"] == "auto"
    assert options["location"] == "kota-contoh"


@pytest.mark.parametrize("bucket", [None, "", "  "])
def test_s3_without_a_bucket_is_refused(
    clean_env: pytest.MonkeyPatch, tmp_path: Path, bucket: str | None
) -> None:
    clean_env.setenv("EVIDENCE_STORAGE", "s3")
    if bucket is not None:
        clean_env.setenv("S3_BUCKET", bucket)
    with pytest.raises(ImproperlyConfigured, match="S3_BUCKET"):
        evidence_storage_setting(tmp_path)


@pytest.mark.parametrize(
    ("name", "value"), [("EVIDENCE_STORAGE", "minio"), ("S3_ADDRESSING_STYLE", "subdomain")]
)
def test_unknown_storage_words_are_refused(
    clean_env: pytest.MonkeyPatch, tmp_path: Path, name: str, value: str
) -> None:
    clean_env.setenv("EVIDENCE_STORAGE", "s3")
    clean_env.setenv("S3_BUCKET", "rb-evidence")
    clean_env.setenv(name, value)
    with pytest.raises(ImproperlyConfigured, match=name):
        evidence_storage_setting(tmp_path)


def test_check_passes_on_the_default() -> None:
    assert check_evidence_storage(None) == []


def test_check_passes_on_s3(s3_evidence_storage: Any) -> None:
    assert check_evidence_storage(None) == []


@pytest.mark.parametrize(
    ("options", "error"),
    [
        ({"bucket_name": ""}, "petajalan.E004"),
        ({"bucket_name": "b", "default_acl": "public-read"}, "petajalan.E005"),
    ],
)
def test_check_refuses_an_s3_storage_without_bucket_or_with_public_objects(
    settings: Any, options: dict[str, Any], error: str
) -> None:
    settings.STORAGES = {
        **settings.STORAGES,
        "evidence": {"BACKEND": "storages.backends.s3.S3Storage", "OPTIONS": options},
    }
    assert [problem.id for problem in check_evidence_storage(None)] == [error]


def test_check_refuses_settings_without_evidence_storage(settings: Any) -> None:
    settings.STORAGES = {name: entry for name, entry in settings.STORAGES.items() if name != "evidence"}
    assert [problem.id for problem in check_evidence_storage(None)] == ["petajalan.E004"]
