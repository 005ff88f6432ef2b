from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class PetajalanConfig(AppConfig):
    name = "petajalan"
    label = "petajalan"
    verbose_name = "Petajalan"

    def ready(self) -> None:
        from django.db.models import fields

        from petajalan import checks  # noqa: F401

        # The empty choice of every select (ModelChoiceField, model fields with choices): Django 6.1's
        # "- Select an option -" has no Indonesian translation. This is Django's documented hook; it
        # is read when a form field is built, so it holds for forms imported after start-up.
        fields.BLANK_CHOICE_LABEL = _("— pilih —")
