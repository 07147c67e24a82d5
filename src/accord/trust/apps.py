from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class TrustConfig(AppConfig):
    name = "accord.trust"
    label = "trust"
    verbose_name = "Trust surveys"

    def ready(self) -> None:
        from . import corrections
        from .personal_data import declare

        declare()
        corrections.register()
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

        from . import (
            panels,
            selectors,
            services,
            tasks,  # also registers the periodic reminder task with huey
        )

        services.send_invitations.bind(tasks.send_invitations)

        register(NoticeKind("trust.survey_opened", _("A trust survey for you to answer"), emailed=False))
        from .todos import collect

        register_todo_source(TodoSource("trust", collect))
        register_nav(NavLink("trust", "Trust", "trust:overview", 40, "view"))
        for panel in panels.PANELS:
            register_panel(panel)
        register_health_source(HealthSource(
            "trust",
            wave_summaries=selectors.wave_summaries,
            wave_summaries_many=selectors.wave_summaries_many,
            trust_received_by_org=selectors.trust_received_by_org,
            trust_received_by_org_many=selectors.trust_received_by_org_many,
            relationships_of=selectors.relationships_of,
        ))
