from __future__ import annotations

from django.apps import AppConfig


class DeliveryConfig(AppConfig):
    name = "accord.delivery"
    label = "delivery"
    verbose_name = "Delivery"

    def ready(self) -> None:
        from . import corrections

        corrections.register()

        from .personal_data import declare

        declare()
        from accord.core.registry import (
            HealthSource,
            NavLink,
            register_health_source,
            register_nav,
            register_panel,
        )

        from . import giving, panels, selectors, tasks

        giving.check_import.bind(tasks.check_import)  # giving queues the check without importing tasks

        register_nav(NavLink("delivery", "Delivery", "delivery:home", 20, "view"))
        for panel in panels.PANELS:
            register_panel(panel)
        register_health_source(HealthSource(
            "delivery",
            rollout=selectors.rollout,
            rollout_many=selectors.rollout_many,
            funding_streams=selectors.funding_streams,
            funding_streams_many=selectors.funding_streams_many,
        ))
