"""Finding the road map a command line names: --unit CODE or --city, in one government."""

from __future__ import annotations

from typing import Any

from django.core.management.base import CommandError, CommandParser

from petajalan.roadmaps.models import Roadmap


def add_roadmap_arguments(parser: CommandParser) -> None:
    which = parser.add_mutually_exclusive_group(required=True)
    which.add_argument("--unit", help="kode perangkat daerah, mis. 1.02.0.00.0.00.01.0000")
    which.add_argument("--city", action="store_true", help="road map tingkat pemerintah daerah")
    parser.add_argument("--government", help="kode singkat pemerintah daerah (bila lebih dari satu)")
    parser.add_argument("--year", type=int, help="tahun awal periode (bawaan: periode terbaru)")


def find_roadmap(options: dict[str, Any]) -> Roadmap:
    qs = Roadmap.objects.select_related("government", "unit")
    if options.get("government"):
        qs = qs.filter(government__slug=options["government"])
    qs = qs.filter(unit__isnull=True) if options.get("city") else qs.filter(unit__code=options["unit"])
    if options.get("year"):
        qs = qs.filter(start_year=options["year"])
    governments = set(qs.values_list("government__slug", flat=True))
    if not governments:
        raise CommandError("Road map tidak ditemukan; periksa --unit/--city, --government dan --year.")
    if len(governments) > 1:
        raise CommandError(
            f"Ada di beberapa pemerintah daerah ({', '.join(sorted(governments))}); pakai --government."
        )
    roadmap = qs.order_by("-start_year").first()
    assert roadmap is not None
    return roadmap
