from django.apps import AppConfig


class PetajalanConfig(AppConfig):
    name = "petajalan"
    label = "petajalan"
    verbose_name = "Petajalan"

    def ready(self) -> None:
        from petajalan import checks  # noqa: F401
