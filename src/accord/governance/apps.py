from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class GovernanceConfig(AppConfig):
    name = "accord.governance"
    label = "governance"
    verbose_name = "Governance"

    def ready(self) -> None:
        from .personal_data import declare

        declare()
        from accord.core.registry import (
            HealthSource,
            NavLink,
            register_health_source,
            register_nav,
            register_panel,
        )
        from accord.notices.kinds import NoticeKind, register

        from . import panels, selectors, tasks
        from .services import corrections, meetings

        for later, task in ((meetings.send_series_invitation, tasks.send_series_invitation),
                            (meetings.send_meeting_update, tasks.send_meeting_update),
                            (meetings.send_guest_invitation, tasks.send_guest_invitation),
                            (meetings.send_guest_cancellations, tasks.send_guest_cancellations)):
            later.bind(task)  # each pair has the same signature

        register(NoticeKind("governance.action", _("An action given to you, or its due date changed")))
        register(NoticeKind("governance.position_needed", _("A decision waiting for your organisation's position")))

        register_nav(NavLink("meetings", "Meetings", "governance:list", 30, "view_members"))
        for home_panel in panels.PANELS:
            register_panel(home_panel)
        from accord.core.registry import TodoSource, register_todo_source
        from accord.notices.kinds import IMMEDIATE, OFF

        from .todos import collect

        register(NoticeKind("governance.meeting_invited", _("A meeting you are invited to"), OFF))
        register(NoticeKind("governance.meeting_reply_reminder", _("A reminder to reply to a meeting"), IMMEDIATE))
        register_todo_source(TodoSource("governance", collect))
        register_health_source(HealthSource(
            "governance",
            governance_health=selectors.governance_health,
            governance_health_many=selectors.governance_health_many,
            senior_attendance_by_meeting=selectors.senior_attendance_by_meeting,
            senior_attendance_by_meeting_many=selectors.senior_attendance_by_meeting_many,
            meetings_attended_by=selectors.meetings_attended_by,
            open_actions_for=selectors.open_actions_for,
            open_actions_for_many=selectors.open_actions_for_many,
        ))
        corrections.register()
