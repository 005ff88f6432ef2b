"""The database part of a backup: a consistent copy out, and back in, for SQLite and PostgreSQL.

SQLite: the online backup API copies every page in one step, under one read lock, while the site
goes on writing (WAL). PostgreSQL: ``pg_dump --format=custom`` of a snapshot exported by a
repeatable-read transaction, in which the rows per table and the file names are read too, so the
manifest describes exactly the copy. Tables are found by introspection, never listed by hand.
"""

from __future__ import annotations

import os
import sqlite3
import subprocess
from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from django.contrib.auth.models import Permission
from django.contrib.contenttypes.models import ContentType
from django.db import DatabaseError, connection, transaction
from django.db.migrations.recorder import MigrationRecorder

from petajalan.ops.archive import DATABASE_MEMBERS, BackupError

ENGINE_LABELS = {"sqlite": "SQLite", "postgresql": "PostgreSQL"}
# SQLite's own tables (sqlite_sequence, sqlite_stat1) travel with the copy but are not counted.
_SQLITE_TABLES = (
    "SELECT name FROM sqlite_master WHERE type = 'table' AND name NOT LIKE 'sqlite!_%' ESCAPE '!'"
)
Column = tuple[str, str]  # (table, column)


@dataclass
class Snapshot:
    """The database copy in a file, and what was read in the same snapshot."""

    path: Path
    engine: str
    server_version: str
    tables: dict[str, int]
    migrations: dict[str, str]
    values: dict[Column, list[str]]  # the distinct non-empty values of the columns asked for


def vendor() -> str:
    """The configured database's engine (``sqlite`` or ``postgresql``); others are refused."""
    if connection.vendor not in DATABASE_MEMBERS:
        raise BackupError(
            f"Basis data {connection.vendor} belum didukung oleh cadangan Petajalan (hanya SQLite dan "
            "PostgreSQL)."
        )
    return connection.vendor


def take_snapshot(workdir: Path, columns: Sequence[Column]) -> Snapshot:
    """Copy the configured database into ``workdir``; count rows and read ``columns`` in the same snapshot."""
    engine = vendor()
    path = workdir / DATABASE_MEMBERS[engine]
    try:
        if engine == "sqlite":
            return _sqlite_snapshot(path, columns)
        return _postgresql_snapshot(path, columns)
    except DatabaseError as exc:
        raise BackupError(f"Basis data tidak dapat dibaca: {exc}".strip()) from exc


def restore_copy(path: Path, engine: str) -> None:
    """Load a copy made by ``take_snapshot`` into the configured database, replacing what it holds."""
    if engine == "sqlite":
        _sqlite_restore(path)
    else:
        _postgresql_restore(path)


def count_rows() -> dict[str, int]:
    """Rows per table of the configured database."""
    with connection.cursor() as cursor:
        return _count(cursor, _table_names(cursor))


def filled_tables() -> list[str]:
    """Tables holding rows, leaving out those ``migrate`` fills by itself: an empty database has none."""
    own = {MigrationRecorder.Migration._meta.db_table, ContentType._meta.db_table, Permission._meta.db_table}
    try:
        with connection.cursor() as cursor:
            filled = []
            for table in _table_names(cursor):
                if table not in own:
                    cursor.execute(f"SELECT 1 FROM {_quote(table)} LIMIT 1")  # noqa: S608 (introspected name)
                    if cursor.fetchone() is not None:
                        filled.append(table)
            return filled
    except DatabaseError as exc:
        raise BackupError(f"Basis data tujuan tidak dapat dibuka: {exc}".strip()) from exc


def migration_state() -> tuple[int, int]:
    """(migrations of this code not applied yet, applied migrations this code does not know)."""
    from django.db.migrations.executor import MigrationExecutor

    executor = MigrationExecutor(connection)
    loader = executor.loader
    pending = executor.migration_plan(loader.graph.leaf_nodes())
    unknown = set(loader.applied_migrations or {}) - set(loader.disk_migrations)
    return len(pending), len(unknown)


# SQLite


def _sqlite_snapshot(path: Path, columns: Sequence[Column]) -> Snapshot:
    connection.ensure_connection()
    copy = sqlite3.connect(path)
    try:
        # One step (pages=-1) copies every page under one read lock: the copy is consistent even while
        # the site writes. Then the copy leaves WAL mode, so it is one self-contained file.
        connection.connection.backup(copy)
        copy.execute("PRAGMA journal_mode=DELETE")
        cursor = copy.cursor()
        tables = [row[0] for row in cursor.execute(_SQLITE_TABLES)]
        counts, migrations, values = _describe(cursor, tables, columns)
    except sqlite3.Error as exc:
        raise BackupError(f"Salinan basis data SQLite gagal: {exc}.") from exc
    finally:
        copy.close()
    return Snapshot(path, "sqlite", sqlite3.sqlite_version, counts, migrations, values)


def _sqlite_restore(path: Path) -> None:
    connection.ensure_connection()
    source = sqlite3.connect(path)
    try:
        # The backup API in reverse: the configured database (a file or the in-memory one) is replaced
        # page by page under its write lock; its WAL mode is kept.
        source.backup(connection.connection)
    except sqlite3.Error as exc:
        raise BackupError(
            f"Pemulihan basis data SQLite gagal: {exc}. Basis data tujuan tidak diubah."
        ) from exc
    finally:
        source.close()


