"""Build the fictional demo cities (idempotent): `petajalan load_demo`."""

from __future__ import annotations

import os
from typing import Any

from django.core.management.base import BaseCommand

from petajalan.accounts.demo import DEMO_GOVERNMENTS, build_demo_governments

DEFAULT_DEMO_PASSWORD = "petajalan-demo"  # noqa: S105 - documented in the README, demo only


class Command(BaseCommand):
    help = "Build the fictional demo cities Kota Tanjungbalai and Kota Tebing Tinggi (idempotent)."

    def add_arguments(self, parser: Any) -> None:
        parser.add_argument("--quiet-logins", action="store_true", help="Do not print the demo logins.")

    def handle(self, *args: Any, **options: Any) -> None:
        password = os.environ.get("DEMO_PASSWORD") or DEFAULT_DEMO_PASSWORD
        for builder in demo_builders():
            builder(password)
        self.stdout.write(self.style.SUCCESS("Demo ready (fictional data)."))
        if not options["quiet_logins"]:
            self.stdout.write(f"Demo logins (password for new accounts: {password}):")
            for spec in DEMO_GOVERNMENTS:
                for person in spec.people:
                    self.stdout.write(f"  {person.email:<40} {person.role:<10} {spec.name}")


def demo_builders() -> list[Any]:
    """Each app's demo step, lowest first: governments, then what later apps add on top."""
    from petajalan.clinic.demo import build_demo_clinic
    from petajalan.evaluations.demo import build_demo_evaluations
    from petajalan.monitoring.demo import build_demo_monitoring
    from petajalan.public.demo import build_demo_public
    from petajalan.roadmaps.demo import build_demo_enacted_roadmaps, build_demo_roadmaps
    from petajalan.roadmaps.demo_evidence import build_demo_evidence

    return [
        build_demo_governments,
        build_demo_roadmaps,
        build_demo_enacted_roadmaps,
        build_demo_evidence,
        build_demo_clinic,
        build_demo_monitoring,
        build_demo_evaluations,
        build_demo_public,
    ]
