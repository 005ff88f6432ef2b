"""petajalan export_roadmap --unit CODE|--city --format docx|pdf|xlsx|template|csv|json -o FILE"""

from __future__ import annotations

from pathlib import Path
from typing import Any

from django.core.management.base import BaseCommand, CommandError, CommandParser

from petajalan.lib.formatting import angka
from petajalan.reports import services
from petajalan.reports.management.commands._roadmap_arg import add_roadmap_arguments, find_roadmap
from petajalan.reports.models import ReportJob


class Command(BaseCommand):
    help = (
        "Tulis road map sebagai DOCX, PDF, XLSX, templat impor, CSV atau JSON (jalur yang sama dengan web)."
    )
    # A read-only export: the system checks (which import every view through the URL conf) are for
    # `petajalan check`, `migrate` and the server; they doubled the command's start-up (decision 0056).
    requires_system_checks: list[str] = []

    def add_arguments(self, parser: CommandParser) -> None:
        add_roadmap_arguments(parser)
        parser.add_argument("--format", required=True, choices=ReportJob.Format.values)
        parser.add_argument("-o", "--output", required=True, help="berkas tujuan")
        parser.add_argument("--product", choices=["booklet", "annex"], default="booklet")
        parser.add_argument("--paper", choices=["F4", "A4"], default="F4")
        parser.add_argument("--page-numbers", choices=["dash", "of"], default="dash")
        parser.add_argument("--head-name", default="", help="nama kepala daerah untuk akhir lampiran")

    def handle(self, *args: Any, **options: Any) -> None:
        roadmap = find_roadmap(options)
        document = {
            "product": options["product"],
            "paper": options["paper"],
            "page_numbers": options["page_numbers"],
            "head_name": options["head_name"],
        }
        export = services.export_roadmap(roadmap, options["format"], document)
        try:
            Path(options["output"]).write_bytes(export.content)
        except OSError as exc:
            raise CommandError(f"Tidak dapat menulis {options['output']}: {exc.strerror}") from exc
        self.stdout.write(f"{options['output']}: {angka(len(export.content))} bita ({roadmap})")
