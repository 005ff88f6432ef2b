"""Make a backup of the whole installation, and restore one into an empty installation.

``create_backup`` writes one ZIP (``archive.py``): a consistent copy of the database
(``databases.py``), every object of the evidence storage, the FileField files of the default storage
(MEDIA_ROOT), and the manifest. ``restore_backup`` checks every SHA-256 before it changes anything,
refuses a database or storage that is not empty unless forced, and checks the rows per table after.
Both walk tables, models and storages generically: an app added later is backed up without a change here.
"""

from __future__ import annotations

import datetime as dt
import os
import tempfile
import time
from collections.abc import Callable, Iterator
from importlib.metadata import PackageNotFoundError, version
from pathlib import Path
from typing import IO

from django.apps import apps
from django.core.files import File
from django.core.files.storage import Storage, default_storage
from django.db import models
from django.utils import timezone

from petajalan.evidence.bulk import size_label
from petajalan.evidence.models import Blob
from petajalan.evidence.storage import evidence_storage
from petajalan.lib.formatting import angka, tanggal
from petajalan.ops import databases
from petajalan.ops.archive import (
    ArchiveWriter,
    BackupArchive,
    BackupError,
    Manifest,
    Part,
    PartKind,
    open_backup,
    safe_key,
)
from petajalan.ops.databases import ENGINE_LABELS, Column

Say = Callable[[str], None]
# The evidence bank's columns naming stored files: each must be in the backup (thumbnails too).
BLOB_KEY_FIELDS = ("storage_key", "thumbnail_key")


def create_backup(output: Path, *, say: Say) -> Manifest:
    """Write a backup to ``output``: first to a private temporary file beside it, renamed when complete."""
    started = time.monotonic()
    created = timezone.now()
    if output.is_dir():
        raise BackupError(
            f"{output} adalah folder; sebutkan nama berkas cadangan, mis. {output}/petajalan.zip."
        )
    if not output.parent.is_dir():
        raise BackupError(f"Folder {output.parent} tidak ada.")
    media_columns = file_columns()
    evidence_columns = [
        (Blob._meta.db_table, str(field.column))
        for field in Blob._meta.concrete_fields
        if field.name in BLOB_KEY_FIELDS
    ]
    # mkstemp: readable by the owner only; the backup holds every row, password hashes included.
    handle, temporary = tempfile.mkstemp(dir=output.parent, prefix=f".{output.name}.", suffix=".part")
    try:
        with os.fdopen(handle, "wb") as target:
            writer = ArchiveWriter(target, timezone.localtime(created).timetuple()[:6])
            try:
                manifest = _write_parts(writer, media_columns, evidence_columns, created, output.parent, say)
                writer.finish(manifest)
            finally:
                writer.close()
        os.replace(temporary, output)
    except BaseException:
        Path(temporary).unlink(missing_ok=True)
        raise
    say(
        f"Cadangan selesai: {output} ({size_label(output.stat().st_size)}, {len(manifest.parts)} bagian) "
        f"dalam {angka(time.monotonic() - started, 1)} detik."
    )
    return manifest


def _write_parts(
    writer: ArchiveWriter,
    media_columns: list[Column],
    evidence_columns: list[Column],
    created: dt.datetime,
    workdir: Path,
    say: Say,
) -> Manifest:
    with tempfile.TemporaryDirectory(dir=workdir, prefix=".petajalan-backup-") as work:
        snapshot = databases.take_snapshot(Path(work), [*media_columns, *evidence_columns])
        with snapshot.path.open("rb") as copy:
            # A SQLite file shrinks several times when deflated; a custom-format dump is compressed already.
            compress = snapshot.engine == "sqlite"
            database = writer.add(snapshot.path.name, PartKind.DATABASE, copy, compress=compress)
    say(
        f"Basis data {ENGINE_LABELS[snapshot.engine]} {snapshot.server_version}: salinan konsisten "
        f"{size_label(database.size)}, {angka(len(snapshot.tables))} tabel, "
        f"{angka(sum(snapshot.tables.values()))} baris."
    )
    missing: list[str] = []

    evidence = evidence_storage()
    stored = set()
    for key in walk(evidence):
        if not safe_key(key):
            say(f"PERINGATAN: dilewati, nama berkas tidak sah di penyimpanan data dukung: {key!r}")
            continue
        try:
            handle = evidence.open(key, "rb")
        except FileNotFoundError:
            continue  # deleted since it was listed; reported below if the snapshot refers to it
        with handle:
            writer.add(f"evidence/{key}", PartKind.EVIDENCE, handle)
        stored.add(key)
    referenced = {key for column in evidence_columns for key in snapshot.values.get(column, [])}
    missing += [f"evidence/{key}" for key in sorted(referenced - stored)]
    say(f"Data dukung: {_files(writer.parts, PartKind.EVIDENCE)} dari {type(evidence).__name__}.")

    for name in sorted({name for column in media_columns for name in snapshot.values.get(column, [])}):
        if not safe_key(name):
            say(f"PERINGATAN: dilewati, nama berkas tidak sah di basis data: {name!r}")
            continue
        if not default_storage.exists(name):
            missing.append(f"media/{name}")
            continue
        with default_storage.open(name, "rb") as handle:
            writer.add(f"media/{name}", PartKind.MEDIA, handle)
    say(f"Berkas lama di MEDIA_ROOT (kolom berkas model): {_files(writer.parts, PartKind.MEDIA)}.")
    for name in missing:
        say(f"PERINGATAN: berkas yang dirujuk basis data tidak ada di penyimpanan: {name}")

    return Manifest(
        app_version=app_version(),
        created_at=created.astimezone(dt.UTC).isoformat(timespec="seconds"),
        engine=snapshot.engine,
        server_version=snapshot.server_version,
        evidence_backend=f"{type(evidence).__module__}.{type(evidence).__qualname__}",
        tables=snapshot.tables,
        migrations=snapshot.migrations,
        parts=list(writer.parts),
        missing=missing,
    )


