from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class ProvinceConfig(AppConfig):
    name = "petajalan.province"
    label = "province"
    verbose_name = _("Provinsi")

    def ready(self) -> None:
        from petajalan.province import next_steps  # noqa: F401 - registers the home-page step
