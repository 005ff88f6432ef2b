"""petajalan send_reminders [--date YYYY-MM-DD] [--schedule]: send the monitoring reminders due
today (each once; rerunning sends nothing new)."""

from __future__ import annotations

import datetime as dt
from typing import Any

from django.core.management.base import BaseCommand, CommandError, CommandParser

from petajalan.lib.formatting import tanggal
from petajalan.monitoring import calendar
from petajalan.monitoring.models import ReminderSent


class Command(BaseCommand):
    help = (
        "Kirim pengingat laporan pemantauan triwulan yang jatuh pada hari ini (masing-masing sekali; "
        "aman dijalankan berulang). Jalankan setiap pagi lewat cron atau systemd timer."
    )

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument("--date", help="tanggal YYYY-MM-DD yang dianggap hari ini (bawaan: hari ini)")
        parser.add_argument(
            "--schedule",
            action="store_true",
            help="juga antrekan tugas harian di worker (pukul 07.00, mengantre dirinya sendiri setiap hari)",
        )

    def handle(self, *args: Any, **options: Any) -> None:
        from petajalan.monitoring.reminders import send_reminders

        today = None
        if options["date"]:
            try:
                today = dt.date.fromisoformat(options["date"])
            except ValueError:
                raise CommandError(f"Tanggal {options['date']!r} tidak dikenali; tulis YYYY-MM-DD.") from None
        sent = send_reminders(today)
        kinds = dict(ReminderSent.Kind.choices)
        for r in sent:
            who = r.roadmap.unit.name if r.roadmap.unit else r.roadmap.government.name
            self.stdout.write(
                f"{r.government} · {who} · {calendar.quarter_label(r.quarter)} {r.year} · "
                f"{kinds[r.kind]} (batas {tanggal(r.due_on)}) · {r.recipients} penerima"
            )
        people = sum(r.recipients for r in sent)
        self.stdout.write(f"{len(sent)} pengingat terkirim kepada {people} penerima.")
        if options["schedule"]:
            from petajalan.monitoring.tasks import schedule_next

            when = schedule_next()
            if when is None:
                self.stdout.write(
                    "Tugas harian tidak diantrekan: sudah ada di antrean, atau TASK_BACKEND tidak dapat "
                    "menunda tugas (pakai cron/systemd timer)."
                )
            else:
                self.stdout.write(f"Tugas harian diantrekan: berikutnya {when:%Y-%m-%d %H:%M %Z}.")
