from __future__ import annotations

from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class CharterConfig(AppConfig):
    name = "accord.charter"
    label = "charter"
    verbose_name = "Charter"

    def ready(self) -> None:
        from . import corrections

        corrections.register()

        from .personal_data import declare

        declare()
        from accord.core.registry import (
            HealthSource,
            NavLink,
            TodoSource,
            register_health_source,
            register_nav,
            register_panel,
            register_todo_source,
        )
        from accord.notices.kinds import NoticeKind, register

        from . import panels, selectors
        from .todos import collect

        register(NoticeKind("charter.sign_requested", _("A new charter version for your organisation to sign")))
        register_todo_source(TodoSource("charter", collect))
        register_nav(NavLink("charter", "Charter", "charter:home", 10, "view"))
        for panel in panels.PANELS:
            register_panel(panel)
        register_health_source(HealthSource(
            "charter",
            charter_status=selectors.charter_status,
            charter_status_many=selectors.charter_status_many,
            commitments_summary=selectors.commitments_summary,
            commitments_summary_many=selectors.commitments_summary_many,
            goals_progress=selectors.goals_progress,
            goals_progress_many=selectors.goals_progress_many,
            open_commitments_for=selectors.open_commitments_for,
            open_commitments_for_many=selectors.open_commitments_for_many,
        ))
