"""End the background processes of the warm command line: ``petajalan stop_warm``.

They end by themselves after five minutes without calls, and a changed file or setting already
starts a new one (petajalan/warm.py, decision 0086); this is for a deploy that wants them gone now.
"""

from __future__ import annotations

import os
from typing import Any

from django.core.management.base import BaseCommand
from django.utils.translation import gettext as _

from petajalan import warm


class Command(BaseCommand):
    help = (
        "Hentikan proses latar yang menyimpan Django dan mesin dokumen tetap termuat untuk "
        "`petajalan export_roadmap`. Perintah berikutnya memulai proses baru."
    )

    def handle(self, *args: Any, **options: Any) -> None:
        root = warm.home(os.environ)
        asked = warm.stop_all(root)
        self.stdout.write(_("%(n)s proses latar diminta berhenti (%(dir)s).") % {"n": asked, "dir": root})