def restore_backup(path: Path, *, force: bool = False, check_only: bool = False, say: Say) -> Manifest:
    """Check every part of the backup at ``path``, then restore it into an empty database and storage.

    A database or storage that is not empty is refused unless ``force``: then the database is
    replaced and the evidence storage left holding exactly the backup's objects."""
    started = time.monotonic()
    with open_backup(path) as archive:
        manifest = archive.manifest
        say(
            f"Cadangan {path.name}: dibuat {_when(manifest.created_at)} oleh Petajalan "
            f"{manifest.app_version}, {ENGINE_LABELS.get(manifest.engine, manifest.engine)} "
            f"{manifest.server_version}, {len(manifest.parts)} bagian "
            f"({size_label(sum(p.size for p in manifest.parts))})."
        )
        archive.verify()
        say("Semua bagian cocok dengan SHA-256 di manifes.")
        if check_only:
            return manifest
        engine = databases.vendor()
        if manifest.engine != engine:
            raise BackupError(
                f"Cadangan ini berisi basis data {ENGINE_LABELS.get(manifest.engine, manifest.engine)}, "
                f"sedangkan basis data tujuan {ENGINE_LABELS[engine]}. Pemulihan lintas mesin basis data "
                "tidak didukung; pulihkan ke mesin yang sama. Tidak ada yang diubah."
            )
        _check_target_empty(manifest, force=force, say=say)
        _restore_database(archive, engine, say)
        _restore_files(archive, force=force, say=say)
    pending, unknown = databases.migration_state()
    if unknown:
        say(
            f"PERINGATAN: basis data memuat {unknown} migrasi yang tidak dikenal kode ini: cadangan dibuat "
            "oleh versi Petajalan yang lebih baru. Pasang versi itu sebelum menjalankan situs."
        )
    if pending:
        say(f"Jalankan `petajalan migrate`: {pending} migrasi kode ini belum diterapkan pada cadangan.")
    say(f"Pemulihan selesai dalam {angka(time.monotonic() - started, 1)} detik.")
    return manifest


def _check_target_empty(manifest: Manifest, *, force: bool, say: Say) -> None:
    filled = databases.filled_tables()
    has_evidence = next(walk(evidence_storage()), None) is not None
    media_present = [p.key for p in manifest.of_kind(PartKind.MEDIA) if default_storage.exists(p.key)]
    reasons = []
    if filled:
        shown = ", ".join(filled[:5]) + (f" dan {len(filled) - 5} tabel lain" if len(filled) > 5 else "")
        reasons.append(f"basis data berisi data (tabel {shown})")
    if has_evidence:
        reasons.append("penyimpanan data dukung berisi berkas")
    if media_present:
        reasons.append(f"{len(media_present)} berkas dengan nama yang sama sudah ada di MEDIA_ROOT")
    if not reasons:
        return
    if not force:
        raise BackupError(
            f"Tujuan pemulihan tidak kosong: {'; '.join(reasons)}. Pemulihan hanya ke basis data dan "
            "penyimpanan yang kosong; tidak ada yang diubah. Untuk MENGGANTI isinya dengan cadangan, "
            "jalankan lagi dengan --force."
        )
    say(f"--force: isi yang ada diganti ({'; '.join(reasons)}).")


