from django.apps import AppConfig


class CoreConfig(AppConfig):
    name = "accord.core"
    label = "core"

    def ready(self) -> None:
        from . import checks  # noqa: F401 - registers the several-machines checks
        from .personal_data import declare

        declare()
        # the analytics (pure Python, no Django) write their sentences in the active language from now on
        from django.utils.translation import gettext, ngettext

        from accord.analytics import text

        text.use(gettext, ngettext)
