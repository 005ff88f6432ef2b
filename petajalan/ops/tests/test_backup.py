"""The backup file's checks and streaming, in process: damaged backups are refused before anything is
touched, memory stays flat with large evidence, storages are walked whole (filesystem and S3)."""

from __future__ import annotations

import io
import json
import shutil
import tracemalloc
import zipfile
from collections.abc import Callable
from pathlib import Path
from typing import Any

import pytest
from django.core.files.base import ContentFile
from django.core.management import call_command
from django.core.management.base import CommandError
from django.db import connection

from petajalan.ops.archive import DATABASE_MEMBERS, MANIFEST, ArchiveWriter, Manifest, PartKind, open_backup
from petajalan.ops.backup import _put, create_backup, file_columns, walk
from petajalan.ops.databases import _pg_command

STAMP = (2026, 1, 31, 1, 30, 0)
EVIDENCE = {"sha256/ab/cd/abcd.pdf": b"%PDF-1.7 " + bytes(range(256)) * 40, "thumbnails/ab/abcd.png": b"png"}


def _backup(path: Path, engine: str = "sqlite") -> Path:
    """A small backup written with the real writer (the database part is only bytes here)."""
    with path.open("wb") as target:
        writer = ArchiveWriter(target, STAMP)
        database = io.BytesIO(b"SQLite format 3\x00" * 500)
        writer.add(DATABASE_MEMBERS[engine], PartKind.DATABASE, database, compress=True)
        for key, content in EVIDENCE.items():
            writer.add(f"evidence/{key}", PartKind.EVIDENCE, io.BytesIO(content))
        writer.add("media/clinic/materials/2024/lama.pdf", PartKind.MEDIA, io.BytesIO(b"%PDF lama"))
        writer.finish(
            Manifest(
                app_version="0.1.0",
                created_at="2026-01-31T01:30:00+00:00",
                engine=engine,
                server_version="3.40.1",
                evidence_backend="django.core.files.storage.FileSystemStorage",
                tables={"accounts_user": 3},
                migrations={"accounts": "0001_initial"},
                parts=list(writer.parts),
            )
        )
    return path


def _rewrite(path: Path, change: Callable[[str, bytes], bytes | None]) -> None:
    """Write the archive again, member by member, through ``change`` (None drops the member)."""
    with zipfile.ZipFile(path) as old:
        members = [(info.filename, old.read(info)) for info in old.infolist()]
    with zipfile.ZipFile(path, "w") as new:
        for name, content in members:
            changed = change(name, content)
            if changed is not None:
                new.writestr(name, changed)


