"""petajalan import_realisation FILE (--unit CODE | --city) --government SLUG --year Y --quarter Q
[--dry-run]: exit 1 with one line per problem; nothing is written when there is any."""

from __future__ import annotations

from pathlib import Path
from typing import Any

from django.core.management.base import BaseCommand, CommandError, CommandParser

from petajalan.accounts.models import User
from petajalan.monitoring import documents, spreadsheet
from petajalan.reports.management.commands._quarter_arg import (
    add_quarter_arguments,
    find_government,
    find_report,
)


class Command(BaseCommand):
    help = (
        "Periksa lalu terapkan berkas Excel realisasi ke laporan triwulan (semua atau tidak sama "
        "sekali). Ditolak bila triwulan sudah dikunci atau laporan tidak dapat diubah."
    )

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument("file")
        add_quarter_arguments(parser)
        parser.add_argument("--dry-run", action="store_true", help="hanya periksa, jangan simpan")
        parser.add_argument("--as", dest="actor", help="e-mail pengguna yang dicatat di log audit")

    def handle(self, *args: Any, **options: Any) -> None:
        path = Path(options["file"])
        if not path.is_file():
            raise CommandError(f"Berkas {path} tidak ada.")
        government = find_government(options)
        report = find_report(government, options)
        actor = User.objects.filter(email=options["actor"]).first() if options["actor"] else None
        if options["actor"] and actor is None:
            raise CommandError(f"Pengguna {options['actor']} tidak ada.")
        refused = spreadsheet.refusal(report)
        if refused:
            raise CommandError(refused, returncode=1)
        read = documents.engine().read_workbook(path.read_bytes())
        check = spreadsheet.check_import(report, read)
        for problem in check.problems:
            self.stdout.write(str(problem))
        if not check.ok:
            raise CommandError(f"{len(check.problems)} masalah; tidak ada yang disimpan.", returncode=1)
        for change in check.changes:
            fields = "; ".join(f"{column}: {before} → {after}" for column, before, after in change.fields)
            self.stdout.write(f"Baris {change.number} ({change.activity[:60]}): {fields}")
        self.stdout.write(f"{len(check.changes)} baris diubah dari {check.rows} baris terbaca.")
        if options["dry_run"]:
            self.stdout.write("Uji coba: tidak ada yang disimpan.")
            return
        try:
            spreadsheet.apply_import(actor=actor, report=report, batch=check.batch)
        except spreadsheet.ImportRefused as exc:
            raise CommandError(f"{exc.message} Tidak ada yang disimpan.", returncode=1) from exc
        self.stdout.write(self.style.SUCCESS("Impor diterapkan."))
