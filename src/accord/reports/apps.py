from typing import cast

from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class ReportsConfig(AppConfig):
    name = "accord.reports"
    label = "reports"

    def ready(self) -> None:
        from accord.core.registry import NavLink, register_nav

        register_nav(NavLink("data-out", cast(str, _("Data out")), "reports:data-out", 90, "view"))

        from . import services, tasks
        from .personal_data import declare

        declare()
        services.produce_later.bind(tasks.produce)
