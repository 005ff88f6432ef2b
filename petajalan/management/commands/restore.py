"""Restore a backup made by ``petajalan backup``: ``petajalan restore FILE [--force] [--check]``.

Every part's SHA-256 is checked first: a damaged backup is refused and nothing changes (exit 1).
The target database and evidence storage must be empty unless ``--force``. See decision 0080.
"""

from __future__ import annotations

from pathlib import Path
from typing import Any

from django.core.management.base import BaseCommand, CommandError, CommandParser

from petajalan.ops.archive import BackupError
from petajalan.ops.backup import restore_backup


class Command(BaseCommand):
    help = (
        "Pulihkan cadangan dari `petajalan backup` ke basis data dan penyimpanan data dukung yang KOSONG "
        "(tanpa baris data; tabel boleh sudah dibuat oleh `migrate`). SHA-256 setiap bagian diperiksa "
        "lebih dulu: cadangan yang rusak ditolak dan tidak ada yang diubah. Mesin basis data tujuan "
        "harus sama dengan asal cadangan (SQLite ke SQLite, PostgreSQL ke PostgreSQL)."
    )

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument("file", help="Berkas cadangan (.zip) buatan `petajalan backup`.")
        parser.add_argument(
            "--force",
            action="store_true",
            help="Pulihkan juga ke tujuan yang sudah berisi, dan GANTI isinya. SQLite: seluruh basis data "
            "ditimpa. PostgreSQL: setiap tabel, urutan dan indeks yang ada di cadangan dihapus lalu dibuat "
            "ulang (pg_restore --clean, dalam satu transaksi); tabel yang tidak ada di cadangan dibiarkan. "
            "Penyimpanan data dukung: setiap berkas yang tidak ada di cadangan DIHAPUS, sehingga isinya "
            "sama persis dengan cadangan. MEDIA_ROOT: berkas bernama sama ditimpa, yang lain dibiarkan.",
        )
        parser.add_argument(
            "--check",
            action="store_true",
            help="Hanya periksa keutuhan cadangan (SHA-256 setiap bagian); tidak memulihkan apa pun.",
        )

    def handle(self, *args: Any, **options: Any) -> None:
        try:
            restore_backup(
                Path(options["file"]),
                force=options["force"],
                check_only=options["check"],
                say=self.stdout.write,
            )
        except BackupError as exc:
            raise CommandError(exc.message, returncode=1) from exc
