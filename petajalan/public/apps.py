from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class PublicConfig(AppConfig):
    name = "petajalan.public"
    label = "public"
    verbose_name = _("Halaman publik")
