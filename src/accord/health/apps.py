from django.apps import AppConfig


class HealthConfig(AppConfig):
    name = "accord.health"
    label = "health"

    def ready(self) -> None:
        from . import corrections

        corrections.register()

        from .personal_data import declare

        declare()
        from accord.core.registry import NavLink, register_nav, register_panel, register_person_follow_up

        from . import panels, services

        register_nav(NavLink("health", "Health", "health:index", order=80, need="view"))
        for panel in panels.PANELS:
            register_panel(panel)
        # A senior leader's start or end date becomes a change event (and an end date opens a handover),
        # called by partners' person_save and the admin's Person page.
        register_person_follow_up("health", services.derive_person_events)
