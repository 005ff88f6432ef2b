"""Load the shipped framework packs (or the files given); ``--check`` validates without writing."""

from __future__ import annotations

from pathlib import Path
from typing import Any

from django.core.management.base import BaseCommand, CommandError, CommandParser
from django.db import DatabaseError, transaction

from petajalan.frameworks.loader import read_paths, shipped_paths
from petajalan.frameworks.models import PackVersion
from petajalan.frameworks.services import PackConflict, known_keys_in_db, store_pack


class Command(BaseCommand):
    help = "Memeriksa lalu memuat paket pedoman (YAML). Memuat ulang isi yang sama tidak mengubah apa pun."

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument("paths", nargs="*", type=Path, help="Berkas paket; bawaan: semua paket bawaan.")
        parser.add_argument("--check", action="store_true", help="Hanya memeriksa, tidak menyimpan.")

    def handle(self, *args: Any, **options: Any) -> None:
        paths = options["paths"] or shipped_paths()
        fallback = None if options["check"] and not _has_tables() else known_keys_in_db()
        results = read_paths(paths, fallback)
        problems = [problem for result in results for problem in result.problems]
        if problems:
            for problem in problems:
                self.stderr.write(str(problem))
            raise CommandError(f"{len(problems)} masalah; tidak ada yang disimpan.", returncode=1)
        if options["check"]:
            if options["verbosity"]:
                self.stdout.write(f"{len(results)} paket sah.")
            return
        # crosswalks last: they point at nodes of the other packs
        ordered = sorted(
            results, key=lambda r: r.document is not None and r.document["purpose"] == "crosswalk"
        )
        created = 0
        try:
            with transaction.atomic():
                for result in ordered:
                    _version, is_new = store_pack(result)
                    created += is_new
                    if is_new and options["verbosity"] > 1:
                        self.stdout.write(f"dimuat: {result.file}")
        except PackConflict as exc:
            raise CommandError(exc.message, returncode=1) from exc
        if options["verbosity"]:
            self.stdout.write(f"{created} versi baru dimuat, {len(results) - created} sudah ada.")


def _has_tables() -> bool:
    try:
        PackVersion.objects.exists()
    except DatabaseError:  # an unmigrated database: --check still works on files alone
        return False
    return True
