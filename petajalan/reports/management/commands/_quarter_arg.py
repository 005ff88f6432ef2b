"""Finding the quarter a monitoring command names: --unit CODE or --city, a government, a year and
a quarter."""

from __future__ import annotations

from typing import Any

from django.core.management.base import CommandError, CommandParser

from petajalan.accounts.models import Government
from petajalan.monitoring.models import QuarterReport


def add_quarter_arguments(parser: CommandParser) -> None:
    which = parser.add_mutually_exclusive_group(required=True)
    which.add_argument("--unit", help="kode perangkat daerah, mis. 1.02.0.00.0.00.01.0000")
    which.add_argument("--city", action="store_true", help="tingkat pemerintah daerah")
    parser.add_argument(
        "--government", required=True, help="kode singkat pemerintah daerah, mis. tanjungbalai"
    )
    parser.add_argument("--year", type=int, required=True, help="tahun, mis. 2026")
    parser.add_argument("--quarter", type=int, required=True, choices=[1, 2, 3, 4], help="triwulan 1–4")


def find_government(options: dict[str, Any]) -> Government:
    government = Government.objects.filter(slug=options["government"]).first()
    if government is None:
        raise CommandError(f"Pemerintah daerah “{options['government']}” tidak ada.")
    return government


def find_report(government: Government, options: dict[str, Any]) -> QuarterReport:
    """The quarter's report of the unit's road map (--unit) or of the city road map (--city)."""
    reports = QuarterReport.objects.filter(
        government=government, year=options["year"], quarter=options["quarter"]
    ).select_related("government", "unit", "roadmap")
    if options.get("city"):
        reports = reports.filter(roadmap__unit__isnull=True)
        who = "road map pemerintah daerah"
    else:
        reports = reports.filter(roadmap__unit__code=options["unit"])
        who = f"perangkat daerah {options['unit']}"
    report = reports.order_by("-roadmap__start_year").first()
    if report is None:
        raise CommandError(
            f"Laporan triwulan {options['quarter']} tahun {options['year']} untuk {who} belum ada; "
            "buka triwulan itu di Petajalan dulu."
        )
    return report
