from typing import cast

from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class LibraryConfig(AppConfig):
    name = "accord.library"
    label = "library"

    def ready(self) -> None:
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

        register(NoticeKind("library.access_requested", _("Someone asks to read a library item your organisation owns")))
        register(NoticeKind("library.access_answered", _("Your request to read a library item was answered")))
        register(NoticeKind("library.grant_ending", _("Your access to a library item is about to end"), default="daily"))
        from .todos import collect

        register_todo_source(TodoSource("library", collect))
        # The tab is for the partners' own people. Funders reach the items shared with funders from
        # the home panel (need "view"), which links to the library page filtered by the audience rules.
        register_nav(NavLink("library", cast(str, _("Library")), "library:index", order=50, need="view_members"))
        for panel in panels.PANELS:
            register_panel(panel)
        register_health_source(HealthSource(
            "library",
            reciprocity=selectors.reciprocity,
            reciprocity_many=selectors.reciprocity_many,
            items_owned_by=selectors.items_owned_by,
            items_owned_by_many=selectors.items_owned_by_many,
            readable_ids=selectors.readable_ids,
        ))
