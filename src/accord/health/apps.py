from typing import TYPE_CHECKING, Any

from django.apps import AppConfig

if TYPE_CHECKING:
    from accord.partners.models import Person


class HealthConfig(AppConfig):
    name = "accord.health"
    label = "health"

    def ready(self) -> None:
        from .personal_data import declare

        declare()
        from django.db.models.signals import post_save

        from accord.core.registry import NavLink, Panel, register_nav, register_panel
        from accord.partners.models import Person

        from . import views

        register_nav(NavLink("health", "Health", "health:index", order=80, need="view"))
        register_panel(Panel("health", "Partnership health", order=80, need="view", render=views.home_panel))
        post_save.connect(_person_saved, sender=Person, dispatch_uid="health.person_saved")


def _person_saved(sender: type, instance: "Person", raw: bool = False, **kwargs: Any) -> None:
    """A senior leader's start or end date becomes a change event (and an end date opens a handover)."""
    if raw:
        return
    from .services import derive_person_events

    derive_person_events(instance)
