"""``petajalan import_evaluation FILE.xlsx --government SLUG --year YYYY [--dry-run] [--actor EMAIL]``

Checks an answers workbook against the cycle and writes its self answers through
``services.answer_self``, all or nothing, as the web import does. Every problem is printed with its
row, and the exit status is 1 when there is any (nothing is written then). With ``--actor`` the
person's rights apply (a unit writes only its items; the audit log names them); without it the
command acts for the Bagian Organisasi.
"""

from __future__ import annotations

from pathlib import Path
from typing import Any

from django.core.management.base import BaseCommand, CommandError, CommandParser

from petajalan.accounts.models import User
from petajalan.accounts.services import ServiceError
from petajalan.evaluations import hooks
from petajalan.evaluations.management.commands.export_evaluation import add_cycle_arguments, find_cycle


class Command(BaseCommand):
    help = (
        "Periksa lalu terapkan berkas Excel jawaban ke siklus evaluasi (semua atau tidak sama sekali). "
        "Ditolak di luar tahap pengisian dan jadwalnya (tahap kompilasi: hanya Bagian Organisasi)."
    )

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument("file")
        add_cycle_arguments(parser)
        parser.add_argument("--dry-run", action="store_true", help="hanya periksa, jangan simpan")
        parser.add_argument(
            "--actor", help="e-mail pengguna yang mengimpor (haknya berlaku, dicatat di log audit)"
        )

    def handle(self, *args: Any, **options: Any) -> None:
        path = Path(options["file"])
        if not path.is_file():
            raise CommandError(f"Berkas {path} tidak ada.")
        cycle = find_cycle(options)
        actor = None
        if options["actor"]:
            actor = User.objects.filter(email__iexact=options["actor"]).first()
            if actor is None:
                raise CommandError(f"Pengguna {options['actor']} tidak ada.")
        engine = hooks.engine()
        refused = engine.import_refusal(cycle, actor)
        if refused:
            raise CommandError(refused, returncode=1)
        check = engine.check_import(cycle, path.read_bytes(), actor)
        for problem in check.problems:
            self.stdout.write(str(problem))
        if not check.ok:
            raise CommandError(f"{len(check.problems)} masalah; tidak ada yang disimpan.", returncode=1)
        for change in check.changes:
            fields = "; ".join(f"{column}: {before} → {after}" for column, before, after in change.fields)
            self.stdout.write(f"Baris {change.number} ({change.ref} {change.title[:60]}): {fields}")
        self.stdout.write(f"{len(check.changes)} jawaban diubah dari {check.rows} baris terbaca.")
        if options["dry_run"]:
            self.stdout.write("Uji coba: tidak ada yang disimpan.")
            return
        try:
            engine.apply_import(actor=actor, cycle=cycle, batch=check.batch, user=actor)
        except ServiceError as exc:
            raise CommandError(f"{exc.message} Tidak ada yang disimpan.", returncode=1) from exc
        self.stdout.write(self.style.SUCCESS("Impor diterapkan."))
