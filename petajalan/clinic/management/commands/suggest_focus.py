"""Print the three focus nodes an activity text most likely belongs to."""

from __future__ import annotations

import json
from typing import Any

from django.core.management.base import BaseCommand, CommandError, CommandParser

from petajalan.clinic import focus


class Command(BaseCommand):
    help = "Sarankan tiga fokus (area, kegiatan utama atau tema) untuk teks kegiatan."

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument("text", help='Teks kegiatan, misalnya "Penyusunan SOP pelayanan perizinan".')
        parser.add_argument(
            "--pack",
            default=focus.DEFAULT_PACK,
            help=(
                "rb-roadmap:2023 (kegiatan utama RB General dan tema RB "
                "Tematik, bawaan) atau rb-roadmap:2020 (8 area)."
            ),
        )
        parser.add_argument("--format", choices=["text", "json"], default="text")

    def handle(self, *args: Any, **options: Any) -> None:
        try:
            hints = focus.suggest(options["text"], pack=options["pack"])
        except focus.UnknownPack as exc:
            raise CommandError(
                f"Paket tidak dikenal: {exc}. Pilih salah satu: {', '.join(focus.PACKS)}."
            ) from exc
        if options["format"] == "json":
            data = [{"key": h.key, "title": h.title, "confidence": h.confidence} for h in hints]
            self.stdout.write(json.dumps(data, ensure_ascii=False, indent=2))
            return
        if not hints:
            self.stdout.write("Tidak ada saran: teks terlalu pendek atau hanya kata umum.")
            return
        for n, h in enumerate(hints, start=1):
            self.stdout.write(f"{n}. {h.title} ({h.key}) · keyakinan {h.percent}%")
