from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class RoadmapsConfig(AppConfig):
    name = "petajalan.roadmaps"
    label = "roadmaps"
    verbose_name = _("Road map")

    def ready(self) -> None:
        from petajalan.roadmaps import (
            evidence,
            hooks,
            next_steps,  # noqa: F401 - registers the home-page steps
        )

        evidence.register()
        hooks.register_panel(evidence.evidence_panel)
