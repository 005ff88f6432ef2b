"""The backup file: one ZIP holding the database copy, the stored files and ``manifest.json``.

Members: ``database.sqlite3`` or ``database.pgdump``; ``evidence/<key>`` for every object of the
evidence storage; ``media/<name>`` for the FileField files of the default storage; and
``manifest.json`` last, with each part's size and SHA-256. Members are written and read in 1 MiB
chunks, so memory does not grow with the files' size. Decision 0080.
"""

from __future__ import annotations

import enum
import hashlib
import json
import re
import shutil
import zipfile
import zlib
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import asdict, dataclass, field
from pathlib import Path
from typing import IO, Any, BinaryIO, Protocol

FORMAT = "petajalan-backup"
FORMAT_VERSION = 1
MANIFEST = "manifest.json"
CHUNK_SIZE = 1024 * 1024
DATABASE_MEMBERS = {"sqlite": "database.sqlite3", "postgresql": "database.pgdump"}
# What reading a damaged ZIP member can raise: bad CRC or header, a broken deflate stream, a cut file.
CORRUPTION = (zipfile.BadZipFile, zlib.error, EOFError, ValueError, NotImplementedError)
_CONTROL = re.compile(r"[\x00-\x1f\x7f\\]")


class Readable(Protocol):
    def read(self, size: int, /) -> bytes: ...


class BackupError(Exception):
    """A backup or restore that was refused or failed; ``message`` says why, in Indonesian."""

    def __init__(self, message: str) -> None:
        super().__init__(message)
        self.message = message


class PartKind(enum.StrEnum):
    DATABASE = "database"
    EVIDENCE = "evidence"  # every object of the "evidence" storage
    MEDIA = "media"  # FileField files of the default storage (MEDIA_ROOT)


@dataclass(frozen=True)
class Part:
    """One member of the backup: its name in the ZIP, what it is, its size and SHA-256."""

    name: str
    kind: PartKind
    size: int
    sha256: str

    @property
    def key(self) -> str:
        """The name inside its storage (``evidence/sha256/ab/…`` → ``sha256/ab/…``)."""
        return self.name.split("/", 1)[1] if self.kind != PartKind.DATABASE else self.name


@dataclass
class Manifest:
    """What a backup holds and how to check it (``manifest.json``)."""

    app_version: str
    created_at: str  # ISO 8601, UTC
    engine: str  # Django's vendor name of the database: "sqlite" or "postgresql"
    server_version: str
    evidence_backend: str  # the evidence storage's class, for the person reading the manifest
    tables: dict[str, int]  # rows per table, counted in the same snapshot as the copy
    migrations: dict[str, str]  # the last applied migration of each app
    parts: list[Part] = field(default_factory=list)
    # Files the database refers to that were not in the storage when the backup was made.
    missing: list[str] = field(default_factory=list)

    def of_kind(self, kind: PartKind) -> list[Part]:
        return [part for part in self.parts if part.kind == kind]

    @property
    def database(self) -> Part:
        (part,) = self.of_kind(PartKind.DATABASE)
        return part

    def to_json(self) -> bytes:
        data: dict[str, Any] = {"format": FORMAT, "format_version": FORMAT_VERSION, **asdict(self)}
        return json.dumps(data, ensure_ascii=False, indent=1).encode()

    @classmethod
    def from_json(cls, raw: bytes) -> Manifest:
        """Parse and check a manifest; a malformed one is refused before anything is read or written."""
        try:
            data = json.loads(raw)
            if data.get("format") != FORMAT:
                raise BackupError("Berkas ini bukan cadangan Petajalan (manifest.json tidak dikenal).")
            if data.get("format_version") != FORMAT_VERSION:
                raise BackupError(
                    f"Format cadangan versi {data.get('format_version')} tidak dikenal versi aplikasi ini "
                    f"(yang dikenal: {FORMAT_VERSION}). Pulihkan dengan versi Petajalan yang membuatnya."
                )
            parts = [
                Part(str(p["name"]), PartKind(p["kind"]), int(p["size"]), str(p["sha256"]))
                for p in data["parts"]
            ]
            manifest = cls(
                app_version=str(data["app_version"]),
                created_at=str(data["created_at"]),
                engine=str(data["engine"]),
                server_version=str(data["server_version"]),
                evidence_backend=str(data["evidence_backend"]),
                tables={str(k): int(v) for k, v in data["tables"].items()},
                migrations={str(k): str(v) for k, v in data["migrations"].items()},
                parts=parts,
                missing=[str(name) for name in data["missing"]],
            )
        except BackupError:
            raise
        except (ValueError, KeyError, TypeError, AttributeError) as exc:
            raise BackupError(f"manifest.json cadangan ini rusak atau tidak lengkap ({exc}).") from exc
        manifest.check_names()
        return manifest

    def check_names(self) -> None:
        """Every part name is one the restore may write: no absolute path, ``..``, or control marks."""
        names = [part.name for part in self.parts]
        if len(set(names)) != len(names):
            raise BackupError("manifest.json menyebut satu bagian lebih dari sekali.")
        if len(self.of_kind(PartKind.DATABASE)) != 1:
            raise BackupError("manifest.json harus menyebut tepat satu salinan basis data.")
        for part in self.parts:
            if part.kind == PartKind.DATABASE:
                ok = part.name == DATABASE_MEMBERS.get(self.engine)
            else:
                prefix, _, key = part.name.partition("/")
                ok = prefix == part.kind.value and safe_key(key)
            if not ok or len(part.sha256) != 64 or part.size < 0:
                raise BackupError(f"manifest.json menyebut bagian yang tidak sah: {part.name!r}.")


