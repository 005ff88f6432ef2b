"""Fill the database with national-size fictional data: ``petajalan generate_scale --governments N``.

Governments "Kota Fiktif 001" … under "Provinsi Fiktif 01" …, each with ``--units`` units, one
enacted road map per unit with ``--actions`` actions, targets and a report with a realisation row per
action for each of the last ``--quarters`` quarters, evidence, audit events and two evaluation
cycles (``petajalan/ops/scale.py``). Meant for a throwaway PostgreSQL database (``make bench-scale``);
refuses a database that already holds generated data.
"""

from __future__ import annotations

from typing import Any

from django.core.management import call_command
from django.core.management.base import BaseCommand, CommandError, CommandParser
from django.db import connection
from django.utils.translation import gettext as _

from petajalan.frameworks.models import Pack
from petajalan.lib.formatting import angka
from petajalan.ops.scale import Shape, generate


class Command(BaseCommand):
    help = _(
        "Isi basis data dengan data fiktif berskala nasional (banyak pemerintah daerah) untuk uji "
        "kecepatan. Hanya untuk basis data uji yang boleh dibuang."
    )

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument("--governments", type=int, required=True, help=_("Jumlah pemerintah daerah."))
        parser.add_argument(
            "--units", type=int, default=40, help=_("Perangkat daerah per pemerintah daerah.")
        )
        parser.add_argument("--actions", type=int, default=150, help=_("Rencana aksi per road map."))
        parser.add_argument("--quarters", type=int, default=20, help=_("Triwulan yang dilaporkan."))
        parser.add_argument(
            "--per-province", type=int, default=5, help=_("Pemerintah daerah per provinsi fiktif.")
        )
        parser.add_argument(
            "--password",
            default=None,
            help=_(
                "Kata sandi akun admin fiktif (admin@kota-fiktif-001.test, …); tanpa ini tidak bisa masuk."
            ),
        )

    def handle(self, *args: Any, **options: Any) -> None:
        shape = Shape(
            governments=options["governments"],
            units=options["units"],
            actions=options["actions"],
            quarters=options["quarters"],
            per_province=options["per_province"],
        )
        if min(shape.governments, shape.units, shape.actions, shape.quarters, shape.per_province) < 1:
            raise CommandError(_("Semua jumlah harus paling sedikit 1."))
        if not Pack.objects.filter(key="rb-roadmap").exists():
            self.stdout.write(_("Memuat paket pedoman (load_frameworks) …"))
            call_command("load_frameworks", verbosity=0)
        if connection.vendor != "postgresql":
            self.stdout.write(
                _("Peringatan: basis data ini bukan PostgreSQL; penulisan memakai bulk_create.")
            )
        self.stdout.write(
            _(
                "Membuat %(g)s pemerintah daerah fiktif × %(u)s perangkat daerah × %(a)s rencana aksi × "
                "%(q)s triwulan (± %(r)s baris realisasi) …"
            )
            % {
                "g": angka(shape.governments),
                "u": angka(shape.units),
                "a": angka(shape.actions),
                "q": angka(shape.quarters),
                "r": angka(shape.realisations),
            }
        )
        try:
            summary = generate(shape, password=options["password"], say=self.stdout.write)
        except ValueError as exc:
            raise CommandError(
                _("Data skala fiktif (%(slug)s) sudah ada di basis data ini; pakai basis data baru.")
                % {"slug": exc}
            ) from exc
        for label, n in summary.rows.items():
            self.stdout.write(f"  {label}: {angka(n)}")
        self.stdout.write(
            self.style.SUCCESS(
                _("Selesai dalam %(s)s detik: %(g)s pemerintah daerah di %(p)s provinsi (semua fiktif).")
                % {
                    "s": angka(summary.seconds, 1),
                    "g": angka(len(summary.governments)),
                    "p": angka(len(summary.provinces)),
                }
            )
        )
