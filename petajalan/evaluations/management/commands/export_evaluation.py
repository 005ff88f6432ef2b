"""``petajalan export_evaluation --government SLUG --year YYYY -o FILE.xlsx|.docx|.pdf [--format …]``

Writes a cycle's answers workbook (XLSX) or its internal evaluation report (DOCX, PDF) through the
same path as the web download; the format follows the file's extension unless ``--format`` names it.
"""

from __future__ import annotations

from pathlib import Path
from typing import Any

from django.core.management.base import BaseCommand, CommandError, CommandParser

from petajalan.evaluations import hooks
from petajalan.evaluations.models import Cycle
from petajalan.lib.formatting import angka


def add_cycle_arguments(parser: CommandParser) -> None:
    parser.add_argument(
        "--government", required=True, help="kode singkat pemerintah daerah, mis. tanjungbalai"
    )
    parser.add_argument("--year", type=int, required=True, help="tahun yang dievaluasi, mis. 2025")


def find_cycle(options: dict[str, Any]) -> Cycle:
    """The cycle of ``--government`` and ``--year``, or a CommandError that says which is missing."""
    cycle = (
        Cycle.objects.select_related("government", "worksheet", "bands")
        .filter(government__slug=options["government"], year=options["year"])
        .first()
    )
    if cycle is None:
        from petajalan.accounts.models import Government

        if not Government.objects.filter(slug=options["government"]).exists():
            raise CommandError(f"Pemerintah daerah “{options['government']}” tidak ada.")
        raise CommandError(f"Evaluasi tahun {options['year']} belum dibuka untuk {options['government']}.")
    return cycle


class Command(BaseCommand):
    help = (
        "Tulis jawaban lembar kerja evaluasi (XLSX) atau laporan hasil evaluasi internal (DOCX, PDF) "
        "sebuah siklus; jalur yang sama dengan unduhan di web."
    )

    def add_arguments(self, parser: CommandParser) -> None:
        add_cycle_arguments(parser)
        parser.add_argument("-o", "--output", required=True, help="berkas tujuan (.xlsx, .docx atau .pdf)")
        parser.add_argument("--format", choices=hooks.FORMATS, help="bila tidak tampak dari nama berkas")

    def handle(self, *args: Any, **options: Any) -> None:
        target = Path(options["output"])
        fmt = options["format"] or target.suffix.lstrip(".").lower()
        if fmt not in hooks.FORMATS:
            raise CommandError(f"Format “{fmt}” tidak dikenal; pakai xlsx, docx atau pdf (--format).")
        cycle = find_cycle(options)
        export = hooks.export(cycle, fmt)
        try:
            target.write_bytes(export.content)
        except OSError as exc:
            raise CommandError(f"Tidak dapat menulis {target}: {exc.strerror}") from exc
        self.stdout.write(f"{target}: {angka(len(export.content))} bita ({cycle.government.name}, {cycle})")
