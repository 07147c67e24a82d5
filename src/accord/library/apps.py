from django.apps import AppConfig


class LibraryConfig(AppConfig):
    name = "accord.library"
    label = "library"

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
        from .panels import home_panel

        # The tab is for the partners' own people. Funders reach the items shared with funders from
        # the home panel (need "view"), which links to the library page filtered by the audience rules.
        register_nav(NavLink("library", "Library", "library:index", order=50, need="view_members"))
        register_panel(Panel("library", "Knowledge library", order=50, need="view", render=home_panel))
        register_health_source(HealthSource(
            "library",
            reciprocity=selectors.reciprocity,
            items_owned_by=selectors.items_owned_by,
            readable_ids=selectors.readable_ids,
        ))
