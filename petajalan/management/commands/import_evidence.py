"""Import a shared folder or a ZIP of documents into a government's evidence bank.

``petajalan import_evidence DIR_OR_ZIP --government SLUG [--unit CODE] [--metadata FILE.csv] [--dry-run]``
One line per file (DIIMPOR, DUPLIKAT, DITOLAK) and a summary. Exit status 0 when nothing was
refused, 1 when a file was refused, 2 for a usage error (nothing imported then).
"""

from __future__ import annotations

import sys
from pathlib import Path
from typing import Any

from django.core.management.base import BaseCommand, CommandError, CommandParser

from petajalan.accounts.models import Government
from petajalan.evidence import bulk


class Command(BaseCommand):
    help = "Impor data dukung dari folder bersama atau berkas ZIP ke bank data dukung."

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument("source", help="Folder (dibaca beserta subfoldernya) atau berkas .zip.")
        parser.add_argument("--government", required=True, help="Kode singkat pemerintah daerah (slug).")
        parser.add_argument(
            "--unit", help="Kode perangkat daerah (Permendagri 90/2019) untuk berkas tanpa unit di metadata."
        )
        parser.add_argument(
            "--metadata",
            help="CSV (UTF-8, koma atau titik koma): berkas, judul, jenis, nomor, tanggal, penerbit, unit, "
            "tahun_dari, tahun_sampai, berlaku_sampai, label, keterangan.",
        )
        parser.add_argument(
            "--dry-run", action="store_true", help="Periksa semua berkas tanpa menyimpan apa pun."
        )

    def handle(self, *args: Any, **options: Any) -> None:
        government = Government.objects.filter(slug=options["government"]).first()
        if government is None:
            raise CommandError(f"Pemerintah daerah '{options['government']}' tidak ditemukan.", returncode=2)
        units = bulk.unit_table(government)
        unit = None
        if options["unit"]:
            unit = bulk.find_unit(units, options["unit"])
            if unit is None:
                raise CommandError(
                    f"Perangkat daerah '{options['unit']}' tidak ada di {government.name}.", returncode=2
                )
        source_path = Path(options["source"])
        metadata_path = Path(options["metadata"]) if options["metadata"] else None
        dry_run = options["dry_run"]
        try:
            metadata = bulk.read_metadata(metadata_path, units) if metadata_path else None
            with bulk.open_source(source_path, skip=metadata_path) as source:
                if metadata is not None and metadata.ignored_columns:
                    self.stderr.write(f"Kolom metadata diabaikan: {', '.join(metadata.ignored_columns)}")
                if dry_run:
                    self.stdout.write(
                        "Uji coba (--dry-run): semua berkas diperiksa, tidak ada yang disimpan."
                    )
                summary = bulk.import_source(
                    source,
                    government=government,
                    unit=unit,
                    metadata=metadata,
                    dry_run=dry_run,
                    report=lambda outcome: self.stdout.write(outcome.line(dry_run=dry_run)),
                )
        except bulk.SourceError as exc:
            raise CommandError(exc.message, returncode=2) from exc
        self.stdout.write(summary.line(dry_run=dry_run))
        if summary.refused:
            self.stderr.write(f"{summary.refused} berkas ditolak; lihat baris DITOLAK di atas.")
            sys.exit(1)
