from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class MonitoringConfig(AppConfig):
    name = "petajalan.monitoring"
    label = "monitoring"
    verbose_name = _("Pemantauan")

    def ready(self) -> None:
        from petajalan.monitoring import (
            evidence,
            next_steps,  # noqa: F401 - registers the home-page steps
        )

        evidence.register()
