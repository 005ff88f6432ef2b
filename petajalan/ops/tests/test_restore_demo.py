"""The demo, backed up and restored end to end by the real commands, in child processes.

The source is a real database (a SQLite file, or a PostgreSQL database made for the test) with the
demo loaded (thumbnails made) and a coaching material from before the evidence bank in MEDIA_ROOT;
``petajalan backup`` writes it out, ``petajalan restore`` loads it into a fresh database and fresh
storage, and every table (every row, by primary key) and every stored file must come back equal.
Slow but part of the suite (about 20 s of CPU, most of it migrate and the demo; 35-50 s on a busy
2-core machine); each engine's variant runs in the suite run on that engine, as CI runs both.
"""

from __future__ import annotations

import os
import sqlite3
import subprocess
import sys
import time
import zipfile
from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import pytest
from django.apps import apps
from django.conf import settings

ROOT = Path(__file__).resolve().parents[3]
CURRENT = "sqlite" if settings.DATABASES["default"]["ENGINE"].endswith("sqlite3") else "postgresql"
# Settings the child processes must not inherit from the test run or the machine.
CLEARED = ("DATABASE_URL", "EVIDENCE_STORAGE", "EVIDENCE_DIR", "MEDIA_ROOT", "STATIC_ROOT", "PETAJALAN_ENV")
BUILD = """
from django.core.files.base import ContentFile
from django.core.files.storage import default_storage
from django.core.management import call_command
from petajalan.clinic.models import Material

call_command("migrate", verbosity=0)
call_command("load_frameworks", verbosity=0)
call_command("load_demo", "--quiet-logins")
# a coaching material uploaded before the evidence bank: its file stays in MEDIA_ROOT (a FileField)
first = Material.objects.order_by("pk").first()
name = default_storage.save("clinic/materials/2024/materi-lama.pdf", ContentFile(b"%PDF-1.4 materi lama"))
Material.objects.create(government=first.government, session=first.session, title="Materi lama", file=name)
"""


@dataclass
class Site:
    """One installation: a database and a var/ folder (evidence, media), driven by ``petajalan``."""

    var_dir: Path
    database_url: str

    def run(self, *args: str) -> subprocess.CompletedProcess[str]:
        environment = {
            name: value
            for name, value in os.environ.items()
            if not name.startswith(("S3_", *CLEARED)) and name.removesuffix("_FILE") not in CLEARED
        }
        environment |= {
            "DJANGO_SETTINGS_MODULE": "petajalan.settings",
            "PETAJALAN_VAR_DIR": str(self.var_dir),
            "DATABASE_URL": self.database_url,
            "TASK_BACKEND": "immediate",  # thumbnails are made right after each commit
        }
        return subprocess.run(  # noqa: S603 (our own command)
            [_petajalan(), *args], cwd=ROOT, env=environment, capture_output=True, text=True, check=False
        )

    def files(self) -> dict[str, bytes]:
        """Every stored file (evidence and media) by its path under var/."""
        found = {}
        for folder in ("evidence", "media"):
            for path in sorted((self.var_dir / folder).rglob("*")):
                if path.is_file():
                    found[str(path.relative_to(self.var_dir))] = path.read_bytes()
        return found

    def tables(self) -> dict[str, list[tuple[Any, ...]]]:
        """Every table's rows as values: model tables ordered by primary key, the others by every column."""
        order_by = {
            model._meta.db_table: model._meta.pk.column
            for model in apps.get_models(include_auto_created=True)
            if model._meta.pk is not None
        }
        with _connect(self.database_url) as db:
            contents = {}
            for table in _table_names(db, self.database_url):
                cursor = db.execute(f'SELECT * FROM "{table}" WHERE 1 = 0')  # noqa: S608 (introspected)
                width = len(cursor.description)
                order = (
                    f'"{order_by[table]}"' if table in order_by else ", ".join(map(str, range(1, width + 1)))
                )
                contents[table] = db.execute(f'SELECT * FROM "{table}" ORDER BY {order}').fetchall()  # noqa: S608
            if self.database_url.startswith("postgres"):
                # the next id of every table comes back too
                contents["(sequences)"] = db.execute(
                    "SELECT sequencename, last_value FROM pg_sequences ORDER BY 1"
                ).fetchall()
            return contents


def _petajalan() -> str:
    command = Path(sys.executable).with_name("petajalan")
    return str(command if command.exists() else ROOT / ".venv" / "bin" / "petajalan")


def _connect(url: str) -> Any:
    if url.startswith("sqlite:///"):
        return _SQLite(url.removeprefix("sqlite:///"))
    import psycopg

    return psycopg.connect(url)


class _SQLite:
    """sqlite3 as a context manager that closes (sqlite3's own only commits)."""

    def __init__(self, path: str) -> None:
        self._db = sqlite3.connect(path)

    def __enter__(self) -> sqlite3.Connection:
        return self._db

    def __exit__(self, *exc: object) -> None:
        self._db.close()


def _table_names(db: Any, url: str) -> list[str]:
    if url.startswith("sqlite"):
        query = "SELECT name FROM sqlite_master WHERE type = 'table' ORDER BY name"  # sqlite_sequence too
    else:
        query = "SELECT tablename FROM pg_tables WHERE schemaname = 'public' ORDER BY 1"
    return [row[0] for row in db.execute(query).fetchall()]