def _flip_byte_inside(path: Path, member: str) -> None:
    with zipfile.ZipFile(path) as archive:
        info = archive.getinfo(member)
    raw = bytearray(path.read_bytes())
    # the member's data starts after its local header (30 bytes, the name, the extra field)
    start = (
        info.header_offset
        + 30
        + int.from_bytes(raw[info.header_offset + 26 : info.header_offset + 28], "little")
    )
    start += int.from_bytes(raw[info.header_offset + 28 : info.header_offset + 30], "little")
    raw[start + info.compress_size // 2] ^= 0x01
    path.write_bytes(bytes(raw))


def _edit_manifest(change: Callable[[dict[str, Any]], None]) -> Callable[[str, bytes], bytes]:
    def edit(name: str, content: bytes) -> bytes:
        if name != MANIFEST:
            return content
        data = json.loads(content)
        change(data)
        return json.dumps(data).encode()

    return edit


DAMAGES: dict[str, tuple[Callable[[Path], object], str]] = {
    "evidence bytes changed, manifest kept": (
        lambda p: _rewrite(p, lambda n, c: c + b"!" if n.startswith("evidence/sha256") else c),
        "bagian evidence/sha256/ab/cd/abcd.pdf tidak cocok dengan SHA-256",
    ),
    "one bit flipped in the stored evidence": (
        lambda p: _flip_byte_inside(p, "evidence/sha256/ab/cd/abcd.pdf"),
        "Cadangan rusak: bagian evidence/sha256/ab/cd/abcd.pdf",
    ),
    "one bit flipped in the deflated database": (
        lambda p: _flip_byte_inside(p, "database.sqlite3"),
        "Cadangan rusak: bagian database.sqlite3",
    ),
    "member missing": (
        lambda p: _rewrite(p, lambda n, c: None if n.startswith("media/") else c),
        "bagian media/clinic/materials/2024/lama.pdf yang tercatat di manifes tidak ada",
    ),
    "member not in the manifest": (
        lambda p: _append(p, "evidence/sha256/ee/ff/eeff.pdf", b"x"),
        "bagian evidence/sha256/ee/ff/eeff.pdf tidak tercatat di manifest.json",
    ),
    "a part name leaving the storage": (
        lambda p: _rewrite(p, _edit_manifest(lambda d: d["parts"][1].update(name="evidence/../../etc/x"))),
        "bagian yang tidak sah: 'evidence/../../etc/x'",
    ),
    "truncated file": (
        lambda p: p.write_bytes(p.read_bytes()[: p.stat().st_size // 2]),
        "bukan cadangan Petajalan yang utuh",
    ),
    "not a backup": (lambda p: p.write_bytes(b"bukan zip"), "bukan cadangan Petajalan yang utuh"),
    "zip without manifest": (
        lambda p: _rewrite(p, lambda n, c: None if n == MANIFEST else c),
        "manifest.json tidak ada",
    ),
    "another format version": (
        lambda p: _rewrite(p, _edit_manifest(lambda d: d.update(format_version=99))),
        "Format cadangan versi 99 tidak dikenal",
    ),
}


def _append(path: Path, name: str, content: bytes) -> None:
    with zipfile.ZipFile(path, "a") as archive:
        archive.writestr(name, content)


def test_an_intact_backup_passes_the_check(tmp_path: Path) -> None:
    path = _backup(tmp_path / "cadangan.zip")
    out = io.StringIO()
    call_command("restore", str(path), "--check", stdout=out)
    assert "Semua bagian cocok dengan SHA-256 di manifes." in out.getvalue()
    with open_backup(path) as archive:
        assert [p.name for p in archive.manifest.parts][-1] == "media/clinic/materials/2024/lama.pdf"
        assert archive.manifest.database.size == 16 * 500


@pytest.mark.parametrize("damage", DAMAGES, ids=list(DAMAGES))
def test_a_damaged_backup_is_refused_before_the_database_is_touched(tmp_path: Path, damage: str) -> None:
    # No database fixture: reaching the database at all would fail this test.
    path = _backup(tmp_path / "cadangan.zip")
    spoil, expected = DAMAGES[damage]
    spoil(path)
    with pytest.raises(CommandError) as refused:
        call_command("restore", str(path))
    assert refused.value.returncode == 1
    assert expected in str(refused.value)


def test_a_backup_of_another_database_engine_is_refused(tmp_path: Path) -> None:
    other = "postgresql" if connection.vendor == "sqlite" else "sqlite"
    path = _backup(tmp_path / "cadangan.zip", engine=other)
    with pytest.raises(CommandError, match="Pemulihan lintas mesin basis data tidak didukung"):
        call_command("restore", str(path))


def test_a_missing_backup_file_is_named(tmp_path: Path) -> None:
    with pytest.raises(CommandError, match="tidak ditemukan"):
        call_command("restore", str(tmp_path / "tidak-ada.zip"))


def test_memory_does_not_grow_with_the_evidence_size(tmp_path: Path) -> None:
    big = bytes(range(256)) * (4 * 1024 * 64)  # 64 MiB
    path = tmp_path / "besar.zip"
    with path.open("wb") as target:
        writer = ArchiveWriter(target, STAMP)
        writer.add("evidence/thumbnails/aa/aabb.png", PartKind.EVIDENCE, io.BytesIO(b"png"))  # warm up
        tracemalloc.start()
        try:
            part = writer.add("evidence/sha256/aa/bb/aabb.pdf", PartKind.EVIDENCE, _Chunks(big))
            peak = tracemalloc.get_traced_memory()[1]
        finally:
            tracemalloc.stop()
        writer.close()
    assert part.size == len(big)
    assert path.stat().st_size > len(big)
    assert peak < 4 * 1024 * 1024, f"{peak / 2**20:.1f} MiB"


class _Chunks(io.RawIOBase):
    """A large file that exists only as slices of one buffer (so the test itself stays small)."""

    def __init__(self, content: bytes) -> None:
        self._view = memoryview(content)
        self._at = 0

    def readable(self) -> bool:
        return True

    def read(self, size: int = -1) -> bytes:
        end = len(self._view) if size < 0 else min(len(self._view), self._at + size)
        chunk = bytes(self._view[self._at : end])
        self._at = end
        return chunk


@pytest.mark.django_db(transaction=True)
def test_a_backup_of_the_test_database_streams_a_large_evidence_file(
    tmp_path: Path, evidence_dir: Path
) -> None:
    """The whole ``create_backup`` (database copy included) with 48 MiB of evidence: memory stays flat."""
    big = bytes(range(256)) * (4 * 1024 * 48)
    (evidence_dir / "sha256" / "aa" / "bb").mkdir(parents=True)
    (evidence_dir / "sha256" / "aa" / "bb" / "aabb.pdf").write_bytes(big)
    (evidence_dir / "thumbnails" / "aa").mkdir(parents=True)
    (evidence_dir / "thumbnails" / "aa" / "aabb.png").write_bytes(b"png")
    lines: list[str] = []
    tracemalloc.start()
    try:
        manifest = create_backup(tmp_path / "cadangan.zip", say=lines.append)
        peak = tracemalloc.get_traced_memory()[1]
    finally:
        tracemalloc.stop()
    assert peak < 8 * 1024 * 1024, f"{peak / 2**20:.1f} MiB"
    assert [(p.name, p.size) for p in manifest.of_kind(PartKind.EVIDENCE)] == [
        ("evidence/sha256/aa/bb/aabb.pdf", len(big)),
        ("evidence/thumbnails/aa/aabb.png", 3),
    ]
    assert manifest.tables["django_migrations"] > 0
    assert lines[-1].startswith(f"Cadangan selesai: {tmp_path / 'cadangan.zip'}")
    # only the finished file is left: no temporary part beside it
    assert sorted(p.name for p in tmp_path.iterdir()) == ["cadangan.zip", "evidence"]
    call_command("restore", str(tmp_path / "cadangan.zip"), "--check", stdout=io.StringIO())


def test_evidence_goes_into_an_s3_bucket_and_is_walked_back(s3_evidence_storage: Any, tmp_path: Path) -> None:
    """Members are streamed from the ZIP into the bucket; ``walk`` finds every key again through listdir."""
    more = ["sha256/ab/ce/abce.png", "sha256/ff/00/ff00.xlsx"]
    for key in more:
        assert s3_evidence_storage.save(key, ContentFile(key.encode())) == key
    with open_backup(_backup(tmp_path / "cadangan.zip")) as archive:
        for part in archive.manifest.of_kind(PartKind.EVIDENCE):
            with archive.open(part) as member:
                _put(s3_evidence_storage, part.key, member)
    assert list(walk(s3_evidence_storage)) == sorted([*EVIDENCE, *more])
    for key, content in EVIDENCE.items():
        with s3_evidence_storage.open(key, "rb") as stored:
            assert stored.read() == content


def test_walk_of_a_folder_never_made_is_empty(evidence_dir: Path) -> None:
    from petajalan.evidence.storage import evidence_storage

    shutil.rmtree(evidence_dir, ignore_errors=True)
    assert list(walk(evidence_storage())) == []


def test_every_file_field_of_the_default_storage_is_backed_up() -> None:
    assert ("clinic_material", "file") in file_columns()


def test_the_postgresql_password_stays_out_of_the_command_line() -> None:
    args, env = _pg_command(
        "pg_dump",
        {
            "NAME": "petajalan",
            "USER": "rb",
            "PASSWORD": "rahasia-sekali",
            "HOST": "db.internal",
            "PORT": 5433,
            "OPTIONS": {"sslmode": "verify-full"},
        },
    )
    assert args == [
        "pg_dump",
        "--host",
        "db.internal",
        "--port",
        "5433",
        "--username",
        "rb",
        "--dbname",
        "petajalan",
    ]
    assert "rahasia-sekali" not in " ".join(args)
    assert (env["PGPASSWORD"], env["PGSSLMODE"]) == ("rahasia-sekali", "verify-full")