# PostgreSQL


def _postgresql_snapshot(path: Path, columns: Sequence[Column]) -> Snapshot:
    with transaction.atomic(durable=True), connection.cursor() as cursor:
        cursor.execute("SET TRANSACTION ISOLATION LEVEL REPEATABLE READ, READ ONLY")
        cursor.execute("SELECT pg_export_snapshot()")
        (snapshot_id,) = cursor.fetchone()
        # pg_dump reads the snapshot this transaction sees; the counts below see the same one.
        _run_pg("pg_dump", "--format=custom", f"--snapshot={snapshot_id}", f"--file={path}")
        cursor.execute("SHOW server_version")
        (server_version,) = cursor.fetchone()
        counts, migrations, values = _describe(cursor, _table_names(cursor), columns)
    return Snapshot(path, "postgresql", str(server_version), counts, migrations, values)


def _postgresql_restore(path: Path) -> None:
    connection.close()  # hold no lock while pg_restore drops and recreates the tables
    # One transaction: a failed restore leaves the database as it was.
    _run_pg("pg_restore", "--clean", "--if-exists", "--no-owner", "--single-transaction", str(path))


def _run_pg(program: str, *options: str) -> None:
    args, env = _pg_command(program, connection.settings_dict)
    try:
        done = subprocess.run(  # noqa: S603 (PostgreSQL's own client, arguments from settings)
            [*args, *options], env=env, capture_output=True, text=True, check=False
        )
    except FileNotFoundError as exc:
        raise BackupError(
            f"Program {program} tidak ditemukan. Pasang klien PostgreSQL (Debian: apt-get install "
            "postgresql-client) dengan versi utama sama dengan server atau lebih baru."
        ) from exc
    if done.returncode != 0:
        raise BackupError(f"{program} gagal (kode {done.returncode}): {done.stderr.strip()}")


def _pg_command(program: str, settings_dict: dict[str, Any]) -> tuple[list[str], dict[str, str]]:
    """The client's arguments for the configured database; the password goes in PGPASSWORD, never argv."""
    from django.db.backends.postgresql.client import DatabaseClient

    # Django's own mapping of the settings to libpq variables (password, service, SSL files).
    _, extra_env = DatabaseClient.settings_to_cmd_args_env(settings_dict, [])
    options = settings_dict.get("OPTIONS") or {}
    args = [program]
    if settings_dict.get("HOST"):
        args += ["--host", str(settings_dict["HOST"])]
    if settings_dict.get("PORT"):
        args += ["--port", str(settings_dict["PORT"])]
    if settings_dict.get("USER"):
        args += ["--username", str(settings_dict["USER"])]
    name = settings_dict.get("NAME") or ("" if options.get("service") else "postgres")
    if name:
        args += ["--dbname", str(name)]
    return args, {**os.environ, "PGAPPNAME": "petajalan-backup", **(extra_env or {})}


# Both engines


def _quote(name: str) -> str:
    return '"' + name.replace('"', '""') + '"'


def _table_names(cursor: Any) -> list[str]:
    if connection.vendor == "sqlite":
        cursor.execute(_SQLITE_TABLES)
        return sorted(row[0] for row in cursor.fetchall())
    return sorted(connection.introspection.table_names(cursor))


def _count(cursor: Any, tables: Iterable[str]) -> dict[str, int]:
    counts = {}
    for table in sorted(tables):
        cursor.execute(f"SELECT COUNT(*) FROM {_quote(table)}")  # noqa: S608 (introspected name)
        counts[table] = int(cursor.fetchone()[0])
    return counts


def _describe(
    cursor: Any, tables: list[str], columns: Sequence[Column]
) -> tuple[dict[str, int], dict[str, str], dict[Column, list[str]]]:
    """Rows per table, the last migration of each app, and the values of ``columns`` (a DB-API cursor)."""
    counts = _count(cursor, tables)
    migrations: dict[str, str] = {}
    recorder_table = MigrationRecorder.Migration._meta.db_table
    if recorder_table in counts:
        cursor.execute(f"SELECT app, name FROM {_quote(recorder_table)}")  # noqa: S608 (Django's table)
        for app, name in cursor.fetchall():
            migrations[app] = max(name, migrations.get(app, ""))
    values: dict[Column, list[str]] = {}
    for table, column in columns:
        if table not in counts:
            continue  # an app whose migrations have not run in this database
        cursor.execute(f"SELECT * FROM {_quote(table)} WHERE 1 = 0")  # noqa: S608 (model's table)
        if column not in {description[0] for description in cursor.description}:
            continue
        cursor.execute(
            f"SELECT DISTINCT {_quote(column)} FROM {_quote(table)} "  # noqa: S608 (model's column)
            f"WHERE {_quote(column)} IS NOT NULL AND {_quote(column)} <> ''"
        )
        values[(table, column)] = sorted(str(row[0]) for row in cursor.fetchall())
    return counts, dict(sorted(migrations.items())), values
