from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class EvidenceConfig(AppConfig):
    name = "petajalan.evidence"
    label = "evidence"
    verbose_name = _("Bank data dukung")

    def ready(self) -> None:
        from petajalan.evidence import next_steps  # noqa: F401 - registers the home-page steps
