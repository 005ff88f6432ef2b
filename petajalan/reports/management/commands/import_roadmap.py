"""petajalan import_roadmap FILE --unit CODE|--city [--dry-run]: exit 1 when the file has problems."""

from __future__ import annotations

from pathlib import Path
from typing import Any

from django.core.management.base import BaseCommand, CommandError, CommandParser

from petajalan.accounts.models import User
from petajalan.reports import services
from petajalan.reports.management.commands._roadmap_arg import add_roadmap_arguments, find_roadmap
from petajalan.roadmaps import services as roadmap_services

SECTION_NAMES = {
    "problems": "Permasalahan",
    "actions": "Rencana aksi",
    "quick_wins": "Quick win",
    "team": "Tim RB",
    "change_agents": "Agen perubahan",
}


class Command(BaseCommand):
    help = "Periksa lalu terapkan berkas Excel ke road map (semua atau tidak sama sekali)."

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument("file")
        add_roadmap_arguments(parser)
        parser.add_argument("--dry-run", action="store_true", help="hanya periksa, jangan simpan")
        parser.add_argument("--as", dest="actor", help="e-mail pengguna yang dicatat di log audit")

    def handle(self, *args: Any, **options: Any) -> None:
        roadmap = find_roadmap(options)
        path = Path(options["file"])
        if not path.is_file():
            raise CommandError(f"Berkas {path} tidak ada.")
        actor = User.objects.filter(email=options["actor"]).first() if options["actor"] else None
        if options["actor"] and actor is None:
            raise CommandError(f"Pengguna {options['actor']} tidak ada.")
        result = services.read_import(roadmap, path.read_bytes())
        for problem in result.problems:
            self.stdout.write(str(problem))
        if not result.ok:
            raise CommandError(f"{len(result.problems)} masalah; tidak ada yang disimpan.", returncode=1)
        for kind, change in result.changes.items():
            counts = f"{len(change.added)} baru, {len(change.changed)} diubah, {len(change.removed)} dihapus"
            self.stdout.write(f"{SECTION_NAMES.get(kind, kind)}: {counts}")
        if options["dry_run"]:
            self.stdout.write("Uji coba: tidak ada yang disimpan.")
            return
        assert result.roadmap is not None
        try:
            roadmap_services.apply_plain(actor=actor, roadmap=roadmap, plain=result.roadmap)
        except roadmap_services.PlainApplyError as exc:
            for error in exc.errors:
                self.stdout.write(error)
            raise CommandError(
                "Road map tidak dapat ditulis; tidak ada yang disimpan.", returncode=1
            ) from exc
        self.stdout.write(self.style.SUCCESS("Impor diterapkan."))
