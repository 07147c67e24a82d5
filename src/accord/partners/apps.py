from django.apps import AppConfig


class PartnersConfig(AppConfig):
    name = "accord.partners"
    label = "partners"

    def ready(self) -> None:
        from . import corrections

        corrections.register()

        from .personal_data import declare

        declare()
        from accord.core import policy
        from accord.core.registry import NavLink, register_nav

        from .models import Partnership, Role

        policy.use_records(partnership=Partnership, role=Role)  # the policy reads roles from here

        register_nav(NavLink("people", "People", "partners:people", order=10, need="view_members"))
        register_nav(NavLink("audit", "Audit trail", "partners:audit", order=95, need="audit"))
