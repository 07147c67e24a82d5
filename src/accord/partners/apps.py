from django.apps import AppConfig


class PartnersConfig(AppConfig):
    name = "accord.partners"
    label = "partners"

    def ready(self) -> None:
        from .personal_data import declare

        declare()
        from accord.core.registry import NavLink, register_nav

        register_nav(NavLink("people", "People", "partners:people", order=10, need="view_members"))
        register_nav(NavLink("audit", "Audit trail", "partners:audit", order=95, need="audit"))
