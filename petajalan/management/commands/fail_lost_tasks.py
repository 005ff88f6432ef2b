"""Mark failed the tasks a dead worker left running: ``petajalan fail_lost_tasks --worker-id ID``.

Run it right before ``petajalan db_worker --worker-id ID`` starts (systemd ``ExecStartPre``), so a
worker that was killed leaves no job "running" for ever; ``--all`` when no worker runs at all.
See docs/deployment.md ("Crashes") and decision 0082.
"""

from __future__ import annotations

from typing import Any

from django.core.management.base import BaseCommand, CommandParser
from django.utils.translation import gettext as _

from petajalan.lib.formatting import angka
from petajalan.ops.lost_tasks import fail_lost_tasks


class Command(BaseCommand):
    help = (
        "Tandai gagal tugas yang masih berstatus berjalan milik pekerja yang sudah mati, beserta "
        "pekerjaan dokumen/impornya, dengan pesan agar pengguna mengulanginya. Jalankan tepat sebelum "
        "`petajalan db_worker --worker-id ID` dimulai lagi, dengan ID yang sama."
    )

    def add_arguments(self, parser: CommandParser) -> None:
        which = parser.add_mutually_exclusive_group(required=True)
        which.add_argument(
            "--worker-id",
            help="ID pekerja yang akan dimulai lagi (sama dengan `db_worker --worker-id`); hanya tugas "
            "terakhir yang diambil pekerja ini yang ditandai.",
        )
        which.add_argument(
            "--all",
            action="store_true",
            help="Semua tugas yang berstatus berjalan. Hanya bila TIDAK ADA pekerja yang sedang berjalan.",
        )

    def handle(self, *args: Any, **options: Any) -> None:
        lost = fail_lost_tasks(worker_id=None if options["all"] else options["worker_id"])
        for task in lost:
            if task.job_uuid:
                line = _("Ditandai gagal: tugas %(task)s (%(name)s), pekerjaan %(job)s.")
            else:
                line = _("Ditandai gagal: tugas %(task)s (%(name)s).")
            self.stdout.write(line % {"task": task.task_id, "name": task.task_name, "job": task.job_uuid})
        if lost:
            self.stdout.write(_("%(n)s tugas yang terhenti ditandai gagal.") % {"n": angka(len(lost))})
        else:
            self.stdout.write(_("Tidak ada tugas yang terhenti."))
