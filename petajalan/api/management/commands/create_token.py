"""petajalan create_token EMAIL --scope read|write [--days N] [--name ...]: make a personal API token
and print it once (for a server account of another system, without opening the site)."""

from __future__ import annotations

from typing import Any

from django.core.management.base import BaseCommand, CommandError, CommandParser

from petajalan.accounts.models import User
from petajalan.accounts.services import ServiceError
from petajalan.api import services
from petajalan.api.models import ApiToken


class Command(BaseCommand):
    help = "Buat token API pribadi untuk seseorang dan cetak token itu sekali (tidak dapat ditampilkan lagi)."

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument("email", help="e-mail pemilik token")
        parser.add_argument("--scope", required=True, choices=ApiToken.Scope.values, help="read atau write")
        parser.add_argument("--days", type=int, default=None, help="masa berlaku dalam hari (bawaan 90)")
        parser.add_argument("--name", default="", help="nama token, mis. e-SAKIP")

    def handle(self, *args: Any, **options: Any) -> None:
        user = User.objects.filter(email__iexact=options["email"].strip()).first()
        if user is None or not user.is_active:
            raise CommandError(f"Tidak ada orang aktif dengan e-mail {options['email']!r}.")
        try:
            made = services.create_token(
                actor=None,
                user=user,
                name=options["name"] or f"token {options['scope']} dari baris perintah",
                scope=options["scope"],
                days=options["days"],
            )
        except ServiceError as exc:
            raise CommandError(exc.message) from None
        self.stderr.write(
            f"Token {made.token.display} ({made.token.get_scope_display()}) untuk {user.email}, "
            f"berlaku sampai {made.token.expires_at:%Y-%m-%d}. "
            "Simpan sekarang: token ini tidak ditampilkan lagi."
        )
        self.stdout.write(made.text)
