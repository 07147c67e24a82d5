from django.apps import AppConfig


class GovernanceConfig(AppConfig):
    name = "accord.governance"
    label = "governance"
    verbose_name = "Governance"

    def ready(self) -> None:
        from accord.core.registry import NavLink, Panel, register_nav, register_panel

        from .views.health import panel

        register_nav(NavLink("meetings", "Meetings", "governance:list", 30, "view_members"))
        register_panel(Panel("governance", "Governance health", 30, "view", panel))

