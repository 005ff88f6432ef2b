"""Review a road map with the clinic's rules: a stored one (by unit code) or an XLSX file.

``petajalan review_roadmap --unit CODE [--government SLUG] [--year YYYY] [--format json|text]``
``petajalan review_roadmap --government SLUG`` (the city road map)
``petajalan review_roadmap FILE.xlsx [--format json|text]`` (nothing is stored)
Exit status 0 when no finding blocks submission, 1 otherwise.
"""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

from django.core.management.base import BaseCommand, CommandError, CommandParser

from petajalan.clinic.engine import Context, Review, Severity, review
from petajalan.roadmaps.plain import PlainRoadmap

LABELS = {Severity.BLOCKING: "MENGHAMBAT", Severity.WARNING: "PERLU DIPERBAIKI", Severity.HINT: "SARAN"}


class Command(BaseCommand):
    help = "Periksa road map dengan aturan klinik (tersimpan atau dari berkas XLSX)."

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument("file", nargs="?", help="Berkas XLSX dengan tata letak impor road map.")
        parser.add_argument(
            "--unit", help="Kode perangkat daerah (mis. 1.02.0.00.0.00.01.0000) atau nama singkatnya."
        )
        parser.add_argument(
            "--government",
            help="Kode singkat pemerintah daerah (wajib bila kode unit dipakai di beberapa daerah).",
        )
        parser.add_argument("--year", type=int, help="Tahun awal periode (bawaan: periode terbaru).")
        parser.add_argument("--format", choices=["text", "json"], default="text")

    def handle(self, *args: Any, **options: Any) -> None:
        if options["file"]:
            plain, result = self._from_file(Path(options["file"]))
        elif options["unit"] or options["government"]:
            plain, result = self._stored(options)
        else:
            raise CommandError(
                "Sebutkan berkas XLSX atau --unit KODE (atau --government SLUG untuk road map kota)."
            )
        if options["format"] == "json":
            data = [
                {
                    "rule": f.rule,
                    "severity": f.severity,
                    "location": {**f.as_dict()["location"]},
                    "message": str(f.message),
                    "source": f.as_dict()["source"],
                    "reason": str(f.reason),
                    "fix": str(f.fix),
                }
                for f in result.findings
            ]
            self.stdout.write(json.dumps(data, ensure_ascii=False, indent=2))
        else:
            self._text(plain, result)
        if result.blocking:
            raise SystemExit(1)

    def _from_file(self, path: Path) -> tuple[PlainRoadmap, Review]:
        if not path.exists():
            raise CommandError(f"Berkas tidak ditemukan: {path}")
        try:
            from petajalan.reports.spreadsheet import read_roadmap_xlsx
        except ImportError as exc:  # the documents slice provides the reader
            raise CommandError(
                "Pembaca XLSX road map belum tersedia (petajalan.reports.spreadsheet)."
            ) from exc
        imported = read_roadmap_xlsx(path)
        if imported.roadmap is None:
            problems = "\n".join(f"- {p}" for p in imported.problems) or "- (tanpa keterangan)"
            raise CommandError(f"Berkas tidak dapat dibaca sebagai road map:\n{problems}")
        for problem in imported.problems:
            self.stderr.write(f"Peringatan impor: {problem}")
        return imported.roadmap, review(imported.roadmap, Context())

    def _stored(self, options: dict[str, Any]) -> tuple[PlainRoadmap, Review]:
        from django.db.models import Q

        from petajalan.accounts.models import Unit
        from petajalan.clinic.services import review_roadmap
        from petajalan.roadmaps.models import Roadmap

        roadmaps = Roadmap.objects.select_related("unit", "government")
        if options["government"]:
            roadmaps = roadmaps.filter(government__slug=options["government"])
        if options["unit"]:
            code = options["unit"].strip()
            units = Unit.objects.filter(Q(code=code) | Q(short_name__iexact=code))
            if options["government"]:
                units = units.filter(government__slug=options["government"])
            found = list(units[:2])
            if not found:
                raise CommandError(f"Perangkat daerah '{code}' tidak ditemukan.")
            if len(found) > 1:
                raise CommandError(
                    f"Kode '{code}' dipakai di lebih dari satu daerah; tambahkan --government SLUG."
                )
            roadmaps = roadmaps.filter(unit=found[0])
        else:
            roadmaps = roadmaps.filter(unit__isnull=True)
        if options["year"]:
            roadmaps = roadmaps.filter(start_year=options["year"])
        roadmap = roadmaps.order_by("-start_year").first()
        if roadmap is None:
            raise CommandError("Road map tidak ditemukan untuk pilihan itu.")
        return review_roadmap(roadmap)

    def _text(self, plain: PlainRoadmap, result: Review) -> None:
        self.stdout.write(f"{plain.title} ({plain.period_label})")
        self.stdout.write(
            f"Kesiapan {result.readiness()}% · {len(result.blocking)} "
            f"menghambat · {len(result.findings)} temuan"
        )
        for f in result.findings:
            self.stdout.write(f"[{LABELS[Severity(f.severity)]}] {f.location.label}: {f.message} ({f.rule})")
            self.stdout.write(f"    Perbaikan: {f.fix}")
        if not result.findings:
            self.stdout.write("Tidak ada temuan.")
