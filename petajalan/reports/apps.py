from typing import Any

from django.apps import AppConfig
from django.http import HttpRequest
from django.utils.translation import gettext_lazy as _


def roadmap_panel(request: HttpRequest, roadmap: Any) -> tuple[str, dict[str, Any]]:
    """The 'Dokumen dan Excel' panel on a road map's page (registered with the road-map hooks)."""
    return "reports/_panel.html", {"gov": roadmap.government.slug, "roadmap": roadmap.uuid}


class ReportsConfig(AppConfig):
    name = "petajalan.reports"
    label = "reports"
    verbose_name = _("Dokumen dan lembar kerja")

    def ready(self) -> None:
        from petajalan.evaluations import hooks as evaluation_hooks
        from petajalan.monitoring import documents as monitoring_documents
        from petajalan.reports.evaluation_doc import EvaluationEngine
        from petajalan.reports.monitoring_doc import MonitoringEngine
        from petajalan.roadmaps import hooks

        hooks.register_panel(roadmap_panel)
        # monitoring sits below reports: it asks for its DOCX, PDF and XLSX through this engine
        monitoring_documents.register_engine(MonitoringEngine())
        evaluation_hooks.register_engine(EvaluationEngine())  # the same for the self-assessment