class Databases:
    """Fresh databases for one engine: SQLite files, or PostgreSQL databases made and dropped here."""

    def __init__(self, engine: str, folder: Path) -> None:
        self.engine = engine
        self.folder = folder
        self.server = os.environ.get("DATABASE_URL", "").rsplit("/", 1)
        self.made: list[str] = []

    def fresh(self, role: str) -> str:
        """A new, empty database (no tables at all), as a DATABASE_URL."""
        if self.engine == "sqlite":
            self.made.append(f"{role}-{len(self.made)}.sqlite3")
            return f"sqlite:///{self.folder / self.made[-1]}"
        # named after the database the suite was given, so two suites on one server do not collide
        name = f"{self.server[1].split('?')[0]}_{role}"
        self._admin(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)', f'CREATE DATABASE "{name}"')
        self.made.append(name)
        return f"{self.server[0]}/{name}"

    def drop_all(self) -> None:
        if self.engine == "postgresql":
            self._admin(*(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)' for name in self.made))

    def _admin(self, *statements: str) -> None:
        import psycopg

        with psycopg.connect(f"{self.server[0]}/postgres", autocommit=True) as db:
            for statement in statements:
                db.execute(statement)  # type: ignore[arg-type]  # names made above, not input


@dataclass
class Source:
    site: Site
    backup: Path
    seconds: float
    databases: Databases


@pytest.fixture(scope="module", params=["sqlite", "postgresql"])
def source(request: pytest.FixtureRequest, tmp_path_factory: pytest.TempPathFactory) -> Iterator[Source]:
    """The demo on a real database, and its backup made by ``petajalan backup``."""
    if request.param != CURRENT:
        pytest.skip(f"runs in the suite run on {request.param}")
    folder = tmp_path_factory.mktemp(f"backup-{request.param}")
    databases = Databases(request.param, folder)
    try:
        site = Site(folder / "src", databases.fresh("src"))
        built = site.run("shell", "--no-imports", "-c", BUILD)
        assert built.returncode == 0, built.stderr
        backup = folder / "demo.zip"
        started = time.monotonic()
        made = site.run("backup", "-o", str(backup))
        seconds = time.monotonic() - started
        assert made.returncode == 0, made.stderr
        assert "Cadangan selesai:" in made.stdout
        yield Source(site, backup, seconds, databases)
    finally:
        databases.drop_all()


def _fresh_target(source: Source) -> Site:
    folder = Path(source.backup.parent) / f"dst-{len(source.databases.made)}-{time.monotonic_ns()}"
    return Site(folder, source.databases.fresh("dst"))


def test_the_demo_restores_identically_into_a_fresh_database_and_storage(source: Source) -> None:
    original_tables, original_files = source.site.tables(), source.site.files()
    # the demo reaches the tables and files worth comparing
    assert sum(1 for rows in original_tables.values() if rows) >= 30
    model_tables = {m._meta.db_table for m in apps.get_models(include_auto_created=True) if m._meta.managed}
    assert model_tables <= set(original_tables)
    assert any(name.startswith("evidence/sha256/") for name in original_files)
    assert any(name.startswith("evidence/thumbnails/") for name in original_files)
    assert original_files["media/clinic/materials/2024/materi-lama.pdf"] == b"%PDF-1.4 materi lama"

    target = _fresh_target(source)
    started = time.monotonic()
    restored = target.run("restore", str(source.backup))
    seconds = time.monotonic() - started
    assert restored.returncode == 0, restored.stderr
    assert "Semua bagian cocok dengan SHA-256 di manifes." in restored.stdout
    assert "jumlah baris setiap tabel cocok dengan manifes" in restored.stdout

    restored_tables = target.tables()
    assert set(restored_tables) == set(original_tables)
    for table, rows in original_tables.items():
        assert restored_tables[table] == rows, table
    assert target.files() == original_files
    print(  # the figures for the docs, shown with pytest -s
        f"\n{source.databases.engine}: backup {source.backup.stat().st_size / 1024:.0f} KiB in "
        f"{source.seconds:.1f} s, restore in {seconds:.1f} s (both with process start-up)"
    )


def test_a_damaged_backup_is_refused_and_nothing_is_written(source: Source) -> None:
    damaged = source.backup.with_name("rusak.zip")
    with zipfile.ZipFile(source.backup) as original, zipfile.ZipFile(damaged, "w") as copy:
        for info in original.infolist():
            content = original.read(info)
            if info.filename.startswith("evidence/sha256/") and b"%PDF" in content[:8]:
                content = content.replace(b"%PDF", b"%PDX", 1)
            copy.writestr(info, content)
    target = _fresh_target(source)
    refused = target.run("restore", str(damaged))
    assert refused.returncode == 1
    assert "Cadangan rusak: bagian evidence/sha256/" in refused.stderr
    assert "tidak cocok dengan SHA-256 di manifes" in refused.stderr
    assert target.files() == {}
    assert [t for t, rows in target.tables().items() if rows] == []


def test_a_target_that_is_not_empty_is_refused_unless_forced(source: Source) -> None:
    target = _fresh_target(source)
    assert target.run("restore", str(source.backup)).returncode == 0
    # someone works in the restored site: a row changes and a new file arrives
    with _connect(target.database_url) as db:
        db.execute("UPDATE accounts_government SET name = 'Kota Diubah'")
        db.commit()
    extra = target.var_dir / "evidence" / "sha256" / "ee" / "ee" / "eeee.pdf"
    extra.parent.mkdir(parents=True)
    extra.write_bytes(b"%PDF baru")
    changed_tables, changed_files = target.tables(), target.files()

    refused = target.run("restore", str(source.backup))
    assert refused.returncode == 1
    assert "Tujuan pemulihan tidak kosong" in refused.stderr
    assert "--force" in refused.stderr
    assert (target.tables(), target.files()) == (changed_tables, changed_files)

    forced = target.run("restore", "--force", str(source.backup))
    assert forced.returncode == 0, forced.stderr
    assert "--force: isi yang ada diganti" in forced.stdout
    assert target.tables() == source.site.tables()
    assert target.files() == source.site.files()  # the new file is gone: the storage is the backup's
