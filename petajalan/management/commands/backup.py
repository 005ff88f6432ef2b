"""Back up the whole installation into one file: ``petajalan backup -o FILE``.

A consistent copy of the database (SQLite's online backup, or ``pg_dump`` of one snapshot), every
evidence file or object, the FileField files of MEDIA_ROOT, and a manifest with each part's SHA-256.
Restore with ``petajalan restore FILE``; see docs/deployment.md and decision 0080.
"""

from __future__ import annotations

from pathlib import Path
from typing import Any

from django.core.management.base import BaseCommand, CommandError, CommandParser

from petajalan.ops.archive import BackupError
from petajalan.ops.backup import create_backup


class Command(BaseCommand):
    help = (
        "Buat cadangan lengkap dalam satu berkas ZIP: salinan basis data yang konsisten, semua berkas "
        "data dukung, berkas lama di MEDIA_ROOT, dan manifes SHA-256. Pulihkan dengan `petajalan restore`."
    )

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument(
            "-o",
            "--output",
            required=True,
            help="Berkas cadangan yang ditulis (mis. /srv/cadangan/petajalan-2026-01-31.zip). Ditulis "
            "dulu ke berkas sementara di folder yang sama dan baru diberi nama ini bila selesai; hanya "
            "pemiliknya yang dapat membacanya.",
        )

    def handle(self, *args: Any, **options: Any) -> None:
        try:
            create_backup(Path(options["output"]), say=self.stdout.write)
        except BackupError as exc:
            raise CommandError(exc.message, returncode=1) from exc
