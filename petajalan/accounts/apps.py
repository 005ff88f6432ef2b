from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class AccountsConfig(AppConfig):
    name = "petajalan.accounts"
    label = "accounts"
    verbose_name = _("Pemerintah daerah, perangkat daerah dan pengguna")

    def ready(self) -> None:
        from petajalan.accounts import next_steps, signals  # noqa: F401
