from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class ClinicConfig(AppConfig):
    name = "petajalan.clinic"
    label = "clinic"
    verbose_name = _("Klinik road map")

    def ready(self) -> None:
        from petajalan.accounts import home
        from petajalan.clinic import evidence, hooks, realisation, rules  # noqa: F401  (rules register themselves)
        from petajalan.monitoring import hooks as monitoring_hooks
        from petajalan.roadmaps import hooks as roadmap_hooks

        roadmap_hooks.register_submit_check(hooks.submit_check)
        roadmap_hooks.register_panel(hooks.roadmap_panel)
        roadmap_hooks.register_row_badge(hooks.row_badge)
        roadmap_hooks.register_matrix_panel(hooks.matrix_panel)
        roadmap_hooks.register_focus_hints(hooks.focus_hint_url)
        roadmap_hooks.register_changed(hooks.content_changed)
        home.register(hooks.home_steps)
        monitoring_hooks.register_report_panel(realisation.report_panel)
        evidence.register()
