from typing import cast

from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class MailingConfig(AppConfig):
    name = "accord.mailing"
    label = "mailing"
    verbose_name = _("Mailing lists")

    def ready(self) -> None:
        from . import corrections

        corrections.register()

        from .personal_data import declare

        declare()
        from accord.core.registry import NavLink, register_nav

        from . import composing, services, tasks  # tasks: registers the huey tasks

        services.send_signup_mail_later.bind(tasks.send_signup_mail)
        composing.send_campaign_later.bind(tasks.send_campaign)

        # Lists are run by managers only: subscriber data is never shown to other roles.
        register_nav(NavLink("mailing", cast(str, _("Mailing lists")), "mailing:lists", 70, "edit"))
