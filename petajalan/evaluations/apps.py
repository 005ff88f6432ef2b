from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class EvaluationsConfig(AppConfig):
    name = "petajalan.evaluations"
    label = "evaluations"
    verbose_name = _("Evaluasi mandiri RB")

    def ready(self) -> None:
        from petajalan.evaluations import (
            evidence,
            next_steps,  # noqa: F401 - registers the home-page steps
        )

        evidence.register()