def _restore_database(archive: BackupArchive, engine: str, say: Say) -> None:
    manifest = archive.manifest
    with tempfile.TemporaryDirectory(prefix="petajalan-restore-") as work:
        copy = Path(work) / manifest.database.name
        archive.extract(manifest.database, copy)
        databases.restore_copy(copy, engine)
    counts = databases.count_rows()
    for table, expected in manifest.tables.items():
        if counts.get(table) != expected:
            raise BackupError(
                f"Setelah pemulihan, tabel {table} berisi {counts.get(table, 'tidak ada')} baris, manifes "
                f"{expected}. Periksa basis data tujuan sebelum memakainya."
            )
    say(
        f"Basis data dipulihkan: {angka(len(manifest.tables))} tabel, "
        f"{angka(sum(manifest.tables.values()))} baris; jumlah baris setiap tabel cocok dengan manifes."
    )
    if leftover := sorted(set(counts) - set(manifest.tables)):
        say(f"Tabel yang tidak ada di cadangan dibiarkan: {', '.join(leftover)}.")


def _restore_files(archive: BackupArchive, *, force: bool, say: Say) -> None:
    evidence = evidence_storage()
    if force:
        # The storage then holds exactly the backup's objects, as the database refers to them.
        for key in list(walk(evidence)):
            evidence.delete(key)
    parts = archive.manifest.of_kind(PartKind.EVIDENCE)
    for part in parts:
        with archive.open(part) as member:
            _put(evidence, part.key, member)
    say(f"Data dukung dipulihkan: {_files(parts, PartKind.EVIDENCE)} ke {type(evidence).__name__}.")
    parts = archive.manifest.of_kind(PartKind.MEDIA)
    for part in parts:
        if force and default_storage.exists(part.key):
            default_storage.delete(part.key)
        with archive.open(part) as member:
            _put(default_storage, part.key, member)
    say(f"Berkas lama di MEDIA_ROOT dipulihkan: {_files(parts, PartKind.MEDIA)}.")
    for name in archive.manifest.missing:
        say(f"PERINGATAN: sudah tidak ada ketika cadangan dibuat, tidak dipulihkan: {name}")


def _put(storage: Storage, key: str, member: IO[bytes]) -> None:
    saved = storage.save(key, File(member, name=key))
    if saved != key:
        raise BackupError(f"Penyimpanan menyimpan {key} sebagai {saved}; pemulihan berkas dihentikan.")


def walk(storage: Storage, folder: str = "") -> Iterator[str]:
    """Every file of a storage, recursively through ``listdir`` (filesystem and S3 alike), sorted."""
    try:
        folders, files = storage.listdir(folder)
    except FileNotFoundError:
        return  # a filesystem storage whose folder was never made: empty
    prefix = f"{folder}/" if folder else ""
    for name in sorted(files):
        yield prefix + name
    for name in sorted(folders):
        yield from walk(storage, prefix + name)


def file_columns() -> list[Column]:
    """The (table, column) of every FileField whose files live in the default storage (MEDIA_ROOT)."""
    evidence = evidence_storage()
    found = []
    for model in apps.get_models():
        if not model._meta.managed or model._meta.proxy:
            continue
        for field in model._meta.local_concrete_fields:
            if not isinstance(field, models.FileField) or field.storage is evidence:
                continue  # the evidence storage is walked whole
            if field.storage is not default_storage:
                raise BackupError(
                    f"Kolom berkas {model._meta.label}.{field.name} memakai penyimpanan lain yang belum "
                    "masuk cadangan; tambahkan penyimpanan itu ke petajalan/ops/backup.py."
                )
            found.append((model._meta.db_table, str(field.column)))
    return found


def app_version() -> str:
    try:
        return version("petajalan")
    except PackageNotFoundError:  # pragma: no cover - run from a tree that was never installed
        return "tidak diketahui"


def _when(created_at: str) -> str:
    """'4 Desember 2026 pukul 21.46 (Asia/Jakarta)', or the text as it is when it is not a time."""
    try:
        moment = timezone.localtime(dt.datetime.fromisoformat(created_at))
    except ValueError:
        return created_at
    return f"{tanggal(moment)} pukul {moment:%H.%M} ({timezone.get_current_timezone_name()})"


def _files(parts: list[Part], kind: PartKind) -> str:
    chosen = [part for part in parts if part.kind == kind]
    return f"{angka(len(chosen))} berkas ({size_label(sum(part.size for part in chosen))})"
