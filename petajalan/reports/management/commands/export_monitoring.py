"""petajalan export_monitoring (--unit CODE | --city) --government SLUG --year Y --quarter Q
--format xlsx|pdf|docx|csv|portal -o FILE"""

from __future__ import annotations

from pathlib import Path
from typing import Any

from django.core.management.base import BaseCommand, CommandError, CommandParser

from petajalan.lib.formatting import angka
from petajalan.monitoring import documents
from petajalan.reports.management.commands._quarter_arg import (
    add_quarter_arguments,
    find_government,
    find_report,
)


class Command(BaseCommand):
    help = (
        "Tulis laporan pemantauan triwulan sebagai PDF, DOCX, XLSX, CSV atau format Portal RB "
        "(jalur yang sama dengan unduhan di web). --city: seluruh laporan triwulan itu."
    )

    def add_arguments(self, parser: CommandParser) -> None:
        add_quarter_arguments(parser)
        parser.add_argument("--format", required=True, choices=documents.FORMATS)
        parser.add_argument("-o", "--output", required=True, help="berkas tujuan")

    def handle(self, *args: Any, **options: Any) -> None:
        government = find_government(options)
        fmt = options["format"]
        if options["city"]:
            export = documents.export_city(government, options["year"], options["quarter"], fmt)
            what = f"{government.name}, triwulan {options['quarter']} {options['year']}"
        else:
            report = find_report(government, options)
            export = documents.export_report(report, fmt)
            what = str(report)
        try:
            Path(options["output"]).write_bytes(export.content)
        except OSError as exc:
            raise CommandError(f"Tidak dapat menulis {options['output']}: {exc.strerror}") from exc
        self.stdout.write(f"{options['output']}: {angka(len(export.content))} bita ({what})")
