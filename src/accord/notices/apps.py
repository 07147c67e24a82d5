from typing import cast

from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class NoticesConfig(AppConfig):
    """Notices: one place that turns an event asking something of a person into an in-app notice and
    an e-mail, by that person's preferences. Domains emit events through `services.notify`; they do
    not send such mail themselves. Floor 2 (beside partners): domains import it, it imports no domain."""

    name = "accord.notices"
    label = "notices"
    verbose_name = _("Notices")

    def ready(self) -> None:
        from accord.core.registry import NavLink, register_nav

        from . import services, tasks  # tasks: registers the send task and the sweep with huey
        from .personal_data import declare

        declare()
        from accord.core.references import register_passing

        register_passing("notices.notice", "person", lambda qs: qs.none())  # a person's notices go with them
        services.send_later.bind(tasks.send_notice_emails)
        register_nav(NavLink("notices", cast(str, _("Notices sent")), "notices:sent", 96, "audit"))
