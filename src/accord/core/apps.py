from django.apps import AppConfig


class CoreConfig(AppConfig):
    name = "accord.core"
    label = "core"

    def ready(self) -> None:
        from .personal_data import declare

        declare()