def safe_key(key: str) -> bool:
    """A relative storage name without empty, ``.`` or ``..`` segments, backslashes or controls."""
    return bool(key) and not _CONTROL.search(key) and all(s not in {"", ".", ".."} for s in key.split("/"))


class ArchiveWriter:
    """Writes the members one by one, hashing on the way; ``finish`` adds the manifest last."""

    def __init__(self, target: BinaryIO, date_time: tuple[int, int, int, int, int, int]) -> None:
        self._zip = zipfile.ZipFile(target, "w", allowZip64=True)
        self._date_time = date_time
        self.parts: list[Part] = []

    def add(self, name: str, kind: PartKind, source: Readable, *, compress: bool = False) -> Part:
        info = self._info(name, compress)
        digest = hashlib.sha256()
        size = 0
        # force_zip64: the size is not known before the end, and a database copy may pass 4 GiB.
        with self._zip.open(info, "w", force_zip64=True) as out:
            while chunk := source.read(CHUNK_SIZE):
                digest.update(chunk)
                out.write(chunk)
                size += len(chunk)
        part = Part(name=name, kind=kind, size=size, sha256=digest.hexdigest())
        self.parts.append(part)
        return part

    def finish(self, manifest: Manifest) -> None:
        self._zip.writestr(self._info(MANIFEST, compress=True), manifest.to_json())
        self._zip.close()

    def close(self) -> None:
        self._zip.close()

    def _info(self, name: str, compress: bool) -> zipfile.ZipInfo:
        info = zipfile.ZipInfo(name, date_time=self._date_time)
        info.compress_type = zipfile.ZIP_DEFLATED if compress else zipfile.ZIP_STORED
        info.external_attr = 0o600 << 16  # unzipped copies stay private to their owner
        return info


class BackupArchive:
    """A backup opened for reading: its manifest, checked against the members it lists."""

    def __init__(self, zip_file: zipfile.ZipFile, manifest: Manifest) -> None:
        self._zip = zip_file
        self.manifest = manifest

    def verify(self) -> None:
        """Read every part and compare its size and SHA-256 with the manifest; refuse on any difference."""
        listed = {part.name for part in self.manifest.parts} | {MANIFEST}
        names = self._zip.namelist()
        if len(set(names)) != len(names):
            raise BackupError("Cadangan rusak: arsip memuat nama bagian yang sama lebih dari sekali.")
        if unlisted := sorted(set(names) - listed):
            raise BackupError(f"Cadangan rusak: bagian {unlisted[0]} tidak tercatat di manifest.json.")
        if absent := sorted(listed - set(names)):
            raise BackupError(f"Cadangan rusak: bagian {absent[0]} yang tercatat di manifes tidak ada.")
        for part in self.manifest.parts:
            digest = hashlib.sha256()
            size = 0
            try:
                with self._zip.open(part.name) as member:
                    while chunk := member.read(CHUNK_SIZE):
                        digest.update(chunk)
                        size += len(chunk)
            except CORRUPTION as exc:
                raise BackupError(f"Cadangan rusak: bagian {part.name} tidak dapat dibaca ({exc}).") from exc
            if size != part.size or digest.hexdigest() != part.sha256:
                raise BackupError(
                    f"Cadangan rusak: bagian {part.name} tidak cocok dengan SHA-256 di manifes "
                    f"({size} byte, manifes {part.size} byte)."
                )

    def open(self, part: Part) -> IO[bytes]:
        return self._zip.open(part.name)

    def extract(self, part: Part, target: Path) -> None:
        """Copy one part to a file, in chunks."""
        with self.open(part) as member, target.open("wb") as out:
            shutil.copyfileobj(member, out, CHUNK_SIZE)


@contextmanager
def open_backup(path: Path) -> Iterator[BackupArchive]:
    """Open a backup and read its manifest; a file that is not one is refused with a message."""
    try:
        zip_file = zipfile.ZipFile(path)
    except FileNotFoundError as exc:
        raise BackupError(f"Berkas cadangan {path} tidak ditemukan.") from exc
    except (*CORRUPTION, OSError) as exc:
        raise BackupError(
            f"Berkas {path} bukan cadangan Petajalan yang utuh (ZIP rusak atau terpotong: {exc})."
        ) from exc
    with zip_file:
        try:
            raw = zip_file.read(MANIFEST)
        except KeyError as exc:
            raise BackupError(f"Berkas {path} bukan cadangan Petajalan: manifest.json tidak ada.") from exc
        except CORRUPTION as exc:
            raise BackupError(f"Cadangan rusak: manifest.json tidak dapat dibaca ({exc}).") from exc
        yield BackupArchive(zip_file, Manifest.from_json(raw))
