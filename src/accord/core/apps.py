from django.apps import AppConfig


class CoreConfig(AppConfig):
    name = "accord.core"
    label = "core"

    def ready(self) -> None:
        from . import checks  # noqa: F401 - registers the several-machines checks
        from .personal_data import declare

        declare()
