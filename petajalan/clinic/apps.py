from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class ClinicConfig(AppConfig):
    name = "petajalan.clinic"
    label = "clinic"
    verbose_name = _("Klinik road map")
