from django.apps import AppConfig


class CoreConfig(AppConfig):
    name = "accord.core"
    label = "core"

    def ready(self) -> None:
        from django.core.signals import request_finished, request_started
        from django.db.backends.signals import connection_created

        from . import (
            checks,  # noqa: F401 - registers the several-machines checks
            freshness,
        )
        from .personal_data import declare

        declare()
        connection_created.connect(freshness.install, dispatch_uid="accord.core.freshness")
        request_started.connect(freshness.request_started, dispatch_uid="accord.core.freshness.started")
        request_finished.connect(freshness.request_finished, dispatch_uid="accord.core.freshness.finished")
        # the analytics (pure Python, no Django) write their sentences in the active language from now on
        from django.utils.translation import gettext, ngettext

        from accord.analytics import text

        text.use(gettext, ngettext)
