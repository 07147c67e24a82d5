from django.apps import AppConfig


class PrivacyConfig(AppConfig):
    """Personal data across every app: the register's record of processing, subject access, erasure,
    retention and closing one's own account. Reads every domain only through the register
    (accord.core.personal) that each app fills from its ready()."""

    name = "accord.privacy"
    label = "privacy"

    def ready(self) -> None:
        from accord.core.registry import NavLink, register_nav

        from .personal_data import declare

        declare()
        register_nav(NavLink("privacy", "Personal data", "privacy:home", order=96, need="audit"))
