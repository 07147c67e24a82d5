from django.apps import AppConfig


class TrustConfig(AppConfig):
    name = "accord.trust"
    label = "trust"
    verbose_name = "Trust surveys"

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

        from . import (
            selectors,
            tasks,  # noqa: F401 - registers the periodic reminder task with huey
        )
        from .views import home_panel

        register_nav(NavLink("trust", "Trust", "trust:overview", 40, "view"))
        register_panel(Panel("trust", "Trust between partners", 40, "view", home_panel))
        register_health_source(HealthSource(
            "trust",
            wave_summaries=selectors.wave_summaries,
            trust_received_by_org=selectors.trust_received_by_org,
            relationships_of=selectors.relationships_of,
        ))
