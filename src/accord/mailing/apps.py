from django.apps import AppConfig


class MailingConfig(AppConfig):
    name = "accord.mailing"
    label = "mailing"
    verbose_name = "Mailing lists"

    def ready(self) -> None:
        from .personal_data import declare

        declare()
        from accord.core.registry import NavLink, register_nav

        from . import tasks  # noqa: F401 - registers the huey tasks

        # Lists are run by managers only: subscriber data is never shown to other roles.
        register_nav(NavLink("mailing", "Mailing lists", "mailing:lists", 70, "edit"))
