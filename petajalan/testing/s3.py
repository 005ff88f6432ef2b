"""A real S3-compatible server for tests: moto's server mode, run as a separate process.

``s3_server`` (session) starts ``python -m moto.server`` on 127.0.0.1 and yields its endpoint URL.
``s3_evidence_storage`` (per test) makes a fresh bucket there and points ``storages["evidence"]`` at
it, through the same environment variables and builder that production uses; it yields the
``S3Storage`` (``storage.bucket`` is the boto3 bucket, for looking at the stored objects).

    def test_upload_lands_in_the_bucket(s3_evidence_storage):
        store_evidence(...)                     # code that calls evidence_storage()
        assert s3_evidence_storage.exists(key)
"""

from __future__ import annotations

import ctypes
import os
import signal
import socket
import subprocess
import sys
import time
import urllib.error
import urllib.request
import uuid
from collections.abc import Iterator
from typing import Any

import pytest

from petajalan.lib.storage_settings import evidence_storage_setting

S3_ACCESS_KEY_ID = "petajalan-test"
S3_SECRET_ACCESS_KEY = "petajalan-test-secret"
S3_REGION = "us-east-1"
START_TIMEOUT_SECONDS = 20.0


def _free_port() -> int:
    with socket.socket(socket.AF_INET, socket.SOCK_STREAM) as sock:
        sock.bind(("127.0.0.1", 0))
        return int(sock.getsockname()[1])


def _die_with_parent() -> None:
    # Linux: the server gets SIGTERM if pytest is killed outright, so no orphan keeps its port.
    if sys.platform == "linux":
        ctypes.CDLL(None).prctl(1, signal.SIGTERM)  # 1 = PR_SET_PDEATHSIG


def _answers(url: str) -> bool:
    # No proxy: a CI machine's HTTP(S)_PROXY must not capture requests to 127.0.0.1.
    opener = urllib.request.build_opener(urllib.request.ProxyHandler({}))
    try:
        with opener.open(url, timeout=1) as response:
            return bool(response.status == 200)
    except (urllib.error.URLError, OSError):
        return False


@pytest.fixture(scope="session")
def s3_server(tmp_path_factory: pytest.TempPathFactory) -> Iterator[str]:
    """Start moto's S3-compatible server as a child process; yield its endpoint URL."""
    port = _free_port()
    endpoint = f"http://127.0.0.1:{port}"
    log_path = tmp_path_factory.mktemp("s3-server") / "moto.log"
    started = time.monotonic()
    with log_path.open("wb") as log:
        process = subprocess.Popen(  # noqa: S603 (our own interpreter, fixed arguments)
            [sys.executable, "-m", "moto.server", "-H", "127.0.0.1", "-p", str(port)],
            stdout=log,
            stderr=subprocess.STDOUT,
            preexec_fn=_die_with_parent,
        )
    try:
        while not _answers(f"{endpoint}/moto-api/"):
            if process.poll() is not None:
                pytest.fail(f"the S3 test server exited ({process.returncode}): {log_path.read_text()}")
            if time.monotonic() - started > START_TIMEOUT_SECONDS:
                pytest.fail(f"the S3 test server did not answer in {START_TIMEOUT_SECONDS:.0f} s: {log_path}")
            time.sleep(0.05)
        yield endpoint
    finally:
        process.terminate()
        try:
            process.wait(timeout=5)
        except subprocess.TimeoutExpired:
            process.kill()
            process.wait(timeout=5)


@pytest.fixture
def s3_evidence_storage(s3_server: str, settings: Any, monkeypatch: pytest.MonkeyPatch) -> Iterator[Any]:
    """``storages["evidence"]`` as an S3 backend on a new, empty bucket of the test server."""
    import boto3
    from django.core.files.storage import storages

    # A CI machine's HTTP(S)_PROXY must not capture boto3's requests to 127.0.0.1.
    for name in ("NO_PROXY", "no_proxy"):
        monkeypatch.setenv(name, ",".join(filter(None, ["127.0.0.1", os.environ.get(name)])))
    bucket_name = f"evidence-{uuid.uuid4().hex[:16]}"
    client = boto3.client(
        "s3",
        endpoint_url=s3_server,
        region_name=S3_REGION,
        aws_access_key_id=S3_ACCESS_KEY_ID,
        aws_secret_access_key=S3_SECRET_ACCESS_KEY,
    )
    client.create_bucket(Bucket=bucket_name)
    for name, value in {
        "EVIDENCE_STORAGE": "s3",
        "S3_BUCKET": bucket_name,
        "S3_ENDPOINT_URL": s3_server,
        "S3_REGION": S3_REGION,
        "S3_ACCESS_KEY_ID": S3_ACCESS_KEY_ID,
        "S3_SECRET_ACCESS_KEY": S3_SECRET_ACCESS_KEY,
    }.items():
        monkeypatch.setenv(name, value)
        monkeypatch.delenv(f"{name}_FILE", raising=False)
    # Assigning STORAGES sends setting_changed, on which Django drops its cached backends (and
    # again when pytest-django restores the setting after the test).
    settings.STORAGES = {**settings.STORAGES, "evidence": evidence_storage_setting(settings.VAR_DIR)}
    yield storages["evidence"]
    for page in client.get_paginator("list_objects_v2").paginate(Bucket=bucket_name):
        for item in page.get("Contents", []):
            client.delete_object(Bucket=bucket_name, Key=item["Key"])
    client.delete_bucket(Bucket=bucket_name)
