from django.apps import AppConfig


class GovernanceConfig(AppConfig):
    name = "accord.governance"
    label = "governance"
    verbose_name = "Governance"

    def ready(self) -> None:
        from .personal_data import declare

        declare()
        from accord.core.registry import (
            HealthSource,
            NavLink,
            Panel,
            register_health_source,
            register_nav,
            register_panel,
        )

        from . import selectors
        from .views.health import panel

        register_nav(NavLink("meetings", "Meetings", "governance:list", 30, "view_members"))
        register_panel(Panel("governance", "Governance health", 30, "view", panel))
        register_health_source(HealthSource(
            "governance",
            governance_health=selectors.governance_health,
            senior_attendance_by_meeting=selectors.senior_attendance_by_meeting,
            meetings_attended_by=selectors.meetings_attended_by,
            open_actions_for=selectors.open_actions_for,
        ))
