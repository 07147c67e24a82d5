from django.apps import AppConfig


class NoticesConfig(AppConfig):
    """Notices: one place that turns an event asking something of a person into an in-app notice and
    an e-mail, by that person's preferences. Domains emit events through `services.notify`; they do
    not send such mail themselves. Floor 2 (beside partners): domains import it, it imports no domain."""

    name = "accord.notices"
    label = "notices"

    def ready(self) -> None:
        from .personal_data import declare

        declare()
