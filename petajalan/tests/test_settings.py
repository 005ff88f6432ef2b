"""Settings from the environment and the production checks (run in a fresh interpreter)."""

from __future__ import annotations

import os
import subprocess
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parents[2]


def _petajalan(*args: str, **env: str) -> subprocess.CompletedProcess[str]:
    clean = {
        k: v
        for k, v in os.environ.items()
        if k not in {"DATABASE_URL", "SECRET_KEY", "DEBUG", "DJANGO_ALLOW_ASYNC_UNSAFE"}
    }
    clean.update(env)
    return subprocess.run(  # noqa: S603 - our own interpreter and fixed arguments
        [sys.executable, "-m", "petajalan", *args],
        cwd=ROOT,
        env=clean,
        capture_output=True,
        text=True,
        timeout=120,
        check=False,
    )


PRODUCTION = {
    "PETAJALAN_ENV": "production",
    "ALLOWED_HOSTS": "rb.tanjungbalaikota.go.id",
    "DATABASE_URL": "postgres://postgres@127.0.0.1:5432/postgres",
}


def test_production_mode_refuses_the_development_secret():
    result = _petajalan("check", **PRODUCTION)
    assert result.returncode != 0
    assert "petajalan.E001" in result.stderr


def test_check_deploy_passes_with_a_production_environment(tmp_path):
    secret = tmp_path / "secret"
    secret.write_text("k" * 20 + "-8f2c9e1b7a6d5c4b3a29181706f5e4d3c2b1a0\n")
    result = _petajalan("check", "--deploy", SECRET_KEY_FILE=str(secret), **PRODUCTION)
    assert result.returncode == 0, result.stdout + result.stderr
    # only the HSTS preload advice may remain: preloading is the government's own decision
    warnings = [line for line in result.stderr.splitlines() if line.startswith("?:") or ": (" in line]
    assert all("security.W021" in line for line in warnings), warnings


def test_a_malformed_boolean_stops_start_up():
    result = _petajalan("check", DEBUG="ture")
    assert result.returncode != 0
    assert "not a boolean" in result.stderr


def test_sqlite_runs_in_wal_mode_with_a_busy_timeout(db):
    from django.db import connection

    if connection.vendor != "sqlite":
        return
    with connection.cursor() as cursor:
        cursor.execute("PRAGMA journal_mode")
        mode = cursor.fetchone()[0]
    # the in-memory test database cannot use WAL; the setting itself is what we check here
    assert mode in {"wal", "memory"}
    assert "journal_mode=WAL" in connection.settings_dict["OPTIONS"]["init_command"]
    assert connection.settings_dict["OPTIONS"]["timeout"] >= 5
